package eligibility

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"
)

// JSON forms. Every name is a snake_case key (the String method of the
// type): outcomes, limbs, well-being areas, domains and levels. Checklist
// scores are "A", "B" and "C". Unknown names are errors wrapping
// ErrUnknownName; repeated keys in an object are errors too.

// MarshalJSON encodes l as an array of limb names.
func (l Limbs) MarshalJSON() ([]byte, error) {
	if l&^AdultLimbs != 0 {
		return nil, &FieldError{Field: "limbs", Value: l.String(), Err: ErrInvalidLimb}
	}
	names := []string{}
	for i, k := range limbKeys {
		if l&(1<<i) != 0 {
			names = append(names, k)
		}
	}
	return json.Marshal(names)
}

// UnmarshalJSON decodes an array of limb names.
func (l *Limbs) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return malformed("limbs", "want an array of limb names", err)
	}
	var v Limbs
	for _, n := range names {
		i := index(limbKeys[:], n)
		if i < 0 {
			return &FieldError{Field: "limbs", Value: quote(n), Err: ErrUnknownName}
		}
		v |= 1 << i
	}
	*l = v
	return nil
}

// MarshalJSON encodes s as an array of area names.
func (s WellBeingSet) MarshalJSON() ([]byte, error) {
	if s&^allWellBeing != 0 {
		return nil, &FieldError{Field: "well_being", Err: ErrInvalidWellBeing}
	}
	names := []string{}
	for _, a := range s.Areas() {
		names = append(names, a.String())
	}
	return json.Marshal(names)
}

// UnmarshalJSON decodes an array of area names.
func (s *WellBeingSet) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return malformed("well_being", "want an array of well-being area names", err)
	}
	var v WellBeingSet
	for _, n := range names {
		i := index(wellBeingKeys[:], n)
		if i < 0 {
			return &FieldError{Field: "well_being", Value: quote(n), Err: ErrUnknownName}
		}
		v |= 1 << i
	}
	*s = v
	return nil
}

// MarshalJSON encodes o as an object keyed by outcome name, holding only
// the outcomes that are unmet.
func (o AdultOutcomes) MarshalJSON() ([]byte, error) {
	return marshalLimbObject(o[:], outcomeKeys[:])
}

// UnmarshalJSON decodes an object keyed by outcome name; outcomes left out
// are achievable.
func (o *AdultOutcomes) UnmarshalJSON(b []byte) error {
	var v AdultOutcomes
	if err := unmarshalLimbObject(b, v[:], outcomeKeys[:]); err != nil {
		return err
	}
	*o = v
	return nil
}

// MarshalJSON encodes o as an object keyed by carer outcome name.
func (o CarerOutcomes) MarshalJSON() ([]byte, error) {
	return marshalLimbObject(o[:], carerOutcomeKeys[:])
}

// UnmarshalJSON decodes an object keyed by carer outcome name.
func (o *CarerOutcomes) UnmarshalJSON(b []byte) error {
	var v CarerOutcomes
	if err := unmarshalLimbObject(b, v[:], carerOutcomeKeys[:]); err != nil {
		return err
	}
	*o = v
	return nil
}

func marshalLimbObject(ls []Limbs, keys []string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	first := true
	for i, l := range ls {
		if l == 0 {
			continue
		}
		v, err := l.MarshalJSON()
		if err != nil {
			return nil, err
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(keys[i])
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func unmarshalLimbObject(b []byte, dst []Limbs, keys []string) error {
	return decodeObject(b, "outcomes", func(key string, raw json.RawMessage) error {
		i := index(keys, key)
		if i < 0 {
			return &FieldError{Field: "outcomes", Value: quote(key), Err: ErrUnknownName}
		}
		var l Limbs
		if err := json.Unmarshal(raw, &l); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				fe.Field = "outcomes." + key
			}
			return err
		}
		dst[i] = l
		return nil
	})
}

// decodeObject walks a JSON object, calling fn for each key and raw value,
// and rejects repeated keys. null is an empty object.
func decodeObject(b []byte, field string, fn func(key string, raw json.RawMessage) error) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return malformed(field, "want an object", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // '{'
		return malformed(field, "want an object", err)
	}
	seen := make(map[string]bool, len(m))
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return malformed(field, "want an object", err)
		}
		key, _ := t.(string)
		if seen[key] {
			return &FieldError{Field: field, Value: quote(key), Err: ErrRepeatedKey}
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return malformed(field, "want an object", err)
		}
		if err := fn(key, raw); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON encodes l as its name.
func (l Level) MarshalJSON() ([]byte, error) {
	if l >= NumLevels {
		return nil, &FieldError{Field: "level", Value: l.String(), Err: ErrUnknownLevel}
	}
	return json.Marshal(levelKeys[l])
}

// UnmarshalJSON decodes a level name.
func (l *Level) UnmarshalJSON(b []byte) error {
	var n string
	if err := json.Unmarshal(b, &n); err != nil {
		return malformed("level", "want a level name", err)
	}
	i := index(levelKeys[:], n)
	if i < 0 {
		return &FieldError{Field: "level", Value: quote(n), Err: ErrUnknownName}
	}
	*l = Level(i)
	return nil
}

