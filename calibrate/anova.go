package calibrate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// ErrNotNested reports models that an analysis of variance or deviance
// cannot compare: fitted to different rows, responses, weights or offsets,
// of different families, or whose design columns do not span one another.
// It is wrapped in a *NestingError.
var ErrNotNested = errors.New("calibrate: models not nested")

// NestingError says why models i and j (0-based positions in the list given)
// are not nested.
type NestingError struct {
	I, J   int
	Reason string
	// Columns names the design columns of the smaller model that lie
	// outside the span of the larger one (empty for other reasons).
	Columns []string
	Err     error // ErrNotNested
}

func (e *NestingError) Error() string {
	s := fmt.Sprintf("calibrate: models %d and %d are not nested: %s", e.I+1, e.J+1, e.Reason)
	if len(e.Columns) > 0 {
		s += ": " + quoteList(e.Columns)
	}
	return s
}

func (e *NestingError) Unwrap() error { return e.Err }

// AnovaOptions controls AnovaLinear and AnovaGLM. The zero value estimates
// the scale from the largest model, as R's anova.
type AnovaOptions struct {
	// Scale, if positive, is the known error variance σ² (AnovaLinear, R's
	// scale) or dispersion φ (AnovaGLM, R's dispersion) used instead of the
	// estimate from the model with the fewest residual degrees of freedom.
	Scale float64
}

// AnovaLinearRow is one row of R's anova table for linear models. The
// comparison columns of the first row are NaN (R's NA), as are F and
// PValue for two models with the same residual degrees of freedom.
type AnovaLinearRow struct {
	Model string  // "y ~ x1 + x2"
	ResDF float64 // residual degrees of freedom
	RSS   float64 // residual sum of squares (weighted, Σw·e²)
	DF    float64 // ResDF of the previous row − ResDF
	SumSq float64 // RSS of the previous row − RSS
	F     float64 // (SumSq/DF)/Scale
	// PValue is P(F(|DF|, DFScale) > F).
	PValue float64
}

// AnovaLinearTable is R's anova(m1, m2, …) for linear fits: each model compared
// with the one before it by an F test whose denominator is the scale of the
// largest model.
type AnovaLinearTable struct {
	Rows []AnovaLinearRow
	// Scale is the σ² of the F tests (RSS/ResDF of the model with the
	// fewest residual degrees of freedom, or AnovaOptions.Scale) and
	// DFScale its degrees of freedom.
	Scale, DFScale float64
}

// AnovaLinear compares nested linear fits (OLS or WLS) as R's anova(m1,
// m2, …) does: row i holds model i's residual degrees of freedom and RSS,
// and, from the second row on, the change from the row before and the F
// test of it. Models may be listed from small to large (R's usual order) or
// the other way round; each must be nested in its neighbour.
//
// Unlike R, which only checks the number of rows, it verifies that
// neighbouring models are nested: the same design rows and response values,
// the same weights (kind and values), and every column of the model with
// more residual degrees of freedom in the column span of the other
// (residual norm after projection at most 1e-7 of the column's norm, R's
// collinearity tolerance); otherwise it returns a *NestingError wrapping
// ErrNotNested. Fewer than two fits is an ErrInvalidInput.
func AnovaLinear(fits []*LinearFit, opt AnovaOptions) (*AnovaLinearTable, error) {
	if len(fits) < 2 {
		return nil, invalidf("anova: %d models; need at least 2", len(fits))
	}
	if !(opt.Scale >= 0) || math.IsInf(opt.Scale, 0) {
		return nil, invalidf("anova: scale %v must be finite and ≥ 0", opt.Scale)
	}
	for i, f := range fits {
		if f == nil || f.d == nil {
			return nil, invalidf("anova: model %d is nil", i+1)
		}
	}
	for i := 1; i < len(fits); i++ {
		if err := nestedLinear(fits[i-1], fits[i], i-1, i); err != nil {
			return nil, err
		}
	}
	big := 0
	for i, f := range fits {
		if f.DFResidual < fits[big].DFResidual {
			big = i
		}
	}
	a := &AnovaLinearTable{Scale: opt.Scale, DFScale: fits[big].DFResidual}
	if a.Scale == 0 {
		a.Scale = fits[big].RSS / fits[big].DFResidual
	}
	for i, f := range fits {
		r := AnovaLinearRow{Model: f.d.responseName() + " ~ " + formulaRHS(f.Names), ResDF: f.DFResidual, RSS: f.RSS,
			DF: math.NaN(), SumSq: math.NaN(), F: math.NaN(), PValue: math.NaN()}
		if i > 0 {
			r.DF = fits[i-1].DFResidual - f.DFResidual
			r.SumSq = fits[i-1].RSS - f.RSS
			r.F, r.PValue = fTest(r.SumSq, r.DF, a.Scale, a.DFScale)
		}
		a.Rows = append(a.Rows, r)
	}
	return a, nil
}

