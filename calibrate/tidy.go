package calibrate

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// Tidy output in the shape of R's broom: one row per coefficient (Tidy), one
// row of model statistics (Glance), one row per observation (Augment), with
// broom's column names, as Go values and as CSV or JSON. An undefined value
// is NaN in the Go values, NA in CSV and null in JSON; never a number.

// Tidier is implemented by every fit with coefficients: LinearFit, LogFit,
// SqrtFit, GLMFit, RLMFit, QuantRegFit and NNLSFit.
type Tidier interface {
	Tidy(opt TidyOptions) (*TidyTable, error)
	Glance() (*Glance, error)
	Augment(opt AugmentOptions) (*AugmentTable, error)
}

var (
	_ Tidier = (*LinearFit)(nil)
	_ Tidier = (*LogFit)(nil)
	_ Tidier = (*SqrtFit)(nil)
	_ Tidier = (*GLMFit)(nil)
	_ Tidier = (*RLMFit)(nil)
	_ Tidier = (*QuantRegFit)(nil)
	_ Tidier = (*NNLSFit)(nil)
)

// TidyOptions controls Tidy. The zero value gives broom's
// tidy(fit, conf.int = TRUE).
type TidyOptions struct {
	// Level is the level of conf.low and conf.high; 0 means 0.95.
	Level float64
	// Design is, for a GLMFit, the design it was fitted on. With it the
	// intervals are profile-likelihood intervals, as R's confint and
	// broom's tidy(conf.int = TRUE) give; without it they are Wald
	// intervals (R's confint.default). Other fits ignore it.
	Design *Design
	// Exponentiate reports exp(estimate) and exp of the interval bounds
	// (broom's exponentiate = TRUE: odds ratios for a logit link, rate or
	// cost ratios for a log link); std.error and the test are unchanged.
	Exponentiate bool
}

func (o TidyOptions) level() (float64, error) {
	if o.Level == 0 {
		return 0.95, nil
	}
	if !(o.Level > 0 && o.Level < 1) {
		return 0, invalidf("tidy: level %v not in (0, 1)", o.Level)
	}
	return o.Level, nil
}

// TidyRow is one coefficient: broom's term, estimate, std.error,
// statistic, p.value, conf.low and conf.high.
type TidyRow struct {
	Term      string
	Estimate  float64
	StdError  float64
	Statistic float64
	PValue    float64
	ConfLow   float64
	ConfHigh  float64
}

// TidyTable is broom's tidy: one row per coefficient, in the fit's order.
// Tau is the quantile of a quantile regression (broom's tau column) and
// NaN otherwise.
type TidyTable struct {
	Rows  []TidyRow
	Level float64
	Tau   float64
}

// TidyColumns are the columns of a TidyTable, as broom names them.
var TidyColumns = []string{"term", "estimate", "std.error", "statistic", "p.value", "conf.low", "conf.high"}

func (t *TidyTable) columns() []string {
	if math.IsNaN(t.Tau) {
		return TidyColumns
	}
	return append(slices.Clone(TidyColumns), "tau")
}

func (t *TidyTable) values(r *TidyRow) []any {
	v := []any{r.Term, r.Estimate, r.StdError, r.Statistic, r.PValue, r.ConfLow, r.ConfHigh}
	if !math.IsNaN(t.Tau) {
		v = append(v, t.Tau)
	}
	return v
}

// WriteCSV writes the table with a header row; undefined values are NA.
func (t *TidyTable) WriteCSV(w io.Writer) error {
	rows := make([][]any, len(t.Rows))
	for i := range t.Rows {
		rows[i] = t.values(&t.Rows[i])
	}
	return writeCSVTable(w, t.columns(), rows)
}

// MarshalJSON renders the table as an array of objects keyed by broom's
// column names; undefined values are null.
func (t *TidyTable) MarshalJSON() ([]byte, error) {
	rows := make([][]any, len(t.Rows))
	for i := range t.Rows {
		rows[i] = t.values(&t.Rows[i])
	}
	return jsonTable(t.columns(), rows)
}

// TidyCoefs makes a tidy table from a coefficient table (for example the
// coefficients of a summary with other standard errors): conf.low and
// conf.high are Coef.Lower and Coef.Upper as they are.
func TidyCoefs(coefs []Coef, level float64) *TidyTable {
	t := &TidyTable{Level: level, Tau: math.NaN(), Rows: make([]TidyRow, len(coefs))}
	for j, c := range coefs {
		t.Rows[j] = TidyRow{Term: c.Name, Estimate: c.Estimate, StdError: c.StdErr, Statistic: c.Statistic,
			PValue: c.PValue, ConfLow: c.Lower, ConfHigh: c.Upper}
	}
	return t
}

