package stats

import (
	"fmt"
	"math"
	"testing"
)

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}

// millsQ is an independent reference for P(Z > z), z >= 3: the continued
// fraction Q(z) = φ(z)/(z + 1/(z + 2/(z + 3/(z + ...)))), evaluated
// backwards. z is chosen so that z²/2 is exact.
func millsQ(z float64) float64 {
	cf := z
	for k := 400; k >= 1; k-- {
		cf = z + float64(k)/cf
	}
	return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) / cf
}

func TestNormalSurvival(t *testing.T) {
	// Values printed by R 4.2 (pnorm with 17 significant digits).
	r := []struct{ z, want, rtol float64 }{
		{10, 7.619853024160527e-24, 2e-15}, // pnorm(10, lower.tail = FALSE)
		{1.96, 0.024997895148220435, 1e-15},
		{-1.96, 0.97500210485177952, 1e-15},
		{0, 0.5, 0},
	}
	for _, c := range r {
		if got := NormalSurvival(c.z); relErr(got, c.want) > c.rtol {
			t.Errorf("NormalSurvival(%v) = %.17g, want %.17g (rel err %.2g > %.1g)", c.z, got, c.want, relErr(got, c.want), c.rtol)
		}
	}
	// Continued-fraction reference deep into the tail.
	for _, z := range []float64{3, 4, 5, 6.5, 8, 10, 12.5, 15, 20, 25, 30, 35, 37.5} {
		want := millsQ(z)
		got := NormalSurvival(z)
		if relErr(got, want) > 3e-15 {
			t.Errorf("NormalSurvival(%v) = %.17g, continued fraction %.17g (rel err %.2g)", z, got, want, relErr(got, want))
		}
		if got2 := NormalCDF(-z); got2 != got {
			t.Errorf("NormalCDF(-%v) = %v, want NormalSurvival(%v) = %v", z, got2, z, got)
		}
	}
	// Centre: CDF + survival = 1.
	for z := -3.0; z <= 3; z += 0.125 {
		if s := NormalCDF(z) + NormalSurvival(z); math.Abs(s-1) > 2e-16 {
			t.Errorf("CDF+Survival at %v = %v", z, s)
		}
	}
	if !math.IsNaN(NormalSurvival(math.NaN())) || NormalSurvival(math.Inf(1)) != 0 || NormalCDF(math.Inf(1)) != 1 {
		t.Error("special values")
	}
	if NormalSurvival(40) != 0 && NormalSurvival(40) > 1e-320 {
		t.Errorf("NormalSurvival(40) = %v, want underflow", NormalSurvival(40))
	}
}

func TestNormalQuantile(t *testing.T) {
	known := []struct{ p, want, rtol float64 }{
		{0.975, 1.959963984540054, 1e-15},  // qnorm(0.975)
		{0.025, -1.959963984540054, 1e-15}, // symmetric
		{0.5, 0, 0},
		{0.95, 1.6448536269514722, 1e-15}, // qnorm(0.95)
	}
	for _, c := range known {
		if got := NormalQuantile(c.p); relErr(got, c.want) > c.rtol {
			t.Errorf("NormalQuantile(%v) = %.17g, want %.17g", c.p, got, c.want)
		}
	}
	// Round trip through the independently tested CDF, down to 1e-300.
	for e := -300.0; e <= -1; e += 1 {
		for _, m := range []float64{1, 3, 7} {
			p := m * math.Pow(10, e)
			z := NormalQuantile(p)
			if got := NormalCDF(z); relErr(got, p) > 1e-13*math.Max(1, math.Abs(z)) {
				t.Errorf("NormalCDF(NormalQuantile(%g)) = %g (rel err %.2g)", p, got, relErr(got, p))
			}
		}
	}
	for _, p := range []float64{-0.1, 1.1, math.NaN()} {
		if !math.IsNaN(NormalQuantile(p)) {
			t.Errorf("NormalQuantile(%v) should be NaN", p)
		}
	}
	if !math.IsInf(NormalQuantile(0), -1) || !math.IsInf(NormalQuantile(1), 1) {
		t.Error("NormalQuantile(0 or 1)")
	}
}

