package eligibility

import (
	"math"
	"testing"
)

func findTable(ts []Table, name string) *Table {
	for i := range ts {
		if ts[i].Name == name {
			return &ts[i]
		}
	}
	return nil
}

func TestSummaryCounts(t *testing.T) {
	gA := Group{Cohort: "older", Locality: "north", Period: "2025Q1"}
	gB := Group{Cohort: "older", Locality: "south", Period: "2025Q1"}
	var s Summary
	// Group A: two eligible adults (nutrition+hygiene; hygiene+toilet), one
	// not eligible with only hygiene unmet.
	mk := func(outs ...Outcome) AdultResult {
		a := AdultAssessment{ImpairmentOrIllness: true, WellBeing: 1, SignificantImpact: true}
		for _, o := range outs {
			a.Outcomes[o] = LimbWithoutAssistance
		}
		r, err := EvaluateAdult(&a)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	s.AddAdult(gA, mk(OutcomeNutrition, OutcomePersonalHygiene))
	s.AddAdult(gA, mk(OutcomePersonalHygiene, OutcomeToiletNeeds))
	s.AddAdult(gA, mk(OutcomePersonalHygiene))
	// Group B: one not eligible, nothing unmet.
	s.AddAdult(gB, mk())

	ts := s.rawTables()
	el := findTable(ts, TableAdultEligibility)
	if el == nil || len(el.Rows) != 3 {
		t.Fatalf("eligibility table: %+v", el)
	}
	want := []struct {
		g      Group
		total  bool
		n      int64
		counts []int64
	}{
		{gA, false, 3, []int64{2, 1}},
		{gB, false, 1, []int64{0, 1}},
		{Group{}, true, 4, []int64{2, 2}},
	}
	for i, w := range want {
		r := el.Rows[i]
		if r.Group != w.g || r.Total != w.total || r.N != w.n || r.Counts[0] != w.counts[0] || r.Counts[1] != w.counts[1] {
			t.Errorf("row %d: got %+v, want %+v", i, r, w)
		}
	}
	if got := el.Rows[0].Rate(0); math.Abs(got-2.0/3) > 1e-15 {
		t.Errorf("rate: got %v, want 2/3", got)
	}
	out := findTable(ts, TableAdultOutcomes)
	tot := out.Rows[len(out.Rows)-1]
	if tot.Counts[OutcomePersonalHygiene] != 3 || tot.Counts[OutcomeNutrition] != 1 || tot.Counts[OutcomeToiletNeeds] != 1 || tot.Counts[OutcomeClothed] != 0 {
		t.Errorf("outcome totals: %v", tot.Counts)
	}
	rank := out.Ranked()
	if rank[0] != int(OutcomePersonalHygiene) || rank[1] != int(OutcomeNutrition) || rank[2] != int(OutcomeToiletNeeds) {
		t.Errorf("ranking: %v", rank[:3])
	}
	cond := findTable(ts, TableAdultConditions)
	if c := cond.Rows[len(cond.Rows)-1].Counts; c[0] != 0 || c[1] != 2 || c[2] != 0 {
		t.Errorf("conditions failed: %v, want [0 2 0]", c)
	}
	if findTable(ts, TableDSTSummary) != nil {
		t.Error("empty DST table should be left out")
	}
}

func TestSummaryCHCAndMerge(t *testing.T) {
	g := Group{Cohort: "ld"}
	var s1, s2 Summary
	d1, _ := EvaluateDST(dstWith(map[Domain]Level{DomainBreathing: LevelPriority}), DSTOptions{})
	d2, _ := EvaluateDST(dstWith(map[Domain]Level{DomainSkin: LevelHigh, DomainMobility: LevelModerate}), DSTOptions{})
	d3, _ := EvaluateDST(dstWith(nil), DSTOptions{})
	s1.AddDST(g, d1)
	s1.AddDST(g, d2)
	s2.AddDST(g, d3)
	k1, _ := EvaluateChecklist(checklistWith(map[Domain]Score{DomainBehaviour: ScoreA}))
	s2.AddChecklist(g, k1)
	c1, _ := EvaluateCarer(carer(true, true, true, 1, map[CarerOutcome]Limbs{CarerOutcomeRecreation: LimbWithoutAssistance}))
	s2.AddCarer(g, c1)
	s1.Merge(&s2)
	ts := s1.rawTables()
	sum := findTable(ts, TableDSTSummary)
	if r := sum.Rows[0]; r.N != 3 || r.Counts[0] != 1 || r.Counts[1] != 1 || r.Counts[2] != 1 {
		t.Errorf("DST summary row: %+v", r)
	}
	ind := findTable(ts, TableDSTIndicators)
	if r := ind.Rows[0]; r.Counts[0] != 1 || r.Counts[3] != 1 || r.Counts[1] != 0 {
		t.Errorf("DST indicators row: %+v", r)
	}
	ck := findTable(ts, TableChecklistThreshold)
	if r := ck.Rows[0]; r.N != 1 || r.Counts[3] != 1 {
		t.Errorf("Checklist thresholds row: %+v", r)
	}
	routes := findTable(ts, TableCarerRoutes)
	if r := routes.Rows[0]; r.Counts[0] != 1 || r.Counts[1] != 1 {
		t.Errorf("carer routes: %+v", r)
	}
	co := findTable(ts, TableCarerOutcomes)
	if r := co.Rows[0]; r.Counts[CarerOutcomeRecreation] != 1 {
		t.Errorf("carer outcomes: %+v", r)
	}
	for _, tb := range ts {
		if !tb.Exclusive {
			continue
		}
		for _, r := range tb.Rows {
			var sum int64
			for _, v := range r.Counts {
				sum += v
			}
			if sum != r.N {
				t.Errorf("%s: exclusive row sums to %d, N %d", tb.Name, sum, r.N)
			}
		}
	}
}