// tidyWald builds rows with estimate ± crit·std.error intervals.
func tidyWald(coefs []Coef, level, crit float64, opt TidyOptions) *TidyTable {
	t := TidyCoefs(coefs, level)
	for j := range t.Rows {
		r := &t.Rows[j]
		r.ConfLow = r.Estimate - crit*r.StdError
		r.ConfHigh = r.Estimate + crit*r.StdError
	}
	t.exponentiate(opt)
	return t
}

func (t *TidyTable) exponentiate(opt TidyOptions) {
	if !opt.Exponentiate {
		return
	}
	for j := range t.Rows {
		r := &t.Rows[j]
		r.Estimate, r.ConfLow, r.ConfHigh = math.Exp(r.Estimate), math.Exp(r.ConfLow), math.Exp(r.ConfHigh)
	}
}

// Glance is broom's glance: one row of model statistics. Columns lists the
// statistics broom reports for this kind of fit, in broom's order; the
// fields of the others are NaN (false for Converged).
//
//   - linear fits (lm): r.squared, adj.r.squared, sigma, statistic,
//     p.value, df, logLik, AIC, BIC, deviance, df.residual, nobs;
//   - GLMs: null.deviance, df.null, logLik, AIC, BIC, deviance,
//     df.residual, nobs;
//   - rlm: sigma, converged, logLik, AIC, BIC, deviance, nobs;
//   - quantile regression (rq): tau, logLik, AIC, BIC, df.residual;
//   - NNLS (no broom tidier): deviance, df.residual, nobs.
type Glance struct {
	Columns []string

	RSquared     float64 // r.squared
	AdjRSquared  float64 // adj.r.squared
	Sigma        float64 // sigma
	Statistic    float64 // statistic: the overall F
	PValue       float64 // p.value
	DF           float64 // df: numerator degrees of freedom of F
	LogLik       float64 // logLik
	AIC          float64 // AIC
	BIC          float64 // BIC
	Deviance     float64 // deviance
	DFResidual   float64 // df.residual
	NObs         float64 // nobs
	NullDeviance float64 // null.deviance
	DFNull       float64 // df.null
	Tau          float64 // tau
	Converged    bool    // converged
}

func newGlance(cols ...string) *Glance {
	nan := math.NaN()
	return &Glance{Columns: cols, RSquared: nan, AdjRSquared: nan, Sigma: nan, Statistic: nan, PValue: nan, DF: nan,
		LogLik: nan, AIC: nan, BIC: nan, Deviance: nan, DFResidual: nan, NObs: nan, NullDeviance: nan, DFNull: nan, Tau: nan}
}

// Value returns the statistic of a column name ("r.squared", ...); ok is
// false for a name not in Columns. Converged is 1 or 0.
func (g *Glance) Value(name string) (v float64, ok bool) {
	if !slices.Contains(g.Columns, name) {
		return math.NaN(), false
	}
	switch name {
	case "r.squared":
		return g.RSquared, true
	case "adj.r.squared":
		return g.AdjRSquared, true
	case "sigma":
		return g.Sigma, true
	case "statistic":
		return g.Statistic, true
	case "p.value":
		return g.PValue, true
	case "df":
		return g.DF, true
	case "logLik":
		return g.LogLik, true
	case "AIC":
		return g.AIC, true
	case "BIC":
		return g.BIC, true
	case "deviance":
		return g.Deviance, true
	case "df.residual":
		return g.DFResidual, true
	case "nobs":
		return g.NObs, true
	case "null.deviance":
		return g.NullDeviance, true
	case "df.null":
		return g.DFNull, true
	case "tau":
		return g.Tau, true
	case "converged":
		return b2f01(g.Converged), true
	}
	return math.NaN(), false
}

func b2f01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (g *Glance) row() []any {
	out := make([]any, len(g.Columns))
	for i, c := range g.Columns {
		if c == "converged" {
			out[i] = g.Converged
			continue
		}
		out[i], _ = g.Value(c)
	}
	return out
}

