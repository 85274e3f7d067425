package calibrate

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Budget ranges: conformal prediction intervals for the planned cost.
//
// Conformal calibrates the range a ras model gives beside the budget
// ("people assessed like you were planned between £X and £Y a week"; see
// ras.RangeRules) and attaches it to the exported model. The conformity
// scores are those of the model the engine runs: each held-out assessment
// is assessed by the exported model's engine, and its score compares its
// planned weekly cost with the engine's amount before the limits
// (ras.Result.ExactBeforeLimits), by ras.RangeScore.Score, the function
// the engine inverts to give the range. So the range the engine gives a
// new person is exactly the set of planned costs whose score is at most
// the calibrated quantile, rounded outward to the penny.

// ModelFitter fits a cost model on a training design (rows of the design
// being calibrated, from AssessmentDesign.Subset) and exports it as a ras
// model of a money family. FitOLS, FitWLS, FitSqrt, FitLog and FitGLM make
// the usual ones; any function that fits and exports (ExportCoefficients
// of an RLM or quantile fit, ExportPoints of estimated prices) will do.
type ModelFitter func(train *AssessmentDesign) (*ras.Model, error)

// FitOLS fits OLS on the cost and exports it with ExportLinear.
func FitOLS(opt ExportOptions) ModelFitter {
	return func(d *AssessmentDesign) (*ras.Model, error) {
		f, err := OLS(d.Design, Options{})
		if err != nil {
			return nil, err
		}
		return ExportLinear(d, f, opt)
	}
}

// FitWLS fits WLS on the cost, with the weights weights gives for the
// training design's rows, and exports it with ExportLinear.
func FitWLS(weights func(train *AssessmentDesign) ([]float64, error), kind WeightKind, opt ExportOptions) ModelFitter {
	return func(d *AssessmentDesign) (*ras.Model, error) {
		w, err := weights(d)
		if err != nil {
			return nil, err
		}
		f, err := WLS(d.Design, w, kind, Options{})
		if err != nil {
			return nil, err
		}
		return ExportLinear(d, f, opt)
	}
}

// FitSqrt fits OLS on the square root of cost and exports it with
// ExportSqrt(how).
func FitSqrt(how SqrtRetransform, opt ExportOptions) ModelFitter {
	return func(d *AssessmentDesign) (*ras.Model, error) {
		f, err := SqrtOLS(d.Design, Options{})
		if err != nil {
			return nil, err
		}
		return ExportSqrt(d, f, how, opt)
	}
}

// FitLog fits OLS on log cost and exports it with ExportLog(how, by): with
// by "living_setting" or "cohort", Duan's smearing factors per group.
func FitLog(how LogRetransform, by string, opt ExportOptions) ModelFitter {
	return func(d *AssessmentDesign) (*ras.Model, error) {
		var groups []string
		if by != "" {
			g, err := d.Group(by)
			if err != nil {
				return nil, err
			}
			groups = g
		}
		f, err := LogOLS(d.Design, LogOptions{Groups: groups})
		if err != nil {
			return nil, err
		}
		return ExportLog(d, f, how, by, opt)
	}
}

// FitGLM fits a GLM (g gives its family, link and options; its weights, if
// any, must be nil: a training design is a subset of rows) and exports it
// with ExportGLM.
func FitGLM(g GLMOptions, opt ExportOptions) ModelFitter {
	return func(d *AssessmentDesign) (*ras.Model, error) {
		if g.Weights != nil || g.Offset != nil {
			return nil, invalidf("conformal: FitGLM takes no weights or offset (the training rows change)")
		}
		f, err := GLM(d.Design, g)
		if err != nil {
			return nil, err
		}
		return ExportGLM(d, f, opt)
	}
}

// ConformalMethod is how Conformal holds cases out to calibrate on.
type ConformalMethod int

