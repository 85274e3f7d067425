package independence

import (
	"errors"
	"math"
	"testing"
)

// TestTrendTestOptionsR checks R's defaults and alternatives against values
// from R 4.2.2:
//
//	x <- c(2.1, 3.4, 1.9, 5.6, 4.4, 6.1, 3.9, 7.2, 0.5, 8.8, 9.1, 6.6)
//	y <- c(10.2, 11.5, 9.1, 12.7, 13.9, 15.2, 10.8, 9.9, 8.0, 16.1, 14.0, 11.1)
//	cor.test(x, y, method = "spearman", alternative = alt)$p.value  # exact (AS 89)
//	cor.test(x, y, method = "kendall", alternative = alt)           # exact, T = 51
//	cor.test(x[1:8], y[1:8], method = "spearman", alternative = "less")
//	cor.test(x, y, method = "spearman", exact = FALSE, continuity = TRUE, alternative = "greater")
func TestTrendTestOptionsR(t *testing.T) {
	x := []float64{2.1, 3.4, 1.9, 5.6, 4.4, 6.1, 3.9, 7.2, 0.5, 8.8, 9.1, 6.6}
	y := []float64{10.2, 11.5, 9.1, 12.7, 13.9, 15.2, 10.8, 9.9, 8.0, 16.1, 14.0, 11.1}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("%s = %.17g, want %.17g", name, got, want)
		}
	}
	for _, tt := range []struct {
		alt      Alternative
		sp, kend float64
	}{
		{TwoSided, 0.018825126052521159, 0.013770768197851613},
		{Greater, 0.0094125630262605793, 0.0068853840989258064},
		{Less, 0.99134748825647023, 0.9956211336246058},
	} {
		s, err := SpearmanTest(x, y, TestOptions{Alternative: tt.alt})
		if err != nil {
			t.Fatal(err)
		}
		if !s.Exact || s.Alternative != tt.alt.String() {
			t.Errorf("%v: Exact %v, Alternative %q", tt.alt, s.Exact, s.Alternative)
		}
		near("spearman "+tt.alt.String(), s.PValue, tt.sp)
		k, err := MannKendallTest(x, y, TestOptions{Alternative: tt.alt})
		if err != nil {
			t.Fatal(err)
		}
		if !k.Exact || k.T != 51 {
			t.Errorf("kendall %v: Exact %v, T %v (R: 51)", tt.alt, k.Exact, k.T)
		}
		near("kendall "+tt.alt.String(), k.PValue, tt.kend)
		near("kendall continuity "+tt.alt.String(), k.PValueContinuity, tt.kend)
	}
	s, err := SpearmanTest(x[:8], y[:8], TestOptions{Alternative: Less})
	if err != nil {
		t.Fatal(err)
	}
	near("spearman n = 8 (permutations)", s.PValue, 0.87847222222222221)
	s, err = SpearmanTest(x, y, TestOptions{Alternative: Greater, Exact: ExactNever, Continuity: true})
	if err != nil {
		t.Fatal(err)
	}
	near("spearman continuity", s.PValue, 0.0075421578639071401)
	if s.Exact {
		t.Error("ExactNever gave an exact p-value")
	}
}

func TestTrendTestTiesAndOptions(t *testing.T) {
	x := []float64{1, 2, 2, 3, 4, 5}
	y := []float64{2, 1, 4, 3, 6, 5}
	for _, mode := range []ExactMode{ExactAuto, ExactAlways} {
		s, err := SpearmanTest(x, y, TestOptions{Exact: mode})
		if err != nil {
			t.Fatal(err)
		}
		k, err := MannKendallTest(x, y, TestOptions{Exact: mode})
		if err != nil {
			t.Fatal(err)
		}
		// R warns only when exact = TRUE was asked for.
		wantWarn := mode == ExactAlways
		if s.Exact || k.Exact || (len(s.Warnings) > 0) != wantWarn || (len(k.Warnings) > 0) != wantWarn {
			t.Errorf("ties, mode %d: exact %v %v, warnings %q %q", mode, s.Exact, k.Exact, s.Warnings, k.Warnings)
		}
	}
	// Kendall's default is exact only below n = 50.
	n := 50
	a, b := make([]float64, n), make([]float64, n)
	for i := range a {
		a[i], b[i] = float64(i), float64((i*7)%n)
	}
	if k, err := MannKendallTest(a, b, TestOptions{}); err != nil || k.Exact {
		t.Errorf("n = 50, ExactAuto: exact %v (%v)", k.Exact, err)
	}
	if k, err := MannKendallTest(a, b, TestOptions{Exact: ExactAlways}); err != nil || !k.Exact {
		t.Errorf("n = 50, ExactAlways: exact %v (%v)", k.Exact, err)
	}
	for _, bad := range []TestOptions{{Alternative: 3}, {Exact: -1}} {
		if _, err := SpearmanTest(x, y, bad); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
	for _, s := range []string{"two.sided", "two-sided", "greater", "less"} {
		if _, err := ParseAlternative(s); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParseAlternative("up"); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("ParseAlternative(up): %v", err)
	}
}

// TestKendallExactN40 checks Kendall's exact distribution at n = 40 in both
// tails against R 4.2.2:
//
//	set.seed(3); y <- sample(1:40)
//	cor.test(1:40, y, method = "kendall", exact = TRUE, alternative = "greater")  # T = 354
//	y2 <- 1:40 + round(rnorm(40, 0, 8), 3)
//	cor.test(1:40, y2, method = "kendall", exact = TRUE)                          # T = 651
func TestKendallExactN40(t *testing.T) {
	y := []float64{5, 12, 36, 31, 8, 20, 10, 38, 40, 2, 29, 39, 13, 32, 33, 27, 9, 24, 22, 18, 16, 30, 26, 6, 21, 15, 34, 11, 7, 3, 25, 19, 17, 37, 4, 1, 28, 23, 35, 14}
	y2 := []float64{-3.6699999999999999, -10.601000000000001, -7.0559999999999992, -0.084999999999999964, 5.8170000000000002, -4.6010000000000009, 12.672000000000001, 22.630000000000003, 9.9949999999999992, 2.194, 16.423999999999999, 15.177, -6.0710000000000015, 21.91, 14.894, 27.300000000000001, 12.035, 25.616, 13.631, 15.948, 24.741, 25.789000000000001, 27.472999999999999, 20.713000000000001, 23.009, 22.091000000000001, 15.670999999999999, 19.791, 33.247, 33.421999999999997, 30.257999999999999, 39.390000000000001, 26.265000000000001, 32.585999999999999, 33.384999999999998, 32.274999999999999, 36.871000000000002, 31.896999999999998, 39.773000000000003, 30.170000000000002}
	x := make([]float64, 40)
	for i := range x {
		x[i] = float64(i + 1)
	}
	for _, tt := range []struct {
		y    []float64
		alt  Alternative
		T, p float64
	}{
		{y, Greater, 354, 0.80126759542256709},
		{y2, TwoSided, 651, 2.0683899037976516e-11},
	} {
		r, err := MannKendallTest(x, tt.y, TestOptions{Alternative: tt.alt, Exact: ExactAlways})
		if err != nil {
			t.Fatal(err)
		}
		// R's upper tail is 1 − P(T ≤ q − 1), exact to about 1e-15 only.
		if !r.Exact || r.T != tt.T || math.Abs(r.PValue-tt.p) > 1e-9*tt.p+1e-14 {
			t.Errorf("%v: T %v p %.17g, R: T %v p %.17g", tt.alt, r.T, r.PValue, tt.T, tt.p)
		}
	}
}
