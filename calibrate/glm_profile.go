package calibrate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// ConfintProfile returns profile-likelihood confidence intervals for the
// coefficients of f, a fit of d, at level (0 means 0.95): one [lower,
// upper] pair per coefficient, in f.Names order. They are R's confint for
// a glm as R 4.2 computes it with MASS (profile.glm, then
// confint.profile.glm), and unlike the Wald intervals in f.Coefs they
// follow the curvature of the likelihood, which matters for small samples
// and for coefficients near a boundary (rare events, large effects).
//
// For each coefficient the profile fixes it at up to 9 values a step of
// 1/5 of the cut-off times its standard error apart on each side, refits
// the other coefficients (with the fixed term as an offset) and records
// the signed root of the deviance change over the dispersion. The cut-off
// is the normal quantile for Binomial and Poisson and the t quantile on
// n − p degrees of freedom otherwise, at (1 − level)/4 in each tail. An
// FMM cubic spline through the profile, evaluated at 3 points per profile
// point, is then inverted linearly at the normal quantiles of
// (1 ∓ level)/2, as MASS does.
//
// A bound is NaN where the profile does not reach its quantile (R gives
// NA), and both are NaN for an aliased coefficient. Errors: d does not match
// the fit, an invalid level, a refit that fails, or a refit better than f
// (ErrNotConverged: f had not converged).
func (f *GLMFit) ConfintProfile(d *Design, level float64) ([][2]float64, error) {
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, invalidf("glm: confidence level %v must be in (0, 1)", level)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n, p := d.Dims()
	if n != len(f.Y) || p != len(f.Coefficients) || !slices.Equal(d.Names, f.Names) {
		return nil, lengthf("glm: profile: the design (%d rows, columns %v) is not the fit's (%d rows, columns %v)", n, d.Names, len(f.Y), f.Names)
	}
	alpha := (1 - level) / 4
	var zmax float64
	if f.Family == Binomial || f.Family == Poisson {
		zmax = stats.NormalQuantile(1 - alpha/2) // √χ²₁ quantile
	} else {
		zmax = stats.StudentTQuantile(1-alpha/2, float64(n-p)) // √F(1, n − p) quantile
	}
	if math.IsNaN(zmax) || !(f.Dispersion > 0) {
		return nil, invalidf("glm: profile: no residual degrees of freedom to scale the deviance")
	}
	del := zmax / 5
	cutoff := [2]float64{stats.NormalQuantile((1 - level) / 2), stats.NormalQuantile(1 - (1-level)/2)}
	raw := d.X.RawMatrix()
	at := func(i, j int) float64 { return raw.Data[i*raw.Stride+j] }
	off := f.Offset
	if off == nil {
		off = make([]float64, n)
	}
	nonA := make([]bool, p)
	for j, b := range f.Coefficients {
		nonA[j] = !math.IsNaN(b)
	}
	out := make([][2]float64, p)
	for i := range p {
		out[i] = [2]float64{math.NaN(), math.NaN()}
		if !nonA[i] {
			continue
		}
		// The other columns, row-major, for the refits.
		var cols []int
		for j := range p {
			if nonA[j] && j != i {
				cols = append(cols, j)
			}
		}
		xi := make([]float64, n*len(cols))
		for r := range n {
			for k, j := range cols {
				xi[r*len(cols)+k] = at(r, j)
			}
		}
		type point struct{ par, z float64 }
		prof := []point{{f.Coefficients[i], 0}}
		se := f.Coefs[i].StdErr
		for _, sgn := range [2]float64{-1, 1} {
			lp := make([]float64, n) // η of the previous refit: its start
			for r := range n {
				v := off[r]
				for j := range p {
					if nonA[j] {
						v += at(r, j) * f.Coefficients[j]
					}
				}
				lp[r] = v
			}
			z := 0.0
			for step := 1; step < 10 && math.Abs(z) < zmax; step++ {
				bi := f.Coefficients[i] + sgn*float64(step)*del*se
				o := make([]float64, n)
				for r := range n {
					o[r] = off[r] + at(r, i)*bi
				}
				dev, eta, err := f.refit(xi, len(cols), o, lp)
				if err != nil {
					return nil, fmt.Errorf("glm: profile of %s at %v: %w", f.Names[i], bi, err)
				}
				lp = eta
				zz := (dev - f.Deviance) / f.Dispersion
				if zz <= -1e-3 {
					return nil, fmt.Errorf("glm: profile of %s: a refit at %v has a smaller deviance (%v < %v), so the fit had not converged: %w", f.Names[i], bi, dev, f.Deviance, ErrNotConverged)
				}
				z = sgn * math.Sqrt(max(zz, 0))
				prof = append(prof, point{bi, z})
			}
		}
		// As MASS: a spline of the signed root deviance against the
		// coefficient, inverted by linear interpolation.
		slices.SortStableFunc(prof, func(a, b point) int { return cmp.Compare(a.z, b.z) })
		xs, ys := make([]float64, len(prof)), make([]float64, len(prof))
		for k, pt := range prof {
			xs[k], ys[k] = pt.par, pt.z
		}
		sx, sy := splineFMM(xs, ys)
		for k, c := range cutoff {
			out[i][k] = approxLinear(sy, sx, c)
		}
	}
	return out, nil
}

