package carers

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// testCarers makes n varied records deterministically (seeded), for benchmarks and tests. A
// public generator keyed on ras/synth persons is separate.
func testCarers(n int, seed uint64) []Carer {
	rng := rand.New(rand.NewPCG(seed, 0x6361726572))
	tri := func() Tri { return Tri(rng.IntN(3)) }
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Carer, n)
	for i := range out {
		hrs := Hours(rng.IntN(int(100*HoursPerHour) + 1))
		c := Carer{
			CarerID: fmt.Sprintf("C%07d", i), PersonID: fmt.Sprintf("P%07d", i/2),
			AssessedOn:  base.AddDate(0, 0, rng.IntN(365)),
			WeeklyHours: hrs, BehaviourToCarer: Behaviour(rng.IntN(int(numBehaviour))),
			LivesWith: tri(), OtherSupport: tri(), HealthDeteriorating: tri(), BreaksRefused: tri(),
			StrainScore: NoScore,
		}
		switch rng.IntN(3) {
		case 0:
			c.StrainInstrument, c.StrainScore = "csi", rng.IntN(14)
		case 1:
			c.StrainInstrument, c.StrainScore = "mcsi", rng.IntN(27)
		}
		if rng.IntN(4) == 0 { // a quarter have a breakdown
			night := Hours(rng.IntN(int(hrs) + 1))
			c.Split = []CareHours{{ActivityPersonalCare, PeriodNight, night}, {ActivityAny, PeriodDay, hrs - night}}
		}
		out[i] = c
	}
	return out
}

// BenchmarkValueAndFlag values and flags 1,000,000 carers per iteration on one goroutine. Data
// are generated before the timer starts; the loop allocates nothing.
func BenchmarkValueAndFlag(b *testing.B) {
	for _, n := range []int{1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			carers := testCarers(n, 1)
			card := DefaultRateCard()
			card.Rates = []Rate{{Activity: ActivityPersonalCare, Period: PeriodNight, PerHour: dec("30")}}
			v, err := NewReplacementCost(card, ValuationOptions{WeeksPerYear: dec("52.1429")})
			if err != nil {
				b.Fatal(err)
			}
			m, err := NewRiskModel(DefaultRiskConfig(), nil)
			if err != nil {
				b.Fatal(err)
			}
			vals := make([]Valuation, n)
			risks := make([]Risk, n)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := processCPU()
			for b.Loop() {
				for i := range carers {
					x, err := v.Value(&carers[i])
					if err != nil {
						b.Fatal(err)
					}
					vals[i] = x
					risks[i] = m.Assess(&carers[i])
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
			if cpu := processCPU() - cpu0; cpu > 0 {
				b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "records/cpu-s")
			}
		})
	}
}

func BenchmarkPrioritise(b *testing.B) {
	cur := testCarers(100_000, 2)
	m, _ := NewRiskModel(DefaultRiskConfig(), nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := m.Prioritise(cur, nil, PriorityOptions{MinLevel: "high"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummarise(b *testing.B) {
	carers := testCarers(1_000_000, 3)
	people := make([]Person, 500_000)
	for i := range people {
		people[i] = Person{PersonID: fmt.Sprintf("P%07d", i), Cohort: []string{"older", "ld", "mh", "pd"}[i%4], Locality: fmt.Sprintf("L%d", i%12)}
	}
	v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
	vals, err := v.ValueAll(nil, carers)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarise(people, carers, vals, SummaryOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTestCarersValid(t *testing.T) {
	for i, c := range testCarers(2000, 9) {
		if err := c.Validate(); err != nil {
			t.Fatalf("%d: %v", i, err)
		}
	}
}
