package calibrate

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
)

// Eligibility predictions: how likely an assessment is to be found
// eligible, fitted from past assessments and their recorded decisions with
// the Binomial/logit GLM, exported as a ras regression model with the logit
// link, and measured honestly by cross-validation.

// Eligibility frameworks, as ras.Eligibility.Framework records them.
const (
	// FrameworkCareActAdult: the Care Act 2014 eligibility criteria for
	// adults (SI 2015/313 reg. 2).
	FrameworkCareActAdult = "care_act_adult"
	// FrameworkCHC: NHS Continuing Healthcare; a decision of "eligible"
	// means the referral was found eligible.
	FrameworkCHC = "chc"
)

// EligibilityOptions control FitEligibility. The zero value means the
// defaults, field by field, except that Framework must be set
// (FitCareActEligibility and FitCHCEligibility set it).
type EligibilityOptions struct {
	// Framework selects the decisions that are the outcome: the
	// assessment's ras.Eligibility record with this framework, "eligible"
	// → 1 and "not_eligible" → 0. Assessments without such a decision
	// ("pending", or none) are left out and listed in Excluded. When an
	// assessment has several decisions the latest (by DecidedOn) counts;
	// different decisions on the same latest date leave it out.
	Framework string
	// Spec gives the design columns (see DesignSpec). Its Response,
	// ResponseName and Costs are set by FitEligibility and must be left
	// zero. nil means the helper's default (CareActSpec or CHCSpec for the
	// source model; FitEligibility itself defaults to CareActSpec).
	Spec *DesignSpec
	// GLM holds the fit's options; Family and Link are set to Binomial and
	// Logit (any other value is an error). Zero values mean R's glm
	// defaults (epsilon 1e-8, 25 iterations, 95% intervals).
	GLM GLMOptions
	// Export describes the exported ras model. ID defaults to the source
	// model's id + "-" + Framework + "-eligibility", Name to a description
	// of the same, and Method to "GLM binomial(link = logit)".
	Export ExportOptions
}

// EligibilityModel is an eligibility model fitted from assessments and
// their decisions. It is read-only after construction and safe for
// concurrent use.
type EligibilityModel struct {
	Framework string
	// Design is the design the model was fitted on; its response is the
	// decision (1 eligible, 0 not). It is kept for cross-validation and
	// explanations and must not be modified.
	Design *AssessmentDesign
	// Fit is the logistic regression.
	Fit *GLMFit
	// Model is the fit exported as a ras regression model with the logit
	// link: run it with ras.Compile and Engine.AssessInto, whose
	// Result.Probability is the predicted probability of eligibility.
	Model *ras.Model
	// Excluded lists every input assessment left out, with its reason (no
	// decision under the framework, a pending decision, conflicting
	// decisions, or rejected by the source model when Spec.SkipInvalid).
	Excluded []Exclusion
	// Events counts the eligible decisions among the N fitted assessments.
	Events, N int

	engine *ras.Engine
	glm    GLMOptions
}

// Engine returns the compiled exported model.
func (em *EligibilityModel) Engine() *ras.Engine { return em.engine }

// CareActSpec returns the default design for Care Act eligibility on
// source model m: every question (see itemsOf), the age, the hours a week
// of informal help, and the living setting (reference home_alone).
func CareActSpec(m *ras.Model) DesignSpec {
	return DesignSpec{
		Items:         itemsOf(m),
		Age:           true,
		InformalHours: true,
		Settings:      &LevelSpec{Reference: string(ras.SettingHomeAlone)},
	}
}

// CHCSpec returns the default design for a Continuing Healthcare referral
// found eligible: every question (see itemsOf), the age, and the living
// setting (reference home_alone). Unlike CareActSpec it leaves out informal
// help, which bears on social care needs but not on a primary health need.
func CHCSpec(m *ras.Model) DesignSpec {
	return DesignSpec{
		Items:    itemsOf(m),
		Age:      true,
		Settings: &LevelSpec{Reference: string(ras.SettingHomeAlone)},
	}
}

