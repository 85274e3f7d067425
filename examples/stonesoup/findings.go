package main

import (
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/stonesoup-care/stonesoup/internal/strictjson"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// A RAS questionnaire records needs, not eligibility findings. To read the
// national rules (package ras/eligibility) on a county's RAS data this example
// derives the assessor's findings from the answers by a documented mapping
// from questions to outcomes and DST domains. The mapping is written for one
// questionnaire: the built-in one (pointsFindings) for the shipped
// stonesoup-points; for another model, -findings-map gives one as JSON (see
// findingsMap). With a model no mapping is written for, the rules are not
// read (the report says why). The mapping is illustrative, not a statement
// of how any council records findings:
//
//   - an answer's need is its option's rank by points among the question's
//     options, as a fraction of the highest rank (0 for the least need, 1
//     for the most);
//   - Care Act adults (reg. 2): an outcome is unmet "without assistance" when
//     any of its questions has need above one half ("lots" or "all" of four
//     options, "lots" of three); making use of the home safely is also unmet
//     by the "endangers health or safety" limb when risk to self has need
//     above one half; caring for a child is never recorded unmet; the needs
//     arise from an impairment or illness (everyone assessed in the adult
//     cohort); the well-being areas are those the unmet outcomes touch, and
//     the impact is significant when they touch two or more areas or the
//     support needed to stay safe is regular or more;
//   - NHS Continuing Healthcare: each DST domain reads one or more questions
//     (the highest need counts): no needs, low, moderate, high by rank
//     (0, 1/3, 2/3, 1 of the need scale, thresholds at 1/6, 1/2, 5/6),
//     raised to severe (where the domain has it) when the need is highest and
//     safety is constant or two-to-one, and to priority (where the domain has
//     it) when the need is highest and safety is two-to-one; a level the
//     domain lacks falls to the next lower one it has. The Checklist scores A
//     for the highest need, B for need above one third, else C.

// findingsMap names the questions each outcome and DST domain reads. As
// JSON (-findings-map), keys are ras/eligibility's snake_case names of the
// outcomes and domains:
//
//	{"model": "ibudget-5b",
//	 "outcomes": {"nutrition": ["q16"], "personal_hygiene": ["q20"], ...},
//	 "risk_to_self": ["q30"],
//	 "dst_domains": {"mobility": ["q20"], ...}}
//
// Every question named must be a question of the model whose options carry
// at least two different point values. An outcome or domain left out reads
// no question (never unmet, no needs).
type findingsMap struct {
	// Model is the id of the model the mapping is written for.
	Model      string              `json:"model"`
	Outcomes   map[string][]string `json:"outcomes"`
	RiskToSelf []string            `json:"risk_to_self"`
	DST        map[string][]string `json:"dst_domains"`
}

// pointsFindings is the built-in mapping, for stonesoup-points.
func pointsFindings() *findingsMap {
	m := &findingsMap{Model: ras.ModelPoints, Outcomes: map[string][]string{}, DST: map[string][]string{}, RiskToSelf: []string{"risk_self"}}
	for o, qs := range [eligibility.NumOutcomes][]string{
		eligibility.OutcomeNutrition:         {"eating", "meal_prep", "diet"},
		eligibility.OutcomePersonalHygiene:   {"washing"},
		eligibility.OutcomeToiletNeeds:       {"toileting", "continence"},
		eligibility.OutcomeClothed:           {"dressing"},
		eligibility.OutcomeHomeSafely:        {"indoors", "transfers", "home_safety", "falls"},
		eligibility.OutcomeHabitableHome:     {"cleaning", "laundry"},
		eligibility.OutcomeRelationships:     {"family", "lonely"},
		eligibility.OutcomeWorkEducation:     {"work"},
		eligibility.OutcomeCommunityServices: {"community_access", "transport", "leisure"},
	} {
		if len(qs) > 0 {
			m.Outcomes[eligibility.Outcome(o).String()] = qs
		}
	}
	// "Other significant care needs" is left unrecorded.
	for d, qs := range [eligibility.NumDomains][]string{
		eligibility.DomainBreathing:     {"conditions"},
		eligibility.DomainNutrition:     {"eating", "diet"},
		eligibility.DomainContinence:    {"continence"},
		eligibility.DomainSkin:          {"skin"},
		eligibility.DomainMobility:      {"indoors", "transfers", "falls"},
		eligibility.DomainCommunication: {"communication"},
		eligibility.DomainPsychological: {"lonely"},
		eligibility.DomainCognition:     {"decisions"},
		eligibility.DomainBehaviour:     {"risk_others"},
		eligibility.DomainDrugTherapies: {"medication"},
		eligibility.DomainAlteredStates: {"supervision"},
	} {
		if len(qs) > 0 {
			m.DST[eligibility.Domain(d).String()] = qs
		}
	}
	return m
}

// readFindingsMap reads a mapping from a JSON file through internal/strictjson:
// unknown fields, keys given twice or in another case, null, text that is
// not UTF-8 and trailing data are errors naming where.
func readFindingsMap(name string) (*findingsMap, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var m findingsMap
	if err := strictjson.Decode(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &m, nil
}

// outcomeAreas are the well-being areas (Care Act 2014 s.1(2)) an unmet
// outcome touches.
var outcomeAreas = [eligibility.NumOutcomes][]eligibility.WellBeingArea{
	eligibility.OutcomeNutrition:         {eligibility.WellBeingHealth},
	eligibility.OutcomePersonalHygiene:   {eligibility.WellBeingDignity, eligibility.WellBeingHealth},
	eligibility.OutcomeToiletNeeds:       {eligibility.WellBeingDignity},
	eligibility.OutcomeClothed:           {eligibility.WellBeingDignity},
	eligibility.OutcomeHomeSafely:        {eligibility.WellBeingProtection, eligibility.WellBeingAccommodation},
	eligibility.OutcomeHabitableHome:     {eligibility.WellBeingAccommodation},
	eligibility.OutcomeRelationships:     {eligibility.WellBeingRelationships},
	eligibility.OutcomeWorkEducation:     {eligibility.WellBeingParticipation, eligibility.WellBeingSocialEconomic},
	eligibility.OutcomeCommunityServices: {eligibility.WellBeingParticipation},
	eligibility.OutcomeChildCaring:       {eligibility.WellBeingRelationships},
}

// findingsMapper derives eligibility findings from assessments answering
// one model. It is read-only after construction.
type findingsMapper struct {
	outcomes   [eligibility.NumOutcomes][]string
	riskToSelf []string
	domains    [eligibility.NumDomains][]string
	// need[question][option] is the option's need in [0, 1].
	need map[string]map[string]float64
}

// errNoMapping is a model the findings mapping is not written for.
var errNoMapping = errors.New("no findings mapping for this model")

// newFindingsMapper checks mapping fm against model m and prepares it. A
// mapping written for another model is errNoMapping; an unknown outcome or
// domain, or a question the model lacks or whose options all carry the
// same points, is an error naming it.
func newFindingsMapper(m *ras.Model, fm *findingsMap) (*findingsMapper, error) {
	if fm.Model != m.ID {
		return nil, fmt.Errorf("%w: the mapping is written for %s, the assessments answer %s", errNoMapping, fm.Model, m.ID)
	}
	f := &findingsMapper{need: map[string]map[string]float64{}}
	for _, d := range m.Domains {
		for _, q := range d.Questions {
			if len(q.Options) < 2 {
				continue
			}
			pts := make([]int, len(q.Options))
			for i, o := range q.Options {
				pts[i] = o.Points
			}
			ranks := slices.Clone(pts)
			slices.Sort(ranks)
			ranks = slices.Compact(ranks)
			if len(ranks) < 2 {
				continue
			}
			f.need[q.ID] = map[string]float64{}
			for i, o := range q.Options {
				r, _ := slices.BinarySearch(ranks, pts[i])
				f.need[q.ID][o.ID] = float64(r) / float64(len(ranks)-1)
			}
		}
	}
	check := func(where string, qs []string) error {
		for _, q := range qs {
			if _, ok := f.need[q]; !ok {
				return fmt.Errorf("findings mapping: %s: question %q is not a question of %s with options of different points", where, q, m.ID)
			}
		}
		return nil
	}
	for key, qs := range fm.Outcomes {
		o := -1
		for i := range eligibility.NumOutcomes {
			if eligibility.Outcome(i).String() == key {
				o = i
			}
		}
		if o < 0 {
			return nil, fmt.Errorf("findings mapping: outcomes: unknown outcome %q", key)
		}
		if err := check("outcomes."+key, qs); err != nil {
			return nil, err
		}
		f.outcomes[o] = qs
	}
	if err := check("risk_to_self", fm.RiskToSelf); err != nil {
		return nil, err
	}
	f.riskToSelf = fm.RiskToSelf
	for key, qs := range fm.DST {
		d := -1
		for i := range eligibility.NumDomains {
			if eligibility.Domain(i).String() == key {
				d = i
			}
		}
		if d < 0 {
			return nil, fmt.Errorf("findings mapping: dst_domains: unknown domain %q", key)
		}
		if err := check("dst_domains."+key, qs); err != nil {
			return nil, err
		}
		f.domains[d] = qs
	}
	return f, nil
}

// maxNeed returns the highest need among the answers to qs (0 when none is
// answered).
func (f *findingsMapper) maxNeed(a *ras.Assessment, qs []string) float64 {
	var m float64
	for _, q := range qs {
		if ans, ok := a.Answers.Get(q); ok && !ans.IsValue {
			m = max(m, f.need[q][ans.Option])
		}
	}
	return m
}

func safetyAtLeast(l, min ras.SafetyLevel) bool {
	order := map[ras.SafetyLevel]int{"": 0, "none": 0, "occasional": 1, "regular": 2, "constant": 3, "two_to_one": 4}
	return order[l] >= order[min]
}

// adult returns the Care Act reg. 2 findings for an assessment.
func (f *findingsMapper) adult(a *ras.Assessment) eligibility.AdultAssessment {
	e := eligibility.AdultAssessment{ID: a.ID, ImpairmentOrIllness: true}
	var areas []eligibility.WellBeingArea
	for o, qs := range f.outcomes {
		if f.maxNeed(a, qs) > 0.5 {
			e.Outcomes[o] |= eligibility.LimbWithoutAssistance
		}
	}
	if f.maxNeed(a, f.riskToSelf) > 0.5 {
		e.Outcomes[eligibility.OutcomeHomeSafely] |= eligibility.LimbEndangersHealthSafety
	}
	for o, l := range e.Outcomes {
		if l != 0 {
			areas = append(areas, outcomeAreas[o]...)
		}
	}
	e.WellBeing = eligibility.WellBeingOf(areas...)
	e.SignificantImpact = e.WellBeing.Count() >= 2 || (e.WellBeing.Count() >= 1 && safetyAtLeast(a.Safety, "regular"))
	return e
}

// dst returns the DST levels and Checklist scores for an assessment.
func (f *findingsMapper) dst(a *ras.Assessment) (eligibility.DST, eligibility.Checklist) {
	d := eligibility.DST{ID: a.ID}
	c := eligibility.Checklist{ID: a.ID}
	for dom, qs := range f.domains {
		if len(qs) == 0 {
			continue
		}
		n := f.maxNeed(a, qs)
		l := eligibility.LevelNoNeeds
		switch {
		case n > 5.0/6:
			l = eligibility.LevelHigh
			if safetyAtLeast(a.Safety, "two_to_one") {
				l = eligibility.LevelPriority
			} else if safetyAtLeast(a.Safety, "constant") {
				l = eligibility.LevelSevere
			}
		case n > 0.5:
			l = eligibility.LevelModerate
		case n > 1.0/6:
			l = eligibility.LevelLow
		}
		allowed := eligibility.AllowedLevels(eligibility.Domain(dom))
		for l > eligibility.LevelNoNeeds && !allowed.Has(l) {
			l--
		}
		d.Levels[dom] = l
		if dom < eligibility.NumChecklistDomains {
			switch {
			case n > 5.0/6:
				c.Scores[dom] = eligibility.ScoreA
			case n > 1.0/3:
				c.Scores[dom] = eligibility.ScoreB
			default:
				c.Scores[dom] = eligibility.ScoreC
			}
		}
	}
	return d, c
}
