package calibrate

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// Uniqueness says whether a quantile-regression solution is the only
// minimiser of the check loss.
type Uniqueness int

const (
	// Unique: the vertex satisfies the optimality conditions strictly, so
	// no other coefficients reach the same objective.
	Unique Uniqueness = iota + 1
	// NonUnique: an edge of the linear programme from the vertex keeps the
	// objective, so other coefficients (a segment, or a face) are optimal
	// too. R's quantreg warns "Solution may be nonunique"; which optimal
	// vertex a method returns depends on its path.
	NonUnique
	// Undecided: more than p residuals are 0 (a degenerate vertex, common
	// with tied or integer data), where the strict conditions do not
	// settle the question; or the coefficients are not a vertex.
	Undecided
)

func (u Uniqueness) String() string {
	switch u {
	case Unique:
		return "unique"
	case NonUnique:
		return "non-unique"
	case Undecided:
		return "undecided"
	}
	return "Uniqueness(?)"
}

// Uniqueness reports whether f's coefficients are the unique solution of
// the quantile regression of d (the design f was fitted to). At a vertex
// whose p zero-residual rows h form a nonsingular X_h, the solution is
// optimal if and only if the multipliers a = −X_h'⁻¹·Σ_{i∉h} ψτ(rᵢ)·xᵢ,
// ψτ(r) = τ − 1{r < 0}, all lie in [τ − 1, τ], and unique if they lie in
// the open interval (Koenker 2005, Quantile Regression, Theorem 2.1 and
// section 2.2.2). A multiplier at a bound (to a relative tolerance of
// 1e-9 of its magnitude) means NonUnique.
//
// For a weighted fit d is the design as given (not scaled by the weights);
// the question is asked of the linear programme the fit solved, on the
// rows scaled by the weights, where rows of weight 0 are left out (their
// residual is 0 whatever the coefficients).
func (f *QuantRegFit) Uniqueness(d *Design) (Uniqueness, error) {
	if err := f.checkDesign(d); err != nil {
		return 0, err
	}
	x, _ := f.scaledRows(d)
	return rqUniqueness(x, f.Coefficients, f.Tau), nil
}

func rqUniqueness(d *Design, b []float64, tau float64) Uniqueness {
	n, p := d.Dims()
	raw := d.X.RawMatrix()
	row := func(i int) []float64 { return raw.Data[i*raw.Stride : i*raw.Stride+p] }
	r := make([]float64, n)
	scale := 1.0
	for i := 0; i < n; i++ {
		fit := dotRow(row(i), b)
		r[i] = d.Y[i] - fit
		scale = math.Max(scale, math.Max(math.Abs(fit), math.Abs(d.Y[i])))
	}
	var h []int
	for i, v := range r {
		// A row of zeros with a response of 0 (a row of weight 0, scaled)
		// has residual 0 for any coefficients: it plays no part.
		if math.Abs(v) < 1e-9*scale && !(d.Y[i] == 0 && zeroRow(row(i))) {
			h = append(h, i)
		}
	}
	if len(h) != p {
		return Undecided
	}
	xh := mat.NewDense(p, p, nil)
	for k, i := range h {
		xh.SetRow(k, row(i))
	}
	var lu mat.LU
	lu.Factorize(xh)
	if c := lu.Cond(); math.IsInf(c, 0) || c > 1e12 {
		return Undecided
	}
	inH := make([]bool, n)
	for _, i := range h {
		inH[i] = true
	}
	xi := make([]float64, p)
	// mag bounds the magnitude of the terms of each multiplier, for the
	// tolerance: Σ|ψᵢ|·|X_h'⁻¹xᵢ|.
	mag := make([]float64, p)
	var u mat.VecDense
	for i := 0; i < n; i++ {
		if inH[i] {
			continue
		}
		psi := tau
		if r[i] < 0 {
			psi = tau - 1
		}
		axpy(psi, row(i), xi)
		if err := lu.SolveVecTo(&u, true, mat.NewVecDense(p, append([]float64(nil), row(i)...))); err != nil {
			return Undecided
		}
		for k := 0; k < p; k++ {
			mag[k] += math.Abs(psi * u.AtVec(k))
		}
	}
	if err := lu.SolveVecTo(&u, true, mat.NewVecDense(p, xi)); err != nil {
		return Undecided
	}
	res := Unique
	for k := 0; k < p; k++ {
		a := -u.AtVec(k)
		tol := 1e-9 * (1 + mag[k])
		switch {
		case a < tau-1-tol || a > tau+tol:
			return Undecided // not optimal: not the solution of this design
		case a < tau-1+tol || a > tau-tol:
			res = NonUnique
		}
	}
	return res
}