// itemsOf lists every question of m in model order: a number question, or
// a choice question whose options carry points, as one column (its
// points or value, named by the question id); a choice question whose
// options carry no points (an hours model) as indicators of its options
// against the first.
func itemsOf(m *ras.Model) []ItemSpec {
	if m == nil {
		return nil
	}
	var out []ItemSpec
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			if q.Type == ras.QuestionNumber {
				out = append(out, ItemSpec{Question: q.ID, Score: true})
				continue
			}
			if len(q.Options) == 0 {
				continue
			}
			points := slices.ContainsFunc(q.Options, func(o ras.Option) bool { return o.Points != 0 })
			if points {
				out = append(out, ItemSpec{Question: q.ID, Score: true})
			} else {
				out = append(out, ItemSpec{Question: q.ID, Reference: q.Options[0].ID})
			}
		}
	}
	return out
}

// FitCareActEligibility fits a Care Act (adult) eligibility model:
// FitEligibility with Framework FrameworkCareActAdult and, when opt.Spec is
// nil, CareActSpec(m).
func FitCareActEligibility(m *ras.Model, as []ras.Assessment, opt EligibilityOptions) (*EligibilityModel, error) {
	if opt.Framework == "" {
		opt.Framework = FrameworkCareActAdult
	}
	if opt.Spec == nil {
		s := CareActSpec(m)
		opt.Spec = &s
	}
	return FitEligibility(m, as, opt)
}

// FitCHCEligibility fits a model of a Continuing Healthcare referral being
// found eligible: FitEligibility with Framework FrameworkCHC and, when
// opt.Spec is nil, CHCSpec(m).
func FitCHCEligibility(m *ras.Model, as []ras.Assessment, opt EligibilityOptions) (*EligibilityModel, error) {
	if opt.Framework == "" {
		opt.Framework = FrameworkCHC
	}
	if opt.Spec == nil {
		s := CHCSpec(m)
		opt.Spec = &s
	}
	return FitEligibility(m, as, opt)
}

// decisionOf returns the outcome of assessment a under framework: 1, 0, or
// ok false with the reason it has none.
func decisionOf(a *ras.Assessment, framework string) (y float64, ok bool, reason string) {
	var latest ras.Date
	found, pending, conflict := false, false, false
	for _, e := range a.Eligibility {
		if e.Framework != framework {
			continue
		}
		var v float64
		switch e.Decision {
		case ras.DecisionEligible:
			v = 1
		case ras.DecisionNotEligible:
			v = 0
		default:
			pending = true
			continue
		}
		switch {
		case !found || latest.Before(e.DecidedOn):
			y, latest, found, conflict = v, e.DecidedOn, true, false
		case e.DecidedOn == latest && v != y:
			conflict = true
		}
	}
	switch {
	case conflict:
		return 0, false, fmt.Sprintf("conflicting %s decisions on the same date", framework)
	case found:
		return y, true, ""
	case pending:
		return 0, false, fmt.Sprintf("%s decision pending", framework)
	}
	return 0, false, fmt.Sprintf("no %s decision", framework)
}

// FitEligibility fits the probability that an assessment is found eligible
// under opt.Framework by logistic regression (the Binomial/logit GLM,
// replicating R's glm) on the design opt.Spec builds from the assessments,
// which answer source model m. Assessments without a decision are left out
// and listed; the fit is exported as a ras model with the logit link (see
// EligibilityModel.Model).
//
// Errors: an empty framework or bad options (ErrInvalidInput); design
// errors as BuildDesign (an *AssessmentError for an assessment the model
// rejects, unless Spec.SkipInvalid); no assessment with a decision
// (ErrEmpty); only one kind of decision among them (ErrInvalidInput); and
// GLM errors. A fit that does not converge returns the model and an error
// wrapping ErrNotConverged, as GLM does; complete separation typically
// shows as that, with huge coefficients.
func FitEligibility(m *ras.Model, as []ras.Assessment, opt EligibilityOptions) (*EligibilityModel, error) {
	return FitEligibilityFrom(m, ChunksOf(as), opt)
}

