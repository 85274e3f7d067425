package pathway

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/internal/parallel"
)

// Errors of the estimators. They are returned wrapped with detail; test with errors.Is.
var (
	// ErrEmpty: no observations (or an empty group where one is required).
	ErrEmpty = errors.New("pathway: no observations")
	// ErrLength: input slices of different lengths.
	ErrLength = errors.New("pathway: input lengths differ")
	// ErrTime: a time that is NaN, infinite or negative.
	ErrTime = errors.New("pathway: invalid time")
	// ErrProbability: a probability outside [0, 1] or NaN.
	ErrProbability = errors.New("pathway: invalid probability")
)

// ConfType is the transform used for pointwise confidence intervals of the
// Kaplan–Meier curve. Statisticians disagree on the default: R's survfit
// uses log, lifelines and Stata log-log. Here the zero value is ConfLog, as
// in R; choose explicitly.
type ConfType int

const (
	// ConfLog: S·exp(∓z·se), upper bound capped at 1 (R's default "log").
	ConfLog ConfType = iota
	// ConfLogLog: exp(−exp(log(−log S) ∓ z·se/log S)) (R's "log-log").
	// Undefined (NaN) where S = 1 or S = 0.
	ConfLogLog
	// ConfPlain: S ∓ z·se·S clipped to [0, 1] (R's "plain").
	ConfPlain
	// ConfNone: no intervals; Lower and Upper are nil.
	ConfNone
)

// String returns R's name for the transform ("log", "log-log", "plain", "none").
func (c ConfType) String() string {
	switch c {
	case ConfLog:
		return "log"
	case ConfLogLog:
		return "log-log"
	case ConfPlain:
		return "plain"
	case ConfNone:
		return "none"
	}
	return "ConfType(" + strconv.Itoa(int(c)) + ")"
}

