package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// ---------------------------------------------------------------------------
// Carers.

type carersSection struct {
	Basis     string `json:"basis"`
	Adults    int    `json:"adults_with_needs"`
	WithCarer int    `json:"with_carer"`
	// ShareWithCarer is null when there are no adults with needs.
	ShareWithCarer  *float64 `json:"share_with_carer"`
	MeanPerAdult    string   `json:"mean_weekly_per_adult"`
	MedianPerAdult  string   `json:"median_weekly_per_adult"`
	Q1              string   `json:"q1_weekly_per_adult"`
	Q3              string   `json:"q3_weekly_per_adult"`
	AnnualMean      string   `json:"mean_annual_per_adult"`
	MeanWithCarer   string   `json:"mean_weekly_per_adult_with_carer"`
	MedianWithCarer string   `json:"median_weekly_per_adult_with_carer"`
	CurrentRecords  int      `json:"current_records"`
	Unmatched       int      `json:"records_of_persons_not_adults_with_needs"`
	// CarersAssessed and CarersEligible count the carers of adults with
	// needs only (the eligibility section reads every carer's findings).
	CarersAssessed count `json:"carers_of_adults_assessed"`
	CarersEligible count `json:"carers_of_adults_eligible"`
	// Levels counts current records by risk level ("none" first).
	Levels     []levelRow    `json:"risk_levels"`
	TopReasons []reasonRow   `json:"top_reasons"`
	AtHighest  count         `json:"at_highest_level"`
	Highest    string        `json:"highest_level"`
	Rising     count         `json:"rising"`
	Priorities []priorityRow `json:"priorities"`
	ByLocality []localityRow `json:"by_locality"`

	mean, median, q1, q3, annual, meanWith, medianWith decimal.Decimal
	perAdult                                           []float64 // weekly pounds per adult with a carer, for the chart
}

type levelRow struct {
	Level    string `json:"level"`
	MinScore *int   `json:"min_score"` // null for "none"
	Records  count  `json:"records"`
}

type reasonRow struct {
	Indicator string `json:"indicator"`
	Records   count  `json:"records"`
	n         int
}

type priorityRow struct {
	Rank     int    `json:"rank"`
	CarerID  string `json:"carer_id"`
	PersonID string `json:"person_id"`
	Level    string `json:"level"`
	Score    int32  `json:"score"`
	// ScoreChange and DaysSincePrevious are null at a first assessment.
	ScoreChange       *int     `json:"score_change"`
	DaysSincePrevious *int     `json:"days_since_previous"`
	Reasons           []string `json:"reasons"`
	New               []string `json:"new_since_previous"`
}

// localityRow is one locality's value of unpaid care as published: a
// hidden figure is null.
type localityRow struct {
	Locality      string   `json:"locality"`
	Adults        int      `json:"adults"`
	WithCarer     count    `json:"with_carer"`
	Share         *float64 `json:"share_with_carer"` // null when hidden
	Mean          string   `json:"mean_weekly,omitempty"`
	Median        string   `json:"median_weekly,omitempty"`
	MeanWithCarer string   `json:"mean_weekly_with_carer,omitempty"`
	Hidden        bool     `json:"statistics_hidden"`

	mean, median, meanWith decimal.Decimal
	hideShare, hideStats   bool
	hideWith               bool
}