// FitEligibilityFrom is FitEligibility over assessments given a chunk at a
// time (see Chunks): the result, and any error, are FitEligibility's on the
// chunks put together, without holding them all as ras.Assessment values.
// It ranges over the chunks twice: once for the decisions, once to build
// the design from the assessments with one.
func FitEligibilityFrom(m *ras.Model, chunks Chunks, opt EligibilityOptions) (*EligibilityModel, error) {
	if opt.Framework == "" {
		return nil, invalidf("eligibility: no framework")
	}
	if m == nil {
		return nil, invalidf("eligibility: nil model")
	}
	var spec DesignSpec
	if opt.Spec != nil {
		spec = *opt.Spec
	} else {
		spec = CareActSpec(m)
	}
	if spec.Response != nil || spec.ResponseName != "" || spec.Costs != CostsError {
		return nil, invalidf("eligibility: Spec.Response, ResponseName and Costs are set by FitEligibility")
	}
	if (opt.GLM.Family != Gaussian && opt.GLM.Family != Binomial) || (opt.GLM.Link != CanonicalLink && opt.GLM.Link != Logit) {
		return nil, invalidf("eligibility: the model is Binomial with the logit link, not %v/%v", opt.GLM.Family, opt.GLM.Link)
	}
	if opt.GLM.Weights != nil || opt.GLM.Start != nil {
		return nil, invalidf("eligibility: GLM weights and start values are not supported")
	}
	// Decisions first: only assessments with one go to the design builder
	// (so that others, which the source model may not even accept, cannot
	// stop the fit); the rest are listed with the reason.
	fw := opt.Framework
	var ex []Exclusion
	var orig []int // index in the input of each assessment with a decision
	n := 0
	if chunks != nil {
		for as := range chunks {
			for k := range as {
				if _, ok, why := decisionOf(&as[k], fw); !ok {
					ex = append(ex, Exclusion{Index: n + k, ID: as[k].ID, Reason: why})
					continue
				}
				orig = append(orig, n+k)
			}
			n += len(as)
		}
	}
	with := func(yield func([]ras.Assessment) bool) {
		var buf []ras.Assessment
		for as := range chunks {
			buf = buf[:0]
			for k := range as {
				if _, ok, _ := decisionOf(&as[k], fw); ok {
					buf = append(buf, as[k])
				}
			}
			if len(buf) > 0 && !yield(buf) {
				return
			}
		}
	}
	if len(orig) == 0 {
		return nil, fmt.Errorf("%w: eligibility: no assessment has a %s decision (%d assessments)", ErrEmpty, fw, n)
	}
	spec.Response = func(a *ras.Assessment) (float64, bool) {
		y, ok, _ := decisionOf(a, fw)
		return y, ok
	}
	spec.ResponseName = fw + "_eligible"
	spec.Costs = CostsExclude
	d, err := BuildDesignFrom(m, with, spec)
	if err != nil {
		var ae *AssessmentError
		if errors.As(err, &ae) {
			ae.Index = orig[ae.Index]
		}
		return nil, fmt.Errorf("calibrate: eligibility: %w", err)
	}
	// Index the caller's slice.
	for k := range d.Index {
		d.Index[k] = orig[d.Index[k]]
	}
	for _, e := range d.Excluded {
		e.Index = orig[e.Index]
		ex = append(ex, e)
	}
	d.Excluded = nil
	slices.SortFunc(ex, func(a, b Exclusion) int { return cmp.Compare(a.Index, b.Index) })
	d.Excluded = ex
	em := &EligibilityModel{Framework: fw, Design: d, Excluded: ex, N: len(d.Design.Y)}
	for _, v := range d.Design.Y {
		if v == 1 {
			em.Events++
		}
	}
	if em.Events == 0 || em.Events == em.N {
		return nil, invalidf("eligibility: all %d assessments with a %s decision have the same decision", em.N, fw)
	}
	gopt := opt.GLM
	gopt.Family, gopt.Link = Binomial, Logit
	fit, ferr := GLM(d.Design, gopt)
	if fit == nil {
		return nil, fmt.Errorf("calibrate: eligibility: %w", ferr)
	}
	em.Fit = fit
	em.glm = gopt
	xo := opt.Export
	if xo.ID == "" {
		xo.ID = d.model.ID + "-" + fw + "-eligibility"
	}
	if xo.Name == "" {
		xo.Name = fmt.Sprintf("Probability of a %s decision of eligible, from %s", fw, d.model.Name)
	}
	if xo.Method == "" {
		xo.Method = "GLM binomial(link = logit) of " + fw + " decisions"
	}
	em.Model, err = ExportGLM(d, fit, xo)
	if err != nil {
		return nil, err
	}
	em.engine, err = ras.Compile(em.Model)
	if err != nil {
		return nil, fmt.Errorf("calibrate: eligibility: exported model: %w", err)
	}
	return em, ferr
}

