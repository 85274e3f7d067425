package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/internal/stats"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Workflow 4: cost-neutral scaling to a target total spend, and who gains
// and who loses.

// ScaleModel returns a copy of m whose money amounts are multiplied by s
// (> 0), with the new version: regression models scale the coefficients
// (identity link), the smearing factors (log link), or the coefficients by
// √s and the variance correction by s (sqrt link); points models scale every
// price, band and curve amount; hours models scale the hourly rates and the
// weekly additions. Scaled amounts are rounded half away from zero to
// 0.0001 pound. Limits (caps, floors) are policy and are not scaled. A logit
// model has no money and is an error. A budget range (ras.RangeRules) is
// dropped: it was calibrated on the unscaled amounts and does not hold for
// the scaled ones (calibrate it again, with Conformal and a fitter that
// scales).
func ScaleModel(m *ras.Model, s float64, version string) (*ras.Model, error) {
	if !(s > 0) || math.IsInf(s, 0) {
		return nil, invalidf("scale: factor %v must be finite and positive", s)
	}
	c, err := copyModel(m)
	if err != nil {
		return nil, err
	}
	if version != "" {
		c.Version = version
	}
	c.Range = nil
	unit := decimal.New(1, -4)
	var scaleErr error // the first amount that cannot be scaled
	sc := func(d decimal.Decimal) decimal.Decimal {
		v, err := roundMoney(d.InexactFloat64()*s, unit)
		if err != nil && scaleErr == nil {
			scaleErr = fmt.Errorf("scale: %s × %v: %w", d, s, err)
		}
		return v
	}
	switch c.Family {
	case ras.FamilyRegression:
		r := c.Regression
		switch r.Link {
		case ras.LinkIdentity:
			r.Intercept *= s
			for i := range r.Terms {
				r.Terms[i].Coef *= s
			}
		case ras.LinkLog:
			if r.Smearing == 0 {
				r.Smearing = 1
			}
			r.Smearing *= s
			for k := range r.SmearingGroups {
				r.SmearingGroups[k] *= s
			}
		case ras.LinkSqrt:
			q := math.Sqrt(s)
			r.Intercept *= q
			for i := range r.Terms {
				r.Terms[i].Coef *= q
			}
			r.VarianceCorrection *= s
		default:
			return nil, invalidf("scale: a %s model gives no money", r.Link)
		}
	case ras.FamilyPoints:
		for i := range c.Points.Schedules {
			ps := &c.Points.Schedules[i]
			if ps.PricePerPoint != nil {
				v := sc(*ps.PricePerPoint)
				ps.PricePerPoint = &v
			}
			for k, v := range ps.DomainPrices {
				ps.DomainPrices[k] = sc(v)
			}
			for k := range ps.Bands {
				ps.Bands[k].Weekly = sc(ps.Bands[k].Weekly)
			}
			for k := range ps.Curve {
				ps.Curve[k].Weekly = sc(ps.Curve[k].Weekly)
			}
		}
	case ras.FamilyHours:
		for i := range c.SupportTypes {
			c.SupportTypes[i].HourlyRate = sc(c.SupportTypes[i].HourlyRate)
		}
		for i := range c.Hours.Additions {
			for k, v := range c.Hours.Additions[i].Weekly {
				c.Hours.Additions[i].Weekly[k] = sc(v)
			}
		}
	}
	if err := c.Validate(); err != nil {
		return nil, fmt.Errorf("calibrate: scale: %w", err)
	}
	if scaleErr != nil {
		return nil, scaleErr
	}
	return c, nil
}