// ParseConfType parses R's names "log", "log-log", "plain" and "none".
func ParseConfType(s string) (ConfType, error) {
	for c := ConfLog; c <= ConfNone; c++ {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%w: unknown confidence-interval type %q", ErrInvalidOptions, s)
}

// KMOptions configures Kaplan–Meier estimation. The zero value means R's
// survfit defaults: log-transformed 95% intervals.
type KMOptions struct {
	// ConfType is the CI transform; zero is ConfLog.
	ConfType ConfType
	// ConfLevel is the confidence level in (0, 1); zero means 0.95.
	ConfLevel float64
	// NoTimeFix keeps times that differ only by rounding noise apart. By
	// default, as R's survfit (timefix = TRUE), distinct times within
	// sqrt(machine epsilon) of each other, absolutely or relative to the
	// mean distinct time, are tied at the smallest of them (see
	// survival's aeqSurv). Whole days are never affected.
	NoTimeFix bool
}

func (o KMOptions) level() float64 {
	if o.ConfLevel == 0 {
		return 0.95
	}
	return o.ConfLevel
}

// Validate checks the options.
func (o KMOptions) Validate() error {
	if o.ConfType < ConfLog || o.ConfType > ConfNone {
		return fmt.Errorf("%w: ConfType %d", ErrInvalidOptions, int(o.ConfType))
	}
	if l := o.level(); !(l > 0 && l < 1) {
		return fmt.Errorf("%w: ConfLevel %v not in (0, 1)", ErrInvalidOptions, o.ConfLevel)
	}
	return nil
}

// KMFit is a Kaplan–Meier estimate: one row per distinct time (event or
// censoring), as R's survfit. Surv[i] is S just after Time[i]. Columns are
// parallel slices. A KMFit is read-only and safe for concurrent use.
//
// Undefined values are NaN: once S reaches 0 the standard error of S and the
// confidence bounds are NaN for every transform (R gives NA), and
// StdErrLogSurv is +Inf (as R's survfit()$std.err).
type KMFit struct {
	N      int // number of observations
	Events int // number of events

	Time    []float64
	NRisk   []int
	NEvent  []int
	NCensor []int
	Surv    []float64
	// StdErrLogSurv is the Greenwood standard error of −log S,
	// sqrt(Σ d/(n(n−d))): R's survfit()$std.err.
	StdErrLogSurv []float64
	// StdErrSurv is the Greenwood standard error of S, S·StdErrLogSurv: the
	// "std.err" that R's summary.survfit prints.
	StdErrSurv []float64
	// Lower and Upper are the pointwise confidence bounds for S (nil for ConfNone).
	Lower, Upper []float64

	ConfType  ConfType
	ConfLevel float64
}

// KaplanMeier estimates the survival curve of right-censored times.
// events[i] is true when times[i] is an observed event (for a wait: the
// service started) and false when it is censored (still waiting at the
// extract date). Times must be finite and non-negative; integer-valued times
// (whole days) use a counting sort, others one sort, then a single pass.
//
// All-censored data give a curve that stays at 1 (the median is then not
// reached: NaN). Errors wrap ErrEmpty, ErrLength, ErrTime or ErrInvalidOptions.
func KaplanMeier(times []float64, events []bool, opts KMOptions) (*KMFit, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	if len(times) != len(events) {
		return nil, fmt.Errorf("%w: %d times, %d event flags", ErrLength, len(times), len(events))
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("pathway: Kaplan–Meier: %w", ErrEmpty)
	}
	integer, maxT, err := checkTimes(times)
	if err != nil {
		return nil, err
	}
	return kaplanMeier(times, events, opts, integer, maxT, !opts.NoTimeFix), nil
}

// countingPath reports whether n times, whole numbers up to maxT if
// integer, are tabulated by counting: whole numbers not too sparse for a
// table, and either not tied by the time fix (below 1/tieTolerance, about
// 67 million, they never are) or with the fix off.
func countingPath(n int, integer bool, maxT float64, fix bool) bool {
	return integer && maxT <= float64(4*n+1<<16) && (neverTied(integer, maxT) || !fix)
}

// kaplanMeier fits checked times, tying nearly equal times if fix is set
// (see fixTimes).
func kaplanMeier(times []float64, events []bool, opts KMOptions, integer bool, maxT float64, fix bool) *KMFit {
	var f *KMFit
	if countingPath(len(times), integer, maxT, fix) {
		f = kmCounting(times, events, int(maxT))
	} else {
		f = kmSorted(times, events, fix && !neverTied(integer, maxT))
	}
	f.finish(opts)
	return f
}

func checkTimes(times []float64) (integer bool, maxT float64, err error) {
	integer = true
	for i, t := range times {
		if !(t >= 0) || math.IsInf(t, 1) {
			return false, 0, fmt.Errorf("%w: times[%d] = %v (must be finite and >= 0)", ErrTime, i, t)
		}
		if t > maxT {
			maxT = t
		}
		if integer && t != math.Trunc(t) {
			integer = false
		}
	}
	return integer, maxT, nil
}

// kmCounting tabulates integer times 0..maxT by counting.
func kmCounting(times []float64, events []bool, maxT int) *KMFit {
	ev := make([]int32, maxT+1)
	ce := make([]int32, maxT+1)
	for i, t := range times {
		if events[i] {
			ev[int(t)]++
		} else {
			ce[int(t)]++
		}
	}
	rows := 0
	for d := range ev {
		if ev[d]+ce[d] > 0 {
			rows++
		}
	}
	f := newFit(len(times), rows)
	k := 0
	atRisk := len(times)
	for d := range ev {
		e, c := int(ev[d]), int(ce[d])
		if e+c == 0 {
			continue
		}
		f.Time[k] = float64(d)
		f.NRisk[k] = atRisk
		f.NEvent[k] = e
		f.NCensor[k] = c
		f.Events += e
		atRisk -= e + c
		k++
	}
	return f
}

// kmSorted sorts the observations by time (see sortedKeys) and tabulates
// one row per distinct time; with fix set, rows whose times are tied by the
// time fix are then merged (see fixTimes).
func kmSorted(times []float64, events []bool, fix bool) *KMFit {
	n := len(times)
	ka, kb, free := sortedKeys(times, events)
	// Ranges of times are merged, counted and tabulated concurrently: each
	// knows its first row (the distinct times before it) and its number at
	// risk (the observations before it). The table does not depend on the
	// number of ranges.
	parts := splitKeys(ka, kb, 1)
	if n >= parallelSortMin {
		parts = splitKeys(ka, kb, runtime.GOMAXPROCS(0))
	}
	sorted := ka
	if len(kb) > 0 {
		sorted = free[:n]
	}
	rows := make([]int, len(parts)+1)
	parallel.For(len(parts), 1, func(p, _, _ int) {
		q := parts[p]
		if len(kb) == 0 {
			rows[p+1] = countDistinct(ka[q.a0:q.a1])
		} else {
			rows[p+1] = mergeCount(ka[q.a0:q.a1], kb[q.b0:q.b1], sorted[q.a0+q.b0:q.a1+q.b1])
		}
	})
	for p := range parts {
		rows[p+1] += rows[p]
	}
	f := newFit(n, rows[len(parts)])
	nEvents := make([]int, len(parts))
	parallel.For(len(parts), 1, func(p, _, _ int) {
		q := parts[p]
		lo, hi := q.a0+q.b0, q.a1+q.b1
		nEvents[p] = f.tabulate(sorted[lo:hi], rows[p], n-lo)
	})
	for _, e := range nEvents {
		f.Events += e
	}
	if fix {
		f.tieRows()
	}
	return f
}

// tieRows merges, in a fit with one row per distinct time, the rows whose
// time is tied by the time fix to the distinct time before it (see
// fixTimes): a chain of tied times becomes one row at its first time, with
// the chain's events and censorings.
func (f *KMFit) tieRows() {
	rows := len(f.Time)
	if rows < 2 {
		return
	}
	mean := distinctMeanOf(f.Time)
	// The first tied row, found in parallel chunks.
	nc := (rows + tieChunk - 1) / tieChunk
	first := make([]int, nc)
	parallel.For(rows, tieChunk, func(c, lo, hi int) {
		first[c] = -1
		for r := max(lo, 1); r < hi; r++ {
			if tiedTimes(f.Time[r-1], f.Time[r], mean) {
				first[c] = r
				return
			}
		}
	})
	r := rows
	for _, v := range first {
		if v >= 0 {
			r = v
			break
		}
	}
	if r == rows {
		return // nothing tied
	}
	k := r - 1 // the row the chain goes into
	prev := f.Time[r-1]
	for ; r < rows; r++ {
		t := f.Time[r]
		if !tiedTimes(prev, t, mean) {
			k++
			f.Time[k], f.NRisk[k], f.NEvent[k], f.NCensor[k] = t, f.NRisk[r], f.NEvent[r], f.NCensor[r]
		} else {
			f.NEvent[k] += f.NEvent[r]
			f.NCensor[k] += f.NCensor[r]
		}
		prev = t
	}
	k++
	f.Time, f.NRisk, f.NEvent, f.NCensor = f.Time[:k:k], f.NRisk[:k:k], f.NEvent[:k:k], f.NCensor[:k:k]
}

// tieChunk is the number of rows per task of the search for tied times.
const tieChunk = 1 << 16

func newFit(n, rows int) *KMFit {
	f := &KMFit{N: n}
	f.Time = make([]float64, rows)
	ints := make([]int, 3*rows)
	f.NRisk, f.NEvent, f.NCensor = ints[:rows:rows], ints[rows:2*rows:2*rows], ints[2*rows:]
	return f
}

// finish computes S, Greenwood standard errors and the confidence bounds,
// following R's survfitkm.c and survfit_confint. S and the Greenwood sum
// are running products and sums, computed in order; the square roots and
// the bounds of each row depend only on them and are computed in parallel
// chunks for long curves.
func (f *KMFit) finish(opts KMOptions) {
	rows := len(f.Time)
	nf := 3
	if opts.ConfType != ConfNone {
		nf = 5
	}
	buf := make([]float64, nf*rows)
	f.Surv, f.StdErrLogSurv, f.StdErrSurv = buf[:rows:rows], buf[rows:2*rows:2*rows], buf[2*rows:3*rows:3*rows]
	if nf == 5 {
		f.Lower, f.Upper = buf[3*rows:4*rows:4*rows], buf[4*rows:]
	}
	f.ConfType = opts.ConfType
	f.ConfLevel = opts.level()
	z := normalQuantile(1 - (1-f.ConfLevel)/2)
	// The factors of S and the Greenwood terms of each row (in parallel:
	// they hold the divisions), then their running product and sum in
	// order (S and the variance, held for now in StdErrLogSurv), then the
	// square roots and bounds of each row (in parallel again).
	parallel.For(rows, finishChunk, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			f.Surv[k], f.StdErrLogSurv[k] = 1, 0
			if d := float64(f.NEvent[k]); d > 0 {
				n := float64(f.NRisk[k])
				f.Surv[k] = (n - d) / n
				f.StdErrLogSurv[k] = d / (n * (n - d)) // +Inf when n == d
			}
		}
	})
	km, v := 1.0, 0.0
	for k := 0; k < rows; k++ {
		km *= f.Surv[k] // ·1 at censoring-only times: exact
		v += f.StdErrLogSurv[k]
		f.Surv[k] = km
		f.StdErrLogSurv[k] = v
	}
	parallel.For(rows, finishChunk, func(_, lo, hi int) {
		for k := lo; k < hi; k++ {
			km := f.Surv[k]
			se := math.Sqrt(f.StdErrLogSurv[k])
			f.StdErrLogSurv[k] = se
			f.StdErrSurv[k] = se * km // NaN once km = 0 (Inf·0), as R
			switch {
			case nf != 5:
			case f.NEvent[k] == 0 && k > lo: // S and se unchanged at a censoring-only time
				f.Lower[k], f.Upper[k] = f.Lower[k-1], f.Upper[k-1]
			case opts.ConfType == ConfLog && km > 0 && se <= math.MaxFloat64:
				// confBounds' ConfLog case, inline.
				e := math.Exp(z * se)
				hi := km * e
				if hi > 1 { // math.Min(hi, 1): hi is neither NaN nor −0 here
					hi = 1
				}
				f.Lower[k], f.Upper[k] = km/e, hi
			default:
				f.Lower[k], f.Upper[k] = confBounds(km, se, z, opts.ConfType)
			}
		}
	})
}