const (
	// SplitConformal (the default) fits the model on part of the design's
	// rows and calibrates the range on the others (ConformalOptions.
	// CalibrationShare of each group, held out at random): the exported
	// model is the fit on the training rows.
	SplitConformal ConformalMethod = iota
	// CrossValidationConformal fits the model on all rows and calibrates
	// the range on the out-of-fold scores of a k-fold cross-validation.
	CrossValidationConformal
)

func (m ConformalMethod) String() string {
	switch m {
	case SplitConformal:
		return "split conformal"
	case CrossValidationConformal:
		return "k-fold cross-validation"
	}
	return "ConformalMethod(" + strconv.Itoa(int(m)) + ")"
}

// ConformalOptions control Conformal. The zero value calibrates an 80%
// range by split conformal prediction with the log score (minimum scale
// £1), by cohort, holding out a quarter of each cohort, from seed 0.
type ConformalOptions struct {
	// Level is the coverage, 0 < Level < 1 with at most 6 decimal places
	// (as its shortest decimal representation); 0 means 0.8.
	Level float64
	// Method is SplitConformal (the default) or CrossValidationConformal.
	Method ConformalMethod
	// Score is the conformity score (see ras.RangeScore); empty means
	// ras.ScoreLog.
	Score ras.RangeScore
	// MinScale is the relative and log scores' minimum scale, pounds a
	// week, with at most 8 decimal places; 0 means 1.
	MinScale float64
	// By is the grouping the range is calibrated by, so that the coverage
	// holds in each group: "cohort" (the default, when empty),
	// "living_setting", or "none" for one range for everyone.
	By string
	// CalibrationShare (split conformal) is the share of each group's rows
	// held out to calibrate on, rounded to the nearest row; 0 means 0.25.
	CalibrationShare float64
	// K (cross-validation) is the number of folds, ≥ 2; 0 means 10.
	// Ignored when Folds is set.
	K int
	// Folds (cross-validation), if not nil, assigns every design row to a
	// fold 1..K, as CVOptions.Folds.
	Folds []int
	// Seed seeds the split (split conformal: each group's rows are
	// permuted by PCG from math/rand/v2, and the first rows of the
	// permutation are held out) or the folds (MakeFolds).
	Seed uint64
	// OmitSmallGroups leaves a group with too few calibration cases for
	// the level out of the range (its people get none; its rows still
	// train the model) and lists it in ConformalResult.Groups, instead of
	// returning an error.
	OmitSmallGroups bool
	// Period says when the assessments were made, for explanations ("2025");
	// empty means the calendar years of the calibration rows' assessment
	// dates ("2025", or "2024 to 2025").
	Period string
}

// ConformalGroup is one group's calibration.
type ConformalGroup struct {
	// Group is the cohort or living setting, or ras.RangeAll.
	Group string
	// N is the number of calibration cases; Rank is k = ⌈(N+1)·Level⌉ and
	// Quantile the k-th smallest of their scores.
	N, Rank  int
	Quantile float64
	// MinCases is the fewest calibration cases the level needs; Omitted is
	// set when N was fewer and ConformalOptions.OmitSmallGroups left the
	// group out (Rank and Quantile are then 0).
	MinCases int
	Omitted  bool
}

// ConformalResult is a calibrated budget range and the model it belongs
// to.
type ConformalResult struct {
	// Model is the exported model with its range (Model.Range == Range):
	// for split conformal, the fit on the training rows; for
	// cross-validation, the fit on all rows.
	Model *ras.Model
	Range *ras.RangeRules
	// Level, Method, Score, MinScale and By are the options used.
	Level    decimal.Decimal
	Method   ConformalMethod
	Score    ras.RangeScore
	MinScale float64
	By       string
	// Train lists the design rows the exported model was fitted on (all
	// rows for cross-validation); Folds gives each design row's fold for
	// cross-validation (nil for split conformal).
	Train []int
	Folds []int
	// Rows lists the design rows whose scores calibrated the range (the
	// held-out rows, or all rows for cross-validation), in increasing
	// order; Amount, Planned, Scores and Group are per row of Rows: the
	// engine's amount before the limits (of the model that did not see the
	// row), the planned weekly cost, the conformity score and the group.
	Rows    []int
	Amount  []float64
	Planned []float64
	Scores  []float64
	Group   []string
	// Groups is each group's calibration, in sorted order.
	Groups []ConformalGroup
}

