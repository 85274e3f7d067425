package ras

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
)

// Budget ranges.
//
// Beside the budget, a model may carry a range that says "people assessed
// like you were planned between £X and £Y a week": a conformal prediction
// interval for the planned weekly cost, calibrated by package calibrate on
// past assessments and their planned costs (RangeRules). The engine does
// not compute it while assessing (AssessInto costs the same with a range
// as without); Result.Range and Result.RangePence work it out from the
// result when asked, without allocating (RangePence).

// RangeMethod says how a model's budget range was calibrated.
type RangeMethod string

// Calibration methods.
const (
	// RangeSplitConformal: the model was fitted on some assessments and the
	// range calibrated on the others (held out), so that, for a new person
	// exchangeable with the calibration cases of their group, the chance
	// that the planned cost falls in the range is at least the level.
	RangeSplitConformal RangeMethod = "split_conformal"
	// RangeCrossValidation: the model was fitted on all assessments and the
	// range calibrated on the out-of-fold scores of a k-fold
	// cross-validation. Coverage is close to the level when the fit is
	// stable (a regression with many more cases than terms), but not
	// guaranteed: see package calibrate.
	RangeCrossValidation RangeMethod = "cross_validation"
)

// RangeScore is the conformity score a range was calibrated with: how far
// a planned weekly cost y is from the model's amount a, both in pounds a
// week. It fixes the shape of the range: the range for quantile q is every
// y ≥ 0 whose score is at most q.
type RangeScore string

// Conformity scores. m is the range's min_scale, a positive amount.
const (
	// ScoreAbsolute: |y − a|. The range is a ± q: the same width for
	// everyone.
	ScoreAbsolute RangeScore = "absolute"
	// ScoreRelative: |y − a| / max(a, m). The range is a ± q·max(a, m): its
	// width grows in proportion to the amount.
	ScoreRelative RangeScore = "relative"
	// ScoreLog: |ln max(y, m) − ln max(a, m)|. The range is max(a, m)·e^−q
	// to max(a, m)·e^q, or from 0 when max(a, m)·e^−q ≤ m: wider above
	// the amount than below, as costs are.
	ScoreLog RangeScore = "log"
)

// Score returns the conformity score of a planned weekly cost y for the
// model's amount a (pounds a week, a ≥ 0 and y ≥ 0) with min_scale m > 0
// (ignored by ScoreAbsolute). It is the function package calibrate
// calibrates ranges with; Result.Range gives every y whose score is at
// most the quantile. Inputs out of their domain give NaN.
func (s RangeScore) Score(a, y, m float64) float64 {
	if !(a >= 0) || !(y >= 0) || math.IsInf(a, 0) || math.IsInf(y, 0) {
		return math.NaN()
	}
	switch s {
	case ScoreAbsolute:
		return math.Abs(y - a)
	case ScoreRelative:
		if !(m > 0) {
			return math.NaN()
		}
		return math.Abs(y-a) / max(a, m)
	case ScoreLog:
		if !(m > 0) {
			return math.NaN()
		}
		return math.Abs(math.Log(max(y, m)) - math.Log(max(a, m)))
	}
	return math.NaN()
}

// RangeRules are a model's budget range: a conformal prediction interval
// for the planned weekly cost around the model's amount before the limits,
// with a stated coverage (Level), calibrated by package calibrate. With By
// set, each group (cohort or living setting) has its own quantile
// (Mondrian conformal prediction), so that the coverage holds in each
// group; a person whose group has no quantile gets no range.
//
// For a person whose amount before the limits is a, the range is every
// y ≥ 0 with Score.Score(a, y, MinScale) ≤ q, q the quantile of the
// person's group; its lower end is rounded down and its upper end up to
// the model's rounding unit, so the range shown contains it.
type RangeRules struct {
	// Level is the share of people whose planned cost falls in their range,
	// between 0 and 1 (exclusive) with at most 6 decimal places: 0.8 for
	// an 80% range.
	Level decimal.Decimal `json:"level"`
	// Method is how the range was calibrated.
	Method RangeMethod `json:"method"`
	// Score is the conformity score the quantiles are of.
	Score RangeScore `json:"score"`
	// MinScale is the smallest amount the width scales with (pounds a
	// week, positive), for the relative and log scores; not with the
	// absolute score.
	MinScale *decimal.Decimal `json:"min_scale,omitempty"`
	// By is the grouping of the quantiles: "cohort" or "living_setting",
	// or empty for one quantile for everyone (the group "all").
	By string `json:"by,omitempty"`
	// Groups gives each group's quantile and the number of assessments it
	// was calibrated on, keyed by cohort or living setting, or "all".
	Groups map[string]RangeGroup `json:"groups"`
	// Period says when the calibration assessments were made, as people
	// read it ("2025"), for explanations; optional.
	Period string `json:"period,omitempty"`
}

