package pathway

import (
	"fmt"
	"math"
	"slices"
)

// WaitOptions configures SummariseWaits. The zero value gives R's default
// quantile definition (type 7) and no extra quantiles.
type WaitOptions struct {
	// Probs are extra probabilities at which to report quantiles (each in
	// [0, 1]); the median, 92nd and 95th percentiles are always reported.
	Probs []float64
	// Type is the quantile definition, one of R's types 1 to 9; zero means
	// Type7.
	Type QuantileType
}

func (o WaitOptions) typ() QuantileType {
	if o.Type == 0 {
		return Type7
	}
	return o.Type
}

// Validate checks the options.
func (o WaitOptions) Validate() error {
	if t := o.typ(); !validType(t) {
		return fmt.Errorf("%w: quantile type %d (want 1 to 9)", ErrInvalidOptions, int(o.Type))
	}
	for _, p := range o.Probs {
		if !(p >= 0 && p <= 1) {
			return fmt.Errorf("%w: %v", ErrProbability, p)
		}
	}
	return nil
}

// WaitSummary describes completed waits (uncensored durations). Plain
// summaries of completed waits understate waiting when many people are still
// waiting; use KaplanMeier for censored data and OpenWaits for a snapshot.
type WaitSummary struct {
	N        int
	Mean     float64
	SD       float64 // sample standard deviation (n − 1); NaN when N < 2
	Min, Max float64
	Median   float64
	// P92 and P95 are the 92nd and 95th percentiles (RTT style).
	P92, P95 float64
	// Probs and Quantiles are the requested extra quantiles.
	Probs, Quantiles []float64
	Type             QuantileType
}

// SummariseWaits summarises completed waits: count, mean, standard
// deviation, median, 92nd and 95th percentiles and the requested quantiles
// of the chosen type (R's quantile(type = 7) by default, or any of R's types
// 1 to 9). waits is not modified. Errors wrap ErrEmpty, ErrTime (NaN, infinite or negative wait),
// ErrProbability or ErrInvalidOptions.
func SummariseWaits(waits []float64, opts WaitOptions) (*WaitSummary, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if len(waits) == 0 {
		return nil, fmt.Errorf("pathway: wait summary: %w", ErrEmpty)
	}
	integer, maxT, err := checkTimes(waits)
	if err != nil {
		return nil, err
	}
	sorted := sortedCopy(waits, integer, maxT)
	typ := opts.typ()
	n := len(sorted)
	s := &WaitSummary{N: n, Type: typ, Min: sorted[0], Max: sorted[n-1], SD: math.NaN()}
	var sum float64
	for _, v := range sorted {
		sum += v
	}
	s.Mean = sum / float64(n)
	// Waits near the largest float64 overflow the sums: scaled by the
	// longest wait instead (only then, so the usual rounding is kept).
	if math.IsInf(sum, 0) {
		sum = 0
		for _, v := range sorted {
			sum += v / s.Max
		}
		s.Mean = sum / float64(n) * s.Max
	}
	if n > 1 {
		var ss float64
		for _, v := range sorted {
			d := v - s.Mean
			ss += d * d
		}
		scale := 1.0
		if math.IsInf(ss, 0) {
			scale, ss = s.Max, 0
			for _, v := range sorted {
				d := (v - s.Mean) / scale
				ss += d * d
			}
		}
		s.SD = math.Sqrt(ss/float64(n-1)) * scale
	}
	s.Median = sampleQuantile(sorted, 0.5, typ)
	s.P92 = sampleQuantile(sorted, 0.92, typ)
	s.P95 = sampleQuantile(sorted, 0.95, typ)
	s.Probs = slices.Clone(opts.Probs)
	s.Quantiles = make([]float64, len(opts.Probs))
	for i, p := range opts.Probs {
		s.Quantiles[i] = sampleQuantile(sorted, p, typ)
	}
	return s, nil
}

// sortedCopy returns the values sorted ascending, by counting when they are
// small non-negative integers.
func sortedCopy(x []float64, integer bool, maxT float64) []float64 {
	out := make([]float64, len(x))
	if integer && maxT <= float64(4*len(x)+1<<16) {
		counts := make([]int32, int(maxT)+1)
		for _, v := range x {
			counts[int(v)]++
		}
		k := 0
		for d, c := range counts {
			for range c {
				out[k] = float64(d)
				k++
			}
		}
		return out
	}
	copy(out, x)
	sortNonNegative(out)
	return out
}
