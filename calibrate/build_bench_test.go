package calibrate

import (
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// BenchmarkBuildDesign builds the 44-column design of the penny test from
// 20,000 synthetic assessments of the points model.
func BenchmarkBuildDesign(b *testing.B) {
	src, cs := synthAssessments(b, ras.ModelPoints, 20_000, 11, nil)
	as := assessmentsOf(cs)
	spec := richSpec(CostsExclude)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildDesign(src, as, spec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(as))*float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}

// BenchmarkExportAndScore exports an OLS fit and scores 20,000 assessments
// with the exported model.
func BenchmarkExportAndScore(b *testing.B) {
	src, cs := synthAssessments(b, ras.ModelPoints, 20_000, 11, nil)
	as := assessmentsOf(cs)
	d, err := BuildDesign(src, as, richSpec(CostsExclude))
	if err != nil {
		b.Fatal(err)
	}
	f, err := OLS(d.Design, Options{})
	if err != nil {
		b.Fatal(err)
	}
	var r ras.Result
	b.ReportAllocs()
	for b.Loop() {
		m, err := ExportLinear(d, f, ExportOptions{})
		if err != nil {
			b.Fatal(err)
		}
		eng, err := ras.Compile(m)
		if err != nil {
			b.Fatal(err)
		}
		for _, i := range d.Index {
			if err := eng.AssessInto(&as[i], &r, ras.AssessOptions{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