func carersAnalysis(c *county, o options) (*carersSection, error) {
	s := &carersSection{CurrentRecords: len(c.current)}
	valuer, err := carers.NewReplacementCost(carers.DefaultRateCard(), carers.ValuationOptions{})
	if err != nil {
		return nil, err
	}
	vals, err := valuer.ValueAll(nil, c.current)
	if err != nil {
		return nil, err
	}
	// The valuer's basis, so that the summary names it even when nobody
	// has a valuation (no carer records at all).
	sum, err := carers.Summarise(c.people, c.current, vals, carers.SummaryOptions{Bands: carers.CensusBands5(), IgnoreUnmatched: true, Basis: valuer.Basis()})
	if err != nil {
		return nil, err
	}
	s.Basis = sum.Basis.String()
	g := sum.All
	s.Adults, s.WithCarer, s.ShareWithCarer = g.People, g.WithCarer, definedOrNil(g.ShareWithCarer)
	s.mean, s.median, s.q1, s.q3, s.annual = g.PerAdult.Mean, g.PerAdult.Median, g.PerAdult.Q1, g.PerAdult.Q3, g.PerAdult.AnnualMean
	s.meanWith, s.medianWith = g.PerAdultWithCarer.Mean, g.PerAdultWithCarer.Median
	s.MeanPerAdult, s.MedianPerAdult = s.mean.StringFixed(2), s.median.StringFixed(2)
	s.Q1, s.Q3, s.AnnualMean = s.q1.StringFixed(2), s.q3.StringFixed(2), s.annual.StringFixed(2)
	s.MeanWithCarer, s.MedianWithCarer = s.meanWith.StringFixed(2), s.medianWith.StringFixed(2)
	s.Unmatched = sum.Unmatched
	ae, err := disclosure.SuppressList([]int{g.CarersEligible, g.CarersAssessed - g.CarersEligible}, disclosure.Options{})
	if err != nil {
		return nil, err
	}
	s.CarersAssessed, s.CarersEligible = small(g.CarersAssessed), shown(ae, 0)

	// Value per adult with a carer, for the distribution chart.
	idx := make(map[string]int, len(c.people))
	for i, p := range c.people {
		idx[p.PersonID] = i
	}
	weekly := make([]int64, len(c.people))
	has := make([]bool, len(c.people))
	for i := range c.current {
		if p, ok := idx[c.current[i].PersonID]; ok {
			weekly[p] += vals[i].WeeklyPence
			has[p] = true
		}
	}
	for p, v := range weekly {
		if has[p] {
			s.perAdult = append(s.perAdult, float64(v)/100)
		}
	}

	// By locality, as published.
	pub, err := sum.Publish("locality", disclosure.Options{})
	if err != nil {
		return nil, err
	}
	for i, gr := range sum.ByLocality {
		r := localityRow{Locality: orLabel(gr.Group, "not known"), Adults: gr.People, WithCarer: count{gr.WithCarer, pub.People.Hidden(i, 0)},
			Share: definedOrNil(gr.ShareWithCarer), mean: gr.PerAdult.Mean, median: gr.PerAdult.Median, meanWith: gr.PerAdultWithCarer.Mean,
			hideShare: pub.ShareHidden(i), hideStats: pub.StatsHidden(i, false), hideWith: pub.StatsHidden(i, true)}
		if r.hideShare {
			r.Share = nil
		}
		if !r.hideStats {
			r.Mean, r.Median = r.mean.StringFixed(2), r.median.StringFixed(2)
		}
		if !r.hideWith {
			r.MeanWithCarer = r.meanWith.StringFixed(2)
		}
		r.Hidden = r.hideShare || r.hideStats || r.hideWith
		s.ByLocality = append(s.ByLocality, r)
	}

	// Carers at risk.
	rm, err := carers.NewRiskModel(carers.DefaultRiskConfig(), nil)
	if err != nil {
		return nil, err
	}
	levels := rm.Config().Levels
	risks := rm.AssessAll(nil, c.current)
	counts := make([]int, len(levels)+1)
	var fired [32]int
	for _, r := range risks {
		counts[int(r.Level)+1]++
		if r.Level >= 0 {
			for b := r.Fired; b != 0; b &= b - 1 {
				fired[bits.TrailingZeros32(b)]++
			}
		}
	}
	ll, err := disclosure.SuppressList(counts, disclosure.Options{})
	if err != nil {
		return nil, err
	}
	for i := range counts {
		row := levelRow{Level: "none", Records: shown(ll, i)}
		if i > 0 {
			min := int(levels[i-1].MinScore)
			row.Level, row.MinScore = levels[i-1].Name, &min
		}
		s.Levels = append(s.Levels, row)
	}
	var rs []reasonRow
	for b, n := range fired {
		if n > 0 {
			rs = append(rs, reasonRow{Indicator: carers.Indicator(b).Description(), n: n})
		}
	}
	slices.SortStableFunc(rs, func(a, b reasonRow) int { return cmp.Compare(b.n, a.n) })
	rc := make([]int, len(rs))
	for i := range rs {
		rc[i] = rs[i].n
	}
	// The records of one indicator can be counted in several rows, so no
	// total of the rows is published: primary suppression only.
	rl, err := disclosure.SuppressList(rc, disclosure.Options{WithoutTotals: true})
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].Records = shown(rl, i)
	}
	s.TopReasons = rs[:min(5, len(rs))]

	s.Highest = levels[len(levels)-1].Name
	all, err := rm.Prioritise(c.current, c.previous, carers.PriorityOptions{MinLevel: s.Highest, OnlyAtLevel: true})
	if err != nil {
		return nil, err
	}
	s.AtHighest = small(len(all))
	every, err := rm.Prioritise(c.current, c.previous, carers.PriorityOptions{})
	if err != nil {
		return nil, err
	}
	rising := 0
	for _, p := range every {
		if p.Change != nil && p.Change.Rising() {
			rising++
		}
	}
	s.Rising = small(rising)
	for _, p := range all[:min(o.Top, len(all))] {
		row := priorityRow{Rank: p.Rank, CarerID: p.CarerID, PersonID: p.PersonID, Level: p.Level, Score: p.Risk.Score, Reasons: []string{}, New: []string{}}
		if p.Change != nil {
			d, days := p.Change.ScoreDelta, p.Change.Days
			row.ScoreChange, row.DaysSincePrevious = &d, &days
		}
		for _, r := range p.Reasons {
			row.Reasons = append(row.Reasons, r.String())
		}
		for _, ind := range p.NewSince {
			row.New = append(row.New, ind.Description())
		}
		s.Priorities = append(s.Priorities, row)
	}
	return s, nil
}