// RangeGroup is the calibration of one group's range.
type RangeGroup struct {
	// Quantile is the ⌈(N+1)·Level⌉-th smallest conformity score of the
	// group's N calibration cases: finite, not negative; pounds a week for
	// the absolute score, at most 1000 for the relative and at most 20 for
	// the log score.
	Quantile float64 `json:"quantile"`
	// N is the number of calibration cases: at least Level/(1 − Level),
	// so that the ⌈(N+1)·Level⌉-th smallest score exists.
	N int `json:"n"`
}

// RangeAll is the group of a range without a grouping (RangeRules.By
// empty).
const RangeAll = "all"

// RangeRank returns k = ⌈(n+1)·level⌉, the rank of the conformity score
// that is the quantile of n calibration cases at level (0 < level < 1),
// computed exactly from level's decimal digits, and whether k ≤ n. When
// k > n the range would be unbounded: n cases cannot calibrate that level.
func RangeRank(n int, level decimal.Decimal) (k int, ok bool) {
	if n < 0 {
		return 0, false
	}
	x := level.Mul(decimal.NewFromInt(int64(n) + 1)).Ceil()
	if x.GreaterThan(decimal.NewFromInt(math.MaxInt32)) {
		return 0, false
	}
	k = int(x.IntPart())
	return k, k <= n && k >= 1
}

// RangeMinCases returns the fewest calibration cases that can calibrate a
// range at level (0 < level < 1): the least n with ⌈(n+1)·level⌉ ≤ n,
// which is ⌈level/(1 − level)⌉ (4 for 0.8, 9 for 0.9, 19 for 0.95). It
// returns 0 for a level out of range.
func RangeMinCases(level decimal.Decimal) int {
	one := decimal.NewFromInt(1)
	if !level.IsPositive() || !level.LessThan(one) {
		return 0
	}
	q := new(big.Rat).Quo(level.Rat(), one.Sub(level).Rat())
	n := new(big.Int).Quo(q.Num(), q.Denom())
	if new(big.Rat).SetInt(n).Cmp(q) < 0 {
		n.Add(n, big.NewInt(1))
	}
	if !n.IsInt64() || n.Int64() > math.MaxInt32 {
		return 0
	}
	return int(n.Int64())
}

// maxRangeCases is the most calibration cases a range group may record.
const maxRangeCases = 1_000_000_000

// Largest quantiles a model may hold, by score: beyond these a range says
// nothing a person could use, and the arithmetic stays far from overflow.
var (
	maxQuantileRelative = 1000.0
	maxQuantileLog      = 20.0
)