// WriteCSV writes the header and the one row; undefined values are NA and
// converged is TRUE or FALSE.
func (g *Glance) WriteCSV(w io.Writer) error {
	return writeCSVTable(w, g.Columns, [][]any{g.row()})
}

// MarshalJSON renders the glance as one object keyed by broom's column
// names; undefined values are null.
func (g *Glance) MarshalJSON() ([]byte, error) {
	b, err := jsonTable(g.Columns, [][]any{g.row()})
	if err != nil {
		return nil, err
	}
	return b[1 : len(b)-1], nil // the object, not a one-element array
}

// AugmentOptions controls Augment. The zero value gives broom's augment.
type AugmentOptions struct {
	// Design is the design the fit was fitted on, needed by GLMFit and
	// RLMFit (which do not keep it) for the hat values and the influence
	// columns. LinearFit keeps its design and ignores this.
	Design *Design
	// ResponseScale reports a GLM's .fitted on the response scale (μ̂);
	// the default is the link scale (η̂), broom's type.predict = "link".
	ResponseScale bool
	// PearsonResiduals reports a GLM's .resid as Pearson residuals; the
	// default is deviance residuals, broom's type.residuals = "deviance".
	// (.std.resid stays the standardized deviance residual, as in broom.)
	PearsonResiduals bool
}

// AugmentRow is one observation: its 0-based design row, the response,
// and broom's .fitted, .resid, .hat, .sigma, .cooksd and .std.resid
// (NaN where undefined or where the fit has no such column).
type AugmentRow struct {
	Row                                            int
	Response                                       float64
	Fitted, Resid, Hat, Sigma, CooksD, StdResidual float64
}

// AugmentTable is broom's augment: one row per observation of the fit.
// Columns lists broom's dot columns for this kind of fit, in broom's
// order; Response names the response column. For quantile regression Tau
// is the quantile (broom's .tau), NaN otherwise.
//
// The influence columns follow R's lm.influence: .hat the diagonal of the
// (weighted) hat matrix, .sigma the residual standard deviation with the
// row left out, .cooksd Cook's distance, .std.resid the standardized
// residual. A row with zero weight (not part of the fit) has .hat and
// .cooksd 0 as in broom, and .sigma and .std.resid NA (broom writes a
// .sigma of 0 there).
type AugmentTable struct {
	Response string
	Columns  []string
	Rows     []AugmentRow
	Tau      float64
}

func (a *AugmentTable) header() []string {
	return append([]string{".row", a.Response}, a.Columns...)
}

func (a *AugmentTable) values(r *AugmentRow) []any {
	out := []any{r.Row + 1, r.Response}
	for _, c := range a.Columns {
		var v float64
		switch c {
		case ".fitted":
			v = r.Fitted
		case ".resid":
			v = r.Resid
		case ".hat":
			v = r.Hat
		case ".sigma":
			v = r.Sigma
		case ".cooksd":
			v = r.CooksD
		case ".std.resid":
			v = r.StdResidual
		case ".tau":
			v = a.Tau
		}
		out = append(out, v)
	}
	return out
}

// WriteCSV writes one row per observation: .row (1-based), the response
// and broom's dot columns; undefined values are NA.
func (a *AugmentTable) WriteCSV(w io.Writer) error {
	rows := make([][]any, len(a.Rows))
	for i := range a.Rows {
		rows[i] = a.values(&a.Rows[i])
	}
	return writeCSVTable(w, a.header(), rows)
}

// MarshalJSON renders the table as an array of objects (.row, the response
// and broom's dot columns); undefined values are null.
func (a *AugmentTable) MarshalJSON() ([]byte, error) {
	rows := make([][]any, len(a.Rows))
	for i := range a.Rows {
		rows[i] = a.values(&a.Rows[i])
	}
	return jsonTable(a.header(), rows)
}

// Column returns one column by broom's name (".fitted", ".hat", ...), or
// nil if the table has no such column.
func (a *AugmentTable) Column(name string) []float64 {
	at := slices.Index(a.header(), name)
	if at < 0 {
		return nil
	}
	out := make([]float64, len(a.Rows))
	for i := range a.Rows {
		v := a.values(&a.Rows[i])[at]
		switch x := v.(type) {
		case float64:
			out[i] = x
		case int:
			out[i] = float64(x)
		}
	}
	return out
}

// ---- writers ----

