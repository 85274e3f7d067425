package stats

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// 1/√2 as a double-double: sqrt1_2Hi + sqrt1_2Lo, |error| < 1e-32.
const (
	sqrt1_2Hi = 0.7071067811865476
	sqrt1_2Lo = -4.8336466567264567e-17
)

// twoOverSqrtPi is 2/√π, the derivative scale of erfc.
const twoOverSqrtPi = 1.1283791670955126

// NormalCDF returns P(Z <= z) for a standard normal Z. It is accurate to a
// few units in the last place in both tails (see [NormalSurvival]).
// NormalCDF(NaN) is NaN.
func NormalCDF(z float64) float64 {
	return NormalSurvival(-z)
}

// NormalSurvival returns P(Z > z) for a standard normal Z, accurate to a few
// units in the last place far into the upper tail (relative, until the result
// underflows near z = 38.5). NormalSurvival(NaN) is NaN.
//
// It evaluates erfc(z/√2)/2 with z/√2 carried in double-double precision and
// a first-order correction for its low part: a plain 0.5*math.Erfc(z/math.Sqrt2)
// has a relative error of about z²·1e-16 from rounding z/√2.
func NormalSurvival(z float64) float64 {
	switch {
	case math.IsNaN(z):
		return math.NaN()
	case math.IsInf(z, 1):
		return 0
	case math.IsInf(z, -1):
		return 1
	}
	xh := z * sqrt1_2Hi
	xl := math.FMA(z, sqrt1_2Hi, -xh) + z*sqrt1_2Lo
	e := math.Erfc(xh)
	if xh > -1 && xh < 1 {
		// Near the centre the correction is below rounding level anyway.
		return 0.5 * e
	}
	// erfc(xh + xl) ≈ erfc(xh) − (2/√π)·exp(−xh²)·xl.
	return 0.5 * (e - twoOverSqrtPi*math.Exp(-xh*xh)*xl)
}

// NormalQuantile returns the z with P(Z <= z) = p for a standard normal Z
// (Wichura's algorithm AS 241, relative accuracy about 1e-16). It returns
// -Inf for p = 0, +Inf for p = 1 and NaN for p outside [0, 1] or NaN.
func NormalQuantile(p float64) float64 {
	if math.IsNaN(p) || p < 0 || p > 1 {
		return math.NaN()
	}
	return mathext.NormalQuantile(p)
}
