package main

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// ---------------------------------------------------------------------------
// Carers.

type carersSection struct {
	Basis           string  `json:"basis"`
	Adults          int     `json:"adults_with_needs"`
	WithCarer       int     `json:"with_carer"`
	ShareWithCarer  float64 `json:"share_with_carer"`
	MeanPerAdult    string  `json:"mean_weekly_per_adult"`
	MedianPerAdult  string  `json:"median_weekly_per_adult"`
	Q1, Q3          string
	AnnualMean      string `json:"mean_annual_per_adult"`
	MeanWithCarer   string `json:"mean_weekly_per_adult_with_carer"`
	MedianWithCarer string `json:"median_weekly_per_adult_with_carer"`
	CurrentRecords  int    `json:"current_records"`
	Unmatched       int    `json:"records_of_persons_not_adults_with_needs"`
	CarersAssessed  int    `json:"carers_assessed"`
	CarersEligible  int    `json:"carers_eligible"`
	// Levels counts current records by risk level ("none" first); Shown
	// gives each count as published (small numbers suppressed).
	Levels     []levelRow    `json:"risk_levels"`
	TopReasons []reasonRow   `json:"top_reasons"`
	AtHighest  int           `json:"at_highest_level"`
	Highest    string        `json:"highest_level"`
	Rising     int           `json:"rising"`
	Priorities []priorityRow `json:"priorities"`
	ByLocality []string      `json:"-"` // markdown rows

	perAdult []float64 // weekly pounds per adult with a carer, for the chart
}

type levelRow struct {
	Level string `json:"level"`
	Count int    `json:"-"`
	Shown string `json:"count"`
}

type reasonRow struct {
	Indicator string `json:"indicator"`
	Count     int    `json:"-"`
	Shown     string `json:"records"`
}

type priorityRow struct {
	Rank     int    `json:"rank"`
	CarerID  string `json:"carer_id"`
	PersonID string `json:"person_id"`
	Level    string `json:"level"`
	Score    int32  `json:"score"`
	Change   string `json:"change"`
	Reasons  string `json:"reasons"`
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
	sum, err := carers.Summarise(c.people, c.current, vals, carers.SummaryOptions{Bands: carers.CensusBands5(), IgnoreUnmatched: true})
	if err != nil {
		return nil, err
	}
	// The valuer's basis: Summarise leaves its own unset when nobody has a
	// valuation (no carer records at all).
	s.Basis = valuer.Basis().String()
	g := sum.All
	s.Adults, s.WithCarer, s.ShareWithCarer = g.People, g.WithCarer, g.ShareWithCarer
	s.MeanPerAdult, s.MedianPerAdult = g.PerAdult.Mean.StringFixed(2), g.PerAdult.Median.StringFixed(2)
	s.Q1, s.Q3, s.AnnualMean = g.PerAdult.Q1.StringFixed(2), g.PerAdult.Q3.StringFixed(2), g.PerAdult.AnnualMean.StringFixed(2)
	s.MeanWithCarer, s.MedianWithCarer = g.PerAdultWithCarer.Mean.StringFixed(2), g.PerAdultWithCarer.Median.StringFixed(2)
	s.Unmatched, s.CarersAssessed, s.CarersEligible = sum.Unmatched, g.CarersAssessed, g.CarersEligible

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
		share, mean, med, wc := pctOf(gr.ShareWithCarer), "£"+gr.PerAdult.Mean.StringFixed(2), "£"+gr.PerAdult.Median.StringFixed(2), "£"+gr.PerAdultWithCarer.Mean.StringFixed(2)
		if pub.ShareHidden(i) {
			share = "*"
		}
		if pub.StatsHidden(i, false) {
			mean, med = "*", "*"
		}
		if pub.StatsHidden(i, true) {
			wc = "*"
		}
		s.ByLocality = append(s.ByLocality, fmt.Sprintf("| %s | %d | %s | %s | %s | %s | %s |", orDash(gr.Group), gr.People, pub.People.Format(i, 0), share, mean, med, wc))
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
	for i, n := range counts {
		name := "none"
		if i > 0 {
			name = fmt.Sprintf("%s (score %d or more)", levels[i-1].Name, levels[i-1].MinScore)
		}
		s.Levels = append(s.Levels, levelRow{Level: name, Count: n, Shown: ll.Format(i)})
	}
	var rs []reasonRow
	for b, n := range fired {
		if n > 0 {
			rs = append(rs, reasonRow{Indicator: carers.Indicator(b).Description(), Count: n})
		}
	}
	slices.SortStableFunc(rs, func(a, b reasonRow) int { return cmp.Compare(b.Count, a.Count) })
	rc := make([]int, len(rs))
	for i := range rs {
		rc[i] = rs[i].Count
	}
	// The records of one indicator can be counted in several rows, so no
	// total of the rows is published: primary suppression only.
	rl, err := disclosure.SuppressList(rc, disclosure.Options{WithoutTotals: true})
	if err != nil {
		return nil, err
	}
	for i := range rs {
		rs[i].Shown = rl.Format(i)
	}
	s.TopReasons = rs[:min(5, len(rs))]

	s.Highest = levels[len(levels)-1].Name
	all, err := rm.Prioritise(c.current, c.previous, carers.PriorityOptions{MinLevel: s.Highest, OnlyAtLevel: true})
	if err != nil {
		return nil, err
	}
	s.AtHighest = len(all)
	every, err := rm.Prioritise(c.current, c.previous, carers.PriorityOptions{})
	if err != nil {
		return nil, err
	}
	for _, p := range every {
		if p.Change != nil && p.Change.Rising() {
			s.Rising++
		}
	}
	for _, p := range all[:min(o.Top, len(all))] {
		change := "first assessment"
		if p.Change != nil {
			change = fmt.Sprintf("%+d since %d days before", p.Change.ScoreDelta, p.Change.Days)
		}
		var why []string
		for _, r := range p.Reasons {
			why = append(why, r.String())
		}
		for _, ind := range p.NewSince {
			why = append(why, "new: "+ind.Description())
		}
		s.Priorities = append(s.Priorities, priorityRow{Rank: p.Rank, CarerID: p.CarerID, PersonID: p.PersonID, Level: p.Level,
			Score: p.Risk.Score, Change: change, Reasons: strings.Join(why, "; ")})
	}
	return s, nil
}

