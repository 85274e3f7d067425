package calibrate

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// BenchmarkEligibilityScore scores 1,000,000 cases per iteration with a
// fitted, exported Care Act eligibility model (the default design on the
// stonesoup-points questionnaire: the 36 items that apply to adults, age,
// informal hours and three living settings, 39 terms) through the ras engine: AssessInto with a reused
// Result and the trace off. The model is fitted on 5,000 synthetic
// assessments and the cases (100,000 distinct synthetic assessments,
// cycled) are generated before the timer starts. The loop runs on one
// goroutine locked to one OS thread; it reports cases per second of wall
// clock and per CPU-second of that thread. The sub-benchmark pool=4096
// cycles through 4,096 cases that stay in cache, as package ras's own
// benchmarks do; pool=100000 (about 200 MB of assessments) reads every
// case from memory.
func BenchmarkEligibilityScore(b *testing.B) {
	m, train, _ := elData(b, 5000, 21, ras.CohortAdult, FrameworkCareActAdult)
	em, err := FitCareActEligibility(m, train, EligibilityOptions{})
	if err != nil {
		b.Fatal(err)
	}
	_, pool, _ := elData(b, 100_000, 22, ras.CohortAdult, FrameworkCareActAdult)
	for _, n := range []int{4096, 100_000} {
		b.Run(fmt.Sprintf("pool=%d", n), func(b *testing.B) { benchScore(b, em.Engine(), pool[:n]) })
	}
	// For comparison: the source points model (a budget, not a
	// probability) on the same cases, through the same engine.
	src, err := ras.Compile(m)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("source_points_model/pool=4096", func(b *testing.B) { benchScore(b, src, pool[:4096]) })
}

func benchScore(b *testing.B, eng *ras.Engine, pool []ras.Assessment) {
	const perOp = 1_000_000
	// The cases come from another copy of the model: intern their ids, as
	// reading them with the engine's model would (ras.ReadOptions.Model).
	pool = slices.Clone(pool)
	for i := range pool {
		pool[i].Answers = slices.Clone(pool[i].Answers)
		eng.Intern(&pool[i])
	}
	var r ras.Result
	if err := eng.AssessInto(&pool[0], &r, ras.AssessOptions{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var sum float64
	c0 := elThreadCPU()
	iters := 0
	for b.Loop() {
		j := 0
		for range perOp {
			if err := eng.AssessInto(&pool[j], &r, ras.AssessOptions{}); err != nil {
				b.Fatal(err)
			}
			sum += r.Probability + float64(r.TotalPoints)
			if j++; j == len(pool) {
				j = 0
			}
		}
		iters++
	}
	if cpu := elThreadCPU() - c0; cpu > 0 {
		b.ReportMetric(float64(perOp)*float64(iters)/cpu.Seconds(), "cases/cpu-s")
	}
	b.ReportMetric(float64(perOp)*float64(iters)/b.Elapsed().Seconds(), "cases/s")
	if sum <= 0 {
		b.Fatal("no probabilities")
	}
}