// tSeriesA is Abramowitz & Stegun 26.7.3/26.7.4: A(t|ν) = P(|T| <= t) for
// integer ν, a finite trigonometric sum independent of the incomplete beta
// function. Accurate when A is not close to 1.
func tSeriesA(t float64, nu int) float64 {
	th := math.Atan(t / math.Sqrt(float64(nu)))
	s, c := math.Sin(th), math.Cos(th)
	if nu%2 == 1 {
		if nu == 1 {
			return 2 * th / math.Pi
		}
		sum, term := c, c
		for k := 1; 2*k+1 <= nu-2; k++ {
			term *= float64(2*k) / float64(2*k+1) * c * c
			sum += term
		}
		return 2 / math.Pi * (th + s*sum)
	}
	sum, term := 1.0, 1.0
	for k := 1; 2*k <= nu-2; k++ {
		term *= float64(2*k-1) / float64(2*k) * c * c
		sum += term
	}
	return s * sum
}

// incBetaSeries is I_x(a, b) by the hypergeometric series (DLMF 8.17.8)
// x^a (1−x)^b / (a B(a,b)) · Σ_k (a+b)_k/(a+1)_k x^k, for small x: an
// independent evaluation for the tails.
func incBetaSeries(x, a, b float64) float64 {
	lga, _ := math.Lgamma(a)
	lgb, _ := math.Lgamma(b)
	lgab, _ := math.Lgamma(a + b)
	sum, term := 1.0, 1.0
	for k := 0; k < 10000; k++ {
		term *= (a + b + float64(k)) / (a + 1 + float64(k)) * x
		sum += term
		if term < 1e-18*sum {
			break
		}
	}
	return math.Exp(a*math.Log(x)+b*math.Log1p(-x)-math.Log(a)-(lga+lgb-lgab)) * sum
}

func TestStudentTSurvival(t *testing.T) {
	// Closed forms: ν = 1 (Cauchy) S = atan2(1, t)/π; ν = 2 S = 1/(s(s+t)), s = √(2+t²).
	ts := []float64{0.1, 0.5, 1, 2, 5, 10, 100, 1e5, 1e10, 1e60, 1e120, 1e200}
	for _, x := range ts {
		if got, want := StudentTSurvival(x, 1), math.Atan2(1, x)/math.Pi; relErr(got, want) > 1e-13 {
			t.Errorf("df=1 t=%g: got %.17g want %.17g (rel %.2g)", x, got, want, relErr(got, want))
		}
		if got, want := StudentTSurvival(-x, 1), math.Atan2(1, -x)/math.Pi; relErr(got, want) > 1e-14 {
			t.Errorf("df=1 t=%g: got %.17g want %.17g", -x, got, want)
		}
		if x < 1e150 {
			s := math.Sqrt(2 + x*x)
			if got, want := StudentTSurvival(x, 2), 1/(s*(s+x)); relErr(got, want) > 1e-13 {
				t.Errorf("df=2 t=%g: got %.17g want %.17g (rel %.2g)", x, got, want, relErr(got, want))
			}
		}
	}
	// A&S trigonometric series, integer df, moderate t.
	for nu := 1; nu <= 12; nu++ {
		for _, x := range []float64{0.25, 0.5, 1, 1.5, 2, 3} {
			want := (1 - tSeriesA(x, nu)) / 2
			if got := StudentTSurvival(x, float64(nu)); relErr(got, want) > 1e-12 {
				t.Errorf("df=%d t=%v: got %.17g, A&S series %.17g (rel %.2g)", nu, x, got, want, relErr(got, want))
			}
			if got := StudentTCDF(-x, float64(nu)); relErr(got, want) > 1e-12 {
				t.Errorf("CDF df=%d t=%v: got %.17g, want %.17g", nu, -x, got, want)
			}
		}
	}
	// Far tails, any df: S = I_x(ν/2, 1/2)/2, x = ν/(ν+t²), by the power series.
	for _, nu := range []float64{3, 4.5, 7, 30, 1000} {
		for _, x := range []float64{10, 50, 1e3, 1e6} {
			want := incBetaSeries(nu/(nu+x*x), nu/2, 0.5) / 2
			if got := StudentTSurvival(x, nu); relErr(got, want) > 1e-12 {
				t.Errorf("tail df=%v t=%v: got %.17g, series %.17g (rel %.2g)", nu, x, got, want, relErr(got, want))
			}
		}
	}
	// Printed t tables (6 significant digits): two-sided 5% points.
	if got := 2 * StudentTSurvival(2.228139, 10); math.Abs(got-0.05) > 1e-6 {
		t.Errorf("2·S(2.228139, 10) = %v, want 0.05", got)
	}
	// df > 4e5 uses R's normal approximation; df = Inf is the normal.
	if got, want := StudentTSurvival(1.96, 1e6), NormalSurvival(1.96*(1-2.5e-7)/math.Sqrt(1+1.96*1.96*5e-7)); relErr(got, want) > 1e-15 {
		t.Errorf("large df: %v vs %v", got, want)
	}
	if got := StudentTSurvival(3, math.Inf(1)); got != NormalSurvival(3) {
		t.Errorf("df=Inf: %v", got)
	}
	for _, c := range [][2]float64{{math.NaN(), 3}, {1, math.NaN()}, {1, 0}, {1, -2}} {
		if !math.IsNaN(StudentTSurvival(c[0], c[1])) {
			t.Errorf("StudentTSurvival(%v, %v) should be NaN", c[0], c[1])
		}
	}
	if StudentTSurvival(0, 5) != 0.5 || StudentTSurvival(math.Inf(1), 5) != 0 || StudentTSurvival(math.Inf(-1), 5) != 1 {
		t.Error("special values")
	}
}

