package calibrate

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

// referenceFormula runs the formula methods (model_matrix, lm_formula):
// the case's data.csv is read with ReadFrame and spec.formula goes through
// NewModelMatrix, so the reference checks the whole path a researcher
// takes. It reports whether it knew the method.
func referenceFormula(t *testing.T, c *reftest.Case) bool {
	switch c.Method {
	case "model_matrix":
		refModelMatrix(t, c)
	case "lm_formula":
		refLMFormula(t, c)
	default:
		return false
	}
	return true
}

// caseFrame reads the case's data file as a Frame.
func caseFrame(t *testing.T, c *reftest.Case) *Frame {
	t.Helper()
	f, err := os.Open(filepath.Join(c.Dir, c.DataFiles[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fr, err := ReadFrame(f, FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return fr
}

// caseModelMatrix builds spec.formula on the case's data, with
// spec.weights (a column or "1/col") as prior weights when given.
func caseModelMatrix(t *testing.T, c *reftest.Case) *ModelMatrix {
	t.Helper()
	fr := caseFrame(t, c)
	opt := FormulaOptions{DropMissing: true} // R's na.omit
	if w, ok := c.Spec["weights"].(string); ok {
		opt.Weights = w
	}
	mm, err := NewModelMatrix(specString(t, c, "formula"), fr, opt)
	if err != nil {
		t.Fatal(err)
	}
	logDropped(t, mm)
	return mm
}

func refModelMatrix(t *testing.T, c *reftest.Case) {
	mm := caseModelMatrix(t, c)
	n, p := mm.X.Dims()
	sums := make([]float64, p)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			sums[j] += mm.X.At(i, j)
		}
	}
	first := make([][]float64, min(5, n))
	for i := range first {
		first[i] = mm.X.RawRowView(i)
	}
	reftest.Compare(t, c, map[string]any{
		"n_rows":      n,
		"colnames":    mm.Names,
		"assign":      mm.Assign,
		"col_sums":    sums,
		"first5_rows": first,
	})
}

func refLMFormula(t *testing.T, c *reftest.Case) {
	mm := caseModelMatrix(t, c)
	if mm.Design == nil {
		t.Fatalf("lm_formula: %q has no response", mm.Formula.Text)
	}
	var f *LinearFit
	var err error
	if mm.Weights != nil {
		f, err = WLS(mm.Design, mm.Weights, Analytic, Options{})
	} else {
		f, err = OLS(mm.Design, Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	got := lmResults(f)
	// R: attr(terms(fit), "intercept"), which a factor's indicators do not
	// change.
	got["intercept"] = mm.Formula.Intercept
	reftest.Compare(t, c, got)
}
