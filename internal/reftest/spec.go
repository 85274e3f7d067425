package reftest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The spec accessors read case.json's "spec" by the reference README's
// vocabulary. Each returns the value, whether the key is present, and an
// error naming the case and key when it is present with the wrong type.
// Absent keys are the caller's to default; keys nobody asks for are ignored,
// as the README requires.

// SpecString returns spec[key] as a string.
func (c *Case) SpecString(key string) (string, bool, error) {
	v, ok := c.Spec[key]
	if !ok || v == nil {
		return "", false, nil
	}
	s, isStr := v.(string)
	if !isStr {
		return "", true, fmt.Errorf("reftest: case %s: spec.%s = %v is not a string", c.ID, key, v)
	}
	return s, true, nil
}

// SpecFloat returns spec[key] as a number.
func (c *Case) SpecFloat(key string) (float64, bool, error) {
	v, ok := c.Spec[key]
	if !ok || v == nil {
		return 0, false, nil
	}
	f, isNum := v.(float64)
	if !isNum {
		return 0, true, fmt.Errorf("reftest: case %s: spec.%s = %v is not a number", c.ID, key, v)
	}
	return f, true, nil
}

// SpecBool returns spec[key] as a boolean.
func (c *Case) SpecBool(key string) (bool, bool, error) {
	v, ok := c.Spec[key]
	if !ok || v == nil {
		return false, false, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return false, true, fmt.Errorf("reftest: case %s: spec.%s = %v is not a boolean", c.ID, key, v)
	}
	return b, true, nil
}

// SpecList returns spec[key] as a list; a scalar is a list of one, since R
// writes vectors of length 1 either way.
func (c *Case) SpecList(key string) ([]any, bool) {
	v, ok := c.Spec[key]
	if !ok || v == nil {
		return nil, false
	}
	if l, isList := v.([]any); isList {
		return l, true
	}
	return []any{v}, true
}

// SpecStrings returns spec[key] as a list of strings (a string is a list
// of one).
func (c *Case) SpecStrings(key string) ([]string, bool, error) {
	l, ok := c.SpecList(key)
	if !ok {
		return nil, false, nil
	}
	out := make([]string, len(l))
	for i, v := range l {
		s, isStr := v.(string)
		if !isStr {
			return nil, true, fmt.Errorf("reftest: case %s: spec.%s[%d] = %v is not a string", c.ID, key, i, v)
		}
		out[i] = s
	}
	return out, true, nil
}

// SpecFloats returns spec[key] as a list of numbers (a number is a list of
// one).
func (c *Case) SpecFloats(key string) ([]float64, bool, error) {
	l, ok := c.SpecList(key)
	if !ok {
		return nil, false, nil
	}
	out := make([]float64, len(l))
	for i, v := range l {
		f, isNum := v.(float64)
		if !isNum {
			return nil, true, fmt.Errorf("reftest: case %s: spec.%s[%d] = %v is not a number", c.ID, key, i, v)
		}
		out[i] = f
	}
	return out, true, nil
}

// Warned reports whether R raised a warning containing substr.
func (c *Case) Warned(substr string) bool {
	for _, w := range c.Warnings {
		if strings.Contains(w, substr) {
			return true
		}
	}
	return false
}

// FormatR formats x as R's as.character does for a double (15 significant
// digits, the fixed or the scientific form, whichever is shorter, fixed on
// a tie): how R labels a factor level or a stratum made from a numeric
// column ("1", "2.5", "1e+05", "1e-04", "123456").
func FormatR(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NA"
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	// R: the fewest significant digits (at most 15) that show x to 15
	// digits; the fixed form prints the integer part in full.
	e := strconv.FormatFloat(x, 'e', 14, 64) // d.dddddddddddddde±XX
	k := strings.IndexByte(e, 'e')
	mant, exp := strings.TrimRight(strings.TrimRight(e[:k], "0"), "."), e[k:]
	sig := len(strings.ReplaceAll(strings.TrimPrefix(mant, "-"), ".", ""))
	e10, _ := strconv.Atoi(exp[1:])
	fixed := strconv.FormatFloat(x, 'f', max(0, sig-1-e10), 64)
	sci := mant + exp
	if len(fixed) <= len(sci) {
		return fixed
	}
	return sci
}