// ErrTooFewCases reports a group with too few calibration cases for the
// level: the ⌈(n+1)·level⌉-th smallest score does not exist, and the range
// would be unbounded. It wraps ErrInvalidInput.
var ErrTooFewCases = fmt.Errorf("%w: too few calibration cases for the level", ErrInvalidInput)

// Conformal fits a cost model with fit, calibrates its budget range on
// held-out assessments and returns the model with the range attached.
//
// d must have been built by BuildDesign from as (the same slice, so that
// d.Index finds each row's assessment) with the planned weekly cost as its
// response (no DesignSpec.Response). The range is calibrated on the
// design's rows: under CostsExclude, people whose plan was £0 are not
// among them, and the coverage is that of people with a positive plan.
//
// # Method
//
// Split conformal (the default): in each group (By), a random
// CalibrationShare of the rows is held out; the model is fitted on the
// other rows (of every group) and exported; each held-out row is assessed
// by the exported model's engine, giving the amount a before the limits,
// and scored against its planned cost y (ras.RangeScore.Score). With n
// held-out rows in a group, the group's quantile q is the k-th smallest
// score, k = ⌈(n+1)·Level⌉ (computed exactly from Level's decimal digits).
//
// Cross-validation: the rows are split into K folds (MakeFolds); for each
// fold, the model is fitted on the other folds and the fold's rows are
// scored by that model's engine (out of fold); the quantile of each group
// is the k-th smallest of its n out-of-fold scores; the model returned is
// the fit on all rows.
//
// When k > n (n < Level/(1 − Level): 4 cases for 80%, 9 for 90%, 19 for
// 95%) the range would be unbounded: that is an error wrapping
// ErrTooFewCases naming the group, never an infinite range, unless
// OmitSmallGroups leaves the group out.
//
// # Guarantee
//
// Split conformal: if a new person and the held-out cases of their group
// are exchangeable (for example drawn independently from the same
// population), the chance that the person's planned cost y lies in their
// range is at least Level, marginally over the calibration cases and the
// new person, and in each group separately (Mondrian conformal
// prediction; Vovk, Gammerman and Shafer 2005; Lei et al. 2018, Theorem
// 2.2). With scores without ties it is also below Level + 1/(n+1). The
// guarantee holds for any fit, good or bad: a poor fit gives wide ranges,
// not wrong coverage. It is marginal: not for each kind of person within a
// group, and not if the population changes (monitor it with RangeCoverage).
// The range the engine shows, rounded outward to the penny, covers at least
// as often.
//
// Cross-validation: the range is centred on the fit on all rows while its
// quantile comes from fits on (K−1)/K of them. This is the K-fold analogue
// of the jackknife (Barber, Candès, Ramdas and Tibshirani 2021, "Predictive
// inference with the jackknife+", Ann. Statist. 49(1)), which has no
// distribution-free guarantee; its coverage is close to Level when the fit
// is stable (a regression with many more cases than terms; their Section
// 5). It is not CV+, whose ≥ 1 − 2α guarantee needs every fold's model at
// prediction time, which one exported model cannot carry. The coverage
// simulations in conformal_sim_test.go show it within Monte Carlo error of
// Level for OLS with thousands of cases.
func Conformal(d *AssessmentDesign, as []ras.Assessment, fit ModelFitter, opt ConformalOptions) (*ConformalResult, error) {
	if d == nil || d.model == nil {
		return nil, invalidf("conformal: the design was not built by BuildDesign")
	}
	if fit == nil {
		return nil, invalidf("conformal: no fitter")
	}
	if d.Spec.Response != nil {
		return nil, invalidf("conformal: the design's response is %q: a budget range is calibrated on the planned weekly cost", d.Design.Response)
	}
	res, err := opt.resolve()
	if err != nil {
		return nil, err
	}
	n := len(d.IDs)
	for i, idx := range d.Index {
		if idx < 0 || idx >= len(as) || as[idx].ID != d.IDs[i] {
			return nil, invalidf("conformal: design row %d is assessment %s (index %d), which as does not hold there: pass the slice the design was built from", i, d.IDs[i], idx)
		}
	}
	labels, err := conformalGroups(d, res.By)
	if err != nil {
		return nil, err
	}
	out := &ConformalResult{Level: res.level, Method: opt.Method, Score: res.Score, MinScale: res.MinScale, By: res.By}
	minCases := ras.RangeMinCases(res.level)

	var scored []int // design rows scored, with the engine that scores each
	var scorer []*ras.Engine
	switch opt.Method {
	case SplitConformal:
		train, cal, omitted, err := splitRows(labels, res, minCases)
		if err != nil {
			return nil, err
		}
		m, eng, err := fitModel(d, train, fit, "")
		if err != nil {
			return nil, err
		}
		out.Model, out.Train = m, train
		scored = cal
		scorer = make([]*ras.Engine, len(cal))
		for i := range scorer {
			scorer[i] = eng
		}
		out.Groups = append(out.Groups, omitted...)
	case CrossValidationConformal:
		folds, k, err := CVOptions{K: opt.K, Folds: opt.Folds, Seed: opt.Seed}.folds(n)
		if err != nil {
			return nil, fmt.Errorf("calibrate: conformal: %w", err)
		}
		_, test := splitFolds(folds, k)
		scorer = make([]*ras.Engine, n)
		for f := 1; f <= k; f++ {
			train := make([]int, 0, n-len(test[f]))
			for i, g := range folds {
				if g != f {
					train = append(train, i)
				}
			}
			_, eng, err := fitModel(d, train, fit, fmt.Sprintf("fold %d: ", f))
			if err != nil {
				return nil, err
			}
			for _, i := range test[f] {
				scorer[i] = eng
			}
		}
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		m, _, err := fitModel(d, nil, fit, "all rows: ")
		if err != nil {
			return nil, err
		}
		out.Model, out.Train, out.Folds, scored = m, all, folds, all
	default:
		return nil, invalidf("conformal: unknown method %d", int(opt.Method))
	}

	// Score the held-out rows with the engine of the model that did not
	// see them.
	var r ras.Result
	byGroup := map[string][]float64{}
	for t, i := range scored {
		a := &as[d.Index[i]]
		if err := scorer[t].AssessInto(a, &r, ras.AssessOptions{}); err != nil {
			return nil, fmt.Errorf("calibrate: conformal: design row %d (assessment %s): the exported model cannot assess it: %w", i, d.IDs[i], err)
		}
		if !r.HasBudget {
			return nil, invalidf("conformal: the fitted model gives a probability, not money")
		}
		amount := r.ExactBeforeLimits().InexactFloat64()
		y := d.Design.Y[i]
		s := res.Score.Score(amount, y, res.MinScale)
		if math.IsNaN(s) {
			return nil, &DataError{Row: i, Column: d.Design.Response, Value: y, Err: fmt.Errorf("%w: conformal: the %s score of a planned cost %v for an amount %v is undefined", ErrDomain, res.Score, y, amount)}
		}
		out.Rows = append(out.Rows, i)
		out.Amount = append(out.Amount, amount)
		out.Planned = append(out.Planned, y)
		out.Scores = append(out.Scores, s)
		out.Group = append(out.Group, labels[i])
		byGroup[labels[i]] = append(byGroup[labels[i]], s)
	}

	rr := &ras.RangeRules{Level: res.level, Method: ras.RangeSplitConformal, Score: res.Score, Groups: map[string]ras.RangeGroup{}, Period: res.Period}
	if opt.Method == CrossValidationConformal {
		rr.Method = ras.RangeCrossValidation
	}
	if res.Score != ras.ScoreAbsolute {
		ms := decimal.NewFromFloat(res.MinScale)
		rr.MinScale = &ms
	}
	if res.By != "none" {
		rr.By = res.By
	}
	for _, g := range slices.Sorted(maps.Keys(byGroup)) {
		s := byGroup[g]
		cg := ConformalGroup{Group: g, N: len(s), MinCases: minCases}
		k, ok := ras.RangeRank(len(s), res.level)
		if !ok {
			if !opt.OmitSmallGroups {
				return nil, fmt.Errorf("calibrate: conformal: %s %s: %d calibration cases, fewer than the %d a range at level %s needs (⌈(n+1)·level⌉ ≤ n): %w", groupWord(res.By), g, len(s), minCases, res.level, ErrTooFewCases)
			}
			cg.Omitted = true
			out.Groups = append(out.Groups, cg)
			continue
		}
		slices.Sort(s)
		cg.Rank, cg.Quantile = k, s[k-1]
		out.Groups = append(out.Groups, cg)
		rr.Groups[g] = ras.RangeGroup{Quantile: cg.Quantile, N: cg.N}
	}
	slices.SortFunc(out.Groups, func(a, b ConformalGroup) int { return strings.Compare(a.Group, b.Group) })
	if len(rr.Groups) == 0 {
		return nil, fmt.Errorf("calibrate: conformal: no group has enough calibration cases for level %s (%d needed): %w", res.level, minCases, ErrTooFewCases)
	}
	if rr.Period == "" {
		rr.Period = periodOf(d, out.Rows)
	}
	out.Model.Range = rr
	out.Range = rr
	if err := out.Model.Validate(); err != nil {
		return nil, fmt.Errorf("calibrate: conformal: the range does not fit the model: %w", err)
	}
	return out, nil
}

