package carers

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
)

// handAssessment: a daughter with her own carer's assessment (HelperID "C9") helping with
// personal care and domestic tasks, a neighbour, and a son without an id.
func handAssessment() ras.Assessment {
	return ras.Assessment{
		ID: "A1", Date: ras.Date{Year: 2024, Month: 3, Day: 4}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P1", Locality: "North"},
		InformalHelp: []ras.InformalHelp{
			{Helper: "daughter", HelperID: "C9", Activity: "personal_care", HoursPerWeek: 10.5, LivesWith: true},
			{Helper: "neighbour", Activity: "practical", HoursPerWeek: 2},
			{Helper: "daughter", HelperID: "C9", Activity: "domestic", HoursPerWeek: 3.25, LivesWith: true},
			{Helper: "son", Activity: "meals", HoursPerWeek: 1.333},
			{Helper: "son", Activity: "emotional_support", HoursPerWeek: 0.5},
			{Helper: "son", Activity: "household", HoursPerWeek: 1},
		},
	}
}

func TestConvertHandWorked(t *testing.T) {
	a := handAssessment()
	got, err := FromAssessment(&a, ConvertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	on := a.Date.Time()
	// Worked by hand: C9 10.50 + 3.25 = 13.75 h; the neighbour 2.00 h; the son
	// 1.333 → 1.33, + 0.50 + 1.00 = 2.83 h, meals and household both domestic (2.33 h).
	want := Converted{
		Included: true,
		Person:   Person{PersonID: "P1", Cohort: "adult_social_care", Locality: "North"},
		Carers: []Carer{
			{CarerID: "C9", PersonID: "P1", AssessedOn: on, WeeklyHours: 1375, LivesWith: Yes, OtherSupport: Yes, StrainScore: NoScore,
				Split: []CareHours{{Activity: ActivityPersonalCare, Hours: 1050}, {Activity: ActivityDomestic, Hours: 325}}},
			{CarerID: "P1-H2", PersonID: "P1", AssessedOn: on, WeeklyHours: 200, LivesWith: No, OtherSupport: Yes, StrainScore: NoScore,
				Split: []CareHours{{Activity: ActivityPractical, Hours: 200}}},
			{CarerID: "P1-H3", PersonID: "P1", AssessedOn: on, WeeklyHours: 283, LivesWith: No, OtherSupport: Yes, StrainScore: NoScore,
				Split: []CareHours{{Activity: ActivityDomestic, Hours: 233}, {Activity: ActivityEmotional, Hours: 50}}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	// Valued at £25 an hour: 13.75 × 25 = £343.75; with personal care at £30:
	// 10.50 × 30 + 3.25 × 25 = 315.00 + 81.25 = £396.25.
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	x, err := v.Value(&got.Carers[0])
	if err != nil || x.Weekly().StringFixed(2) != "343.75" {
		t.Errorf("value %v %v, want 343.75", x.Weekly(), err)
	}
	card := DefaultRateCard()
	card.Rates = []Rate{{Activity: ActivityPersonalCare, PerHour: dec("30")}}
	v2, err := NewReplacementCost(card, ValuationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if x, err := v2.Value(&got.Carers[0]); err != nil || x.Weekly().StringFixed(2) != "396.25" {
		t.Errorf("value by activity %v %v, want 396.25", x.Weekly(), err)
	}
	// One helper alone: other support not known.
	a.InformalHelp = a.InformalHelp[1:2]
	one, _ := FromAssessment(&a, ConvertOptions{})
	if len(one.Carers) != 1 || one.Carers[0].OtherSupport != Unknown || one.Carers[0].CarerID != "P1-H1" {
		t.Errorf("single helper: %+v", one.Carers)
	}
}

func TestConvertActivities(t *testing.T) {
	for name, want := range map[string]Activity{
		"personal_care": ActivityPersonalCare, "health_tasks": ActivityHealthTasks, "supervision": ActivitySupervision,
		"domestic": ActivityDomestic, "practical": ActivityPractical, "emotional_support": ActivityEmotional,
		"meals": ActivityDomestic, "shopping": ActivityPractical, "medication": ActivityHealthTasks,
	} {
		if got := RASActivities()[name]; got != want {
			t.Errorf("%s → %v, want %v", name, got, want)
		}
	}
	a := handAssessment()
	a.InformalHelp = []ras.InformalHelp{{Helper: "friend", Activity: "gardening", HoursPerWeek: 3}}
	got, err := FromAssessment(&a, ConvertOptions{})
	if err != nil || got.Unmapped != 1 || got.Carers[0].Split[0].Activity != ActivityAny {
		t.Errorf("unmapped activity: %+v %v", got, err)
	}
	got, err = FromAssessment(&a, ConvertOptions{Activities: map[string]Activity{"gardening": ActivityDomestic}})
	if err != nil || got.Unmapped != 0 || got.Carers[0].Split[0].Activity != ActivityDomestic {
		t.Errorf("added activity: %+v %v", got, err)
	}
	_, err = FromAssessment(&a, ConvertOptions{StrictActivities: true})
	var re *RecordError
	if !errors.Is(err, ErrBadValue) || !errors.As(err, &re) || re.Field != "informal_help[0].activity" {
		t.Errorf("strict: %v", err)
	}
}

func TestConvertErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(a *ras.Assessment)
		field string
		err   error
	}{
		{"negative hours", func(a *ras.Assessment) { a.InformalHelp[2].HoursPerWeek = -1 }, "informal_help[2].hours_per_week", ErrNegativeHours},
		{"NaN hours", func(a *ras.Assessment) { a.InformalHelp[1].HoursPerWeek = math.NaN() }, "informal_help[1].hours_per_week", ErrHoursRange},
		{"infinite hours", func(a *ras.Assessment) { a.InformalHelp[0].HoursPerWeek = math.Inf(1) }, "informal_help[0].hours_per_week", ErrHoursRange},
		{"one helper over 168", func(a *ras.Assessment) { a.InformalHelp[2].HoursPerWeek = 160 }, "informal_help[2].hours_per_week", ErrHoursRange},
		{"no person id", func(a *ras.Assessment) { a.Person.ID = "" }, "person.id", ErrMissingField},
	}
	for _, c := range cases {
		a := handAssessment()
		c.edit(&a)
		_, err := FromAssessment(&a, ConvertOptions{})
		var re *RecordError
		if !errors.Is(err, c.err) || !errors.As(err, &re) || re.Field != c.field {
			t.Errorf("%s: got %v, want %v in %s", c.name, err, c.err, c.field)
		}
	}
	// Other cohorts are skipped, not errors.
	a := handAssessment()
	a.Cohort = ras.CohortCarer
	if got, err := FromAssessment(&a, ConvertOptions{}); err != nil || got.Included {
		t.Errorf("carer's assessment: %+v %v", got, err)
	}
	if got, err := FromAssessment(&a, ConvertOptions{Cohorts: []ras.Cohort{ras.CohortCarer}}); err != nil || !got.Included {
		t.Errorf("cohort option: %+v %v", got, err)
	}
	if _, err := NewConverter(ConvertOptions{Cohorts: []ras.Cohort{"elderly"}}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("unknown cohort: %v", err)
	}
	if _, err := NewConverter(ConvertOptions{Activities: map[string]Activity{"x": 99}}); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("activity out of range: %v", err)
	}
}

func TestConvertAll(t *testing.T) {
	early := handAssessment()
	early.Date = ras.Date{Year: 2023, Month: 6, Day: 1}
	early.InformalHelp = early.InformalHelp[:1] // C9 only, 10.5 h
	late := handAssessment()
	other := handAssessment()
	other.Person.ID = "P2"
	other.InformalHelp = nil
	carer := handAssessment()
	carer.Cohort = ras.CohortCarer
	cv, _ := NewConverter(ConvertOptions{})
	// The later assessment comes first in the input: order must not matter.
	got, err := cv.ConvertAll([]ras.Assessment{late, carer, early, other})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.People) != 2 || got.People[0].PersonID != "P1" || got.People[1].PersonID != "P2" {
		t.Fatalf("people %+v", got.People)
	}
	if got.Skipped != 1 || len(got.Carers) != 3 || got.Carers[0].WeeklyHours != 1375 {
		t.Errorf("current: skipped %d, %+v", got.Skipped, got.Carers)
	}
	if len(got.Previous) != 1 || got.Previous[0].CarerID != "C9" || got.Previous[0].WeeklyHours != 1050 {
		t.Errorf("previous %+v", got.Previous)
	}
	bad := handAssessment()
	bad.InformalHelp[0].HoursPerWeek = -2
	_, err = cv.ConvertAll([]ras.Assessment{late, other, bad})
	var re *RecordError
	if !errors.As(err, &re) || re.Index != 2 || !errors.Is(err, ErrNegativeHours) {
		t.Errorf("error index: %v", err)
	}
	// The converted records summarise directly.
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	vals, _ := v.ValueAll(nil, got.Carers)
	s, err := Summarise(got.People, got.Carers, vals, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// P1: (13.75 + 2.00 + 2.83) × 25 = 464.50; P2: 0. Mean 232.25.
	if s.All.PerAdult.Mean.StringFixed(2) != "232.25" || s.All.WithCarer != 1 {
		t.Errorf("summary mean %s, with carer %d", s.All.PerAdult.Mean, s.All.WithCarer)
	}
}

// TestConvertBadInput is issue #13 item 13 for the converter: a helper's weekly total is
// checked on the hours as recorded, before rounding, and is then rounded once, with the
// breakdown apportioned to add up to it; ids with control characters or broken UTF-8 and
// dates outside 1900–2100 are rejected naming the field.
func TestConvertBadInput(t *testing.T) {
	base := func(hours ...float64) ras.Assessment {
		a := ras.Assessment{ID: "A1", Date: ras.Date{Year: 2024, Month: 3, Day: 4}, Cohort: ras.CohortAdult, Person: ras.Person{ID: "P1"}}
		acts := []string{"personal_care", "domestic", "practical"}
		for i, h := range hours {
			a.InformalHelp = append(a.InformalHelp, ras.InformalHelp{Helper: "daughter", HelperID: "C9", Activity: acts[i%3], HoursPerWeek: h})
		}
		return a
	}
	bad := []struct {
		name  string
		a     ras.Assessment
		field string
		want  []error
	}{
		{"over 168 before rounding", base(84.004, 84.004), "informal_help[1].hours_per_week", []error{ErrHoursRange}},
		{"one record over 168 before rounding", base(168.004), "informal_help[0].hours_per_week", []error{ErrHoursRange}},
		{"NUL in person id", func() ras.Assessment { a := base(1); a.Person.ID = "P\x00"; return a }(), "person.id", []error{ErrBadValue, field.ErrText}},
		{"broken helper id", func() ras.Assessment { a := base(1); a.InformalHelp[0].HelperID = "C\xff"; return a }(), "informal_help[0].helper_id", []error{ErrBadValue, field.ErrText}},
		{"year 9999", func() ras.Assessment { a := base(1); a.Date = ras.Date{Year: 9999, Month: 12, Day: 31}; return a }(), "date", []error{ErrBadValue, field.ErrYear}},
		{"year 1", func() ras.Assessment { a := base(1); a.Date = ras.Date{Year: 1, Month: 1, Day: 1}; return a }(), "date", []error{ErrBadValue, field.ErrYear}},
	}
	for _, tc := range bad {
		_, err := FromAssessment(&tc.a, ConvertOptions{})
		var re *RecordError
		if !errors.As(err, &re) || re.Field != tc.field {
			t.Errorf("%s: got %v, want a *RecordError for %s", tc.name, err, tc.field)
			continue
		}
		for _, w := range tc.want {
			if !errors.Is(err, w) {
				t.Errorf("%s: %v does not wrap %v", tc.name, err, w)
			}
		}
	}
	// 56.005 + 56.005 + 55.985 = 167.995 h as recorded: within 168. Rounded record by record
	// it would be 56.01 + 56.01 + 55.99 = 168.01; the total is rounded once instead, to 168.00,
	// and the parts are apportioned by largest remainder (each .5 of a hundredth; the first
	// two get the two hundredths left over): 56.01 + 56.01 + 55.98.
	a := base(56.005, 56.005, 55.985)
	got, err := FromAssessment(&a, ConvertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	c := got.Carers[0]
	if c.WeeklyHours != 16800 || len(c.Split) != 3 || c.Split[0].Hours != 5601 || c.Split[1].Hours != 5601 || c.Split[2].Hours != 5598 {
		t.Errorf("weekly %v, split %+v; want 168.00 = 56.01 + 56.01 + 55.98", c.WeeklyHours, c.Split)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("converted record fails Validate: %v", err)
	}
}