// NeutralOptions control CostNeutral. The zero value aims at the total of
// the planned costs to within £1.
type NeutralOptions struct {
	// Target is the total weekly spend to meet; zero means the total of the
	// assessments' planned weekly costs (those without one are skipped in
	// that total).
	Target decimal.Decimal
	// Tolerance is how close the total must come; zero means £1.
	Tolerance decimal.Decimal
	// MaxIter bounds the secant steps; 0 means 30.
	MaxIter int
	// Version of the scaled model; the model's version + "-neutral" when
	// empty.
	Version string
	// Design, if not nil, is the design built from as (BuildDesign's
	// input, in the same order): CostNeutral then works on the design's
	// rows only, so that the assessments it excluded (a zero or missing
	// planned cost, an invalid record) count neither in the model's total
	// nor in the target, and Amounts are per design row.
	Design *AssessmentDesign
}

// NeutralResult is a cost-neutral model and how it was reached.
type NeutralResult struct {
	Model  *ras.Model
	Factor float64 // the scale applied to the model's amounts
	// Target, Before (the model's total as given) and After (the scaled
	// model's total), as the engine computes them, rounded per assessment.
	Target, Before, After decimal.Decimal
	Iterations            int
	// Amounts are the scaled model's weekly amounts, per assessment.
	Amounts []decimal.Decimal
}

// CostNeutral scales model m (ScaleModel) so that the engine's total weekly
// amount over as meets the target. Because limits and per-case rounding make
// the total a step function of the scale, the scale is found by secant
// steps on the engine's totals. With opt.Design it works on the design's
// rows of as. Without a design and without a Target, every assessment
// must have a positive planned cost: one without (a £0 plan, a missing
// cost) would count in the model's total but not in the planned total, and
// is an error (*CostError listing them) rather than a scale that is too
// small. Errors: an assessment the model rejects (an *AssessmentError), as
// that are not the design's input, a target that cannot be met
// (ErrNotConverged).
func CostNeutral(m *ras.Model, as []ras.Assessment, opt NeutralOptions) (*NeutralResult, error) {
	if len(as) == 0 {
		return nil, fmt.Errorf("%w: cost neutral: no assessments", ErrEmpty)
	}
	as, err := neutralRows(as, opt)
	if err != nil {
		return nil, err
	}
	return costNeutral(m, ChunksOf(as), opt)
}

// costNeutral is CostNeutral on the rows it works on, given a chunk at a
// time (ranged over once for the target, if not given, and once for each
// total of the engine's amounts).
func costNeutral(m *ras.Model, rows Chunks, opt NeutralOptions) (*NeutralResult, error) {
	if opt.Target.IsZero() {
		for as := range rows {
			for i := range as {
				if as[i].PlannedWeekly != nil {
					opt.Target = opt.Target.Add(*as[i].PlannedWeekly)
				}
			}
		}
	}
	if !opt.Target.IsPositive() {
		return nil, invalidf("cost neutral: the target %s must be positive", opt.Target)
	}
	if opt.Tolerance.IsZero() {
		opt.Tolerance = decimal.NewFromInt(1)
	}
	if opt.MaxIter == 0 {
		opt.MaxIter = 30
	}
	if opt.Version == "" {
		opt.Version = m.Version + "-neutral"
	}
	total := func(s float64) (decimal.Decimal, []decimal.Decimal, *ras.Model, error) {
		mm := m
		if s != 1 {
			var err error
			if mm, err = ScaleModel(m, s, opt.Version); err != nil {
				return decimal.Zero, nil, nil, err
			}
		}
		amts, err := weeklyAmountsFrom(mm, rows)
		if err != nil {
			return decimal.Zero, nil, nil, err
		}
		t := decimal.Zero
		for _, a := range amts {
			t = t.Add(a)
		}
		return t, amts, mm, nil
	}
	before, _, _, err := total(1)
	if err != nil {
		return nil, err
	}
	if !before.IsPositive() {
		return nil, invalidf("cost neutral: the model's total is %s; nothing to scale", before)
	}
	target := pounds(opt.Target)
	s0, t0 := 1.0, pounds(before)
	s1 := target / t0
	var res *NeutralResult
	for it := 1; it <= opt.MaxIter; it++ {
		tot, amts, mm, err := total(s1)
		if err != nil {
			return nil, err
		}
		res = &NeutralResult{Model: mm, Factor: s1, Target: opt.Target, Before: before, After: tot, Iterations: it, Amounts: amts}
		t1 := pounds(tot)
		if tot.Sub(opt.Target).Abs().LessThanOrEqual(opt.Tolerance) {
			if s1 == 1 {
				res.Model, _ = ScaleModel(m, 1, opt.Version)
			}
			return res, nil
		}
		next := s1 * target / t1
		if t1 != t0 {
			sec := s1 + (target-t1)*(s1-s0)/(t1-t0)
			if sec > 0 && !math.IsInf(sec, 0) {
				next = sec
			}
		}
		s0, t0, s1 = s1, t1, next
	}
	return res, &ConvergenceError{Method: "cost neutral scaling", Iterations: opt.MaxIter,
		LastChange: math.Abs(pounds(res.After) - target), Tolerance: pounds(opt.Tolerance), Err: ErrNotConverged}
}

