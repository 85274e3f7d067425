package pathway

import (
	"slices"

	"github.com/stonesoup-care/stonesoup/internal/parallel"
)

// tieTolerance is the tolerance R's survival package uses to treat nearly
// equal times as tied: sqrt(.Machine$double.eps) = √2⁻⁵², all.equal's
// default.
const tieTolerance = 0x1p-26

// neverTied reports times that the fix cannot tie: whole numbers (integer)
// up to maxT below 1/tieTolerance, about 67 million, whose gaps of at least
// 1 exceed the tolerance both absolutely and relative to their mean.
func neverTied(integer bool, maxT float64) bool { return integer && maxT*tieTolerance < 1 }

// distinctMeanOf is the mean of the distinct times u, with a second pass
// as R's mean does. Long slices are summed in fixed chunks (in parallel),
// the chunk sums added in order, so the result does not depend on
// GOMAXPROCS.
func distinctMeanOf(u []float64) float64 {
	n := float64(len(u))
	sumFrom := func(u []float64, m float64) float64 { // Σ (t − m)
		var s float64
		for _, t := range u {
			s += t - m
		}
		return s
	}
	if len(u) <= meanChunk {
		mean := sumFrom(u, 0) / n
		return mean + sumFrom(u, mean)/n
	}
	parts := make([]float64, (len(u)+meanChunk-1)/meanChunk)
	chunked := func(m float64) float64 {
		parallel.For(len(u), meanChunk, func(c, lo, hi int) { parts[c] = sumFrom(u[lo:hi], m) })
		var s float64
		for _, v := range parts {
			s += v
		}
		return s
	}
	mean := chunked(0) / n
	return mean + chunked(mean)/n
}

// meanChunk is the number of times per task of distinctMeanOf.
const meanChunk = 1 << 16

// fixTimes treats times that differ only by rounding noise as tied, as R's
// survfit and survdiff do by default (timefix = TRUE, survival's aeqSurv).
// Among the sorted distinct times, a time that is within tieTolerance of
// the distinct time before it, absolutely or relative to the mean of the
// distinct times, is tied to it; every time in a chain of ties becomes the
// chain's first, smallest, time. It returns times itself when nothing is
// tied, otherwise a new slice. integer and maxT are checkTimes' results:
// whole numbers below 1/tieTolerance (about 67 million) are never tied, and
// are returned at once.
func fixTimes(times []float64, integer bool, maxT float64) []float64 {
	if len(times) < 2 || neverTied(integer, maxT) {
		return times
	}
	u := slices.Clone(times)
	sortNonNegative(u)
	u = slices.Compact(u)
	if len(u) < 2 {
		return times
	}
	mean := distinctMeanOf(u)
	tied := func(k int) bool { return tiedTimes(u[k-1], u[k], mean) }
	k := 1
	for k < len(u) && !tied(k) {
		k++
	}
	if k == len(u) {
		return times // nothing tied
	}
	// The times that move, to the first time of their chain: few, so a
	// map finds them faster than a search for every time.
	moved := map[float64]float64{}
	first := u[0]
	for k := 1; k < len(u); k++ {
		if tied(k) {
			moved[u[k]] = first
		} else {
			first = u[k]
		}
	}
	out := make([]float64, len(times))
	for i, t := range times {
		if c, ok := moved[t]; ok {
			t = c
		}
		out[i] = t
	}
	return out
}

// tiedTimes reports whether distinct time t is tied to the distinct time
// before it, prev: within tieTolerance of it, absolutely or relative to
// mean, the mean of the distinct times.
func tiedTimes(prev, t, mean float64) bool {
	dy := t - prev
	return dy <= tieTolerance || dy/mean <= tieTolerance
}
