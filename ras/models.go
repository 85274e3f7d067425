package ras

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"os"
	"path"
	"reflect"
	"sort"
	"strings"
)

//go:embed models/*.json
var shipped embed.FS

// Names of the models shipped with the package.
const (
	// ModelPoints is an In Control-style points model with a price schedule
	// per cohort: a price per point (adults), prices per domain (Continuing
	// Healthcare), bands (children) and a piecewise-linear curve (carers),
	// with a floor, a cap and a care-home cap.
	ModelPoints = "stonesoup-points"
	// ModelHours is a needs-led hours model in the style of FACE, with
	// complexity adjustments, informal-support deductions, night and
	// respite additions, setting caps, a cap and a floor.
	ModelHours = "stonesoup-hours"
	// ModelIBudget5b is Florida's published iBudget Model 5b: a regression
	// on the square root of annual cost.
	ModelIBudget5b = "ibudget-5b"
	// ModelIBudgetFlorida is Florida's full iBudget rule on Model 5b: the
	// algorithm amount plus approved Significant Additional Needs funding,
	// pro-rated to the part of the fiscal year 2025-26 left, within the
	// appropriation (Engine.ComposeCaseload).
	ModelIBudgetFlorida = "ibudget-florida"
)

// ModelNames returns the names of the shipped models, sorted.
func ModelNames() []string {
	entries, _ := shipped.ReadDir("models")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".json"))
	}
	sort.Strings(out)
	return out
}

// LoadModel returns a fresh copy of a shipped model by name (see
// ModelNames). It works from any working directory: the models are embedded
// in the package.
func LoadModel(name string) (*Model, error) {
	data, err := shipped.ReadFile(path.Join("models", name+".json"))
	if err != nil {
		return nil, wrapf(ErrUnknownModel, "%q (shipped models: %s)", name, strings.Join(ModelNames(), ", "))
	}
	return ParseModel(bytes.NewReader(data))
}

// Load compiles a shipped model by name.
func Load(name string) (*Engine, error) {
	m, err := LoadModel(name)
	if err != nil {
		return nil, err
	}
	return Compile(m)
}

// ReadModelFile reads and validates a model from a JSON file.
func ReadModelFile(name string) (*Model, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("ras: %w", err)
	}
	defer f.Close()
	m, err := ParseModel(f)
	if err != nil {
		return nil, wrapf(err, "model file %s", name)
	}
	return m, nil
}

// WriteJSON writes the model as indented JSON, in the form ParseModel
// reads: a required list left nil (a model built in Go without support
// types, say) is written as [], never as null, which ParseModel refuses.
func (m *Model) WriteJSON(w io.Writer) error {
	c, err := cloneModel(m)
	if err != nil {
		return err
	}
	fillNilLists(reflect.ValueOf(c).Elem())
	b, err := marshalIndent(c)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// fillNilLists sets every nil slice and map in v that its JSON tag writes
// even when empty (no omitempty) to an empty one, so that it is written as
// [] or {} rather than null.
func fillNilLists(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			fillNilLists(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			fillNilLists(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == decimalType || v.Type() == dateType {
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			_, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			required := !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero")
			switch {
			case required && fv.Kind() == reflect.Slice && fv.IsNil():
				fv.Set(reflect.MakeSlice(fv.Type(), 0, 0))
			case required && fv.Kind() == reflect.Map && fv.IsNil():
				fv.Set(reflect.MakeMap(fv.Type()))
			}
			fillNilLists(fv)
		}
	}
}
