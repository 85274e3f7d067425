package pathway

import (
	"fmt"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"gonum.org/v1/gonum/mathext"
)

// Wilson returns the Wilson score confidence interval for a binomial
// proportion of x successes in n trials at the given level (for example
// 0.95):
//
//	centre = (p̂ + z²/2n) / (1 + z²/n),
//	half   = z/(1 + z²/n) · sqrt(p̂(1 − p̂)/n + z²/4n²).
//
// Both bounds are NaN when n = 0. Errors wrap ErrInvalidOptions (x outside
// 0..n, level outside (0, 1)).
func Wilson(x, n int, level float64) (lo, hi float64, err error) {
	if n < 0 || x < 0 || x > n || !(level > 0 && level < 1) {
		return math.NaN(), math.NaN(), fmt.Errorf("%w: Wilson(%d, %d, %v)", ErrInvalidOptions, x, n, level)
	}
	if n == 0 {
		return math.NaN(), math.NaN(), nil
	}
	z := normalQuantile(1 - (1-level)/2)
	nf := float64(n)
	p := float64(x) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, centre-half), math.Min(1, centre+half), nil
}

// binomCDF returns P(R <= r) for R ~ Binomial(n, theta).
func binomCDF(r, n int, theta float64) float64 {
	switch {
	case r < 0:
		return 0
	case r >= n:
		return 1
	case theta == 0:
		return 1
	case theta == 1:
		return 0
	}
	return mathext.RegIncBeta(float64(n-r), float64(r+1), 1-theta)
}

// FunnelLimit returns the control limit at probability p (for example 0.025
// and 0.975 for 95% limits, 0.001 and 0.999 for 99.8%) for a proportion with
// denominator n around the target proportion theta, by the exact binomial
// method with interpolation of Spiegelhalter (2005, "Funnel plots for
// comparing institutional performance", Stat Med 24:1185–1202, appendix):
// r_p is the smallest r with P(R ≤ r) ≥ p for R ~ Binomial(n, theta),
//
//	α = (P(R ≤ r_p) − p) / (P(R ≤ r_p) − P(R ≤ r_p − 1)),  limit = (r_p − α)/n,
//
// clipped to [0, 1]. NaN when n = 0. Errors wrap ErrInvalidOptions.
func FunnelLimit(n int, theta, p float64) (float64, error) {
	if n < 0 || !(theta >= 0 && theta <= 1) || !(p > 0 && p < 1) {
		return math.NaN(), fmt.Errorf("%w: FunnelLimit(%d, %v, %v)", ErrInvalidOptions, n, theta, p)
	}
	if n == 0 {
		return math.NaN(), nil
	}
	// smallest r in 0..n with CDF(r) >= p, by bisection
	lo, hi := 0, n
	for lo < hi {
		m := (lo + hi) / 2
		if binomCDF(m, n, theta) >= p {
			hi = m
		} else {
			lo = m + 1
		}
	}
	r := lo
	fr, fr1 := binomCDF(r, n, theta), binomCDF(r-1, n, theta)
	alpha := 0.0
	if fr > fr1 {
		alpha = (fr - p) / (fr - fr1)
	}
	return math.Min(1, math.Max(0, (float64(r)-alpha)/float64(n))), nil
}

// CompareOptions configures CompareGroups.
type CompareOptions struct {
	// TargetDays is the wait target (for example 28). Required, > 0.
	TargetDays float64
	// Target is the centre line of the funnel plot, a proportion in (0, 1);
	// zero means the pooled share within target over all groups.
	Target float64
	// Level is the level of the Wilson intervals; zero means 0.95.
	Level float64
	// KM configures the per-group Kaplan–Meier fits.
	KM KMOptions
	// Groups lists groups to report even when they have no records (they are
	// reported with N = 0 and undefined statistics). Groups present in the
	// data but not listed are reported too.
	Groups []string
}