func pctOf(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// small renders a count for publication: "*" for 1 to 4.
func small(n int) string {
	if n > 0 && n < disclosure.DefaultThreshold {
		return "*"
	}
	return fmt.Sprint(n)
}

// ---------------------------------------------------------------------------
// Children.

var centileProbs = []float64{0.10, 0.25, 0.50, 0.75, 0.90}

type childrenSection struct {
	Instrument  string       `json:"instrument"`
	MaxTotal    float64      `json:"max_total"`
	Assessments int          `json:"assessments"`
	Children    int          `json:"children"`
	Linked      int          `json:"linked_to_ras"`
	Bands       []centileRow `json:"bands"`
	Flagged     int          `json:"children_flagged"`
	Falls       int          `json:"falls_flagged"`

	published *independence.PublishedCentiles
}

type centileRow struct {
	Age        string    `json:"age"`
	Children   string    `json:"children"`
	Suppressed bool      `json:"suppressed"`
	Centiles   []float64 `json:"centiles"` // NaN (null) when suppressed
}

func childrenAnalysis(c *county) (*childrenSection, error) {
	s := &childrenSection{Instrument: c.instrument.ID, MaxTotal: c.instrument.MaxTotal(), Assessments: len(c.childScore), Linked: c.kidsLinked}
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
	for i, b := range s.published.Bands {
		row := centileRow{Age: b.Band.Label, Children: s.published.FormatChildren(i), Suppressed: b.Suppressed}
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
	s.Falls, s.Flagged = len(flags), len(flagged)
	return s, nil
}

// ---------------------------------------------------------------------------
// Pathway.

// groupAwaiting labels waits whose service has not started: the type of
// service awaited is not recorded until it starts.
const groupAwaiting = "awaiting (type not yet known)"

type pathwaySection struct {
	Extract      string            `json:"extract_date"`
	TargetDays   int               `json:"target_days"`
	Pathways     int               `json:"pathways"`
	Waits        int               `json:"waits"`
	Completed    int               `json:"completed"`
	Censored     int               `json:"censored"`
	OutOfOrder   int               `json:"out_of_order"`
	LeftOut      int               `json:"left_out"` // waits that cannot be measured (see pathwayAnalysis)
	Overall      kmRow             `json:"overall"`
	ByType       []kmRow           `json:"by_service_type"`
	ByTeam       []kmRow           `json:"by_team"`
	FunnelTarget float64           `json:"funnel_target"`
	Snapshot     *pathway.Snapshot `json:"open_waits_at_extract,omitempty"`

	overallFit *pathway.KMFit
	typeFits   *pathway.KMGroups
	teams      *pathway.GroupComparisons
}

// kmRow is one group's waits: Kaplan–Meier median with its CI, the
// probability of starting within target, and the share of resolved waits
// within target with its Wilson interval.
type kmRow struct {
	Group       string  `json:"group"`
	N           int     `json:"n"`
	Events      int     `json:"started"`
	Median      float64 `json:"median_days"`
	MedianLower float64 `json:"median_lower"`
	MedianUpper float64 `json:"median_upper"`
	WithinKM    float64 `json:"km_within_target"`
	Resolved    int     `json:"resolved"`
	Within      int     `json:"within"`
	Share       float64 `json:"share_within_target"`
	ShareLower  float64 `json:"share_lower"`
	ShareUpper  float64 `json:"share_upper"`
	Flag        string  `json:"funnel_flag,omitempty"`
	Suppressed  bool    `json:"suppressed"`
}

func kmRowOf(g pathway.GroupComparison) kmRow {
	r := kmRow{Group: g.Group, N: g.N, Events: g.Events, Median: g.Median.Value, MedianLower: g.Median.Lower, MedianUpper: g.Median.Upper,
		WithinKM: g.WithinKM.Value, Resolved: g.Resolved, Within: g.Within, Share: g.Share, ShareLower: g.ShareLower, ShareUpper: g.ShareUpper,
		Flag: g.Flag.String()}
	if g.N < disclosure.DefaultThreshold {
		r.Suppressed = true
	}
	return r
}

func pathwayAnalysis(c *county) (*pathwaySection, error) {
	s := &pathwaySection{Extract: c.extract.String(), TargetDays: targetDays, Pathways: len(c.join.Pathways)}
	waits, ooo := c.join.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, func(p *pathway.Pathway) string {
		if p.ServiceType == pathway.ServiceUnknown {
			return groupAwaiting
		}
		return p.ServiceType.String()
	})
	s.OutOfOrder = ooo
	// A wait the censoring cannot measure (no start, a start after the
	// extract date, an end before its start) is left out and counted.
	waits = slices.DeleteFunc(waits, func(w pathway.Wait) bool {
		bad := !w.Start.Valid() || w.Start > c.extract || (w.End.Valid() && w.End < w.Start)
		if bad {
			s.LeftOut++
		}
		return bad
	})
	s.Waits = len(waits)
	if len(waits) == 0 {
		return s, nil
	}
	times, events, err := pathway.CensorWaits(waits, c.extract, pathway.CalendarDays, nil)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if e {
			s.Completed++
		}
	}
	s.Censored = len(events) - s.Completed
	if s.overallFit, err = pathway.KaplanMeier(times, events, pathway.KMOptions{}); err != nil {
		return nil, err
	}
	groups := make([]string, len(waits))
	teams := make([]string, len(waits))
	for i, w := range waits {
		groups[i] = w.Group
		teams[i] = "unknown"
		if j, ok := c.persons[w.PersonID]; ok && c.scored[j].Person.Locality != "" {
			teams[i] = c.scored[j].Person.Locality
		}
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
		s.ByType = append(s.ByType, kmRowOf(g))
	}
	if s.typeFits, err = pathway.KaplanMeierByGroup(times, events, groups, pathway.KMOptions{}); err != nil {
		return nil, err
	}
	if s.teams, err = pathway.CompareGroups(times, events, teams, opt); err != nil {
		return nil, err
	}
	s.FunnelTarget = s.teams.Target
	for _, g := range s.teams.Rows {
		s.ByTeam = append(s.ByTeam, kmRowOf(g))
	}
	if s.Snapshot, err = pathway.OpenWaits(waits, c.extract, pathway.SnapshotOptions{TargetDays: targetDays}); err != nil {
		return nil, err
	}
	return s, nil
}

