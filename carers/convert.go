package carers

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/ras"
)

// RASActivities returns the mapping from the activity names of ras.InformalHelp records to
// carers' activities that [FromAssessment] uses by default:
//
//	personal_care, personal                      → personal_care
//	health_tasks, health, medication             → health_tasks
//	supervision, keeping_safe, night             → supervision
//	domestic, household, meals, housework        → domestic
//	practical, shopping, transport, finances     → practical
//	emotional_support, emotional, company, social → emotional_support
//
// The first name in each line is the one ras/synth and the shipped hours model use (the
// synth.Activity constants). The others are common alternatives, mapped to the activity whose
// replacement rate would price them. A name not in the map is valued at the default rate
// (ActivityAny) unless ConvertOptions.StrictActivities is set.
func RASActivities() map[string]Activity {
	return map[string]Activity{
		"personal_care": ActivityPersonalCare, "personal": ActivityPersonalCare,
		"health_tasks": ActivityHealthTasks, "health": ActivityHealthTasks, "medication": ActivityHealthTasks,
		"supervision": ActivitySupervision, "keeping_safe": ActivitySupervision, "night": ActivitySupervision,
		"domestic": ActivityDomestic, "household": ActivityDomestic, "meals": ActivityDomestic, "housework": ActivityDomestic,
		"practical": ActivityPractical, "shopping": ActivityPractical, "transport": ActivityPractical, "finances": ActivityPractical,
		"emotional_support": ActivityEmotional, "emotional": ActivityEmotional, "company": ActivityEmotional, "social": ActivityEmotional,
	}
}

// AdultCohorts returns the cohorts of adults with needs that [FromAssessment] and [Generate]
// take by default: adult social care and NHS Continuing Healthcare. Carers' own assessments
// (ras.CohortCarer) are not adults with needs; children's informal help is parents' care and out
// of scope.
func AdultCohorts() []ras.Cohort { return []ras.Cohort{ras.CohortAdult, ras.CohortCHC} }

// ConvertOptions configure FromAssessment. The zero value gives the defaults.
type ConvertOptions struct {
	// Cohorts are the cohorts of adults with needs converted; nil means AdultCohorts().
	// Assessments of other cohorts are skipped.
	Cohorts []ras.Cohort
	// Activities adds to or overrides RASActivities(): a ras activity name and the activity it
	// is valued as.
	Activities map[string]Activity
	// StrictActivities makes an activity name that is not mapped an error (ErrBadValue) instead
	// of hours valued at the default rate (ActivityAny).
	StrictActivities bool
}

// Converter turns ras assessments into carer records. It is read-only after construction and
// safe for concurrent use.
type Converter struct {
	cohorts    []ras.Cohort
	activities map[string]Activity
	strict     bool
}

// NewConverter returns a Converter for opt. It returns ErrInvalidConfig for an unknown cohort
// or an activity out of range.
func NewConverter(opt ConvertOptions) (*Converter, error) {
	cv := &Converter{cohorts: opt.Cohorts, activities: RASActivities(), strict: opt.StrictActivities}
	if cv.cohorts == nil {
		cv.cohorts = AdultCohorts()
	}
	for i, c := range cv.cohorts {
		if !c.Valid() {
			return nil, &ConfigError{Config: "convert options", Path: fmt.Sprintf("Cohorts[%d]", i), Err: detail(ErrInvalidConfig, "unknown cohort")}
		}
	}
	for k, a := range opt.Activities {
		if a >= numActivities {
			return nil, &ConfigError{Config: "convert options", Path: "Activities", Err: detail(ErrInvalidConfig, "activity %d", a)}
		}
		cv.activities[k] = a
	}
	return cv, nil
}

// Converted is the outcome of converting one assessment.
type Converted struct {
	// Included: the assessment is of a cohort converted; when false the other fields are zero.
	Included bool
	// Person is the adult with needs: the assessment's person id, cohort and locality.
	Person Person
	// Carers are the caring relationships recorded in the assessment's informal help, one per
	// helper, in order of first appearance.
	Carers []Carer
	// Unmapped counts informal help records whose activity name is not mapped and whose hours
	// are valued at the default rate.
	Unmapped int
}

// HelperCarerID returns the carer id [FromAssessment] gives the k-th helper (from 0) of the
// person personID when the informal help record names no HelperID: personID, "-H" and k+1,
// e.g. "P0000042-H2". It is as pseudonymous as personID.
func HelperCarerID(personID string, k int) string {
	return personID + "-H" + strconv.Itoa(k+1)
}

// FromAssessment converts one ras assessment into an adult with needs and their caring
// relationships, so that a council's RAS data feeds the valuation directly: it is
// NewConverter(opt) followed by [Converter.Convert]. Build one Converter for many assessments.
func FromAssessment(a *ras.Assessment, opt ConvertOptions) (Converted, error) {
	cv, err := NewConverter(opt)
	if err != nil {
		return Converted{}, err
	}
	return cv.Convert(a)
}