// fTest is R's stat.anova F column: F = (dev/df)/scale, NA for df = 0 or
// F < 0, p = P(F(|df|, dfScale) > F).
func fTest(dev, df, scale, dfScale float64) (f, p float64) {
	f = dev / df / scale
	if df == 0 || f < 0 || math.IsNaN(f) {
		return math.NaN(), math.NaN()
	}
	return f, stats.FSurvival(f, math.Abs(df), dfScale)
}

// nestedLinear checks that linear fits a and b (at positions i, j) are
// nested.
func nestedLinear(a, b *LinearFit, i, j int) error {
	fail := func(format string, args ...any) error {
		return &NestingError{I: i, J: j, Reason: fmt.Sprintf(format, args...), Err: ErrNotNested}
	}
	na, _ := a.d.Dims()
	nb, _ := b.d.Dims()
	if na != nb {
		return fail("%d and %d design rows", na, nb)
	}
	if !slices.Equal(a.rows, b.rows) {
		return fail("fitted to different subsets of rows")
	}
	if r := firstDiff(a.d.Y, b.d.Y); r >= 0 {
		return fail("the responses differ at row %d (%v and %v)", r, a.d.Y[r], b.d.Y[r])
	}
	if a.WeightKind != b.WeightKind || (a.Weights == nil) != (b.Weights == nil) {
		return fail("weights of different kinds (%v, %v)", a.WeightKind, b.WeightKind)
	}
	if r := firstDiff(a.Weights, b.Weights); r >= 0 {
		return fail("the weights differ at row %d (%v and %v)", r, a.Weights[r], b.Weights[r])
	}
	small, large := a, b
	if a.DFResidual < b.DFResidual {
		small, large = b, a
	}
	rows := a.rows
	if rows == nil {
		rows = make([]int, na)
		for r := range rows {
			rows[r] = r
		}
	}
	out := outsideSpan(small.d, large.d, rows, a.sw, small.Estimates, large.Estimates)
	if len(out) > 0 {
		return &NestingError{I: i, J: j, Reason: "columns of the smaller model outside the span of the larger", Columns: out, Err: ErrNotNested}
	}
	return nil
}

// firstDiff returns the first index where a and b differ, or -1 (both nil
// or equal).
func firstDiff(a, b []float64) int {
	if len(a) != len(b) {
		return 0
	}
	for r := range a {
		if a[r] != b[r] && !(math.IsNaN(a[r]) && math.IsNaN(b[r])) {
			return r
		}
	}
	return -1
}

// outsideSpan returns the names of the non-aliased columns of small that
// are not in the span of the non-aliased columns of large, over the given
// rows, each row scaled by s[row] (1 if s is nil). A column is in the span
// when its residual norm after projection is at most 1e-7 of its norm
// (columns of zero norm are in every span). bs and bl mark aliased columns
// by NaN.
func outsideSpan(small, large *Design, rows []int, s []float64, bs, bl []float64) []string {
	rs, ps := small.X.RawMatrix(), len(small.Names)
	rl := large.X.RawMatrix()
	var kl []int
	for j, v := range bl {
		if !math.IsNaN(v) {
			kl = append(kl, j)
		}
	}
	m := len(rows)
	sc := func(r int) float64 {
		if s == nil {
			return 1
		}
		return s[r]
	}
	q := newQR(m, len(kl), func(i, k int) float64 {
		r := rows[i]
		return rl.Data[r*rl.Stride+kl[k]] * sc(r)
	}, 1e-7)
	var out []string
	v := make([]float64, m)
	for j := 0; j < ps; j++ {
		if !math.IsNaN(bs[j]) {
			for i, r := range rows {
				v[i] = rs.Data[r*rs.Stride+j] * sc(r)
			}
			nrm := colNorm(v)
			if nrm == 0 {
				continue
			}
			q.qty(v)
			if res := colNorm(v[q.rank:]); res > 1e-7*nrm {
				out = append(out, small.Names[j])
			}
		}
	}
	return out
}