// MarshalJSON encodes the levels as an object keyed by domain name,
// leaving out domains with no level recorded.
func (ls DSTLevels) MarshalJSON() ([]byte, error) {
	m := make(map[string]Level, NumDomains)
	for d, l := range ls {
		if l != LevelNotRecorded {
			m[domainKeys[d]] = l
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes an object keyed by domain name whose values are
// level names. Domains left out have no level recorded.
func (ls *DSTLevels) UnmarshalJSON(b []byte) error {
	var v DSTLevels
	err := decodeObject(b, "levels", func(key string, raw json.RawMessage) error {
		d := index(domainKeys[:], key)
		if d < 0 {
			return &FieldError{Field: "levels", Value: quote(key), Err: ErrUnknownName}
		}
		var l Level
		if err := json.Unmarshal(raw, &l); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				fe.Field = "levels." + key
			}
			return err
		}
		v[d] = l
		return nil
	})
	if err != nil {
		return err
	}
	*ls = v
	return nil
}

// MarshalJSON encodes s as "A", "B" or "C".
func (s Score) MarshalJSON() ([]byte, error) {
	if s == ScoreNotRecorded || s >= numScores {
		return nil, &FieldError{Field: "score", Value: s.String(), Err: ErrInvalidScore}
	}
	return json.Marshal(s.String())
}

// UnmarshalJSON decodes "A", "B" or "C".
func (s *Score) UnmarshalJSON(b []byte) error {
	var n string
	if err := json.Unmarshal(b, &n); err != nil {
		return malformed("score", `want "A", "B" or "C"`, err)
	}
	switch n {
	case "A":
		*s = ScoreA
	case "B":
		*s = ScoreB
	case "C":
		*s = ScoreC
	default:
		return &FieldError{Field: "score", Value: quote(n), Err: ErrUnknownName}
	}
	return nil
}

// MarshalJSON encodes the scores as an object keyed by domain name.
func (cs ChecklistScores) MarshalJSON() ([]byte, error) {
	m := make(map[string]Score, NumChecklistDomains)
	for d, s := range cs {
		if s != ScoreNotRecorded {
			m[domainKeys[d]] = s
		}
	}
	return json.Marshal(m)
}

// UnmarshalJSON decodes an object keyed by Checklist domain name (the
// first eleven DST domains) with values "A", "B" or "C".
func (cs *ChecklistScores) UnmarshalJSON(b []byte) error {
	var v ChecklistScores
	err := decodeObject(b, "scores", func(key string, raw json.RawMessage) error {
		d := index(domainKeys[:NumChecklistDomains], key)
		if d < 0 {
			return &FieldError{Field: "scores", Value: quote(key), Err: ErrUnknownName}
		}
		var s Score
		if err := json.Unmarshal(raw, &s); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				fe.Field = "scores." + key
			}
			return err
		}
		v[d] = s
		return nil
	})
	if err != nil {
		return err
	}
	*cs = v
	return nil
}

// maxRecord bounds the size of one record a decoder reads (1 MiB): a
// record is a few hundred bytes, and a longer one is damaged input.
const maxRecord = 1 << 20

// decodeStrict decodes one JSON object from r into v (a pointer to a
// struct). Before decoding it rejects, with the key or byte at fault: input
// that is not valid UTF-8 (encoding/json would turn it into U+FFFD), a key
// repeated in any object (encoding/json would keep the last), and a
// top-level key that is not exactly one of the struct's snake_case keys
// (encoding/json would match "ID" to "id"). Unknown fields and trailing
// data are errors too.
func decodeStrict(r io.Reader, what string, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, maxRecord+1))
	if err != nil {
		return fmt.Errorf("eligibility: reading %s: %w", what, err)
	}
	if len(data) > maxRecord {
		return &FieldError{Field: "(" + what + ")", Value: fmt.Sprintf("longer than %d bytes", maxRecord), Err: ErrMalformed}
	}
	if err := checkKeys(data, reflect.TypeOf(v).Elem(), what); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var fe *FieldError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &fe):
			return err
		case errors.As(err, &te) && te.Field != "":
			return &FieldError{Field: te.Field, Value: "a JSON " + te.Value + ", want " + jsonKind(te.Type), Err: ErrMalformed}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return &FieldError{Field: "(" + what + ")", Value: strings.TrimPrefix(err.Error(), "json: "), Err: ErrUnknownName}
		}
		return &FieldError{Field: "(" + what + ")", Value: fmt.Sprintf("byte %d: %v", dec.InputOffset(), strings.TrimPrefix(err.Error(), "json: ")), Err: ErrMalformed}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &FieldError{Field: "(" + what + ")", Value: fmt.Sprintf("byte %d: data after the JSON value", dec.InputOffset()), Err: ErrMalformed}
	}
	return nil
}

