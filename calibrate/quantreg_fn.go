package calibrate

import (
	"fmt"
	"math"
)

// frischNewton returns coefficients close to the optimum (a duality gap of
// rqGapTol) for the crossover, and the number of interior-point
// iterations: for large designs through Portnoy and Koenker's
// preprocessing (see preprocessed), otherwise by interiorPoint on all rows.
func (q *rqProblem) frischNewton(maxIt int) ([]float64, int, error) {
	b, it, ok := q.preprocessed(maxIt)
	if ok {
		return b, it, nil
	}
	b, it2, err := q.interiorPoint(maxIt, rqGapTol)
	return b, it + it2, err
}

// interiorPoint solves the quantile-regression dual
//
//	min c'x  s.t.  X'x = (1−τ)X'1,  0 ≤ x ≤ 1,   c = −y,
//
// by a primal–dual interior-point method with Mehrotra's predictor–corrector
// (the formulation of quantreg's rq.fit.fnb). The coefficients are minus the
// dual variables of the equality constraints. Each iteration forms X'ΘX once
// (O(n·p²)) and solves it for the predictor and the corrector. It stops
// at the relative duality gap gapTol.
func (q *rqProblem) interiorPoint(maxIt int, gapTol float64) ([]float64, int, error) {
	n, p, tau := q.n, q.p, q.tau
	const beta = 0.99995
	c := make([]float64, n)
	for i := range c {
		c[i] = -q.y[i]
	}
	bvec := make([]float64, p) // (1−τ)X'1
	for i := 0; i < n; i++ {
		axpy(1-tau, q.row(i), bvec)
	}
	x := make([]float64, n)
	s := make([]float64, n)
	for i := range x {
		x[i] = 1 - tau
		s[i] = tau
	}
	// Dual start: least squares of c on X.
	g := gramXy(q.x, q.stride, n, p, c, nil, nil)
	gm := make([]float64, p*p)
	rhs0 := make([]float64, p)
	for i := 0; i < p; i++ {
		copy(gm[i*p:(i+1)*p], g[i*(p+1):i*(p+1)+p])
		rhs0[i] = g[i*(p+1)+p]
	}
	ch := newCholGram(gm, p, 1e-14)
	if ch.rank < p {
		return nil, 0, fmt.Errorf("%w: quantreg: X'X is singular", ErrRankDeficient)
	}
	yd := ch.solve(rhs0)
	z := make([]float64, n)
	w := make([]float64, n)
	rd := make([]float64, n) // c − X·y − z + w
	var mabs float64
	for i := 0; i < n; i++ {
		r := c[i] - q.rowDot(i, yd)
		mabs += math.Abs(r)
		rd[i] = r
	}
	mabs /= float64(n)
	delta := math.Max(mabs, 1e-8)
	for i := 0; i < n; i++ {
		r := rd[i]
		z[i] = math.Max(r, 0) + delta
		w[i] = math.Max(-r, 0) + delta
	}
	theta := make([]float64, n)
	sq := make([]float64, n)
	v := make([]float64, n)
	dx := make([]float64, n)
	dz := make([]float64, n)
	dw := make([]float64, n)
	rp := make([]float64, p)
	var yNorm float64
	for _, yy := range q.y {
		yNorm += math.Abs(yy)
	}
	steps := func() (ap, ad float64) {
		ap, ad = 1/beta, 1/beta
		for i := 0; i < n; i++ {
			if dx[i] < 0 {
				ap = math.Min(ap, -x[i]/dx[i])
			} else if dx[i] > 0 {
				ap = math.Min(ap, s[i]/dx[i])
			}
			if dz[i] < 0 {
				ad = math.Min(ad, -z[i]/dz[i])
			}
			if dw[i] < 0 {
				ad = math.Min(ad, -w[i]/dw[i])
			}
		}
		return math.Min(1, beta*ap), math.Min(1, beta*ad)
	}
	it := 0
	gap := math.Inf(1)
	// The start is primal feasible (X'x = b) and dual feasible (z − w =
	// c − X·y), so rp = 0 and rd = 0; every Newton direction satisfies
	// X'dx = rp and X·dy + dz − dw = rd, hence after a step the residuals
	// shrink by the factors (1 − αp) and (1 − αd): they are tracked, not
	// recomputed.
	clear(rp)
	clear(rd)
	v0 := make([]float64, n)
	u := make([]float64, n)
	t0 := make([]float64, p)
	t1 := make([]float64, p)
	for it = 1; it <= maxIt; it++ {
		var primal, comp float64
		for i := 0; i < n; i++ {
			primal += c[i] * x[i]
			comp += x[i]*z[i] + s[i]*w[i]
		}
		gap = comp
		if comp <= gapTol*(1+math.Abs(primal)) {
			break
		}
		mu := comp / float64(2*n)
		for i := 0; i < n; i++ {
			theta[i] = 1 / (z[i]/x[i] + w[i]/s[i])
			sq[i] = math.Sqrt(theta[i])
			v[i] = -z[i] + w[i] - rd[i] // predictor: rxz = −xz, rsw = −sw
		}
		// X'ΘX and X'Θv in one pass.
		gg := gramXy(q.x, q.stride, n, p, v, sq, nil)
		rhs := make([]float64, p)
		for i := 0; i < p; i++ {
			copy(gm[i*p:(i+1)*p], gg[i*(p+1):i*(p+1)+p])
			rhs[i] = rp[i] - gg[i*(p+1)+p]
		}
		chol := newCholGram(gm, p, 0)
		if chol.rank < p {
			// X'ΘX is numerically singular: this happens only close to the
			// optimum, where the crossover takes over.
			break
		}
		// Predictor (affine scaling) direction; in the same pass, the two
		// parts of the corrector's right-hand side X'Θ(v0 + σμ·u).
		dy := chol.solve(rhs)
		clear(t0)
		clear(t1)
		for i := 0; i < n; i++ {
			row := q.row(i)
			xd := 0.0
			for j, xv := range row {
				xd += xv * dy[j]
			}
			dxi := theta[i] * (xd + v[i])
			dzi := -z[i] - z[i]*dxi/x[i]
			dwi := -w[i] + w[i]*dxi/s[i]
			dx[i], dz[i], dw[i] = dxi, dzi, dwi
			v0[i] = (-x[i]*z[i]-dxi*dzi)/x[i] - (-s[i]*w[i]+dxi*dwi)/s[i] - rd[i]
			u[i] = 1/x[i] - 1/s[i]
			a0, a1 := theta[i]*v0[i], theta[i]*u[i]
			for j, xv := range row {
				t0[j] += xv * a0
				t1[j] += xv * a1
			}
		}
		ap, ad := steps()
		var muAff float64
		for i := 0; i < n; i++ {
			muAff += (x[i]+ap*dx[i])*(z[i]+ad*dz[i]) + (s[i]-ap*dx[i])*(w[i]+ad*dw[i])
		}
		muAff /= float64(2 * n)
		sm := math.Pow(muAff/mu, 3) * mu
		// Corrector.
		for j := range rhs {
			rhs[j] = rp[j] - t0[j] - sm*t1[j]
		}
		dy = chol.solve(rhs)
		for i := 0; i < n; i++ {
			vi := v0[i] + sm*u[i]
			rxz := sm - x[i]*z[i] - dx[i]*dz[i]
			rsw := sm - s[i]*w[i] + dx[i]*dw[i]
			dxi := theta[i] * (q.rowDot(i, dy) + vi)
			dz[i] = (rxz - z[i]*dxi) / x[i]
			dw[i] = (rsw + w[i]*dxi) / s[i]
			dx[i] = dxi
		}
		ap, ad = steps()
		for i := 0; i < n; i++ {
			x[i] += ap * dx[i]
			s[i] -= ap * dx[i]
			z[i] += ad * dz[i]
			w[i] += ad * dw[i]
			rd[i] *= 1 - ad
		}
		for j := range yd {
			yd[j] += ad * dy[j]
			rp[j] *= 1 - ap
		}
	}
	if it > maxIt && gap > 1e-6*(1+yNorm) {
		return nil, maxIt, &ConvergenceError{Method: "quantreg interior point", Iterations: maxIt, LastChange: gap, Tolerance: 1e-12, Err: ErrNotConverged}
	}
	b := make([]float64, p)
	for j := range b {
		b[j] = -yd[j]
	}
	return b, it, nil
}

// rqGapTol is the relative duality gap at which the interior-point phase
// hands over to the crossover (quantreg's rq.fit.fnb uses eps = 1e-6 too).
const rqGapTol = 1e-6
