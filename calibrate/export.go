package calibrate

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Export of fitted models as package ras models.
//
// A fit on an AssessmentDesign becomes a ras.Model of family regression: the
// intercept column becomes the model's intercept and every other column one
// ras.Term per ColumnTerm (coefficient × scale), with the column's factors.
// The questionnaire (domains, questions, options, support types, missing
// policy, rounding, weeks per year, currency) is copied from the design's
// source model, so that the same answers validate and score; hours-model
// fields that a regression model may not carry (question activities, option
// minutes) are dropped. ras.Compile accepts the result, and the engine
// reproduces the fitted predictions: the money amount is the prediction
// (negative ones become 0), rounded by the model's Rounding, half up to the
// penny by default. Aliased (NaN) coefficients count as 0, as in Predict.

// ExportOptions describe the exported model. The zero value means the
// defaults, field by field.
type ExportOptions struct {
	// ID of the new model; the source id + "-calibrated" when empty.
	ID string
	// Version of the new model; "1" when empty.
	Version string
	// Name; the source name + " (calibrated)" when empty.
	Name string
	// Description; when empty, one is written naming the source model and
	// version, the method, the number of assessments and those excluded.
	Description string
	// Method names the fit in the generated description, for example
	// "OLS on sqrt(planned weekly cost)".
	Method string
	// Cohorts the model serves; the source model's when nil.
	Cohorts []ras.Cohort
	// Limits (caps and floors) of the new model; none when nil. Limits
	// change amounts, so the engine then no longer reproduces the fit
	// where they bind.
	Limits *ras.Limits
	// Range is the budget range of the new model (a copy is attached);
	// none when nil. It must have been calibrated for this very fit
	// (ConformalResult.Range, to export the fit Conformal returned again,
	// under another id or with limits): a range calibrated for another fit
	// does not hold. Conformal attaches the range itself.
	Range *ras.RangeRules
}

// ExportLinear exports a linear fit of the cost (OLS or WLS on the planned
// weekly cost; identity link).
func ExportLinear(d *AssessmentDesign, f *LinearFit, opt ExportOptions) (*ras.Model, error) {
	if f == nil {
		return nil, invalidf("export: nil fit")
	}
	return ExportCoefficients(d, f.Estimates, ras.RegressionRules{Link: ras.LinkIdentity}, opt)
}

// ExportSqrt exports a fit on the square root of cost (sqrt link). how
// chooses the retransformation: SqrtVariance adds σ² = RSS/(n − p) as the
// variance correction, SqrtVarianceMLE adds RSS/n, SqrtNaive adds nothing
// (Florida's published rule), and SqrtSmearing (which equals SqrtVarianceMLE
// up to rounding when the design has an intercept) needs an intercept.
func ExportSqrt(d *AssessmentDesign, f *SqrtFit, how SqrtRetransform, opt ExportOptions) (*ras.Model, error) {
	if f == nil {
		return nil, invalidf("export: nil fit")
	}
	r := ras.RegressionRules{Link: ras.LinkSqrt}
	switch how {
	case SqrtVariance:
		r.VarianceCorrection = f.Sigma2
	case SqrtVarianceMLE:
		r.VarianceCorrection = f.Sigma2MLE
	case SqrtSmearing:
		if !d.Design.HasIntercept() {
			return nil, invalidf("export: sqrt smearing without an intercept (2·μ·ē) cannot be expressed by a ras model")
		}
		r.VarianceCorrection = f.Sigma2MLE
	case SqrtNaive:
	default:
		return nil, invalidf("export: unknown sqrt retransformation %d", int(how))
	}
	if math.IsNaN(r.VarianceCorrection) {
		return nil, fmt.Errorf("%w: export: the variance correction is undefined", ErrNoResidualDF)
	}
	return ExportCoefficients(d, f.Sqrt.Estimates, r, opt)
}

