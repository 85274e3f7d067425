package reftest

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a fake testing.TB that records Errorf calls, so that the
// tests can assert that mismatches ARE reported.
type recorder struct {
	testing.TB // nil: any method not overridden below panics
	msgs       []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func loadToy(t *testing.T) *Case {
	t.Helper()
	cases, err := Load("testdata/cases")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 1 {
		t.Fatalf("got %d cases, want 1", len(cases))
	}
	return cases[0]
}

// goodGot is a result tree that satisfies the toy case exactly, using a mix
// of the Go types packages will hand in.
func goodGot() map[string]any {
	return map[string]any{
		"n": 5, // int
		"fit": map[string]any{
			"n":          int64(5),
			"coef":       []float64{1.5, -2.25},
			"p_value":    []float64{0.01, 1e-20},
			"vcov":       [][]float64{{1.0, 0.1}, {0.1, 2.0}},
			"names":      []string{"(Intercept)", "x"},
			"converged":  true,
			"upper":      []float64{1.0, math.NaN()},
			"tail":       math.Inf(1),
			"extra_only": "ignored",
			// "iterations" left out: the rule skips it.
		},
		"nnls":        map[string]any{"x": []float64{0, 2.5}},
		"scaled":      []float64{1000, 0.001},
		"alternative": "two.sided",
		"median":      nil,
		"neg_inf":     math.Inf(-1),
		"probs":       0.5, // scalar for a length-1 array
	}
}

func TestLoad(t *testing.T) {
	c := loadToy(t)
	if c.ID != "toy" || c.Method != "toy_method" || c.Title == "" {
		t.Errorf("case header: %+v", c)
	}
	if c.Spec["x"] != "x" || c.Spec["intercept"] != true {
		t.Errorf("spec: %v", c.Spec)
	}
	if qp, ok := c.Spec["quantile_probs"].([]any); !ok || qp[1] != 0.5 {
		t.Errorf("spec numbers must be float64: %#v", c.Spec["quantile_probs"])
	}
	if c.Tolerance.Rtol != 1e-8 || len(c.Tolerance.Rules) != 6 {
		t.Fatalf("tolerance: %+v", c.Tolerance)
	}
	r := c.Tolerance.Rules
	if !(r[0].HasAtol && r[0].Atol == 1e-12 && r[0].Rtol == 1e-6) || !r[1].Exact || r[2].Skip == "" ||
		!(r[3].ExactZero && r[3].Rtol == 1e-8) || r[4].HasAtol || r[5].Note == "" {
		t.Errorf("rules decoded wrongly: %+v", r)
	}
	if _, ok := c.Expected["fit"].(map[string]any); !ok {
		t.Errorf("expected results: %v", c.Expected)
	}
	if len(c.Warnings) != 1 || c.Warnings[0] != "glm.fit: algorithm did not converge" {
		t.Errorf("r_warnings, trimmed: %q", c.Warnings)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(t.TempDir()); !errors.Is(err, ErrNoCases) {
		t.Errorf("empty dir: %v, want ErrNoCases", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("missing dir: no error")
	}
	write := func(caseJSON, expectedJSON string) string {
		dir := t.TempDir()
		cdir := filepath.Join(dir, "c1")
		if err := os.Mkdir(cdir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cdir, "case.json"), []byte(caseJSON), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cdir, "expected.json"), []byte(expectedJSON), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	okExp := `{"results": {"a": 1}}`
	bad := []struct{ name, c, e string }{
		{"bad json", `{`, okExp},
		{"no method", `{"tolerance": {"rtol": 1e-8}}`, okExp},
		{"no rtol", `{"method": "m", "tolerance": {"rules": []}}`, okExp},
		{"rule without action", `{"method": "m", "tolerance": {"rtol": 1e-8, "rules": [{"match": "a"}]}}`, okExp},
		{"rule without match", `{"method": "m", "tolerance": {"rtol": 1e-8, "rules": [{"rtol": 1}]}}`, okExp},
		{"bad pattern", `{"method": "m", "tolerance": {"rtol": 1e-8, "rules": [{"match": "[", "rtol": 1}]}}`, okExp},
		{"no results", `{"method": "m", "tolerance": {"rtol": 1e-8}}`, `{"id": "x"}`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(write(tt.c, tt.e))
			if !errors.Is(err, ErrBadCase) {
				t.Errorf("got %v, want ErrBadCase", err)
			}
		})
	}
}

func TestCompareAcceptsCorrectResults(t *testing.T) {
	c := loadToy(t)
	rec := &recorder{}
	Compare(rec, c, goodGot())
	if len(rec.msgs) != 0 {
		t.Errorf("correct results reported as mismatches:\n%s", strings.Join(rec.msgs, "\n"))
	}
}

func TestCompareReportsMismatches(t *testing.T) {
	c := loadToy(t)
	fit := func(g map[string]any) map[string]any { return g["fit"].(map[string]any) }
	tests := []struct {
		name   string
		mutate func(g map[string]any)
		want   string // substring of the (single) expected message; "" = must pass
	}{
		// Default rule: rtol-only, |g−w| <= 1e-8·5 + 1e-8·5 = 1e-7.
		{"default within", func(g map[string]any) { g["n"] = 5 + 0.9e-7 }, ""},
		{"default beyond", func(g map[string]any) { g["n"] = 5 + 1.1e-7 }, "toy: n:"},
		// Exact rule: one ulp off fails.
		{"exact ulp", func(g map[string]any) { fit(g)["n"] = math.Nextafter(5, 6) }, "fit.n: got 5.0000000000000009, want exactly 5"},
		// rtol+atol: 1e-20·1e-6 + 1e-12, so 5e-13 passes and 2e-12 fails.
		{"atol within", func(g map[string]any) { fit(g)["p_value"] = []float64{0.01, 5e-13} }, ""},
		{"atol beyond", func(g map[string]any) { fit(g)["p_value"] = []float64{0.01, 2e-12} }, "fit.p_value[1]"},
		// fit.* rtol 1e-4, scale max|coef| = 2.25: tol(1.5) = 1.5e-4 + 2.25e-4.
		{"vector scale within", func(g map[string]any) { fit(g)["coef"] = []float64{1.5 + 3.7e-4, -2.25} }, ""},
		{"vector scale beyond", func(g map[string]any) { fit(g)["coef"] = []float64{1.5 + 3.8e-4, -2.25} }, "fit.coef[0]"},
		// "scaled" rtol 1e-3 with max 1000: the 0.001 element may be off by ~1.
		{"small element scaled", func(g map[string]any) { g["scaled"] = []float64{1000, 0.9} }, ""},
		{"small element beyond", func(g map[string]any) { g["scaled"] = []float64{1000, 1.1} }, "scaled[1]"},
		// First rule wins: fit.n is exact although fit.* would allow 1e-4.
		{"first match wins", func(g map[string]any) { fit(g)["n"] = 5.0001 }, "fit.n"},
		// Skip: iterations may be anything (or absent, as in goodGot).
		{"skip", func(g map[string]any) { fit(g)["iterations"] = "whatever" }, ""},
		// exact_zero: 0 must be exactly 0.
		{"exact zero", func(g map[string]any) { g["nnls"] = map[string]any{"x": []float64{1e-300, 2.5}} }, "nnls.x[0]: got 1e-300, want exactly 0"},
		{"exact zero other", func(g map[string]any) { g["nnls"] = map[string]any{"x": []float64{0, 2.5 + 1e-7}} }, "nnls.x[1]"},
		// Arrays of arrays.
		{"vcov", func(g map[string]any) { fit(g)["vcov"] = [][]float64{{1, 0.1}, {0.1, 2.1}} }, "fit.vcov[1][1]"},
		{"vcov shape", func(g map[string]any) { fit(g)["vcov"] = [][]float64{{1, 0.1}} }, "fit.vcov: got length 1, want 2"},
		{"vcov flat", func(g map[string]any) { fit(g)["vcov"] = []float64{1, 0.1, 0.1, 2} }, "fit.vcov: got length 4, want 2"},
		// Strings, bools.
		{"string array", func(g map[string]any) { fit(g)["names"] = []string{"(Intercept)", "z"} }, `fit.names[1]: got "z", want "x"`},
		{"string", func(g map[string]any) { g["alternative"] = "less" }, "alternative"},
		{"bool", func(g map[string]any) { fit(g)["converged"] = false }, "fit.converged"},
		{"bool as number", func(g map[string]any) { fit(g)["converged"] = 1 }, "fit.converged"},
		// NA.
		{"NA given number", func(g map[string]any) { g["median"] = 3.0 }, "median: got 3, want NA"},
		{"NA as NaN", func(g map[string]any) { g["median"] = math.NaN() }, ""},
		{"NA in array", func(g map[string]any) { fit(g)["upper"] = []float64{1, 7} }, "fit.upper[1]"},
		{"NaN for number", func(g map[string]any) { fit(g)["upper"] = []float64{math.NaN(), math.NaN()} }, "fit.upper[0]: got NaN"},
		{"NA as nil in []any", func(g map[string]any) { fit(g)["upper"] = []any{1.0, nil} }, ""},
		{"nil pointer NA", func(g map[string]any) { g["median"] = (*float64)(nil) }, ""},
		// Inf strings.
		{"Inf wrong", func(g map[string]any) { fit(g)["tail"] = math.MaxFloat64 }, "fit.tail"},
		{"-Inf wrong sign", func(g map[string]any) { g["neg_inf"] = math.Inf(1) }, "neg_inf"},
		{"Inf as string", func(g map[string]any) { fit(g)["tail"] = "Inf" }, ""},
		// Missing leaves and subtrees.
		{"missing leaf", func(g map[string]any) { delete(fit(g), "coef") }, "fit.coef: missing from got"},
		{"missing NA leaf", func(g map[string]any) { delete(g, "median") }, "median: missing from got"},
		{"missing subtree", func(g map[string]any) { delete(g, "nnls") }, "nnls.x: missing from got"},
		{"length", func(g map[string]any) { fit(g)["coef"] = []float64{1.5} }, "fit.coef: got length 1, want 2"},
		{"wrong type", func(g map[string]any) { g["alternative"] = 2 }, "alternative"},
		{"length-1 array as scalar wrong", func(g map[string]any) { g["probs"] = 0.6 }, "probs"},
		{"scalar given as length-1 slice", func(g map[string]any) { g["n"] = []int{5} }, ""},
		{"subtree not a map", func(g map[string]any) { g["nnls"] = 3.0 }, "nnls"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := goodGot()
			tt.mutate(g)
			rec := &recorder{}
			Compare(rec, c, g)
			if tt.want == "" {
				if len(rec.msgs) != 0 {
					t.Errorf("unexpected mismatches:\n%s", strings.Join(rec.msgs, "\n"))
				}
				return
			}
			if len(rec.msgs) == 0 {
				t.Fatalf("mismatch not reported (want %q)", tt.want)
			}
			found := false
			for _, m := range rec.msgs {
				found = found || strings.Contains(m, tt.want)
			}
			if !found {
				t.Errorf("messages %q do not contain %q", rec.msgs, tt.want)
			}
		})
	}
}

func TestCompareSkipsObject(t *testing.T) {
	c := &Case{ID: "skipobj", Tolerance: Tolerance{Rtol: 1e-9, Rules: []Rule{
		{Match: "default.control", Skip: "settings"},
		{Match: "default.*", Rtol: 1e-4},
	}}, Expected: map[string]any{"default": map[string]any{
		"control": map[string]any{"epsilon": 1e-8},
		"coef":    1.0,
	}}}
	rec := &recorder{}
	Compare(rec, c, map[string]any{"default": map[string]any{"coef": 1.00005}})
	if len(rec.msgs) != 0 {
		t.Errorf("unexpected: %q", rec.msgs)
	}
	rec = &recorder{}
	Compare(rec, c, map[string]any{"default": map[string]any{"coef": 1.0003}})
	if len(rec.msgs) != 1 || !strings.Contains(rec.msgs[0], "default.coef") {
		t.Errorf("want one default.coef mismatch, got %q", rec.msgs)
	}
}

func TestCompareCapsMessages(t *testing.T) {
	c := &Case{ID: "cap", Tolerance: Tolerance{Rtol: 1e-9}, Expected: map[string]any{"v": []any{1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0}}}
	rec := &recorder{}
	Compare(rec, c, map[string]any{"v": []float64{0, 0, 0, 0, 0, 0, 0, 0}})
	if len(rec.msgs) != maxPerPath+1 || !strings.Contains(rec.msgs[maxPerPath], "3 more") {
		t.Errorf("messages: %q", rec.msgs)
	}
	rec = &recorder{}
	Compare(rec, c, nil)
	if len(rec.msgs) != 1 {
		t.Errorf("nil got: %q", rec.msgs)
	}
}

func TestTable(t *testing.T) {
	c := loadToy(t)
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tab.Names, "|"); got != "x|y|label" {
		t.Errorf("names %q (BOM not stripped?)", got)
	}
	if tab.Len() != 3 || !tab.Has("y") || tab.Has("z") {
		t.Errorf("Len %d", tab.Len())
	}
	y, err := tab.Num("y")
	if err != nil {
		t.Fatal(err)
	}
	if y[0] != 2.5 || !math.IsNaN(y[1]) || y[2] != 0.1 {
		t.Errorf("y = %v", y)
	}
	if l := tab.Str("label"); l[1] != "b, quoted" || l[2] != "c" {
		t.Errorf("label = %q", l)
	}
	if tab.Str("nope") != nil {
		t.Error("Str of missing column should be nil")
	}
	if _, err := tab.Num("nope"); !errors.Is(err, ErrNoColumn) {
		t.Errorf("missing column: %v", err)
	}
	_, err = tab.Num("label")
	var ce *CellError
	if !errors.As(err, &ce) || ce.Line != 2 || ce.Column != 3 || ce.Field != "label" || ce.Value != "a" {
		t.Errorf("bad cell: %v (%+v)", err, ce)
	}
}

