package stats

import (
	"encoding/binary"
	"math"
	"slices"
	"testing"
)

// FuzzQuantile: no panics, and for sorted data every type's quantile lies in
// [min, max] and is non-decreasing in p. QuantileUnchecked on unsorted data
// must not panic either.
func FuzzQuantile(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 0.3)
	f.Add([]byte{}, 0.5)
	f.Fuzz(func(t *testing.T, raw []byte, p float64) {
		var x []float64
		for len(raw) >= 8 && len(x) < 64 {
			v := math.Float64frombits(binary.LittleEndian.Uint64(raw))
			raw = raw[8:]
			if !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e300 {
				x = append(x, v)
			}
		}
		for typ := Type1; typ <= Type9; typ++ {
			_, _ = QuantileUnchecked(x, p, typ) // unsorted: must not panic
		}
		slices.Sort(x)
		if len(x) == 0 {
			if _, err := Quantile(x, 0.5, Type7); err == nil {
				t.Fatal("empty: no error")
			}
			return
		}
		for typ := Type1; typ <= Type9; typ++ {
			prev := math.Inf(-1)
			for k := 0; k <= 20; k++ {
				q, err := Quantile(x, float64(k)/20, typ)
				if err != nil {
					t.Fatal(err)
				}
				if q < x[0] || q > x[len(x)-1] {
					t.Fatalf("%v p=%v: %v outside [%v, %v]", typ, float64(k)/20, q, x[0], x[len(x)-1])
				}
				// Interpolation can round by an ulp or so: allow that much.
				if q < prev-4e-16*math.Max(math.Abs(prev), math.Abs(q)) {
					t.Fatalf("%v: not monotone at p=%v: %v < %v", typ, float64(k)/20, q, prev)
				}
				prev = math.Max(prev, q)
			}
		}
	})
}