// finishChunk is the number of rows of a Kaplan–Meier curve per task of
// finish.
const finishChunk = 1 << 14

// confBounds is R's survfit_confint for a log-scale standard error.
func confBounds(p, se, z float64, ct ConfType) (lo, hi float64) {
	nan := math.NaN()
	if p == 0 || math.IsInf(se, 0) || math.IsNaN(se) {
		return nan, nan
	}
	switch ct {
	case ConfPlain:
		se2 := se * p * z
		return math.Max(p-se2, 0), math.Min(p+se2, 1)
	case ConfLog:
		// S·exp(∓z·se): R computes exp(log S ∓ z·se), which differs in
		// the last bits (and is the less accurate by about |log S| ulps).
		e := math.Exp(z * se)
		return p / e, math.Min(p*e, 1)
	case ConfLogLog:
		if p == 1 {
			return nan, nan
		}
		lp := math.Log(p)
		se2 := z * se / lp
		ll := math.Log(-lp)
		return math.Exp(-math.Exp(ll - se2)), math.Exp(-math.Exp(ll + se2))
	}
	return nan, nan
}

// index returns the index of the last row with Time <= t, or -1.
func (f *KMFit) index(t float64) int {
	k, found := slices.BinarySearch(f.Time, t)
	if found {
		return k
	}
	return k - 1
}

