// Package strictjson decodes one JSON document into a Go value, refusing
// what encoding/json lets pass without a word, so that the module's
// readers of JSON decide alike (the decision of issue #13 for ras and
// ras/eligibility):
//
//   - input that is not valid UTF-8 (encoding/json turns it into U+FFFD);
//   - a key given twice in one object, at any depth (encoding/json keeps
//     the last);
//   - a key that matches a struct field only in another case ("ID" for
//     "id", which encoding/json takes), and a key that matches none;
//   - null for any value (encoding/json reads it as the zero value: a
//     weight of null as 0);
//   - anything but white space after the value, including a stray "]" or
//     "}" (json.Decoder.More does not see them).
//
// A UTF-8 byte-order mark at the start is skipped, as the CSV readers do.
// Types that decode themselves (json.Unmarshaler, encoding.TextUnmarshaler)
// are checked as leaves. Errors are *Error values naming the path of the
// value ("items[3].id") or the byte offset, and unwrap to a sentinel.
package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Sentinel errors.
var (
	ErrSyntax      = errors.New("not well-formed JSON")
	ErrText        = errors.New("not valid UTF-8")
	ErrRepeatedKey = errors.New("key given twice")
	ErrKeyCase     = errors.New("key in the wrong case")
	ErrUnknownKey  = errors.New("unknown field")
	ErrNull        = errors.New("null (leave the key out instead)")
	ErrType        = errors.New("value of the wrong JSON type")
	ErrTrailing    = errors.New("trailing data after the JSON value")
)

// Error is a problem at one place of a document: Path names the value
// ("" for the document as a whole), Offset the byte where it was found.
type Error struct {
	Path   string
	Offset int64
	Detail string // what was found, without the value itself
	Err    error
}

func (e *Error) Error() string {
	where := e.Path
	if where == "" {
		where = fmt.Sprintf("byte %d", e.Offset)
	}
	if e.Detail != "" {
		return fmt.Sprintf("%s: %v (%s)", where, e.Err, e.Detail)
	}
	return fmt.Sprintf("%s: %v", where, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// Decode checks data and decodes it into v, a non-nil pointer.
func Decode(data []byte, v any) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		n := 0
		for n < len(data) {
			r, size := utf8.DecodeRune(data[n:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			n += size
		}
		return &Error{Offset: int64(n), Err: ErrText}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	c := checker{dec: dec}
	if err := c.value(reflect.TypeOf(v).Elem(), ""); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Offset: dec.InputOffset(), Err: ErrTrailing}
	}
	strict := json.NewDecoder(bytes.NewReader(data))
	strict.DisallowUnknownFields()
	if err := strict.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &Error{Path: te.Field, Offset: te.Offset, Detail: "a JSON " + te.Value, Err: ErrType}
		}
		// A type's own decoder failed: its error says why.
		return &Error{Offset: strict.InputOffset(), Detail: err.Error(), Err: ErrType}
	}
	return nil
}

type checker struct {
	dec   *json.Decoder
	depth int
}

// maxDepth bounds the nesting of arrays and objects (encoding/json's own
// limit is 10000); deeper input is refused before its paths grow long.
const maxDepth = 1000

func (c *checker) syntax(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &Error{Offset: c.dec.InputOffset(), Detail: err.Error(), Err: ErrSyntax}
}

// value reads one value, expected to decode into t, at path.
func (c *checker) value(t reflect.Type, path string) error {
	tok, err := c.dec.Token()
	if err != nil {
		return c.syntax(err)
	}
	if tok == nil {
		return &Error{Path: path, Offset: c.dec.InputOffset(), Err: ErrNull}
	}
	d, isDelim := tok.(json.Delim)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	leaf := t == nil || t.Implements(unmarshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) ||
		t.Implements(textUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) || t.Kind() == reflect.Interface
	if !isDelim {
		return nil
	}
	if c.depth++; c.depth > maxDepth {
		return &Error{Path: path, Offset: c.dec.InputOffset(), Detail: fmt.Sprintf("nested deeper than %d", maxDepth), Err: ErrSyntax}
	}
	defer func() { c.depth-- }()
	switch d {
	case '{':
		var fields map[string]reflect.Type
		var elem reflect.Type
		switch {
		case leaf:
		case t.Kind() == reflect.Struct:
			fields = structFields(t)
		case t.Kind() == reflect.Map:
			elem = t.Elem()
		}
		seen := map[string]bool{}
		for c.dec.More() {
			kt, err := c.dec.Token()
			if err != nil {
				return c.syntax(err)
			}
			k, _ := kt.(string)
			kp := join(path, k)
			if seen[k] {
				return &Error{Path: kp, Offset: c.dec.InputOffset(), Err: ErrRepeatedKey}
			}
			seen[k] = true
			var next reflect.Type
			switch {
			case fields != nil:
				ft, ok := fields[k]
				if !ok {
					for name := range fields {
						if strings.EqualFold(name, k) {
							return &Error{Path: kp, Offset: c.dec.InputOffset(), Detail: fmt.Sprintf("the key is %q", name), Err: ErrKeyCase}
						}
					}
					return &Error{Path: kp, Offset: c.dec.InputOffset(), Err: ErrUnknownKey}
				}
				next = ft
			case elem != nil:
				next = elem
			}
			if err := c.value(next, kp); err != nil {
				return err
			}
		}
	case '[':
		var elem reflect.Type
		if !leaf && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; c.dec.More(); i++ {
			if err := c.value(elem, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
	}
	if _, err := c.dec.Token(); err != nil { // the closing delimiter
		return c.syntax(err)
	}
	return nil
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}

// structFields maps the JSON keys of struct t (with its embedded structs)
// to their types.
func structFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range structFields(ft) {
					out[k] = v
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
