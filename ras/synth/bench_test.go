package synth

import (
	"fmt"
	"testing"
)

// BenchmarkPerson measures the facts of one person (carer links included).
func BenchmarkPerson(b *testing.B) {
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = Person(7, i)
		i++
	}
}

// BenchmarkCases streams n cases of the rich all-cohort test model (10
// questions answered per adult) and of the gen_synth-shaped model (64
// questions) through the iterator.
func BenchmarkCases(b *testing.B) {
	for _, tc := range []struct {
		name, js string
		n        int
	}{
		{"rich/n=200000", richModelJSON, 200_000},
		{"gen_synth/n=200000", genSynthModelJSON(), 200_000},
		{"rich/n=1000000", richModelJSON, 1_000_000},
	} {
		b.Run(tc.name, func(b *testing.B) {
			g := newGen(b, tc.js, Options{Seed: 1})
			b.ReportAllocs()
			for b.Loop() {
				var sum int64
				for c := range g.Cases(tc.n) {
					sum += c.CostPence
				}
				if sum == 0 {
					b.Fatal("no costs")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(tc.n), "ns/case")
		})
	}
}

// BenchmarkSlice generates 200,000 cases of the rich model into a slice on
// GOMAXPROCS goroutines.
func BenchmarkSlice(b *testing.B) {
	g := newGen(b, richModelJSON, Options{Seed: 1})
	const n = 200_000
	b.Run(fmt.Sprintf("rich/n=%d", n), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if cs := g.Slice(n); len(cs) != n {
				b.Fatal("short")
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/case")
	})
}