// SurvivalAt returns S(t), the estimated probability that the event has not
// happened by time t (S is right-continuous: an event at t counts as
// happened). NaN for NaN t.
func (f *KMFit) SurvivalAt(t float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	k := f.index(t)
	if k < 0 {
		return 1
	}
	return f.Surv[k]
}

// Estimate is a point estimate with its confidence bounds. NaN in any field
// means undefined (for example a median that is not reached).
type Estimate struct {
	Value, Lower, Upper float64
}

// Defined reports whether the point estimate is a number (not NaN).
func (e Estimate) Defined() bool { return !math.IsNaN(e.Value) }

// ProbWithin returns the probability that the event happens within t (the
// wait is at most t): 1 − S(t), with bounds 1 − Upper(t) and 1 − Lower(t)
// from the fit's transform (NaN when undefined, and for ConfNone).
func (f *KMFit) ProbWithin(t float64) Estimate {
	if math.IsNaN(t) {
		return Estimate{math.NaN(), math.NaN(), math.NaN()}
	}
	k := f.index(t)
	if k < 0 {
		// before any time: S = 1 with zero variance
		lo, hi := confBounds(1, 0, 0, f.ConfType)
		if f.ConfType == ConfNone {
			lo, hi = math.NaN(), math.NaN()
		}
		return Estimate{0, 1 - hi, 1 - lo}
	}
	e := Estimate{Value: 1 - f.Surv[k], Lower: math.NaN(), Upper: math.NaN()}
	if f.Lower != nil {
		e.Lower, e.Upper = 1-f.Upper[k], 1-f.Lower[k]
	}
	return e
}