// ExportLog exports a fit on log cost (log link). how chooses the factor:
// LogSmearing (Duan's: by group when by is "living_setting" or "cohort",
// which needs a fit with group factors for those groups; global when by is
// empty, which needs a fit without groups),
// LogSmearingGlobal, LogNormalTheory (exp(σ²/2)) or LogNaive (1). With by
// set, the fit's groups must have been the design's d.Group(by).
func ExportLog(d *AssessmentDesign, f *LogFit, how LogRetransform, by string, opt ExportOptions) (*ras.Model, error) {
	if f == nil {
		return nil, invalidf("export: nil fit")
	}
	r := ras.RegressionRules{Link: ras.LinkLog}
	switch how {
	case LogSmearing:
		r.Smearing = f.Smearing
		if by == "" && f.GroupSmearing != nil {
			return nil, invalidf("export: the fit has group smearing factors: name the grouping (by) or use LogSmearingGlobal")
		}
		if by != "" {
			if by != "living_setting" && by != "cohort" {
				return nil, invalidf("export: smearing by %q: a ras model smears by living_setting or cohort", by)
			}
			if f.GroupSmearing == nil {
				return nil, invalidf("export: smearing by %s, but the fit has no group factors", by)
			}
			want, err := d.Group(by)
			if err != nil {
				return nil, err
			}
			if len(f.groups) != len(want) {
				return nil, lengthf("export: the fit has %d group labels, the design %d rows", len(f.groups), len(want))
			}
			for i := range want {
				if f.groups[i] != want[i] {
					return nil, invalidf("export: row %d: the fit's group %q is not its %s %q", i, f.groups[i], by, want[i])
				}
			}
			r.SmearingBy = by
			r.SmearingGroups = make(map[string]float64, len(f.GroupSmearing))
			for g, v := range f.GroupSmearing {
				r.SmearingGroups[g] = v
			}
		}
	case LogSmearingGlobal:
		r.Smearing = f.Smearing
	case LogNormalTheory:
		r.Smearing = f.NormalFactor
	case LogNaive:
		r.Smearing = 1
	default:
		return nil, invalidf("export: unknown log retransformation %d", int(how))
	}
	return ExportCoefficients(d, f.Log.Estimates, r, opt)
}

// ExportGLM exports a GLM: identity link (Gaussian), log link (Gamma,
// Poisson or Gaussian; smearing 1, since the GLM models the mean directly)
// or logit link (Binomial: the model gives a probability, no money). The
// inverse link, and a fit with an offset, have no ras equivalent.
func ExportGLM(d *AssessmentDesign, f *GLMFit, opt ExportOptions) (*ras.Model, error) {
	if f == nil {
		return nil, invalidf("export: nil fit")
	}
	if f.Offset != nil {
		// An offset is data of each case, not a term of the model.
		return nil, invalidf("export: a fit with an offset has no ras equivalent")
	}
	var r ras.RegressionRules
	switch f.Link {
	case Identity:
		r.Link = ras.LinkIdentity
	case Log:
		r.Link, r.Smearing = ras.LinkLog, 1
	case Logit:
		r.Link = ras.LinkLogit
	default:
		return nil, invalidf("export: the %v link has no ras equivalent", f.Link)
	}
	if opt.Method == "" {
		opt.Method = fmt.Sprintf("GLM %v(link = %v)", f.Family, f.Link)
	}
	return ExportCoefficients(d, f.Coefficients, r, opt)
}

// ExportCoefficients exports coefficients over d's columns (from any
// estimator: RLM, QuantReg, NNLS, ...) with the link and retransformation
// constants given in rules; rules.Intercept and rules.Terms are filled from
// coef and d.Columns and must be empty.
func ExportCoefficients(d *AssessmentDesign, coef []float64, rules ras.RegressionRules, opt ExportOptions) (*ras.Model, error) {
	if d == nil || d.model == nil {
		return nil, invalidf("export: the design was not built by BuildDesign")
	}
	if len(coef) != len(d.Columns) {
		return nil, lengthf("export: %d coefficients for %d design columns", len(coef), len(d.Columns))
	}
	if rules.Intercept != 0 || rules.Terms != nil {
		return nil, invalidf("export: rules.Intercept and rules.Terms are filled from the coefficients")
	}
	for j, c := range d.Columns {
		b := coef[j]
		if math.IsNaN(b) {
			continue // aliased: counts as 0
		}
		if math.IsInf(b, 0) {
			return nil, &DataError{Row: j, Column: c.Name, Value: b, Err: ErrNonFinite}
		}
		if len(c.Terms) == 0 {
			rules.Intercept += b
			continue
		}
		for k, t := range c.Terms {
			name := c.Name
			if len(c.Terms) > 1 {
				name = fmt.Sprintf("%s#%d", c.Name, k+1)
			}
			rules.Terms = append(rules.Terms, ras.Term{Name: name, Coef: b * t.Scale, Factors: cloneFactors(t.Factors)})
		}
	}
	m, err := exportShell(d, opt)
	if err != nil {
		return nil, err
	}
	m.Family = ras.FamilyRegression
	if rules.Terms == nil {
		rules.Terms = []ras.Term{}
	}
	m.Regression = &rules
	if m.Regression.Link == ras.LinkLogit {
		m.Limits = nil
		if opt.Limits != nil {
			return nil, invalidf("export: a logit model gives a probability and takes no limits")
		}
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("calibrate: export: %w", err)
	}
	return m, nil
}

