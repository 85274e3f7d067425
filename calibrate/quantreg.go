package calibrate

import (
	"container/heap"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// QuantRegMethod selects the quantile-regression algorithm.
type QuantRegMethod int

const (
	// QuantRegAuto (the zero value) uses QuantRegSimplex for n ≤ 5000 rows
	// and QuantRegInteriorPoint above.
	QuantRegAuto QuantRegMethod = iota
	// QuantRegSimplex is an exact vertex method in the spirit of
	// Barrodale–Roberts (quantreg's "br"): from a basic solution (p
	// observations fitted exactly) it moves along the edge with the most
	// negative directional derivative of the check loss, with an exact line
	// search through the breakpoints (a weighted-median step that may pass
	// several vertices at once), until no edge descends.
	QuantRegSimplex
	// QuantRegInteriorPoint solves the dual linear programme by the
	// Frisch–Newton primal–dual interior-point method with Mehrotra's
	// predictor–corrector (as quantreg's "fn", Portnoy and Koenker 1997),
	// then moves to an optimal vertex with the simplex steps above
	// (crossover), so the result is an exact basic solution as with
	// QuantRegSimplex.
	QuantRegInteriorPoint
)

// QuantRegOptions controls QuantReg. The zero value fits the median.
type QuantRegOptions struct {
	// Tau is the quantile in (0, 1); 0 means 0.5.
	Tau float64
	// Method chooses the algorithm; the zero value chooses by size.
	Method QuantRegMethod
	// MaxIter bounds the number of simplex pivots (0 means 10·n + 1000) and
	// interior-point iterations (100).
	MaxIter int
	// Weights are prior weights, one per row (nil: unweighted), used as
	// quantreg's rq(weights = w) (rq.wfit): the rows of X and y are
	// multiplied by wᵢ (not √wᵢ) and the unweighted problem is solved on
	// the scaled rows, so the coefficients minimise Σ wᵢ·ρτ(yᵢ − xᵢ'b).
	// Weights must be finite and ≥ 0; a row of weight 0 does not affect
	// the coefficients. Scaling every weight by c leaves the coefficients
	// unchanged.
	Weights []float64
}

// QuantRegFit is a linear quantile regression: the coefficients b minimise
// Σ wᵢ·ρτ(yᵢ − xᵢ'b), ρτ(r) = r·(τ − 1{r < 0}), with prior weights wᵢ
// (all 1 without QuantRegOptions.Weights).
//
// The solution is a vertex of the linear programme: the p observations in
// Basis have residual 0. When the optimum is not unique (R warns "Solution
// may be nonunique") any optimal vertex may be returned; it need not be the
// one quantreg's "br" reports, but the objective is the same.
type QuantRegFit struct {
	Tau          float64
	Names        []string
	Coefficients []float64
	// Objective is the criterion minimised, Σ wᵢ·ρτ(rᵢ) (= Σ ρτ(wᵢrᵢ),
	// the check loss of the scaled rows), and Σ ρτ(rᵢ) without weights.
	// For a weighted fit it is not quantreg's fit$rho, which is the
	// unweighted Σ ρτ(rᵢ) of the residuals (what Glance's logLik uses,
	// as R's logLik.rq).
	Objective float64
	// Fitted are X·b and Residuals y − X·b on the rows as given, unscaled
	// also in a weighted fit (quantreg's fitted.values and residuals).
	Fitted    []float64
	Residuals []float64
	// PriorWeights are QuantRegOptions.Weights (a copy; R's fit$weights),
	// nil for an unweighted fit.
	PriorWeights []float64
	// Basis holds the 0-based rows fitted exactly by the vertex.
	Basis []int
	// NZero and NNegative count residuals (unscaled, every row, including
	// rows of weight 0) with |r| < 1e-8·max(1, max|ŷ|) and
	// r < −1e-8·max(1, max|ŷ|) (the definition of the reference cases).
	NZero, NNegative int
	// Degenerate reports that more than p rows of positive weight have
	// residual 0 at the solution; the optimum may then be non-unique.
	Degenerate bool
	// Iterations counts interior-point iterations (Method
	// QuantRegInteriorPoint) and Pivots simplex steps.
	Iterations, Pivots int
	Method             QuantRegMethod
}

// QuantReg fits a linear quantile regression at opt.Tau, with prior
// weights as quantreg's rq.wfit (see QuantRegOptions.Weights).
//
// Errors: an invalid design; τ outside (0, 1); invalid weights (a
// *DataError naming the row for a NaN, ±Inf (ErrNonFinite) or negative
// weight (ErrInvalidInput); ErrLength; every weight 0 is ErrEmpty, fewer
// than p positive weights ErrNoResidualDF); fewer rows than columns or a
// rank-deficient design (*AliasedError; in a weighted fit, of the rows with
// a positive weight); failure of the interior-point method to converge
// (*ConvergenceError, no fit).
func QuantReg(d *Design, opt QuantRegOptions) (*QuantRegFit, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	tau := opt.Tau
	if tau == 0 {
		tau = 0.5
	}
	if !(tau > 0 && tau < 1) {
		return nil, invalidf("quantreg: tau %v must be in (0, 1)", opt.Tau)
	}
	if opt.Weights == nil {
		return quantRegFit(d, tau, opt.Method, opt.MaxIter)
	}
	n, p := d.Dims()
	if _, err := checkRowWeights("quantreg", opt.Weights, n, p); err != nil {
		return nil, err
	}
	fit, err := quantRegFit(scaledRows(d, opt.Weights), tau, opt.Method, opt.MaxIter)
	if err != nil {
		return nil, err
	}
	fit.PriorWeights = slices.Clone(opt.Weights)
	fit.residualsOf(d)
	return fit, nil
}

// residualsOf sets Fitted, Residuals, NZero, NNegative and Degenerate from
// the rows of d (the rows as given: for a weighted fit, not the scaled rows
// it was solved on; rows of weight 0 do not count for Degenerate).
func (f *QuantRegFit) residualsOf(d *Design) {
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	f.Fitted = make([]float64, n)
	f.Residuals = make([]float64, n)
	maxFit := 0.0
	for i := 0; i < n; i++ {
		v := 0.0
		for j, x := range raw.Data[i*raw.Stride : i*raw.Stride+p] {
			v += x * f.Coefficients[j]
		}
		f.Fitted[i] = v
		f.Residuals[i] = d.Y[i] - v
		maxFit = math.Max(maxFit, math.Abs(v))
	}
	thr := 1e-8 * math.Max(1, maxFit)
	f.NZero, f.NNegative = 0, 0
	zeroPos := 0
	for i, r := range f.Residuals {
		if math.Abs(r) < thr {
			f.NZero++
			if f.PriorWeights == nil || f.PriorWeights[i] > 0 {
				zeroPos++
			}
		} else if r < -thr {
			f.NNegative++
		}
	}
	f.Degenerate = zeroPos > p
}

// quantRegFit is QuantReg on a design already validated (by QuantReg, or a
// subset or row-scaled copy of a validated design, whose intercept column
// need not hold ones), at a τ in (0, 1), unweighted.
func quantRegFit(d *Design, tau float64, method QuantRegMethod, maxIter int) (*QuantRegFit, error) {
	n, p := d.Dims()
	if n < p {
		return nil, fmt.Errorf("%w: quantreg: %d rows for %d coefficients", ErrNoResidualDF, n, p)
	}
	raw := d.X.RawMatrix()
	q := &rqProblem{x: raw.Data, stride: raw.Stride, n: n, p: p, y: d.Y, tau: tau}
	// Rank check on X: QR with R's tolerance for small designs, the
	// Cholesky factor of X'X (squared-norm tolerance 1e-10) for large ones.
	var qr *qrDecomp
	var aliased []int
	if n*p <= 1<<20 {
		qr = newQR(n, p, func(i, j int) float64 { return q.x[i*q.stride+j] }, 1e-7)
		aliased = qr.aliased()
	} else {
		g := gramXy(q.x, q.stride, n, p, d.Y, nil, nil)
		gm := make([]float64, p*p)
		for i := 0; i < p; i++ {
			copy(gm[i*p:(i+1)*p], g[i*(p+1):i*(p+1)+p])
		}
		aliased = newCholGram(gm, p, 1e-10).aliased()
	}
	if len(aliased) > 0 {
		var names []string
		for _, j := range aliased {
			names = append(names, d.Names[j])
		}
		return nil, &AliasedError{Columns: names, Err: ErrRankDeficient}
	}
	if method == QuantRegAuto {
		if n <= 5000 {
			method = QuantRegSimplex
		} else {
			method = QuantRegInteriorPoint
		}
	}
	maxPivots := maxIter
	if maxPivots <= 0 {
		maxPivots = 10*n + 1000
	}
	fit := &QuantRegFit{Tau: tau, Names: slices.Clone(d.Names), Method: method}
	var start []float64
	switch method {
	case QuantRegSimplex:
		// Start from the rows closest to the least-squares fit.
		if qr == nil {
			qr = newQR(n, p, func(i, j int) float64 { return q.x[i*q.stride+j] }, 1e-7)
		}
		start = qr.solve(d.Y)
	case QuantRegInteriorPoint:
		maxIt := 100
		if maxIter > 0 {
			maxIt = maxIter
		}
		b, it, err := q.frischNewton(maxIt)
		fit.Iterations = it
		if err != nil {
			return nil, err
		}
		start = b
	default:
		return nil, invalidf("quantreg: unknown method %d", int(method))
	}
	basis := q.initialBasis(q.orderByResidual(start, 16*p))
	if basis == nil {
		basis = q.initialBasis(q.orderByResidual(start, n))
	}
	if basis == nil {
		return nil, &AliasedError{Err: ErrRankDeficient}
	}
	// Simplex on a slightly perturbed response first: it has no degenerate
	// vertices, so the edge test is exact; its optimal basis is optimal for
	// the original response as the perturbation vanishes. Then finish on the
	// original response from that basis.
	yp := slices.Clone(d.Y)
	var ymax float64
	for _, v := range d.Y {
		ymax = math.Max(ymax, math.Abs(v))
	}
	eps := 1e-9 * math.Max(1, ymax)
	h := uint64(0x9e3779b97f4a7c15)
	for i := range yp {
		h ^= h << 13
		h ^= h >> 7
		h ^= h << 17
		yp[i] += eps * (float64(h>>11)/(1<<53)*2 - 1)
	}
	_, basis, pivots, err := q.simplex(basis, yp, maxPivots)
	fit.Pivots = pivots
	if err != nil {
		return nil, err
	}
	b, basis, pivots, err := q.simplex(basis, d.Y, maxPivots)
	fit.Pivots += pivots
	if err != nil {
		return nil, err
	}
	fit.Coefficients = b
	fit.Basis = slices.Clone(basis)
	slices.Sort(fit.Basis)
	// The objective is the check loss of the rows solved on (the scaled
	// rows of a weighted fit: Σ wᵢ·ρτ(rᵢ)); QuantReg replaces the fitted
	// values and residuals of a weighted fit by those of the given rows.
	fit.residualsOf(d)
	var obj neumaier
	for _, r := range fit.Residuals {
		obj.add(checkLoss(r, tau))
	}
	fit.Objective = obj.sum()
	return fit, nil
}

func checkLoss(r, tau float64) float64 {
	if r < 0 {
		return r * (tau - 1)
	}
	return r * tau
}

type rqProblem struct {
	x      []float64
	stride int
	n, p   int
	y      []float64
	tau    float64
}

func (q *rqProblem) row(i int) []float64 { return q.x[i*q.stride : i*q.stride+q.p] }

func (q *rqProblem) rowDot(i int, b []float64) float64 {
	s := 0.0
	for j, v := range q.row(i) {
		s += v * b[j]
	}
	return s
}

// orderByResidual returns the k rows of smallest |y − x'b| in increasing
// order (ties by row index).
func (q *rqProblem) orderByResidual(b []float64, k int) []int {
	n := q.n
	r := make([]float64, n)
	for i := range r {
		r[i] = math.Abs(q.y[i] - q.rowDot(i, b))
	}
	less := func(a, c int) int {
		switch {
		case r[a] < r[c]:
			return -1
		case r[a] > r[c]:
			return 1
		}
		return a - c
	}
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	k = min(k, n)
	if k < n {
		// Partial selection: move the k smallest to the front.
		lo, hi := 0, n-1
		for lo < hi {
			pv := ord[(lo+hi)/2]
			i, j := lo, hi
			for i <= j {
				for less(ord[i], pv) < 0 {
					i++
				}
				for less(ord[j], pv) > 0 {
					j--
				}
				if i <= j {
					ord[i], ord[j] = ord[j], ord[i]
					i++
					j--
				}
			}
			if k-1 <= j {
				hi = j
			} else if k-1 >= i {
				lo = i
			} else {
				break
			}
		}
		slices.SortFunc(ord[:k], less)
		return ord[:k]
	}
	slices.SortFunc(ord, less)
	return ord
}

// initialBasis picks the first p linearly independent rows in order.
func (q *rqProblem) initialBasis(order []int) []int {
	p := q.p
	basis := make([]int, 0, p)
	qs := make([][]float64, 0, p) // orthonormal rows
	v := make([]float64, p)
	for _, i := range order {
		row := q.row(i)
		copy(v, row)
		nr := colNorm(row)
		if nr == 0 {
			continue
		}
		for pass := 0; pass < 2; pass++ {
			for _, u := range qs {
				axpy(-dot(u, v), u, v)
			}
		}
		nv := colNorm(v)
		if nv <= 1e-8*nr {
			continue
		}
		u := make([]float64, p)
		for j := range u {
			u[j] = v[j] / nv
		}
		qs = append(qs, u)
		basis = append(basis, i)
		if len(basis) == p {
			return basis
		}
	}
	return nil
}

type breakpoint struct {
	t, a float64
	i    int
}

type bpHeap []breakpoint

func (h bpHeap) Len() int           { return len(h) }
func (h bpHeap) Less(i, j int) bool { return h[i].t < h[j].t || (h[i].t == h[j].t && h[i].i < h[j].i) }
func (h bpHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *bpHeap) Push(x any)        { *h = append(*h, x.(breakpoint)) }
func (h *bpHeap) Pop() any          { old := *h; n := len(old); x := old[n-1]; *h = old[:n-1]; return x }

// simplex runs the exact descent from the given basis and returns the
// optimal coefficients and basis.
func (q *rqProblem) simplex(basis []int, y []float64, maxPivots int) ([]float64, []int, int, error) {
	n, p, tau := q.n, q.p, q.tau
	inBasis := make([]bool, n)
	for _, i := range basis {
		inBasis[i] = true
	}
	xh := mat.NewDense(p, p, nil)
	var lu mat.LU
	b := make([]float64, p)
	r := make([]float64, n)
	var ymax float64
	for _, v := range y {
		ymax = math.Max(ymax, math.Abs(v))
	}
	zeroTol := 1e-11 * math.Max(1, ymax)
	xi := make([]float64, p)
	var bps []breakpoint
	solveBasis := func() error {
		for k, i := range basis {
			xh.SetRow(k, q.row(i))
		}
		lu.Factorize(xh)
		if c := lu.Cond(); c > 1e15 || math.IsInf(c, 0) {
			return fmt.Errorf("%w: quantreg: singular basis", ErrRankDeficient)
		}
		yh := mat.NewVecDense(p, nil)
		for k, i := range basis {
			yh.SetVec(k, y[i])
		}
		var bv mat.VecDense
		if err := lu.SolveVecTo(&bv, false, yh); err != nil {
			return fmt.Errorf("%w: quantreg: singular basis", ErrRankDeficient)
		}
		for j := 0; j < p; j++ {
			b[j] = bv.AtVec(j)
		}
		for i := 0; i < n; i++ {
			if inBasis[i] {
				r[i] = 0
			} else {
				r[i] = y[i] - q.rowDot(i, b)
			}
		}
		return nil
	}
	objective := func() float64 {
		var s neumaier
		for _, v := range r {
			s.add(checkLoss(v, tau))
		}
		return s.sum()
	}
	if err := solveBasis(); err != nil {
		return nil, nil, 0, err
	}
	obj := objective()
	pivots := 0
	dv := mat.NewVecDense(p, nil)
	var tmp mat.VecDense
	for ; pivots < maxPivots; pivots++ {
		// ξ = Σ_{i∉h, r≠0} ψ(rᵢ) xᵢ and the degenerate rows Z0.
		clear(xi)
		var z0 []int
		for i := 0; i < n; i++ {
			if inBasis[i] {
				continue
			}
			switch {
			case r[i] > zeroTol:
				axpy(tau, q.row(i), xi)
			case r[i] < -zeroTol:
				axpy(tau-1, q.row(i), xi)
			default:
				z0 = append(z0, i)
			}
		}
		// S_k = −(Xh⁻ᵀ ξ)_k: the derivative of Σ_{i∉h,r≠0} ρ along +Xh⁻¹e_k.
		if err := lu.SolveVecTo(&tmp, true, mat.NewVecDense(p, slices.Clone(xi))); err != nil {
			return nil, nil, pivots, fmt.Errorf("%w: quantreg: singular basis", ErrRankDeficient)
		}
		dplus := make([]float64, p)
		dminus := make([]float64, p)
		for k := 0; k < p; k++ {
			s := -tmp.AtVec(k)
			dplus[k] = s + (1 - tau)
			dminus[k] = -s + tau
		}
		for _, j := range z0 {
			var u mat.VecDense
			if err := lu.SolveVecTo(&u, true, mat.NewVecDense(p, slices.Clone(q.row(j)))); err != nil {
				return nil, nil, pivots, fmt.Errorf("%w: quantreg: singular basis", ErrRankDeficient)
			}
			for k := 0; k < p; k++ {
				ajk := u.AtVec(k)
				dplus[k] += math.Max(-tau*ajk, (1-tau)*ajk)
				dminus[k] += math.Max(tau*ajk, -(1-tau)*ajk)
			}
		}
		best, bk, bsign := 0.0, -1, 0.0
		for k := 0; k < p; k++ {
			if dplus[k] < best {
				best, bk, bsign = dplus[k], k, 1
			}
			if dminus[k] < best {
				best, bk, bsign = dminus[k], k, -1
			}
		}
		if bk < 0 {
			break
		}
		// Direction d = sign·Xh⁻¹e_k; aᵢ = xᵢ'd.
		dv.Zero()
		dv.SetVec(bk, bsign)
		var dir mat.VecDense
		if err := lu.SolveVecTo(&dir, false, dv); err != nil {
			return nil, nil, pivots, fmt.Errorf("%w: quantreg: singular basis", ErrRankDeficient)
		}
		d := dir.RawVector().Data
		bps = bps[:0]
		for i := 0; i < n; i++ {
			if inBasis[i] || (r[i] <= zeroTol && r[i] >= -zeroTol) {
				continue
			}
			ai := q.rowDot(i, d)
			if ai == 0 {
				continue
			}
			if t := r[i] / ai; t > 0 {
				bps = append(bps, breakpoint{t: t, a: math.Abs(ai), i: i})
			}
		}
		// Walk the breakpoints in increasing t until the slope turns ≥ 0
		// (a weighted median); a heap orders only the ones needed.
		bh := bpHeap(bps)
		heap.Init(&bh)
		slope := best
		enter := -1
		for bh.Len() > 0 {
			bp := heap.Pop(&bh).(breakpoint)
			slope += bp.a
			if slope >= 0 {
				enter = bp.i
				break
			}
		}
		bps = bh[:0]
		if enter < 0 {
			return nil, nil, pivots, fmt.Errorf("%w: quantreg: unbounded direction (check the design)", ErrInvalidInput)
		}
		leave := basis[bk]
		oldB := slices.Clone(b)
		oldR := slices.Clone(r)
		basis[bk] = enter
		inBasis[leave], inBasis[enter] = false, true
		if err := solveBasis(); err != nil {
			return nil, nil, pivots, err
		}
		nobj := objective()
		if !(nobj < obj*(1-1e-15)) {
			// No numerical progress: undo and stop.
			basis[bk] = leave
			inBasis[leave], inBasis[enter] = true, false
			copy(b, oldB)
			copy(r, oldR)
			break
		}
		obj = nobj
	}
	if pivots >= maxPivots {
		return nil, nil, pivots, &ConvergenceError{Method: "quantreg simplex", Iterations: pivots, LastChange: math.NaN(), Tolerance: 0, Err: ErrNotConverged}
	}
	return slices.Clone(b), basis, pivots, nil
}
