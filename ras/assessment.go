package ras

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/internal/field"
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
		return wrapf(ErrInvalidAssessment, "answers: must be a JSON object")
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
			return wrapf(ErrInvalidAssessment, "answers.%s: question answered twice", k)
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
				return wrapf(ErrInvalidAssessment, "answers.%s: %s is not a finite number", k, v)
			}
			out = append(out, Answer{Question: k, Value: f, IsValue: true})
		default:
			return wrapf(ErrInvalidAssessment, "answers.%s: must be an option id (string) or a number", k)
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
	Framework string   `json:"framework"` // one of Frameworks(): "care_act_adult", "care_act_carer", "chc", "children"
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
	// BudgetStart is the date the budget starts, for a model that
	// pro-rates the budget to the part of a period left
	// (Composition.ProRate).
	BudgetStart Date `json:"budget_start,omitzero"`
	// AddOns are the add-ons approved for this person, each once, for a
	// model that composes the budget with them (Composition.AddOns).
	AddOns []ApprovedAddOn `json:"add_ons,omitempty"`
}

// ApprovedAddOn records the approval of an add-on (Composition.AddOns) for
// a person: which add-on, the amount approved when the model does not fix
// it, when it was approved, and a reference to the decision.
type ApprovedAddOn struct {
	AddOn string `json:"add_on"` // the add-on's id in the model
	// Amount approved: required when the model does not fix the add-on's
	// amount; when it does, absent (or the same).
	Amount     *decimal.Decimal `json:"amount,omitempty"`
	ApprovedOn Date             `json:"approved_on"`
	Reference  string           `json:"reference,omitempty"` // the decision's reference; never personal data
}

// maxAddOns bounds the add-ons approved for one assessment.
const maxAddOns = 64

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

// Validate checks the assessment's own fields (not its answers against a
// questionnaire, which only a model can do). The error lists every problem,
// each a *FieldError naming the assessment and the field, and unwraps to
// ErrInvalidAssessment. It rejects:
//
//   - an empty id or person id, and any id or text field (id, person.id,
//     cared_for_id, model, model_version, locality, gender, the answers'
//     question and option ids, informal help's helper, helper id and
//     activity, independence activities and levels) that is not valid
//     UTF-8 or holds a control character; an empty independence activity
//     or level;
//   - a missing date; a date, date of birth or decision date that is not a
//     day of the calendar (month 13, 30 February) or whose year is outside
//     1900–2100;
//   - an unknown cohort, living setting or safety level;
//   - a recorded age outside 0..120, a date of birth after the assessment
//     date, or one that gives an age above 120 on it; a recorded age and a
//     date of birth that disagree on the assessment date (a person born on
//     29 February may be a year older on 28 February of a common year);
//   - an answer with an empty question id, or a question answered twice;
//   - informal help of less than 0 or more than 168 hours a week (or NaN),
//     or with no activity;
//   - a planned weekly amount, or a recorded estimate, that is negative or
//     beyond the engine's range (about £90 million a week);
//   - an eligibility decision under an unknown framework (see Frameworks),
//     with an unknown decision, or decided before the assessment date;
//   - a budget start that is not a day of the calendar in 1900–2100; an
//     approved add-on without an id, approved twice, with an amount that
//     is negative, beyond the engine's range or has more than 8 decimal
//     places, or without its approval date; more than 64 add-ons.
func (a *Assessment) Validate() error {
	var errs fieldErrors
	a.check(&errs)
	return errs.err(a.ID, ErrInvalidAssessment)
}

// valid reports, without allocating, whether the fields that scoring uses
// pass Validate's checks: the ids, the date, the person's age and date of
// birth, and the informal help. The engine checks the cohort and the living
// setting as it looks them up, and the answers against the model as it
// matches them; the fields scoring does not use (safety, planned and
// estimated amounts, eligibility, the other text fields) are left to
// Validate. When valid returns false, Validate returns an error.
func (a *Assessment) valid() bool {
	if a.ID == "" || a.Person.ID == "" || !a.Date.inWindow() {
		return false
	}
	if !(printableASCII(a.ID) || field.ID(a.ID) == nil) || !(printableASCII(a.Person.ID) || field.ID(a.Person.ID) == nil) {
		return false
	}
	if a.Person.Age != nil && uint(*a.Person.Age) > maxAge {
		return false
	}
	if dob := a.Person.DateOfBirth; dob != (Date{}) {
		if !dob.inWindow() || a.Date.Before(dob) || dob.AgeOn(a.Date) > maxAge {
			return false
		}
		if a.Person.Age != nil && !ageAgrees(*a.Person.Age, dob, a.Date) {
			return false
		}
	}
	for i := range a.InformalHelp {
		ih := &a.InformalHelp[i]
		if !(ih.HoursPerWeek >= 0 && ih.HoursPerWeek <= 168) || !idOK(ih.Activity) {
			return false
		}
	}
	return true
}