// conformalOptions are ConformalOptions with the defaults filled in.
type conformalOptions struct {
	level    decimal.Decimal
	Score    ras.RangeScore
	MinScale float64
	By       string
	Share    float64
	Seed     uint64
	Period   string
	omit     bool
}

func (o ConformalOptions) resolve() (conformalOptions, error) {
	r := conformalOptions{Score: o.Score, MinScale: o.MinScale, By: o.By, Share: o.CalibrationShare, Seed: o.Seed, Period: o.Period, omit: o.OmitSmallGroups}
	level := o.Level
	if level == 0 {
		level = 0.8
	}
	if !(level > 0 && level < 1) {
		return r, invalidf("conformal: level %v must be between 0 and 1", o.Level)
	}
	r.level = decimal.NewFromFloat(level)
	if x := r.level.Shift(6); !x.Equal(x.Truncate(0)) {
		return r, invalidf("conformal: level %v has more than 6 decimal places", o.Level)
	}
	switch r.Score {
	case "":
		r.Score = ras.ScoreLog
	case ras.ScoreAbsolute, ras.ScoreRelative, ras.ScoreLog:
	default:
		return r, invalidf("conformal: unknown score %q", o.Score)
	}
	if r.Score == ras.ScoreAbsolute {
		if r.MinScale != 0 {
			return r, invalidf("conformal: the absolute score takes no minimum scale")
		}
	} else {
		if r.MinScale == 0 {
			r.MinScale = 1
		}
		if !(r.MinScale > 0) || math.IsInf(r.MinScale, 0) {
			return r, invalidf("conformal: minimum scale %v must be positive and finite", o.MinScale)
		}
		if x := decimal.NewFromFloat(r.MinScale).Shift(8); !x.Equal(x.Truncate(0)) {
			return r, invalidf("conformal: minimum scale %v has more than 8 decimal places", o.MinScale)
		}
	}
	switch r.By {
	case "":
		r.By = "cohort"
	case "cohort", "living_setting", "none":
	default:
		return r, invalidf("conformal: by %q: a range is calibrated by cohort, living_setting or none", o.By)
	}
	if o.Method == SplitConformal {
		if r.Share == 0 {
			r.Share = 0.25
		}
		if !(r.Share > 0 && r.Share < 1) {
			return r, invalidf("conformal: calibration share %v must be between 0 and 1", o.CalibrationShare)
		}
	} else if o.CalibrationShare != 0 {
		return r, invalidf("conformal: a calibration share applies to split conformal only")
	}
	return r, nil
}

