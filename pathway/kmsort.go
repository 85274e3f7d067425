package pathway

import (
	"math"

	"github.com/stonesoup-care/stonesoup/internal/parallel"
)

// The sort behind Kaplan–Meier on continuous times: every observation
// becomes one 64-bit key, its time's bits shifted left by one with the
// event flag in the lowest bit. Times are finite and ≥ 0, so their bit
// patterns are ordered as the times (−0 shifts to the key of +0), and
// sorting the keys sorts by time with, at equal times, the censorings
// first. Large inputs are sorted in two halves concurrently and merged
// while they are read.

// eventKey returns the sort key of time t (finite, ≥ 0) with its event
// flag.
func eventKey(t float64, event bool) uint64 {
	k := math.Float64bits(t) << 1
	if event {
		k |= 1
	}
	return k
}

// keyTime returns the time of a key.
func keyTime(k uint64) float64 { return math.Float64frombits(k >> 1) }

// radixSortKeys sorts keys in place by an LSD radix sort on 11-bit digits,
// skipping digits that are the same in every key, using tmp (len(keys))
// as scratch.
func radixSortKeys(keys, tmp []uint64) {
	const bits, size = 11, 1 << 11
	const digits = (64 + bits - 1) / bits
	n := len(keys)
	if n < 2 {
		return
	}
	var hist [digits][size]int
	for _, k := range keys {
		for d := 0; d < digits; d++ {
			hist[d][(k>>(d*bits))&(size-1)]++
		}
	}
	src, dst := keys, tmp
	for d := 0; d < digits; d++ {
		h := &hist[d]
		if h[(keys[0]>>(d*bits))&(size-1)] == n {
			continue // every key has this digit
		}
		sum := 0
		for i, c := range h {
			h[i] = sum
			sum += c
		}
		shift := uint(d * bits)
		for _, k := range src {
			j := (k >> shift) & (size - 1)
			dst[h[j]] = k
			h[j]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
}

// parallelSortMin is the number of keys from which they are sorted in two
// halves concurrently.
const parallelSortMin = 1 << 16

// sortedKeys returns the keys of the observations sorted in one or two
// ascending runs (a and b, b possibly empty) to be merged, and free space
// for the merge (len(times) keys).
func sortedKeys(times []float64, events []bool) (a, b, free []uint64) {
	n := len(times)
	keys := make([]uint64, 2*n)
	keys, tmp := keys[:n:n], keys[n:]
	for i, t := range times {
		keys[i] = eventKey(t, events[i])
	}
	if n < parallelSortMin {
		radixSortKeys(keys, tmp)
		return keys, nil, tmp
	}
	h := n / 2
	parallel.Do(func() { radixSortKeys(keys[:h], tmp[:h]) }, func() { radixSortKeys(keys[h:], tmp[h:]) })
	return keys[:h], keys[h:], tmp
}

// mergeCount merges the sorted runs a and b into out (len(a)+len(b)
// keys) and returns the number of distinct times.
func mergeCount(a, b, out []uint64) int {
	out = out[:len(a)+len(b)]
	i, j, k := 0, 0, 0
	distinct := 0
	last := uint64(math.MaxUint64) // no time's bits shifted (the top bit of a time is 0)
	for i < len(a) && j < len(b) {
		var v uint64
		if a[i] <= b[j] {
			v = a[i]
			i++
		} else {
			v = b[j]
			j++
		}
		out[k] = v
		k++
		if t := v >> 1; t != last {
			distinct++
			last = t
		}
	}
	for _, run := range [2][]uint64{a[i:], b[j:]} {
		for _, v := range run {
			out[k] = v
			k++
			if t := v >> 1; t != last {
				distinct++
				last = t
			}
		}
	}
	return distinct
}

// countDistinct returns the number of distinct times of the sorted keys.
func countDistinct(keys []uint64) int {
	distinct := 0
	last := uint64(math.MaxUint64)
	for _, v := range keys {
		if t := v >> 1; t != last {
			distinct++
			last = t
		}
	}
	return distinct
}

// tabulate writes one row per distinct time of the sorted keys into f,
// from row k on, the first at risk atRisk, and returns the number of
// events.
func (f *KMFit) tabulate(keys []uint64, k, atRisk int) int {
	events := 0
	for i := 0; i < len(keys); k++ {
		t := keys[i] >> 1
		e, c := 0, 0
		for ; i < len(keys) && keys[i]>>1 == t; i++ {
			e += int(keys[i] & 1)
			c++
		}
		c -= e
		f.Time[k] = math.Float64frombits(t)
		f.NRisk[k] = atRisk
		f.NEvent[k] = e
		f.NCensor[k] = c
		events += e
		atRisk -= e + c
	}
	return events
}

// keyPart is a range of times of the two sorted runs: a[a0:a1] and
// b[b0:b1] hold every key whose time lies in it.
type keyPart struct{ a0, a1, b0, b1 int }

// splitKeys cuts the two sorted runs into up to parts ranges of times,
// at times taken from a at equal steps, so that each can be tabulated on
// its own. The tabulation does not depend on the number of parts.
func splitKeys(a, b []uint64, parts int) []keyPart {
	cut := func(run []uint64, t uint64) int { // first key with time ≥ t
		lo, hi := 0, len(run)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if run[m]>>1 < t {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo
	}
	out := make([]keyPart, 0, parts)
	pa, pb := 0, 0
	for p := 1; p < parts && len(a) > 0; p++ {
		t := a[p*len(a)/parts] >> 1
		ca, cb := cut(a, t), cut(b, t)
		if ca > pa || cb > pb {
			out = append(out, keyPart{pa, ca, pb, cb})
			pa, pb = ca, cb
		}
	}
	return append(out, keyPart{pa, len(a), pb, len(b)})
}
