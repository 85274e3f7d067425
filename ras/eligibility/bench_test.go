package eligibility

import (
	"math/rand/v2"
	"testing"
)

const benchN = 1_000_000

// synthAdults generates n valid adult assessments with a fixed seed. It is
// called outside the timed loop.
func synthAdults(n int) []AdultAssessment {
	rng := rand.New(rand.NewPCG(1, 2))
	out := make([]AdultAssessment, n)
	for i := range out {
		a := &out[i]
		a.ImpairmentOrIllness = rng.IntN(10) != 0
		for o := range a.Outcomes {
			if rng.IntN(4) == 0 {
				a.Outcomes[o] = Limbs(1 + rng.IntN(15))
			}
		}
		a.WellBeing = WellBeingSet(rng.IntN(1 << NumWellBeingAreas))
		a.SignificantImpact = a.WellBeing != 0 && rng.IntN(3) != 0
	}
	return out
}

func synthCarers(n int) []CarerAssessment {
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([]CarerAssessment, n)
	for i := range out {
		c := &out[i]
		c.NecessaryCare = rng.IntN(10) != 0
		c.HealthDeteriorating = rng.IntN(3) == 0
		for o := range c.Outcomes {
			if rng.IntN(5) == 0 {
				c.Outcomes[o] = Limbs(1 + rng.IntN(7))
			}
		}
		c.WellBeing = WellBeingSet(rng.IntN(1 << NumWellBeingAreas))
		c.SignificantImpact = c.WellBeing != 0 && rng.IntN(3) != 0
	}
	return out
}

func synthDSTs(n int) []DST {
	rng := rand.New(rand.NewPCG(5, 6))
	out := make([]DST, n)
	for i := range out {
		for d := range Domain(NumDomains) {
			allowed := AllowedLevels(d).levels()
			if d == DomainOther && rng.IntN(2) == 0 {
				continue // not recorded
			}
			// Skew towards lower levels.
			k := min(rng.IntN(len(allowed)), rng.IntN(len(allowed)))
			out[i].Levels[d] = allowed[k]
		}
	}
	return out
}

func synthChecklists(n int) []Checklist {
	rng := rand.New(rand.NewPCG(7, 8))
	out := make([]Checklist, n)
	for i := range out {
		for d := range out[i].Scores {
			out[i].Scores[d] = Score(1 + min(rng.IntN(3), rng.IntN(3)))
		}
	}
	return out
}

// levels lists the levels in s (test helper).
func (s LevelSet) levels() []Level {
	var out []Level
	for l := range Level(NumLevels) {
		if s.Has(l) {
			out = append(out, l)
		}
	}
	return out
}

func BenchmarkEvaluateAdult1M(b *testing.B) {
	as := synthAdults(benchN)
	b.ReportAllocs()
	cpuRate(b, benchN, func() {
		for i := range as {
			if _, err := EvaluateAdult(&as[i]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEvaluateCarer1M(b *testing.B) {
	cs := synthCarers(benchN)
	b.ReportAllocs()
	cpuRate(b, benchN, func() {
		for i := range cs {
			if _, err := EvaluateCarer(&cs[i]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEvaluateDST1M(b *testing.B) {
	ds := synthDSTs(benchN)
	b.ReportAllocs()
	cpuRate(b, benchN, func() {
		for i := range ds {
			if _, err := EvaluateDST(&ds[i], DSTOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEvaluateChecklist1M(b *testing.B) {
	cs := synthChecklists(benchN)
	b.ReportAllocs()
	cpuRate(b, benchN, func() {
		for i := range cs {
			if _, err := EvaluateChecklist(&cs[i]); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAdultReasons measures the lazy rendering, for comparison; it is
// not part of the evaluation.
func BenchmarkAdultReasons(b *testing.B) {
	as := synthAdults(1000)
	rs := make([]AdultResult, len(as))
	for i := range as {
		rs[i], _ = EvaluateAdult(&as[i])
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = rs[i%len(rs)].Reasons()
		i++
	}
}
