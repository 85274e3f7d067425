package calibrate

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// TestCostNeutralDesignRows: the trap of issue 15. Scaling over every
// assessment while the target is the planned total counts the £0 and
// missing plans the design excluded in the model's total but not in the
// target. With the design, CostNeutral works on its rows; without it, the
// default target is refused when some assessment has no positive plan.
func TestCostNeutralDesignRows(t *testing.T) {
	_, as, d := pointsDesign(t, 2000, DesignSpec{AllDomains: true}, nil)
	if len(d.Excluded) == 0 {
		t.Fatal("the synthetic data should have assessments without a positive planned cost")
	}
	f, err := OLS(d.Design, Options{})
	mustNo(t, err)
	m, err := ExportLinear(d, f, ExportOptions{})
	mustNo(t, err)

	res, err := CostNeutral(m, as, NeutralOptions{Design: d})
	mustNo(t, err)
	// OLS with an intercept reproduces the planned total over its rows
	// (Σ fitted = Σ y); the engine's per-case rounding and limits move it
	// by pennies, so the factor is 1 to about 1e-4.
	if math.Abs(res.Factor-1) > 1e-3 || len(res.Amounts) != len(d.Index) {
		t.Errorf("factor %v over %d amounts, want about 1 over the %d design rows", res.Factor, len(res.Amounts), len(d.Index))
	}
	planned := decimal.Zero
	for _, i := range d.Index {
		planned = planned.Add(*as[i].PlannedWeekly)
	}
	if !res.Target.Equal(planned) {
		t.Errorf("target %s, want the design rows' planned total %s", res.Target, planned)
	}

	// The trap: every assessment against the planned total.
	_, err = CostNeutral(m, as, NeutralOptions{})
	var ce *CostError
	if !errors.Is(err, ErrNoCost) || !errors.As(err, &ce) || len(ce.Zero)+len(ce.Missing) != len(d.Excluded) {
		t.Errorf("all assessments, default target: got %v, want a *CostError naming the %d excluded", err, len(d.Excluded))
	}
	// With an explicit target the caller decides what the total covers.
	if _, err := CostNeutral(m, as, NeutralOptions{Target: planned.Mul(decimal.NewFromInt(2)), Tolerance: decimal.NewFromInt(5)}); err != nil {
		t.Errorf("explicit target: %v", err)
	}
	// Assessments that are not the design's input.
	if _, err := CostNeutral(m, as[1:], NeutralOptions{Design: d}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("shifted input: got %v, want ErrInvalidInput", err)
	}
}

// TestPredictAssessments: predictions from assessments through the design's
// recorded columns equal the fitted values of the design's rows, for every
// kind of fit; a fit on other columns is refused.
func TestPredictAssessments(t *testing.T) {
	_, as, d := pointsDesign(t, 600, DesignSpec{AllDomains: true}, nil)
	rows := make([]ras.Assessment, len(d.Index))
	for k, i := range d.Index {
		rows[k] = as[i]
	}
	lf, err := OLS(d.Design, Options{})
	mustNo(t, err)
	gf, err := GLM(d.Design, GLMOptions{Family: Gamma, Link: Log})
	mustNo(t, err)
	rf, err := RLM(d.Design, RLMOptions{})
	mustNo(t, err)
	qf, err := QuantReg(d.Design, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	for _, c := range []struct {
		name   string
		p      Predictor
		fitted []float64
	}{
		{"ols", lf, lf.Fitted},
		{"glm", gf.Predictor(ResponseScale), gf.Fitted},
		{"glm link", gf.Predictor(LinkScale), gf.LinearPredictor},
		{"rlm", rf, rf.Fitted},
		{"rq", qf, qf.Fitted},
	} {
		got, err := d.Predict(c.p, rows)
		mustNo(t, err)
		for i := range got {
			if math.Abs(got[i]-c.fitted[i]) > 1e-9*math.Abs(c.fitted[i]) {
				t.Errorf("%s: row %d: predicted %v, fitted %v", c.name, i, got[i], c.fitted[i])
				break
			}
		}
	}
	other, err := d.Design.SubsetRows([]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19})
	mustNo(t, err)
	other.Names = append([]string(nil), other.Names...)
	other.Names[1] = "renamed"
	of, err := OLS(other, Options{})
	mustNo(t, err)
	if _, err := d.Predict(of, rows); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("a fit on other columns: got %v", err)
	}
}
