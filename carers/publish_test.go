package carers

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

func TestPublish(t *testing.T) {
	// Cohort "big": 10 people, 6 with a carer (10 h each). Cohort "small": 3 people, 2 with a
	// carer (one 60 h, one 10 h).
	var people []Person
	var cs []Carer
	for i := range 10 {
		id := fmt.Sprintf("B%d", i)
		people = append(people, Person{PersonID: id, Cohort: "big"})
		if i < 6 {
			cs = append(cs, Carer{CarerID: "c" + id, PersonID: id, WeeklyHours: h("10")})
		}
	}
	for i := range 3 {
		id := fmt.Sprintf("S%d", i)
		people = append(people, Person{PersonID: id, Cohort: "small"})
	}
	cs = append(cs, Carer{CarerID: "cS0", PersonID: "S0", WeeklyHours: h("60")}, Carer{CarerID: "cS1", PersonID: "S1", WeeklyHours: h("10")})
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	vals, _ := v.ValueAll(nil, cs)
	s, err := Summarise(people, cs, vals, SummaryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Publish("cohort", disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// People table rows: big [6, 4], small [2, 1]. Primary: 4, 2, 1 hidden. Row big has one
	// hidden cell (4) → secondary hides 6. So every cell is hidden.
	for i := range 2 {
		for j := range 2 {
			if !p.People.Hidden(i, j) {
				t.Errorf("people cell %d,%d shown", i, j)
			}
		}
	}
	// Hours table: big [6, 0, 0], small [1, 0, 1]: both 1s primary; column "19 or less" then has
	// one hidden cell so 6 is hidden too; column "50 or more" has one hidden cell and only a
	// zero shown, so that zero is hidden (the disclosure rule's fallback).
	if !p.Hours.Hidden(0, 0) || !p.Hours.Hidden(1, 0) || !p.Hours.Hidden(1, 2) || !p.Hours.Hidden(0, 2) || p.Hours.Hidden(0, 1) {
		t.Errorf("hours status %v", p.Hours.Status)
	}
	if p.StatsHidden(0, false) || !p.StatsHidden(1, false) || !p.StatsHidden(0, true) {
		t.Error("stats hiding wrong: big per-adult (10 people) shown; small (3) hidden; big with-carer hidden (count hidden)")
	}
	var buf bytes.Buffer
	if err := p.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	// big per adult: four 0s and six 250s → mean 1500/10 = 150.00; type 7 (h = 9p + 1): Q1 at
	// h = 3.25 → 0, median at h = 5.5 → (x5 + x6)/2 = 250, Q3 at h = 7.75 → 250.
	want := []string{
		"cohort,people,with_carer,without_carer,share_with_carer,mean_weekly_per_adult,median_weekly_per_adult,q1_weekly_per_adult,q3_weekly_per_adult,mean_annual_per_adult,mean_weekly_per_adult_with_carer,median_weekly_per_adult_with_carer,carers_hours_19 or less,carers_hours_20 to 49,carers_hours_50 or more,carers_assessed_eligible,carers_assessed_not_eligible",
		"big,10,*,*,*,150.00,250.00,0.00,250.00,7800.00,*,*,*,0,*,0,0",
		"small,3,*,*,*,*,*,*,*,*,*,*,*,0,*,0,0",
		"all,13,8,5,0.615,,,,,,,,7,0,1,0,0",
	}
	if len(lines) != 4 {
		t.Fatalf("got\n%s", buf.String())
	}
	for i := range 3 {
		if lines[i] != want[i] {
			t.Errorf("line %d:\n got %s\nwant %s", i, lines[i], want[i])
		}
	}
	// Totals [8, 5] shown; hours totals [7, 0, 1]: 1 primary, then the smallest shown non-zero (7)
	// secondary.
	if !strings.HasPrefix(lines[3], "all,13,8,5,0.615,") || !strings.HasSuffix(lines[3], ",*,0,*,0,0") {
		t.Errorf("total row %s", lines[3])
	}
	if _, err := s.Publish("ward", disclosure.Options{}); err == nil {
		t.Error("unknown dimension accepted")
	}
}