// ---------------------------------------------------------------------------
// Eligibility.

type eligibilitySection struct {
	AdultsRead   int `json:"adults_read"`
	AdultsMet    int `json:"adults_met"`
	Agree        int `json:"decisions_agreeing_with_rule"`
	WithDecision int `json:"adults_with_decision"`
	CHCRead      int `json:"chc_read"`
	CHCClear     int `json:"chc_dst_clear"`
	CHCJudgement int `json:"chc_dst_for_judgement"`
	CHCChecklist int `json:"chc_checklist_positive"`
	Carers       int `json:"carers_read"`

	Tables      []eligibility.Table `json:"tables"`
	Predictions []predictionRow     `json:"predictions"`
}

type predictionRow struct {
	Framework   string                     `json:"framework"`
	Model       string                     `json:"model"`
	N           int                        `json:"n"`
	Events      int                        `json:"eligible"`
	Columns     int                        `json:"columns"`
	K           int                        `json:"folds"`
	AUC         float64                    `json:"auc"`
	AUCLower    float64                    `json:"auc_lower"`
	AUCUpper    float64                    `json:"auc_upper"`
	Brier       float64                    `json:"brier"`
	CITL        float64                    `json:"calibration_in_the_large"`
	Slope       float64                    `json:"calibration_slope"`
	Threshold   calibrate.ThresholdMetrics `json:"at_threshold"`
	ApparentAUC float64                    `json:"apparent_auc"`
	Deciles     []calibrate.PublishedGroup `json:"deciles"`
	Excluded    int                        `json:"excluded"`
	Err         string                     `json:"error,omitempty"`
}

