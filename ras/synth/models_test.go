package synth

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// genSynthDomains are gen_synth.R's eight domains and their maximum points.
var genSynthDomains = []struct {
	id  string
	max int
}{
	{"d1_personal_care", 12}, {"d2_mobility", 10}, {"d3_nutrition", 6}, {"d4_continence", 8},
	{"d5_communication", 6}, {"d6_behaviour", 10}, {"d7_medication", 4}, {"d8_social", 8},
}

// genSynthPrices are gen_synth.R's prices per point.
var genSynthPrices = []float64{18, 12, 8, 10, 6, 15, 5, 7}

// genSynthModelJSON is a points model for adults whose domain points have
// gen_synth.R's distribution: domain k has max_k yes/no questions worth a
// point each, so that with no item noise its points are Binomial(max_k, p).
func genSynthModelJSON() string {
	var b strings.Builder
	b.WriteString(`{"id":"gen_synth_like","version":"1","name":"gen_synth.R-shaped test model","family":"points",
"cohorts":["adult_social_care"],
"support_types":[{"id":"care","name":"Care","hourly_rate":"25.00"}],
"points":{"schedules":[{"id":"flat","price_per_point":"10.00"}]},
"domains":[`)
	for k, d := range genSynthDomains {
		if k > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%q,"name":%q,"support_type":"care","questions":[`, d.id, d.id)
		for j := range d.max {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"%s_q%d","text":"item %d","options":[{"id":"no","label":"No","points":0},{"id":"yes","label":"Yes","points":1}]}`, d.id, j+1, j+1)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return b.String()
}

// richModelJSON is a points model for all four cohorts, with graded
// options, cohort-specific domains and questions, and number questions.
const richModelJSON = `{
 "id": "rich_test", "version": "2", "name": "Test model for all cohorts", "family": "points",
 "cohorts": ["adult_social_care", "continuing_healthcare", "carers", "children"],
 "support_types": [
  {"id": "personal_care", "name": "Personal care", "hourly_rate": "24.50"},
  {"id": "community", "name": "Community support", "hourly_rate": "19.00"}
 ],
 "points": {"schedules": [
  {"id": "carers", "cohorts": ["carers"], "price_per_point": "4.00"},
  {"id": "main", "price_per_point": "9.00"}
 ]},
 "domains": [
  {"id": "personal_care", "name": "Personal care", "support_type": "personal_care", "questions": [
   {"id": "pc_washing", "text": "Washing", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "none", "label": "No help", "points": 0}, {"id": "some", "label": "Some help", "points": 2},
    {"id": "most", "label": "Help with most", "points": 4}, {"id": "all", "label": "Full help", "points": 6}]},
   {"id": "pc_dressing", "text": "Dressing", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "all", "label": "Full help", "points": 6}, {"id": "none", "label": "No help", "points": 0},
    {"id": "some", "label": "Some help", "points": 3}]},
   {"id": "pc_toilet", "text": "Toileting", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "none", "label": "No help", "points": 0}, {"id": "some", "label": "Some help", "points": 3},
    {"id": "all", "label": "Full help", "points": 6}]}
  ]},
  {"id": "mobility", "name": "Mobility", "support_type": "personal_care", "questions": [
   {"id": "mob_indoor", "text": "Moving indoors", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "none", "label": "Independent", "points": 0}, {"id": "aid", "label": "With an aid", "points": 2},
    {"id": "one", "label": "One person", "points": 4}, {"id": "two", "label": "Two people", "points": 8}]},
   {"id": "mob_transfer", "text": "Transfers", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "none", "label": "Independent", "points": 0}, {"id": "some", "label": "Some help", "points": 3},
    {"id": "hoist", "label": "Hoist", "points": 6}]}
  ]},
  {"id": "health", "name": "Health", "support_type": "personal_care", "questions": [
   {"id": "health_breathing", "text": "Breathing", "cohorts": ["continuing_healthcare"], "options": [
    {"id": "none", "label": "No need", "points": 0}, {"id": "low", "label": "Low", "points": 5},
    {"id": "high", "label": "High", "points": 10}, {"id": "severe", "label": "Severe", "points": 15}]},
   {"id": "health_medication", "text": "Medication", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "none", "label": "Independent", "points": 0}, {"id": "prompt", "label": "Prompting", "points": 2},
    {"id": "give", "label": "Administered", "points": 4}]}
  ]},
  {"id": "safety", "name": "Staying safe", "support_type": "community", "questions": [
   {"id": "safe_behaviour", "text": "Behaviour", "cohorts": ["adult_social_care", "continuing_healthcare", "children"], "options": [
    {"id": "none", "label": "No risk", "points": 0}, {"id": "low", "label": "Low", "points": 3},
    {"id": "mid", "label": "Moderate", "points": 6}, {"id": "high", "label": "High", "points": 9}]},
   {"id": "safe_nights", "text": "Nights a week with disturbed sleep", "type": "number", "min": 0, "max": 7,
    "cohorts": ["adult_social_care", "continuing_healthcare", "children"]}
  ]},
  {"id": "social", "name": "Social life", "support_type": "community", "questions": [
   {"id": "soc_community", "text": "Getting out", "options": [
    {"id": "none", "label": "Independent", "points": 0}, {"id": "some", "label": "Some help", "points": 2},
    {"id": "all", "label": "Full help", "points": 4}]},
   {"id": "informal_hours", "text": "Hours a week of unpaid help from family or friends", "type": "number",
    "min": 0, "max": 100, "unit": "hours a week"}
  ]},
  {"id": "carer_impact", "name": "Impact of caring", "support_type": "community", "questions": [
   {"id": "carer_sleep", "text": "Sleep", "cohorts": ["carers"], "options": [
    {"id": "ok", "label": "Not affected", "points": 0}, {"id": "some", "label": "Sometimes", "points": 2},
    {"id": "often", "label": "Often", "points": 4}]},
   {"id": "carer_breaks", "text": "Breaks from caring", "cohorts": ["carers"], "options": [
    {"id": "enough", "label": "Enough", "points": 0}, {"id": "few", "label": "Few", "points": 3},
    {"id": "none", "label": "None", "points": 6}]},
   {"id": "carer_hours", "text": "Hours of caring a week", "type": "number", "min": 0, "max": 168, "cohorts": ["carers"]}
  ]},
  {"id": "education", "name": "Education and play", "support_type": "community", "questions": [
   {"id": "edu_school", "text": "School", "cohorts": ["children"], "options": [
    {"id": "none", "label": "No extra help", "points": 0}, {"id": "some", "label": "Some", "points": 2},
    {"id": "much", "label": "Much", "points": 4}, {"id": "full", "label": "One to one", "points": 6}]}
  ]}
 ]
}`

// hoursModelJSON is an hours model for adults with complexity adjustments,
// the three kinds of informal deduction and a night addition.
const hoursModelJSON = `{
 "id": "hours_test", "version": "1", "name": "Hours test model", "family": "hours",
 "cohorts": ["adult_social_care"],
 "support_types": [
  {"id": "personal_care", "name": "Personal care", "hourly_rate": "25.00"},
  {"id": "domestic", "name": "Domestic", "hourly_rate": "20.00"},
  {"id": "night", "name": "Night", "hourly_rate": "18.00"}
 ],
 "hours": {
  "activities": [
   {"id": "pc", "name": "Personal care", "support_type": "personal_care"},
   {"id": "meals", "name": "Meals", "support_type": "domestic"},
   {"id": "household", "name": "Household", "support_type": "domestic"}
  ],
  "adjustments": [{"id": "mobility_adj", "name": "Mobility", "question": "mobility_difficulty", "activities": ["pc"],
   "factors": {"none": "1", "some": "1.2", "severe": "1.5"}}],
  "deductions": [
   {"id": "unpaid_household", "name": "Unpaid household help", "activities": ["household"], "question": "unpaid_share",
    "fractions": {"none": "0", "some": "0.25", "most": "0.75"}},
   {"id": "unpaid_pc", "name": "Unpaid personal care", "activities": ["pc"], "hours_question": "unpaid_pc_hours"},
   {"id": "unpaid_meals", "name": "Unpaid help with meals", "activities": ["meals"], "informal_activity": "domestic"}
  ],
  "additions": [{"id": "night", "name": "Night support", "question": "night_need", "support_type": "night",
   "weekly": {"sleeping": "80", "waking": "150"}}]
 },
 "domains": [
  {"id": "personal", "name": "Personal care", "questions": [
   {"id": "pc_morning", "text": "Morning routine", "activity": "pc", "options": [
    {"id": "none", "label": "None", "points": 0, "minutes": "0"}, {"id": "lots", "label": "Lots", "points": 0, "minutes": "420"},
    {"id": "some", "label": "Some", "points": 0, "minutes": "210"}]},
   {"id": "pc_evening", "text": "Evening routine", "activity": "pc", "options": [
    {"id": "none", "label": "None", "points": 0, "minutes": "0"}, {"id": "some", "label": "Some", "points": 0, "minutes": "140"},
    {"id": "lots", "label": "Lots", "points": 0, "minutes": "280"}]},
   {"id": "mobility_difficulty", "text": "Difficulty moving", "options": [
    {"id": "severe", "label": "Severe", "points": 0}, {"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 0}]}
  ]},
  {"id": "home", "name": "Home", "questions": [
   {"id": "meals_help", "text": "Meals", "activity": "meals", "options": [
    {"id": "none", "label": "None", "points": 0, "minutes": "0"}, {"id": "some", "label": "Some", "points": 0, "minutes": "105"},
    {"id": "lots", "label": "Lots", "points": 0, "minutes": "210"}]},
   {"id": "household_help", "text": "Household tasks", "activity": "household", "options": [
    {"id": "none", "label": "None", "points": 0, "minutes": "0"}, {"id": "some", "label": "Some", "points": 0, "minutes": "60"},
    {"id": "lots", "label": "Lots", "points": 0, "minutes": "120"}]}
  ]},
  {"id": "support", "name": "Support from others", "questions": [
   {"id": "unpaid_share", "text": "Share of household tasks family do", "options": [
    {"id": "most", "label": "Most", "points": 0}, {"id": "none", "label": "None", "points": 0}, {"id": "some", "label": "Some", "points": 0}]},
   {"id": "unpaid_pc_hours", "text": "Hours a week of help with personal care from family", "type": "number", "min": 0, "max": 40},
   {"id": "night_need", "text": "Support at night", "options": [
    {"id": "waking", "label": "Waking night", "points": 0}, {"id": "none", "label": "None", "points": 0},
    {"id": "sleeping", "label": "Sleeping night", "points": 0}]}
  ]}
 ]
}`

// regressionModelJSON is a regression model for adults and CHC.
const regressionModelJSON = `{
 "id": "regression_test", "version": "1", "name": "Regression test model", "family": "regression",
 "cohorts": ["adult_social_care", "continuing_healthcare"],
 "support_types": [{"id": "care", "name": "Care", "hourly_rate": "22.00"}],
 "regression": {"intercept": 5.0, "link": "sqrt", "variance_correction": 20,
  "terms": [
   {"name": "adl", "coef": 0.4, "factors": [{"domain": "adl"}]},
   {"name": "behaviour_high", "coef": 2.5, "factors": [{"question": "behaviour", "option": "high"}]},
   {"name": "residential", "coef": 6, "factors": [{"settings": ["residential", "nursing"]}]},
   {"name": "age", "coef": 0.02, "factors": [{"variable": "age"}]},
   {"name": "informal", "coef": -0.05, "factors": [{"variable": "informal_hours"}]}
  ]},
 "domains": [
  {"id": "adl", "name": "Daily living", "questions": [
   {"id": "eating", "text": "Eating", "options": [{"id": "i", "label": "Independent", "points": 0}, {"id": "s", "label": "Some", "points": 2}, {"id": "f", "label": "Full", "points": 4}]},
   {"id": "bathing", "text": "Bathing", "options": [{"id": "i", "label": "Independent", "points": 0}, {"id": "s", "label": "Some", "points": 2}, {"id": "f", "label": "Full", "points": 4}]}
  ]},
  {"id": "behav", "name": "Behaviour", "questions": [
   {"id": "behaviour", "text": "Behaviour", "options": [{"id": "none", "label": "None", "points": 0}, {"id": "low", "label": "Low", "points": 1}, {"id": "high", "label": "High", "points": 2}]}
  ]}
 ]
}`

func parseModel(t testing.TB, js string) *ras.Model {
	t.Helper()
	m, err := ras.ParseModel(strings.NewReader(js))
	if err != nil {
		t.Fatalf("parsing test model: %v", err)
	}
	return m
}

func newGen(t testing.TB, js string, opt Options) *Generator {
	t.Helper()
	g, err := New(parseModel(t, js), opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return g
}
