package calibrate

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func newElRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// elClose fails unless |got − want| ≤ tol; NaN wants NaN.
func elClose(t testing.TB, name string, got, want, tol float64) {
	t.Helper()
	if math.IsNaN(want) {
		if !math.IsNaN(got) {
			t.Errorf("%s: got %.17g, want NaN", name, got)
		}
		return
	}
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("%s: got %.17g, want %.17g (diff %.3g > %.3g)", name, got, want, math.Abs(got-want), tol)
	}
}

// The hand-worked example: positives score 0.8, 0.6, 0.4; negatives 0.6,
// 0.3, 0.2, 0.1 (one tie across the classes, at 0.6).
//
// ψ(x, y) = 1 if x > y, ½ if equal, 0 below. Placement values:
//
//	positive 0.8: ψ = 1, 1, 1, 1    → V₁₀ = 4/4   = 1
//	positive 0.6: ψ = ½, 1, 1, 1    → V₁₀ = 3.5/4 = 0.875
//	positive 0.4: ψ = 0, 1, 1, 1    → V₁₀ = 3/4   = 0.75
//	negative 0.6: ψ = 1, ½, 0 (from the three positives) → V₀₁ = 1.5/3 = 0.5
//	negatives 0.3, 0.2, 0.1: 3/3 → V₀₁ = 1
//
// AUC = mean V₁₀ = 2.625/3 = 0.875 (= mean V₀₁ = 3.5/4).
// S₁₀ = (0.125² + 0 + 0.125²)/2 = 0.015625; S₀₁ = (0.375² + 3·0.125²)/3 =
// 0.0625. Var = S₁₀/3 + S₀₁/4 = 1/192 + 1/64 = 1/48.
//
// Hanley–McNeil with A = 7/8: Q₁ = 7/9, Q₂ = 49/60, A² = 49/64, so
// Q₁ − A² = 7/576, Q₂ − A² = 49/960, A(1−A) = 7/64 and
// Var = (7/64 + 2·7/576 + 3·49/960)/12 = (315 + 70 + 441)/2880/12 = 413/17280.
var (
	handY = []float64{1, 1, 1, 0, 0, 0, 0}
	handP = []float64{0.8, 0.6, 0.4, 0.6, 0.3, 0.2, 0.1}
)