// rTol is R's sqrt(.Machine$double.eps), the tolerance of quantile.survfit
// and of the median in summary.survfit.
var rTol = math.Sqrt(0x1p-52)

// Median returns the median and its confidence interval as R's
// print/summary.survfit table reports them: the first time with S < 0.5
// (S ≤ 0.5 within 1.5e-8), and when S equals 0.5 on a plateau the midpoint
// of its start and the next time S drops; the bounds are the same rule
// applied to the Lower and Upper curves. NaN when not reached.
func (f *KMFit) Median() Estimate {
	e := Estimate{Value: minmin(f.Surv, f.Time), Lower: math.NaN(), Upper: math.NaN()}
	if f.Lower != nil {
		e.Lower = minmin(f.Lower, f.Time)
		e.Upper = minmin(f.Upper, f.Time)
	}
	return e
}

// minmin is survmean's helper in R's survival package.
func minmin(y, x []float64) float64 {
	first := -1
	for i, v := range y {
		if !math.IsNaN(v) && v < 0.5+rTol {
			first = i
			break
		}
	}
	if first < 0 {
		return math.NaN()
	}
	y1 := y[first]
	if math.Abs(y1-0.5) < rTol {
		for i := first + 1; i < len(y); i++ {
			if !math.IsNaN(y[i]) && y[i] < y1 {
				return (x[first] + x[i]) / 2
			}
		}
	}
	return x[first]
}

// Quantile is one quantile of the wait distribution with its confidence
// interval. Value, Lower or Upper is NaN when the curve (or its confidence
// band) does not reach the probability: "not reached".
type Quantile struct {
	P float64
	Estimate
}

// Quantiles returns the times by which a proportion p of the events has
// happened, with confidence intervals, as R's quantile.survfit: the first
// time at which 1 − S ≥ p; when 1 − S equals p on a plateau (within 1.5e-8)
// the midpoint of the plateau's start and the next jump (or the last time
// when the plateau runs to the end). The interval is where the Lower and
// Upper curves cross, so it depends on ConfType. As in R, when the curve
// never reaches the smallest of probs every result is NaN.
// Errors wrap ErrProbability.
func (f *KMFit) Quantiles(probs []float64) ([]Quantile, error) {
	for _, p := range probs {
		if !(p >= 0 && p <= 1) {
			return nil, fmt.Errorf("%w: %v", ErrProbability, p)
		}
	}
	x := make([]float64, len(f.Time)+1)
	copy(x[1:], f.Time)
	y := make([]float64, len(x))
	out := make([]Quantile, len(probs))
	for i, p := range probs {
		out[i] = Quantile{P: p, Estimate: Estimate{math.NaN(), math.NaN(), math.NaN()}}
	}
	fill := func(s []float64, set func(i int, v float64)) {
		y[0] = 0
		for k, v := range s {
			y[k+1] = 1 - v
		}
		q := findq(x, y, probs)
		for i := range probs {
			set(i, q[i])
		}
	}
	fill(f.Surv, func(i int, v float64) { out[i].Value = v })
	if f.Lower != nil {
		fill(f.Lower, func(i int, v float64) { out[i].Lower = v })
		fill(f.Upper, func(i int, v float64) { out[i].Upper = v })
	}
	return out, nil
}