func eligibilityAnalysis(c *county, o options, p *lane) (*eligibilitySection, error) {
	s := &eligibilitySection{}
	fm := newFindingsMapper(c.model)
	var sum eligibility.Summary
	var adults, chc []ras.Assessment
	for i := range c.scored {
		a := &c.scored[i]
		g := eligibility.Group{Locality: a.Person.Locality}
		switch a.Cohort {
		case ras.CohortAdult:
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
				adults = append(adults, *a)
			}
		case ras.CohortCHC:
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
				s.CHCClear++
			} else if dr.ForJudgement() {
				s.CHCJudgement++
			}
			if cr.FullAssessment() {
				s.CHCChecklist++
			}
			if _, ok := decision(a, calibrate.FrameworkCHC); ok {
				chc = append(chc, *a)
			}
		}
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
			loc = c.scored[j].Person.Locality
		}
		sum.AddCarer(eligibility.Group{Locality: loc}, res)
		s.Carers++
	}
	var err error
	if s.Tables, err = sum.Tables(disclosure.Options{}); err != nil {
		return nil, err
	}
	p.step("eligibility rules and summaries")

	for _, x := range []struct {
		fw  string
		as  []ras.Assessment
		fit func(*ras.Model, []ras.Assessment, calibrate.EligibilityOptions) (*calibrate.EligibilityModel, error)
	}{
		{calibrate.FrameworkCareActAdult, adults, calibrate.FitCareActEligibility},
		{calibrate.FrameworkCHC, chc, calibrate.FitCHCEligibility},
	} {
		row := predictionRow{Framework: x.fw, K: o.K}
		if len(x.as) < 20 {
			row.Err = fmt.Sprintf("too few assessments with a decision (%d)", len(x.as))
			s.Predictions = append(s.Predictions, row)
			continue
		}
		em, err := x.fit(c.model, x.as, calibrate.EligibilityOptions{Spec: nil})
		if err != nil {
			row.Err = err.Error()
			s.Predictions = append(s.Predictions, row)
			continue
		}
		row.Model, row.N, row.Events, row.Excluded = em.Model.ID, em.N, em.Events, len(em.Excluded)
		_, row.Columns = em.Design.Design.Dims()
		cv, err := em.CrossValidate(calibrate.EligibilityCVOptions{K: o.K, Seed: o.Seed})
		if err != nil {
			row.Err = err.Error()
			s.Predictions = append(s.Predictions, row)
			continue
		}
		a := cv.Accuracy
		row.AUC, row.AUCLower, row.AUCUpper = a.AUC.AUC, a.AUC.Lower, a.AUC.Upper
		row.Brier, row.CITL, row.Slope = a.Brier, a.CalibrationInTheLarge, a.Recalibration.Slope
		if row.Threshold, err = calibrate.AtThreshold(cv.Y, cv.Probability, 0.5); err != nil {
			return nil, err
		}
		if ap, err := em.Apparent(calibrate.AccuracyOptions{}); err == nil {
			row.ApparentAUC = ap.AUC.AUC
		}
		if row.Deciles, err = calibrate.PublishCalibrationTable(a.Calibration, disclosure.Options{}); err != nil {
			return nil, err
		}
		s.Predictions = append(s.Predictions, row)
		p.step(fmt.Sprintf("eligibility prediction %s: fit and %d-fold CV on %d", x.fw, o.K, em.N))
	}
	return s, nil
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
