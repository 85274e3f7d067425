package independence

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func rasChild() *ras.Assessment {
	return &ras.Assessment{
		ID: "A1", Date: ras.Date{Year: 2024, Month: 3, Day: 11}, Cohort: ras.CohortChildren,
		Person: ras.Person{ID: "P0000042", DateOfBirth: ras.Date{Year: 2015, Month: 3, Day: 10}},
		Independence: []ras.ActivityLevel{
			{Activity: "nutrition", Level: "independent"},
			{Activity: "washing", Level: "some_help"},
			{Activity: "toilet", Level: "prompting"},
			{Activity: "clothing", Level: "full_help"},
			{Activity: "home_safety", Level: "independent"},
		},
		InformalHelp: []ras.InformalHelp{
			{Helper: "parent", HelperID: "P0000043", Activity: "personal_care", HoursPerWeek: 10.5, LivesWith: true},
			{Helper: " Grandparent", Activity: "washing", HoursPerWeek: 2},
			{Helper: "lodger", Activity: "domestic", HoursPerWeek: 1.5},
		},
	}
}

func TestFromRASHandWorked(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	opt := RASOptions{Instrument: in, Activities: map[string]string{"washing": "hygiene"}}
	a, help, err := FromRAS(rasChild(), opt)
	if err != nil {
		t.Fatal(err)
	}
	// Born 2015-03-10, assessed 2024-03-11: 9 completed years, one day past
	// the birthday of a 365-day year of age (2024-03-10 to 2025-03-10).
	near(t, "age", a.AgeYears, 9+1.0/365, 1e-12)
	if a.PersonID != "P0000042" || !a.Date.Equal(time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("assessment %+v", a)
	}
	wantLv := map[string]string{"nutrition": "independent", "hygiene": "some_help", "toilet": "prompting", "clothing": "full_help", "home_safety": "independent"}
	if len(a.Levels) != 5 {
		t.Errorf("levels %v", a.Levels)
	}
	for k, v := range wantLv {
		if a.Levels[k] != v {
			t.Errorf("level %s = %q, want %q", k, a.Levels[k], v)
		}
	}
	// Scored: 3 + 1 + 2 + 0 + 3 = 9.
	s, err := in.Score(a)
	if err != nil || s.Total != 9 {
		t.Fatalf("score %v, %v", s.Total, err)
	}
	want := []HelpEntry{
		{PersonID: "P0000042", HelperID: "P0000043", Relationship: "parent", Activity: "personal_care", HoursPerWeek: 10.5},
		{PersonID: "P0000042", Relationship: "other_relative", Activity: "hygiene", HoursPerWeek: 2},
		{PersonID: "P0000042", Relationship: "other", Activity: "domestic", HoursPerWeek: 1.5},
	}
	if len(help) != len(want) {
		t.Fatalf("help %+v", help)
	}
	for i := range want {
		if help[i] != want[i] {
			t.Errorf("help[%d] = %+v, want %+v", i, help[i], want[i])
		}
	}
	// The profile links the washing help to the hygiene level.
	p, err := BuildProfile(in, s, help)
	if err != nil || p.TotalHoursPerWeek != 14 || p.Activities[1].Activity != "hygiene" || p.Activities[1].Level != "needs some help" {
		t.Errorf("profile %+v, %v", p, err)
	}
	// A caller's helper map comes first.
	_, help, _ = FromRAS(rasChild(), RASOptions{Helpers: map[string]string{"lodger": HelperFriend}})
	if help[2].Relationship != HelperFriend || help[1].Activity != "washing" {
		t.Errorf("with maps: %+v", help)
	}
	// Only an age in completed years.
	r := rasChild()
	age := 9
	r.Person.DateOfBirth, r.Person.Age = ras.Date{}, &age
	a, _, err = FromRAS(r, RASOptions{})
	if err != nil || a.AgeYears != 9 {
		t.Errorf("age only: %v, %v", a.AgeYears, err)
	}
}