// Contribution is one design column's contribution β·x to a case's linear
// predictor (the log-odds of eligibility).
type Contribution struct {
	// Column is the design column's name: a question id (its points or
	// value), "question=option" (an indicator), a domain id, "age",
	// "informal_hours", "living_setting=…", "cohort=…", "age_band=…", or
	// an interaction "a:b".
	Column string
	// Question is the question the column comes from, when it is a single
	// question, and Option the option this assessment chose for it (empty
	// for a number question or an unanswered one without a default).
	Question, Option string
	// Value is x, the column's value for this assessment; Coef is β (0 for
	// an aliased column); Contribution is β·x.
	Value, Coef, Contribution float64
}

// CasePrediction is the predicted probability for one assessment and the
// columns that pushed it most.
type CasePrediction struct {
	AssessmentID string
	// Probability = 1/(1 + exp(−Eta)); Eta = Intercept + Σ contributions.
	Probability, Eta, Intercept float64
	// Contributions, largest |β·x| first (ties in column order); the top
	// few only when asked.
	Contributions []Contribution
}

// Predict returns the predicted probability of eligibility for each
// assessment through the exported model's engine (as any user of the ras
// model would get it). An assessment the model rejects is an error naming
// it.
func (em *EligibilityModel) Predict(as []ras.Assessment) ([]float64, error) {
	out := make([]float64, len(as))
	var r ras.Result
	for i := range as {
		if err := em.engine.AssessInto(&as[i], &r, ras.AssessOptions{}); err != nil {
			return nil, &AssessmentError{Index: i, ID: as[i].ID, Err: err}
		}
		out[i] = r.Probability
	}
	return out, nil
}

// Explain returns, for each assessment, the predicted probability and the
// contributions β·x of the design columns to its linear predictor, sorted
// by |β·x|, keeping the top ones (all when top ≤ 0). Columns with x = 0
// contribute nothing and are left out. The probability equals the
// exported model's through the ras engine up to rounding (about 1e-15).
func (em *EligibilityModel) Explain(as []ras.Assessment, top int) ([]CasePrediction, error) {
	if len(as) == 0 {
		return nil, nil
	}
	x, err := em.Design.Matrix(as)
	if err != nil {
		return nil, err
	}
	return em.explainRows(as, x, top), nil
}

func (em *EligibilityModel) explainRows(as []ras.Assessment, x *mat.Dense, top int) []CasePrediction {
	cols := em.Design.Columns
	beta := em.Fit.Coefficients
	// The question each column comes from, if a single question.
	qOf := make([]string, len(cols))
	for j, c := range cols {
		if len(c.Terms) == 1 && len(c.Terms[0].Factors) == 1 {
			qOf[j] = c.Terms[0].Factors[0].Question
		}
	}
	qs := map[string]*ras.Question{}
	for di := range em.Design.model.Domains {
		for qi := range em.Design.model.Domains[di].Questions {
			q := &em.Design.model.Domains[di].Questions[qi]
			qs[q.ID] = q
		}
	}
	out := make([]CasePrediction, len(as))
	for i := range as {
		cp := CasePrediction{AssessmentID: as[i].ID}
		for j, c := range cols {
			b := beta[j]
			if math.IsNaN(b) {
				b = 0
			}
			v := x.At(i, j)
			if len(c.Terms) == 0 {
				cp.Intercept += b * v
				continue
			}
			if v == 0 {
				continue
			}
			ct := Contribution{Column: c.Name, Question: qOf[j], Value: v, Coef: b, Contribution: b * v}
			if q := qs[ct.Question]; q != nil && q.Type != ras.QuestionNumber {
				if fo := c.Terms[0].Factors[0].Option; fo != "" {
					ct.Option = fo
				} else if a, ok := as[i].Answers.Get(q.ID); ok {
					ct.Option = a.Option
				} else {
					ct.Option = q.Default
				}
			}
			cp.Contributions = append(cp.Contributions, ct)
		}
		// η in column order, as the engine sums its terms.
		eta := cp.Intercept
		for _, ct := range cp.Contributions {
			eta += ct.Contribution
		}
		cp.Eta = eta
		cp.Probability = 1 / (1 + math.Exp(-eta))
		slices.SortStableFunc(cp.Contributions, func(a, b Contribution) int {
			return cmp.Compare(math.Abs(b.Contribution), math.Abs(a.Contribution))
		})
		if top > 0 && len(cp.Contributions) > top {
			cp.Contributions = cp.Contributions[:top]
		}
		out[i] = cp
	}
	return out
}