// refit fits the model again on the row-major columns x (n × p, p may be 0)
// with offset off, starting from η = start, as glm.fit(etastart =) with the
// fit's family, link and control. It returns the deviance and η. Not
// converging within the fit's iteration limit is not an error, as in R.
func (f *GLMFit) refit(x []float64, p int, off, start []float64) (float64, []float64, error) {
	n := len(f.Y)
	if p == 0 {
		// glm.fit's empty model: η is the offset.
		mu := make([]float64, n)
		for r := range n {
			mu[r] = linkinv(f.Link, off[r])
		}
		if !validEta(f.Link, off) || !validMu(f.Family, mu) {
			return 0, nil, fmt.Errorf("%w: invalid fitted means in empty model", ErrDomain)
		}
		return deviance(f.Family, f.Y, mu, f.PriorWeights), slices.Clone(off), nil
	}
	s := &irls{
		x: x, stride: p, n: n, p: p,
		y: f.Y, prior: f.PriorWeights, fam: f.Family, link: f.Link, off: off, startEta: start,
		eps: f.eps, maxit: f.maxit, solver: SolverQR,
	}
	if s.eps == 0 {
		s.eps, s.maxit = 1e-8, 25
	}
	if err := s.run(nil); err != nil && !errors.Is(err, ErrNotConverged) {
		return 0, nil, err
	}
	return s.dev, s.eta, nil
}

// splineFMM interpolates (x, y) with R's spline(x, y): the points are
// ordered by x (ties averaged), a cubic spline with Forsythe, Malcolm and
// Moler's end conditions (the third derivatives of cubics through the first
// and last four points) is fitted, and it is evaluated at 3·m equally
// spaced points from the smallest x to the largest, m being the number of
// distinct x. With one distinct x it returns that point.
func splineFMM(x, y []float64) (xout, yout []float64) {
	x, y = regularize(x, y)
	m := len(x)
	if m < 2 {
		return x, y
	}
	b, c, d := fmmCoef(x, y)
	nout := 3 * m
	xout = make([]float64, nout)
	yout = make([]float64, nout)
	from, to := x[0], x[m-1]
	by := (to - from) / float64(nout-1)
	for k := range nout {
		var u float64
		switch {
		case k == 0:
			u = from
		case k == nout-1:
			u = to
		case k < nout/2: // as R's seq.int, from each end
			u = from + float64(k)*by
		default:
			u = to - float64(nout-1-k)*by
		}
		xout[k] = u
		// the knot interval holding u: x[j] ≤ u (the last for u = to)
		j, _ := slices.BinarySearch(x, u)
		if j == m || x[j] > u {
			j--
		}
		j = max(0, min(j, m-1))
		dx := u - x[j]
		yout[k] = y[j] + dx*(b[j]+dx*(c[j]+dx*d[j]))
	}
	return xout, yout
}

