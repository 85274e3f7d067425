package carers

import (
	"errors"
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

func TestCarerValidate(t *testing.T) {
	ok := Carer{CarerID: "C", PersonID: "P", WeeklyHours: h("10"), AssessedOn: day("2024-05-01"), CaringSince: day("2020-01-01"),
		StrainInstrument: "csi", StrainScore: 3}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		mod   func(*Carer)
		want  error
		field string
	}{
		{"no carer id", func(c *Carer) { c.CarerID = "" }, ErrMissingField, "carer_id"},
		{"no person id", func(c *Carer) { c.PersonID = "" }, ErrMissingField, "person_id"},
		{"dates", func(c *Carer) { c.CaringSince = day("2024-05-02") }, ErrDateOrder, "caring_since"},
		{"negative", func(c *Carer) { c.WeeklyHours = -1 }, ErrNegativeHours, "weekly_hours"},
		{"score without instrument", func(c *Carer) { c.StrainInstrument = "" }, ErrMissingField, "strain_instrument"},
		{"negative score", func(c *Carer) { c.StrainScore = -2 }, ErrScoreRange, "strain_score"},
		{"bad tri", func(c *Carer) { c.BreaksRefused = 7 }, ErrBadValue, "breaks_refused"},
		{"bad behaviour", func(c *Carer) { c.BehaviourToCarer = 9 }, ErrBadValue, "behaviour_to_carer"},
		{"bad activity", func(c *Carer) { c.Split = []CareHours{{Activity: 99, Hours: c.WeeklyHours}} }, ErrBadValue, "split[0].activity"},
		// Issue #13 item 13: ids and dates in memory are checked as ReadCSV checks them.
		{"NUL in carer id", func(c *Carer) { c.CarerID = "C\x00" }, field.ErrText, "carer_id"},
		{"broken person id", func(c *Carer) { c.PersonID = "\xffP" }, field.ErrText, "person_id"},
		{"assessed in year 9999", func(c *Carer) { c.AssessedOn = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC) }, field.ErrYear, "assessed_on"},
		{"caring since year 1", func(c *Carer) { c.CaringSince = time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC) }, field.ErrYear, "caring_since"},
	}
	for _, tc := range tests {
		c := ok
		tc.mod(&c)
		err := c.Validate()
		var re *RecordError
		if !errors.Is(err, tc.want) || !errors.As(err, &re) || re.Field != tc.field || re.Index != -1 {
			t.Errorf("%s: got %v, want %v in %s", tc.name, err, tc.want, tc.field)
		}
	}
}

func TestExplain(t *testing.T) {
	card := RateCard{Name: "t", Source: "s", Default: dec("25"), Rates: []Rate{{Activity: ActivityPersonalCare, Period: PeriodNight, PerHour: dec("30.50")}}}
	v, _ := NewReplacementCost(card, ValuationOptions{})
	c := Carer{CarerID: "C", PersonID: "P", WeeklyHours: h("12.25"), Split: []CareHours{
		{ActivityPersonalCare, PeriodNight, h("2.25")}, {ActivityDomestic, PeriodDay, h("10")}}}
	lines, err := v.Explain(&c)
	if err != nil {
		t.Fatal(err)
	}
	// 2.25 h × 3050p = 6862.5p → 686250 centipence; 10 h × 2500p = 25000p → 2500000.
	if len(lines) != 2 || lines[0].RatePence != 3050 || lines[0].CentiPence != 686250 || lines[1].RatePence != 2500 || lines[1].CentiPence != 2500000 {
		t.Errorf("lines %+v", lines)
	}
	// Weekly 318.625 → 318.63 (half up); annual 318.625 × 52 = 16568.50.
	x, _ := v.Value(&c)
	if !x.Weekly().Equal(dec("318.63")) || !x.Annual().Equal(dec("16568.50")) {
		t.Errorf("value %s %s", x.Weekly(), x.Annual())
	}
}