// check runs the checks of Validate and records every problem in errs.
func (a *Assessment) check(errs *fieldErrors) {
	fail := errs.add
	if a.ID == "" {
		fail("id", "must not be empty")
	} else if !textOK(a.ID) {
		fail("id", textProblem(a.ID))
	}
	if a.Date.IsZero() {
		fail("date", "must be set")
	} else if c := a.Date.check(); c != dateOK {
		fail("date", a.Date.String()+": "+a.Date.problem(c))
	}
	if !a.Cohort.Valid() {
		fail("cohort", "unknown cohort "+quoteText(string(a.Cohort)))
	}
	if a.Person.ID == "" {
		fail("person.id", "must not be empty")
	} else if !textOK(a.Person.ID) {
		fail("person.id", textProblem(a.Person.ID))
	}
	if !a.Person.LivingSetting.Valid() {
		fail("person.living_setting", "unknown living setting "+quoteText(string(a.Person.LivingSetting)))
	}
	if a.Person.Age != nil && (*a.Person.Age < 0 || *a.Person.Age > maxAge) {
		fail("person.age", fmt.Sprintf("%d is out of range 0..%d", *a.Person.Age, maxAge))
	}
	if dob := a.Person.DateOfBirth; !dob.IsZero() {
		if c := dob.check(); c != dateOK {
			fail("person.date_of_birth", dob.String()+": "+dob.problem(c))
		} else if a.Date.check() == dateOK {
			if a.Date.Before(dob) {
				fail("person.date_of_birth", "is after the assessment date")
			} else if age := dob.AgeOn(a.Date); age > maxAge {
				fail("person.date_of_birth", fmt.Sprintf("%s gives an age of %d on %s, out of range 0..%d", dob, age, a.Date, maxAge))
			} else if p := a.Person.Age; p != nil && *p >= 0 && *p <= maxAge && !ageAgrees(*p, dob, a.Date) {
				fail("person.age", fmt.Sprintf("%d disagrees with person.date_of_birth %s, which gives an age of %d on the assessment date %s", *p, dob, age, a.Date))
			}
		}
	}
	for i := range a.InformalHelp {
		ih := &a.InformalHelp[i]
		if ih.HoursPerWeek < 0 || ih.HoursPerWeek > 168 || ih.HoursPerWeek != ih.HoursPerWeek {
			fail(fmt.Sprintf("informal_help[%d].hours_per_week", i), fmt.Sprintf("%v is out of range 0..168", ih.HoursPerWeek))
		}
		if ih.Activity == "" {
			fail(fmt.Sprintf("informal_help[%d].activity", i), "must not be empty")
		} else if !textOK(ih.Activity) {
			fail(fmt.Sprintf("informal_help[%d].activity", i), textProblem(ih.Activity))
		}
	}
	// The fields scoring does not use, and the answers (which valid leaves
	// to the engine).
	if !a.Safety.Valid() {
		fail("safety", "unknown safety level "+quoteText(string(a.Safety)))
	}
	for _, t := range [...]struct{ path, s string }{
		{"cared_for_id", a.CaredForID}, {"model", a.Model}, {"model_version", a.ModelVersion},
		{"person.locality", a.Person.Locality}, {"person.gender", a.Person.Gender},
	} {
		if !textOK(t.s) {
			fail(t.path, textProblem(t.s))
		}
	}
	for i, il := range a.Independence {
		for _, t := range [...]struct{ name, s string }{{"activity", il.Activity}, {"level", il.Level}} {
			switch {
			case t.s == "":
				fail(fmt.Sprintf("independence[%d].%s", i, t.name), "must not be empty")
			case !textOK(t.s):
				fail(fmt.Sprintf("independence[%d].%s", i, t.name), textProblem(t.s))
			}
		}
	}
	for i, ih := range a.InformalHelp {
		if !textOK(ih.Helper) {
			fail(fmt.Sprintf("informal_help[%d].helper", i), textProblem(ih.Helper))
		}
		if !textOK(ih.HelperID) {
			fail(fmt.Sprintf("informal_help[%d].helper_id", i), textProblem(ih.HelperID))
		}
	}
	seen := make(map[string]bool, len(a.Answers))
	for i, ans := range a.Answers {
		switch {
		case ans.Question == "":
			fail(fmt.Sprintf("answers[%d]", i), "question id is empty")
		case !textOK(ans.Question):
			fail(fmt.Sprintf("answers[%d]", i), "question id "+textProblem(ans.Question))
		case seen[ans.Question]:
			fail("answers."+ans.Question, "question answered twice")
		case !ans.IsValue && !textOK(ans.Option):
			fail("answers."+ans.Question, "option id "+textProblem(ans.Option))
		}
		seen[ans.Question] = true
	}
	if a.PlannedWeekly != nil {
		if msg := amountProblem(*a.PlannedWeekly); msg != "" {
			fail("planned_weekly", msg)
		}
	}
	if a.Estimate != nil {
		if msg := amountProblem(a.Estimate.Weekly); msg != "" {
			fail("estimate.weekly", msg)
		}
		if msg := amountProblem(a.Estimate.Annual); msg != "" {
			fail("estimate.annual", msg)
		}
	}
	a.checkComposition(fail)
	for i := range a.Eligibility {
		e := &a.Eligibility[i]
		if !knownFramework(e.Framework) {
			fail(fmt.Sprintf("eligibility[%d].framework", i), fmt.Sprintf("unknown framework %s (known: %s)", quoteText(e.Framework), strings.Join(frameworks[:], ", ")))
		}
		switch e.Decision {
		case DecisionEligible, DecisionNotEligible, DecisionPending:
		default:
			fail(fmt.Sprintf("eligibility[%d].decision", i), "unknown decision "+quoteText(string(e.Decision)))
		}
		if d := e.DecidedOn; !d.IsZero() {
			if c := d.check(); c != dateOK {
				fail(fmt.Sprintf("eligibility[%d].decided_on", i), d.String()+": "+d.problem(c))
			} else if a.Date.check() == dateOK && d.Before(a.Date) {
				fail(fmt.Sprintf("eligibility[%d].decided_on", i), "is before the assessment date")
			}
		}
	}
}