// formatCell renders a value for CSV: numbers in the shortest form that
// reads back exactly, NA for NaN and ±Inf, TRUE/FALSE for booleans.
func formatCell(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "TRUE"
		}
		return "FALSE"
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "NA"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func writeCSVTable(w io.Writer, header []string, rows [][]any) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, r := range rows {
		for j, v := range r {
			rec[j] = formatCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonTable renders rows as an array of objects with keys in header order.
func jsonTable(header []string, rows [][]any) ([]byte, error) {
	var b []byte
	b = append(b, '[')
	for i, r := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		for j, v := range r {
			if j > 0 {
				b = append(b, ',')
			}
			k, err := json.Marshal(header[j])
			if err != nil {
				return nil, err
			}
			b = append(b, k...)
			b = append(b, ':')
			switch x := v.(type) {
			case float64:
				if math.IsNaN(x) || math.IsInf(x, 0) {
					b = append(b, "null"...)
				} else {
					b = strconv.AppendFloat(b, x, 'g', -1, 64)
				}
			default:
				e, err := json.Marshal(x)
				if err != nil {
					return nil, err
				}
				b = append(b, e...)
			}
		}
		b = append(b, '}')
	}
	b = append(b, ']')
	return b, nil
}

// ---- linear fits ----

// Tidy returns broom's tidy(fit, conf.int = TRUE) of an lm: t statistics,
// p-values and intervals on DFResidual degrees of freedom. Aliased
// coefficients have every column but term NA.
func (f *LinearFit) Tidy(opt TidyOptions) (*TidyTable, error) {
	level, err := opt.level()
	if err != nil {
		return nil, err
	}
	return tidyWald(f.Coefs, level, stats.StudentTQuantile(1-(1-level)/2, f.DFResidual), opt), nil
}

// Glance returns broom's glance of an lm. statistic, p.value and df are NA
// when the model has no terms besides the intercept; deviance is the
// (weighted) residual sum of squares.
func (f *LinearFit) Glance() (*Glance, error) {
	g := newGlance("r.squared", "adj.r.squared", "sigma", "statistic", "p.value", "df", "logLik", "AIC", "BIC",
		"deviance", "df.residual", "nobs")
	g.RSquared, g.AdjRSquared, g.Sigma = f.RSquared, f.AdjRSquared, f.Sigma
	g.Statistic, g.PValue, g.DF = f.FStatistic, f.FPValue, f.FDF1
	g.LogLik, g.AIC, g.BIC = f.LogLik, f.AIC, f.BIC
	g.Deviance, g.DFResidual, g.NObs = f.RSS, f.DFResidual, f.NObs
	return g, nil
}

// Augment returns broom's augment of an lm for every design row: .fitted,
// .resid (y − ŷ, unweighted as R's residuals), .hat, .sigma, .cooksd and
// .std.resid (weighted, as R's lm.influence, cooks.distance and
// rstandard). With frequency weights, or fewer than 2 residual degrees of
// freedom, the influence columns other than .hat are NA.
func (f *LinearFit) Augment(opt AugmentOptions) (*AugmentTable, error) {
	n := len(f.Fitted)
	a := &AugmentTable{Response: f.d.responseName(), Tau: math.NaN(),
		Columns: []string{".fitted", ".resid", ".hat", ".sigma", ".cooksd", ".std.resid"}, Rows: make([]AugmentRow, n)}
	h := f.Leverage()
	inf, err := f.Influence()
	if err != nil {
		inf = nil
	}
	// Rows in the fit (positive weight, in the row subset).
	in := make([]bool, n)
	if f.rows != nil {
		for _, i := range f.rows {
			in[i] = true
		}
	} else {
		for i := range in {
			in[i] = true
		}
	}
	for i := range in {
		if f.Weights != nil && f.Weights[i] == 0 {
			in[i] = false
		}
	}
	for i := 0; i < n; i++ {
		r := AugmentRow{Row: i, Response: f.d.Y[i], Fitted: f.Fitted[i], Resid: f.Residuals[i], Hat: h[i],
			Sigma: math.NaN(), CooksD: math.NaN(), StdResidual: math.NaN()}
		switch {
		case !in[i]:
			r.Hat, r.CooksD = 0, 0
		case inf != nil:
			w := 1.0
			if f.Weights != nil {
				w = f.Weights[i]
			}
			e := math.Sqrt(w) * f.Residuals[i]
			r.Sigma = looSigma(f.RSS, e, h[i], f.DFResidual-1)
			r.CooksD, r.StdResidual = inf.Cooks[i], inf.Standardized[i]
		}
		a.Rows[i] = r
	}
	return a, nil
}

// looSigma is R's lm.influence sigma: √((Σe² − eᵢ²/(1 − hᵢ))/df), df =
// n − p − 1, with √(Σe²/df) where hᵢ ≥ 1.
func looSigma(sumSq, e, h, df float64) float64 {
	if !(df > 0) {
		return math.NaN()
	}
	if h >= 1-10*epsilon {
		return math.Sqrt(sumSq / df)
	}
	return math.Sqrt((sumSq - e*e/(1-h)) / df)
}

const epsilon = 2.220446049250313e-16

// Tidy of a log-scale fit is the tidy of the fit on the log scale.
func (f *LogFit) Tidy(opt TidyOptions) (*TidyTable, error) { return f.Log.Tidy(opt) }

// Glance of a log-scale fit is the glance of the fit on the log scale.
func (f *LogFit) Glance() (*Glance, error) { return f.Log.Glance() }

// Augment of a log-scale fit is the augment of the fit on the log scale
// (the response is log y).
func (f *LogFit) Augment(opt AugmentOptions) (*AugmentTable, error) { return f.Log.Augment(opt) }

// Tidy of a square-root fit is the tidy of the fit on the square-root
// scale.
func (f *SqrtFit) Tidy(opt TidyOptions) (*TidyTable, error) { return f.Sqrt.Tidy(opt) }

// Glance of a square-root fit is the glance of the fit on the square-root
// scale.
func (f *SqrtFit) Glance() (*Glance, error) { return f.Sqrt.Glance() }

// Augment of a square-root fit is the augment of the fit on the
// square-root scale (the response is √y).
func (f *SqrtFit) Augment(opt AugmentOptions) (*AugmentTable, error) { return f.Sqrt.Augment(opt) }

// ---- GLM ----

// Tidy returns broom's tidy(fit, conf.int = TRUE) of a glm: the
// coefficient table of summary.glm (t or z statistics), with
// profile-likelihood intervals when opt.Design is given (R's confint, as
// broom) and Wald intervals otherwise.
func (f *GLMFit) Tidy(opt TidyOptions) (*TidyTable, error) {
	level, err := opt.level()
	if err != nil {
		return nil, err
	}
	crit := stats.NormalQuantile(1 - (1-level)/2)
	if !f.DispersionFixed {
		crit = stats.StudentTQuantile(1-(1-level)/2, float64(f.DFResidual))
	}
	if opt.Design == nil {
		return tidyWald(f.Coefs, level, crit, opt), nil
	}
	ci, err := f.ConfintProfile(opt.Design, level)
	if err != nil {
		return nil, err
	}
	t := TidyCoefs(f.Coefs, level)
	for j := range t.Rows {
		t.Rows[j].ConfLow, t.Rows[j].ConfHigh = ci[j][0], ci[j][1]
	}
	t.exponentiate(opt)
	return t, nil
}

// Glance returns broom's glance of a glm.
func (f *GLMFit) Glance() (*Glance, error) {
	g := newGlance("null.deviance", "df.null", "logLik", "AIC", "BIC", "deviance", "df.residual", "nobs")
	g.NullDeviance, g.DFNull = f.NullDeviance, float64(f.DFNull)
	g.LogLik, g.AIC, g.BIC = f.LogLik, f.AIC, f.BIC
	g.Deviance, g.DFResidual, g.NObs = f.Deviance, float64(f.DFResidual), float64(f.NObs)
	return g, nil
}

// checkFitDesign checks that d is the design a fit with the given column
// names and rows was fitted on.
func checkFitDesign(what string, d *Design, names []string, n int) error {
	if d == nil {
		return invalidf("%s: augment needs the design the fit was fitted on (AugmentOptions.Design)", what)
	}
	if err := d.checkShape(); err != nil {
		return err
	}
	dn, _ := d.Dims()
	if dn != n || !slices.Equal(d.Names, names) {
		return lengthf("%s: augment: the design (%d rows, columns %v) is not the fit's (%d rows, columns %v)", what, dn, d.Names, n, names)
	}
	return nil
}

// weightedHat returns hᵢ = wᵢ·xᵢ'(X'WX)⁻¹xᵢ over the columns whose
// coefficient is not NaN, and the rank; rows with wᵢ = 0 get 0. Values
// within 10ε of 1 are set to 1, as R's lm.influence does.
func weightedHat(d *Design, w, coef []float64) ([]float64, int) {
	n, _ := d.Dims()
	var kept []int
	for j, b := range coef {
		if !math.IsNaN(b) {
			kept = append(kept, j)
		}
	}
	k := len(kept)
	raw := d.X.RawMatrix()
	q := newQR(n, k, func(i, j int) float64 { return raw.Data[i*raw.Stride+kept[j]] * math.Sqrt(w[i]) }, 1e-7)
	cov := q.unscaledCov()
	h := make([]float64, n)
	for i := 0; i < n; i++ {
		if w[i] == 0 {
			continue
		}
		row := raw.Data[i*raw.Stride:]
		s := 0.0
		for a := 0; a < k; a++ {
			if math.IsNaN(cov[a][a]) {
				continue
			}
			xa := row[kept[a]]
			for b := 0; b < k; b++ {
				if !math.IsNaN(cov[a][b]) {
					s += xa * cov[a][b] * row[kept[b]]
				}
			}
		}
		s *= w[i]
		if s >= 1-10*epsilon {
			s = 1
		}
		h[i] = s
	}
	return h, q.rank
}

// Augment returns broom's augment of a glm for every row of the design
// (opt.Design, required): .fitted on the link scale (or the response scale
// with opt.ResponseScale), .resid deviance residuals (or Pearson with
// opt.PearsonResiduals), .std.resid the deviance residual over
// √(dispersion·(1 − h)) (broom 1.0.3 standardizes the deviance residual
// whichever residuals .resid holds), .hat from the working weights of the last IRLS
// iteration, .sigma (R's influence.glm, on the deviance residuals) and
// .cooksd ((pearson/(1 − h))²·h/(dispersion·rank)), as R's influence.glm,
// rstandard.glm and cooks.distance.glm.
func (f *GLMFit) Augment(opt AugmentOptions) (*AugmentTable, error) {
	n := len(f.Y)
	if err := checkFitDesign("glm", opt.Design, f.Names, n); err != nil {
		return nil, err
	}
	h, rank := weightedHat(opt.Design, f.WorkingWeights, f.Coefficients)
	dev := f.DevianceResiduals()
	pear := f.PearsonResiduals()
	var sumSq float64
	m := 0
	for i := range dev {
		if f.PriorWeights[i] > 0 {
			sumSq += dev[i] * dev[i]
			m++
		}
	}
	a := &AugmentTable{Response: f.Response, Tau: math.NaN(),
		Columns: []string{".fitted", ".resid", ".std.resid", ".hat", ".sigma", ".cooksd"}, Rows: make([]AugmentRow, n)}
	if a.Response == "" {
		a.Response = "y"
	}
	for i := 0; i < n; i++ {
		r := AugmentRow{Row: i, Response: f.Y[i], Fitted: f.LinearPredictor[i], Resid: dev[i], Hat: h[i],
			Sigma: math.NaN(), CooksD: math.NaN(), StdResidual: math.NaN()}
		if opt.ResponseScale {
			r.Fitted = f.Fitted[i]
		}
		if opt.PearsonResiduals {
			r.Resid = pear[i]
		}
		if f.PriorWeights[i] == 0 {
			r.Hat, r.CooksD = 0, 0
			a.Rows[i] = r
			continue
		}
		r.Sigma = looSigma(sumSq, dev[i], h[i], float64(m-rank-1))
		if h[i] < 1 {
			r.StdResidual = dev[i] / math.Sqrt(f.Dispersion*(1-h[i]))
			p := pear[i] / (1 - h[i])
			r.CooksD = p * p * h[i] / (f.Dispersion * float64(rank))
		}
		a.Rows[i] = r
	}
	return a, nil
}

// ---- rlm ----

// Tidy returns broom's tidy(fit, conf.int = TRUE) of an rlm: estimates,
// standard errors and t values of summary.rlm, no p-value (NA, as R gives
// none), and normal-theory intervals estimate ± z·std.error (what R's
// confint gives for an rlm).
func (f *RLMFit) Tidy(opt TidyOptions) (*TidyTable, error) {
	level, err := opt.level()
	if err != nil {
		return nil, err
	}
	return tidyWald(f.Coefs, level, stats.NormalQuantile(1-(1-level)/2), opt), nil
}

// Glance returns broom's glance of an rlm: sigma (the final scale s),
// converged, and logLik, AIC, BIC and deviance as R computes them for an
// rlm with its lm methods: from the residuals, with rank + 1 parameters.
// With prior weights these are R's weighted versions: deviance Σ wᵢrᵢ²,
// logLik ½(Σ log wᵢ − N(log 2π + 1 − log N + log Σ wᵢrᵢ²)) and nobs N
// over the rows of positive weight.
func (f *RLMFit) Glance() (*Glance, error) {
	g := newGlance("sigma", "converged", "logLik", "AIC", "BIC", "deviance", "nobs")
	var n, rss, sumLogW float64
	for i, r := range f.Residuals {
		w := 1.0
		if f.PriorWeights != nil {
			w = f.PriorWeights[i]
			if w == 0 {
				continue
			}
			sumLogW += math.Log(w)
		}
		n++
		rss += w * r * r
	}
	k := float64(len(f.Coefficients))
	g.Sigma, g.Converged = f.Scale, f.Converged
	g.LogLik = 0.5*sumLogW - 0.5*n*(math.Log(2*math.Pi)+1-math.Log(n)+math.Log(rss))
	g.AIC = -2*g.LogLik + 2*(k+1)
	g.BIC = -2*g.LogLik + math.Log(n)*(k+1)
	g.Deviance, g.NObs = rss, n
	return g, nil
}

// Augment returns broom's augment of an rlm for every row of the design
// (opt.Design, required; for a weighted fit the rows as given):
// .fitted, .resid (unscaled), .hat (the hat matrix of the last weighted
// least-squares step, whose weights are the fit's Weights times its
// PriorWeights) and .sigma (R's lm.influence on the residuals, times
// √PriorWeights in a weighted fit). .cooksd and .std.resid are NA, as R
// gives them for an rlm (its residual degrees of freedom are not
// defined). Rows of prior weight 0 (where R's lm.influence stops for an
// rlm) get .hat 0 and .sigma NA, and the other rows' .sigma counts only
// the rows of positive weight, as R's lm.influence does for an lm.
func (f *RLMFit) Augment(opt AugmentOptions) (*AugmentTable, error) {
	n := len(f.Residuals)
	if err := checkFitDesign("rlm", opt.Design, f.Names, n); err != nil {
		return nil, err
	}
	if f.PriorWeights != nil && len(f.PriorWeights) != n {
		return nil, lengthf("rlm: augment: the fit has %d prior weights for %d rows", len(f.PriorWeights), n)
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
		if f.Weights != nil { // nil: the scale was 0 before any step
			w[i] = f.Weights[i]
		}
		if f.PriorWeights != nil {
			w[i] *= f.PriorWeights[i]
		}
	}
	h, rank := weightedHat(opt.Design, w, f.Coefficients)
	var sumSq float64
	e := make([]float64, n)
	m := 0
	for i, r := range f.Residuals {
		e[i] = r
		if f.PriorWeights != nil {
			if f.PriorWeights[i] == 0 {
				continue
			}
			e[i] = r * math.Sqrt(f.PriorWeights[i])
		}
		m++
		sumSq += e[i] * e[i]
	}
	a := &AugmentTable{Response: opt.Design.responseName(), Tau: math.NaN(),
		Columns: []string{".fitted", ".resid", ".hat", ".sigma", ".cooksd", ".std.resid"}, Rows: make([]AugmentRow, n)}
	for i := 0; i < n; i++ {
		sigma := math.NaN()
		if f.PriorWeights == nil || f.PriorWeights[i] > 0 {
			sigma = looSigma(sumSq, e[i], h[i], float64(m-rank-1))
		}
		a.Rows[i] = AugmentRow{Row: i, Response: opt.Design.Y[i], Fitted: f.Fitted[i], Resid: f.Residuals[i], Hat: h[i],
			Sigma: sigma, CooksD: math.NaN(), StdResidual: math.NaN()}
	}
	return a, nil
}

// ---- quantile regression ----

// Tidy returns the coefficients of a quantile regression with its τ.
// Standard errors, tests and intervals need a summary of the fit (R's
// summary.rq); without one they are NA here. (broom's default, rank-test
// inversion intervals for n < 1001, is not implemented.)
func (f *QuantRegFit) Tidy(opt TidyOptions) (*TidyTable, error) {
	level, err := opt.level()
	if err != nil {
		return nil, err
	}
	nan := math.NaN()
	t := &TidyTable{Level: level, Tau: f.Tau, Rows: make([]TidyRow, len(f.Coefficients))}
	for j, b := range f.Coefficients {
		t.Rows[j] = TidyRow{Term: f.Names[j], Estimate: b, StdError: nan, Statistic: nan, PValue: nan, ConfLow: nan, ConfHigh: nan}
	}
	t.exponentiate(opt)
	return t, nil
}

// Glance returns broom's glance of an rq: tau; logLik, AIC and BIC of
// quantreg's asymmetric-Laplace likelihood n·(log(τ(1 − τ)) − 1 −
// log(ρ/n)), with p parameters; df.residual n − p. ρ is quantreg's
// fit$rho, Σ ρτ(rᵢ) of the residuals: the Objective of an unweighted fit;
// for a weighted fit R's logLik.rq still takes the unweighted sum over
// every row, and so does this.
func (f *QuantRegFit) Glance() (*Glance, error) {
	g := newGlance("tau", "logLik", "AIC", "BIC", "df.residual")
	n := float64(len(f.Residuals))
	p := float64(len(f.Coefficients))
	rho := f.Objective
	if f.PriorWeights != nil {
		var s neumaier
		for _, r := range f.Residuals {
			s.add(checkLoss(r, f.Tau))
		}
		rho = s.sum()
	}
	g.Tau = f.Tau
	g.LogLik = n * (math.Log(f.Tau*(1-f.Tau)) - 1 - math.Log(rho/n))
	g.AIC = -2*g.LogLik + 2*p
	g.BIC = -2*g.LogLik + math.Log(n)*p
	g.DFResidual = n - p
	return g, nil
}

// Augment returns broom's augment of an rq: .resid, .fitted and .tau. The
// response is named by opt.Design when given ("y" otherwise).
func (f *QuantRegFit) Augment(opt AugmentOptions) (*AugmentTable, error) {
	a := &AugmentTable{Response: "y", Tau: f.Tau, Columns: []string{".resid", ".fitted", ".tau"}, Rows: make([]AugmentRow, len(f.Fitted))}
	if opt.Design != nil {
		a.Response = opt.Design.responseName()
	}
	nan := math.NaN()
	for i := range f.Fitted {
		a.Rows[i] = AugmentRow{Row: i, Response: f.Fitted[i] + f.Residuals[i], Fitted: f.Fitted[i], Resid: f.Residuals[i],
			Hat: nan, Sigma: nan, CooksD: nan, StdResidual: nan}
	}
	return a, nil
}

// ---- NNLS ----

// Tidy returns the non-negative least-squares coefficients (NNLS has no
// standard errors: the other columns are NA).
func (f *NNLSFit) Tidy(opt TidyOptions) (*TidyTable, error) {
	level, err := opt.level()
	if err != nil {
		return nil, err
	}
	nan := math.NaN()
	t := &TidyTable{Level: level, Tau: nan, Rows: make([]TidyRow, len(f.X))}
	for j, b := range f.X {
		name := fmt.Sprintf("x%d", j+1)
		if j < len(f.Names) {
			name = f.Names[j]
		}
		t.Rows[j] = TidyRow{Term: name, Estimate: b, StdError: nan, Statistic: nan, PValue: nan, ConfLow: nan, ConfHigh: nan}
	}
	t.exponentiate(opt)
	return t, nil
}

// Glance returns the residual sum of squares (deviance), df.residual
// (rows − passive variables) and nobs of an NNLS fit.
func (f *NNLSFit) Glance() (*Glance, error) {
	g := newGlance("deviance", "df.residual", "nobs")
	g.Deviance = f.RSS
	g.NObs = float64(len(f.Residuals))
	g.DFResidual = g.NObs - float64(len(f.Passive))
	return g, nil
}

// Augment returns .fitted and .resid of an NNLS fit.
func (f *NNLSFit) Augment(opt AugmentOptions) (*AugmentTable, error) {
	a := &AugmentTable{Response: "y", Tau: math.NaN(), Columns: []string{".fitted", ".resid"}, Rows: make([]AugmentRow, len(f.Fitted))}
	if opt.Design != nil {
		a.Response = opt.Design.responseName()
	}
	nan := math.NaN()
	for i := range f.Fitted {
		a.Rows[i] = AugmentRow{Row: i, Response: f.Fitted[i] + f.Residuals[i], Fitted: f.Fitted[i], Resid: f.Residuals[i],
			Hat: nan, Sigma: nan, CooksD: nan, StdResidual: nan}
	}
	return a, nil
}
