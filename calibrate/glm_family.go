package calibrate

import (
	"fmt"
	"math"
)

// Family is the error distribution of a GLM. The zero value is Gaussian,
// R's default family.
type Family int

const (
	Gaussian Family = iota
	Binomial
	Poisson
	Gamma
)

// String returns the family's name as R spells it ("gaussian", "binomial",
// "poisson", "Gamma").
func (f Family) String() string {
	switch f {
	case Gaussian:
		return "gaussian"
	case Binomial:
		return "binomial"
	case Poisson:
		return "poisson"
	case Gamma:
		return "Gamma"
	}
	return fmt.Sprintf("Family(%d)", int(f))
}

// Link is a GLM link function. The zero value, CanonicalLink, means the
// family's canonical link (identity, logit, log, inverse).
type Link int

const (
	CanonicalLink Link = iota
	Identity
	Log
	Inverse
	Logit
)

// String returns the link's name as R spells it.
func (l Link) String() string {
	switch l {
	case CanonicalLink:
		return "canonical"
	case Identity:
		return "identity"
	case Log:
		return "log"
	case Inverse:
		return "inverse"
	case Logit:
		return "logit"
	}
	return fmt.Sprintf("Link(%d)", int(l))
}

func (f Family) canonical() Link {
	switch f {
	case Binomial:
		return Logit
	case Poisson:
		return Log
	case Gamma:
		return Inverse
	}
	return Identity
}

// resolve validates the family/link pair and returns the link to use. The
// allowed pairs are those R's family functions accept among the implemented
// links: gaussian (identity, log, inverse), binomial (logit, log), poisson
// (log, identity), Gamma (inverse, log, identity).
func (f Family) resolve(l Link) (Link, error) {
	if f < Gaussian || f > Gamma {
		return 0, invalidf("glm: unknown family %v", f)
	}
	if l == CanonicalLink {
		return f.canonical(), nil
	}
	ok := false
	switch f {
	case Gaussian:
		ok = l == Identity || l == Log || l == Inverse
	case Binomial:
		ok = l == Logit || l == Log
	case Poisson:
		ok = l == Log || l == Identity
	case Gamma:
		ok = l == Inverse || l == Log || l == Identity
	}
	if !ok {
		return 0, invalidf("glm: link %v not available for the %v family", l, f)
	}
	return l, nil
}

// R's logit link thresholds (src/library/stats/src/family.c).
const (
	logitThresh  = 30.0
	logitMThresh = -30.0
	logitInvEps  = 1 / dblEps
)

func linkfun(l Link, mu float64) float64 {
	switch l {
	case Log:
		return math.Log(mu)
	case Inverse:
		return 1 / mu
	case Logit:
		return math.Log(mu / (1 - mu))
	}
	return mu
}

// expFloor is the log link's inverse and dμ/dη, R's
// pmax(exp(eta), .Machine$double.eps), with a comparison where math.Max is
// a call (on amd64) in the GLM's per-row passes. The result is the same:
// exp never returns −0, and a NaN passes through either way.
func expFloor(eta float64) float64 {
	m := math.Exp(eta)
	if m < dblEps {
		m = dblEps
	}
	return m
}

func linkinv(l Link, eta float64) float64 {
	switch l {
	case Log:
		return expFloor(eta)
	case Inverse:
		return 1 / eta
	case Logit:
		var t float64
		switch {
		case eta < logitMThresh:
			t = dblEps
		case eta > logitThresh:
			t = logitInvEps
		default:
			t = math.Exp(eta)
		}
		return t / (1 + t)
	}
	return eta
}

func muEta(l Link, eta float64) float64 {
	switch l {
	case Log:
		return expFloor(eta)
	case Inverse:
		return -1 / (eta * eta)
	case Logit:
		if eta > logitThresh || eta < logitMThresh {
			return dblEps
		}
		e := math.Exp(eta)
		op := 1 + e
		return e / (op * op)
	}
	return 1
}

func validEta(l Link, eta []float64) bool {
	if l != Inverse {
		return true
	}
	for _, e := range eta {
		if math.IsInf(e, 0) || math.IsNaN(e) || e == 0 {
			return false
		}
	}
	return true
}

func variance(f Family, mu float64) float64 {
	switch f {
	case Binomial:
		return mu * (1 - mu)
	case Poisson:
		return mu
	case Gamma:
		return mu * mu
	}
	return 1
}

func validMu(f Family, mu []float64) bool {
	switch f {
	case Binomial:
		for _, m := range mu {
			if !(m > 0 && m < 1) {
				return false
			}
		}
	case Poisson, Gamma:
		for _, m := range mu {
			if !(m > 0) || math.IsInf(m, 1) {
				return false
			}
		}
	}
	return true
}

func yLogY(y, mu float64) float64 {
	if y != 0 {
		return y * math.Log(y/mu)
	}
	return 0
}

// devResid returns the deviance contribution of one observation with prior
// weight wt, as R's family$dev.resids.
func devResid(f Family, y, mu, wt float64) float64 {
	switch f {
	case Binomial:
		return 2 * wt * (yLogY(y, mu) + yLogY(1-y, 1-mu))
	case Poisson:
		if y > 0 {
			return 2 * wt * (y*math.Log(y/mu) - (y - mu))
		}
		return 2 * mu * wt
	case Gamma:
		r := 1.0
		if y != 0 {
			r = y / mu
		}
		return -2 * wt * (math.Log(r) - (y-mu)/mu)
	}
	d := y - mu
	return wt * d * d
}