func TestAUCIntervalHandWorked(t *testing.T) {
	const z95 = 1.959963984540054 // qnorm(0.975)
	for _, tc := range []struct {
		method   AUCMethod
		variance float64
	}{
		{AUCDeLong, 1.0 / 48},
		{AUCHanleyMcNeil, 413.0 / 17280},
	} {
		t.Run(tc.method.String(), func(t *testing.T) {
			r, err := AUCInterval(handY, handP, AUCOptions{Method: tc.method})
			if err != nil {
				t.Fatal(err)
			}
			se := math.Sqrt(tc.variance)
			elClose(t, "auc", r.AUC, 0.875, 1e-15)
			elClose(t, "se", r.SE, se, 1e-15)
			elClose(t, "lower", r.Lower, 0.875-z95*se, 1e-14)
			elClose(t, "upper (clipped)", r.Upper, 1, 0)
			if r.N1 != 3 || r.N0 != 4 || r.ConfLevel != 0.95 {
				t.Errorf("counts %d, %d, level %v; want 3, 4, 0.95", r.N1, r.N0, r.ConfLevel)
			}
		})
	}
	// A 50% interval is not clipped: 0.875 ± qnorm(0.75)·SE.
	r, err := AUCInterval(handY, handP, AUCOptions{ConfLevel: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	const z75 = 0.67448975019608171
	se := math.Sqrt(1.0 / 48)
	elClose(t, "lower50", r.Lower, 0.875-z75*se, 1e-14)
	elClose(t, "upper50", r.Upper, 0.875+z75*se, 1e-14)
}

// delongBrute computes the DeLong variance from its definition, pair by
// pair: an independent second implementation for random data with ties.
func delongBrute(y, p []float64) (auc, variance float64) {
	var pos, neg []float64
	for i := range y {
		if y[i] == 1 {
			pos = append(pos, p[i])
		} else {
			neg = append(neg, p[i])
		}
	}
	psi := func(x, y float64) float64 {
		switch {
		case x > y:
			return 1
		case x == y:
			return 0.5
		}
		return 0
	}
	v10 := make([]float64, len(pos))
	v01 := make([]float64, len(neg))
	for i, x := range pos {
		for j, yv := range neg {
			s := psi(x, yv)
			v10[i] += s
			v01[j] += s
			auc += s
		}
	}
	n1, n0 := float64(len(pos)), float64(len(neg))
	auc /= n1 * n0
	var s10, s01 float64
	for i := range v10 {
		d := v10[i]/n0 - auc
		s10 += d * d
	}
	for j := range v01 {
		d := v01[j]/n1 - auc
		s01 += d * d
	}
	return auc, s10/(n1-1)/n1 + s01/(n0-1)/n0
}

func TestAUCIntervalMatchesPairwiseDefinition(t *testing.T) {
	rng := newElRand(11)
	for trial := range 20 {
		n := 5 + trial*7
		y := make([]float64, n)
		p := make([]float64, n)
		for i := range y {
			p[i] = float64(rng.IntN(12)) / 12 // many ties
			if rng.Float64() < 0.3+0.4*p[i] {
				y[i] = 1
			}
		}
		y[0], y[1], y[2], y[3] = 0, 0, 1, 1
		auc, v := delongBrute(y, p)
		r, err := AUCInterval(y, p, AUCOptions{})
		if err != nil {
			t.Fatal(err)
		}
		elClose(t, "auc", r.AUC, auc, 1e-13)
		elClose(t, "se", r.SE, math.Sqrt(v), 1e-13)
		a2, err := AUC(y, p)
		if err != nil {
			t.Fatal(err)
		}
		elClose(t, "auc vs AUC", r.AUC, a2, 1e-14)
	}
}

func TestAUCIntervalUndefinedAndErrors(t *testing.T) {
	// One positive: DeLong's S₁₀ has no degrees of freedom → NaN (pROC: NA).
	r, err := AUCInterval([]float64{1, 0, 0}, []float64{0.9, 0.1, 0.5}, AUCOptions{})
	if err != nil {
		t.Fatal(err)
	}
	elClose(t, "auc", r.AUC, 1, 0)
	elClose(t, "se", r.SE, math.NaN(), 0)
	elClose(t, "lower", r.Lower, math.NaN(), 0)
	for _, tc := range []struct {
		name string
		y, p []float64
		opt  AUCOptions
		want error
	}{
		{"one class", []float64{1, 1}, []float64{0.2, 0.3}, AUCOptions{}, ErrInvalidInput},
		{"length", []float64{1, 0}, []float64{0.2}, AUCOptions{}, ErrLength},
		{"empty", nil, nil, AUCOptions{}, ErrEmpty},
		{"nan", []float64{1, 0}, []float64{math.NaN(), 0.1}, AUCOptions{}, ErrNonFinite},
		{"y=2", []float64{2, 0}, []float64{0.5, 0.1}, AUCOptions{}, ErrDomain},
		{"level", []float64{1, 0}, []float64{0.5, 0.1}, AUCOptions{ConfLevel: 1}, ErrInvalidInput},
		{"method", []float64{1, 0}, []float64{0.5, 0.1}, AUCOptions{Method: 7}, ErrInvalidInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := AUCInterval(tc.y, tc.p, tc.opt)
			if !errors.Is(err, tc.want) {
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
}

func TestCalibrationTableHandWorked(t *testing.T) {
	// Ten cases, three groups: sorted positions 0–2, 3–5, 6–9.
	p := []float64{0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.05}
	y := []float64{1, 0, 1, 0, 0, 0, 1, 1, 1, 0}
	// Sorted: 0.05(0) 0.1(0) 0.2(0) | 0.3(0) 0.4(1) 0.5(1) | 0.6(1) 0.7(0) 0.8(1) 0.9(1)
	want := []CalibrationGroup{
		{Group: 1, N: 3, Events: 0, MinPredicted: 0.05, MaxPredicted: 0.2, MeanPredicted: 0.35 / 3, ObservedRate: 0},
		{Group: 2, N: 3, Events: 2, MinPredicted: 0.3, MaxPredicted: 0.5, MeanPredicted: 0.4, ObservedRate: 2.0 / 3},
		{Group: 3, N: 4, Events: 3, MinPredicted: 0.6, MaxPredicted: 0.9, MeanPredicted: 0.75, ObservedRate: 0.75},
	}
	got, err := CalibrationTable(y, p, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d groups, want %d", len(got), len(want))
	}
	for g := range want {
		w, h := want[g], got[g]
		if h.Group != w.Group || h.N != w.N || h.Events != w.Events {
			t.Errorf("group %d: got %+v, want %+v", g+1, h, w)
		}
		elClose(t, "min", h.MinPredicted, w.MinPredicted, 0)
		elClose(t, "max", h.MaxPredicted, w.MaxPredicted, 0)
		elClose(t, "mean", h.MeanPredicted, w.MeanPredicted, 1e-15)
		elClose(t, "rate", h.ObservedRate, w.ObservedRate, 1e-15)
	}
	for _, g := range []int{0, 11} {
		if _, err := CalibrationTable(y, p, g); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%d groups: error %v, want ErrInvalidInput", g, err)
		}
	}
}

func TestThresholdTableHandWorked(t *testing.T) {
	p := []float64{0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 0.05}
	y := []float64{1, 0, 1, 0, 0, 0, 1, 1, 1, 0}
	nan := math.NaN()
	// Five eligible (0.9, 0.5, 0.8, 0.4, 0.6), five not (0.1, 0.3, 0.7, 0.2, 0.05).
	want := []ThresholdMetrics{
		// t = 0.5: refer 0.5 0.6 0.7 0.8 0.9 → TP 4 (0.5, 0.6, 0.8, 0.9), FP 1 (0.7).
		{Threshold: 0.5, TP: 4, FP: 1, TN: 4, FN: 1, Sensitivity: 0.8, Specificity: 0.8, PPV: 0.8, NPV: 0.8, ReferralRate: 0.5},
		// t = 0.75: refer 0.8, 0.9 → TP 2, FP 0.
		{Threshold: 0.75, TP: 2, FP: 0, TN: 5, FN: 3, Sensitivity: 0.4, Specificity: 1, PPV: 1, NPV: 5.0 / 8, ReferralRate: 0.2},
		// t = 0.95: nobody → PPV undefined.
		{Threshold: 0.95, TP: 0, FP: 0, TN: 5, FN: 5, Sensitivity: 0, Specificity: 1, PPV: nan, NPV: 0.5, ReferralRate: 0},
		// t = 0: everybody → NPV undefined.
		{Threshold: 0, TP: 5, FP: 5, TN: 0, FN: 0, Sensitivity: 1, Specificity: 0, PPV: 0.5, NPV: nan, ReferralRate: 1},
		// t = 0.3 exactly: p ≥ t refers 0.3 too.
		{Threshold: 0.3, TP: 5, FP: 2, TN: 3, FN: 0, Sensitivity: 1, Specificity: 0.6, PPV: 5.0 / 7, NPV: 1, ReferralRate: 0.7},
	}
	ts := make([]float64, len(want))
	for i := range want {
		ts[i] = want[i].Threshold
	}
	got, err := ThresholdTable(y, p, ts)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		h := got[i]
		if h.Threshold != w.Threshold || h.TP != w.TP || h.FP != w.FP || h.TN != w.TN || h.FN != w.FN {
			t.Errorf("t=%v: got %+v, want %+v", w.Threshold, h, w)
			continue
		}
		elClose(t, "sens", h.Sensitivity, w.Sensitivity, 1e-15)
		elClose(t, "spec", h.Specificity, w.Specificity, 1e-15)
		elClose(t, "ppv", h.PPV, w.PPV, 1e-15)
		elClose(t, "npv", h.NPV, w.NPV, 1e-15)
		elClose(t, "rate", h.ReferralRate, w.ReferralRate, 1e-15)
	}
	one, err := AtThreshold(y, p, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	if one.TP != 4 || one.FP != 1 {
		t.Errorf("AtThreshold(0.5) = %+v", one)
	}
	grid, err := ThresholdTable(y, p, nil)
	if err != nil || len(grid) != 19 || grid[0].Threshold != 0.05 || grid[18].Threshold != 0.95 {
		t.Errorf("default grid: %v, %d rows", err, len(grid))
	}
	if _, err := AtThreshold(y, p, math.NaN()); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NaN threshold: %v", err)
	}
}

// A logistic fit of y on x gives (α, β). Any p = logistic(c + d·x) has
// logit p = c + d·x, so recalibrating y on logit p is the same model
// reparametrised: slope β/d and intercept α − c·β/d, exactly.
func TestCalibrationSlopeReparametrisation(t *testing.T) {
	rng := newElRand(3)
	n := 400
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()*2 + 1
		if rng.Float64() < 1/(1+math.Exp(-(-0.5+0.8*x[i]))) {
			y[i] = 1
		}
	}
	d, err := NewDesign([]string{"x"}, [][]float64{x}, y, true)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := GLM(d, GLMOptions{Family: Binomial, Epsilon: 1e-14, MaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	alpha, beta := fit.Coefficients[0], fit.Coefficients[1]
	const c, dd = 0.3, 0.5
	p := make([]float64, n)
	for i := range p {
		p[i] = 1 / (1 + math.Exp(-(c + dd*x[i])))
	}
	r, err := CalibrationSlope(y, p)
	if err != nil {
		t.Fatal(err)
	}
	elClose(t, "slope", r.Slope, beta/dd, 1e-7*math.Abs(beta/dd))
	elClose(t, "intercept", r.Intercept, alpha-c*beta/dd, 1e-7)
	elClose(t, "slope SE", r.SlopeSE, fit.Coefs[1].StdErr/dd, 1e-6*fit.Coefs[1].StdErr/dd)
	isOK := r.SlopeLower < r.Slope && r.Slope < r.SlopeUpper && r.ConfLevel == 0.95
	if !isOK {
		t.Errorf("interval %v..%v around %v at %v", r.SlopeLower, r.SlopeUpper, r.Slope, r.ConfLevel)
	}
	// In-sample predictions of the fit itself recalibrate to (0, 1).
	r, err = CalibrationSlope(y, fit.Fitted)
	if err != nil {
		t.Fatal(err)
	}
	elClose(t, "self slope", r.Slope, 1, 1e-7)
	elClose(t, "self intercept", r.Intercept, 0, 1e-7)

	if _, err := CalibrationSlope([]float64{1, 0}, []float64{1, 0.5}); !errors.Is(err, ErrDomain) {
		t.Errorf("p = 1: %v", err)
	}
	if _, err := CalibrationSlope([]float64{1, 0}, []float64{0.5, 0.5}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("equal p: %v", err)
	}
}

// TestProbabilityMetricsRange is issue #13 item 14: Brier accepted p = 1.5 (and y = 5). Every
// measure of probabilities now rejects a prediction outside [0, 1] (and Brier and
// calibration-in-the-large an outcome outside it) with a *DataError naming the row; AUC,
// which ranks scores, still takes any finite score.
func TestProbabilityMetricsRange(t *testing.T) {
	y := []float64{0, 1, 1, 0}
	p := []float64{0.2, 1.5, 0.7, 0.1}
	measures := map[string]func(y, p []float64) error{
		"Brier":                 func(y, p []float64) error { _, err := Brier(y, p); return err },
		"CalibrationInTheLarge": func(y, p []float64) error { _, err := CalibrationInTheLarge(y, p); return err },
		"CalibrationTable":      func(y, p []float64) error { _, err := CalibrationTable(y, p, 2); return err },
		"ThresholdTable":        func(y, p []float64) error { _, err := ThresholdTable(y, p, nil); return err },
		"AtThreshold":           func(y, p []float64) error { _, err := AtThreshold(y, p, 0.5); return err },
		"EvaluateProbabilities": func(y, p []float64) error {
			_, err := EvaluateProbabilities(y, p, AccuracyOptions{Groups: 2})
			return err
		},
	}
	for name, f := range measures {
		for _, bad := range []float64{1.5, -0.25, 1 + 1e-15} {
			q := slices.Clone(p)
			q[1] = bad
			err := f(y, q)
			var de *DataError
			if !errors.Is(err, ErrDomain) || !errors.As(err, &de) || de.Row != 1 || de.Column != "prediction" {
				t.Errorf("%s with p = %v: got %v, want a *DataError for row 1, column prediction, wrapping ErrDomain", name, bad, err)
			}
		}
	}
	// Brier and calibration-in-the-large take an outcome in [0, 1], not beyond.
	for _, f := range []func(y, p []float64) (float64, error){Brier, CalibrationInTheLarge} {
		var de *DataError
		if _, err := f([]float64{0, 5, 1}, []float64{0.1, 0.5, 0.9}); !errors.Is(err, ErrDomain) || !errors.As(err, &de) || de.Row != 1 || de.Column != "y" {
			t.Errorf("outcome 5: got %v, want a *DataError for row 1, column y, wrapping ErrDomain", err)
		}
		if _, err := f([]float64{0, 0.5, 1}, []float64{0, 0.5, 1}); err != nil {
			t.Errorf("fractional outcome and p at 0 and 1: %v", err)
		}
	}
	if auc, err := AUC([]float64{0, 1}, []float64{-3, 12.5}); err != nil || auc != 1 {
		t.Errorf("AUC of scores: %v, %v; want 1", auc, err)
	}
}
