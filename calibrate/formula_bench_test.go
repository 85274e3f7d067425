package calibrate

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchFrame is a frame like the shared assessment data: n rows, eight
// domain scores, age, informal hours, a four-level setting and a cost.
func benchFrame(b *testing.B, n int) (*Frame, []byte) {
	b.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	var buf bytes.Buffer
	buf.WriteString("cost,d1,d2,d3,d4,d5,d6,d7,d8,age,hours,setting\n")
	settings := []string{"home_alone", "home_family", "supported_living", "residential"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&buf, "%.2f", 50+r.Float64()*500)
		for k := 0; k < 8; k++ {
			fmt.Fprintf(&buf, ",%d", r.IntN(10))
		}
		fmt.Fprintf(&buf, ",%d,%.1f,%s\n", 18+r.IntN(80), r.Float64()*20, settings[r.IntN(4)])
	}
	fr, err := ReadFrame(bytes.NewReader(buf.Bytes()), FrameOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return fr, buf.Bytes()
}

const benchFormula = "cost ~ d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 + age + hours + setting + setting:age"

func BenchmarkNewModelMatrix(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			fr, _ := benchFrame(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewModelMatrix(benchFormula, fr, FormulaOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReadFrame(b *testing.B) {
	_, data := benchFrame(b, 100_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadFrame(bytes.NewReader(data), FrameOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