// tQuantileDF4 is the closed form for ν = 4 (Shaw 2006):
// α = 4p(1−p), t = sign(p−½)·√(4/√α · cos(acos(√α)/3) − 4).
func tQuantileDF4(p float64) float64 {
	a := 4 * p * (1 - p)
	q := math.Sqrt(4/math.Sqrt(a)*math.Cos(math.Acos(math.Sqrt(a))/3) - 4)
	if p < 0.5 {
		return -q
	}
	return q
}

func TestStudentTQuantile(t *testing.T) {
	ps := []float64{1e-300, 1e-100, 1e-20, 1e-8, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.49, 0.6, 0.9, 0.975, 0.999}
	for _, p := range ps {
		// ν = 1: t = tan(π(p − ½)); ν = 2: (2p−1)/√(2p(1−p)).
		if got, want := StudentTQuantile(p, 1), -1/math.Tan(math.Pi*p); relErr(got, want) > 1e-13 {
			t.Errorf("df=1 p=%g: %.17g want %.17g", p, got, want)
		}
		if got, want := StudentTQuantile(p, 2), (2*p-1)/math.Sqrt(2*p*(1-p)); relErr(got, want) > 1e-13 {
			t.Errorf("df=2 p=%g: %.17g want %.17g", p, got, want)
		}
		if p > 1e-100 { // the closed form loses accuracy for tiny α
			if got, want := StudentTQuantile(p, 4), tQuantileDF4(p); relErr(got, want) > 1e-10 {
				t.Errorf("df=4 p=%g: %.17g want %.17g (rel %.2g)", p, got, want, relErr(got, want))
			}
		}
		// Round trip for fractional and large df.
		for _, nu := range []float64{3, 4.5, 9, 30, 200} {
			x := StudentTQuantile(p, nu)
			got := StudentTCDF(x, nu)
			tol := 1e-12
			if relErr(got, p) > tol {
				t.Errorf("df=%v p=%g: CDF(Quantile) = %.17g (rel %.2g)", nu, p, got, relErr(got, p))
			}
		}
	}
	// Printed t tables (6 significant digits).
	table := []struct{ p, df, want float64 }{
		{0.975, 10, 2.228139}, {0.975, 5, 2.570582}, {0.975, 30, 2.042272}, {0.995, 10, 3.169273}, {0.95, 20, 1.724718},
	}
	for _, c := range table {
		if got := StudentTQuantile(c.p, c.df); math.Abs(got-c.want) > 6e-7 {
			t.Errorf("qt(%v, %v) = %v, table %v", c.p, c.df, got, c.want)
		}
	}
	if StudentTQuantile(0.5, 7) != 0 || !math.IsInf(StudentTQuantile(0, 7), -1) || !math.IsInf(StudentTQuantile(1, 7), 1) {
		t.Error("special values")
	}
	if got := StudentTQuantile(0.975, math.Inf(1)); got != NormalQuantile(0.975) {
		t.Errorf("df=Inf: %v", got)
	}
	for _, c := range [][2]float64{{math.NaN(), 3}, {0.5, math.NaN()}, {0.3, 0}, {-0.1, 3}, {1.5, 3}} {
		if !math.IsNaN(StudentTQuantile(c[0], c[1])) {
			t.Errorf("StudentTQuantile(%v, %v) should be NaN", c[0], c[1])
		}
	}
}

