package calibrate

import "math"

// qrDecomp is a Householder QR decomposition with R's limited column
// pivoting (LINPACK dqrdc2 as modified for R): a column whose remaining norm
// falls below tol times its original norm is moved to the end and counts as
// aliased. It is used for the small and medium problems where R-level
// accuracy matters (the reference cases); large problems use normal
// equations (see gram.go helpers in glm.go).
type qrDecomp struct {
	n, p  int
	a     []float64 // column-major n×p: Householder vectors below the diagonal, R on and above
	qraux []float64
	pivot []int // pivot[j] = original column index of position j
	rank  int
}

// newQR factorises the n×p matrix with entries at(i, j).
func newQR(n, p int, at func(i, j int) float64, tol float64) *qrDecomp {
	return newQRBuf(nil, n, p, at, tol)
}

// newQRBuf is newQR using buf (if large enough) as the working storage.
func newQRBuf(buf []float64, n, p int, at func(i, j int) float64, tol float64) *qrDecomp {
	if cap(buf) < n*p {
		buf = make([]float64, n*p)
	}
	a := buf[:n*p]
	for j := 0; j < p; j++ {
		col := a[j*n : (j+1)*n]
		for i := range col {
			col[i] = at(i, j)
		}
	}
	return qrInPlace(n, p, a, tol)
}

// qrInPlace factorises the column-major n×p matrix a, taking ownership.
func qrInPlace(n, p int, a []float64, tol float64) *qrDecomp {
	q := &qrDecomp{n: n, p: p, a: a, qraux: make([]float64, p), pivot: make([]int, p)}
	work1 := make([]float64, p)
	work2 := make([]float64, p)
	col := func(j int) []float64 { return a[j*n : (j+1)*n] }
	for j := 0; j < p; j++ {
		q.pivot[j] = j
		nr := colNorm(col(j))
		q.qraux[j] = nr
		work1[j] = nr
		work2[j] = nr
		if nr == 0 {
			work2[j] = 1
		}
	}
	lup := min(n, p)
	k := p + 1 // 1-based as in dqrdc2
	tmp := make([]float64, n)
	for l := 0; l < lup; l++ {
		// Cycle negligible columns to the end.
		for l+1 < k && q.qraux[l] < work2[l]*tol {
			copy(tmp, col(l))
			for j := l + 1; j < p; j++ {
				copy(col(j-1), col(j))
			}
			copy(col(p-1), tmp)
			pv, qa, w1, w2 := q.pivot[l], q.qraux[l], work1[l], work2[l]
			for j := l + 1; j < p; j++ {
				q.pivot[j-1] = q.pivot[j]
				q.qraux[j-1] = q.qraux[j]
				work1[j-1] = work1[j]
				work2[j-1] = work2[j]
			}
			q.pivot[p-1], q.qraux[p-1], work1[p-1], work2[p-1] = pv, qa, w1, w2
			k--
		}
		if l == n-1 {
			break
		}
		cl := col(l)[l:]
		nrmxl := colNorm(cl)
		if nrmxl == 0 {
			continue
		}
		if cl[0] != 0 {
			nrmxl = math.Copysign(nrmxl, cl[0])
		}
		inv := 1 / nrmxl
		for i := range cl {
			cl[i] *= inv
		}
		cl[0] += 1
		for j := l + 1; j < p; j++ {
			cj := col(j)[l:]
			t := -dot(cl, cj) / cl[0]
			axpy(t, cl, cj)
			if q.qraux[j] == 0 {
				continue
			}
			tt := 1 - (math.Abs(cj[0])/q.qraux[j])*(math.Abs(cj[0])/q.qraux[j])
			tt = math.Max(tt, 0)
			if math.Abs(tt) < 1e-6 {
				q.qraux[j] = colNorm(cj[1:])
				work1[j] = q.qraux[j]
			} else {
				q.qraux[j] *= math.Sqrt(tt)
			}
		}
		q.qraux[l] = cl[0]
		cl[0] = -nrmxl
	}
	q.rank = min(k-1, n)
	return q
}

// qty overwrites y (length n) with Q'y.
func (q *qrDecomp) qty(y []float64) {
	n := q.n
	for j := 0; j < min(q.rank, n-1); j++ {
		if q.qraux[j] == 0 {
			continue
		}
		v := q.a[j*n+j : (j+1)*n]
		diag := v[0]
		v[0] = q.qraux[j]
		t := -dot(v, y[j:]) / v[0]
		axpy(t, v, y[j:])
		v[0] = diag
	}
}

// solve returns the least-squares coefficients in the original column order;
// aliased columns get 0 (callers mark them NaN where R reports NA).
func (q *qrDecomp) solve(y []float64) []float64 {
	qy := make([]float64, q.n)
	copy(qy, y)
	q.qty(qy)
	b := q.backsolve(qy[:q.rank])
	coef := make([]float64, q.p)
	for j := 0; j < q.rank; j++ {
		coef[q.pivot[j]] = b[j]
	}
	return coef
}

// solveInPlace is solve using y as workspace (y is overwritten).
func (q *qrDecomp) solveInPlace(y []float64) []float64 {
	q.qty(y)
	b := q.backsolve(y[:q.rank])
	coef := make([]float64, q.p)
	for j := 0; j < q.rank; j++ {
		coef[q.pivot[j]] = b[j]
	}
	return coef
}

// backsolve solves R[:k,:k]·b = c for k = len(c).
func (q *qrDecomp) backsolve(c []float64) []float64 {
	k := len(c)
	n := q.n
	b := make([]float64, k)
	copy(b, c)
	for j := k - 1; j >= 0; j-- {
		b[j] /= q.a[j*n+j]
		for i := 0; i < j; i++ {
			b[i] -= b[j] * q.a[j*n+i]
		}
	}
	return b
}

// unscaledCov returns (R'R)^{-1} for the first rank pivoted columns, mapped
// back to the original p×p order; aliased rows and columns are NaN.
func (q *qrDecomp) unscaledCov() [][]float64 {
	k := q.rank
	n := q.n
	// Rinv: upper triangular inverse of R[:k,:k].
	rinv := make([][]float64, k)
	for i := range rinv {
		rinv[i] = make([]float64, k)
	}
	for j := 0; j < k; j++ {
		rinv[j][j] = 1 / q.a[j*n+j]
		for i := j - 1; i >= 0; i-- {
			s := 0.0
			for l := i + 1; l <= j; l++ {
				s += q.a[l*n+i] * rinv[l][j]
			}
			rinv[i][j] = -s / q.a[i*n+i]
		}
	}
	cov := make([][]float64, q.p)
	for i := range cov {
		cov[i] = make([]float64, q.p)
		for j := range cov[i] {
			cov[i][j] = math.NaN()
		}
	}
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			s := 0.0
			for l := max(i, j); l < k; l++ {
				s += rinv[i][l] * rinv[j][l]
			}
			cov[q.pivot[i]][q.pivot[j]] = s
		}
	}
	return cov
}

// aliased returns the original indices of the aliased columns in the order
// R reports them.
func (q *qrDecomp) aliased() []int {
	var out []int
	for j := q.rank; j < q.p; j++ {
		out = append(out, q.pivot[j])
	}
	return out
}