// AnovaGLMRow is one row of R's analysis-of-deviance table for GLMs. The
// comparison columns of the first row are NaN (R's NA), as are the tests
// for two models with the same residual degrees of freedom.
type AnovaGLMRow struct {
	Model    string  // "y ~ x1 + x2"
	ResidDF  float64 // residual degrees of freedom
	ResidDev float64 // residual deviance
	DF       float64 // ResidDF of the previous row − ResidDF
	Deviance float64 // ResidDev of the previous row − ResidDev
	// ChisqPValue is R's test = "Chisq" (or "LRT"):
	// P(χ²(|DF|) > Deviance/Dispersion).
	ChisqPValue float64
	// F = (Deviance/DF)/Dispersion and FPValue = P(F(|DF|, DFDispersion)
	// > F): R's test = "F".
	F, FPValue float64
}

// AnovaGLMTable is R's anova(m1, m2, …, test = …) for GLMs.
type AnovaGLMTable struct {
	Rows []AnovaGLMRow
	// Dispersion is φ of the tests: that of the model with the fewest
	// residual degrees of freedom (1 for Binomial and Poisson, the Pearson
	// estimate otherwise, as summary.glm), or AnovaOptions.Scale.
	// DFDispersion is +Inf when φ = 1 (R's rule, so a known dispersion),
	// else that model's residual degrees of freedom.
	Dispersion, DFDispersion float64
	// FWarnings holds R's warning for an F test with a known dispersion
	// ("using F test with a 'poisson' family is inappropriate"); the F
	// columns are still R's values.
	FWarnings []string
}