// Validate checks the options.
func (o CompareOptions) Validate() error {
	if !(o.TargetDays > 0) || math.IsInf(o.TargetDays, 0) {
		return fmt.Errorf("%w: TargetDays %v must be > 0", ErrInvalidOptions, o.TargetDays)
	}
	if o.Target != 0 && !(o.Target > 0 && o.Target < 1) {
		return fmt.Errorf("%w: Target %v not in (0, 1)", ErrInvalidOptions, o.Target)
	}
	if o.Level != 0 && !(o.Level > 0 && o.Level < 1) {
		return fmt.Errorf("%w: Level %v not in (0, 1)", ErrInvalidOptions, o.Level)
	}
	return o.KM.Validate()
}

// Outlier flags a group's share against the funnel limits.
type Outlier int

const (
	// Inside both the 95% limits.
	Inside Outlier = iota
	// Above95 / Below95: outside the 95% limits but inside 99.8%.
	Above95
	Below95
	// Above998 / Below998: outside the 99.8% limits.
	Above998
	Below998
	// NoData: the group has no resolved waits.
	NoData
)

// String describes the flag.
func (o Outlier) String() string {
	return [...]string{"inside", "above 95%", "below 95%", "above 99.8%", "below 99.8%", "no data"}[o]
}

// GroupComparison is one group's row of a benchmarking table.
type GroupComparison struct {
	Group  string
	N      int // waits (completed and censored)
	Events int // completed waits
	// Median is the Kaplan–Meier median wait with its CI (NaN: not reached / no data).
	Median Estimate
	// WithinKM is the Kaplan–Meier probability of a wait of at most
	// TargetDays, 1 − S(TargetDays), with CI.
	WithinKM Estimate
	// Resolved counts waits whose position against the target is known:
	// completed, or censored after already waiting longer than TargetDays.
	// Within counts completed waits of at most TargetDays.
	Resolved, Within int
	// Share = Within/Resolved with its Wilson interval; NaN when Resolved = 0.
	Share, ShareLower, ShareUpper float64
	// Funnel limits for this group's Resolved around the target.
	Lower95, Upper95, Lower998, Upper998 float64
	Flag                                 Outlier
	// KM is the group's fit (nil when N = 0).
	KM *KMFit
	// Disclosure is set by GroupComparisons.Suppress (Shown otherwise).
	Disclosure disclosure.Status
}

// GroupComparisons is a benchmarking table across teams, localities or
// service types.
type GroupComparisons struct {
	TargetDays float64
	// Target is the funnel centre line (given, or pooled Within/Resolved).
	Target float64
	Rows   []GroupComparison
}

