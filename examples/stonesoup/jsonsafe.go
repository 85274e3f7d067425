package main

import (
	"encoding"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strings"
)

// writeJSON writes the results as indented JSON. Numbers that are undefined
// (NaN, as the packages report them) are written as null.
func (r *results) writeJSON(name string) error {
	b, err := json.MarshalIndent(jsonSafe(reflect.ValueOf(r)), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(b, '\n'), 0o644)
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
var jsonMarshaler = reflect.TypeFor[json.Marshaler]()

// jsonSafe turns v into plain maps, slices and values as encoding/json would
// encode it (exported fields, json tag names, "-" and omitempty), with NaN
// and infinite floats as nil.
func jsonSafe(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && (v.Type().Implements(jsonMarshaler) || v.Type().Implements(textMarshaler)) {
		return v.Interface()
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		if v.Kind() == reflect.Pointer && (v.Type().Implements(jsonMarshaler) || v.Type().Implements(textMarshaler)) && v.Elem().Kind() != reflect.Struct {
			return v.Interface()
		}
		return jsonSafe(v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = jsonSafe(v.Index(i))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := make(map[string]any, v.Len())
		it := v.MapRange()
		for it.Next() {
			out[it.Key().String()] = jsonSafe(it.Value())
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" && opts == "" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if strings.Contains(opts, "omitempty") && fv.IsZero() {
				continue
			}
			out[name] = jsonSafe(fv)
		}
		return out
	default:
		return v.Interface()
	}
}
