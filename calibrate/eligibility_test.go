package calibrate

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
	"github.com/stonesoup-care/stonesoup/internal/stats"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
	"gonum.org/v1/gonum/mat"
)

// trueElig is the known logistic model the synthetic decisions are drawn
// from, over quantities taken from the generator's truth (not from the
// design builder): the points of three domains of the stonesoup-points
// model, age, informal hours and the living setting.
type trueElig struct {
	intercept float64
	domains   map[string]float64 // domain id → coefficient per point
	age       float64
	informal  float64
	settings  map[ras.LivingSetting]float64 // baseline home_alone
}

var knownElig = trueElig{
	intercept: -2.5,
	domains:   map[string]float64{"personal_care": 0.12, "mobility": 0.09, "health": 0.15},
	age:       -0.012,
	informal:  -0.04,
	settings: map[ras.LivingSetting]float64{
		ras.SettingHomeFamily: -0.3, ras.SettingSupportedLiving: 0.35, ras.SettingResidential: 0.7, ras.SettingNursing: 0.9,
	},
}

// coefOf returns the true coefficient of a design column of elSpec().
func (k trueElig) coefOf(name string) (float64, bool) {
	switch name {
	case InterceptName:
		return k.intercept, true
	case "age":
		return k.age, true
	case "informal_hours":
		return k.informal, true
	}
	if b, ok := k.domains[name]; ok {
		return b, true
	}
	for s, b := range k.settings {
		if name == "living_setting="+string(s) {
			return b, true
		}
	}
	return 0, false
}

// elSpec is the design of the known model.
func elSpec() DesignSpec {
	return DesignSpec{
		Domains: []string{"personal_care", "mobility", "health"}, Age: true, InformalHours: true,
		Settings: &LevelSpec{Reference: string(ras.SettingHomeAlone)},
	}
}

// elData returns n synthetic assessments in cohort c of the stonesoup-points
// model, each with a decision under framework drawn from the known model
// (deterministic in seed), and the true probabilities.
func elData(t testing.TB, n int, seed uint64, c ras.Cohort, framework string) (*ras.Model, []ras.Assessment, []float64) {
	t.Helper()
	m, err := ras.LoadModel("stonesoup-points")
	if err != nil {
		t.Fatal(err)
	}
	g, err := synth.New(m, synth.Options{Seed: seed, Cohorts: []ras.Cohort{c}})
	if err != nil {
		t.Fatal(err)
	}
	dom := map[string]int{}
	for i, d := range m.Domains {
		dom[d.ID] = i
	}
	rng := newElRand(seed ^ 0xe11)
	cases := g.Slice(n)
	as := make([]ras.Assessment, len(cases))
	ps := make([]float64, len(cases))
	for i := range cases {
		cs := &cases[i]
		eta := knownElig.intercept + knownElig.age*float64(cs.Age) + knownElig.informal*cs.InformalHours
		for id, b := range knownElig.domains {
			eta += b * cs.DomainScores[dom[id]]
		}
		eta += knownElig.settings[cs.Assessment.Person.LivingSetting]
		p := 1 / (1 + math.Exp(-eta))
		dec := ras.DecisionNotEligible
		if rng.Float64() < p {
			dec = ras.DecisionEligible
		}
		a := cs.Assessment
		a.Eligibility = append(a.Eligibility, ras.Eligibility{Framework: framework, Decision: dec, DecidedOn: a.Date})
		as[i], ps[i] = a, p
	}
	return m, as, ps
}