// checkComposition checks the fields a composing model uses: the date the
// budget starts and the approved add-ons.
func (a *Assessment) checkComposition(fail func(path, msg string)) {
	if d := a.BudgetStart; !d.IsZero() {
		if c := d.check(); c != dateOK {
			fail("budget_start", d.String()+": "+d.problem(c))
		}
	}
	if len(a.AddOns) > maxAddOns {
		fail("add_ons", fmt.Sprintf("%d add-ons, more than %d", len(a.AddOns), maxAddOns))
	}
	for i := range a.AddOns {
		ad := &a.AddOns[i]
		p := fmt.Sprintf("add_ons[%d]", i)
		switch {
		case ad.AddOn == "":
			fail(p+".add_on", "must not be empty")
		case !textOK(ad.AddOn):
			fail(p+".add_on", textProblem(ad.AddOn))
		default:
			for j := range i {
				if a.AddOns[j].AddOn == ad.AddOn {
					fail(p+".add_on", fmt.Sprintf("%s is approved twice (also add_ons[%d])", quoteText(ad.AddOn), j))
					break
				}
			}
		}
		if ad.Amount != nil {
			if msg := amountProblem(*ad.Amount); msg != "" {
				fail(p+".amount", msg)
			} else if _, err := decimalToMicro(*ad.Amount); err != nil {
				fail(p+".amount", bare(err))
			}
		}
		if d := ad.ApprovedOn; d.IsZero() {
			fail(p+".approved_on", "must be set: an add-on is recorded when it is approved")
		} else if c := d.check(); c != dateOK {
			fail(p+".approved_on", d.String()+": "+d.problem(c))
		}
		if !textOK(ad.Reference) {
			fail(p+".reference", textProblem(ad.Reference))
		}
	}
}

// compositionValid reports, as valid does for the fields scoring uses and
// without allocating for valid add-ons, whether checkComposition finds
// nothing; the engine checks it only for a model that composes the budget.
func (a *Assessment) compositionValid() bool {
	if d := a.BudgetStart; !d.IsZero() && !d.inWindow() {
		return false
	}
	if len(a.AddOns) > maxAddOns {
		return false
	}
	for i := range a.AddOns {
		ad := &a.AddOns[i]
		if !idOK(ad.AddOn) || !ad.ApprovedOn.inWindow() || !textOK(ad.Reference) {
			return false
		}
		for j := range i {
			if a.AddOns[j].AddOn == ad.AddOn {
				return false
			}
		}
		if ad.Amount != nil {
			if amountProblem(*ad.Amount) != "" {
				return false
			}
			if _, err := decimalToMicro(*ad.Amount); err != nil {
				return false
			}
		}
	}
	return true
}

