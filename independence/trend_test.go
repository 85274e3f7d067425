package independence

import (
	"errors"
	"math"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(got) || math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.17g, want %.17g (tol %g)", name, got, want, tol)
	}
}

// Hand-worked: x = 1..5, y = 1,3,2,5,4. Σd² = 4, ρ = 1 − 6·4/(5·24) = 0.8,
// t = 0.8·sqrt(3/0.36) = 2.3094…, and for 3 df the t CDF is closed-form:
// P(|T| > t) = 1 − (2/π)(t/√3/(1 + t²/3) + atan(t/√3)) = 1 − (2/π)(0.48 + atan(4/3)).
func TestSpearmanHand(t *testing.T) {
	r, err := Spearman([]float64{1, 2, 3, 4, 5}, []float64{1, 3, 2, 5, 4})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "rho", r.Rho, 0.8, 1e-15)
	near(t, "S", r.S, 4, 1e-13) // (n³−n)(1−ρ)/6 = Σd²
	near(t, "t", r.T, 0.8*math.Sqrt(3/0.36), 1e-14)
	near(t, "p", r.PValue, 1-(2/math.Pi)*(0.48+math.Atan(4.0/3)), 1e-12)

	// Ties: mid-ranks. x = 1,2,3,4; y = 1,1,2,3 → ranks y 1.5,1.5,3,4;
	// Pearson of (1,2,3,4) and (1.5,1.5,3,4): sxy = 4.5, sxx = 5, syy = 4.5 → ρ = 4.5/sqrt(22.5).
	r, err = Spearman([]float64{1, 2, 3, 4}, []float64{1, 1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "rho ties", r.Rho, 4.5/math.Sqrt(22.5), 1e-15)

	r, _ = Spearman([]float64{1, 2, 3}, []float64{3, 2, 1})
	if r.Rho != -1 || !math.IsInf(r.T, -1) || r.PValue != 0 {
		t.Errorf("perfect: %+v", r)
	}
	for _, c := range []struct {
		x, y []float64
		err  error
	}{
		{[]float64{1, 2}, []float64{1, 2}, ErrTooFew},
		{[]float64{1, 2, 3}, []float64{1, 2}, ErrLength},
		{[]float64{1, 2, math.NaN()}, []float64{1, 2, 3}, ErrInvalidValue},
		{[]float64{1, 2, 3}, []float64{5, 5, 5}, ErrInvalidValue},
	} {
		if _, err := Spearman(c.x, c.y); !errors.Is(err, c.err) {
			t.Errorf("Spearman(%v, %v): %v, want %v", c.x, c.y, err, c.err)
		}
	}
}

// Hand-worked Mann–Kendall, t = 1..5, y = 1,3,2,5,4: 8 concordant and 2
// discordant pairs, S = 6, var S = 5·4·15/18, τ = 0.6; pairwise slopes
// 2, .5, 4/3, .75, −1, 1, 1/3, 3, 1, −1 → median (0.75 + 1)/2 = 0.875.
func TestMannKendallHand(t *testing.T) {
	r, err := MannKendall([]float64{1, 2, 3, 4, 5}, []float64{1, 3, 2, 5, 4})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "S", r.S, 6, 0)
	near(t, "VarS", r.VarS, 300.0/18, 1e-15)
	near(t, "TauB", r.TauB, 0.6, 1e-15)
	near(t, "Z", r.Z, 6/math.Sqrt(300.0/18), 1e-15)
	near(t, "ZContinuity", r.ZContinuity, 5/math.Sqrt(300.0/18), 1e-15)
	near(t, "p", r.PValue, math.Erfc(6/math.Sqrt(300.0/18)/math.Sqrt2), 1e-14)
	near(t, "Sen", r.SensSlope, 0.875, 1e-15)
	// Intercept: median of y − 0.875 t = (0.125, 1.25, −0.625, 1.5, −0.375) = 0.125.
	near(t, "SenIntercept", r.SensIntercept, 0.125, 1e-15)

	// Ties in y: 1,1,2,2,3. S = 8; groups (2,2): var S = (300 − 2·2·1·9)/18;
	// τ_b = 8/sqrt(10·(10−2)).
	r, err = MannKendall([]float64{1, 2, 3, 4, 5}, []float64{1, 1, 2, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	near(t, "S ties", r.S, 8, 0)
	near(t, "VarS ties", r.VarS, (300.0-36)/18, 1e-15)
	near(t, "TauB ties", r.TauB, 8/math.Sqrt(80), 1e-15)

	// Uneven times: the slope is in units of y per unit of t.
	r, _ = MannKendall([]float64{0, 2, 4, 6}, []float64{0, 1, 2, 3})
	near(t, "Sen uneven", r.SensSlope, 0.5, 1e-15)

	if _, err := MannKendall([]float64{1, 1, 1}, []float64{1, 2, 3}); !errors.Is(err, ErrInvalidValue) {
		t.Errorf("all t tied: %v", err)
	}
	if _, err := MannKendall([]float64{1, 2}, []float64{1, 2}); !errors.Is(err, ErrTooFew) {
		t.Errorf("n=2: %v", err)
	}
}
