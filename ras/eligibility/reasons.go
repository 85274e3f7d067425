package eligibility

import (
	"strconv"
	"strings"
)

// This file renders plain-English reasons. It is deliberately kept apart
// from the evaluation: the Evaluate functions only set bits, and the text
// is built when Reasons is called.

var numberWords = [...]string{"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

func count(n int) string {
	if n >= 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return strconv.Itoa(n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func limbList(l Limbs) string {
	return strings.Join(l.texts(), "; and ")
}

func wellBeingList(s WellBeingSet) string {
	var parts []string
	for _, a := range s.Areas() {
		parts = append(parts, a.Text())
	}
	return joinAnd(parts)
}

// Reasons explains the result in plain English, one sentence per entry:
// the overall reading, then each of the three conditions of reg. 2(1) with
// whether it holds, the outcomes the adult is unable to achieve and by
// which limb of reg. 2(3), and the well-being areas affected.
func (r AdultResult) Reasons() []string {
	var out []string
	if r.Met {
		out = append(out, "The adult's needs meet the eligibility criteria (SI 2015/313 reg. 2(1)): all three conditions hold.")
	} else {
		out = append(out, "The adult's needs do not meet the eligibility criteria (SI 2015/313 reg. 2(1)): "+failedList(r.Failed)+".")
	}
	if r.ImpairmentOrIllness {
		out = append(out, "Condition 1 (reg. 2(1)(a)) holds: the needs arise from or are related to a physical or mental impairment or illness.")
	} else {
		out = append(out, "Condition 1 (reg. 2(1)(a)) does not hold: the needs were not found to arise from or be related to a physical or mental impairment or illness.")
	}
	n := r.Unmet.Count()
	if n >= AdultOutcomesRequired {
		out = append(out, "Condition 2 (reg. 2(1)(b)) holds: the adult is unable to achieve "+count(n)+" of the ten specified outcomes (two or more are needed).")
	} else {
		out = append(out, "Condition 2 (reg. 2(1)(b)) does not hold: the adult is unable to achieve "+count(n)+" of the ten specified outcomes, and two or more are needed.")
	}
	for o := range Outcome(NumOutcomes) {
		if l := r.Limbs[o]; l != 0 {
			out = append(out, "Unable to achieve "+o.Text()+" ("+o.Paragraph()+"): "+limbList(l)+".")
		}
	}
	out = append(out, impactReason("2(1)(c)", "adult", r.SignificantImpact, r.WellBeing))
	return out
}

// Reasons explains the result in plain English: the overall reading, then
// each of the three conditions of reg. 3(1), the health route of reg.
// 3(2)(a), the outcomes the carer is unable to achieve and by which limb of
// reg. 3(3), and the well-being areas affected.
func (r CarerResult) Reasons() []string {
	var out []string
	if r.Met {
		out = append(out, "The carer's needs meet the eligibility criteria (SI 2015/313 reg. 3(1)): all three conditions hold.")
	} else {
		out = append(out, "The carer's needs do not meet the eligibility criteria (SI 2015/313 reg. 3(1)): "+failedList(r.Failed)+".")
	}
	if r.NecessaryCare {
		out = append(out, "Condition 1 (reg. 3(1)(a)) holds: the needs arise as a consequence of providing necessary care for an adult.")
	} else {
		out = append(out, "Condition 1 (reg. 3(1)(a)) does not hold: the needs were not found to arise as a consequence of providing necessary care for an adult.")
	}
	n := r.Unmet.Count()
	switch {
	case r.HealthRoute && n > 0:
		out = append(out, "Condition 2 (reg. 3(1)(b)) holds on both routes: the carer's physical or mental health is, or is at risk of, deteriorating (reg. 3(2)(a)), and the carer is unable to achieve "+count(n)+" of the eight specified outcomes (reg. 3(2)(b)).")
	case r.HealthRoute:
		out = append(out, "Condition 2 (reg. 3(1)(b)) holds: the carer's physical or mental health is, or is at risk of, deteriorating (reg. 3(2)(a)); no outcome needs to be unmet on this route.")
	case n > 0:
		out = append(out, "Condition 2 (reg. 3(1)(b)) holds: the carer is unable to achieve "+count(n)+" of the eight specified outcomes (reg. 3(2)(b)); any one is enough.")
	default:
		out = append(out, "Condition 2 (reg. 3(1)(b)) does not hold: the carer's health was not found to be deteriorating or at risk of deteriorating, and the carer is able to achieve all eight specified outcomes.")
	}
	for o := range CarerOutcome(NumCarerOutcomes) {
		if l := r.Limbs[o]; l != 0 {
			out = append(out, "Unable to achieve "+o.Text()+" ("+o.Paragraph()+"): "+limbList(l)+".")
		}
	}
	out = append(out, impactReason("3(1)(c)", "carer", r.SignificantImpact, r.WellBeing))
	return out
}

func failedList(f Conditions) string {
	var parts []string
	if f.Has(ConditionNeedsArise) {
		parts = append(parts, "condition 1")
	}
	if f.Has(ConditionEffect) {
		parts = append(parts, "condition 2")
	}
	if f.Has(ConditionSignificantImpact) {
		parts = append(parts, "condition 3")
	}
	return joinAnd(parts) + " " + plural(len(parts), "does", "do") + " not hold"
}

func impactReason(reg, who string, impact bool, w WellBeingSet) string {
	if impact {
		return "Condition 3 (reg. " + reg + ") holds: there is, or is likely to be, a significant impact on the " + who + "'s well-being, affecting " + wellBeingList(w) + "."
	}
	s := "Condition 3 (reg. " + reg + ") does not hold: no significant impact on the " + who + "'s well-being was found"
	if w != 0 {
		s += " (an impact short of significant was noted on " + wellBeingList(w) + ")"
	}
	return s + "."
}

// dstDisclaimer closes every DST and Checklist explanation.
const dstDisclaimer = "These are indicators to inform the multidisciplinary team; they are not a decision. The team weighs the nature, intensity, complexity and unpredictability of the needs as a whole."

// Reasons explains the DST indicators in plain English: each indicator that
// applies, with the domains that give rise to it, or why none applies; and
// a closing reminder that the output is not a decision.
func (r DSTResult) Reasons() []string {
	var out []string
	if p := r.Domains[LevelPriority]; p != 0 {
		out = append(out, "Clear indicator: Priority needs in "+p.titles()+"; a clear recommendation of eligibility would be expected.")
	}
	if s := r.Domains[LevelSevere]; r.Indicators.Has(IndicatorTwoSevere) {
		out = append(out, "Clear indicator: Severe needs in "+count(s.Count())+" domains ("+s.titles()+"); two or more Severe would be expected to give a clear recommendation of eligibility.")
	}
	if r.Indicators.Has(IndicatorSevereWithOthers) {
		out = append(out, "May indicate a primary health need: one domain Severe ("+r.Domains[LevelSevere].titles()+") together with needs at "+r.SevereOthersMinLevel.Title()+" or above in "+count(int(r.OthersWithNeeds))+" other "+plural(int(r.OthersWithNeeds), "domain", "domains")+" (threshold "+strconv.Itoa(int(r.SevereOthersMinDomains))+").")
	}
	if r.Indicators.Has(IndicatorHighModerate) {
		hm := r.Domains[LevelHigh] | r.Domains[LevelModerate]
		out = append(out, "May indicate a primary health need: High or Moderate needs in "+count(hm.Count())+" domains ("+hm.titles()+"; threshold "+strconv.Itoa(int(r.HighModerateMinDomains))+").")
	}
	if r.Indicators == 0 {
		out = append(out, "No DST indicator applies: no Priority, "+count(r.Count(LevelSevere))+" Severe, and "+count(r.Count(LevelHigh)+r.Count(LevelModerate))+" domains at High or Moderate (threshold "+strconv.Itoa(int(r.HighModerateMinDomains))+").")
	}
	return append(out, dstDisclaimer)
}

// Reasons explains the Checklist reading in plain English: the counts in
// each column, each threshold reached, or that none is.
func (r ChecklistResult) Reasons() []string {
	out := []string{"Checklist: " + count(int(r.A)) + " A, " + count(int(r.B)) + " B, " + count(int(r.C)) + " C."}
	if r.Flags.Has(ChecklistTwoA) {
		out = append(out, "Two or more domains in column A ("+r.ADomains.titles()+").")
	}
	if r.Flags.Has(ChecklistFiveB) {
		out = append(out, "Five or more domains in column B ("+r.BDomains.titles()+").")
	}
	if r.Flags.Has(ChecklistOneAFourB) {
		out = append(out, "One domain in column A with four or more in column B.")
	}
	if r.Flags.Has(ChecklistAPriority) {
		out = append(out, "Column A in an asterisked domain ("+(r.ADomains&priorityDomains).titles()+"), which needs no other score.")
	}
	if r.FullAssessment() {
		out = append(out, "The Checklist is positive: a full assessment of eligibility for NHS Continuing Healthcare is indicated. This is a screening result, not a decision on eligibility.")
	} else {
		out = append(out, "No Checklist threshold is reached (two or more A; five or more B; one A with four B; an A in an asterisked domain): a full assessment is not indicated by the Checklist scores. This is a screening result, not a decision.")
	}
	return out
}
