package ras_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// benchAssessments makes n assessments that answer every question of the
// model that applies to the cohort, in model order, with answers drawn from a
// seeded generator.
func benchAssessments(tb testing.TB, e *ras.Engine, n int) []ras.Assessment {
	tb.Helper()
	m := e.Model()
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]ras.Assessment, n)
	settings := []ras.LivingSetting{ras.SettingHomeAlone, ras.SettingHomeFamily, ras.SettingSupportedLiving, ras.SettingResidential}
	for i := range out {
		c := m.Cohorts[i%len(m.Cohorts)]
		age := 18 + rng.IntN(80)
		if c == ras.CohortChildren {
			age = rng.IntN(18)
		}
		a := ras.Assessment{ID: fmt.Sprintf("A%07d", i), Date: ras.Date{Year: 2025, Month: 3, Day: 1}, Cohort: c,
			Person: ras.Person{ID: fmt.Sprintf("P%07d", i), Age: &age, LivingSetting: settings[rng.IntN(len(settings))]}}
		for _, d := range m.Domains {
			for _, q := range d.Questions {
				if len(q.Cohorts) > 0 && q.Cohorts[0] != c {
					continue
				}
				if q.Type == ras.QuestionNumber {
					a.Answers = append(a.Answers, ras.Answer{Question: q.ID, Value: float64(rng.IntN(int(*q.Max) + 1)), IsValue: true})
				} else {
					a.Answers = append(a.Answers, ras.Answer{Question: q.ID, Option: q.Options[rng.IntN(len(q.Options))].ID})
				}
			}
		}
		out[i] = a
	}
	return out
}

func benchFamily(b *testing.B, name string, trace bool) {
	e, err := ras.Load(name)
	if err != nil {
		b.Fatal(err)
	}
	as := benchAssessments(b, e, 4096)
	var r ras.Result
	for i := range as {
		if err := e.AssessInto(&as[i], &r, ras.AssessOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		a := &as[i&4095]
		i++
		if trace {
			res, err := e.Assess(a)
			if err != nil {
				b.Fatal(err)
			}
			_ = res.Weekly()
			_ = res.Annual()
			continue
		}
		if err := e.AssessInto(a, &r, ras.AssessOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssessPoints: one goroutine, reused result, trace off.
func BenchmarkAssessPoints(b *testing.B) { benchFamily(b, ras.ModelPoints, false) }

// BenchmarkAssessHours: one goroutine, reused result, trace off.
func BenchmarkAssessHours(b *testing.B) { benchFamily(b, ras.ModelHours, false) }

// BenchmarkAssessRegression: one goroutine, reused result, trace off.
func BenchmarkAssessRegression(b *testing.B) { benchFamily(b, ras.ModelIBudget5b, false) }

// BenchmarkAssessFull measures the full Assess: a new result with its trace
// and the decimal amounts.
func BenchmarkAssessFull(b *testing.B) {
	for _, name := range ras.ModelNames() {
		b.Run(name, func(b *testing.B) { benchFamily(b, name, true) })
	}
}

// BenchmarkAssessBatch scores 200,000 synthetic assessments (ras/synth,
// all four cohorts) with AssessBatch on every CPU.
func BenchmarkAssessBatch(b *testing.B) {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		b.Fatal(err)
	}
	e, err := ras.Compile(m)
	if err != nil {
		b.Fatal(err)
	}
	g, err := synth.New(m, synth.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	as := make([]ras.Assessment, 0, 200_000)
	for a := range g.Assessments(200_000) {
		as = append(as, *a)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.AssessBatch(context.Background(), as, ras.BatchOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(as))*float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}
