package ras

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Cohort is the group of people an assessment belongs to.
type Cohort string

// The four cohorts a RAS serves.
const (
	CohortAdult    Cohort = "adult_social_care"     // Adult Social Care
	CohortCHC      Cohort = "continuing_healthcare" // NHS Continuing Healthcare
	CohortCarer    Cohort = "carers"                // carers' own assessments
	CohortChildren Cohort = "children"              // Children's Health, Social Care and Education
)

// Cohorts lists every cohort in a fixed order.
var cohorts = [...]Cohort{CohortAdult, CohortCHC, CohortCarer, CohortChildren}

// Cohorts returns the known cohorts in a fixed order.
func Cohorts() []Cohort { return cohorts[:] }

// Valid reports whether c is a known cohort.
func (c Cohort) Valid() bool {
	for _, k := range cohorts {
		if c == k {
			return true
		}
	}
	return false
}

// LivingSetting is where a person lives. The models use it as a covariate
// and for caps (a care-home switch, a living-situation cap).
type LivingSetting string

// Living settings.
const (
	SettingHomeAlone       LivingSetting = "home_alone"       // own home, alone
	SettingHomeFamily      LivingSetting = "home_family"      // own or family home, with family or friends
	SettingSupportedLiving LivingSetting = "supported_living" // supported or extra-care living
	SettingResidential     LivingSetting = "residential"      // residential care home
	SettingNursing         LivingSetting = "nursing"          // nursing home
)

var settings = [...]LivingSetting{SettingHomeAlone, SettingHomeFamily, SettingSupportedLiving, SettingResidential, SettingNursing}

// LivingSettings returns the known living settings in a fixed order.
func LivingSettings() []LivingSetting { return settings[:] }

// Valid reports whether s is a known living setting.
func (s LivingSetting) Valid() bool {
	for _, k := range settings {
		if s == k {
			return true
		}
	}
	return false
}

// SafetyLevel is the level of support a person needs to stay safe.
type SafetyLevel string

// Safety levels, from least to most support.
const (
	SafetyNone       SafetyLevel = "none"       // can be left alone safely
	SafetyOccasional SafetyLevel = "occasional" // checks a few times a day
	SafetyRegular    SafetyLevel = "regular"    // cannot be left alone for more than a few hours
	SafetyConstant   SafetyLevel = "constant"   // cannot be left alone in waking hours
	SafetyTwoToOne   SafetyLevel = "two_to_one" // needs two people to be safe at times
)

var safetyLevels = [...]SafetyLevel{SafetyNone, SafetyOccasional, SafetyRegular, SafetyConstant, SafetyTwoToOne}

// Valid reports whether l is a known safety level (the empty level means not
// recorded and is valid).
func (l SafetyLevel) Valid() bool {
	if l == "" {
		return true
	}
	for _, k := range safetyLevels {
		if l == k {
			return true
		}
	}
	return false
}

// Person holds the facts about a person that the models use. The ID is
// pseudonymous: it must not be a name, NHS number or other direct identifier.
type Person struct {
	ID            string        `json:"id"`
	DateOfBirth   Date          `json:"date_of_birth,omitzero"`
	Age           *int          `json:"age,omitempty"` // age in years, when the date of birth is not held
	LivingSetting LivingSetting `json:"living_setting"`
	Locality      string        `json:"locality,omitempty"` // team or area, for breakdowns
	Gender        string        `json:"gender,omitempty"`
}

// AgeOn returns the person's age in completed years on date d: from the date
// of birth when known, else the recorded age. ok is false if neither is held.
func (p *Person) AgeOn(d Date) (age int, ok bool) {
	if !p.DateOfBirth.IsZero() && !d.IsZero() {
		return p.DateOfBirth.AgeOn(d), true
	}
	if p.Age != nil {
		return *p.Age, true
	}
	return 0, false
}

// Answer is one answer to a questionnaire question: a chosen option for a
// choice question, or a number for a number question.
type Answer struct {
	Question string  `json:"question"`
	Option   string  `json:"option,omitempty"`
	Value    float64 `json:"value,omitempty"`
	// IsValue is true when the answer is a number (Value) rather than an
	// option.
	IsValue bool `json:"-"`
}

// Answers is an ordered list of answers. In JSON it is an object mapping a
// question id to an option id (a string) or a number, in order:
//
//	{"pc_morning": "substantial", "informal_pc_hours": 10}
//
// Keeping the order of the model's questions lets the engine match answers
// to questions without hashing.
type Answers []Answer

