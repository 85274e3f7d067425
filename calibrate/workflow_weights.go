package calibrate

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Workflow 3: re-estimate item or domain weights that must not go negative
// (NNLS), and that never fall as need rises (items built with
// ItemSpec.Cumulative, whose coefficients are the steps between levels).

// WeightsOptions control NonNegativeWeights. The zero value constrains every
// column except the intercept.
type WeightsOptions struct {
	// ConstrainIntercept makes the intercept non-negative too; by default
	// it is free (fitted as the difference of two non-negative columns).
	ConstrainIntercept bool
	// Free names further columns left unconstrained (for example living
	// setting indicators), each fitted the same way.
	Free []string
}

// WeightsResult is a non-negative least-squares fit of cost on the design.
type WeightsResult struct {
	Names        []string  // the design's column names
	Coefficients []float64 // one per design column; ≥ 0 unless free
	// AtZero names the constrained columns whose weight is held at 0.
	AtZero []string
	Fitted []float64
	// RSS is Σ (cost − fitted)²; RSquared is 1 − RSS/TSS (centred).
	RSS, RSquared float64
	NNLS          *NNLSFit
}

// NonNegativeWeights fits cost = X·b with b ≥ 0 (NNLS, Lawson–Hanson) except
// for the free columns. Export the result with Export, or, for a design of
// domain points only, as domain prices with DomainPrices.
func NonNegativeWeights(d *AssessmentDesign, opt WeightsOptions) (*WeightsResult, error) {
	if d == nil || d.Design == nil {
		return nil, invalidf("weights: no design")
	}
	if err := d.Design.Validate(); err != nil {
		return nil, err
	}
	n, p := d.Design.Dims()
	free := make([]bool, p)
	for _, f := range opt.Free {
		j := slices.Index(d.Design.Names, f)
		if j < 0 {
			return nil, invalidf("weights: no column %q to leave free", f)
		}
		free[j] = true
	}
	if j := d.Design.InterceptIndex(); j >= 0 && !opt.ConstrainIntercept {
		free[j] = true
	}
	// A free column c enters twice: c and −c, both non-negative.
	var src []int // A's column k is ± design column src[k]
	var sign []float64
	var names []string
	for j := 0; j < p; j++ {
		src, sign, names = append(src, j), append(sign, 1), append(names, d.Design.Names[j])
		if free[j] {
			src, sign, names = append(src, j), append(sign, -1), append(names, "-"+d.Design.Names[j])
		}
	}
	A := mat.NewDense(n, len(src), nil)
	for i := 0; i < n; i++ {
		for k, j := range src {
			A.Set(i, k, sign[k]*d.Design.X.At(i, j))
		}
	}
	nf, err := NNLS(A, d.Design.Y, NNLSOptions{Names: names})
	if err != nil {
		return nil, err
	}
	r := &WeightsResult{Names: slices.Clone(d.Design.Names), Coefficients: make([]float64, p), Fitted: nf.Fitted, RSS: nf.RSS, NNLS: nf}
	for k, j := range src {
		r.Coefficients[j] += sign[k] * nf.X[k]
	}
	for j := 0; j < p; j++ {
		if !free[j] && r.Coefficients[j] == 0 {
			r.AtZero = append(r.AtZero, d.Design.Names[j])
		}
	}
	var mean, tss float64
	for _, v := range d.Design.Y {
		mean += v
	}
	mean /= float64(n)
	for _, v := range d.Design.Y {
		tss += (v - mean) * (v - mean)
	}
	r.RSquared = 1 - r.RSS/tss
	return r, nil
}

// Export returns the weights as a regression model with the identity link.
func (r *WeightsResult) Export(d *AssessmentDesign, opt ExportOptions) (*ras.Model, error) {
	if opt.Method == "" {
		opt.Method = "non-negative least squares"
	}
	return ExportCoefficients(d, r.Coefficients, ras.RegressionRules{Link: ras.LinkIdentity}, opt)
}

// DomainPrices returns the weights as a domain-prices schedule (pounds a
// week per point of each domain, rounded half away from zero to unit; 0
// means 0.0001) for a design whose columns are domain points only, without
// an intercept. The schedule applies to the given cohorts (all when nil).
func (r *WeightsResult) DomainPrices(d *AssessmentDesign, id string, cohorts []ras.Cohort, unit decimal.Decimal) (ras.PriceSchedule, error) {
	if unit.IsZero() {
		unit = decimal.New(1, -4)
	}
	s := ras.PriceSchedule{ID: id, Name: "Domain prices", Cohorts: slices.Clone(cohorts), DomainPrices: map[string]decimal.Decimal{}}
	for j, c := range d.Columns {
		if len(c.Terms) != 1 || len(c.Terms[0].Factors) != 1 || c.Terms[0].Factors[0].Domain == "" || c.Terms[0].Scale != 1 {
			return s, invalidf("domain prices: column %q is not a domain's points", c.Name)
		}
		v, err := roundMoney(r.Coefficients[j], unit)
		if err != nil {
			return s, fmt.Errorf("calibrate: domain prices: column %q: %w", c.Name, err)
		}
		s.DomainPrices[c.Terms[0].Factors[0].Domain] = v
	}
	return s, nil
}
