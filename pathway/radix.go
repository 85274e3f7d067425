package pathway

import (
	"math"
	"slices"
)

// sortNonNegative sorts finite, non-negative floats ascending. Large slices
// use an LSD radix sort on the IEEE-754 bits (which order non-negative
// floats as unsigned integers); small ones use slices.Sort.
func sortNonNegative(x []float64) {
	n := len(x)
	if n < 1<<12 {
		slices.Sort(x)
		return
	}
	keys := make([]uint64, n)
	for i, v := range x {
		if v == 0 {
			v = 0 // −0 → +0
		}
		keys[i] = math.Float64bits(v)
	}
	tmp := make([]uint64, n)
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
	for i, k := range keys {
		x[i] = math.Float64frombits(k)
	}
}