// findq is quantile.survfit's findq (survival 3.x): x starts with the origin,
// y is the CDF (1 − S) with y[0] = 0; NaN marks NA.
func findq(x, y []float64, probs []float64) []float64 {
	res := make([]float64, len(probs))
	nan := math.NaN()
	maxY := math.Inf(-1)
	for _, v := range y {
		if !math.IsNaN(v) && v > maxY {
			maxY = v
		}
	}
	minP := math.Inf(1)
	for _, p := range probs {
		minP = min(minP, p)
	}
	if maxY < minP {
		for i := range res {
			res[i] = nan
		}
		return res
	}
	xmax := x[len(x)-1]
	// duplicated(): keep the first occurrence of each value (NaN counts as one value).
	xs := make([]float64, 0, len(x))
	ys := make([]float64, 0, len(y))
	monotone := true
	seenNaN := false
	last := math.Inf(-1)
	for i, v := range y {
		if math.IsNaN(v) {
			if seenNaN {
				continue
			}
			seenNaN = true
		} else {
			if v < last {
				monotone = false
			}
			if v == last {
				continue
			}
			last = v
		}
		xs = append(xs, x[i])
		ys = append(ys, v)
	}
	if !monotone { // non-adjacent repeats possible: full duplicated()
		xs, ys = xs[:0], ys[:0]
		seen := map[float64]bool{}
		seenNaN = false
		for i, v := range y {
			if math.IsNaN(v) {
				if seenNaN {
					continue
				}
				seenNaN = true
			} else {
				if seen[v] {
					continue
				}
				seen[v] = true
			}
			xs = append(xs, x[i])
			ys = append(ys, v)
		}
	}
	n := len(ys)
	lo := approxConstant(ys, rTol)
	hi := approxConstant(ys, -rTol)
	for i, p := range probs {
		i1, i2 := lo.at(p), hi.at(p)
		q := nan
		if i1 >= 0 && i2 >= 0 {
			q = (xs[i1] + xs[i2]) / 2
		}
		if p == 0 {
			q = xs[0]
		}
		if !math.IsNaN(ys[n-1]) && math.Abs(p-ys[n-1]) < rTol {
			q = nan
			if i1 >= 0 {
				q = (xs[i1] + xmax) / 2
			}
		}
		res[i] = q
	}
	return res
}

// stepIndex is R's approx(y + shift, seq_along(y), method = "constant",
// f = 1) with NA pairs removed and knots sorted.
type stepIndex struct {
	key []float64
	idx []int
}

func approxConstant(y []float64, shift float64) stepIndex {
	var s stepIndex
	sorted := true
	for i, v := range y {
		if math.IsNaN(v) {
			continue
		}
		k := v + shift
		if len(s.key) > 0 && k < s.key[len(s.key)-1] {
			sorted = false
		}
		s.key = append(s.key, k)
		s.idx = append(s.idx, i)
	}
	if !sorted {
		type pair struct {
			k float64
			i int
		}
		ps := make([]pair, len(s.key))
		for j := range ps {
			ps[j] = pair{s.key[j], s.idx[j]}
		}
		slices.SortStableFunc(ps, func(a, b pair) int { return cmp.Compare(a.k, b.k) })
		for j := range ps {
			s.key[j], s.idx[j] = ps[j].k, ps[j].i
		}
	}
	return s
}

// at returns the index of the knot R's constant interpolation (f = 1) gives
// for v, or -1 for NA (v outside the knots).
func (s stepIndex) at(v float64) int {
	n := len(s.key)
	if n == 0 || math.IsNaN(v) || v < s.key[0] || v > s.key[n-1] {
		return -1
	}
	i, j := 0, n-1
	for i < j-1 {
		m := (i + j) / 2
		if v < s.key[m] {
			j = m
		} else {
			i = m
		}
	}
	if v == s.key[j] {
		return s.idx[j]
	}
	if v == s.key[i] {
		return s.idx[i]
	}
	return s.idx[j]
}

