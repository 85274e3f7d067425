package calibrate

import (
	"fmt"
	"math"
)

// GammaShape holds an estimate of the shape α of a Gamma GLM (dispersion
// 1/α).
type GammaShape struct {
	Alpha float64
	// SE is the standard error of Alpha from the observed information (NaN
	// for ShapeMLE, which does not compute one).
	SE float64
	// Iterations is the number of Newton steps taken.
	Iterations int
}

// ShapeMLE returns the maximum-likelihood estimate of the Gamma shape α
// given the fitted means μ̂: the root of log α − ψ(α) = D/(2n), D being the
// deviance and n the number of observations with positive prior weight (R:
// uniroot on the same equation; the root is unique because log α − ψ(α)
// decreases from +∞ to 0). It needs a Gamma fit with D > 0.
func (f *GLMFit) ShapeMLE() (GammaShape, error) {
	if f.Family != Gamma {
		return GammaShape{}, invalidf("glm: shape MLE needs a Gamma fit, have %v", f.Family)
	}
	n := 0
	for _, w := range f.PriorWeights {
		if w > 0 {
			n++
		}
	}
	if !(f.Deviance > 0) || n == 0 {
		return GammaShape{}, invalidf("glm: shape MLE needs a positive deviance (have %v)", f.Deviance)
	}
	c := f.Deviance / (2 * float64(n))
	a, it := solveLogMinusDigamma(c)
	return GammaShape{Alpha: a, SE: math.NaN(), Iterations: it}, nil
}

// solveLogMinusDigamma returns α > 0 with log α − ψ(α) = c (c > 0).
func solveLogMinusDigamma(c float64) (float64, int) {
	// Minka's approximation, then safeguarded Newton on log α.
	a := (1 + math.Sqrt(1+4*c/3)) / (4 * c)
	lo, hi := 0.0, math.Inf(1)
	it := 0
	for ; it < 100; it++ {
		g := math.Log(a) - digamma(a) - c
		if g > 0 {
			lo = a // root is larger
		} else {
			hi = a
		}
		if g == 0 {
			break
		}
		d := 1/a - trigamma(a) // < 0
		next := a - g/d
		if !(next > lo && next < hi) {
			if math.IsInf(hi, 1) {
				next = 2 * a
			} else {
				next = (lo + hi) / 2
			}
		}
		if math.Abs(next-a) <= 4*dblEps*a {
			a = next
			break
		}
		a = next
	}
	return a, it
}

// ShapeMASS returns the shape estimate of MASS::gamma.shape (MASS 7.3): it
// starts from α₀ = (6 + 2D̄)/(D̄(6 + D̄)), D̄ = deviance/df.residual, and
// takes Newton steps on the full log-likelihood in α with weights A (prior
// weights) until the step is ≤ ε^¼ or 10 steps; SE = 1/√information at the
// last step's starting point. Like R, it stops early, so Alpha agrees with
// ShapeMLE only to about the last step's size. Exceeding 10 steps returns the
// estimate with an error wrapping ErrNotConverged.
func (f *GLMFit) ShapeMASS() (GammaShape, error) {
	if f.Family != Gamma {
		return GammaShape{}, invalidf("glm: gamma.shape needs a Gamma fit, have %v", f.Family)
	}
	if f.DFResidual <= 0 || !(f.Deviance > 0) {
		return GammaShape{}, fmt.Errorf("%w: gamma.shape needs residual degrees of freedom and a positive deviance", ErrNoResidualDF)
	}
	y, u, A := f.Y, f.Fitted, f.PriorWeights
	dbar := f.Deviance / float64(f.DFResidual)
	alpha := (6 + 2*dbar) / (dbar * (6 + dbar))
	fixed := make([]float64, len(y))
	for i := range y {
		yy := y[i]
		if yy == 0 {
			yy = 1
		}
		fixed[i] = -y[i]/u[i] - math.Log(u[i]) + math.Log(A[i]) + 1 + math.Log(yy)
	}
	epsMax := math.Pow(dblEps, 0.25)
	eps := 1.0
	itr := 0
	var inf float64
	const itLim = 10
	for math.Abs(eps) > epsMax {
		itr++
		if itr > itLim {
			break
		}
		var sc, in neumaier
		for i := range y {
			if A[i] == 0 {
				continue
			}
			sc.add(A[i] * (fixed[i] + math.Log(alpha) - digamma(A[i]*alpha)))
			in.add(A[i] * (A[i]*trigamma(A[i]*alpha) - 1/alpha))
		}
		inf = in.sum()
		eps = sc.sum() / inf
		alpha += eps
	}
	res := GammaShape{Alpha: alpha, SE: math.Sqrt(1 / inf), Iterations: min(itr, itLim)}
	if itr > itLim {
		return res, &ConvergenceError{Method: "gamma.shape", Iterations: itLim, LastChange: math.Abs(eps), Tolerance: epsMax, Err: ErrNotConverged}
	}
	return res, nil
}

// digamma returns ψ(x) for x > 0 (recurrence to x ≥ 10, then the asymptotic
// series; absolute error about 1e-15).
func digamma(x float64) float64 {
	if math.IsNaN(x) || x <= 0 {
		return math.NaN()
	}
	r := 0.0
	for x < 10 {
		r -= 1 / x
		x++
	}
	x2 := 1 / (x * x)
	s := x2 * (1.0/12 - x2*(1.0/120-x2*(1.0/252-x2*(1.0/240-x2*(1.0/132-x2*(691.0/32760-x2/12))))))
	return r + math.Log(x) - 0.5/x - s
}

// trigamma returns ψ′(x) for x > 0.
func trigamma(x float64) float64 {
	if math.IsNaN(x) || x <= 0 {
		return math.NaN()
	}
	r := 0.0
	for x < 10 {
		r += 1 / (x * x)
		x++
	}
	ix := 1 / x
	x2 := ix * ix
	s := ix + x2/2 + ix*x2*(1.0/6-x2*(1.0/30-x2*(1.0/42-x2*(1.0/30-x2*(5.0/66-x2*(691.0/2730-x2*7.0/6))))))
	return r + s
}