// TestEligibilityRecovery: with 50,000 decisions from the known model, the
// fitted coefficients lie within their 99% Wald intervals, and jointly the
// Wald statistic (b̂ − b)'V⁻¹(b̂ − b) is below the 0.999 quantile of χ²(p).
// Under -short or the race detector it uses 12,000 cases (same checks).
func TestEligibilityRecovery(t *testing.T) {
	n := 50_000
	if testing.Short() || elRace {
		n = 12_000
	}
	m, as, _ := elData(t, n, 2024, ras.CohortAdult, FrameworkCareActAdult)
	spec := elSpec()
	em, err := FitCareActEligibility(m, as, EligibilityOptions{Spec: &spec, GLM: GLMOptions{ConfLevel: 0.99}})
	if err != nil {
		t.Fatal(err)
	}
	if em.N != len(as) || len(em.Excluded) != 0 {
		t.Fatalf("fitted %d of %d, %d excluded", em.N, len(as), len(em.Excluded))
	}
	p := len(em.Fit.Names)
	if p < 9 {
		t.Fatalf("columns %v, want at least 9", em.Fit.Names)
	}
	diff := mat.NewVecDense(p, nil)
	for j, c := range em.Fit.Coefs {
		want, ok := knownElig.coefOf(c.Name)
		if !ok {
			t.Fatalf("unexpected column %q", c.Name)
		}
		if !(c.Lower <= want && want <= c.Upper) {
			t.Errorf("%s: true %v outside the 99%% interval [%v, %v] (estimate %v)", c.Name, want, c.Lower, c.Upper, c.Estimate)
		}
		diff.SetVec(j, c.Estimate-want)
	}
	var chol mat.Cholesky
	if !chol.Factorize(em.Fit.Vcov) {
		t.Fatal("vcov not positive definite")
	}
	var sol mat.VecDense
	if err := chol.SolveVecTo(&sol, diff); err != nil {
		t.Fatal(err)
	}
	w := mat.Dot(diff, &sol)
	if pv := stats.ChiSquareSurvival(w, float64(p)); pv < 0.001 {
		t.Errorf("joint Wald statistic %v on %d df, p = %v < 0.001", w, p, pv)
	}
}

// The exported model, run by the ras engine, gives the fit's probabilities;
// so do Explain and Predict.
func TestEligibilityEngineMatchesFit(t *testing.T) {
	m, as, _ := elData(t, 3000, 7, ras.CohortAdult, FrameworkCareActAdult)
	em, err := FitCareActEligibility(m, as, EligibilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if em.Model.Regression == nil || em.Model.Regression.Link != ras.LinkLogit {
		t.Fatalf("exported model is not a logit regression: %+v", em.Model.Regression)
	}
	// A fresh engine from the model as data (JSON round trip).
	var buf bytes.Buffer
	if err := em.Model.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := ras.ParseModel(&buf)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := ras.Compile(m2)
	if err != nil {
		t.Fatal(err)
	}
	var r ras.Result
	maxDiff := 0.0
	for row, i := range em.Design.Index {
		if err := eng.AssessInto(&as[i], &r, ras.AssessOptions{}); err != nil {
			t.Fatal(err)
		}
		if r.HasBudget {
			t.Fatal("a logit model has no budget")
		}
		maxDiff = max(maxDiff, math.Abs(r.Probability-em.Fit.Fitted[row]), math.Abs(r.Eta-em.Fit.LinearPredictor[row])/max(1, math.Abs(r.Eta)))
	}
	if maxDiff > 1e-12 {
		t.Errorf("engine against fit: max difference %g > 1e-12", maxDiff)
	}
	t.Logf("engine against fit, %d cases, %d terms: max difference %.3g", len(em.Design.Index), len(em.Model.Regression.Terms), maxDiff)
	pr, err := em.Predict(as)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := em.Explain(as, 0)
	if err != nil {
		t.Fatal(err)
	}
	for row, i := range em.Design.Index {
		elClose(t, "Predict", pr[i], em.Fit.Fitted[row], 1e-12)
		elClose(t, "Explain", ex[i].Probability, em.Fit.Fitted[row], 1e-12)
	}
	// The per-term trace of the engine agrees with Explain's contributions
	// for single-term columns.
	res, err := eng.Assess(&as[0])
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]float64{}
	for _, s := range res.Trace() {
		if s.Kind == ras.StepTerm {
			byName[s.Rule] = s.Value
		}
	}
	for _, c := range ex[0].Contributions {
		elClose(t, "trace "+c.Column, byName[c.Column], c.Contribution, 1e-14)
	}
}

