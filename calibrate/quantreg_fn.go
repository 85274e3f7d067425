package calibrate

import (
	"fmt"
	"math"
)

// frischNewton solves the quantile-regression dual
//
//	min c'x  s.t.  X'x = (1−τ)X'1,  0 ≤ x ≤ 1,   c = −y,
//
// by a primal–dual interior-point method with Mehrotra's predictor–corrector
// (the formulation of quantreg's rq.fit.fnb). The coefficients are minus the
// dual variables of the equality constraints. Each iteration forms X'ΘX once
// (O(n·p²)) and solves it for the predictor and the corrector.
func (q *rqProblem) frischNewton(maxIt int) ([]float64, int, error) {
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
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
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
	rxz := make([]float64, n)
	rsw := make([]float64, n)
	xdy := make([]float64, n)
	rp := make([]float64, p)
	tv := make([]float64, p)
	var yNorm float64
	for _, yy := range q.y {
		yNorm += math.Abs(yy)
	}
	// solveDir solves the Newton system for given complementarity residuals.
	solveDir := func(chol *cholGram) ([]float64, error) {
		for i := 0; i < n; i++ {
			v[i] = rxz[i]/x[i] - rsw[i]/s[i] - rd[i]
		}
		clear(tv)
		for i := 0; i < n; i++ {
			axpy(theta[i]*v[i], q.row(i), tv)
		}
		rhs := make([]float64, p)
		for j := range rhs {
			rhs[j] = rp[j] - tv[j]
		}
		dy := chol.solve(rhs)
		for i := 0; i < n; i++ {
			xdy[i] = q.rowDot(i, dy)
			dx[i] = theta[i] * (xdy[i] + v[i])
			dz[i] = (rxz[i] - z[i]*dx[i]) / x[i]
			dw[i] = (rsw[i] + w[i]*dx[i]) / s[i] // ds = −dx
		}
		return dy, nil
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
	for it = 1; it <= maxIt; it++ {
		// Residuals.
		clear(rp)
		for i := 0; i < n; i++ {
			axpy(x[i], q.row(i), rp)
		}
		for j := range rp {
			rp[j] = bvec[j] - rp[j]
		}
		var primal, comp float64
		for i := 0; i < n; i++ {
			rd[i] = c[i] - q.rowDot(i, yd) - z[i] + w[i]
			primal += c[i] * x[i]
			comp += x[i]*z[i] + s[i]*w[i]
		}
		gap = comp
		if comp <= 1e-10*(1+math.Abs(primal)) {
			break
		}
		mu := comp / float64(2*n)
		for i := 0; i < n; i++ {
			theta[i] = 1 / (z[i]/x[i] + w[i]/s[i])
			sq[i] = math.Sqrt(theta[i])
		}
		gg := gramXy(q.x, q.stride, n, p, ones, sq, nil)
		for i := 0; i < p; i++ {
			copy(gm[i*p:(i+1)*p], gg[i*(p+1):i*(p+1)+p])
		}
		chol := newCholGram(gm, p, 0)
		if chol.rank < p {
			// X'ΘX is numerically singular: this happens only close to the
			// optimum, where the crossover takes over.
			break
		}
		// Predictor (affine scaling).
		for i := 0; i < n; i++ {
			rxz[i] = -x[i] * z[i]
			rsw[i] = -s[i] * w[i]
		}
		if _, err := solveDir(chol); err != nil {
			return nil, it, err
		}
		ap, ad := steps()
		var muAff float64
		for i := 0; i < n; i++ {
			muAff += (x[i]+ap*dx[i])*(z[i]+ad*dz[i]) + (s[i]-ap*dx[i])*(w[i]+ad*dw[i])
		}
		muAff /= float64(2 * n)
		sigma := math.Pow(muAff/mu, 3)
		// Corrector.
		for i := 0; i < n; i++ {
			rxz[i] = sigma*mu - x[i]*z[i] - dx[i]*dz[i]
			rsw[i] = sigma*mu - s[i]*w[i] + dx[i]*dw[i]
		}
		dy, err := solveDir(chol)
		if err != nil {
			return nil, it, err
		}
		ap, ad = steps()
		for i := 0; i < n; i++ {
			x[i] += ap * dx[i]
			s[i] -= ap * dx[i]
			z[i] += ad * dz[i]
			w[i] += ad * dw[i]
		}
		for j := range yd {
			yd[j] += ad * dy[j]
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