func groupWord(by string) string {
	switch by {
	case "cohort":
		return "cohort"
	case "living_setting":
		return "living setting"
	}
	return "group"
}

// conformalGroups labels each design row with its group.
func conformalGroups(d *AssessmentDesign, by string) ([]string, error) {
	if by == "none" {
		out := make([]string, len(d.IDs))
		for i := range out {
			out[i] = ras.RangeAll
		}
		return out, nil
	}
	return d.Group(by)
}

// splitRows holds out, in each group, the first round(share·n) rows of a
// seeded permutation of its rows; the rest train. A group with too few
// held-out rows is an error, or (OmitSmallGroups) trains only.
func splitRows(labels []string, o conformalOptions, minCases int) (train, cal []int, omitted []ConformalGroup, err error) {
	rows := map[string][]int{}
	for i, g := range labels {
		rows[g] = append(rows[g], i)
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x5eed_c0f0_12a1_0001))
	held := make([]bool, len(labels))
	for _, g := range slices.Sorted(maps.Keys(rows)) {
		rs := rows[g]
		m := int(math.Round(o.Share * float64(len(rs))))
		if m < minCases {
			if o.omit {
				omitted = append(omitted, ConformalGroup{Group: g, N: m, MinCases: minCases, Omitted: true})
				continue
			}
			return nil, nil, nil, fmt.Errorf("calibrate: conformal: %s %s: %d of its %d assessments held out (share %v), fewer than the %d a range at level %s needs (⌈(n+1)·level⌉ ≤ n); hold out a larger share, or omit the group: %w",
				groupWord(o.By), g, m, len(rs), o.Share, minCases, o.level, ErrTooFewCases)
		}
		perm := rng.Perm(len(rs))
		for _, p := range perm[:m] {
			held[rs[p]] = true
		}
	}
	for i, h := range held {
		if h {
			cal = append(cal, i)
		} else {
			train = append(train, i)
		}
	}
	if len(cal) == 0 {
		return nil, nil, nil, fmt.Errorf("calibrate: conformal: no group has enough assessments to hold out for level %s: %w", o.level, ErrTooFewCases)
	}
	if len(train) == 0 {
		return nil, nil, nil, fmt.Errorf("%w: conformal: no rows left to fit on", ErrEmpty)
	}
	return train, cal, omitted, nil
}