// ageAgrees reports whether a recorded age agrees with the age a date of
// birth gives on date on. They must be equal, except that a person born on
// 29 February may be counted a year older on 28 February of a year without
// one (AgeOn counts the birthday on 1 March; some systems count it on 28
// February).
func ageAgrees(age int, dob, on Date) bool {
	got := dob.AgeOn(on)
	if age == got {
		return true
	}
	return age == got+1 && dob.Month == 2 && dob.Day == 29 && on.Month == 2 && on.Day == 28 && daysIn(2, on.Year) == 28
}

// maxAge is the oldest age an assessment may record or imply.
const maxAge = 120

// idOK reports whether id is not empty and textOK.
func idOK(id string) bool { return id != "" && textOK(id) }

// textOK reports whether s is valid UTF-8 without control characters
// (field.ID): printable ASCII, the usual case, quickly.
func textOK(s string) bool { return printableASCII(s) || field.ID(s) == nil }

// printableASCII reports whether every byte of s is printable ASCII
// (0x20–0x7e), eight bytes at a time (see printable8); a string of 8 to 16
// bytes, the usual length of an id, in two overlapping words.
func printableASCII(s string) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	n := len(s)
	if n >= 8 && n <= 16 {
		// printable8 of both words at once.
		x, y := load8(s), load8(s[n-8:])
		lx, ly := x&^tops, y&^tops
		return (x|y|(lx+ones)|(ly+ones))&tops == 0 && (lx+0x60*ones)&(ly+0x60*ones)&tops == tops
	}
	for ; len(s) >= 8; s = s[8:] {
		if !printable8(load8(s)) {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// load8 returns the first eight bytes of s as a little-endian word (one
// load: the compiler combines the byte loads).
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// printable8 reports whether the eight bytes of x are printable ASCII, with
// the arithmetic of "Bit Twiddling Hacks": for each byte b with its top bit
// cleared, b+0x01 reaches the top bit when b = 0x7f, and b+0x60 when
// b ≥ 0x20; no sum carries into the next byte.
func printable8(x uint64) bool {
	const ones, tops = 0x0101010101010101, 0x8080808080808080
	low := x &^ tops
	return (x|(low+ones))&tops == 0 && (low+0x60*ones)&tops == tops
}

// textProblem says what is wrong with s (textOK(s) is false).
func textProblem(s string) string {
	return strings.TrimSuffix(field.ID(s).Error(), ": "+field.ErrText.Error()) + ": not valid text"
}

// maxAmount is the largest amount of money an assessment may record: the
// engine's range.
var maxAmount = microToDecimal(maxMicro)

// amountProblem says what is wrong with an amount recorded on an assessment
// (a planned or estimated weekly or annual amount), or returns "".
func amountProblem(d decimal.Decimal) string {
	switch {
	case d.IsNegative():
		return "must not be negative"
	// The exponent is checked first: comparing a decimal such as 1e999999999
	// would build a number of a billion digits.
	case d.Exponent() > 20 && !d.IsZero(), !d.IsZero() && d.NumDigits()+int(d.Exponent()) > 30, d.GreaterThan(maxAmount):
		return fmt.Sprintf("%s is beyond the engine's range of £%s", quoteText(d.String()), maxAmount.StringFixed(0))
	}
	return ""
}

// Eligibility frameworks that an Eligibility record may name.
const (
	// FrameworkCareActAdult: the Care Act 2014 eligibility criteria for
	// adults (SI 2015/313 reg. 2).
	FrameworkCareActAdult = "care_act_adult"
	// FrameworkCareActCarer: the Care Act 2014 eligibility criteria for
	// carers (SI 2015/313 reg. 3).
	FrameworkCareActCarer = "care_act_carer"
	// FrameworkCHC: NHS Continuing Healthcare.
	FrameworkCHC = "chc"
	// FrameworkChildren: children's services (children's social care, or
	// children and young people's continuing care).
	FrameworkChildren = "children"
)

var frameworks = [...]string{FrameworkCareActAdult, FrameworkCareActCarer, FrameworkCHC, FrameworkChildren}

// Frameworks returns the eligibility frameworks an Eligibility record may
// name, in a fixed order. Validate rejects any other.
func Frameworks() []string { return frameworks[:] }

func knownFramework(f string) bool {
	for _, k := range frameworks {
		if f == k {
			return true
		}
	}
	return false
}
