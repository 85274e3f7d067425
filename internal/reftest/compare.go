package reftest

import (
	"fmt"
	"math"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// maxPerPath bounds the mismatches listed per leaf path.
const maxPerPath = 5

// Compare checks every leaf of c.Expected against got by the case's
// tolerance rules (see the package documentation for the exact rules) and
// reports each mismatch with t.Errorf. got is a tree of map[string]any with
// numeric, bool, string or nil leaves, or slices of them of any depth; NaN
// or nil stands for R's NA. A leaf missing from got is a failure; leaves only
// in got are ignored.
func Compare(t testing.TB, c *Case, got map[string]any) {
	t.Helper()
	cm := &comparer{t: t, c: c}
	cm.object("", c.Expected, reflect.ValueOf(got), true)
}

type comparer struct {
	t testing.TB
	c *Case
}

// rule returns the first rule matching p, or the default rtol rule.
func (cm *comparer) rule(p string) Rule {
	for _, r := range cm.c.Tolerance.Rules {
		if ok, _ := path.Match(r.Match, p); ok {
			return r
		}
	}
	tol := cm.c.Tolerance
	return Rule{Match: "(default)", Rtol: tol.Rtol, Atol: tol.Atol, HasAtol: tol.HasAtol}
}

// object compares the expected object want with got (a map, or missing).
func (cm *comparer) object(prefix string, want map[string]any, got reflect.Value, present bool) {
	cm.t.Helper()
	got = deref(got)
	if present && got.IsValid() && got.Kind() != reflect.Map {
		// Not an object: report every comparable leaf below as a mismatch.
		cm.fail(prefix, "", fmt.Sprintf("got %s, want an object", describe(got)))
		present = false
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := k
		if prefix != "" {
			p = prefix + "." + k
		}
		var g reflect.Value
		ok := false
		if present && got.IsValid() {
			g, ok = mapIndex(got, k)
		}
		w := want[k]
		r := cm.rule(p)
		if r.Skip != "" {
			continue // a skipped object path skips its whole subtree
		}
		if sub, isObj := w.(map[string]any); isObj {
			cm.object(p, sub, g, ok)
			continue
		}
		if !ok {
			cm.fail(p, "", "missing from got")
			continue
		}
		cm.leaf(p, w, g, r)
	}
}

func mapIndex(m reflect.Value, k string) (reflect.Value, bool) {
	if m.Type().Key().Kind() != reflect.String {
		return reflect.Value{}, false
	}
	v := m.MapIndex(reflect.ValueOf(k).Convert(m.Type().Key()))
	if !v.IsValid() {
		return v, false
	}
	return v, true
}

// leaf compares a scalar or (nested) array leaf under rule r.
func (cm *comparer) leaf(p string, want any, got reflect.Value, r Rule) {
	cm.t.Helper()
	scale := maxAbs(want)
	var errs []string
	got = deref(got)
	wa, wantArr := want.([]any)
	gotArr := got.IsValid() && (got.Kind() == reflect.Slice || got.Kind() == reflect.Array)
	switch {
	case wantArr && !gotArr && len(wa) == 1:
		cm.elem(&errs, "", wa[0], got, r, scale)
	case !wantArr && gotArr && got.Len() == 1:
		cm.elem(&errs, "", want, got.Index(0), r, scale)
	default:
		cm.elem(&errs, "", want, got, r, scale)
	}
	for i, e := range errs {
		if i == maxPerPath {
			cm.t.Errorf("reftest: case %s: %s: ... and %d more mismatches", cm.c.ID, p, len(errs)-maxPerPath)
			break
		}
		cm.t.Errorf("reftest: case %s: %s%s", cm.c.ID, p, e)
	}
}

// elem compares one element (possibly an array, recursively), appending
// messages of the form "[i][j]: ..." to errs.
func (cm *comparer) elem(errs *[]string, idx string, want any, got reflect.Value, r Rule, scale float64) {
	got = deref(got)
	add := func(format string, args ...any) {
		*errs = append(*errs, idx+": "+fmt.Sprintf(format, args...))
	}
	switch w := want.(type) {
	case []any:
		if !got.IsValid() && len(w) == 0 {
			return // an empty vector (R's integer(0)) given as nil
		}
		if !got.IsValid() || (got.Kind() != reflect.Slice && got.Kind() != reflect.Array) {
			add("got %s, want an array of length %d", describe(got), len(w))
			return
		}
		if got.Len() != len(w) {
			add("got length %d, want %d", got.Len(), len(w))
			return
		}
		for i := range w {
			cm.elem(errs, fmt.Sprintf("%s[%d]", idx, i), w[i], got.Index(i), r, scale)
		}
	case map[string]any:
		// An object inside an array: compare its leaves under the same path.
		if !got.IsValid() || got.Kind() != reflect.Map {
			add("got %s, want an object", describe(got))
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			g, ok := mapIndex(got, k)
			if !ok {
				*errs = append(*errs, fmt.Sprintf("%s.%s: missing from got", idx, k))
				continue
			}
			cm.elem(errs, idx+"."+k, w[k], g, r, maxAbs(w[k]))
		}
	case nil:
		if g, ok := number(got); ok && math.IsNaN(g) {
			return
		}
		if !got.IsValid() || allNA(got) {
			return
		}
		add("got %s, want NA (NaN or nil)", describe(got))
	case bool:
		if got.IsValid() && got.Kind() == reflect.Bool && got.Bool() == w {
			return
		}
		add("got %s, want %v", describe(got), w)
	case string:
		if got.IsValid() && got.Kind() == reflect.String {
			if got.String() != w {
				add("got %q, want %q", got.String(), w)
			}
			return
		}
		if inf, isInf := infString(w); isInf {
			if g, ok := number(got); ok && g == inf {
				return
			}
		}
		add("got %s, want %q", describe(got), w)
	case float64:
		g, ok := number(got)
		if !ok {
			add("got %s, want %.17g", describe(got), w)
			return
		}
		if math.IsNaN(g) {
			add("got NaN (NA), want %.17g", w)
			return
		}
		if r.Exact {
			if g != w {
				add("got %.17g, want exactly %.17g (rule %q)", g, w, r.Match)
			}
			return
		}
		if r.ExactZero && w == 0 {
			if g != 0 {
				add("got %.17g, want exactly 0 (rule %q, exact_zero)", g, r.Match)
			}
			return
		}
		var tol float64
		if r.HasAtol {
			tol = r.Rtol*math.Abs(w) + r.Atol
		} else {
			tol = r.Rtol*math.Abs(w) + r.Rtol*scale
		}
		if d := math.Abs(g - w); !(d <= tol) {
			add("got %.17g, want %.17g (|diff| %.3g > tol %.3g, rule %q)", g, w, d, tol, r.Match)
		}
	default:
		add("unsupported expected value %T", want)
	}
}

// allNA reports whether got is a nil slice, or a non-empty slice (of any
// depth) whose every element is NaN or nil: an undefined quantity given as
// a vector of undefined values, where R reports a single NA (NULL).
func allNA(got reflect.Value) bool {
	if got.Kind() != reflect.Slice && got.Kind() != reflect.Array {
		return false
	}
	if got.Kind() == reflect.Slice && got.IsNil() {
		return true
	}
	if got.Len() == 0 {
		return false
	}
	for i := 0; i < got.Len(); i++ {
		e := deref(got.Index(i))
		if !e.IsValid() {
			continue
		}
		if g, ok := number(e); ok && math.IsNaN(g) {
			continue
		}
		if !allNA(e) {
			return false
		}
	}
	return true
}

// infString maps R's "Inf"/"-Inf" to ±Inf.
func infString(s string) (float64, bool) {
	switch s {
	case "Inf":
		return math.Inf(1), true
	case "-Inf":
		return math.Inf(-1), true
	}
	return 0, false
}

// maxAbs is the largest finite |number| in an expected leaf (0 if none).
func maxAbs(want any) float64 {
	switch w := want.(type) {
	case float64:
		if math.IsInf(w, 0) {
			return 0
		}
		return math.Abs(w)
	case []any:
		m := 0.0
		for _, e := range w {
			m = math.Max(m, maxAbs(e))
		}
		return m
	}
	return 0
}

// deref unwraps interfaces and pointers; a nil pointer or interface becomes
// the invalid Value (nil).
func deref(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// number converts a numeric Value to float64.
func number(v reflect.Value) (float64, bool) {
	if !v.IsValid() {
		return 0, false
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return float64(v.Uint()), true
	}
	return 0, false
}

// describe renders a got value for messages.
func describe(v reflect.Value) string {
	if !v.IsValid() {
		return "nil"
	}
	if g, ok := number(v); ok {
		return fmt.Sprintf("%.17g", g)
	}
	s := fmt.Sprintf("%v", v.Interface())
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strings.TrimSpace(fmt.Sprintf("%s (%s)", s, v.Type()))
}

func (cm *comparer) fail(p, idx, msg string) {
	cm.t.Helper()
	if p == "" {
		p = "(results)"
	}
	cm.t.Errorf("reftest: case %s: %s%s: %s", cm.c.ID, p, idx, msg)
}