// weeklyAmounts scores every assessment with m.
func weeklyAmounts(m *ras.Model, as []ras.Assessment) ([]decimal.Decimal, error) {
	return weeklyAmountsFrom(m, ChunksOf(as))
}

// weeklyAmountsFrom scores every assessment with m, a chunk at a time.
func weeklyAmountsFrom(m *ras.Model, rows Chunks) ([]decimal.Decimal, error) {
	eng, err := ras.Compile(m)
	if err != nil {
		return nil, fmt.Errorf("calibrate: %w", err)
	}
	var out []decimal.Decimal
	for as := range rows {
		rs, err := eng.AssessBatch(context.Background(), as, ras.BatchOptions{})
		if err != nil {
			var be *ras.BatchError
			if errors.As(err, &be) && len(be.Failed) > 0 {
				first := -1
				for i := range be.Failed {
					if first < 0 || i < first {
						first = i
					}
				}
				return nil, &AssessmentError{Index: len(out) + first, ID: as[first].ID, Err: be.Failed[first]}
			}
			return nil, fmt.Errorf("calibrate: %w", err)
		}
		for i := range rs {
			out = append(out, rs[i].Weekly())
		}
	}
	return out, nil
}

// ImpactOptions control ImpactOf. The zero value counts any change of a
// penny or more and reports R type 7 quantiles at 0, 5, 10, 25, 50, 75, 90,
// 95 and 100%.
type ImpactOptions struct {
	// Threshold: a change with |change| ≤ Threshold counts as unchanged.
	Threshold decimal.Decimal
	// Probs are the quantile probabilities of the change distributions.
	Probs []float64
	// Groups maps a grouping name (such as "cohort") to one label per case.
	Groups map[string][]string
	// MinCount suppresses (Suppressed set, statistics NaN) groups with
	// fewer cases than this, for publication; 0 suppresses nothing.
	MinCount int
}

// CaseImpact is the change for one case.
type CaseImpact struct {
	ID               string
	Old, New, Change decimal.Decimal
	// Pct is the change in percent of Old (NaN when Old is 0).
	Pct float64
}

// ImpactSummary describes the changes of a set of cases.
type ImpactSummary struct {
	Group, Level string // "" for all cases
	N            int
	// Gainers, Losers and Unchanged count the cases by the sign of the
	// change beyond the threshold.
	Gainers, Losers, Unchanged      int
	TotalOld, TotalNew, TotalChange decimal.Decimal
	MeanChange                      float64
	// Quantiles of the change in pounds and in percent (cases with Old 0
	// are left out of the percentages), at ImpactOptions.Probs.
	Quantiles, PctQuantiles []float64
	Suppressed              bool
}

// Impact is the effect of a change of model on each case.
type Impact struct {
	Probs   []float64
	Cases   []CaseImpact
	Overall ImpactSummary
	// ByGroup holds, per grouping name in sorted order, one summary per
	// level in sorted order.
	ByGroup []ImpactSummary
}