func TestEligibilityExplain(t *testing.T) {
	m, as, _ := elData(t, 1500, 9, ras.CohortAdult, FrameworkCareActAdult)
	em, err := FitCareActEligibility(m, as, EligibilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all, err := em.Explain(as[:20], 0)
	if err != nil {
		t.Fatal(err)
	}
	top, err := em.Explain(as[:20], 3)
	if err != nil {
		t.Fatal(err)
	}
	for i, cp := range all {
		if cp.AssessmentID != as[i].ID {
			t.Fatalf("case %d: id %q, want %q", i, cp.AssessmentID, as[i].ID)
		}
		sum := cp.Intercept
		for k, c := range cp.Contributions {
			sum += c.Contribution
			if c.Value == 0 {
				t.Errorf("%s: zero column %s listed", cp.AssessmentID, c.Column)
			}
			elClose(t, "β·x", c.Contribution, c.Coef*c.Value, 0)
			if k > 0 && math.Abs(c.Contribution) > math.Abs(cp.Contributions[k-1].Contribution) {
				t.Errorf("%s: not sorted by |contribution| at %d", cp.AssessmentID, k)
			}
			// A question column names the question and the option chosen.
			if c.Question != "" && c.Question == c.Column {
				a, ok := as[i].Answers.Get(c.Question)
				if !ok || a.Option != c.Option {
					t.Errorf("%s: column %s option %q, answer %+v", cp.AssessmentID, c.Column, c.Option, a)
				}
			}
		}
		elClose(t, "η", sum, cp.Eta, 1e-12)
		if len(top[i].Contributions) != min(3, len(cp.Contributions)) || !slices.Equal(top[i].Contributions, cp.Contributions[:len(top[i].Contributions)]) {
			t.Errorf("top 3 of %s is not the head of the full list", cp.AssessmentID)
		}
	}
	// age and living setting are named as covariates.
	var sawAge bool
	for _, c := range all[0].Contributions {
		if c.Column == "age" && c.Question == "" {
			sawAge = true
		}
	}
	if !sawAge {
		t.Errorf("age not among the contributions of %s", all[0].AssessmentID)
	}
}

func TestEligibilityCHC(t *testing.T) {
	m, as, _ := elData(t, 2000, 5, ras.CohortCHC, FrameworkCHC)
	em, err := FitCHCEligibility(m, as, EligibilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if em.Framework != FrameworkCHC || slices.Contains(em.Fit.Names, "informal_hours") || !slices.Contains(em.Fit.Names, "age") {
		t.Errorf("framework %q, columns %v", em.Framework, em.Fit.Names)
	}
	// The Care Act helper finds no Care Act decisions here.
	if _, err := FitCareActEligibility(m, as, EligibilityOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("Care Act fit on CHC decisions: %v, want ErrEmpty", err)
	}
	ca := CareActSpec(m)
	if !ca.InformalHours {
		t.Error("CareActSpec has no informal hours")
	}
}

func TestEligibilityExclusions(t *testing.T) {
	m, as, _ := elData(t, 400, 3, ras.CohortAdult, FrameworkCareActAdult)
	as[0].Eligibility = nil
	as[1].Eligibility = []ras.Eligibility{{Framework: FrameworkCareActAdult, Decision: ras.DecisionPending}}
	as[2].Eligibility = []ras.Eligibility{
		{Framework: FrameworkCareActAdult, Decision: ras.DecisionEligible, DecidedOn: as[2].Date},
		{Framework: FrameworkCareActAdult, Decision: ras.DecisionNotEligible, DecidedOn: as[2].Date},
	}
	later := as[3].Date.AddDays(30)
	as[3].Eligibility = []ras.Eligibility{
		{Framework: FrameworkCareActAdult, Decision: ras.DecisionNotEligible, DecidedOn: as[3].Date},
		{Framework: FrameworkCareActAdult, Decision: ras.DecisionEligible, DecidedOn: later},
		{Framework: FrameworkCHC, Decision: ras.DecisionNotEligible, DecidedOn: later},
	}
	// An answer the model rejects, on an assessment without a decision,
	// does not stop the fit.
	as[0].Answers = append(as[0].Answers[:len(as[0].Answers):len(as[0].Answers)], ras.Answer{Question: "no_such_question", Option: "x"})
	em, err := FitCareActEligibility(m, as, EligibilityOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Exclusion{
		{Index: 0, ID: as[0].ID, Reason: "no care_act_adult decision"},
		{Index: 1, ID: as[1].ID, Reason: "care_act_adult decision pending"},
		{Index: 2, ID: as[2].ID, Reason: "conflicting care_act_adult decisions on the same date"},
	}
	if !slices.Equal(em.Excluded, want) {
		t.Errorf("excluded %+v, want %+v", em.Excluded, want)
	}
	if em.N != len(as)-3 || em.Design.Index[0] != 3 || em.Design.Design.Y[0] != 1 {
		t.Errorf("N %d, first row %d y %v: the later decision (eligible) should count", em.N, em.Design.Index[0], em.Design.Design.Y[0])
	}
	// On an assessment with a decision it is an error naming it by its
	// index in the caller's slice.
	bad := slices.Clone(as)
	bad[7].Answers = as[0].Answers
	_, err = FitCareActEligibility(m, bad, EligibilityOptions{})
	var ae *AssessmentError
	if !errors.As(err, &ae) || ae.Index != 7 || ae.ID != as[7].ID || !errors.Is(err, ras.ErrInvalidAnswer) {
		t.Errorf("invalid answer: %v", err)
	}
	// Or, with SkipInvalid, an exclusion in its place.
	spec := CareActSpec(m)
	spec.SkipInvalid = true
	em2, err := FitCareActEligibility(m, bad, EligibilityOptions{Spec: &spec})
	if err != nil {
		t.Fatal(err)
	}
	if len(em2.Excluded) != 4 || em2.Excluded[3].Index != 7 || em2.N != len(as)-4 {
		t.Errorf("SkipInvalid: excluded %+v, N %d", em2.Excluded, em2.N)
	}
	// Bad options.
	for name, opt := range map[string]EligibilityOptions{
		"no framework": {Spec: &DesignSpec{}},
		"family":       {Framework: "x", GLM: GLMOptions{Family: Poisson}},
		"link":         {Framework: "x", GLM: GLMOptions{Link: Log}},
		"response":     {Framework: "x", Spec: &DesignSpec{ResponseName: "y"}},
		"weights":      {Framework: "x", GLM: GLMOptions{Weights: []float64{1}}},
	} {
		if _, err := FitEligibility(m, as, opt); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("%s: error %v, want ErrInvalidInput", name, err)
		}
	}
	// All one decision.
	for i := range as {
		as[i].Eligibility = []ras.Eligibility{{Framework: FrameworkCareActAdult, Decision: ras.DecisionEligible}}
	}
	if _, err := FitCareActEligibility(m, as, EligibilityOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("one decision only: %v", err)
	}
}

func TestEligibilityCrossValidation(t *testing.T) {
	m, as, ptrue := elData(t, 6000, 11, ras.CohortAdult, FrameworkCareActAdult)
	spec := elSpec()
	em, err := FitCareActEligibility(m, as, EligibilityOptions{Spec: &spec})
	if err != nil {
		t.Fatal(err)
	}
	cv, err := em.CrossValidate(EligibilityCVOptions{K: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	again, err := em.CrossValidate(EligibilityCVOptions{K: 5, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cv.Probability, again.Probability) || !slices.Equal(cv.Folds, again.Folds) {
		t.Error("cross-validation is not deterministic")
	}
	// Fold 2's predictions equal those of a GLM fitted independently on the
	// other folds.
	var train, test []int
	for i, f := range cv.Folds {
		if f == 2 {
			test = append(test, i)
		} else {
			train = append(train, i)
		}
	}
	td, err := em.Design.Design.SubsetRows(train)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := GLM(td, GLMOptions{Family: Binomial})
	if err != nil {
		t.Fatal(err)
	}
	xd, _ := em.Design.Design.SubsetRows(test)
	pr, err := fit.Predict(xd.X, ResponseScale)
	if err != nil {
		t.Fatal(err)
	}
	for k, i := range test {
		elClose(t, "fold 2 prediction", cv.Probability[i], pr[k], 1e-12)
	}
	// The out-of-fold accuracy is close to that of the true probabilities
	// (a correctly specified model with 10 parameters and 4,800 cases per
	// fit loses little), and the calibration slope's interval covers 1.
	aTrue, err := AUC(em.Design.Design.Y, rowsOf(ptrue, em.Design.Index))
	if err != nil {
		t.Fatal(err)
	}
	acc := cv.Accuracy
	if math.Abs(acc.AUC.AUC-aTrue) > 0.01 {
		t.Errorf("CV AUC %v, true-model AUC %v", acc.AUC.AUC, aTrue)
	}
	if !(acc.AUC.Lower < acc.AUC.AUC && acc.AUC.AUC < acc.AUC.Upper) {
		t.Errorf("AUC interval %+v", acc.AUC)
	}
	r := acc.Recalibration
	if !(r.SlopeLower < 1 && 1 < r.SlopeUpper) {
		t.Errorf("calibration slope %v [%v, %v] does not cover 1", r.Slope, r.SlopeLower, r.SlopeUpper)
	}
	if math.Abs(acc.CalibrationInTheLarge) > 0.02 {
		t.Errorf("calibration-in-the-large %v", acc.CalibrationInTheLarge)
	}
	var nsum, esum int
	for _, g := range acc.Calibration {
		nsum += g.N
		esum += g.Events
	}
	if len(acc.Calibration) != 10 || nsum != em.N || esum != em.Events || acc.Events != em.Events {
		t.Errorf("decile table: %d groups, N %d events %d (want %d, %d)", len(acc.Calibration), nsum, esum, em.N, em.Events)
	}
	if len(cv.PerFold) != 5 || len(acc.Thresholds) != 19 {
		t.Errorf("%d folds, %d thresholds", len(cv.PerFold), len(acc.Thresholds))
	}
	app, err := em.Apparent(AccuracyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	elClose(t, "apparent slope", app.Recalibration.Slope, 1, 1e-6)
	// Folds given explicitly; bad folds.
	if _, err := em.CrossValidate(EligibilityCVOptions{Folds: cv.Folds}); err != nil {
		t.Error(err)
	}
	if _, err := em.CrossValidate(EligibilityCVOptions{Folds: []int{1, 2}}); !errors.Is(err, ErrLength) {
		t.Errorf("short folds: %v", err)
	}
	if _, err := em.CrossValidate(EligibilityCVOptions{K: 1}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("K = 1: %v", err)
	}
}

func rowsOf(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

// TestEligibilityReference: the accuracy measures of the tight logistic fit
// of the R reference case glm_binomial_logit_birthwt agree with R's auc,
// brier and calibration_in_the_large at the case's tolerance.
func TestEligibilityReference(t *testing.T) {
	cases, err := reftest.Load(*referenceDir)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(cases, func(c *reftest.Case) bool { return c.ID == "glm_binomial_logit_birthwt" })
	if i < 0 {
		t.Fatalf("no case glm_binomial_logit_birthwt under %s", *referenceDir)
	}
	c := cases[i]
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	y, err := tab.Num("low")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"age", "lwt", "smoke", "ht", "ui"}
	cols := make([][]float64, len(names))
	for j, nm := range names {
		if cols[j], err = tab.Num(nm); err != nil {
			t.Fatal(err)
		}
	}
	d, err := NewDesign(names, cols, y, true)
	if err != nil {
		t.Fatal(err)
	}
	// The case's fixed point, as its R code reaches it: converge with
	// epsilon 1e-14, then single IRLS steps from the previous coefficients
	// until the largest change is below 1e-15 of the largest coefficient.
	fit, err := GLM(d, GLMOptions{Family: Binomial, Epsilon: 1e-14, MaxIter: 200})
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		cf := fit.Coefficients
		fit, err = GLM(d, GLMOptions{Family: Binomial, Start: cf, MaxIter: 1})
		if err != nil && !errors.Is(err, ErrNotConverged) {
			t.Fatal(err)
		}
		var num, den float64
		for j := range cf {
			num = max(num, math.Abs(fit.Coefficients[j]-cf[j]))
			den = max(den, math.Abs(cf[j]))
		}
		if num/den < 1e-15 {
			break
		}
	}
	acc, err := EvaluateProbabilities(fit.Y, fit.Fitted, AccuracyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// AUC and Brier by the case's rules (rtol 1e-8).
	sub := *c
	sub.Expected = map[string]any{}
	for _, k := range []string{"auc", "brier"} {
		v, ok := c.Expected[k]
		if !ok {
			t.Fatalf("expected.json has no %s", k)
		}
		sub.Expected[k] = v
	}
	reftest.Compare(t, &sub, map[string]any{"auc": acc.AUC.AUC, "brier": acc.Brier})
	// Calibration-in-the-large is 0 at the fixed point; R's value,
	// −1.1e-16, is rounding: two units in the last place of mean(y) =
	// 59/189 ≈ 0.312, whose ulp is 5.55e-17. The case's relative tolerance
	// (2e-24 absolute here) would ask for R's rounding bit for bit, so the
	// comparison allows 4 ulps of mean(y), about 2.2e-16.
	want, ok := c.Expected["calibration_in_the_large"].(float64)
	if !ok {
		t.Fatalf("expected.json calibration_in_the_large is %v", c.Expected["calibration_in_the_large"])
	}
	my := 59.0 / 189
	ulp := math.Nextafter(my, 1) - my
	if math.Abs(acc.CalibrationInTheLarge-want) > 4*ulp {
		t.Errorf("calibration_in_the_large: got %.17g, want %.17g within %.3g", acc.CalibrationInTheLarge, want, 4*ulp)
	}
	t.Logf("birthwt: AUC %.17g (R %.17g), Brier %.17g (R %.17g), CITL %.3g (R %.3g); DeLong 95%% CI [%.4f, %.4f]",
		acc.AUC.AUC, c.Expected["auc"], acc.Brier, c.Expected["brier"], acc.CalibrationInTheLarge, c.Expected["calibration_in_the_large"], acc.AUC.Lower, acc.AUC.Upper)
}
