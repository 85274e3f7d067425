package calibrate

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzReadFrame: ReadFrame never panics; a frame it returns has columns
// of the declared kinds and as many values as rows, numbers finite or NaN
// (missing).
func FuzzReadFrame(f *testing.F) {
	f.Add("a,b\n1,2\n3,x\n")
	f.Add("\xef\xbb\xbfa;b\r\n1;NA\r\n")
	f.Add("a,b\n\"1\n2\",3\n")
	f.Add("a\n1e400\n")
	f.Fuzz(func(t *testing.T, in string) {
		fr, err := ReadFrame(strings.NewReader(in), FrameOptions{})
		if err != nil {
			var fe *FrameError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FrameError", err)
			}
			return
		}
		for _, nm := range fr.Names() {
			switch fr.Kind(nm) {
			case Numeric:
				v, err := fr.Numeric(nm)
				if err != nil || len(v) != fr.Len() {
					t.Fatalf("column %q: %v, %d values for %d rows", nm, err, len(v), fr.Len())
				}
				for _, x := range v {
					if math.IsInf(x, 0) {
						t.Fatalf("column %q holds %v", nm, x)
					}
				}
			case Text:
				v, _, err := fr.Text(nm)
				if err != nil || len(v) != fr.Len() {
					t.Fatalf("column %q: %v", nm, err)
				}
			default:
				t.Fatalf("column %q has kind %v", nm, fr.Kind(nm))
			}
		}
	})
}

// FuzzFormula: any text either fails to parse with a *FormulaError, or
// builds a model matrix on a small frame (or fails with a *FormulaError),
// never panicking; a matrix it builds has one name and assign per column
// and finite values.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{"y ~ a*b + log(x)", "~ (a + b + x)^2 - a:b", "y ~ I((x+1)^2) - 1",
		"y ~ factor(k):x + 0", "y ~ a %in% b / x", "~ `a` + I(-x^-2)", "y ~ ((("} {
		f.Add(s)
	}
	fr := NewFrame()
	_ = fr.AddNumeric("y", []float64{1, 2, 3, 4, 5, 6})
	_ = fr.AddNumeric("x", []float64{0.5, 1, 2, 3, 4, 5})
	_ = fr.AddNumeric("k", []float64{1, 2, 1, 2, 1, 2})
	_ = fr.AddText("a", []string{"p", "q", "p", "q", "r", "r"}, nil)
	_ = fr.AddText("b", []string{"u", "u", "v", "v", "u", "v"}, nil)
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 200 {
			return
		}
		mm, err := NewModelMatrix(s, fr, FormulaOptions{})
		if err != nil {
			var fe *FormulaError
			if !errors.As(err, &fe) {
				t.Fatalf("%q: error %v is not a *FormulaError", s, err)
			}
			return
		}
		n, p := mm.X.Dims()
		if n != fr.Len() || p != len(mm.Names) || p != len(mm.Assign) {
			t.Fatalf("%q: %d×%d matrix, %d names, %d assign", s, n, p, len(mm.Names), len(mm.Assign))
		}
		for _, v := range mm.X.RawMatrix().Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%q: value %v", s, v)
			}
		}
	})
}