// fitModel fits and exports on the given design rows (all when nil) and
// compiles the model.
func fitModel(d *AssessmentDesign, rows []int, fit ModelFitter, where string) (*ras.Model, *ras.Engine, error) {
	td := d
	if rows != nil {
		var err error
		if td, err = d.Subset(rows); err != nil {
			return nil, nil, err
		}
	}
	m, err := fit(td)
	if err != nil {
		return nil, nil, fmt.Errorf("calibrate: conformal: %sfit: %w", where, err)
	}
	if m == nil {
		return nil, nil, invalidf("conformal: %sthe fitter returned no model", where)
	}
	if m.Family == ras.FamilyRegression && m.Regression != nil && m.Regression.Link == ras.LinkLogit {
		return nil, nil, invalidf("conformal: %sthe fitted model gives a probability, not money", where)
	}
	eng, err := ras.Compile(m)
	if err != nil {
		return nil, nil, fmt.Errorf("calibrate: conformal: %sthe fitted model: %w", where, err)
	}
	return m, eng, nil
}

// periodOf is the calendar years of the rows' assessment dates: "2025" or
// "2024 to 2025".
func periodOf(d *AssessmentDesign, rows []int) string {
	lo, hi := 0, 0
	for _, i := range rows {
		y := d.Date[i].Year
		if y == 0 {
			continue
		}
		if lo == 0 || y < lo {
			lo = y
		}
		if y > hi {
			hi = y
		}
	}
	switch {
	case lo == 0:
		return ""
	case lo == hi:
		return strconv.Itoa(lo)
	}
	return strconv.Itoa(lo) + " to " + strconv.Itoa(hi)
}

