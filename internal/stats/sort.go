package stats

import (
	"math"
	"slices"
)

// SortFloats sorts x ascending. x must hold no NaN. Small slices use
// slices.Sort; from 4096 values an LSD radix sort on the IEEE-754 bits,
// mapped to order-preserving unsigned keys (4 passes of 16 bits, a pass
// skipped when every key has the same digit), sorts in O(n). −0 sorts as,
// and comes out as, +0 in the radix path.
func SortFloats(x []float64) {
	n := len(x)
	if n < 4096 {
		slices.Sort(x)
		return
	}
	keys := make([]uint64, n)
	tmp := make([]uint64, n)
	for i, v := range x {
		if v == 0 {
			v = 0 // −0 → +0
		}
		b := math.Float64bits(v)
		if b>>63 == 1 {
			b = ^b // negative: reverse order
		} else {
			b |= 1 << 63 // positive: above all negatives
		}
		keys[i] = b
	}
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for _, k := range keys {
			count[(k>>shift)&0xffff]++
		}
		if count[(keys[0]>>shift)&0xffff] == n {
			continue // every key has the same digit
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, k := range keys {
			d := (k >> shift) & 0xffff
			tmp[count[d]] = k
			count[d]++
		}
		keys, tmp = tmp, keys
	}
	for i, b := range keys {
		if b>>63 == 1 {
			b &^= 1 << 63
		} else {
			b = ^b
		}
		x[i] = math.Float64frombits(b)
	}
}
