package calibrate

import (
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// Influence holds R's per-observation regression diagnostics for a
// LinearFit (influence.measures, lm.influence and their extractors). Every
// slice has one entry per design row, in design order. Rows that are not
// part of the fit (zero analytic weight, or outside a cross-validation
// subset; R leaves them out) are NaN, except Leverage (see
// LinearFit.Leverage), and their Flags are all false.
//
// With e the residuals (times √w for analytic weights), s = σ̂, p = Rank
// and h the leverage, R sets h to exactly 1 when it exceeds 1 − 10·2⁻⁵²;
// for such a row the model fits the point exactly whatever its response, so
// the standardized and studentized residuals, Cook's distance, DFFITS and
// the covariance ratio are undefined (NaN), its DFBETAS are 0 and Sigma is
// √(RSS/(df − 1)), as R reports them. Before the leave-one-out quantities
// R also sets residuals below 100·2⁻⁵²·median|e| to 0; so does this.
type Influence struct {
	Leverage []float64 // hat values h_i (R's hatvalues)
	// Standardized is R's rstandard: e_i / (s·√(1 − h_i)).
	Standardized []float64
	// Studentized is R's rstudent: e_i / (s_(i)·√(1 − h_i)).
	Studentized []float64
	// Cooks is R's cooks.distance: e_i²·h_i / (p·s²·(1 − h_i)²), the
	// squared standardized residual times h_i/(p(1 − h_i)).
	Cooks []float64
	// Sigma is s_(i), R's lm.influence()$sigma: the residual standard
	// error of the fit without row i, √((RSS − e_i²/(1 − h_i))/(df − 1)).
	Sigma []float64
	// DFFITS is R's dffits: Studentized_i·√(h_i/(1 − h_i)), the change in
	// the fitted value of row i when row i is left out, in units of its
	// standard error.
	DFFITS []float64
	// DFBETAS is R's dfbetas, one row per observation and one column per
	// design column (Names): (b − b_(i))_j / (s_(i)·√[(X'WX)⁻¹]_jj), b_(i)
	// the coefficients without row i. Columns of aliased coefficients are
	// NaN (R leaves them out).
	DFBETAS [][]float64
	Names   []string
	// CovRatio is R's covratio: (s_(i)/s)^(2p) / (1 − h_i), the ratio of
	// the determinants of the coefficient covariance without and with
	// row i.
	CovRatio []float64
	// Flags marks the rows R's influence.measures flags as influential
	// (the rows summary(influence.measures(fit)) lists).
	Flags []InfluenceFlags
}

// InfluenceFlags are R's rules (is.influential in influence.measures) for
// one row, with p the rank and m the number of rows with h_i > 0. An
// undefined (NaN) measure flags nothing.
type InfluenceFlags struct {
	DFBETAS  []bool // |DFBETAS_ij| > 1, per design column
	DFFITS   bool   // |DFFITS_i| > 3·√(p/(m − p))
	CovRatio bool   // |1 − CovRatio_i| > 3p/(m − p)
	Cooks    bool   // F(p, m − p) cdf at Cooks_i > 0.5
	Hat      bool   // h_i > 3p/m
}

// Any reports whether any rule flags the row.
func (fl InfluenceFlags) Any() bool {
	return fl.DFFITS || fl.CovRatio || fl.Cooks || fl.Hat || slices.Contains(fl.DFBETAS, true)
}

// InfluentialRows returns the rows (0-based) that some rule flags, in
// increasing order.
func (inf *Influence) InfluentialRows() []int {
	var out []int
	for i, fl := range inf.Flags {
		if fl.Any() {
			out = append(out, i)
		}
	}
	return out
}

// hatOne is R's lm.influence threshold above which a leverage is 1.
const hatOne = 1 - 10*0x1p-52

// Influence computes R's regression diagnostics (influence.measures:
// DFBETAS, DFFITS, covariance ratios, Cook's distances and hat values, with
// R's flags of influential rows; rstandard, rstudent and the leave-one-out
// σ). They use the identities of deleting one row, b − b_(i) =
// (X'WX)⁻¹x_i·w_i·e_i/(1 − h_i), so no refit is made; the cost is O(n·p²)
// and the result O(n·p).
//
// Frequency-weighted fits are not supported (deleting one row would delete
// a group of copies) and return an error wrapping ErrInvalidInput; so does
// a fit with fewer than 2 residual degrees of freedom (ErrNoResidualDF).
func (f *LinearFit) Influence() (*Influence, error) {
	if f.WeightKind == Frequency {
		return nil, invalidf("influence measures are not defined for frequency weights")
	}
	if !(f.DFResidual > 1) {
		return nil, ErrNoResidualDF
	}
	n, p := f.d.Dims()
	h := f.Leverage()
	nan := func() []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.NaN()
		}
		return v
	}
	inf := &Influence{
		Leverage:     h,
		Standardized: nan(),
		Studentized:  nan(),
		Cooks:        nan(),
		Sigma:        nan(),
		DFFITS:       nan(),
		CovRatio:     nan(),
		DFBETAS:      make([][]float64, n),
		Names:        slices.Clone(f.Names),
		Flags:        make([]InfluenceFlags, n),
	}
	var rows []int // the fitted rows: positive weight, in the subset
	each := func(i int) {
		if f.Weights == nil || f.Weights[i] > 0 {
			rows = append(rows, i)
		}
	}
	if f.rows != nil {
		for _, i := range f.rows {
			each(i)
		}
	} else {
		for i := 0; i < n; i++ {
			each(i)
		}
	}
	// Weighted residuals, and R's zeroing of negligible ones.
	e := make([]float64, n)
	abs := make([]float64, 0, len(rows))
	for _, i := range rows {
		e[i] = f.Residuals[i]
		if f.Weights != nil {
			e[i] *= math.Sqrt(f.Weights[i])
		}
		abs = append(abs, math.Abs(e[i]))
	}
	slices.Sort(abs)
	var med float64
	if m := len(abs); m%2 == 1 {
		med = abs[m/2]
	} else {
		med = (abs[m/2-1] + abs[m/2]) / 2
	}
	ez := slices.Clone(e)
	var rssz float64
	for _, i := range rows {
		if math.Abs(ez[i]) < 100*0x1p-52*med {
			ez[i] = 0
		}
		rssz += ez[i] * ez[i]
		if h[i] > hatOne {
			h[i] = 1
		}
	}
	df := f.DFResidual
	k := float64(f.Rank)
	s := f.Sigma
	// √[(X'WX)⁻¹]_jj over the kept columns.
	kk := f.Rank
	sd := make([]float64, kk)
	for a := range sd {
		sd[a] = math.Sqrt(f.vinv[a*kk+a])
	}
	raw := f.d.X.RawMatrix()
	v := make([]float64, kk)
	var m float64 // rows with h > 0
	for _, i := range rows {
		if h[i] > 0 {
			m++
		}
	}
	dfbRows := make([]float64, n*p)
	for i := range dfbRows {
		dfbRows[i] = math.NaN()
	}
	for i := range inf.DFBETAS {
		inf.DFBETAS[i] = dfbRows[i*p : (i+1)*p]
	}
	for _, i := range rows {
		omh := 1 - h[i]
		// Leave-one-out σ from the zeroed residuals, as R's C code.
		si := math.Sqrt(rssz / (df - 1))
		if h[i] < 1 {
			si = math.Sqrt((rssz - ez[i]*ez[i]/omh) / (df - 1))
		}
		inf.Sigma[i] = si
		// dfbetas: (X'WX)⁻¹x_i·√w_i·ẽ_i/(1 − h_i) / (s_(i)·sd_j); 0 at h = 1.
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		c := 0.0
		if h[i] < 1 {
			c = ez[i] / omh
			if f.Weights != nil {
				c *= math.Sqrt(f.Weights[i])
			}
		}
		for a, j := range f.kept {
			v[a] = row[j]
		}
		f.solveKept(v)
		for a, j := range f.kept {
			inf.DFBETAS[i][j] = v[a] * c / (si * sd[a])
		}
		if h[i] >= 1 {
			continue
		}
		inf.Standardized[i] = ez[i] / (s * math.Sqrt(omh))
		inf.Studentized[i] = ez[i] / (si * math.Sqrt(omh))
		r := e[i] / (s * omh)
		inf.Cooks[i] = r * r * h[i] / k
		inf.DFFITS[i] = e[i] * math.Sqrt(h[i]) / (si * omh)
		inf.CovRatio[i] = math.Pow(si/s, 2*k) / omh
	}
	// R's is.influential, with NaN (NA) flagging nothing.
	for _, i := range rows {
		fl := InfluenceFlags{DFBETAS: make([]bool, p)}
		for j, d := range inf.DFBETAS[i] {
			fl.DFBETAS[j] = math.Abs(d) > 1
		}
		fl.DFFITS = math.Abs(inf.DFFITS[i]) > 3*math.Sqrt(k/(m-k))
		fl.CovRatio = math.Abs(1-inf.CovRatio[i]) > 3*k/(m-k)
		if c := inf.Cooks[i]; !math.IsNaN(c) {
			fl.Cooks = 1-stats.FSurvival(c, k, m-k) > 0.5
		}
		fl.Hat = h[i] > 3*k/m
		inf.Flags[i] = fl
	}
	return inf, nil
}