// RestrictedMean returns the restricted mean time up to tau (the area under
// S from 0 to tau) and its standard error, as R's summary.survfit(fit,
// rmean = tau) table ("rmean" and "se(rmean)"):
// se² = Σ over event times t_i ≤ tau of d_i/(n_i(n_i − d_i)) · A_i², A_i
// being the area under S from t_i to tau (terms with n_i = d_i are 0).
// Errors wrap ErrTime for a tau that is NaN, infinite or negative.
func (f *KMFit) RestrictedMean(tau float64) (mean, se float64, err error) {
	if !(tau >= 0) || math.IsInf(tau, 1) {
		return math.NaN(), math.NaN(), fmt.Errorf("%w: restricted-mean tau %v", ErrTime, tau)
	}
	k := f.index(tau) + 1 // rows with Time <= tau
	// rectangles: r_0 = t_0·1, r_j = (t_j − t_{j−1})·S_{j−1}, r_k = (tau − t_{k−1})·S_{k−1}
	area := make([]float64, k+1)
	prevT, prevS := 0.0, 1.0
	for j := 0; j < k; j++ {
		area[j] = (f.Time[j] - prevT) * prevS
		prevT, prevS = f.Time[j], f.Surv[j]
	}
	area[k] = (tau - prevT) * prevS
	for _, a := range area {
		mean += a
	}
	// varmean = Σ_i hh_i (Σ_{j>i} r_j)², summing from the end
	var tail, v float64
	for j := k - 1; j >= 0; j-- {
		tail += area[j+1]
		n, d := float64(f.NRisk[j]), float64(f.NEvent[j])
		if n-d != 0 {
			v += tail * tail * (d / (n * (n - d)))
		}
	}
	return mean, math.Sqrt(v), nil
}

// KMGroups holds one Kaplan–Meier fit per group (R's strata).
type KMGroups struct {
	Groups []string // group labels in order (see KaplanMeierByGroup)
	Fits   []*KMFit // Fits[i] belongs to Groups[i]
}

// KaplanMeierByGroup fits one curve per distinct label in groups. Groups are
// ordered as R orders factor levels of the column: numerically when every
// label is a number, otherwise by byte order. Errors as KaplanMeier, with
// ErrLength when groups has a different length.
func KaplanMeierByGroup(times []float64, events []bool, groups []string, opts KMOptions) (*KMGroups, error) {
	if len(groups) != len(times) {
		return nil, fmt.Errorf("%w: %d times, %d group labels", ErrLength, len(times), len(groups))
	}
	if len(times) != len(events) {
		return nil, fmt.Errorf("%w: %d times, %d event flags", ErrLength, len(times), len(events))
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("pathway: Kaplan–Meier by group: %w", ErrEmpty)
	}
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	integer, maxT, err := checkTimes(times)
	if err != nil {
		return nil, err
	}
	if !opts.NoTimeFix {
		// Ties are found in the pooled times, as survfit(Surv ~ group) does.
		times = fixTimes(times, integer, maxT)
	}
	labels, gi := groupIndex(groups)
	counts := make([]int, len(labels))
	for _, g := range gi {
		counts[g]++
	}
	ts := make([][]float64, len(labels))
	es := make([][]bool, len(labels))
	for g := range labels {
		ts[g] = make([]float64, 0, counts[g])
		es[g] = make([]bool, 0, counts[g])
	}
	for i, g := range gi {
		ts[g] = append(ts[g], times[i])
		es[g] = append(es[g], events[i])
	}
	out := &KMGroups{Groups: labels, Fits: make([]*KMFit, len(labels))}
	for g := range labels {
		gInteger, gMax, _ := checkTimes(ts[g]) // checked above, pooled
		out.Fits[g] = kaplanMeier(ts[g], es[g], opts, gInteger, gMax, false)
	}
	return out, nil
}

// groupIndex returns the sorted distinct labels and each element's label index.
func groupIndex(groups []string) ([]string, []int) {
	seen := map[string]int{}
	var labels []string
	for _, g := range groups {
		if _, ok := seen[g]; !ok {
			seen[g] = 0
			labels = append(labels, g)
		}
	}
	sortLabels(labels)
	for i, l := range labels {
		seen[l] = i
	}
	gi := make([]int, len(groups))
	for i, g := range groups {
		gi[i] = seen[g]
	}
	return labels, gi
}

// sortLabels sorts numerically when every label parses as a number, else by bytes.
func sortLabels(labels []string) {
	nums := make(map[string]float64, len(labels))
	for _, l := range labels {
		v, err := strconv.ParseFloat(l, 64)
		if err != nil || math.IsNaN(v) {
			slices.Sort(labels)
			return
		}
		nums[l] = v
	}
	slices.SortFunc(labels, func(a, b string) int {
		if c := cmp.Compare(nums[a], nums[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
}
