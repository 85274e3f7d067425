package calibrate_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// A Care Act eligibility model fitted on 4,000 synthetic assessments whose
// decisions were drawn from a known logistic model, measured by 5-fold
// cross-validation, with the referral rule "refer at 50% or more" and the
// answers that pushed one case's prediction most.
func Example_eligibility() {
	m, err := ras.LoadModel("stonesoup-points")
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := synth.New(m, synth.Options{Seed: 1, Cohorts: []ras.Cohort{ras.CohortAdult}})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Past decisions: the log-odds of eligible rise by 0.15 a point of
	// personal care and 0.2 a point of health needs.
	rng := rand.New(rand.NewPCG(1, 2))
	var as []ras.Assessment
	for c := range g.Cases(4000) {
		eta := -2 + 0.15*c.DomainScores[0] + 0.2*c.DomainScores[4]
		d := ras.DecisionNotEligible
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			d = ras.DecisionEligible
		}
		a := c.Assessment
		a.Eligibility = []ras.Eligibility{{Framework: calibrate.FrameworkCareActAdult, Decision: d}}
		as = append(as, a)
	}
	spec := calibrate.DesignSpec{Domains: []string{"personal_care", "mobility", "health"}, Age: true}
	em, err := calibrate.FitCareActEligibility(m, as, calibrate.EligibilityOptions{Spec: &spec})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d assessments, %d eligible; exported model %s (link %s)\n", em.N, em.Events, em.Model.ID, em.Model.Regression.Link)
	for _, c := range em.Fit.Coefs {
		fmt.Printf("  %-14s %7.3f\n", c.Name, c.Estimate)
	}

	cv, err := em.CrossValidate(calibrate.EligibilityCVOptions{K: 5, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	a := cv.Accuracy
	fmt.Printf("cross-validated AUC %.3f (95%% CI %.3f to %.3f), Brier %.3f, calibration slope %.2f\n",
		a.AUC.AUC, a.AUC.Lower, a.AUC.Upper, a.Brier, a.Recalibration.Slope)
	lo, hi := a.Calibration[0], a.Calibration[9]
	fmt.Printf("lowest decile: predicted %.2f, observed %.2f; highest: predicted %.2f, observed %.2f\n",
		lo.MeanPredicted, lo.ObservedRate, hi.MeanPredicted, hi.ObservedRate)
	t, err := calibrate.AtThreshold(cv.Y, cv.Probability, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("refer at p >= 0.5: %.0f%% referred, sensitivity %.2f, specificity %.2f, PPV %.2f\n",
		100*t.ReferralRate, t.Sensitivity, t.Specificity, t.PPV)

	// One case through the engine, as any user of the exported model runs it.
	eng, err := ras.Compile(em.Model)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := eng.Assess(&as[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	ex, err := em.Explain(as[:1], 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: probability %.3f (engine %.3f); pushed most by:\n", ex[0].AssessmentID, ex[0].Probability, r.Probability)
	for _, c := range ex[0].Contributions {
		fmt.Printf("  %s = %g: %+.2f\n", c.Column, c.Value, c.Contribution)
	}
	// Output:
	// 4000 assessments, 2152 eligible; exported model stonesoup-points-care_act_adult-eligibility (link logit)
	//   (Intercept)     -1.888
	//   personal_care    0.158
	//   mobility        -0.002
	//   health           0.200
	//   age             -0.002
	// cross-validated AUC 0.812 (95% CI 0.799 to 0.825), Brier 0.176, calibration slope 0.99
	// lowest decile: predicted 0.14, observed 0.14; highest: predicted 0.96, observed 0.96
	// refer at p >= 0.5: 52% referred, sensitivity 0.75, specificity 0.73, PPV 0.77
	// A0000001: probability 0.413 (engine 0.413); pushed most by:
	//   personal_care = 7: +1.11
	//   health = 3: +0.60
}
