package calibrate

import (
	"math"
	"math/rand/v2"
)

// Preprocessing for large quantile regressions (Portnoy and Koenker, "The
// Gaussian hare and the Laplacian tortoise: computability of squared-error
// versus absolute-error estimators", Statistical Science 12, 1997, §5).
//
// A fit on a random subsample of m ≈ ((p+1)·n)^(2/3) rows predicts, with a
// band proportional to each row's standard error, which rows lie clearly
// below or above the quantile hyperplane. Those are replaced by two
// "globbed" rows (the sums of their x and y), and the problem on the
// remaining rows plus the globs is solved. If every globbed row's residual
// has the sign of its glob, the solution is optimal for all rows (the
// check loss is linear in b on each side, so the globbed problem's
// objective equals the full one there and lies below it elsewhere);
// otherwise the rows on the wrong side are put back and it is solved again
// (at most preprocessFixups times), and if too many were wrong the
// subsample is doubled. The result only starts the crossover, which
// checks optimality on all rows exactly, so a failed preprocessing costs
// time, never accuracy.

const (
	// preprocessMinRows is the smallest design preprocessed; below it, and
	// where the subsample would exceed a quarter of the rows, the interior
	// point runs on all rows.
	preprocessMinRows = 20000
	// preprocessBand is the share of the subsample size kept between the
	// two globs (quantreg's Mm.factor).
	preprocessBand = 0.8
	// preprocessFixups bounds the re-solves after rows fell on the wrong
	// side of their glob.
	preprocessFixups = 3
	// preprocessSampleGap is the relative duality gap of the subsample's
	// fit, which only centres the band.
	preprocessSampleGap = 1e-4
	// preprocessFinalGap is that of the globbed problem's fit: tighter than
	// rqGapTol, so that the rows closest to the fit are the optimal vertex
	// and the crossover on all rows has (almost) nothing left to do.
	preprocessFinalGap = 1e-11
)

// preprocessed returns near-optimal coefficients found by preprocessing
// and the interior-point iterations spent, or ok false when the design is
// too small for it or it failed (the caller then solves on all rows). The
// subsample is drawn from a fixed seed, so the result is reproducible.
func (q *rqProblem) preprocessed(maxIt int) (b []float64, iters int, ok bool) {
	n, p, tau := q.n, q.p, q.tau
	m := int(math.Ceil(math.Pow(float64((p+1)*n), 2.0/3)))
	if n < preprocessMinRows || 4*m > n {
		return nil, 0, false
	}
	rng := rand.New(rand.NewPCG(0x9e3779b97f4a7c15, uint64(n)))
	r := make([]float64, n)
	u := make([]float64, n)
	side := make([]int8, n) // −1 lower glob, +1 upper glob, 0 kept
	for 4*m <= n {
		sub := q.subset(sampleRows(rng, n, m), nil)
		b0, it, err := sub.interiorPoint(maxIt, preprocessSampleGap)
		iters += it
		if err != nil {
			return nil, iters, false
		}
		// Standard-error band of each row from the subsample's X'X:
		// band_i = ‖L⁻¹x_i‖ with X_s'X_s = LL'.
		g := gramXy(sub.x, sub.stride, sub.n, p, sub.y, nil, nil)
		gm := make([]float64, p*p)
		for i := 0; i < p; i++ {
			copy(gm[i*p:(i+1)*p], g[i*(p+1):i*(p+1)+p])
		}
		ch := newCholGram(gm, p, 1e-14)
		if ch.rank < p {
			return nil, iters, false
		}
		forChunks(n, rowChunk, func(_, lo, hi int) {
			v := make([]float64, p)
			for i := lo; i < hi; i++ {
				row := q.row(i)
				s2 := 0.0
				for j := 0; j < p; j++ {
					s := row[j]
					for k := 0; k < j; k++ {
						s -= ch.l[j*p+k] * v[k]
					}
					v[j] = s / ch.l[j*p+j]
					s2 += v[j] * v[j]
				}
				r[i] = q.y[i] - q.rowDot(i, b0)
				u[i] = r[i] / math.Max(math.Sqrt(s2), 1e-6)
			}
		})
		// Keep about preprocessBand·m rows around the τ-quantile of the
		// standardized residuals; glob the rest.
		mm := preprocessBand * float64(m)
		loQ := math.Max(1/float64(n), tau-mm/(2*float64(n)))
		hiQ := math.Min(tau+mm/(2*float64(n)), float64(n-1)/float64(n))
		us := make([]float64, n)
		copy(us, u)
		kLo := kthSmallest(us, int(loQ*float64(n-1)))
		kHi := kthSmallest(us, int(math.Ceil(hiQ*float64(n-1))))
		for i, v := range u {
			switch {
			case v < kLo:
				side[i] = -1
			case v > kHi:
				side[i] = 1
			default:
				side[i] = 0
			}
		}
		for fix := 0; fix <= preprocessFixups; fix++ {
			red := q.subset(nil, side)
			b1, it, err := red.interiorPoint(maxIt, preprocessFinalGap)
			iters += it
			if err != nil {
				return nil, iters, false
			}
			bad := 0
			for i := 0; i < n; i++ {
				if side[i] == 0 {
					continue
				}
				ri := q.y[i] - q.rowDot(i, b1)
				if (side[i] < 0 && ri > 0) || (side[i] > 0 && ri < 0) {
					side[i] = 0
					bad++
				}
			}
			if bad == 0 {
				return b1, iters, true
			}
			if float64(bad) > 0.1*mm || fix == preprocessFixups {
				break
			}
		}
		m *= 2
	}
	return nil, iters, false
}

// subset returns the problem on the given rows (in order) or, if rows is
// nil, on the rows with side 0 followed by one globbed row for the rows
// with side −1 and one for side +1 (each the sum of their rows and
// responses), leaving out a glob with no rows.
func (q *rqProblem) subset(rows []int, side []int8) *rqProblem {
	p := q.p
	var x, y []float64
	if rows != nil {
		x = make([]float64, 0, len(rows)*p)
		y = make([]float64, 0, len(rows))
		for _, i := range rows {
			x = append(x, q.row(i)...)
			y = append(y, q.y[i])
		}
	} else {
		lo, hi := make([]float64, p), make([]float64, p)
		var ylo, yhi float64
		var nlo, nhi int
		for i, s := range side {
			switch s {
			case 0:
				x = append(x, q.row(i)...)
				y = append(y, q.y[i])
			case -1:
				axpy(1, q.row(i), lo)
				ylo += q.y[i]
				nlo++
			default:
				axpy(1, q.row(i), hi)
				yhi += q.y[i]
				nhi++
			}
		}
		if nlo > 0 {
			x = append(x, lo...)
			y = append(y, ylo)
		}
		if nhi > 0 {
			x = append(x, hi...)
			y = append(y, yhi)
		}
	}
	return &rqProblem{x: x, stride: p, n: len(y), p: p, y: y, tau: q.tau}
}

// sampleRows returns m of the rows 0..n−1 drawn without replacement, in
// increasing order (Knuth's selection sampling, TAOCP 3.4.2 algorithm S).
func sampleRows(rng *rand.Rand, n, m int) []int {
	out := make([]int, 0, m)
	for i := 0; i < n && len(out) < m; i++ {
		if float64(n-i)*rng.Float64() < float64(m-len(out)) {
			out = append(out, i)
		}
	}
	return out
}

// kthSmallest returns the k-th smallest (0-based) of a, reordering a
// (Hoare's selection with a median-of-three pivot).
func kthSmallest(a []float64, k int) float64 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pv := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pv {
				i++
			}
			for a[j] > pv {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}
