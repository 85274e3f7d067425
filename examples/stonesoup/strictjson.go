package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// errDuplicateKey is a JSON object that names a key twice. encoding/json
// keeps the last value without a word; the county's inputs reject it.
var errDuplicateKey = errors.New("key given twice")

// errTrailingData is JSON input that goes on after its one value.
var errTrailingData = errors.New("data after the JSON value")

// decodeStrict decodes exactly one JSON value from b into v: unknown fields,
// a key given twice in any object, and anything but white space after the
// value are errors. The error of a repeated key names its path
// ("outcomes.recreation").
func decodeStrict(b []byte, v any) error {
	if err := checkDuplicateKeys(b); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errTrailingData
	}
	return nil
}

// checkDuplicateKeys walks the JSON value in b and reports the first object
// key given twice. Syntax errors are left to the decoder that follows (a
// value this walk cannot read is not reported here).
func checkDuplicateKeys(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var walk func(path []string) error
	walk = func(path []string) error {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		d, ok := t.(json.Delim)
		if !ok {
			return nil
		}
		switch d {
		case '{':
			seen := map[string]bool{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				k, _ := kt.(string)
				if seen[k] {
					return fmt.Errorf("%w: %q", errDuplicateKey, strings.Join(append(path, k), "."))
				}
				seen[k] = true
				if err := walk(append(path, k)); err != nil {
					return err
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				if err := walk(append(path, fmt.Sprint(i))); err != nil {
					return err
				}
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err
	}
	if err := walk(nil); err != nil && errors.Is(err, errDuplicateKey) {
		return err
	}
	return nil
}
