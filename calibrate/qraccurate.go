package calibrate

import (
	"fmt"
	"math"
)

// The accurate least-squares path: R's algorithm (a Householder QR with the
// limited column pivoting of LINPACK's dqrdc2 as modified for R), carried
// out in double-double arithmetic (ddouble.go) on the exact products
// √w_i·x_ij. The rounding error of the factorisation is then about
// κ(X)·1e-32 instead of R's κ(X)·1e-16, so the coefficients, the triangular
// factor R and (R'R)⁻¹ (the unscaled covariance, as R's chol2inv(qr.R))
// are those of exact arithmetic on the binary data, rounded once to
// float64, for any design with κ(X) well below 1e16. Residuals, fitted
// values and the sums of squares are computed from the double-double
// coefficients in double-double as well.
//
// It costs about 60 floating-point operations per element update, some 30
// times a float64 QR, and is used where that cost is small (see
// accurateWorkMax) or where the normal equations would lose accuracy.

// accurateWorkMax bounds the size m·p² of a fit that always takes the
// accurate path (m rows used, p columns). Above it, a well-conditioned fit
// uses the normal equations (with refinement) and an ill-conditioned one a
// float64 QR; see fitLinearGram.
const accurateWorkMax = 1 << 20

// linearSums are the sums over the fitted rows that the statistics need.
// The accurate path also gives them in double-double, with (X'WX)⁻¹.
type linearSums struct {
	nobs, sumLogW float64
	rss, mss      float64
	acc           *accurateSums
}

type accurateSums struct {
	rss, mss dd
	vinv     []dd // k×k (X'WX)⁻¹ over the kept columns
}