// fmmCoef returns the coefficients of the FMM cubic spline through the
// sorted, distinct knots x: on [x[j], x[j+1]] it is
// y[j] + t·(b[j] + t·(c[j] + t·d[j])), t = u − x[j]. Two knots give the
// straight line.
func fmmCoef(x, y []float64) (b, c, d []float64) {
	m := len(x)
	b, c, d = make([]float64, m), make([]float64, m), make([]float64, m)
	if m == 2 {
		b[0] = (y[1] - y[0]) / (x[1] - x[0])
		b[1] = b[0]
		return b, c, d
	}
	// The tridiagonal system for σ, the second derivatives / 6: h (in d)
	// the knot gaps, b the diagonal, c the divided differences, then the
	// right-hand side.
	d[0] = x[1] - x[0]
	c[1] = (y[1] - y[0]) / d[0]
	for j := 1; j < m-1; j++ {
		d[j] = x[j+1] - x[j]
		b[j] = 2 * (d[j-1] + d[j])
		c[j+1] = (y[j+1] - y[j]) / d[j]
		c[j] = c[j+1] - c[j]
	}
	// End conditions: match the third derivative of the cubic through the
	// first four points, and of the one through the last four.
	b[0], b[m-1] = -d[0], -d[m-2]
	c[0], c[m-1] = 0, 0
	if m > 3 {
		c[0] = c[2]/(x[3]-x[1]) - c[1]/(x[2]-x[0])
		c[m-1] = c[m-2]/(x[m-1]-x[m-3]) - c[m-3]/(x[m-2]-x[m-4])
		c[0] = c[0] * d[0] * d[0] / (x[3] - x[0])
		c[m-1] = -c[m-1] * d[m-2] * d[m-2] / (x[m-1] - x[m-4])
	}
	// Elimination, then back substitution.
	for j := 1; j < m; j++ {
		t := d[j-1] / b[j-1]
		b[j] -= t * d[j-1]
		c[j] -= t * c[j-1]
	}
	c[m-1] /= b[m-1]
	for j := m - 2; j >= 0; j-- {
		c[j] = (c[j] - d[j]*c[j+1]) / b[j]
	}
	// The polynomial coefficients from σ (now in c).
	b[m-1] = (y[m-1]-y[m-2])/d[m-2] + d[m-2]*(c[m-2]+2*c[m-1])
	for j := 0; j < m-1; j++ {
		b[j] = (y[j+1]-y[j])/d[j] - d[j]*(c[j+1]+2*c[j])
		d[j] = (c[j+1] - c[j]) / d[j]
		c[j] *= 3
	}
	c[m-1] *= 3
	d[m-1] = d[m-2]
	return b, c, d
}

// regularize drops the pairs with a NaN, orders (x, y) by x, stably, and
// replaces the y of equal x by their mean, as R's
// regularize.values(ties = mean) does.
func regularize(x, y []float64) ([]float64, []float64) {
	idx := make([]int, 0, len(x))
	for k := range x {
		if !math.IsNaN(x[k]) && !math.IsNaN(y[k]) {
			idx = append(idx, k)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	var ux, uy []float64
	for k := 0; k < len(idx); {
		j, sum := k, 0.0
		for ; j < len(idx) && x[idx[j]] == x[idx[k]]; j++ {
			sum += y[idx[j]]
		}
		ux = append(ux, x[idx[k]])
		uy = append(uy, sum/float64(j-k))
		k = j
	}
	return ux, uy
}

// approxLinear is R's approx(x, y, xout = v)$y: linear interpolation of
// (x, y), regularized as above, at v; NaN outside the range of x or with
// fewer than two distinct x.
func approxLinear(x, y []float64, v float64) float64 {
	x, y = regularize(x, y)
	m := len(x)
	if m < 2 || math.IsNaN(v) || v < x[0] || v > x[m-1] {
		return math.NaN()
	}
	j, found := slices.BinarySearch(x, v)
	if found {
		return y[j]
	}
	i := j - 1
	return y[i] + (y[j]-y[i])*((v-x[i])/(x[j]-x[i]))
}