// checkKeys checks data, one JSON value, for what encoding/json would let
// pass silently: invalid UTF-8, a key repeated in an object at any depth,
// null anywhere, and a key of the top-level object that matches none of
// t's JSON keys exactly. Syntax errors are left to the decoder.
func checkKeys(data []byte, t reflect.Type, what string) error {
	if !utf8.Valid(data) {
		n := 0
		for n < len(data) {
			r, size := utf8.DecodeRune(data[n:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			n += size
		}
		return &FieldError{Field: "(" + what + ")", Value: fmt.Sprintf("byte %d is not UTF-8", n), Err: ErrInvalidText}
	}
	keys := map[string]bool{}
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			keys[name] = true
		}
	}
	type frame struct {
		obj  bool
		path string
		seen map[string]bool
		key  string // the key whose value comes next, in an object
	}
	var stack []*frame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil // the end, or a syntax error the decoder reports
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.obj && top.key == "" {
			if k, ok := tok.(string); ok {
				path := k
				if top.path != "" {
					path = top.path + "." + k
				}
				if top.seen[k] {
					return &FieldError{Field: path, Err: ErrRepeatedKey}
				}
				if len(stack) == 1 && !keys[k] {
					// DisallowUnknownFields catches a key unknown in any
					// case; this catches the one encoding/json would match
					// ignoring case.
					for name := range keys {
						if strings.EqualFold(name, k) {
							return &FieldError{Field: path, Value: quote(k) + " (the key is " + quote(name) + ")", Err: ErrUnknownName}
						}
					}
				}
				top.seen[k] = true
				top.key = k
				continue
			}
		}
		path := ""
		if top != nil {
			path = top.path
			if top.obj {
				if path != "" {
					path += "."
				}
				path += top.key
				top.key = ""
			}
		}
		if tok == nil {
			// encoding/json reads null as the zero value: a flag of null
			// as false, which would decide eligibility without a word.
			if path == "" {
				path = "(" + what + ")"
			}
			return &FieldError{Field: path, Value: "null (leave the key out instead)", Err: ErrMalformed}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, path: path, seen: map[string]bool{}})
		case json.Delim('['):
			stack = append(stack, &frame{path: path})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
	}
}

// DecodeAdult reads one AdultAssessment as JSON from r (unknown fields are
// errors) and validates it.
//
//	{"id": "A-1", "impairment_or_illness": true,
//	 "outcomes": {"nutrition": ["without_assistance"], "personal_hygiene": ["pain_distress_anxiety"]},
//	 "well_being": ["personal_dignity"], "significant_impact": true}
func DecodeAdult(r io.Reader) (AdultAssessment, error) {
	var a AdultAssessment
	if err := decodeStrict(r, "adult assessment", &a); err != nil {
		return AdultAssessment{}, err
	}
	if err := a.Validate(); err != nil {
		return AdultAssessment{}, err
	}
	return a, nil
}

// DecodeCarer reads one CarerAssessment as JSON from r and validates it;
// "significantly_longer" in a carer's outcome is an error wrapping
// ErrCarerSignificantlyLonger.
func DecodeCarer(r io.Reader) (CarerAssessment, error) {
	var c CarerAssessment
	if err := decodeStrict(r, "carer assessment", &c); err != nil {
		return CarerAssessment{}, err
	}
	if err := c.Validate(); err != nil {
		return CarerAssessment{}, err
	}
	return c, nil
}

// DecodeDST reads one DST as JSON from r and validates it.
//
//	{"id": "P-1", "levels": {"breathing": "low", "nutrition": "severe", ...}}
func DecodeDST(r io.Reader) (DST, error) {
	var d DST
	if err := decodeStrict(r, "DST", &d); err != nil {
		return DST{}, err
	}
	if err := d.Validate(); err != nil {
		return DST{}, err
	}
	return d, nil
}

// DecodeChecklist reads one Checklist as JSON from r and validates it.
//
//	{"id": "K-1", "scores": {"breathing": "A", "nutrition": "C", ...}}
func DecodeChecklist(r io.Reader) (Checklist, error) {
	var c Checklist
	if err := decodeStrict(r, "Checklist", &c); err != nil {
		return Checklist{}, err
	}
	if err := c.Validate(); err != nil {
		return Checklist{}, err
	}
	return c, nil
}

// DecodeDSTOptions reads DSTOptions as JSON from r and validates them.
func DecodeDSTOptions(r io.Reader) (DSTOptions, error) {
	var o DSTOptions
	if err := decodeStrict(r, "DST options", &o); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) && fe.Field == "level" {
			fe.Field = "severe_others_min_level" // the options' one level
		}
		return DSTOptions{}, err
	}
	if err := o.Validate(); err != nil {
		return DSTOptions{}, err
	}
	return o, nil
}

// malformed is the error of a value of the wrong JSON type (or not JSON)
// at field: a *FieldError wrapping ErrMalformed, whose Field the caller
// completes with the key ("outcomes.nutrition").
func malformed(field, want string, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &FieldError{Field: field, Value: "a JSON " + te.Value + ", " + want, Err: ErrMalformed}
	}
	return &FieldError{Field: field, Value: want, Err: ErrMalformed}
}

// jsonKind names the JSON type a Go type is read from.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

func index(keys []string, k string) int {
	for i, s := range keys {
		if s == k {
			return i
		}
	}
	return -1
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return fmt.Sprintf("%q", s)
}