// Get returns the answer to question q.
func (as Answers) Get(q string) (Answer, bool) {
	for _, a := range as {
		if a.Question == q {
			return a, true
		}
	}
	return Answer{}, false
}

// MarshalJSON writes the answers as an object in order.
func (as Answers) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, a := range as {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(a.Question)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		if a.IsValue {
			b.WriteString(strconv.FormatFloat(a.Value, 'g', -1, 64))
		} else {
			v, err := json.Marshal(a.Option)
			if err != nil {
				return nil, err
			}
			b.Write(v)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads an object of answers, keeping its order. A value must
// be a string (an option id) or a number; a question may appear once.
func (as *Answers) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*as = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("ras: answers must be a JSON object: %w", ErrInvalidAssessment)
	}
	out := (*as)[:0]
	seen := make(map[string]bool)
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		k := kt.(string)
		if seen[k] {
			return fmt.Errorf("ras: answers.%s: question answered twice: %w", k, ErrInvalidAssessment)
		}
		seen[k] = true
		vt, err := dec.Token()
		if err != nil {
			return err
		}
		switch v := vt.(type) {
		case string:
			out = append(out, Answer{Question: k, Option: v})
		case json.Number:
			f, err := v.Float64()
			if err != nil {
				return fmt.Errorf("ras: answers.%s: %v: %w", k, err, ErrInvalidAssessment)
			}
			out = append(out, Answer{Question: k, Value: f, IsValue: true})
		default:
			return fmt.Errorf("ras: answers.%s: must be an option id (string) or a number: %w", k, ErrInvalidAssessment)
		}
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*as = out
	return nil
}

// ActivityLevel records how independent a person is in one daily activity.
type ActivityLevel struct {
	Activity string `json:"activity"` // for example "washing", "dressing", "meals"
	Level    string `json:"level"`    // for example "independent", "prompting", "some_help", "full_help"
}

// Activities that informal help is recorded for: the vocabulary shared by
// ras/synth, package carers and the shipped models. Other activity names are
// allowed; a model's deduction matches the name exactly.
const (
	InformalPersonalCare = "personal_care"     // washing, dressing, toileting, eating
	InformalHealthTasks  = "health_tasks"      // medicines, dressings, health appointments
	InformalSupervision  = "supervision"       // keeping the person safe, being there
	InformalDomestic     = "domestic"          // meals, cleaning, laundry, shopping
	InformalPractical    = "practical"         // money, paperwork, transport
	InformalEmotional    = "emotional_support" // company, outings, keeping in touch
)

// InformalHelp records unpaid help from family members, friends or
// neighbours: who helps, with what, and for how many hours a week.
type InformalHelp struct {
	Helper       string  `json:"helper"`              // relationship: "spouse", "daughter", "neighbour", ...
	HelperID     string  `json:"helper_id,omitempty"` // pseudonymous id of the carer, when they have their own record
	Activity     string  `json:"activity"`            // what they help with: "personal_care", "meals", "household", ...
	HoursPerWeek float64 `json:"hours_per_week"`
	LivesWith    bool    `json:"lives_with,omitempty"`
}

// Estimate is an indicative personal budget as recorded, with its breakdown
// of hours by support type.
type Estimate struct {
	Model        string          `json:"model"`
	ModelVersion string          `json:"model_version"`
	Weekly       decimal.Decimal `json:"weekly"`
	Annual       decimal.Decimal `json:"annual"`
	Hours        []HoursLine     `json:"hours,omitempty"`
}

// Decision is an eligibility decision.
type Decision string

// Eligibility decisions.
const (
	DecisionEligible    Decision = "eligible"
	DecisionNotEligible Decision = "not_eligible"
	DecisionPending     Decision = "pending"
)

// Eligibility records what was decided about a person's eligibility, under
// which framework, and when.
type Eligibility struct {
	Framework string   `json:"framework"` // "care_act_adult", "care_act_carer", "chc", "children", ...
	Decision  Decision `json:"decision"`
	DecidedOn Date     `json:"decided_on,omitzero"`
	Basis     string   `json:"basis,omitempty"` // free text or a rule reference; never personal data
}