// rangeRules validates Model.Range.
func (v *validator) rangeRules() {
	r := v.m.Range
	if v.m.Family == FamilyRegression && v.m.Regression != nil && v.m.Regression.Link == LinkLogit {
		v.add("range", "a logit model gives a probability, not money")
	}
	one := decimal.NewFromInt(1)
	levelOK := false
	switch {
	case !r.Level.IsPositive() || !r.Level.LessThan(one):
		v.add("range.level", "must be between 0 and 1 (exclusive), such as 0.8, not %s", r.Level)
	case !maxPlaces(r.Level, 6):
		v.add("range.level", "%s has more than 6 decimal places", r.Level)
	default:
		levelOK = true
	}
	switch r.Method {
	case RangeSplitConformal, RangeCrossValidation:
	default:
		v.add("range.method", "must be %q or %q, not %q", RangeSplitConformal, RangeCrossValidation, r.Method)
	}
	maxQ := float64(maxMicro) / microPerPound
	switch r.Score {
	case ScoreAbsolute:
		if r.MinScale != nil {
			v.add("range.min_scale", "applies only to the relative and log scores")
		}
	case ScoreRelative, ScoreLog:
		maxQ = maxQuantileRelative
		if r.Score == ScoreLog {
			maxQ = maxQuantileLog
		}
		switch {
		case r.MinScale == nil:
			v.add("range.min_scale", "is required with the %s score (the smallest amount the width scales with)", r.Score)
		case !r.MinScale.IsPositive():
			v.add("range.min_scale", "must be positive, not %s", r.MinScale)
		default:
			v.money("range.min_scale", *r.MinScale)
		}
	default:
		v.add("range.score", "must be %q, %q or %q, not %q", ScoreAbsolute, ScoreRelative, ScoreLog, r.Score)
	}
	switch r.By {
	case "", "cohort", "living_setting":
	default:
		v.add("range.by", "must be cohort or living_setting, or left out for one range for everyone, not %q", r.By)
	}
	if len(r.Groups) == 0 {
		v.add("range.groups", "must give at least one group")
	}
	served := cohortMask(v.m.Cohorts)
	for _, k := range sortedKeys(r.Groups) {
		p := "range.groups." + k
		switch r.By {
		case "":
			if k != RangeAll {
				v.add(p, "without by, the only group is %q", RangeAll)
			}
		case "cohort":
			if ci := cohortIndex(Cohort(k)); ci < 0 {
				v.add(p, "unknown cohort %q", k)
			} else if served&(1<<ci) == 0 {
				v.add(p, "the model does not serve cohort %q", k)
			}
		case "living_setting":
			if !LivingSetting(k).Valid() {
				v.add(p, "unknown living setting %q", k)
			}
		}
		g := r.Groups[k]
		if !finite(g.Quantile) || g.Quantile < 0 {
			v.add(p+".quantile", "must be a finite number, not negative")
		} else if r.Score != "" && g.Quantile > maxQ {
			v.add(p+".quantile", "%v is more than %v, the most a %s score's quantile may be", g.Quantile, maxQ, r.Score)
		}
		switch {
		case g.N < 1:
			v.add(p+".n", "must be at least 1")
		case g.N > maxRangeCases:
			v.add(p+".n", "must be at most 1,000,000,000")
		case levelOK:
			if _, ok := RangeRank(g.N, r.Level); !ok {
				v.add(p+".n", "%d assessments cannot calibrate a range at level %s: the ⌈(n+1)·level⌉-th smallest score needs n ≥ %d", g.N, r.Level, RangeMinCases(r.Level))
			}
		}
	}
	if r.Period != "" && !textOK(r.Period) {
		v.add("range.period", "%s", textProblem(r.Period))
	}
}

// Range groupings, compiled.
const (
	rangeByAll uint8 = iota
	rangeByCohort
	rangeBySetting
)

// cRange is a compiled budget range.
type cRange struct {
	level    decimal.Decimal
	method   RangeMethod
	score    RangeScore
	by       uint8
	minScale int64   // micro-pence
	minF     float64 // pounds
	period   string
	groups   [5]cRangeGroup // by cohort or setting index; [0] without a grouping
}

type cRangeGroup struct {
	has      bool
	key      string
	q        float64
	qMicro   int64   // the absolute score's quantile in micro-pence
	up, down float64 // the log score's factors e^q and e^−q
	n        int
}

func compileRange(r *RangeRules) *cRange {
	c := &cRange{level: r.Level, method: r.Method, score: r.Score, period: r.Period}
	switch r.By {
	case "cohort":
		c.by = rangeByCohort
	case "living_setting":
		c.by = rangeBySetting
	}
	if r.MinScale != nil {
		c.minScale = mustMicro(*r.MinScale)
		c.minF = float64(c.minScale) / microPerPound
	}
	for k, g := range r.Groups {
		i := 0
		switch c.by {
		case rangeByCohort:
			i = cohortIndex(Cohort(k))
		case rangeBySetting:
			i = settingIndex(LivingSetting(k))
		}
		cg := cRangeGroup{has: true, key: k, q: g.Quantile, n: g.N, up: math.Exp(g.Quantile), down: math.Exp(-g.Quantile)}
		if r.Score == ScoreAbsolute {
			// Validated: within the engine's range.
			cg.qMicro, _ = MicroPenceFromFloat(g.Quantile)
		}
		c.groups[i] = cg
	}
	return c
}

// group returns the range group of a result, or nil.
func (c *cRange) group(r *Result) *cRangeGroup {
	i := 0
	switch c.by {
	case rangeByCohort:
		i = cohortIndex(r.Cohort)
	case rangeBySetting:
		i = r.si
	}
	if i < 0 || i >= len(c.groups) || !c.groups[i].has {
		return nil
	}
	return &c.groups[i]
}

