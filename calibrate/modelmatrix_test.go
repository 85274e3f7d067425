package calibrate

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// TestModelMatrixR compares NewModelMatrix with R's model.matrix on every
// formula of testdata/formula/expected.json (made by
// testdata/rscripts/formula_grammar.R): column names and assign exactly,
// the rows kept exactly, and every cell to 1e-13 relative (the functions
// are computed by the same libm calls as R's, up to the last bit). One
// case takes R's level order under LC_COLLATE=C.UTF-8 (ICU collation) as
// FormulaOptions.Levels; the others are R in the C locale (byte order),
// this package's default.
func TestModelMatrixR(t *testing.T) {
	fr := readFrameFile(t, "testdata/formula/data.csv", FrameOptions{})
	b, err := os.ReadFile("testdata/formula/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Cases []struct {
			Formula     string              `json:"formula"`
			Colnames    []string            `json:"colnames"`
			Assign      []int               `json:"assign"`
			Rows        []int               `json:"rows"`
			X           [][]float64         `json:"x"`
			Reference   map[string]string   `json:"reference"`
			Levels      map[string][]string `json:"levels"`
			DropMissing bool                `json:"drop_missing"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.Cases) < 30 {
		t.Fatalf("only %d cases", len(exp.Cases))
	}
	for _, c := range exp.Cases {
		t.Run(c.Formula, func(t *testing.T) {
			mm, err := NewModelMatrix(c.Formula, fr, FormulaOptions{Reference: c.Reference, Levels: c.Levels, DropMissing: c.DropMissing})
			if err != nil {
				t.Fatal(err)
			}
			equal(t, c.Colnames, mm.Names, "colnames")
			equal(t, c.Assign, mm.Assign, "assign")
			rows := make([]int, len(mm.Rows))
			for i, r := range mm.Rows {
				rows[i] = r + 1
			}
			equal(t, c.Rows, rows, "rows (1-based)")
			n, p := mm.X.Dims()
			if n != len(c.X) || p != len(c.Colnames) {
				t.Fatalf("dims %d×%d, want %d×%d", n, p, len(c.X), len(c.Colnames))
			}
			for i := range c.X {
				for j, want := range c.X[i] {
					got := mm.X.At(i, j)
					if !(math.Abs(got-want) <= 1e-13*math.Abs(want)) {
						t.Errorf("x[%d][%d] (%s) = %.17g, want %.17g", i, j, c.Colnames[j], got, want)
					}
				}
			}
			if c.DropMissing {
				if len(mm.Dropped)+len(mm.Rows) != fr.Len() {
					t.Errorf("%d dropped + %d kept != %d rows", len(mm.Dropped), len(mm.Rows), fr.Len())
				}
				for _, d := range mm.Dropped {
					if d.Line != d.Row+2 || d.Column == "" {
						t.Errorf("dropped row %+v: want line = row + 2 and a column", d)
					}
				}
			}
			// The same columns for new data: the matrix of the kept rows,
			// rebuilt from a frame of just those rows.
			if !c.DropMissing {
				x2, err := mm.Matrix(fr)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(x2.RawMatrix().Data, mm.X.RawMatrix().Data) {
					t.Errorf("Matrix(same frame) differs from the model matrix")
				}
			}
		})
	}
}

func TestParseFormulaLabels(t *testing.T) {
	for _, c := range []struct {
		in        string
		resp      string
		vars      []string
		terms     []string
		intercept bool
	}{
		{"y ~ x", "y", []string{"x"}, []string{"x"}, true},
		{"log(cost) ~ factor(setting) + age * hours", "log(cost)", []string{"factor(setting)", "age", "hours"},
			[]string{"factor(setting)", "age", "hours", "age:hours"}, true},
		{"~ b + a:b", "", []string{"b", "a"}, []string{"b", "b:a"}, true},
		{"y ~ x - 1", "y", []string{"x"}, []string{"x"}, false},
		{"y ~ 0 + x", "y", []string{"x"}, []string{"x"}, false},
		{"y ~ -1 + x + 1", "y", []string{"x"}, []string{"x"}, true},
		{"y ~ x - 0", "y", []string{"x"}, []string{"x"}, true},
		{"y~I(x^2)+I(x*2)+I( (x+1)/2 )", "y", []string{"I(x^2)", "I(x * 2)", "I((x + 1)/2)"},
			[]string{"I(x^2)", "I(x * 2)", "I((x + 1)/2)"}, true},
		{"y ~ (a+b+c)^2 - a:b", "y", []string{"a", "b", "c"}, []string{"a", "b", "c", "a:c", "b:c"}, true},
		{"y ~ `weekly cost` + `ok_name`", "y", []string{"`weekly cost`", "ok_name"}, []string{"`weekly cost`", "ok_name"}, true},
		{"y ~ log(x) + log( x )", "y", []string{"log(x)"}, []string{"log(x)"}, true},
		{"y ~ I(x*0.5) + I(x*1e5) + I(x/3)", "y", []string{"I(x * 0.5)", "I(x * 1e+05)", "I(x/3)"},
			[]string{"I(x * 0.5)", "I(x * 1e+05)", "I(x/3)"}, true},
	} {
		f, err := ParseFormula(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		equal(t, c.resp, f.Response, c.in)
		equal(t, c.vars, f.Variables, c.in)
		equal(t, c.terms, f.TermLabels, c.in)
		equal(t, c.intercept, f.Intercept, c.in)
	}
}

func TestParseFormulaErrors(t *testing.T) {
	for _, c := range []struct {
		in     string
		offset int
		want   string
	}{
		{"", 0, "empty formula"},
		{"y x", 2, "operator is missing"},
		{"y ~ x +", 7, "unexpected end"},
		{"y ~ (x + z", 10, "expected )"},
		{"y ~ poly(x, 2)", 4, "unsupported function poly"},
		{"y ~ x + 2", 8, "not a term"},
		{"y ~ .", 4, "'.'"},
		{"y ~ x %% 2", 6, "not a formula operator"},
		{"y ~ offset(log(w)) + x", 4, "offset() is not supported"},
		{"y ~ factor(x + 1)", 4, "factor() takes one column"},
		{"y ~ I(x == 2)", 8, "unexpected"},
		{"y ~ `x", 4, "unterminated"},
		{"y ~ (a + b)^1.5", 12, "whole number"},
		{"y ~ y + x", -1, "also appears on the right-hand side"},
		{"x", 0, "needs ~"},
		{"y ~ x ~ z", 2, "not a variable"},
		{"y ~ 1e999", 4, "bad number"},
		{"y ~ 2x", 5, "after the number"},
	} {
		_, err := ParseFormula(c.in)
		var fe *FormulaError
		if !errors.As(err, &fe) || !errors.Is(err, ErrFormula) {
			t.Errorf("%q: got %v, want a *FormulaError wrapping ErrFormula", c.in, err)
			continue
		}
		if c.offset >= 0 && fe.Offset != c.offset {
			t.Errorf("%q: offset %d, want %d (%v)", c.in, fe.Offset, c.offset, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %q does not say %q", c.in, err, c.want)
		}
	}
}

func TestRDouble(t *testing.T) {
	// Values and R 4.2.2's as.character(x).
	for _, c := range []struct {
		x    float64
		want string
	}{
		{6, "6"}, {100000, "1e+05"}, {123456, "123456"}, {0.1, "0.1"}, {1.0 / 3, "0.333333333333333"},
		{1e-20, "1e-20"}, {0.1 + 0.2, "0.3"}, {1e15, "1e+15"}, {1e16, "1e+16"}, {2.5, "2.5"},
		{123456789, "123456789"}, {1234567890123, "1234567890123"}, {-3, "-3"}, {100000.5, "100000.5"},
		{0.0001, "1e-04"}, {0.00012345, "0.00012345"}, {1e-5, "1e-05"}, {100, "100"}, {1e300, "1e+300"},
		{1 << 60, "1152921504606846976"}, {1234567.1, "1234567.1"}, {-100000, "-1e+05"}, {0, "0"},
	} {
		if got := rDouble(c.x); got != c.want {
			t.Errorf("rDouble(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestModelMatrixErrors(t *testing.T) {
	fr := NewFrame()
	mustNo(t, fr.AddNumeric("y", []float64{1, 2, 3, 4}))
	mustNo(t, fr.AddNumeric("x", []float64{1, 0, -1, 2}))
	mustNo(t, fr.AddText("s", []string{"a", "a", "a", "a"}, nil))
	mustNo(t, fr.AddText("t", []string{"u", "v", "1.5", "v"}, nil))
	mustNo(t, fr.AddNumeric("m", []float64{1, math.NaN(), 3, math.NaN()}))
	mustNo(t, fr.AddNumeric("w", []float64{1, -1, 1, 1}))
	for _, c := range []struct {
		formula string
		opt     FormulaOptions
		target  error
		term    string
		column  string
		rows    []int
		want    string
	}{
		{"y ~ log(x)", FormulaOptions{}, ErrDomain, "log(x)", "x", []int{1, 2}, "x = 0"},
		{"y ~ I(1/x)", FormulaOptions{}, ErrDomain, "I(1/x)", "x", []int{1}, "Inf"},
		{"y ~ sqrt(x)", FormulaOptions{}, ErrDomain, "sqrt(x)", "x", []int{2}, "NaN"},
		{"y ~ s", FormulaOptions{}, ErrInvalidInput, "s", "s", nil, "2 or more levels"},
		{"y ~ log(t)", FormulaOptions{}, ErrInvalidInput, "log(t)", "t", nil, "not a number"},
		{"y ~ x + m", FormulaOptions{}, ErrMissing, "m", "m", []int{1, 3}, "DropMissing"},
		{"y ~ nothere", FormulaOptions{}, ErrFormula, "nothere", "nothere", nil, "no column"},
		{"t ~ x", FormulaOptions{}, ErrInvalidInput, "t", "t", nil, "response must be numeric"},
		{"y ~ t", FormulaOptions{Reference: map[string]string{"t": "z"}}, ErrInvalidInput, "t", "t", nil, "not a level"},
		{"y ~ x", FormulaOptions{Reference: map[string]string{"x": "1"}}, ErrInvalidInput, "x", "", nil, "not a factor"},
		{"y ~ x", FormulaOptions{Weights: "w"}, ErrInvalidInput, "weights", "w", []int{1}, "negative weight"},
		{"y ~ x", FormulaOptions{Weights: "1/x"}, ErrDomain, "weights", "x", []int{1}, "Inf"},
		{"y ~ x - 1", FormulaOptions{}, nil, "", "", nil, ""},
		{"y ~ 0", FormulaOptions{}, ErrEmpty, "", "", nil, "no columns"},
	} {
		_, err := NewModelMatrix(c.formula, fr, c.opt)
		if c.target == nil {
			if err != nil {
				t.Errorf("%q: %v", c.formula, err)
			}
			continue
		}
		var fe *FormulaError
		if !errors.As(err, &fe) || !errors.Is(err, c.target) {
			t.Errorf("%q: got %v, want a *FormulaError wrapping %v", c.formula, err, c.target)
			continue
		}
		if fe.Term != c.term || fe.Column != c.column || !slices.Equal(fe.Rows, c.rows) {
			t.Errorf("%q: term %q column %q rows %v, want %q %q %v", c.formula, fe.Term, fe.Column, fe.Rows, c.term, c.column, c.rows)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %q does not say %q", c.formula, err, c.want)
		}
	}
}

func TestModelMatrixNewData(t *testing.T) {
	fr := NewFrame()
	mustNo(t, fr.AddNumeric("y", []float64{1, 2, 3, 4, 5, 6}))
	mustNo(t, fr.AddNumeric("x", []float64{1, 2, 3, 4, 5, 6}))
	mustNo(t, fr.AddText("s", []string{"b", "a", "c", "a", "b", "c"}, nil))
	mustNo(t, fr.AddNumeric("k", []float64{2, 10, 2, 10, 2, 10}))
	mm, err := NewModelMatrix("y ~ s*x + factor(k)", fr, FormulaOptions{Reference: map[string]string{"s": "b"}})
	mustNo(t, err)
	equal(t, []string{"(Intercept)", "sa", "sc", "x", "factor(k)10", "sa:x", "sc:x"}, mm.Names)
	equal(t, map[string][]string{"s": {"b", "a", "c"}, "factor(k)": {"2", "10"}}, mm.Levels)
	equal(t, map[string]map[string]string{"s": {"s": "contrasts"}, "factor(k)": {"factor(k)": "contrasts"}, "s:x": {"s": "contrasts"}}, mm.Coding)

	nd := NewFrame()
	mustNo(t, nd.AddNumeric("x", []float64{10, 20}))
	mustNo(t, nd.AddText("s", []string{"c", "b"}, nil))
	mustNo(t, nd.AddNumeric("k", []float64{10, 2}))
	x, err := mm.Matrix(nd)
	mustNo(t, err)
	equal(t, []float64{1, 0, 1, 10, 1, 0, 10}, x.RawRowView(0))
	equal(t, []float64{1, 0, 0, 20, 0, 0, 0}, x.RawRowView(1))

	// Predict through the matrix: x·b of the rows above.
	fit, err := OLS(mm.Design, Options{})
	mustNo(t, err)
	pred, err := mm.Predict(fit, nd)
	mustNo(t, err)
	for i := range pred {
		want := 0.0
		for j, b := range fit.Estimates {
			if !math.IsNaN(b) {
				want += x.At(i, j) * b
			}
		}
		inDelta(t, want, pred[i], 1e-12*math.Abs(want), "prediction %d", i)
	}

	bad := NewFrame()
	mustNo(t, bad.AddNumeric("x", []float64{1, 2, 3}))
	mustNo(t, bad.AddText("s", []string{"a", "d", "d"}, nil))
	mustNo(t, bad.AddNumeric("k", []float64{2, 2, 2}))
	_, err = mm.Matrix(bad)
	var fe *FormulaError
	if !errors.As(err, &fe) || !errors.Is(err, ErrInvalidInput) || fe.Term != "s" || !slices.Equal(fe.Rows, []int{1, 2}) ||
		!strings.Contains(err.Error(), `new level "d"`) {
		t.Errorf("new level: got %v", err)
	}
	miss := NewFrame()
	mustNo(t, miss.AddText("s", []string{"a"}, nil))
	mustNo(t, miss.AddNumeric("k", []float64{2}))
	if _, err := mm.Matrix(miss); !errors.Is(err, ErrFormula) || !strings.Contains(err.Error(), `no column "x"`) {
		t.Errorf("missing column: got %v", err)
	}
}

func TestModelMatrixLevelsOption(t *testing.T) {
	fr := NewFrame()
	mustNo(t, fr.AddNumeric("y", []float64{1, 2, 3, 4}))
	mustNo(t, fr.AddText("s", []string{"b", "B", "a", "b"}, nil))
	mm, err := NewModelMatrix("y ~ s", fr, FormulaOptions{})
	mustNo(t, err)
	equal(t, []string{"(Intercept)", "sa", "sb"}, mm.Names, "byte order: B < a < b")
	mm, err = NewModelMatrix("y ~ s", fr, FormulaOptions{Levels: map[string][]string{"s": {"a", "z", "B", "b"}}})
	mustNo(t, err)
	equal(t, []string{"(Intercept)", "sB", "sb"}, mm.Names, "levels as given, z (not in the data) left out")
	equal(t, []float64{1, 0, 1}, mm.X.RawRowView(0))
	mm, err = NewModelMatrix("y ~ s", fr, FormulaOptions{Levels: map[string][]string{"s": {"a", "B", "b"}}, Reference: map[string]string{"s": "b"}})
	mustNo(t, err)
	equal(t, []string{"(Intercept)", "sa", "sB"}, mm.Names, "Reference after Levels")
	_, err = NewModelMatrix("y ~ s", fr, FormulaOptions{Levels: map[string][]string{"s": {"a", "b"}}})
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), `the data has the level "B"`) {
		t.Errorf("a level not listed: %v", err)
	}
	_, err = NewModelMatrix("y ~ s", fr, FormulaOptions{Levels: map[string][]string{"t": {"a"}}})
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), `not a factor`) {
		t.Errorf("levels of no factor: %v", err)
	}
}