// CompareGroups benchmarks groups of waits (times in days, events true for
// completed waits, groups labelling each wait): per-group Kaplan–Meier median
// and probability within target, the binomial share within target among
// resolved waits with Wilson intervals, and exact binomial funnel limits (95%
// and 99.8%) around the target (see FunnelLimit). Errors as KaplanMeier
// (ErrEmpty when there are no waits at all, ErrLength, ErrTime), and
// ErrInvalidOptions.
func CompareGroups(times []float64, events []bool, groups []string, opts CompareOptions) (*GroupComparisons, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if len(times) != len(events) || len(times) != len(groups) {
		return nil, fmt.Errorf("%w: %d times, %d event flags, %d groups", ErrLength, len(times), len(events), len(groups))
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("pathway: CompareGroups: %w", ErrEmpty)
	}
	if _, _, err := checkTimes(times); err != nil {
		return nil, err
	}
	level := opts.Level
	if level == 0 {
		level = 0.95
	}
	all := append(append([]string(nil), groups...), opts.Groups...)
	labels, _ := groupIndex(all)
	idx := make(map[string]int, len(labels))
	for i, l := range labels {
		idx[l] = i
	}
	ts := make([][]float64, len(labels))
	es := make([][]bool, len(labels))
	for i, g := range groups {
		k := idx[g]
		ts[k] = append(ts[k], times[i])
		es[k] = append(es[k], events[i])
	}
	out := &GroupComparisons{TargetDays: opts.TargetDays, Rows: make([]GroupComparison, len(labels))}
	nan := math.NaN()
	totW, totR := 0, 0
	for k, l := range labels {
		row := GroupComparison{Group: l, N: len(ts[k]), Median: Estimate{nan, nan, nan}, WithinKM: Estimate{nan, nan, nan},
			Share: nan, ShareLower: nan, ShareUpper: nan, Lower95: nan, Upper95: nan, Lower998: nan, Upper998: nan, Flag: NoData}
		for i, t := range ts[k] {
			switch {
			case es[k][i]:
				row.Events++
				row.Resolved++
				if t <= opts.TargetDays {
					row.Within++
				}
			case t > opts.TargetDays:
				row.Resolved++
			}
		}
		if row.N > 0 {
			f, err := KaplanMeier(ts[k], es[k], opts.KM)
			if err != nil {
				return nil, fmt.Errorf("pathway: group %q: %w", l, err)
			}
			row.KM = f
			row.Median = f.Median()
			row.WithinKM = f.ProbWithin(opts.TargetDays)
		}
		if row.Resolved > 0 {
			row.Share = float64(row.Within) / float64(row.Resolved)
			row.ShareLower, row.ShareUpper, _ = Wilson(row.Within, row.Resolved, level)
		}
		totW += row.Within
		totR += row.Resolved
		out.Rows[k] = row
	}
	out.Target = opts.Target
	if out.Target == 0 {
		out.Target = nan
		if totR > 0 {
			out.Target = float64(totW) / float64(totR)
		}
	}
	if math.IsNaN(out.Target) {
		return out, nil
	}
	for k := range out.Rows {
		r := &out.Rows[k]
		if r.Resolved == 0 {
			continue
		}
		r.Lower95, _ = FunnelLimit(r.Resolved, out.Target, 0.025)
		r.Upper95, _ = FunnelLimit(r.Resolved, out.Target, 0.975)
		r.Lower998, _ = FunnelLimit(r.Resolved, out.Target, 0.001)
		r.Upper998, _ = FunnelLimit(r.Resolved, out.Target, 0.999)
		switch {
		case r.Share > r.Upper998:
			r.Flag = Above998
		case r.Share < r.Lower998:
			r.Flag = Below998
		case r.Share > r.Upper95:
			r.Flag = Above95
		case r.Share < r.Lower95:
			r.Flag = Below95
		default:
			r.Flag = Inside
		}
	}
	return out, nil
}

// Suppress returns a copy of the table fit for publication: small-number
// suppression (package ras/disclosure, with its cascade so that hidden
// groups cannot be recovered from the total) is applied to the groups'
// numbers of waits N. Every figure of a hidden group is removed: counts are
// set to 0, estimates to NaN, KM to nil, Flag to NoData, and Disclosure
// records why. The receiver is not changed.
func (c *GroupComparisons) Suppress(opts disclosure.Options) (*GroupComparisons, error) {
	ns := make([]int, len(c.Rows))
	for i, r := range c.Rows {
		ns[i] = r.N
	}
	l, err := disclosure.SuppressList(ns, opts)
	if err != nil {
		return nil, fmt.Errorf("pathway: suppressing the group table: %w", err)
	}
	out := &GroupComparisons{TargetDays: c.TargetDays, Target: c.Target, Rows: slices.Clone(c.Rows)}
	nan := math.NaN()
	for i := range out.Rows {
		r := &out.Rows[i]
		r.Disclosure = l.Status[i]
		if !l.Hidden(i) {
			continue
		}
		*r = GroupComparison{Group: r.Group, Disclosure: l.Status[i], Flag: NoData,
			Median: Estimate{nan, nan, nan}, WithinKM: Estimate{nan, nan, nan},
			Share: nan, ShareLower: nan, ShareUpper: nan, Lower95: nan, Upper95: nan, Lower998: nan, Upper998: nan}
	}
	return out, nil
}