// fromFloat converts a bound in pounds to micro-pence (MicroPenceFromFloat,
// half to even), the upper end held within the engine's range.
func fromFloat(pounds float64) int64 {
	if pounds >= float64(maxMicro)/microPerPound {
		return maxMicro
	}
	u, err := MicroPenceFromFloat(pounds)
	if err != nil {
		return maxMicro // unreachable: bounds are finite and not negative
	}
	return u
}

// rangeMicro returns the exact ends of the result's range (micro-pence a
// week, before rounding) and its group; ok is false when the model has no
// range, the result no budget, or the person's group no quantile.
func (r *Result) rangeMicro() (lo, hi int64, g *cRangeGroup, ok bool) {
	if !r.ok || !r.HasBudget || r.engine == nil || r.engine.rng == nil {
		return 0, 0, nil, false
	}
	c := r.engine.rng
	if g = c.group(r); g == nil {
		return 0, 0, nil, false
	}
	a := r.base // the amount before the limits
	switch c.score {
	case ScoreAbsolute:
		lo, hi = a-g.qMicro, min(a+g.qMicro, maxMicro)
	case ScoreRelative:
		w := fromFloat(g.q * (float64(max(a, c.minScale)) / microPerPound))
		lo, hi = a-w, min(a+w, maxMicro)
	case ScoreLog:
		s := float64(max(a, c.minScale)) / microPerPound
		hi = fromFloat(s * g.up)
		// Every y below min_scale scores as min_scale does: the range
		// starts at 0 when min_scale is within it.
		if math.Log(s)-math.Log(c.minF) <= g.q {
			lo = 0
		} else {
			lo = fromFloat(s * g.down)
		}
	}
	return max(lo, 0), hi, g, true
}

// RangePence returns the result's budget range a week, in pence: the lower
// end rounded down and the upper end rounded up to the model's rounding
// unit. ok is false when the model has no range (RangeRules), the result
// holds no budget (a failed assessment, a logit model), or the range has
// no quantile for the person's group. It does not allocate.
func (r *Result) RangePence() (lower, upper int64, ok bool) {
	lo, hi, _, ok := r.rangeMicro()
	if !ok {
		return 0, 0, false
	}
	u := r.engine.unitMicro
	return roundMicro(lo, u, RoundDown) / microPerPenny, roundMicro(hi, u, RoundUp) / microPerPenny, true
}

// BudgetRange is the range of planned costs for people assessed like the
// person (RangeRules): a weekly and an annual range, each with its lower
// end rounded down and its upper end up to the model's rounding unit; the
// annual ends are the exact weekly ends × weeks per year, rounded once.
type BudgetRange struct {
	// Level is the share of people whose planned cost falls in their
	// range (0.8 for 80%).
	Level                    decimal.Decimal
	WeeklyLower, WeeklyUpper decimal.Decimal
	AnnualLower, AnnualUpper decimal.Decimal
	// Group is the cohort or living setting whose calibration gave the
	// range, or RangeAll; N is the number of assessments it was calibrated
	// on.
	Group string
	N     int
	// Method and Score say how it was calibrated.
	Method RangeMethod
	Score  RangeScore
}

// Range returns the result's budget range; ok is false as for RangePence.
// The range is about the amount before the limits (caps and floors), the
// amount it was calibrated on: a budget a cap lowered can be below it.
func (r *Result) Range() (BudgetRange, bool) {
	lo, hi, g, ok := r.rangeMicro()
	if !ok {
		return BudgetRange{}, false
	}
	e := r.engine
	u := e.unitMicro
	c := e.rng
	return BudgetRange{
		Level:       c.level,
		WeeklyLower: microToDecimal(roundMicro(lo, u, RoundDown)),
		WeeklyUpper: microToDecimal(roundMicro(hi, u, RoundUp)),
		AnnualLower: microToDecimal(roundProduct(lo, e.weeksMicro, 1_000_000, u, RoundDown)),
		AnnualUpper: microToDecimal(roundProduct(hi, e.weeksMicro, 1_000_000, u, RoundUp)),
		Group:       g.key,
		N:           g.n,
		Method:      c.method,
		Score:       c.score,
	}, true
}

// thousands writes n with comma thousands separators: "12,345".
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
