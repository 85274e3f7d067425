package eligibility_test

import (
	"fmt"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

func Example() {
	a := eligibility.AdultAssessment{
		ID:                  "A-17",
		ImpairmentOrIllness: true,
		WellBeing:           eligibility.WellBeingOf(eligibility.WellBeingDignity, eligibility.WellBeingHealth),
		SignificantImpact:   true,
	}
	a.Outcomes[eligibility.OutcomePersonalHygiene] = eligibility.LimbWithoutAssistance
	a.Outcomes[eligibility.OutcomeNutrition] = eligibility.LimbPainDistressAnxiety

	r, err := eligibility.EvaluateAdult(&a)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("met:", r.Met, "outcomes unmet:", r.Unmet.Count())
	for _, s := range r.Reasons() { // rendered only when asked for
		fmt.Println("-", s)
	}
	// Output:
	// met: true outcomes unmet: 2
	// - The adult's needs meet the eligibility criteria (SI 2015/313 reg. 2(1)): all three conditions hold.
	// - Condition 1 (reg. 2(1)(a)) holds: the needs arise from or are related to a physical or mental impairment or illness.
	// - Condition 2 (reg. 2(1)(b)) holds: the adult is unable to achieve two of the ten specified outcomes (two or more are needed).
	// - Unable to achieve managing and maintaining nutrition (reg. 2(2)(a)): able to achieve it without assistance but doing so causes significant pain, distress or anxiety.
	// - Unable to achieve maintaining personal hygiene (reg. 2(2)(b)): unable to achieve it without assistance.
	// - Condition 3 (reg. 2(1)(c)) holds: there is, or is likely to be, a significant impact on the adult's well-being, affecting personal dignity (including treatment of the individual with respect) and physical and mental health and emotional well-being.
}

func ExampleEvaluateCarer() {
	// The "significantly longer" limb does not exist for carers.
	in := `{"id":"C-3","necessary_care":true,"outcomes":{"recreation":["significantly_longer"]},"well_being":["health"],"significant_impact":true}`
	_, err := eligibility.DecodeCarer(strings.NewReader(in))
	fmt.Println(err)

	// The health route needs no outcome.
	c := eligibility.CarerAssessment{ID: "C-4", NecessaryCare: true, HealthDeteriorating: true,
		WellBeing: eligibility.WellBeingOf(eligibility.WellBeingHealth), SignificantImpact: true}
	r, _ := eligibility.EvaluateCarer(&c)
	fmt.Println("met:", r.Met, "health route:", r.HealthRoute)
	// Output:
	// eligibility: record "C-3": field outcomes.recreation: value significantly_longer: carers have no "takes significantly longer" limb (SI 2015/313 reg. 3(3))
	// met: true health route: true
}

func ExampleEvaluateDST() {
	in := `{"id":"P-9","levels":{
		"breathing":"low","nutrition":"high","continence":"moderate","skin":"low",
		"mobility":"severe","communication":"no_needs","psychological_emotional":"low",
		"cognition":"moderate","behaviour":"no_needs","drug_therapies":"low",
		"altered_states_of_consciousness":"no_needs"}}`
	d, err := eligibility.DecodeDST(strings.NewReader(in))
	if err != nil {
		fmt.Println(err)
		return
	}
	r, _ := eligibility.EvaluateDST(&d, eligibility.DSTOptions{})
	fmt.Println("clear:", r.Clear(), "for judgement:", r.ForJudgement(), "flags:", r.Indicators)
	for _, s := range r.Reasons() {
		fmt.Println("-", s)
	}

	// A level the domain does not have is an error naming both.
	d.Levels[eligibility.DomainAlteredStates] = eligibility.LevelSevere
	_, err = eligibility.EvaluateDST(&d, eligibility.DSTOptions{})
	fmt.Println(err)
	// Output:
	// clear: false for judgement: true flags: severe_with_others|high_moderate
	// - May indicate a primary health need: one domain Severe (Mobility) together with needs at Low or above in seven other domains (threshold 2).
	// - May indicate a primary health need: High or Moderate needs in three domains (Nutrition, Continence and Cognition; threshold 2).
	// - These are indicators to inform the multidisciplinary team; they are not a decision. The team weighs the nature, intensity, complexity and unpredictability of the needs as a whole.
	// eligibility: record "P-9": DST domain "Altered states of consciousness" has no "Severe" level (allowed: No needs, Low, Moderate, High, Priority)
}

func ExampleEvaluateChecklist() {
	var c eligibility.Checklist
	for d := range c.Scores {
		c.Scores[d] = eligibility.ScoreC
	}
	c.Scores[eligibility.DomainBehaviour] = eligibility.ScoreA
	r, _ := eligibility.EvaluateChecklist(&c)
	fmt.Println(r.FullAssessment(), r.Flags)
	// Output:
	// true a_priority_domain
}
