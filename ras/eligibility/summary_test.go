package eligibility

import (
	"errors"
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
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
	if got, ok := el.Rows[0].Rate(0); !ok || math.Abs(got-2.0/3) > 1e-15 {
		t.Errorf("rate: got %v, %v, want 2/3", got, ok)
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

// Suppression cases worked by hand from the rule in ras/disclosure's
// package documentation (threshold 5).
func TestSummarySuppressionExclusive(t *testing.T) {
	met := AdultResult{Met: true}
	notMet := AdultResult{Failed: Conditions(ConditionEffect)}
	var s Summary
	add := func(g Group, nMet, nNot int) {
		for range nMet {
			s.AddAdult(g, met)
		}
		for range nNot {
			s.AddAdult(g, notMet)
		}
	}
	gA, gB, gC := Group{Locality: "A"}, Group{Locality: "B"}, Group{Locality: "C"}
	add(gA, 20, 3)
	add(gB, 10, 12)
	add(gC, 7, 9)
	ts, err := s.Tables(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	el := findTable(ts, TableAdultEligibility)
	// Row A: 3 is primary; 20 is then the only shown cell of row A
	// (secondary). Column "met" then has one hidden cell (20): the smallest
	// shown, 7 (row C), is hidden. Column "not met" likewise: 9 (row C).
	P, S, O := disclosure.Primary, disclosure.Secondary, disclosure.Shown
	want := [][]disclosure.Status{{S, P}, {O, O}, {S, S}, {O, O}}
	wantCounts := [][]int64{{0, 0}, {10, 12}, {0, 0}, {37, 24}}
	wantN := []int64{23, 22, 16, 61}
	for i, r := range el.Rows {
		for j := range 2 {
			if r.Status[j] != want[i][j] || r.Counts[j] != wantCounts[i][j] {
				t.Errorf("row %d col %d: got %v %d, want %v %d", i, j, r.Status[j], r.Counts[j], want[i][j], wantCounts[i][j])
			}
		}
		if r.N != wantN[i] || r.SmallN {
			t.Errorf("row %d: N %d small %v, want %d false", i, r.N, r.SmallN, wantN[i])
		}
	}
	hidden, hiddenOK := el.Rows[0].Rate(1)
	shown, shownOK := el.Rows[1].Rate(0)
	if hiddenOK || hidden != 0 || !shownOK || math.Abs(shown-10.0/22) > 1e-15 {
		t.Errorf("rates: hidden %v, %v (want 0, false); shown %v, %v (want 10/22, true)", hidden, hiddenOK, shown, shownOK)
	}
}

func TestSummarySuppressionNonExclusive(t *testing.T) {
	mk := func(outs ...Outcome) AdultResult {
		var r AdultResult
		for _, o := range outs {
			r.Unmet |= 1 << o
		}
		return r
	}
	var s Summary
	gA, gB := Group{Period: "2025Q1"}, Group{Period: "2025Q2"}
	n, h, toilet := OutcomeNutrition, OutcomePersonalHygiene, OutcomeToiletNeeds
	for range 2 {
		s.AddAdult(gA, mk(n, h))
	}
	for range 4 {
		s.AddAdult(gA, mk(h))
	}
	for range 7 {
		s.AddAdult(gB, mk(n, h))
	}
	for range 3 {
		s.AddAdult(gB, mk(n, toilet))
	}
	ts, err := s.Tables(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := findTable(ts, TableAdultOutcomes)
	P, S, O := disclosure.Primary, disclosure.Secondary, disclosure.Shown
	// Nutrition: A=2 (primary), B=10 (secondary, else 12-2 recovers it),
	// total 12 shown. Hygiene: 6, 7, total 13, all shown. Toilet: A=0 is
	// the only other cell of its column, so it is hidden (secondary); B=3
	// primary; the total 3 is below the threshold (primary).
	checks := []struct {
		row  int
		col  Outcome
		st   disclosure.Status
		want int64
	}{
		{0, n, P, 0}, {1, n, S, 0}, {2, n, O, 12},
		{0, h, O, 6}, {1, h, O, 7}, {2, h, O, 13},
		{0, toilet, S, 0}, {1, toilet, P, 0}, {2, toilet, P, 0},
		{0, OutcomeClothed, O, 0}, {2, OutcomeClothed, O, 0},
	}
	for _, c := range checks {
		r := out.Rows[c.row]
		if r.Status[c.col] != c.st || r.Counts[c.col] != c.want {
			t.Errorf("row %d %v: got %v %d, want %v %d", c.row, c.col, r.Status[c.col], r.Counts[c.col], c.st, c.want)
		}
	}
	// Most often unmet, with the hidden total (toilet) last.
	rank := out.Ranked()
	if rank[0] != int(h) || rank[1] != int(n) || rank[len(rank)-1] != int(toilet) {
		t.Errorf("ranking %v", rank)
	}
}

func TestSummaryTablesOptions(t *testing.T) {
	var s Summary
	s.AddAdult(Group{}, AdultResult{Met: true})
	if _, err := s.Tables(disclosure.Options{WithoutTotals: true}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("WithoutTotals: got %v", err)
	}
	if _, err := s.Tables(disclosure.Options{Threshold: -1}); !errors.Is(err, ErrInvalidOptions) || !errors.Is(err, disclosure.ErrThreshold) {
		t.Errorf("negative threshold: got %v", err)
	}
	ts, err := s.Tables(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := findTable(ts, TableAdultEligibility).Rows[0]; !r.SmallN || !r.Hidden(0) || r.Counts[0] != 0 {
		t.Errorf("single adult row: %+v", r)
	}
}
