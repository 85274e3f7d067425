package pathway

// Temporary stand-in for internal/reftest (same API) until it is committed.

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"testing"
)

type refRule struct {
	Match     string   `json:"match"`
	Rtol      *float64 `json:"rtol"`
	Atol      *float64 `json:"atol"`
	Exact     bool     `json:"exact"`
	ExactZero bool     `json:"exact_zero"`
	Skip      string   `json:"skip"`
}

type refCase struct {
	ID, Dir, Method string
	Spec            map[string]any
	Expected        map[string]any
	rtol            float64
	rules           []refRule
}

type refTable struct {
	Names []string
	cols  map[string][]string
}

func (t *refTable) Num(name string) ([]float64, error) {
	c, ok := t.cols[name]
	if !ok {
		return nil, fmt.Errorf("no column %q", name)
	}
	out := make([]float64, len(c))
	for i, s := range c {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}
func (t *refTable) Str(name string) []string { return t.cols[name] }

func refLoad(dir string) ([]*refCase, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []*refCase
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		d := filepath.Join(dir, e.Name())
		b, err := os.ReadFile(filepath.Join(d, "case.json"))
		if err != nil {
			continue
		}
		var cj struct {
			ID        string         `json:"id"`
			Method    string         `json:"method"`
			Spec      map[string]any `json:"spec"`
			Tolerance struct {
				Rtol  float64   `json:"rtol"`
				Rules []refRule `json:"rules"`
			} `json:"tolerance"`
		}
		if err := json.Unmarshal(b, &cj); err != nil {
			return nil, err
		}
		b, err = os.ReadFile(filepath.Join(d, "expected.json"))
		if err != nil {
			return nil, err
		}
		var ej struct {
			Results map[string]any `json:"results"`
		}
		if err := json.Unmarshal(b, &ej); err != nil {
			return nil, err
		}
		out = append(out, &refCase{ID: cj.ID, Dir: d, Method: cj.Method, Spec: cj.Spec, Expected: ej.Results, rtol: cj.Tolerance.Rtol, rules: cj.Tolerance.Rules})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no cases in %s", dir)
	}
	return out, nil
}

func (c *refCase) Table() (*refTable, error) {
	f, err := os.Open(filepath.Join(c.Dir, "data.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	t := &refTable{Names: recs[0], cols: map[string][]string{}}
	for _, r := range recs[1:] {
		for j, n := range recs[0] {
			t.cols[n] = append(t.cols[n], r[j])
		}
	}
	return t, nil
}

func refCompare(t testing.TB, c *refCase, got map[string]any) {
	t.Helper()
	var walk func(p string, want, got any)
	walk = func(p string, want, g any) {
		switch w := want.(type) {
		case map[string]any:
			gm, ok := g.(map[string]any)
			if !ok {
				t.Errorf("%s: missing or not a map (got %T)", p, g)
				return
			}
			for k, v := range w {
				np := k
				if p != "" {
					np = p + "." + k
				}
				gv, ok := gm[k]
				if !ok {
					t.Errorf("%s: missing", np)
					continue
				}
				walk(np, v, gv)
			}
		case []any:
			gs := flatten(g)
			if len(gs) != len(flattenW(w)) {
				t.Errorf("%s: length got %d want %d", p, len(gs), len(flattenW(w)))
				return
			}
			ws := flattenW(w)
			maxAbs := 0.0
			for _, v := range ws {
				if f, ok := v.(float64); ok {
					maxAbs = math.Max(maxAbs, math.Abs(f))
				}
			}
			for i := range ws {
				cmpLeaf(t, c, fmt.Sprintf("%s[%d]", p, i), p, ws[i], gs[i], maxAbs)
			}
		default:
			gs := flatten(g)
			if len(gs) != 1 {
				t.Errorf("%s: got %v", p, g)
				return
			}
			mx := 0.0
			if f, ok := want.(float64); ok {
				mx = math.Abs(f)
			}
			cmpLeaf(t, c, p, p, want, gs[0], mx)
		}
	}
	walk("", c.Expected, got)
}

func flattenW(w []any) []any {
	var out []any
	for _, v := range w {
		if s, ok := v.([]any); ok {
			out = append(out, flattenW(s)...)
		} else {
			out = append(out, v)
		}
	}
	return out
}

func flatten(g any) []any {
	switch v := g.(type) {
	case []float64:
		o := make([]any, len(v))
		for i := range v {
			o[i] = v[i]
		}
		return o
	case []int:
		o := make([]any, len(v))
		for i := range v {
			o[i] = float64(v[i])
		}
		return o
	case []string:
		o := make([]any, len(v))
		for i := range v {
			o[i] = v[i]
		}
		return o
	case [][]float64:
		var o []any
		for _, r := range v {
			o = append(o, flatten(r)...)
		}
		return o
	case int:
		return []any{float64(v)}
	case nil:
		return []any{math.NaN()}
	}
	return []any{g}
}

func cmpLeaf(t testing.TB, c *refCase, p, rp string, want, got any, maxAbs float64) {
	t.Helper()
	var rule *refRule
	for i := range c.rules {
		if ok, _ := path.Match(c.rules[i].Match, rp); ok {
			rule = &c.rules[i]
			break
		}
	}
	switch w := want.(type) {
	case string:
		if got != w {
			t.Errorf("%s: got %v want %q", p, got, w)
		}
		return
	case bool:
		if got != w {
			t.Errorf("%s: got %v want %v", p, got, w)
		}
		return
	case nil:
		if g, ok := got.(float64); !ok || !math.IsNaN(g) {
			t.Errorf("%s: got %v want NA", p, got)
		}
		return
	}
	wf := want.(float64)
	gf, ok := got.(float64)
	if !ok {
		t.Errorf("%s: got %T %v want %v", p, got, got, wf)
		return
	}
	if rule != nil && rule.Skip != "" {
		return
	}
	if rule != nil && rule.Exact {
		if gf != wf {
			t.Errorf("%s: got %v want exactly %v", p, gf, wf)
		}
		return
	}
	rtol := c.rtol
	var atol float64
	if rule != nil && rule.Rtol != nil {
		rtol = *rule.Rtol
	}
	if rule != nil && rule.Atol != nil {
		atol = *rule.Atol
	} else {
		atol = rtol * maxAbs
	}
	if !(math.Abs(gf-wf) <= rtol*math.Abs(wf)+atol) {
		t.Errorf("%s: got %.17g want %.17g (rtol %g atol %g)", p, gf, wf, rtol, atol)
	}
}
