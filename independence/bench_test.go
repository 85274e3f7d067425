package independence

import (
	"math/rand/v2"
	"testing"
)

// synthAgesScores makes n children aged 0–18 with personal-care totals
// (0–15, integers, many ties) that rise with age.
func synthAgesScores(n int) (ages, scores []float64) {
	r := rand.New(rand.NewPCG(20240503, 6))
	ages = make([]float64, n)
	scores = make([]float64, n)
	for i := range ages {
		a := r.Float64() * 18
		ages[i] = a
		s := float64(int(a/18*15 + r.NormFloat64()*2))
		scores[i] = min(15, max(0, s))
	}
	return
}

func BenchmarkAgeBandCentiles(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		ages, scores := synthAgesScores(n)
		bands, _ := YearBands(0, 18, 1)
		b.Run(sizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := AgeBandCentiles(ages, scores, bands, CentileOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
		})
	}
}

// BenchmarkAgeBandCentilesFloat uses non-integer scores, so every band
// takes the comparison-sort path.
func BenchmarkAgeBandCentilesFloat(b *testing.B) {
	ages, scores := synthAgesScores(1_000_000)
	for i := range scores {
		scores[i] += ages[i] - float64(int(ages[i]))
	}
	bands, _ := YearBands(0, 18, 1)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AgeBandCentiles(ages, scores, bands, CentileOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLMSZ(b *testing.B) {
	tab, _ := NewLMSTable("wfa", []LMSRow{{Age: 0, LMS: LMS{0.3487, 3.3464, 0.14602}}, {Age: 60, LMS: LMS{-0.1506, 18.3366, 0.13517}}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tab.Z(30.5, 13, LMSOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMannKendall(b *testing.B) {
	for _, n := range []int{20, 200} {
		ages, scores := synthAgesScores(n)
		b.Run(sizeName(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := MannKendall(ages, scores); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScoreBarthel(b *testing.B) {
	in, _ := Builtin("barthel-100")
	a := Assessment{PersonID: "P", Levels: barthelAll()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := in.Score(a); err != nil {
			b.Fatal(err)
		}
	}
}

func sizeName(n int) string {
	switch {
	case n >= 1_000_000:
		return itoa(n/1_000_000) + "M"
	case n >= 1000:
		return itoa(n/1000) + "k"
	}
	return itoa(n)
}

func itoa(n int) string { return fmtF(float64(n)) }