// ExportPoints exports a points-family model: the source model's
// questionnaire with new price schedules (a price per point, domain prices,
// bands or a curve per cohort). The source model must name a support type
// for every domain (as a points model does).
func ExportPoints(d *AssessmentDesign, schedules []ras.PriceSchedule, opt ExportOptions) (*ras.Model, error) {
	if d == nil || d.model == nil {
		return nil, invalidf("export: the design was not built by BuildDesign")
	}
	if len(schedules) == 0 {
		return nil, invalidf("export: no price schedules")
	}
	m, err := exportShell(d, opt)
	if err != nil {
		return nil, err
	}
	m.Family = ras.FamilyPoints
	m.Points = &ras.PointsRules{Schedules: schedules}
	for i := range m.Domains {
		if m.Domains[i].SupportType == "" {
			return nil, invalidf("export: domain %q has no support type, which a points model needs", m.Domains[i].ID)
		}
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("calibrate: export: %w", err)
	}
	return m, nil
}

func cloneFactors(fs []ras.Factor) []ras.Factor {
	out := make([]ras.Factor, len(fs))
	for i, f := range fs {
		c := f
		if f.Settings != nil {
			c.Settings = append([]ras.LivingSetting{}, f.Settings...)
		}
		if f.Cohorts != nil {
			c.Cohorts = append([]ras.Cohort{}, f.Cohorts...)
		}
		if f.AgeMin != nil {
			v := *f.AgeMin
			c.AgeMin = &v
		}
		if f.AgeMax != nil {
			v := *f.AgeMax
			c.AgeMax = &v
		}
		out[i] = c
	}
	return out
}

// exportShell copies the source questionnaire and fills the identity.
func exportShell(d *AssessmentDesign, opt ExportOptions) (*ras.Model, error) {
	src, err := copyModel(d.model)
	if err != nil {
		return nil, err
	}
	m := &ras.Model{
		ID: opt.ID, Version: opt.Version, Name: opt.Name, Description: opt.Description,
		Cohorts: src.Cohorts, Currency: src.Currency, WeeksPerYear: src.WeeksPerYear,
		Rounding: src.Rounding, Missing: src.Missing, SupportTypes: src.SupportTypes,
		Domains: src.Domains, Limits: opt.Limits, Range: cloneRange(opt.Range),
	}
	if m.ID == "" {
		m.ID = src.ID + "-calibrated"
	}
	if m.Version == "" {
		m.Version = "1"
	}
	if m.Name == "" {
		m.Name = src.Name + " (calibrated)"
	}
	if opt.Cohorts != nil {
		m.Cohorts = append([]ras.Cohort(nil), opt.Cohorts...)
	}
	if m.SupportTypes == nil {
		m.SupportTypes = []ras.SupportType{}
	}
	for i := range m.Domains {
		for j := range m.Domains[i].Questions {
			q := &m.Domains[i].Questions[j]
			q.Activity = ""
			for k := range q.Options {
				q.Options[k].Minutes = decimal.Zero
			}
		}
	}
	if m.Description == "" {
		var b strings.Builder
		fmt.Fprintf(&b, "Calibrated by package calibrate from model %s version %s", src.ID, src.Version)
		if opt.Method != "" {
			fmt.Fprintf(&b, " (%s)", opt.Method)
		}
		fmt.Fprintf(&b, " on %d assessments", len(d.IDs))
		if len(d.Excluded) > 0 {
			fmt.Fprintf(&b, "; %d excluded", len(d.Excluded))
		}
		b.WriteString(".")
		m.Description = b.String()
	}
	return m, nil
}

// cloneRange deep-copies a budget range.
func cloneRange(r *ras.RangeRules) *ras.RangeRules {
	if r == nil {
		return nil
	}
	c := *r
	if r.MinScale != nil {
		v := *r.MinScale
		c.MinScale = &v
	}
	c.Groups = make(map[string]ras.RangeGroup, len(r.Groups))
	for k, v := range r.Groups {
		c.Groups[k] = v
	}
	return &c
}
