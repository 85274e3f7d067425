package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// StudentTSurvival returns P(T > t) for Student's t distribution with df
// degrees of freedom (df may be fractional; df = +Inf is the normal). It is
// accurate in both tails; the two-sided p-value is 2*StudentTSurvival(|t|, df).
//
// It follows R's pt: I_{df/(df+t²)}(df/2, 1/2)/2 through the regularized
// incomplete beta function; when t²/df > 1e100 the leading term of the
// tail, exp(−(df/2)·log(t²/df) − log B(df/2, 1/2) − log(df/2))/2; and when
// df > 4e5 the normal approximation of Abramowitz and Stegun 26.7.8.
// It returns NaN if t or df is NaN or df <= 0.
func StudentTSurvival(t, df float64) float64 {
	switch {
	case math.IsNaN(t) || math.IsNaN(df) || df <= 0:
		return math.NaN()
	case math.IsInf(t, 1):
		return 0
	case math.IsInf(t, -1):
		return 1
	case math.IsInf(df, 1):
		return NormalSurvival(t)
	case df > 4e5:
		v := 1 / (4 * df)
		return NormalSurvival(t * (1 - v) / math.Sqrt(1+t*t*2*v))
	}
	// val = P(|T| > |t|)
	var val float64
	nx := 1 + (t/df)*t
	if nx > 1e100 {
		lval := -0.5*df*(2*math.Log(math.Abs(t))-math.Log(df)) -
			mathext.Lbeta(0.5*df, 0.5) - math.Log(0.5*df)
		val = math.Exp(lval)
	} else {
		val = mathext.RegIncBeta(df/2, 0.5, 1/nx)
	}
	if t > 0 {
		return val / 2
	}
	return 1 - val/2
}

// StudentTCDF returns P(T <= t) = StudentTSurvival(-t, df).
func StudentTCDF(t, df float64) float64 {
	return StudentTSurvival(-t, df)
}

// studentTLogPDF is the log density of Student's t.
func studentTLogPDF(t, df float64) float64 {
	g1, _ := math.Lgamma((df + 1) / 2)
	g2, _ := math.Lgamma(df / 2)
	var l1p float64 // log(1 + t²/df), safe for huge t
	if a := math.Abs(t); a > 1e100 {
		l1p = 2*math.Log(a) - math.Log(df)
	} else {
		l1p = math.Log1p(t * t / df)
	}
	return g1 - g2 - 0.5*math.Log(df*math.Pi) - (df+1)/2*l1p
}

// StudentTQuantile returns the t with P(T <= t) = p for Student's t with df
// degrees of freedom. It returns ∓Inf for p = 0 and 1, NaN for p outside
// [0, 1], NaN p or df, or df <= 0. df = 1 and 2 use closed forms; df = +Inf
// the normal quantile; otherwise the incomplete beta function is inverted and
// the result polished by Newton steps on [StudentTSurvival].
//
// For p > 1/2 the accuracy is limited by 1 − p, which is exact in floating
// point; for the far upper tail pass the lower-tail probability and negate.
func StudentTQuantile(p, df float64) float64 {
	switch {
	case math.IsNaN(p) || math.IsNaN(df) || df <= 0 || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	case p == 0.5:
		return 0
	case math.IsInf(df, 1):
		return NormalQuantile(p)
	}
	// Work with the upper-tail probability q < 1/2 of |t|; sign from p.
	sign := 1.0
	q := 1 - p // exact for p >= 1/2
	if p < 0.5 {
		sign, q = -1, p
	}
	var t float64
	switch df {
	case 1:
		// Cauchy: t = tan(π(1/2 − q)) = 1/tan(πq).
		return sign / math.Tan(math.Pi*q)
	case 2:
		// P(T > t) = (1 − t/√(2+t²))/2  ⇒  t = (1 − 2q)/√(2q(1−q)).
		return sign * (1 - 2*q) / math.Sqrt(2*q*(1-q))
	}
	if q > 0.25 {
		// t small: invert I_y(1/2, df/2) = 1 − 2q with y = t²/(df+t²).
		y := mathext.InvRegIncBeta(0.5, df/2, 1-2*q)
		t = math.Sqrt(df * y / (1 - y))
	} else {
		x := mathext.InvRegIncBeta(df/2, 0.5, 2*q) // x = df/(df+t²)
		if x == 0 {
			t = math.Inf(1)
		} else {
			t = math.Sqrt(df * (1 - x) / x)
		}
	}
	if !math.IsInf(t, 0) && !math.IsNaN(t) && t > 0 {
		t = polishT(t, q, df)
	}
	return sign * t
}

// polishT refines t > 0 so that StudentTSurvival(t, df) = q by Newton steps,
// keeping a step only if it reduces the relative residual.
func polishT(t, q, df float64) float64 {
	res := func(t float64) float64 { return (StudentTSurvival(t, df) - q) / q }
	r := res(t)
	for range 4 {
		if math.Abs(r) < 1e-16 {
			break
		}
		// S'(t) = −f(t); Newton on S(t) − q.
		f := math.Exp(studentTLogPDF(t, df))
		if f == 0 || math.IsNaN(f) {
			break
		}
		tn := t + r*q/f
		if !(tn > 0) || math.IsInf(tn, 0) {
			break
		}
		rn := res(tn)
		if !(math.Abs(rn) < math.Abs(r)) {
			break
		}
		t, r = tn, rn
	}
	return t
}

// ChiSquareSurvival returns P(X > x) for a chi-square variable with df
// degrees of freedom (the complemented regularized incomplete gamma
// function Q(df/2, x/2), accurate in the upper tail). It returns 1 for
// x <= 0, 0 for x = +Inf and NaN if x or df is NaN, df <= 0 or df = +Inf.
func ChiSquareSurvival(x, df float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsNaN(df) || df <= 0 || math.IsInf(df, 0):
		return math.NaN()
	case x <= 0:
		return 1
	case math.IsInf(x, 1):
		return 0
	}
	return mathext.GammaIncRegComp(df/2, x/2)
}

// FSurvival returns P(F > f) for Fisher's F distribution with d1 and d2
// degrees of freedom, computed directly in the upper tail as
// I_{d2/(d2+d1·f)}(d2/2, d1/2). It returns 1 for f <= 0, 0 for f = +Inf and
// NaN for NaN arguments or d1, d2 <= 0. d2 = +Inf gives the chi-square
// limit P(χ²_{d1} > d1·f); d1 = +Inf gives P(χ²_{d2} < d2/f).
func FSurvival(f, d1, d2 float64) float64 {
	switch {
	case math.IsNaN(f) || math.IsNaN(d1) || math.IsNaN(d2) || d1 <= 0 || d2 <= 0:
		return math.NaN()
	case f <= 0:
		return 1
	case math.IsInf(f, 1):
		return 0
	case math.IsInf(d1, 1) && math.IsInf(d2, 1):
		switch {
		case f < 1:
			return 1
		case f > 1:
			return 0
		}
		return 0.5
	case math.IsInf(d2, 1):
		return ChiSquareSurvival(d1*f, d1)
	case math.IsInf(d1, 1):
		return 1 - ChiSquareSurvival(d2/f, d2)
	}
	x := d2 / (d2 + d1*f)
	if math.IsNaN(x) {
		return math.NaN()
	}
	return mathext.RegIncBeta(d2/2, d1/2, x)
}