// qrAccurate fits f by the double-double Householder QR with R's limited
// pivoting at tolerance tol. It sets kept, rfac, scale, vinv, Estimates,
// Fitted and Residuals, and returns the sums for statistics. It returns a
// *DataError if an intercept column holds a value other than 1.
func (f *LinearFit) qrAccurate(tol float64, w []float64, kind WeightKind) (linearSums, error) {
	d := f.d
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	ic := d.InterceptIndex()

	// The rows entering the factorisation: the selected rows with a
	// positive weight (zero-weight rows contribute nothing, as R's lm.wfit
	// drops them).
	used := make([]int, 0, f.Rows)
	each := func(fn func(i int)) {
		if f.rows != nil {
			for _, i := range f.rows {
				fn(i)
			}
			return
		}
		for i := 0; i < n; i++ {
			fn(i)
		}
	}
	bad := -1
	each(func(i int) {
		if bad < 0 && ic >= 0 && raw.Data[i*raw.Stride+ic] != 1 {
			bad = i
		}
		if w == nil || w[i] > 0 {
			used = append(used, i)
		}
	})
	if bad >= 0 {
		return linearSums{}, &DataError{Row: bad, Column: InterceptName, Value: raw.Data[bad*raw.Stride+ic],
			Err: fmt.Errorf("%w: intercept column must hold only ones", ErrInvalidInput)}
	}
	m := len(used)
	q := p + 1 // the response is column p

	// √w_i in double-double.
	var sw []dd
	if w != nil {
		sw = make([]dd, m)
		for t, i := range used {
			sw[t] = ddFrom(w[i]).sqrt()
		}
	}
	// Column-major m×q working matrix, each column scaled by a power of two
	// (exactly) so that its largest element is in [1, 2): sums of squares
	// can neither overflow nor lose small columns to underflow.
	a := make([]dd, m*q)
	exp := make([]int, q)
	for j := 0; j < q; j++ {
		col := a[j*m : (j+1)*m]
		maxAbs := 0.0
		for t, i := range used {
			v := d.Y[i]
			if j < p {
				v = raw.Data[i*raw.Stride+j]
			}
			if sw != nil {
				col[t] = sw[t].mulF(v)
			} else {
				col[t] = ddFrom(v)
			}
			maxAbs = math.Max(maxAbs, math.Abs(col[t].hi))
		}
		if maxAbs > 0 {
			_, e := math.Frexp(maxAbs)
			exp[j] = e - 1
			for t := range col {
				col[t] = col[t].scale(-exp[j])
			}
		}
	}
	col := func(j int) []dd { return a[j*m : (j+1)*m] }
	ddNorm := func(v []dd) dd { return ddDot(v, v).sqrt() }

	// Householder QR with dqrdc2's limited pivoting: before column l is
	// reduced, columns whose remaining norm is below tol times their
	// original norm are moved to the end (and count as aliased). The norms
	// are recomputed, not downdated.
	pivot := make([]int, p)
	qraux := make([]dd, p) // remaining norms while factorising
	orig := make([]float64, p)
	for j := 0; j < p; j++ {
		pivot[j] = j
		qraux[j] = ddNorm(col(j))
		orig[j] = qraux[j].float()
		if orig[j] == 0 {
			orig[j] = 1
		}
	}
	tmp := make([]dd, m)
	k := p // columns not moved to the end
	for l := 0; l < min(m, p); l++ {
		for l < k && qraux[l].float() < orig[l]*tol {
			copy(tmp, col(l))
			for j := l + 1; j < p; j++ {
				copy(col(j-1), col(j))
			}
			copy(col(p-1), tmp)
			pv, qa, og := pivot[l], qraux[l], orig[l]
			copy(pivot[l:], pivot[l+1:])
			copy(qraux[l:], qraux[l+1:])
			copy(orig[l:], orig[l+1:])
			pivot[p-1], qraux[p-1], orig[p-1] = pv, qa, og
			k--
		}
		if l >= k || l == m-1 {
			// Only the columns already found aliased (or none) remain; R's
			// dqrdc2 reduces them too, but nothing uses that.
			break
		}
		cl := col(l)[l:]
		nrm := ddNorm(cl)
		if cl[0].hi < 0 {
			nrm = nrm.neg()
		}
		for i := range cl {
			cl[i] = cl[i].div(nrm)
		}
		cl[0] = cl[0].add(ddFrom(1))
		for j := l + 1; j < q; j++ {
			cj := col(j)[l:]
			t := ddDot(cl, cj).div(cl[0]).neg()
			ddAxpy(t, cl, cj)
			if j >= p || qraux[j].hi == 0 {
				continue
			}
			// Downdate the remaining norm as dqrdc2 does, recomputing it
			// when most of it has gone.
			r := math.Abs(cj[0].hi) / qraux[j].hi
			tt := math.Max(1-r*r, 0)
			if tt < 1e-6 {
				qraux[j] = ddNorm(cj[1:])
			} else {
				qraux[j] = qraux[j].mulF(math.Sqrt(tt))
			}
		}
		cl[0] = nrm.neg() // R's diagonal; the Householder vector is no longer needed
	}
	rank := min(k, m)

	// R (k×k, scaled columns) and the coefficients of the scaled problem.
	r := make([]dd, rank*rank) // row-major upper triangle
	for c := 0; c < rank; c++ {
		cc := col(c)
		for i := 0; i <= c; i++ {
			r[i*rank+c] = cc[i]
		}
	}
	qty := col(p)
	bs := make([]dd, rank)
	for i := rank - 1; i >= 0; i-- {
		s := qty[i]
		for c := i + 1; c < rank; c++ {
			s = s.sub(r[i*rank+c].mul(bs[c]))
		}
		bs[i] = s.div(r[i*rank+i])
	}
	// Undo the scaling: X = Xs·2^E, y = ys·2^ey, so b_j = bs_j·2^(ey−e_j).
	kept := make([]int, rank)
	copy(kept, pivot[:rank])
	bdd := make([]dd, p)
	for a, j := range kept {
		bdd[j] = bs[a].scale(exp[p] - exp[j])
	}

	// R⁻¹ of the scaled problem, then (X'WX)⁻¹ = 2^−E (R'R)⁻¹ 2^−E.
	rinv := make([]dd, rank*rank)
	for j := 0; j < rank; j++ {
		rinv[j*rank+j] = ddFrom(1).div(r[j*rank+j])
		for i := j - 1; i >= 0; i-- {
			var s dd
			for l := i + 1; l <= j; l++ {
				s = s.add(r[i*rank+l].mul(rinv[l*rank+j]))
			}
			rinv[i*rank+j] = s.div(r[i*rank+i]).neg()
		}
	}
	f.vinv = make([]float64, rank*rank)
	vinv := make([]dd, rank*rank)
	for i := 0; i < rank; i++ {
		for j := i; j < rank; j++ {
			var s dd
			for l := j; l < rank; l++ {
				s = s.add(rinv[i*rank+l].mul(rinv[j*rank+l]))
			}
			s = s.scale(-exp[kept[i]] - exp[kept[j]])
			vinv[i*rank+j], vinv[j*rank+i] = s, s
			f.vinv[i*rank+j] = s.float()
			f.vinv[j*rank+i] = s.float()
		}
	}
	// The factor in the form the other methods use: R'R = S with unit
	// diagonal in S, X'WX = diag(scale)·S·diag(scale), positive diagonal.
	f.kept = kept
	f.scale = make([]float64, rank)
	f.rfac = make([]float64, rank*rank)
	for c := 0; c < rank; c++ {
		var s dd
		for i := 0; i <= c; i++ {
			s = s.add(r[i*rank+c].mul(r[i*rank+c]))
		}
		nc := s.sqrt()
		f.scale[c] = nc.scale(exp[kept[c]]).float()
		for i := 0; i <= c; i++ {
			v := r[i*rank+c].div(nc).float()
			if r[i*rank+i].hi < 0 {
				v = -v
			}
			f.rfac[i*rank+c] = v
		}
	}

	// Fitted values and residuals of every design row; sums over the
	// fitted rows in double-double.
	b := make([]float64, p)
	for j := range b {
		b[j] = math.NaN()
	}
	for _, j := range kept {
		b[j] = bdd[j].float()
	}
	f.Estimates = b
	f.Fitted = make([]float64, n)
	f.Residuals = make([]float64, n)
	fdd := make([]dd, n)
	for i := 0; i < n; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		var s dd
		for _, j := range kept {
			s = s.add(bdd[j].mulF(row[j]))
		}
		fdd[i] = s
		f.Fitted[i] = s.float()
		f.Residuals[i] = ddFrom(d.Y[i]).sub(s).float()
	}
	var sums linearSums
	var sw2, swf, rss dd
	each(func(i int) {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			return
		}
		if kind == Frequency {
			sums.nobs += wi
		} else {
			sums.nobs++
			if w != nil {
				sums.sumLogW += math.Log(wi)
			}
		}
		e := ddFrom(d.Y[i]).sub(fdd[i])
		sw2 = sw2.add(ddFrom(wi))
		swf = swf.add(fdd[i].mulF(wi))
		rss = rss.add(e.mul(e).mulF(wi))
	})
	mean := swf.div(sw2)
	var mss dd
	each(func(i int) {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if wi == 0 {
			return
		}
		v := fdd[i]
		if f.Intercept {
			v = v.sub(mean)
		}
		mss = mss.add(v.mul(v).mulF(wi))
	})
	sums.rss = rss.float()
	sums.mss = mss.float()
	sums.acc = &accurateSums{rss: rss, mss: mss, vinv: vinv}
	return sums, nil
}