// ImpactOf compares old and new amounts case by case.
func ImpactOf(ids []string, old, new []decimal.Decimal, opt ImpactOptions) (*Impact, error) {
	if len(old) != len(ids) || len(new) != len(ids) {
		return nil, lengthf("impact: %d ids, %d old and %d new amounts", len(ids), len(old), len(new))
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("%w: impact: no cases", ErrEmpty)
	}
	if opt.Probs == nil {
		opt.Probs = []float64{0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1}
	}
	for _, p := range opt.Probs {
		if !(p >= 0 && p <= 1) {
			return nil, invalidf("impact: probability %v outside [0, 1]", p)
		}
	}
	im := &Impact{Probs: slices.Clone(opt.Probs), Cases: make([]CaseImpact, len(ids))}
	for i := range ids {
		c := CaseImpact{ID: ids[i], Old: old[i], New: new[i], Change: new[i].Sub(old[i]), Pct: math.NaN()}
		if !old[i].IsZero() {
			c.Pct = 100 * pounds(c.Change) / pounds(old[i])
		}
		im.Cases[i] = c
	}
	all := make([]int, len(ids))
	for i := range all {
		all[i] = i
	}
	im.Overall = im.summary("", "", all, opt)
	names := make([]string, 0, len(opt.Groups))
	for k, g := range opt.Groups {
		if len(g) != len(ids) {
			return nil, lengthf("impact: group %q has %d labels for %d cases", k, len(g), len(ids))
		}
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, lv := range levelsSorted(opt.Groups[k]) {
			var rows []int
			for i, l := range opt.Groups[k] {
				if l == lv {
					rows = append(rows, i)
				}
			}
			im.ByGroup = append(im.ByGroup, im.summary(k, lv, rows, opt))
		}
	}
	return im, nil
}

func levelsSorted(g []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range g {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

func (im *Impact) summary(group, level string, rows []int, opt ImpactOptions) ImpactSummary {
	s := ImpactSummary{Group: group, Level: level, N: len(rows), TotalOld: decimal.Zero, TotalNew: decimal.Zero, TotalChange: decimal.Zero}
	ch := make([]float64, 0, len(rows))
	pct := make([]float64, 0, len(rows))
	for _, i := range rows {
		c := &im.Cases[i]
		s.TotalOld, s.TotalNew = s.TotalOld.Add(c.Old), s.TotalNew.Add(c.New)
		switch {
		case c.Change.Abs().LessThanOrEqual(opt.Threshold):
			s.Unchanged++
		case c.Change.IsPositive():
			s.Gainers++
		default:
			s.Losers++
		}
		ch = append(ch, pounds(c.Change))
		if !math.IsNaN(c.Pct) {
			pct = append(pct, c.Pct)
		}
	}
	s.TotalChange = s.TotalNew.Sub(s.TotalOld)
	s.MeanChange = pounds(s.TotalChange) / float64(len(rows))
	s.Quantiles = quantilesOrNaN(ch, im.Probs)
	s.PctQuantiles = quantilesOrNaN(pct, im.Probs)
	if opt.MinCount > 0 && s.N < opt.MinCount {
		s = ImpactSummary{Group: group, Level: level, N: s.N, Suppressed: true, MeanChange: math.NaN(),
			Quantiles: nans(len(im.Probs)), PctQuantiles: nans(len(im.Probs))}
	}
	return s
}

func nans(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.NaN()
	}
	return out
}

// quantilesOrNaN returns R type 7 quantiles of v (sorted in place), NaN for
// empty v.
func quantilesOrNaN(v []float64, probs []float64) []float64 {
	if len(v) == 0 {
		return nans(len(probs))
	}
	sort.Float64s(v)
	q, err := stats.Quantiles(v, probs, stats.Type7)
	if err != nil {
		return nans(len(probs))
	}
	return q
}