func TestReadTableErrors(t *testing.T) {
	for _, tt := range []struct{ name, in string }{
		{"empty", ""},
		{"duplicate", "a,a\n1,2\n"},
		{"ragged", "a,b\n1,2\n3\n"},
		{"bad quote", "a,b\n\"1,2\n"},
	} {
		if _, err := ReadTable(strings.NewReader(tt.in), tt.name); err == nil {
			t.Errorf("%s: no error", tt.name)
		} else if !strings.HasPrefix(err.Error(), "reftest: ") {
			t.Errorf("%s: message %q", tt.name, err)
		}
	}
}

func TestRun(t *testing.T) {
	ran := 0
	Run(t, "testdata/cases", map[string]func(*testing.T, *Case){
		"toy_method": func(t *testing.T, c *Case) {
			ran++
			Compare(t, c, goodGot())
		},
	})
	if ran != 1 {
		t.Errorf("ran %d cases", ran)
	}
}

func TestFormatR(t *testing.T) {
	// R 4.2.2: as.character(c(...)), also the labels of factor() levels.
	for _, tt := range []struct {
		x    float64
		want string
	}{
		{1, "1"}, {2.5, "2.5"}, {1e5, "1e+05"}, {1e-4, "1e-04"}, {123456, "123456"}, {0.1, "0.1"},
		{1.0 / 3, "0.333333333333333"}, {1e15, "1e+15"}, {1e-5, "1e-05"},
		{1234567890123456, "1234567890123456"}, {10000, "10000"}, {0.0012, "0.0012"}, {100, "100"},
		{-1e5, "-1e+05"}, {1.5e-8, "1.5e-08"}, {1 << 60, "1152921504606846976"}, {123456.7, "123456.7"},
		{math.NaN(), "NA"}, {math.Inf(-1), "-Inf"},
	} {
		if got := FormatR(tt.x); got != tt.want {
			t.Errorf("FormatR(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
}

func TestSpecAccessors(t *testing.T) {
	c := &Case{ID: "s", Spec: map[string]any{
		"s": "a", "f": 0.5, "b": true, "l": []any{"x", "y"}, "one": "z", "nums": []any{1.0, 2.0}, "num": 3.0,
		"bad": 1.0, "badl": []any{"x", 1.0}, "null": nil,
	}}
	if v, ok, err := c.SpecString("s"); v != "a" || !ok || err != nil {
		t.Errorf("SpecString: %v %v %v", v, ok, err)
	}
	if _, ok, err := c.SpecString("absent"); ok || err != nil {
		t.Errorf("absent: %v %v", ok, err)
	}
	if _, ok, err := c.SpecString("null"); ok || err != nil {
		t.Errorf("null is absent: %v %v", ok, err)
	}
	if _, ok, err := c.SpecString("bad"); !ok || err == nil {
		t.Errorf("wrong type: %v %v", ok, err)
	}
	if v, _, err := c.SpecFloat("f"); v != 0.5 || err != nil {
		t.Errorf("SpecFloat: %v %v", v, err)
	}
	if v, _, err := c.SpecBool("b"); !v || err != nil {
		t.Errorf("SpecBool: %v %v", v, err)
	}
	if v, _, err := c.SpecStrings("l"); len(v) != 2 || v[1] != "y" || err != nil {
		t.Errorf("SpecStrings: %v %v", v, err)
	}
	if v, _, err := c.SpecStrings("one"); len(v) != 1 || v[0] != "z" || err != nil {
		t.Errorf("a scalar is a list of one: %v %v", v, err)
	}
	if _, _, err := c.SpecStrings("badl"); err == nil {
		t.Error("SpecStrings of a mixed list: no error")
	}
	if v, _, err := c.SpecFloats("num"); len(v) != 1 || v[0] != 3 || err != nil {
		t.Errorf("SpecFloats scalar: %v %v", v, err)
	}
	if v, _, err := c.SpecFloats("nums"); len(v) != 2 || err != nil {
		t.Errorf("SpecFloats: %v %v", v, err)
	}
	c.Warnings = []string{"Solution may be nonunique"}
	if !c.Warned("nonunique") || c.Warned("converge") {
		t.Error("Warned")
	}
}

// TestCompareUndefinedAndEmpty: R's NULL/NA for a whole quantity may be
// given as a nil or all-NaN slice; an empty vector accepts nil; an
// exact_zero rule without rtol takes the case's rtol.
func TestCompareUndefinedAndEmpty(t *testing.T) {
	c := &Case{ID: "u", Expected: map[string]any{
		"p_value": nil, "passive": []any{}, "x": []any{0.0, 1.0}, "nested": nil,
	}, Tolerance: Tolerance{Rtol: 1e-6}}
	r, err := convertRule(rawRule{Match: ptr("x"), ExactZero: ptr(true)})
	if err != nil || !r.defaultRtol || !r.ExactZero {
		t.Fatalf("exact_zero alone: %+v %v", r, err)
	}
	r.Rtol = c.Tolerance.Rtol
	c.Tolerance.Rules = []Rule{r}
	for _, tt := range []struct {
		name string
		got  map[string]any
		fail bool
	}{
		{"NaN slice", map[string]any{"p_value": []float64{math.NaN(), math.NaN()}, "passive": nil, "x": []float64{0, 1}, "nested": [][]float64{{math.NaN()}}}, false},
		{"nil slice", map[string]any{"p_value": []float64(nil), "passive": []int{}, "x": []float64{0, 1 + 1e-7}, "nested": nil}, false},
		{"number for NA", map[string]any{"p_value": []float64{math.NaN(), 0.5}, "passive": []int{}, "x": []float64{0, 1}, "nested": nil}, true},
		{"empty slice is not NA", map[string]any{"p_value": []float64{}, "passive": []int{}, "x": []float64{0, 1}, "nested": nil}, true},
		{"exact zero", map[string]any{"p_value": nil, "passive": []int{}, "x": []float64{1e-300, 1}, "nested": nil}, true},
		{"default rtol", map[string]any{"p_value": nil, "passive": []int{}, "x": []float64{0, 1 + 1e-5}, "nested": nil}, true},
		{"non-empty for empty", map[string]any{"p_value": nil, "passive": []int{1}, "x": []float64{0, 1}, "nested": nil}, true},
	} {
		rec := &recorder{}
		Compare(rec, c, tt.got)
		if (len(rec.msgs) > 0) != tt.fail {
			t.Errorf("%s: messages %q, want failure %v", tt.name, rec.msgs, tt.fail)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestToleranceAtol(t *testing.T) {
	dir := t.TempDir()
	cdir := filepath.Join(dir, "c")
	if err := os.Mkdir(cdir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(cdir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("case.json", `{"method": "m", "tolerance": {"rtol": 1e-9, "atol": 1e-6}}`)
	write("expected.json", `{"results": {"a": 0, "b": [1e6, 1]}}`)
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := cases[0]
	if !c.Tolerance.HasAtol || c.Tolerance.Atol != 1e-6 {
		t.Fatalf("tolerance: %+v", c.Tolerance)
	}
	rec := &recorder{}
	// rtol·|want| + atol, no max over the array: b[1] may be off by 1e-6 + 1e-9.
	Compare(rec, c, map[string]any{"a": 5e-7, "b": []float64{1e6 + 1e-3, 1 + 1e-6}})
	if len(rec.msgs) != 0 {
		t.Errorf("within tolerance: %q", rec.msgs)
	}
	rec = &recorder{}
	Compare(rec, c, map[string]any{"a": 2e-6, "b": []float64{1e6, 1 + 1e-5}})
	if len(rec.msgs) != 2 {
		t.Errorf("beyond tolerance: %q", rec.msgs)
	}
}
