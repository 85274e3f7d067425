package pathway

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// perfSurv re-implements the recipe of gen_perf_data.R (surv_1000000) with
// Go's PCG generator and a fixed seed: true wait ~ Weibull(shape 1.1, scale
// 35), administrative censoring ~ Uniform(1, 180); time_days =
// ceiling(min(t, c)), time_cont = min(t, c), status = t <= c.
func perfSurv(n int) (days, cont []float64, status []bool) {
	r := rand.New(rand.NewPCG(20240701, 1))
	days = make([]float64, n)
	cont = make([]float64, n)
	status = make([]bool, n)
	for i := range n {
		t := 35 * math.Pow(-math.Log(1-r.Float64()), 1/1.1)
		c := 1 + 179*r.Float64()
		m := math.Min(t, c)
		cont[i] = m
		days[i] = math.Ceil(m)
		status[i] = t <= c
	}
	return days, cont, status
}

func BenchmarkKaplanMeier(b *testing.B) {
	days, cont, status := perfSurv(1_000_000)
	b.Run("integer_days_1M", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := KaplanMeier(days, status, KMOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("continuous_1M", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := KaplanMeier(cont, status, KMOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkQuantiles(b *testing.B) {
	days, cont, _ := perfSurv(1_000_000)
	probs := []float64{0.1, 0.25, 0.5, 0.75, 0.9}
	b.Run("integer_days_1M", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := SummariseWaits(days, WaitOptions{Probs: probs}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("continuous_1M", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := SummariseWaits(cont, WaitOptions{Probs: probs}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// joinData generates a synthetic county and trims it to exactly n events,
// 0.3n services and 3n finance rows.
func joinData(b *testing.B, n int) ([]Event, []Service, []Transaction) {
	b.Helper()
	ids := make([]string, n/4)
	for i := range ids {
		ids[i] = "P" + strconv.Itoa(1000000+i)
	}
	s, err := Synthesize(ids, SynthOptions{Seed: 7, ServiceChanges: 2, FinancePeriodDays: 7})
	if err != nil {
		b.Fatal(err)
	}
	if len(s.Events) < n || len(s.Services) < 3*n/10 || len(s.Transactions) < 3*n {
		b.Fatalf("generated %d events, %d services, %d transactions; need %d, %d, %d", len(s.Events), len(s.Services), len(s.Transactions), n, 3*n/10, 3*n)
	}
	return s.Events[:n], s.Services[:3*n/10], s.Transactions[:3*n]
}

func BenchmarkJoin(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		evs, svs, fns := joinData(b, n)
		runtime.GC() // do not time the generator's garbage
		b.Run(fmt.Sprintf("events_%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Join(evs, svs, fns, JoinOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSynthesize generates the pathway data of 100,000 ras/synth
// persons (about 700k events, 110k services and 650k finance rows).
func BenchmarkSynthesize(b *testing.B) {
	ids := synthIDs(0, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Synthesize(ids, SynthOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareMoney compares estimates, planned and actual for 100,000
// persons of a joined synthetic county.
func BenchmarkCompareMoney(b *testing.B) {
	ids := synthIDs(0, 100_000)
	s, err := Synthesize(ids, SynthOptions{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	j, err := Join(s.Events, s.Services, s.Transactions, JoinOptions{MatchEpisode: true})
	if err != nil {
		b.Fatal(err)
	}
	est := make(map[string]decimal.Decimal, len(ids))
	for i, id := range ids {
		est[id] = decimal.New(int64(10000+i%90000), -2)
	}
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CompareMoney(j, est, MoneyOptions{To: s.Extract}); err != nil {
			b.Fatal(err)
		}
	}
}