// AnovaGLM compares nested GLM fits as R's anova(m1, m2, …, test =
// "Chisq") and test = "F" do, giving both tests in each row. The models
// must be nested (see AnovaLinear): the same rows, response, prior
// weights and offset, the same family and link, and the columns of the
// model with more residual degrees of freedom in the span of the other's
// (over the rows of positive prior weight); otherwise it returns a
// *NestingError wrapping ErrNotNested.
//
// The tests are only as good as the fits: R's default stopping rule leaves
// the Pearson dispersion accurate to about 1e-6, so fit with a small
// GLMOptions.Epsilon for more digits.
func AnovaGLM(fits []*GLMFit, opt AnovaOptions) (*AnovaGLMTable, error) {
	if len(fits) < 2 {
		return nil, invalidf("anova: %d models; need at least 2", len(fits))
	}
	if !(opt.Scale >= 0) || math.IsInf(opt.Scale, 0) {
		return nil, invalidf("anova: dispersion %v must be finite and ≥ 0", opt.Scale)
	}
	for i, f := range fits {
		if f == nil || f.d == nil {
			return nil, invalidf("anova: model %d is nil", i+1)
		}
	}
	for i := 1; i < len(fits); i++ {
		if err := nestedGLM(fits[i-1], fits[i], i-1, i); err != nil {
			return nil, err
		}
	}
	big := 0
	for i, f := range fits {
		if f.DFResidual < fits[big].DFResidual {
			big = i
		}
	}
	a := &AnovaGLMTable{Dispersion: opt.Scale}
	if a.Dispersion == 0 {
		a.Dispersion = fits[big].Dispersion
	}
	a.DFDispersion = float64(fits[big].DFResidual)
	if a.Dispersion == 1 {
		a.DFDispersion = math.Inf(1)
		switch fam := fits[big].Family; fam {
		case Binomial, Poisson:
			a.FWarnings = []string{fmt.Sprintf("using F test with a '%s' family is inappropriate", fam)}
		default:
			a.FWarnings = []string{"using F test with a fixed dispersion is inappropriate"}
		}
	}
	for i, f := range fits {
		r := AnovaGLMRow{Model: f.Response + " ~ " + formulaRHS(f.Names), ResidDF: float64(f.DFResidual), ResidDev: f.Deviance,
			DF: math.NaN(), Deviance: math.NaN(), ChisqPValue: math.NaN(), F: math.NaN(), FPValue: math.NaN()}
		if i > 0 {
			r.DF = float64(fits[i-1].DFResidual - f.DFResidual)
			r.Deviance = fits[i-1].Deviance - f.Deviance
			// R's stat.anova: the scaled deviance signed by df, NA at df = 0
			// or below 0.
			if v := r.Deviance / a.Dispersion * sign(r.DF); r.DF != 0 && v >= 0 {
				r.ChisqPValue = stats.ChiSquareSurvival(v, math.Abs(r.DF))
			}
			r.F, r.FPValue = fTest(r.Deviance, r.DF, a.Dispersion, a.DFDispersion)
		}
		a.Rows = append(a.Rows, r)
	}
	return a, nil
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// nestedGLM checks that GLM fits a and b (at positions i, j) are nested.
func nestedGLM(a, b *GLMFit, i, j int) error {
	fail := func(format string, args ...any) error {
		return &NestingError{I: i, J: j, Reason: fmt.Sprintf(format, args...), Err: ErrNotNested}
	}
	if a.Family != b.Family || a.Link != b.Link {
		return fail("families %s(%s) and %s(%s)", a.Family, a.Link, b.Family, b.Link)
	}
	if len(a.Y) != len(b.Y) {
		return fail("%d and %d rows", len(a.Y), len(b.Y))
	}
	if r := firstDiff(a.Y, b.Y); r >= 0 {
		return fail("the responses differ at row %d (%v and %v)", r, a.Y[r], b.Y[r])
	}
	if r := firstDiff(a.PriorWeights, b.PriorWeights); r >= 0 {
		return fail("the prior weights differ at row %d", r)
	}
	if (a.Offset == nil) != (b.Offset == nil) {
		return fail("one model has an offset, the other not")
	}
	if r := firstDiff(a.Offset, b.Offset); r >= 0 {
		return fail("the offsets differ at row %d", r)
	}
	small, large := a, b
	if a.DFResidual < b.DFResidual {
		small, large = b, a
	}
	var rows []int
	for r, w := range a.PriorWeights {
		if w > 0 {
			rows = append(rows, r)
		}
	}
	if out := outsideSpan(small.d, large.d, rows, nil, small.Coefficients, large.Coefficients); len(out) > 0 {
		return &NestingError{I: i, J: j, Reason: "columns of the smaller model outside the span of the larger", Columns: out, Err: ErrNotNested}
	}
	return nil
}

// Summary returns the table in the layout of R's print.anova.
func (a *AnovaLinearTable) Summary() string {
	var b strings.Builder
	b.WriteString("Analysis of Variance Table\n\n")
	for i, r := range a.Rows {
		fmt.Fprintf(&b, "Model %d: %s\n", i+1, r.Model)
	}
	names := make([]string, len(a.Rows))
	rows := make([][]string, len(a.Rows))
	for i, r := range a.Rows {
		names[i] = fmt.Sprint(i + 1)
		rows[i] = []string{g6(r.ResDF), g6(r.RSS), naStr(r.DF, g6), naStr(r.SumSq, g6), naStr(r.F, g4), naStr(r.PValue, pval), stars(r.PValue)}
	}
	writeTable(&b, []string{"Res.Df", "RSS", "Df", "Sum of Sq", "F", "Pr(>F)", ""}, names, rows)
	return b.String()
}

// Summary returns the table in the layout of R's print.anova, with both
// tests.
func (a *AnovaGLMTable) Summary() string {
	var b strings.Builder
	b.WriteString("Analysis of Deviance Table\n\n")
	for i, r := range a.Rows {
		fmt.Fprintf(&b, "Model %d: %s\n", i+1, r.Model)
	}
	names := make([]string, len(a.Rows))
	rows := make([][]string, len(a.Rows))
	for i, r := range a.Rows {
		names[i] = fmt.Sprint(i + 1)
		rows[i] = []string{g6(r.ResidDF), g6(r.ResidDev), naStr(r.DF, g6), naStr(r.Deviance, g6),
			naStr(r.ChisqPValue, pval), naStr(r.F, g4), naStr(r.FPValue, pval)}
	}
	writeTable(&b, []string{"Resid. Df", "Resid. Dev", "Df", "Deviance", "Pr(>Chi)", "F", "Pr(>F)"}, names, rows)
	fmt.Fprintf(&b, "\nDispersion: %s\n", g6(a.Dispersion))
	for _, w := range a.FWarnings {
		fmt.Fprintf(&b, "Warning: %s\n", w)
	}
	return b.String()
}

// naStr formats v with fn, or "" for NaN (R prints NA as blank in anova
// tables).
func naStr(v float64, fn func(float64) string) string {
	if math.IsNaN(v) {
		return ""
	}
	return fn(v)
}