func TestFromRASErrors(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	cases := []struct {
		name  string
		edit  func(a *ras.Assessment)
		opt   RASOptions
		field string
		err   error
	}{
		{"negative hours", func(a *ras.Assessment) { a.InformalHelp[1].HoursPerWeek = -2 }, RASOptions{}, "informal_help[1].hours_per_week", ErrNegativeHours},
		{"too many hours", func(a *ras.Assessment) { a.InformalHelp[0].HoursPerWeek = 169 }, RASOptions{}, "informal_help[0].hours_per_week", ErrNegativeHours},
		{"empty helper", func(a *ras.Assessment) { a.InformalHelp[2].Helper = "" }, RASOptions{}, "informal_help[2].helper", ErrInvalidValue},
		{"bad help activity", func(a *ras.Assessment) { a.InformalHelp[0].Activity = "Personal care" }, RASOptions{}, "informal_help[0].activity", ErrInvalidValue},
		{"unknown item", func(a *ras.Assessment) {}, RASOptions{Instrument: in}, "independence[1].activity", ErrUnknownItem},
		{"unknown level", func(a *ras.Assessment) { a.Independence[0].Level = "mostly" }, RASOptions{Instrument: in, Activities: map[string]string{"washing": "hygiene"}}, "independence[0].level", ErrUnknownLevel},
		{"duplicate", func(a *ras.Assessment) { a.Independence[2].Activity = "nutrition" }, RASOptions{}, "independence[2].activity", ErrInvalidValue},
		{"no age", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{} }, RASOptions{}, "person.date_of_birth", ErrInvalidValue},
		{"born later", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 2025, Month: 1, Day: 1} }, RASOptions{}, "person.date_of_birth", ErrDateOrder},
		{"bad birth date", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 2015, Month: 2, Day: 30} }, RASOptions{}, "person.date_of_birth", ErrInvalidValue},
		{"bad date", func(a *ras.Assessment) { a.Date = ras.Date{Year: 2024, Month: 13, Day: 1} }, RASOptions{}, "date", ErrInvalidValue},
		{"no date", func(a *ras.Assessment) { a.Date = ras.Date{} }, RASOptions{}, "date", ErrInvalidValue},
		{"no id", func(a *ras.Assessment) { a.Person.ID = "" }, RASOptions{}, "person.id", ErrInvalidValue},
		// Issue #13 item 13: ids and dates as the CSV readers check them.
		{"NUL in person id", func(a *ras.Assessment) { a.Person.ID = "P\x00" }, RASOptions{}, "person.id", field.ErrText},
		{"broken helper id", func(a *ras.Assessment) { a.InformalHelp[0].HelperID = "\xffH" }, RASOptions{}, "informal_help[0].helper_id", field.ErrText},
		{"assessed in 9999", func(a *ras.Assessment) { a.Date = ras.Date{Year: 9999, Month: 12, Day: 31} }, RASOptions{}, "date", field.ErrYear},
		{"born in year 1", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 1, Month: 1, Day: 1} }, RASOptions{}, "person.date_of_birth", field.ErrYear},
		{"born in 1899", func(a *ras.Assessment) { a.Person.DateOfBirth = ras.Date{Year: 1899, Month: 12, Day: 31} }, RASOptions{}, "person.date_of_birth", field.ErrYear},
		{"hex score", func(a *ras.Assessment) { a.Independence[0].Level = "0x1p1" }, RASOptions{Instrument: in, Activities: map[string]string{"washing": "hygiene"}}, "independence[0].level", ErrUnknownLevel},
	}
	for _, c := range cases {
		a := rasChild()
		c.edit(a)
		_, _, err := FromRAS(a, c.opt)
		var re *RecordError
		if !errors.Is(err, c.err) || !errors.As(err, &re) || re.Field != c.field || re.Record != 0 {
			t.Errorf("%s: got %v, want field %s, %v", c.name, err, c.field, c.err)
			continue
		}
		if !strings.HasPrefix(err.Error(), "independence: ") {
			t.Errorf("%s: message %q", c.name, err)
		}
	}
	// FromRASAll names the index and keeps the good ones.
	good, bad := rasChild(), rasChild()
	bad.InformalHelp[0].HoursPerWeek = math.NaN()
	as, help, err := FromRASAll([]ras.Assessment{*good, *bad, *good}, RASOptions{})
	var re *RecordError
	if len(as) != 2 || len(help) != 6 || !errors.As(err, &re) || re.Record != 1 || re.Field != "informal_help[0].hours_per_week" {
		t.Errorf("FromRASAll: %d, %d, %v", len(as), len(help), err)
	}
}

// TestFromRASSynth feeds ras/synth's own assessments through the converter:
// every child and adult scores on personal-care-4 with the total that
// ras/synth's levels give by hand (independent 3 … full_help 0), and every
// ras/synth helper relationship has a mapping (none becomes "other").
func TestFromRASSynth(t *testing.T) {
	in, _ := Builtin("personal-care-4")
	start := synth.DefaultStart()
	rank := map[string]float64{"independent": 3, "prompting": 2, "some_help": 1, "full_help": 0}
	n := 0
	for p := range synth.Persons(11, 3000) {
		if p.Cohort == ras.CohortCarer {
			continue
		}
		ra := ras.Assessment{Date: p.AssessedOn(start), Cohort: p.Cohort, Person: p.RASPerson(start),
			Independence: p.Independence, InformalHelp: p.InformalHelp}
		a, help, err := FromRAS(&ra, RASOptions{Instrument: in})
		if err != nil {
			t.Fatalf("%s: %v", p.ID, err)
		}
		if math.Floor(a.AgeYears+1e-9) != float64(p.Age) {
			t.Fatalf("%s: age %v, ras/synth %d", p.ID, a.AgeYears, p.Age)
		}
		s, err := in.Score(a)
		if err != nil {
			t.Fatal(err)
		}
		want := 0.0
		for _, al := range p.Independence {
			want += rank[al.Level]
		}
		if s.Total != want {
			t.Fatalf("%s: total %v, want %v", p.ID, s.Total, want)
		}
		for _, h := range help {
			if h.Relationship == HelperOther {
				t.Fatalf("%s: helper %+v unmapped", p.ID, p.InformalHelp)
			}
		}
		n++
	}
	if n < 2000 {
		t.Errorf("only %d persons converted", n)
	}
}

func TestAgeYears(t *testing.T) {
	d := func(y, m, dd int) ras.Date { return ras.Date{Year: y, Month: time.Month(m), Day: dd} }
	cases := []struct {
		born, on ras.Date
		want     float64
	}{
		{d(2015, 3, 10), d(2015, 3, 10), 0},
		{d(2015, 3, 10), d(2016, 3, 9), 365.0 / 366}, // 2016 has 29 February
		{d(2015, 3, 10), d(2016, 3, 10), 1},
		{d(2006, 5, 1), d(2024, 5, 1), 18},              // days/365.25 would give 17.9986
		{d(2006, 5, 1), d(2024, 4, 30), 17 + 365.0/366}, // 2023-05-01 to 2024-05-01 has 366 days
		{d(2016, 2, 29), d(2017, 2, 28), 365.0 / 366},   // birthday on 1 March in 2017
		{d(2016, 2, 29), d(2017, 3, 1), 1},
		{d(2016, 2, 29), d(2020, 2, 29), 4},
		{d(2016, 2, 29), d(2019, 3, 1), 3},
	}
	for _, c := range cases {
		near(t, c.born.String()+" on "+c.on.String(), AgeYears(c.born, c.on), c.want, 1e-12)
	}
}