// Assessment is one RAS assessment of one person.
type Assessment struct {
	ID           string      `json:"id"`
	Date         Date        `json:"date"`
	Cohort       Cohort      `json:"cohort"`
	Model        string      `json:"model,omitempty"`         // id of the questionnaire model used
	ModelVersion string      `json:"model_version,omitempty"` // its version
	Person       Person      `json:"person"`
	Answers      Answers     `json:"answers"`
	Safety       SafetyLevel `json:"safety,omitempty"` // support needed to keep the person safe
	// Independence in daily activities.
	Independence []ActivityLevel `json:"independence,omitempty"`
	// Informal (unpaid) help around the home.
	InformalHelp []InformalHelp `json:"informal_help,omitempty"`
	// CaredForID is, for a carer's assessment, the pseudonymous id of the
	// person cared for.
	CaredForID string `json:"cared_for_id,omitempty"`
	// Estimate is the indicative budget recorded with the assessment, if any.
	Estimate *Estimate `json:"estimate,omitempty"`
	// PlannedWeekly is the weekly amount actually planned for the person's
	// support, when known.
	PlannedWeekly *decimal.Decimal `json:"planned_weekly,omitempty"`
	// Eligibility decisions recorded for this assessment.
	Eligibility []Eligibility `json:"eligibility,omitempty"`
}

// InformalHours returns the total hours a week of informal help, and the
// hours for one activity when activity is not empty.
func (a *Assessment) InformalHours(activity string) float64 {
	var h float64
	for _, ih := range a.InformalHelp {
		if activity == "" || ih.Activity == activity {
			h += ih.HoursPerWeek
		}
	}
	return h
}

// Validate checks the assessment's own fields (not its answers, which only a
// model can check). The error lists every problem, each a *FieldError naming
// the field, and unwraps to ErrInvalidAssessment.
func (a *Assessment) Validate() error {
	var errs fieldErrors
	if a.ID == "" {
		errs.add("id", "must not be empty")
	}
	if a.Date.IsZero() {
		errs.add("date", "must be set")
	}
	if !a.Cohort.Valid() {
		errs.add("cohort", fmt.Sprintf("unknown cohort %q", a.Cohort))
	}
	if a.Person.ID == "" {
		errs.add("person.id", "must not be empty")
	}
	if !a.Person.LivingSetting.Valid() {
		errs.add("person.living_setting", fmt.Sprintf("unknown living setting %q", a.Person.LivingSetting))
	}
	if a.Person.Age != nil && (*a.Person.Age < 0 || *a.Person.Age > 120) {
		errs.add("person.age", fmt.Sprintf("%d is out of range 0..120", *a.Person.Age))
	}
	if !a.Person.DateOfBirth.IsZero() && !a.Date.IsZero() && a.Date.Before(a.Person.DateOfBirth) {
		errs.add("person.date_of_birth", "is after the assessment date")
	}
	if !a.Safety.Valid() {
		errs.add("safety", fmt.Sprintf("unknown safety level %q", a.Safety))
	}
	seen := make(map[string]bool, len(a.Answers))
	for i, ans := range a.Answers {
		if ans.Question == "" {
			errs.add(fmt.Sprintf("answers[%d]", i), "question id is empty")
		} else if seen[ans.Question] {
			errs.add("answers."+ans.Question, "question answered twice")
		}
		seen[ans.Question] = true
	}
	for i, ih := range a.InformalHelp {
		if ih.HoursPerWeek < 0 || ih.HoursPerWeek > 168 || ih.HoursPerWeek != ih.HoursPerWeek {
			errs.add(fmt.Sprintf("informal_help[%d].hours_per_week", i), fmt.Sprintf("%v is out of range 0..168", ih.HoursPerWeek))
		}
		if ih.Activity == "" {
			errs.add(fmt.Sprintf("informal_help[%d].activity", i), "must not be empty")
		}
	}
	if a.PlannedWeekly != nil && a.PlannedWeekly.IsNegative() {
		errs.add("planned_weekly", "must not be negative")
	}
	for i, e := range a.Eligibility {
		switch e.Decision {
		case DecisionEligible, DecisionNotEligible, DecisionPending:
		default:
			errs.add(fmt.Sprintf("eligibility[%d].decision", i), fmt.Sprintf("unknown decision %q", e.Decision))
		}
		if !e.DecidedOn.IsZero() && !a.Date.IsZero() && e.DecidedOn.Before(a.Date) {
			errs.add(fmt.Sprintf("eligibility[%d].decided_on", i), "is before the assessment date")
		}
	}
	return errs.err(a.ID, ErrInvalidAssessment)
}