func TestChiSquareSurvival(t *testing.T) {
	closed := map[float64]func(x float64) float64{
		2: func(x float64) float64 { return math.Exp(-x / 2) },
		4: func(x float64) float64 { return math.Exp(-x/2) * (1 + x/2) },
		6: func(x float64) float64 { return math.Exp(-x/2) * (1 + x/2 + x*x/8) },
		1: func(x float64) float64 { return math.Erfc(math.Sqrt(x / 2)) },
	}
	for df, f := range closed {
		for _, x := range []float64{0.01, 0.5, 1, 3.84, 10, 50, 200, 1000} {
			want := f(x)
			tol := 1e-13
			if df == 1 {
				tol = 1e-13 * math.Max(1, x) // the reference's own sqrt/erfc rounding
			}
			if got := ChiSquareSurvival(x, df); relErr(got, want) > tol {
				t.Errorf("df=%v x=%v: %.17g want %.17g (rel %.2g)", df, x, got, want, relErr(got, want))
			}
		}
	}
	// qchisq(0.95, 1) = 3.841458820694124 in R.
	if got := ChiSquareSurvival(3.841458820694124, 1); math.Abs(got-0.05) > 1e-14 {
		t.Errorf("ChiSquareSurvival(3.8414588, 1) = %.17g, want 0.05", got)
	}
	if ChiSquareSurvival(0, 3) != 1 || ChiSquareSurvival(-1, 3) != 1 || ChiSquareSurvival(math.Inf(1), 3) != 0 {
		t.Error("special values")
	}
	for _, c := range [][2]float64{{math.NaN(), 3}, {1, math.NaN()}, {1, 0}, {1, math.Inf(1)}} {
		if !math.IsNaN(ChiSquareSurvival(c[0], c[1])) {
			t.Errorf("ChiSquareSurvival(%v, %v) should be NaN", c[0], c[1])
		}
	}
}

func TestFSurvival(t *testing.T) {
	for _, d2 := range []float64{1, 3, 10, 57.5} {
		for _, f := range []float64{0.1, 1, 3, 20, 1e4} {
			// d1 = 2: P(F > f) = (1 + 2f/d2)^(−d2/2).
			want := math.Pow(1+2*f/d2, -d2/2)
			if got := FSurvival(f, 2, d2); relErr(got, want) > 1e-13 {
				t.Errorf("F(2,%v) f=%v: %.17g want %.17g (rel %.2g)", d2, f, got, want, relErr(got, want))
			}
			// d1 = 1: F = T², P(F > t²) = 2 P(T > t).
			tt := math.Sqrt(f)
			if got, want := FSurvival(f, 1, d2), 2*StudentTSurvival(tt, d2); relErr(got, want) > 1e-13 {
				t.Errorf("F(1,%v) f=%v: %.17g want %.17g", d2, f, got, want)
			}
			// Upper tail by the power series.
			for _, d1 := range []float64{3, 7.5} {
				x := d2 / (d2 + d1*f)
				if x < 0.5 {
					want := incBetaSeries(x, d2/2, d1/2)
					if got := FSurvival(f, d1, d2); relErr(got, want) > 1e-12 {
						t.Errorf("F(%v,%v) f=%v: %.17g, series %.17g (rel %.2g)", d1, d2, f, got, want, relErr(got, want))
					}
				}
			}
		}
	}
	// d2 = Inf: chi-square limit.
	if got, want := FSurvival(2, 3, math.Inf(1)), ChiSquareSurvival(6, 3); got != want {
		t.Errorf("d2=Inf: %v vs %v", got, want)
	}
	if FSurvival(0, 3, 4) != 1 || FSurvival(math.Inf(1), 3, 4) != 0 {
		t.Error("special values")
	}
	for _, c := range [][3]float64{{math.NaN(), 1, 1}, {1, 0, 1}, {1, 1, -1}, {1, math.NaN(), 2}} {
		if !math.IsNaN(FSurvival(c[0], c[1], c[2])) {
			t.Errorf("FSurvival%v should be NaN", c)
		}
	}
}

func BenchmarkDistributions(b *testing.B) {
	for _, c := range []struct {
		name string
		f    func() float64
	}{
		{"NormalSurvival", func() float64 { return NormalSurvival(3.3) }},
		{"StudentTSurvival/df=30", func() float64 { return StudentTSurvival(2.1, 30) }},
		{"StudentTQuantile/df=30", func() float64 { return StudentTQuantile(0.975, 30) }},
		{"ChiSquareSurvival/df=5", func() float64 { return ChiSquareSurvival(11, 5) }},
		{"FSurvival/3,40", func() float64 { return FSurvival(4, 3, 40) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var s float64
			for b.Loop() {
				s += c.f()
			}
			_ = fmt.Sprint(s)
		})
	}
}