// Convert converts one ras assessment. The mapping:
//
//   - Person: PersonID = a.Person.ID, Cohort = string(a.Cohort), Locality = a.Person.Locality.
//   - Each helper is one caring relationship. Informal help records belong to the same helper
//     when they share a HelperID or, without one, the same Helper relationship (so two helpers
//     of the same relationship without ids are merged). CarerID is the HelperID when recorded
//     (the carer's own pseudonymous id), else HelperCarerID(person id, k) with k the helper's
//     position among the assessment's helpers.
//   - WeeklyHours is the sum of the helper's HoursPerWeek, added up exactly as recorded (each
//     float64 taken at its shortest decimal representation, as HoursFromFloat does) and then
//     rounded once to 0.01 h, halves away from zero; Split holds one entry per activity (the
//     helper's records of the same activity merged), activity mapped by the converter's
//     activity map (RASActivities), period PeriodAny, its exact hours rounded so that the Split
//     adds up to WeeklyHours exactly (largest remainder: each rounded down, the hundredths left
//     over to the largest remainders, ties to the earlier entry).
//   - AssessedOn is the assessment date; LivesWith is Yes when any of the helper's records has
//     lives_with true, else No (ras records it as a yes/no flag).
//   - OtherSupport is Yes when the assessment records another helper, else Unknown (help from
//     outside the assessment is not known). Behaviour, health, breaks refused and strain are not
//     in a RAS assessment of the person cared for: Unknown, and StrainScore NoScore.
//
// Errors are *RecordError (Index -1) naming the field, e.g. "informal_help[2].hours_per_week",
// wrapping ErrNegativeHours or ErrHoursRange (also for a helper whose hours, as recorded, add up
// to more than 168), ErrMissingField for an assessment with no person id, ErrBadValue for an
// unmapped activity under StrictActivities, and ErrBadValue for an id (person.id,
// informal_help[i].helper_id) that is not valid UTF-8 or holds a control character
// (field.ErrText) or an assessment date outside the years 1900–2100 (field.ErrYear). A person's total over several helpers may exceed 168 hours;
// each relationship may not.
func (cv *Converter) Convert(a *ras.Assessment) (Converted, error) {
	var out Converted
	for _, c := range cv.cohorts {
		if a.Cohort == c {
			out.Included = true
			break
		}
	}
	if !out.Included {
		return out, nil
	}
	fail := func(field string, err error) (Converted, error) {
		return Converted{}, &RecordError{Index: -1, Field: field, Err: err}
	}
	if err := checkID(a.Person.ID); err != nil {
		return fail("person.id", err)
	}
	if !a.Date.IsZero() {
		if err := checkYear(a.Date.Time()); err != nil {
			return fail("date", err)
		}
	}
	out.Person = Person{PersonID: a.Person.ID, Cohort: string(a.Cohort), Locality: a.Person.Locality}
	if len(a.InformalHelp) == 0 {
		return out, nil
	}
	// Hours are added up exactly as recorded and rounded once. When every record is a whole
	// number of hundredths (the usual case) the sums in Hours are exact; otherwise they are
	// redone exactly once the helpers are known (see exactSplit).
	fine := false
	for j := range a.InformalHelp {
		if h := a.InformalHelp[j].HoursPerWeek; math.Round(h*100)/100 != h {
			fine = true
			break
		}
	}
	slot := make([][2]int, len(a.InformalHelp)) // record → helper and Split entry
	for j := range a.InformalHelp {
		ih := &a.InformalHelp[j]
		h, err := exactHoursFromFloat(ih.HoursPerWeek)
		if err != nil {
			return fail(helpField(j, "hours_per_week"), err)
		}
		if ih.HelperID != "" {
			if err := checkID(ih.HelperID); err != nil {
				return fail(helpField(j, "helper_id"), err)
			}
		}
		act, ok := cv.activities[ih.Activity]
		if !ok {
			if cv.strict {
				return fail(helpField(j, "activity"), detail(ErrBadValue, "activity name not mapped"))
			}
			out.Unmapped++
		}
		// Find the helper.
		k := -1
		for i := 0; i < j; i++ {
			p := &a.InformalHelp[i]
			if (ih.HelperID != "" && p.HelperID == ih.HelperID) || (ih.HelperID == "" && p.HelperID == "" && p.Helper == ih.Helper) {
				k = slot[i][0]
				break
			}
		}
		if k < 0 {
			k = len(out.Carers)
			id := ih.HelperID
			if id == "" {
				id = HelperCarerID(a.Person.ID, k)
			}
			out.Carers = append(out.Carers, Carer{CarerID: id, PersonID: a.Person.ID, LivesWith: No, StrainScore: NoScore})
			if !a.Date.IsZero() {
				out.Carers[k].AssessedOn = a.Date.Time()
			}
		}
		c := &out.Carers[k]
		if !fine {
			c.WeeklyHours += Hours(h.hund)
			if c.WeeklyHours > MaxWeeklyHours {
				return fail(helpField(j, "hours_per_week"), detail(ErrHoursRange, "one helper's hours add up to more than 168 a week"))
			}
		}
		if ih.LivesWith {
			c.LivesWith = Yes
		}
		s := len(c.Split)
		for i := range c.Split {
			if c.Split[i].Activity == act {
				s = i
				break
			}
		}
		if s == len(c.Split) {
			c.Split = append(c.Split, CareHours{Activity: act})
		}
		c.Split[s].Hours += Hours(h.hund)
		slot[j] = [2]int{k, s}
	}
	if fine {
		if err := exactSplit(a, out.Carers, slot); err != nil {
			return Converted{}, err
		}
	}
	if len(out.Carers) > 1 {
		for k := range out.Carers {
			out.Carers[k].OtherSupport = Yes
		}
	}
	return out, nil
}