// RangeCoverage is how often planned costs fell in their budget ranges.
type RangeCoverage struct {
	// Group is a cohort, living setting or ras.RangeAll (the range's
	// grouping), or "overall".
	Group string
	// N counts the assessments with a range and a planned cost; Covered
	// those whose planned cost lies in the range shown (ends included);
	// Rate is Covered/N (NaN when N is 0), and StdErr √(Rate(1−Rate)/N),
	// its binomial standard error.
	N, Covered   int
	Rate, StdErr float64
	// MeanWidth is the mean of upper − lower a week, in pounds.
	MeanWidth float64
}

// CoverageOf assesses each assessment with a planned weekly cost by the
// engine of a model with a budget range and counts how often the planned
// cost lies in the range shown: overall (first) and in each group of the
// range, in sorted order. Assessments without a planned cost, and those
// whose group has no range, are not counted; an assessment the engine
// rejects is an error naming it. Use it on assessments the range was not
// calibrated on (a later year, say) to check that it still holds.
func CoverageOf(eng *ras.Engine, as []ras.Assessment) ([]RangeCoverage, error) {
	if eng == nil {
		return nil, invalidf("coverage: nil engine")
	}
	m := eng.Model()
	if m.Range == nil {
		return nil, invalidf("coverage: model %s has no budget range", m.ID)
	}
	type acc struct {
		n, covered int
		width      float64
	}
	groups := map[string]*acc{}
	all := &acc{}
	var r ras.Result
	for i := range as {
		a := &as[i]
		if a.PlannedWeekly == nil {
			continue
		}
		if err := eng.AssessInto(a, &r, ras.AssessOptions{}); err != nil {
			return nil, fmt.Errorf("calibrate: coverage: assessment %s (index %d): %w", a.ID, i, err)
		}
		lo, hi, ok := r.RangePence()
		if !ok {
			continue
		}
		br, _ := r.Range()
		y := a.PlannedWeekly.Shift(2)
		in := !y.LessThan(decimal.NewFromInt(lo)) && !y.GreaterThan(decimal.NewFromInt(hi))
		g := groups[br.Group]
		if g == nil {
			g = &acc{}
			groups[br.Group] = g
		}
		for _, c := range []*acc{all, g} {
			c.n++
			if in {
				c.covered++
			}
			c.width += float64(hi-lo) / 100
		}
	}
	mk := func(name string, c *acc) RangeCoverage {
		rc := RangeCoverage{Group: name, N: c.n, Covered: c.covered, Rate: math.NaN(), StdErr: math.NaN(), MeanWidth: math.NaN()}
		if c.n > 0 {
			p := float64(c.covered) / float64(c.n)
			rc.Rate, rc.StdErr, rc.MeanWidth = p, math.Sqrt(p*(1-p)/float64(c.n)), c.width/float64(c.n)
		}
		return rc
	}
	out := []RangeCoverage{mk("overall", all)}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		out = append(out, mk(g, groups[g]))
	}
	return out, nil
}
