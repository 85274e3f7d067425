package carers

import (
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// BenchmarkGenerate generates the carers of 100,000 synthetic persons (about 40,000 caring
// relationships), synth.Persons included.
func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s, err := Generate(1, 100_000, GenerateOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(s.Current)), "records")
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "persons/s")
}

// BenchmarkConvert converts 20,000 synthetic assessments (generated before the timer).
func BenchmarkConvert(b *testing.B) {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		b.Fatal(err)
	}
	g, err := synth.New(m, synth.Options{Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var as []ras.Assessment
	for a := range g.Assessments(20_000) {
		as = append(as, *a)
	}
	cv, _ := NewConverter(ConvertOptions{})
	b.ReportAllocs()
	for b.Loop() {
		for i := range as {
			if _, err := cv.Convert(&as[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(as))*float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}