// helpField names field name of informal help record j.
func helpField(j int, name string) string {
	return "informal_help[" + strconv.Itoa(j) + "]." + name
}

// exactSplit sets the weekly hours and the Split of each helper in carers from the informal
// help records of a, added up exactly (slot[j] is record j's helper and Split entry): an
// error naming the record that takes a helper over 168 hours, else each helper's total
// rounded once and the Split apportioned to add up to it.
func exactSplit(a *ras.Assessment, carers []Carer, slot [][2]int) error {
	total := make([]exactHours, len(carers))
	parts := make([][]exactHours, len(carers))
	for k := range carers {
		parts[k] = make([]exactHours, len(carers[k].Split))
	}
	for j := range a.InformalHelp {
		h, _ := exactHoursFromFloat(a.InformalHelp[j].HoursPerWeek) // checked by Convert
		k, s := slot[j][0], slot[j][1]
		total[k] = total[k].add(h)
		if total[k].over168() {
			return &RecordError{Index: -1, Field: helpField(j, "hours_per_week"),
				Err: detail(ErrHoursRange, "one helper's hours add up to more than 168 a week")}
		}
		parts[k][s] = parts[k][s].add(h)
	}
	var buf []Hours
	for k := range carers {
		c := &carers[k]
		c.WeeklyHours = total[k].round()
		buf = slices.Grow(buf[:0], len(c.Split))[:len(c.Split)]
		apportion(total[k], parts[k], buf)
		for s := range c.Split {
			c.Split[s].Hours = buf[s]
		}
	}
	return nil
}

// Conversion is the outcome of [Converter.ConvertAll].
type Conversion struct {
	// People are the adults with needs, one per person id, in order of first appearance, with
	// the cohort and locality of their latest assessment.
	People []Person
	// Carers are the current records: the relationships of each person's latest assessment
	// (latest Date; on equal dates the later in the input), in the order of People.
	Carers []Carer
	// Previous are the relationships recorded in the earlier assessments of the same people,
	// for RiskModel.Prioritise and RiskModel.Compare. A helper without a HelperID is matched
	// across assessments only if it keeps its position among the person's helpers (see
	// HelperCarerID).
	Previous []Carer
	// Skipped counts assessments of cohorts not converted; Unmapped informal help records whose
	// activity name is not mapped.
	Skipped, Unmapped int
}

// ConvertAll converts a caseload: every assessment through Convert, then one current record
// set per person (see Conversion). Errors are those of Convert as a *RecordError whose Index is
// the assessment's position in as.
func (cv *Converter) ConvertAll(as []ras.Assessment) (*Conversion, error) {
	type conv struct {
		idx int
		c   Converted
	}
	latest := map[string]int{} // person id → position in out.People / convs
	var convs []conv
	var earlier []conv
	out := &Conversion{}
	for i := range as {
		c, err := cv.Convert(&as[i])
		if err != nil {
			var re *RecordError
			if asRecordError(err, &re) {
				e := *re
				e.Index = i
				return nil, &e
			}
			return nil, err
		}
		if !c.Included {
			out.Skipped++
			continue
		}
		out.Unmapped += c.Unmapped
		p, ok := latest[c.Person.PersonID]
		if !ok {
			latest[c.Person.PersonID] = len(convs)
			convs = append(convs, conv{i, c})
			continue
		}
		if as[i].Date.Before(as[convs[p].idx].Date) {
			earlier = append(earlier, conv{i, c})
			continue
		}
		earlier = append(earlier, convs[p])
		convs[p] = conv{i, c}
	}
	for _, c := range convs {
		out.People = append(out.People, c.c.Person)
		out.Carers = append(out.Carers, c.c.Carers...)
	}
	for _, c := range earlier {
		out.Previous = append(out.Previous, c.c.Carers...)
	}
	return out, nil
}
