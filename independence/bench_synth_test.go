package independence

import (
	"fmt"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// BenchmarkSynthChildren generates the children among 100,000 ras/synth
// persons (about 10,000 children, 28,000 reassessments).
func BenchmarkSynthChildren(b *testing.B) {
	b.ReportAllocs()
	var n int
	cpu0 := processCPU()
	for b.Loop() {
		ss, err := SynthChildren(1, 100_000, SynthChildOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n = len(ChildAssessments(ss))
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "reassessments/s")
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "reassessments/cpu-s")
	}
}

// BenchmarkPublishScoreCentiles: centiles of 1,000,000 scored assessments
// by year of age, with the distinct children per band (100,000 children,
// ten assessments each) and suppression.
func BenchmarkPublishScoreCentiles(b *testing.B) {
	const n = 1_000_000
	ages, tot := synthAgesScores(n)
	scores := make([]Score, n)
	for i := range scores {
		scores[i] = Score{PersonID: fmt.Sprintf("P%07d", i/10), AgeYears: ages[i], Total: tot[i]}
	}
	bands, _ := YearBands(0, 18, 1)
	b.ReportAllocs()
	cpu0 := processCPU()
	for b.Loop() {
		if _, err := PublishScoreCentiles(scores, bands, CentileOptions{}, disclosure.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := processCPU() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
}
