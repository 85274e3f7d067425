package ras_test

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// shippedCase is an assessment of a shipped model with what Assess gave.
type shippedCase struct {
	e    *ras.Engine
	a    *ras.Assessment
	pts  []int64
	week int64
	hrs  string
}

// shippedCases assesses three answer patterns per cohort of each shipped
// model.
func shippedCases(t *testing.T) []shippedCase {
	t.Helper()
	var out []shippedCase
	for _, name := range ras.ModelNames() {
		e, err := ras.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		m := e.Model()
		for _, c := range m.Cohorts {
			for k := range 3 {
				var as ras.Answers
				for _, d := range m.Domains {
					for _, q := range d.Questions {
						if q.Type == ras.QuestionNumber {
							as = append(as, ras.Answer{Question: q.ID, Value: *q.Min, IsValue: true})
						} else {
							as = append(as, ras.Answer{Question: q.ID, Option: q.Options[(k*7)%len(q.Options)].ID})
						}
					}
				}
				age := 40
				if c == ras.CohortChildren {
					age = 10
				}
				a := &ras.Assessment{ID: "F", Date: ras.Date{Year: 2025, Month: 1, Day: 6}, Cohort: c,
					Person: ras.Person{ID: "P", Age: &age, LivingSetting: ras.SettingHomeAlone}, Answers: as}
				r, err := e.Assess(a)
				if err != nil {
					continue
				}
				out = append(out, shippedCase{e, a, slices.Clone(r.DomainPoints()), r.WeeklyPence(), fmtHours(r)})
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no cases")
	}
	return out
}

// fmtHours writes a result's hours lines and total hours.
func fmtHours(r *ras.Result) string {
	s := ""
	for _, h := range r.Hours() {
		s += h.SupportType + "=" + h.Hours.String() + "/" + h.Weekly.String() + ";"
	}
	return s + r.TotalHours().String()
}

// TestResultReuseAcrossEngines reuses one Result across every shipped
// engine (different numbers of domains, questions, activities and support
// types), starting from a batch result and switching to clones and to
// another batch result: every assessment must give what a fresh Assess
// gave, and the batch results not reused must stay as they were.
func TestResultReuseAcrossEngines(t *testing.T) {
	cases := shippedCases(t)
	rng := rand.New(rand.NewPCG(3, 4))
	// Start from a result of AssessBatch, which has slab-backed slices.
	var all []ras.Assessment
	for _, c := range cases[:1] {
		all = append(all, *c.a)
	}
	batch, err := cases[0].e.AssessBatch(context.Background(), append(append(all, all...), all...), ras.BatchOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r := &batch[0]
	before := fmtHours(&batch[2])
	beforePts := slices.Clone(batch[2].DomainPoints())
	other := &batch[1]
	for i := range 5000 {
		c := cases[rng.IntN(len(cases))]
		switch rng.IntN(20) {
		case 0:
			r = r.Clone()
		case 1:
			r, other = other, r
		}
		if err := c.e.AssessInto(c.a, r, ras.AssessOptions{Trace: rng.IntN(3) == 0}); err != nil {
			t.Fatalf("iter %d: %v", i, err)
		}
		if !slices.Equal(r.DomainPoints(), c.pts) || r.WeeklyPence() != c.week || fmtHours(r) != c.hrs {
			t.Fatalf("iter %d %s: pts %v weekly %d hours %s; want %v %d %s", i, c.e.ID(), r.DomainPoints(), r.WeeklyPence(), fmtHours(r), c.pts, c.week, c.hrs)
		}
	}
	// The batch's other results are untouched by the reuse of batch[0..1].
	if fmtHours(&batch[2]) != before || !slices.Equal(beforePts, batch[2].DomainPoints()) {
		t.Errorf("batch[2] changed: %s %v, was %s %v", fmtHours(&batch[2]), batch[2].DomainPoints(), before, beforePts)
	}
}