// deviance is Σ dev.resids (R sums in long double), in parallel chunks for
// long vectors (see sumChunks), each chunk summed by sumBlock blocks.
func deviance(f Family, y, mu, wt []float64) float64 {
	return sumChunks(len(y), func(lo, hi int) float64 {
		var s neumaier
		for b0 := lo; b0 < hi; b0 += sumBlock {
			blk := 0.0
			for i := b0; i < min(b0+sumBlock, hi); i++ {
				w := 1.0
				if wt != nil {
					w = wt[i]
				}
				blk += devResid(f, y[i], mu[i], w)
			}
			s.add(blk)
		}
		return s.sum()
	})
}

// familyAIC is R's family$aic(y, n, mu, wt, dev) (without the 2·rank term).
//
// logY, if not nil, holds log y (for the Gamma family).
func familyAIC(f Family, y, mu, wt []float64, dev float64, logY []float64) float64 {
	w := func(i int) float64 {
		if wt == nil {
			return 1
		}
		return wt[i]
	}
	// sum adds term(i) over the rows, in parallel chunks for long vectors.
	sum := func(term func(i int) float64) float64 {
		return sumChunks(len(y), func(lo, hi int) float64 {
			var s neumaier
			for i := lo; i < hi; i++ {
				s.add(term(i))
			}
			return s.sum()
		})
	}
	switch f {
	case Gaussian:
		nobs := float64(len(y))
		return nobs*(math.Log(dev/nobs*2*math.Pi)+1) + 2 - sum(func(i int) float64 { return math.Log(w(i)) })
	case Binomial:
		return -2 * sum(func(i int) float64 {
			m := w(i)
			if m > 0 {
				return logDBinom(math.Round(m*y[i]), math.Round(m), mu[i])
			}
			return 0
		})
	case Poisson:
		return -2 * sum(func(i int) float64 { return logDPois(y[i], mu[i]) * w(i) })
	case Gamma:
		disp := dev / sum(w)
		shape := 1 / disp
		lgShape, _ := math.Lgamma(shape) // the same for every row
		return -2*sum(func(i int) float64 {
			var ld float64
			if y[i] > 0 {
				scale := mu[i] * disp
				ly := 0.0
				if logY != nil {
					ly = logY[i]
				} else {
					ly = math.Log(y[i])
				}
				ld = -lgShape - shape*math.Log(scale) + (shape-1)*ly - y[i]/scale
			} else {
				ld = logDGamma(y[i], shape, mu[i]*disp)
			}
			return ld * w(i)
		}) + 2
	}
	return math.NaN()
}

// logDPois is log dpois(x, lambda); non-integer x gives -Inf as in R.
func logDPois(x, lambda float64) float64 {
	if x < 0 || math.Abs(x-math.Round(x)) > 1e-7*math.Max(1, math.Abs(x)) {
		return math.Inf(-1)
	}
	x = math.Round(x)
	if x == 0 {
		return -lambda
	}
	lg, _ := math.Lgamma(x + 1)
	return x*math.Log(lambda) - lambda - lg
}

// logDBinom is log dbinom(x, size, p).
func logDBinom(x, size, p float64) float64 {
	if x < 0 || x > size {
		return math.Inf(-1)
	}
	var lc float64
	if x > 0 && x < size {
		a, _ := math.Lgamma(size + 1)
		b, _ := math.Lgamma(x + 1)
		c, _ := math.Lgamma(size - x + 1)
		lc = a - b - c
	}
	v := lc
	if x > 0 {
		v += x * math.Log(p)
	}
	if size-x > 0 {
		v += (size - x) * math.Log1p(-p)
	}
	return v
}

// logDGamma is log dgamma(x, shape, scale).
func logDGamma(x, shape, scale float64) float64 {
	if x < 0 {
		return math.Inf(-1)
	}
	if x == 0 {
		switch {
		case shape < 1:
			return math.Inf(1)
		case shape > 1:
			return math.Inf(-1)
		}
		return -math.Log(scale)
	}
	lg, _ := math.Lgamma(shape)
	return -lg - shape*math.Log(scale) + (shape-1)*math.Log(x) - x/scale
}

// sumBlock is the number of terms of the long per-row sums of the GLM (the
// deviance) added plainly into one block sum, the block sums then added
// with compensation (neumaier): an error of at most about sumBlock·ε
// relative to Σ|term| (typically √sumBlock·ε ≈ 4e-15), against n·ε for
// one plain running sum, for one plain addition per term instead of a
// compensated one.
const sumBlock = 256

// neumaier is compensated (Kahan–Babuška–Neumaier) summation.
type neumaier struct{ s, c float64 }

func (n *neumaier) add(x float64) {
	t := n.s + x
	if math.Abs(n.s) >= math.Abs(x) {
		n.c += (n.s - t) + x
	} else {
		n.c += (x - t) + n.s
	}
	n.s = t
}

func (n *neumaier) sum() float64 { return n.s + n.c }