// definedOrNil is x, or nil when x is undefined (NaN or infinite), so
// that JSON says null.
func definedOrNil(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// shareOf formats a share that may be undefined (nil).
func shareOf(x *float64) string {
	if x == nil {
		return report.Undefined
	}
	return report.Share(*x)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ---------------------------------------------------------------------------
// Children.

var centileProbs = []float64{0.10, 0.25, 0.50, 0.75, 0.90}

type childrenSection struct {
	Instrument  string       `json:"instrument"`
	Probs       []float64    `json:"centile_probs"`
	MaxTotal    float64      `json:"max_total"`
	Assessments int          `json:"assessments"`
	Children    int          `json:"children"`
	Linked      int          `json:"linked_to_ras"`
	Bands       []centileRow `json:"bands"`
	Flagged     count        `json:"children_flagged"`
	Falls       count        `json:"falls_flagged"`

	published *independence.PublishedCentiles
}

type centileRow struct {
	Age        string    `json:"age"`
	Children   count     `json:"children"`
	Suppressed bool      `json:"suppressed"`
	Mean       float64   `json:"mean"`     // null when suppressed or empty
	Centiles   []float64 `json:"centiles"` // at centile_probs; null when suppressed or empty
}

func childrenAnalysis(c *county) (*childrenSection, error) {
	s := &childrenSection{Instrument: c.instrument.ID, Probs: centileProbs, MaxTotal: c.instrument.MaxTotal(), Assessments: len(c.childScore), Linked: c.kidsLinked}
	kids := map[string]bool{}
	for _, sc := range c.childScore {
		kids[sc.PersonID] = true
	}
	s.Children = len(kids)
	if len(c.childScore) == 0 {
		return s, nil
	}
	ageBands, err := independence.YearBands(0, 18, 1)
	if err != nil {
		return nil, err
	}
	if s.published, err = independence.PublishScoreCentiles(c.childScore, ageBands, independence.CentileOptions{Probs: centileProbs}, disclosure.Options{}); err != nil {
		return nil, err
	}
	for _, b := range s.published.Bands {
		row := centileRow{Age: b.Band.Label, Children: count{b.Children, b.Status.Hidden()}, Suppressed: b.Suppressed, Mean: b.Mean}
		for k := range centileProbs {
			row.Centiles = append(row.Centiles, b.Centiles[k])
		}
		s.Bands = append(s.Bands, row)
	}
	// Falls in independence (flags for a practitioner).
	flags, err := independence.FlagDeclines(c.instrument, c.childScore, independence.DeclineRule{MinTotalDrop: 2, ItemsExplainOnly: true})
	if err != nil {
		return nil, err
	}
	flagged := map[string]bool{}
	for _, f := range flags {
		flagged[f.PersonID] = true
	}
	s.Falls, s.Flagged = small(len(flags)), small(len(flagged))
	return s, nil
}

// ---------------------------------------------------------------------------
// Pathway.

// groupAwaiting labels waits whose service has not started: the type of
// service awaited is not recorded until it starts.
const groupAwaiting = "awaiting (type not yet known)"

type pathwaySection struct {
	Extract    string `json:"extract_date"`
	TargetDays int    `json:"target_days"`
	Pathways   int    `json:"pathways"`
	Waits      int    `json:"waits"`
	Completed  int    `json:"completed"`
	Censored   int    `json:"censored"`
	OutOfOrder int    `json:"out_of_order"`
	LeftOut    int    `json:"left_out"` // waits that cannot be measured (see pathwayOf)
	// OutsidePeriod counts the waits starting outside the period (CLD
	// only: the waits starting in the period are measured).
	OutsidePeriod int          `json:"outside_period,omitempty"`
	PeriodStart   string       `json:"period_start,omitempty"` // CLD only: the period's first day
	FollowUp      float64      `json:"max_follow_up_days"`
	Overall       kmRow        `json:"overall"`
	ByType        []kmRow      `json:"by_service_type"`
	ByTeam        []kmRow      `json:"by_team,omitempty"`
	ByCouncil     []kmRow      `json:"by_council,omitempty"`
	FunnelTarget  float64      `json:"funnel_target"`
	Snapshot      *snapshotRow `json:"open_waits_at_extract,omitempty"`
	// Records, Stages and Money are the CLD pathway's (nil for the native
	// files).
	Records *cldRecords   `json:"records,omitempty"`
	Stages  []stageRow    `json:"stages,omitempty"`
	Money   *moneySection `json:"money,omitempty"`

	overallFit *pathway.KMFit
	typeFits   *pathway.KMGroups
	teams      *pathway.GroupComparisons
}

// snapshotRow is the people waiting on the extract date.
type snapshotRow struct {
	On           string  `json:"on"`
	Waiting      count   `json:"waiting"`
	TargetDays   int     `json:"target_days"`
	WithinTarget count   `json:"within_target"`
	ShareWithin  float64 `json:"share_within_target"`
	Median       float64 `json:"median_days"`
	P92          float64 `json:"p92_days"`
}

// kmRow is one group's waits: Kaplan–Meier median with its CI, the
// probability of starting within target, and the share of resolved waits
// within target with its Wilson interval. A group of fewer than 5 waits is
// suppressed: only its label is published.
type kmRow struct {
	Group       string  `json:"group"`
	N           count   `json:"n"`
	Events      count   `json:"started"`
	Median      float64 `json:"median_days"` // null when the median is not reached
	MedianLower float64 `json:"median_lower"`
	MedianUpper float64 `json:"median_upper"`
	WithinKM    float64 `json:"km_within_target"`
	Resolved    count   `json:"resolved"`
	Within      count   `json:"within"`
	Share       float64 `json:"share_within_target"`
	ShareLower  float64 `json:"share_lower"`
	ShareUpper  float64 `json:"share_upper"`
	Flag        string  `json:"funnel_flag,omitempty"`
	Suppressed  bool    `json:"suppressed"`
}

func kmRowOf(g pathway.GroupComparison) kmRow {
	if g.N < disclosure.DefaultThreshold {
		nan := math.NaN()
		h := count{Hidden: true}
		return kmRow{Group: g.Group, N: h, Events: h, Resolved: h, Within: h, Median: nan, MedianLower: nan, MedianUpper: nan,
			WithinKM: nan, Share: nan, ShareLower: nan, ShareUpper: nan, Suppressed: true}
	}
	return kmRow{Group: g.Group, N: count{N: g.N}, Events: small(g.Events), Median: g.Median.Value, MedianLower: g.Median.Lower, MedianUpper: g.Median.Upper,
		WithinKM: report.Clean(g.WithinKM.Value), Resolved: count{N: g.Resolved}, Within: small(g.Within), Share: report.Clean(g.Share),
		ShareLower: report.Clean(g.ShareLower), ShareUpper: report.Clean(g.ShareUpper), Flag: g.Flag.String()}
}

// pathwayAnalysis is the pathway section of the native pathway files: the
// waits from assessment end to service start, grouped by service type, as
// the pathway stage took them from the join, compared across teams (the
// person's locality in the RAS data).
func pathwayAnalysis(c *county) (*pathwaySection, error) {
	return pathwayOf(pathwayInput{
		waits: c.waits, outOfOrder: c.waitsOOO, extract: c.extract, pathways: c.pathways,
		group: func(w *pathway.Wait) string {
			if j, ok := c.persons[w.PersonID]; ok && c.as.localityOf(j) != "" {
				return c.as.localityOf(j)
			}
			return "unknown"
		},
	})
}

// pathwayInput is what the pathway section is made of: waits from
// assessment end to service start grouped by service type, censored at
// extract; group names the team (or council) a wait is compared in.
type pathwayInput struct {
	waits      []pathway.Wait
	outOfOrder int
	extract    pathway.Date
	pathways   int
	group      func(w *pathway.Wait) string
	// from, when valid, starts the period of the waits: those starting
	// before it or after extract are left out (counted in OutsidePeriod);
	// byCouncil files the comparison under ByCouncil.
	from      pathway.Date
	byCouncil bool
}

// pathwayOf analyses waits: Kaplan–Meier overall and by service type, the
// share within target, the comparison across groups with funnel limits,
// and the people waiting on the extract date. The waits are not changed.
func pathwayOf(in pathwayInput) (*pathwaySection, error) {
	s := &pathwaySection{Extract: in.extract.String(), TargetDays: targetDays, Pathways: in.pathways, OutOfOrder: in.outOfOrder}
	if in.from.Valid() {
		s.PeriodStart = in.from.String()
	}
	// A wait the censoring cannot measure (no start, a start after the
	// extract date, an end before its start) is left out and counted.
	waits := make([]pathway.Wait, 0, len(in.waits))
	for _, w := range in.waits {
		switch {
		case in.from.Valid() && w.Start.Valid() && (w.Start < in.from || w.Start > in.extract):
			s.OutsidePeriod++
		case !w.Start.Valid() || w.Start > in.extract || (w.End.Valid() && w.End < w.Start):
			s.LeftOut++
		default:
			waits = append(waits, w)
		}
	}
	s.Waits = len(waits)
	if len(waits) == 0 {
		return s, nil
	}
	times, events, err := pathway.CensorWaits(waits, in.extract, pathway.CalendarDays, nil)
	if err != nil {
		return nil, err
	}
	for i, e := range events {
		if e {
			s.Completed++
		}
		s.FollowUp = max(s.FollowUp, times[i])
	}
	s.Censored = len(events) - s.Completed
	if s.overallFit, err = pathway.KaplanMeier(times, events, pathway.KMOptions{}); err != nil {
		return nil, err
	}
	groups := make([]string, len(waits))
	teams := make([]string, len(waits))
	for i := range waits {
		groups[i] = waits[i].Group
		teams[i] = in.group(&waits[i])
	}
	all := make([]string, len(waits))
	for i := range all {
		all[i] = "all"
	}
	opt := pathway.CompareOptions{TargetDays: targetDays}
	overall, err := pathway.CompareGroups(times, events, all, opt)
	if err != nil {
		return nil, err
	}
	s.Overall = kmRowOf(overall.Rows[0])
	byType, err := pathway.CompareGroups(times, events, groups, opt)
	if err != nil {
		return nil, err
	}
	for _, g := range byType.Rows {
		r := kmRowOf(g)
		if r.Group == groupAwaiting {
			r.Flag = "" // no target applies to waits whose service has not started
		}
		s.ByType = append(s.ByType, r)
	}
	if s.typeFits, err = pathway.KaplanMeierByGroup(times, events, groups, pathway.KMOptions{}); err != nil {
		return nil, err
	}
	if s.teams, err = pathway.CompareGroups(times, events, teams, opt); err != nil {
		return nil, err
	}
	s.FunnelTarget = s.teams.Target
	for _, g := range s.teams.Rows {
		if in.byCouncil {
			s.ByCouncil = append(s.ByCouncil, kmRowOf(g))
		} else {
			s.ByTeam = append(s.ByTeam, kmRowOf(g))
		}
	}
	sn, err := pathway.OpenWaits(waits, in.extract, pathway.SnapshotOptions{TargetDays: targetDays})
	if err != nil {
		return nil, err
	}
	s.Snapshot = &snapshotRow{On: sn.On.String(), Waiting: small(sn.Waiting), TargetDays: sn.TargetDays, WithinTarget: small(sn.WithinTarget),
		ShareWithin: report.Clean(sn.ShareWithin), Median: sn.Median, P92: sn.P92}
	if sn.Waiting < disclosure.DefaultThreshold {
		s.Snapshot.ShareWithin, s.Snapshot.Median, s.Snapshot.P92 = math.NaN(), math.NaN(), math.NaN()
	}
	return s, nil
}

// ---------------------------------------------------------------------------
// Eligibility.

type eligibilitySection struct {
	// NotRead says why the Care Act adult and CHC rules are not read
	// (no findings mapping for the model); "" when they are.
	NotRead      string `json:"rules_not_read,omitempty"`
	AdultsRead   int    `json:"adults_read"`
	AdultsMet    int    `json:"adults_met"`
	Agree        int    `json:"decisions_agreeing_with_rule"`
	WithDecision int    `json:"adults_with_decision"`
	CHCRead      int    `json:"chc_read"`
	CHCClear     count  `json:"chc_dst_clear"`
	CHCJudgement count  `json:"chc_dst_for_judgement"`
	CHCChecklist count  `json:"chc_checklist_positive"`
	// Carers counts every current carer record with the carer's own
	// findings; CarersNotAdults those of them who care for someone who is
	// not an adult with needs in the RAS data (the carers section counts
	// only carers of adults with needs).
	Carers          int `json:"carers_read"`
	CarersNotAdults int `json:"carers_read_not_of_adults_with_needs"`

	Tables      []summaryTable  `json:"tables"`
	Predictions []predictionRow `json:"predictions"`
}

// summaryTable is an eligibility summary table as published: a hidden
// count is null.
type summaryTable struct {
	Name    string       `json:"name"`
	Title   string       `json:"title"`
	Columns []string     `json:"columns"`
	Rows    []summaryRow `json:"rows"`
}

type summaryRow struct {
	Locality string  `json:"locality"`
	Total    bool    `json:"total"`
	N        int64   `json:"n"`
	Counts   []count `json:"counts"`
}

type predictionRow struct {
	Framework string `json:"framework"`
	Model     string `json:"model,omitempty"`
	// N is the number of assessments with a recorded decision (those the
	// fit used when it succeeded).
	N           int           `json:"n"`
	Events      int           `json:"eligible"`
	Columns     int           `json:"columns"`
	K           int           `json:"folds"`
	AUC         float64       `json:"auc"`
	AUCLower    float64       `json:"auc_lower"`
	AUCUpper    float64       `json:"auc_upper"`
	Brier       float64       `json:"brier"`
	CITL        float64       `json:"calibration_in_the_large"`
	Slope       float64       `json:"calibration_slope"`
	HL          *hlRow        `json:"hosmer_lemeshow,omitempty"`
	Z           *zRow         `json:"spiegelhalter,omitempty"`
	Threshold   *thresholdRow `json:"at_threshold,omitempty"`
	ApparentAUC float64       `json:"apparent_auc"`
	Deciles     []decileRow   `json:"deciles"`
	Excluded    int           `json:"excluded"`
	Err         string        `json:"error,omitempty"`
}

// hlRow is a Hosmer–Lemeshow test over the deciles of out-of-fold risk.
type hlRow struct {
	Statistic float64 `json:"statistic"`
	DF        int     `json:"df"`
	PValue    float64 `json:"p_value"`
	Groups    int     `json:"groups"`
}

// zRow is Spiegelhalter's z test.
type zRow struct {
	Z      float64 `json:"z"`
	PValue float64 `json:"p_value"`
}

// calibrationAlpha is the level at which a test of calibration calls the
// predictions miscalibrated.
const calibrationAlpha = 0.05

// miscalibrated reports whether either test rejects calibration at
// calibrationAlpha.
func (p *predictionRow) miscalibrated() bool {
	return (p.HL != nil && p.HL.PValue < calibrationAlpha) || (p.Z != nil && p.Z.PValue < calibrationAlpha)
}

// thresholdRow is the rule "refer when p ≥ threshold" on the out-of-fold
// predictions.
type thresholdRow struct {
	Threshold    float64 `json:"threshold"`
	ReferralRate float64 `json:"referral_rate"`
	Sensitivity  float64 `json:"sensitivity"`
	Specificity  float64 `json:"specificity"`
	PPV          float64 `json:"ppv"`
	NPV          float64 `json:"npv"`
}

// decileRow is one decile of out-of-fold risk as published.
type decileRow struct {
	Decile        int     `json:"decile"`
	N             int     `json:"n"`
	MeanPredicted float64 `json:"mean_predicted"`
	Eligible      count   `json:"eligible"`
	NotEligible   count   `json:"not_eligible"`
	ObservedRate  float64 `json:"observed_rate"` // null when its counts are hidden
}

// eligibilityAnalysis is the eligibility section; its predictions start
// once cvDone is closed.
func eligibilityAnalysis(ctx context.Context, c *county, o options, p *lane, cvDone <-chan struct{}) (*eligibilitySection, error) {
	s := &eligibilitySection{NotRead: c.noMapping}
	fm := c.mapper
	var sum eligibility.Summary
	var adults, chc []int // rows with a recorded decision
	row := 0
	for chunk := range c.as.chunks(nil) {
		for k := range chunk {
			a := &chunk[k]
			i := row + k
			g := eligibility.Group{Locality: a.Person.Locality}
			switch a.Cohort {
			case ras.CohortAdult:
				if _, ok := decision(a, calibrate.FrameworkCareActAdult); ok {
					adults = append(adults, i)
				}
				if fm == nil {
					continue
				}
				f := fm.adult(a)
				r, err := eligibility.EvaluateAdult(&f)
				if err != nil {
					return nil, fmt.Errorf("assessment %s: %w", a.ID, err)
				}
				sum.AddAdult(g, r)
				s.AdultsRead++
				if r.Met {
					s.AdultsMet++
				}
				if d, ok := decision(a, calibrate.FrameworkCareActAdult); ok {
					s.WithDecision++
					if d == r.Met {
						s.Agree++
					}
				}
			case ras.CohortCHC:
				if _, ok := decision(a, calibrate.FrameworkCHC); ok {
					chc = append(chc, i)
				}
				if fm == nil {
					continue
				}
				d, cl := fm.dst(a)
				dr, err := eligibility.EvaluateDST(&d, eligibility.DSTOptions{})
				if err != nil {
					return nil, fmt.Errorf("assessment %s: %w", a.ID, err)
				}
				cr, err := eligibility.EvaluateChecklist(&cl)
				if err != nil {
					return nil, fmt.Errorf("assessment %s: %w", a.ID, err)
				}
				sum.AddDST(g, dr)
				sum.AddChecklist(g, cr)
				s.CHCRead++
				if dr.Clear() {
					s.CHCClear.N++
				} else if dr.ForJudgement() {
					s.CHCJudgement.N++
				}
				if cr.FullAssessment() {
					s.CHCChecklist.N++
				}
			}
		}
		row += len(chunk)
	}
	s.CHCClear, s.CHCJudgement, s.CHCChecklist = small(s.CHCClear.N), small(s.CHCJudgement.N), small(s.CHCChecklist.N)
	known := map[string]bool{}
	for _, pp := range c.people {
		known[pp.PersonID] = true
	}
	for i := range c.current {
		r := &c.current[i]
		if r.Eligibility == nil {
			continue
		}
		res, err := carers.CarerEligibility(r)
		if err != nil {
			return nil, err
		}
		loc := ""
		if j, ok := c.persons[r.PersonID]; ok {
			loc = c.as.localityOf(j)
		}
		sum.AddCarer(eligibility.Group{Locality: loc}, res)
		s.Carers++
		if !known[r.PersonID] {
			s.CarersNotAdults++
		}
	}
	tables, err := sum.Tables(disclosure.Options{})
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		if len(t.Rows) == 0 || t.Rows[len(t.Rows)-1].N == 0 {
			continue // nothing read under these rules
		}
		st := summaryTable{Name: t.Name, Title: t.Title, Columns: t.ColumnTitles}
		for _, row := range t.Rows {
			sr := summaryRow{Locality: orLabel(row.Group.Locality, "not known"), Total: row.Total, N: row.N}
			if row.Total {
				sr.Locality = "all"
			}
			for j, n := range row.Counts {
				sr.Counts = append(sr.Counts, count{int(n), row.Hidden(j)})
			}
			st.Rows = append(st.Rows, sr)
		}
		s.Tables = append(s.Tables, st)
	}
	p.step("eligibility rules and summaries")
	select {
	case <-cvDone:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	p.step("waited for the calibration's cross-validation")

	for _, x := range []struct {
		fw   string
		rows []int
		spec func(*ras.Model) calibrate.DesignSpec
	}{
		{calibrate.FrameworkCareActAdult, adults, calibrate.CareActSpec},
		{calibrate.FrameworkCHC, chc, calibrate.CHCSpec},
	} {
		row := predictionRow{Framework: x.fw, K: o.K, N: len(x.rows), Deciles: []decileRow{}}
		fail := func(msg string) {
			nan := math.NaN()
			row.Err = msg
			row.AUC, row.AUCLower, row.AUCUpper, row.Brier, row.CITL, row.Slope, row.ApparentAUC = nan, nan, nan, nan, nan, nan, nan
			s.Predictions = append(s.Predictions, row)
		}
		if len(x.rows) < 20 {
			fail(fmt.Sprintf("too few assessments with a recorded decision (%d; at least 20 are needed)", len(x.rows)))
			continue
		}
		// As calibrate.FitCareActEligibility and FitCHCEligibility, from the
		// compact store.
		spec := x.spec(c.model)
		em, err := calibrate.FitEligibilityFrom(c.model, c.as.chunks(x.rows), calibrate.EligibilityOptions{Framework: x.fw, Spec: &spec})
		if err != nil {
			fail(err.Error())
			continue
		}
		row.Model, row.N, row.Events, row.Excluded = em.Model.ID, em.N, em.Events, len(em.Excluded)
		_, row.Columns = em.Design.Design.Dims()
		cv, err := em.CrossValidate(calibrate.EligibilityCVOptions{K: o.K, Seed: o.Seed})
		if err != nil {
			fail(err.Error())
			continue
		}
		a := cv.Accuracy
		row.AUC, row.AUCLower, row.AUCUpper = a.AUC.AUC, a.AUC.Lower, a.AUC.Upper
		row.Brier, row.CITL, row.Slope = a.Brier, a.CalibrationInTheLarge, a.Recalibration.Slope
		th, err := calibrate.AtThreshold(cv.Y, cv.Probability, 0.5)
		if err != nil {
			return nil, err
		}
		row.Threshold = &thresholdRow{Threshold: th.Threshold, ReferralRate: th.ReferralRate, Sensitivity: th.Sensitivity, Specificity: th.Specificity, PPV: th.PPV, NPV: th.NPV}
		row.ApparentAUC = math.NaN()
		if ap, err := em.Apparent(calibrate.AccuracyOptions{}); err == nil {
			row.ApparentAUC = ap.AUC.AUC
		}
		groups := len(a.Calibration)
		if hl, err := calibrate.HosmerLemeshow(cv.Y, cv.Probability, groups); err == nil {
			row.HL = &hlRow{Statistic: hl.Statistic, DF: hl.DF, PValue: hl.PValue, Groups: groups}
		}
		if z, err := calibrate.Spiegelhalter(cv.Y, cv.Probability); err == nil {
			row.Z = &zRow{Z: z.Z, PValue: z.PValue}
		}
		deciles, err := calibrate.PublishCalibrationTable(a.Calibration, disclosure.Options{})
		if err != nil {
			return nil, err
		}
		for _, g := range deciles {
			d := decileRow{Decile: g.Group, N: g.N, MeanPredicted: g.MeanPredicted, Eligible: count{g.Events, g.Hidden}, NotEligible: count{g.NonEvents, g.Hidden}, ObservedRate: g.ObservedRate}
			if g.Hidden {
				d.ObservedRate = math.NaN()
			}
			row.Deciles = append(row.Deciles, d)
		}
		s.Predictions = append(s.Predictions, row)
		p.step(fmt.Sprintf("eligibility prediction %s: fit and %d-fold CV on %d", x.fw, o.K, em.N))
	}
	return s, nil
}

// largestGap returns the published decile whose observed rate is furthest
// from its mean prediction (ok false when none is published).
func (p *predictionRow) largestGap() (d decileRow, ok bool) {
	for _, g := range p.Deciles {
		if math.IsNaN(g.ObservedRate) {
			continue
		}
		if !ok || math.Abs(g.ObservedRate-g.MeanPredicted) > math.Abs(d.ObservedRate-d.MeanPredicted) {
			d, ok = g, true
		}
	}
	return d, ok
}

// decision returns the latest recorded decision under framework fw.
func decision(a *ras.Assessment, fw string) (eligible, ok bool) {
	var on ras.Date
	for _, e := range a.Eligibility {
		if e.Framework != fw || (e.Decision != ras.DecisionEligible && e.Decision != ras.DecisionNotEligible) {
			continue
		}
		if !ok || on.Before(e.DecidedOn) || on == e.DecidedOn {
			eligible, ok, on = e.Decision == ras.DecisionEligible, true, e.DecidedOn
		}
	}
	return eligible, ok
}
