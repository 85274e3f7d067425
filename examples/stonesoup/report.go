package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/examples/internal/study"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// printAccounting prints how many records of each kind were read, accepted,
// rejected with the reasons, and used or excluded by the join.
func (c *county) printAccounting(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "stonesoup: %s\n\n", c.source)
	fmt.Fprintf(bw, "%-30s %10s %10s %10s %10s %10s\n", "records", "read", "rejected", "accepted", "excluded", "used")
	for _, k := range c.kinds {
		a := c.acct[k]
		fmt.Fprintf(bw, "%-30s %10d %10d %10d %10d %10d\n", k, a.Read, a.rejectedTotal(), a.Accepted, a.excludedTotal(), a.Used)
	}
	for _, k := range c.kinds {
		a := c.acct[k]
		for _, r := range sortedReasons(a.Rejected) {
			fmt.Fprintf(bw, "  %s rejected: %d × %s\n", k, a.Rejected[r], r)
		}
		for _, ex := range a.Examples {
			fmt.Fprintf(bw, "    e.g. %s %s\n", a.Source, ex)
		}
		for _, r := range sortedReasons(a.Excluded) {
			fmt.Fprintf(bw, "  %s excluded: %d × %s\n", k, a.Excluded[r], r)
		}
		for _, n := range a.Notes {
			fmt.Fprintf(bw, "  %s: %s\n", k, n)
		}
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// sortedReasons returns the keys of m, most frequent first.
func sortedReasons(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	return keys
}

// days formats a number of days: "not reached" for a median or bound the
// Kaplan–Meier curve never reaches (NaN).
func days(x float64) string {
	if math.IsNaN(x) {
		return "not reached"
	}
	return report.Num(x, 0)
}

func ci(v, lo, hi float64) string {
	return fmt.Sprintf("%s (%s to %s)", days(v), days(lo), days(hi))
}

// write writes report.md and report.html, both from one document.
func (r *results) write(dir string) error {
	d := r.document()
	for _, x := range []struct {
		name  string
		write func(io.Writer) error
	}{{reportFile, d.WriteMarkdown}, {htmlFile, d.WriteHTML}} {
		f, err := os.Create(filepath.Join(dir, x.name))
		if err != nil {
			return err
		}
		if err := x.write(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// figure is the chart in file name as a figure of the document.
func (r *results) figure(name, caption string) report.Figure {
	out := r.figures[name]
	alt := out.Alt
	if alt == "" {
		alt = caption
	}
	return report.Figure{File: name, Alt: alt, Caption: caption, SVG: out.SVG}
}

// Section titles, in order; the tests check that each is present.
const (
	secRecords     = "Records"
	secEstimate    = "Estimate against plan"
	secCalibration = "Calibration"
	secCarers      = "Carers"
	secChildren    = "Children"
	secPathway     = "Pathway"
	secEligibility = "Eligibility"
	secMethod      = "Method and run"
)

var sectionTitles = []string{secRecords, secEstimate, secCalibration, secCarers, secChildren, secPathway, secEligibility, secMethod}

// sectionList lists the report's section titles in order: sectionTitles, and
// National measures after Pathway with a CLD file.
func (r *results) sectionList() []string {
	if r.National == nil {
		return sectionTitles
	}
	var out []string
	for _, t := range sectionTitles {
		out = append(out, t)
		if t == secPathway {
			out = append(out, secNational)
		}
	}
	return out
}

// document builds the report.
func (r *results) document() *report.Document {
	c := r.c
	d := &report.Document{Title: "Stone soup: the whole county"}
	if c.synthetic {
		d.Lead = append(d.Lead, report.Paragraph{Text: fmt.Sprintf("**Synthetic data.** Every record comes from the seeded generators of `ras/synth`, `pathway`, `carers` and `independence` "+
			"(seed %d, %s). They describe no real people and no real council: the figures show what the synthetic models imply.", r.o.Seed, report.Count(r.o.N, "person", "persons"))})
	} else {
		d.Lead = append(d.Lead, report.Paragraph{Text: "Data: " + c.source + "."})
	}
	d.Lead = append(d.Lead, report.Paragraph{Text: fmt.Sprintf("RAS model: `%s` version %s (%s family). Small numbers (1 to %d) are suppressed in every published table (`ras/disclosure`, "+
		"with complementary suppression where totals are published) and shown as *; people appear by pseudonymous id only. Money is in pounds a week unless said otherwise.",
		c.model.ID, c.model.Version, c.model.Family, disclosure.DefaultThreshold-1)})

	r.recordsSection(d.AddSection(secRecords))
	r.estimateSection(d.AddSection(secEstimate))
	r.calibrationSection(d.AddSection(secCalibration))
	r.carersSection(d.AddSection(secCarers))
	r.childrenSection(d.AddSection(secChildren))
	r.pathwaySection(d.AddSection(secPathway))
	if r.National != nil {
		r.nationalSection(d.AddSection(secNational))
	}
	r.eligibilitySection(d.AddSection(secEligibility))
	r.methodSection(d.AddSection(secMethod))
	return d
}

func (r *results) recordsSection(s *report.Section) {
	s.P("Every input record is accounted for: read = rejected by the reader + accepted; accepted = excluded by validation or the join + used.")
	t := report.NewTable("Records read, rejected, accepted, excluded and used", "records", "source", "#read", "#rejected", "#accepted", "#excluded", "#used")
	for _, a := range r.Accounting {
		t.Row(a.Kind, a.Source, report.Int(a.Read), report.Int(a.rejectedTotal()), report.Int(a.Accepted), report.Int(a.excludedTotal()), report.Int(a.Used))
	}
	s.Table(t)
	var lines []string
	for _, a := range r.Accounting {
		for _, k := range sortedReasons(a.Rejected) {
			lines = append(lines, fmt.Sprintf("%s: rejected %s × %s", a.Kind, report.Int(a.Rejected[k]), k))
		}
		for _, ex := range a.Examples {
			lines = append(lines, fmt.Sprintf("%s: for example %s %s", a.Kind, a.Source, ex))
		}
		for _, k := range sortedReasons(a.Excluded) {
			lines = append(lines, fmt.Sprintf("%s: excluded %s × %s", a.Kind, report.Int(a.Excluded[k]), k))
		}
		for _, n := range a.Notes {
			lines = append(lines, a.Kind+": "+n)
		}
	}
	s.List(lines...)
}

func (r *results) estimateSection(s *report.Section) {
	e := r.Estimate
	if e.WithPlan == 0 {
		s.P("No assessment records a planned amount.")
		return
	}
	o := e.Overall
	s.P(fmt.Sprintf("%s with a planned amount (%s without). The RAS estimates %s a week in total, the plans %s (planned/estimated %s, difference %s). "+
		"**%s of plans lie within ±%g%% of the estimate**; %s above and %s below. Median difference %s of the estimate.",
		report.Count(e.WithPlan, "assessment", "assessments"), report.Int(e.WithoutPlan), report.Money(o.totalEstimate), report.Money(o.totalPlanned), report.Num(o.Ratio, 3),
		report.Money(o.totalDiff), report.Pct(o.WithinPct, 1), e.TolerancePct, o.Above, o.Below, report.Pct(o.MedianPct, 1)))
	cols := []string{"#n", "#estimated a week", "#planned a week", "#difference", "#planned/estimated", "#median % difference", fmt.Sprintf("#within ±%g%%", e.TolerancePct)}
	row := func(t *report.Table, x monitorRow) {
		if x.Suppressed {
			t.Row(orLabel(x.Label, "all"), "*", "*", "*", "*", "*", "*", "*")
			return
		}
		t.Row(orLabel(x.Label, "all"), x.N.String(), report.Money(x.totalEstimate), report.Money(x.totalPlanned), report.Money(x.totalDiff),
			report.Num(x.Ratio, 3), report.Pct(x.MedianPct, 1), report.Pct(x.WithinPct, 1))
	}
	t := report.NewTable("Estimate against plan, overall and by cohort", append([]string{"cohort"}, cols...)...)
	row(t, o)
	for _, x := range e.ByCohort {
		row(t, x)
	}
	t.Note = "Groups of fewer than 10 assessments are hidden (*)."
	s.Table(t)
	t = report.NewTable("Estimate against plan by quarter of assessment", append([]string{"quarter"}, cols...)...)
	for _, x := range e.ByQuarter {
		row(t, x)
	}
	s.Table(t)
	if dr := e.Drift; dr != nil {
		s.P(fmt.Sprintf("Drift of the percentage difference: %s points a quarter (95%% CI %s to %s) over %s.",
			report.Signed(dr.SlopePerQuarter, 3), report.Num(dr.Lower, 3), report.Num(dr.Upper, 3), report.Count(dr.Quarters, "quarter", "quarters")))
	}
	s.Figure(r.figure(chartEstimate, "RAS estimate against planned amount, a week"))
	s.Figure(r.figure(chartWithin, fmt.Sprintf("Plans within ±%d%% of the estimate, by cohort", tolerancePct)))
}

func (r *results) calibrationSection(s *report.Section) {
	k := r.Calibration
	s.P(fmt.Sprintf("Design: %s; %s columns (%s).", study.FitRows(k.DesignRows, k.Excluded), report.Int(k.DesignCols), strings.Join(k.Columns, ", ")))
	s.H(fmt.Sprintf("Methods compared by %d-fold cross-validation", k.K))
	s.Table(study.MethodTable(fmt.Sprintf("Methods compared by %d-fold cross-validation (the same folds for every method)", k.K), k.scores))
	if k.Subsampled != "" {
		s.P(k.Subsampled)
	}
	if k.HuberNote != "" {
		s.P(k.HuberNote)
	}
	s.Figure(r.figure(chartMethods, "Plans within ±10% and ±25% of each method's out-of-fold prediction"))

	s.H("The recalibrated models")
	n := k.Neutral
	s.P(fmt.Sprintf("Lowest cross-validated RMSE: **%s**, refitted on every row. Two models are written: "+
		"`%s` is the model as fitted (`%s` version %s): %s "+
		"`%s` is that model scaled by %s for cost neutrality (`%s` version %s), the model the gainers and losers below describe.",
		k.Best, k.Model.File, k.Model.ID, k.Model.Version, k.Model.Description, k.NeutralModel.File, report.Num(n.Factor, 4), k.NeutralModel.ID, k.NeutralModel.Version))

	s.H("Gainers and losers under cost neutrality")
	s.P(fmt.Sprintf("Scaling the recalibrated model by %s brings its total over the costed assessments from %s to %s a week, "+
		"the total of the plans (%s), after %s. Against the current model's estimates:",
		report.Num(n.Factor, 4), report.Money(n.before), report.Money(n.after), report.Money(n.target), report.Count(n.Iterations, "engine pass", "engine passes")))
	if k.impact != nil {
		t, err := study.ImpactTable("Gainers and losers: the cost-neutral recalibrated model against the current estimates, by cohort and living setting", "current", "recalibrated", k.impact)
		if err != nil {
			s.P("The gainers-and-losers table could not be made: " + err.Error())
		} else {
			s.Table(t)
		}
	}
	t := report.NewTable("Largest changes (pseudonymous assessment ids)", "assessment", "#current a week", "#recalibrated a week", "#change")
	for _, x := range k.Largest {
		t.Row(x.ID, report.Money(x.old), report.Money(x.new), report.Money(x.change))
	}
	s.Table(t)
	s.Figure(r.figure(chartChanges, "Distribution of the change in weekly amount under the cost-neutral recalibrated model"))
}

func (r *results) carersSection(s *report.Section) {
	k := r.Carers
	s.H("The value of unpaid care")
	share := shareOf(k.ShareWithCarer)
	if k.ShareWithCarer == nil {
		share = "no share: no adults with needs"
	}
	s.P(fmt.Sprintf("%s with needs (adult social care and continuing healthcare, from the RAS assessments); %s (%s) have at least one unpaid carer. "+
		"Valued at the replacement cost (%s):", report.Count(k.Adults, "adult", "adults"), report.Int(k.WithCarer), share, k.Basis))
	t := report.NewTable("Value of unpaid care per adult with needs", "adults with needs", "#mean a week", "#median a week", "#Q1", "#Q3", "#mean a year")
	t.Row("all (no carer counts "+report.Money(decimal.Zero)+")", "**"+report.Money(k.mean)+"**", "**"+report.Money(k.median)+"**", report.Money(k.q1), report.Money(k.q3), report.Money(k.annual))
	t.Row("with a carer", report.Money(k.meanWith), report.Money(k.medianWith), "", "", "")
	s.Table(t)
	s.P(fmt.Sprintf("%s; %s care for someone who is not an adult with needs in the RAS data: they are left out of the value per adult but kept in the risk list below.",
		report.Count(k.CurrentRecords, "current caring relationship", "current caring relationships"), report.Int(k.Unmatched)))
	s.Figure(r.figure(chartCarers, "Weekly value of unpaid care per adult with a carer"))
	t = report.NewTable("Value of unpaid care by locality", "locality", "#adults", "#with a carer", "#share", "#mean a week", "#median a week", "#mean with a carer")
	for _, l := range k.ByLocality {
		share, mean, med, wc := shareOf(l.Share), report.Money(l.mean), report.Money(l.median), report.Money(l.meanWith)
		if l.hideShare {
			share = "*"
		}
		if l.hideStats {
			mean, med = "*", "*"
		}
		if l.hideWith {
			wc = "*"
		}
		t.Row(l.Locality, report.Int(l.Adults), l.WithCarer.String(), share, mean, med, wc)
	}
	t.Note = "Counts under 5 and their complements are hidden (*), and so are shares and money figures over fewer than 5 adults."
	s.Table(t)
	s.P(fmt.Sprintf("Carers of adults with needs who have had their own assessment: %s, of whose needs %s meet the carer eligibility criteria (SI 2015/313 reg. 3). "+
		"These count only carers of adults with needs; the eligibility section reads the findings of every carer (%s, of whom %s care for someone who is not an adult with needs), so its counts are larger.",
		k.CarersAssessed, k.CarersEligible, report.Int(r.Eligibility.Carers), report.Int(r.Eligibility.CarersNotAdults)))

	s.H("Carers at risk of harm")
	s.Quote(carers.Disclaimer)
	t = report.NewTable("Current caring relationships by risk level", "risk level", "#current records")
	for _, l := range k.Levels {
		name := l.Level
		if l.MinScore != nil {
			name = fmt.Sprintf("%s (score %d or more)", l.Level, *l.MinScore)
		}
		t.Row(name, l.Records.String())
	}
	s.Table(t)
	t = report.NewTable("Top reasons among records at a risk level", "indicator", "#records")
	for _, x := range k.TopReasons {
		t.Row(x.Indicator, x.Records.String())
	}
	t.Note = "A record can show several indicators, so the rows do not add up to the records at risk."
	s.Table(t)
	s.P(fmt.Sprintf("At the highest level (%s): %s records; risk rising since the previous assessment: %s. The first %s in priority order:",
		k.Highest, k.AtHighest, k.Rising, report.Int(len(k.Priorities))))
	t = report.NewTable("Carers at the highest risk level, in priority order (pseudonymous ids)", "#rank", "carer", "person", "level", "#score", "change", "reasons")
	for _, p := range k.Priorities {
		change := "first assessment"
		if p.ScoreChange != nil {
			change = fmt.Sprintf("%s since %s before", report.Signed(float64(*p.ScoreChange), 0), report.Count(*p.DaysSincePrevious, "day", "days"))
		}
		why := append(slices.Clone(p.Reasons), prefixed("new: ", p.New)...)
		t.Row(report.Int(p.Rank), p.CarerID, p.PersonID, p.Level, report.Int(int(p.Score)), change, strings.Join(why, "; "))
	}
	s.Table(t)
}

func prefixed(prefix string, ss []string) []string {
	out := make([]string, len(ss))
	for i, x := range ss {
		out[i] = prefix + x
	}
	return out
}

func (r *results) childrenSection(s *report.Section) {
	k := r.Children
	if k.Assessments == 0 {
		s.P("No children's assessments.")
		return
	}
	s.P(fmt.Sprintf("%s of %s on `%s` (five personal-care activities, total 0–%g, higher is more independent); %s of the assessments are of a child with a RAS assessment in the children's cohort.",
		report.Count(k.Assessments, "assessment", "assessments"), report.Count(k.Children, "child", "children"), k.Instrument, k.MaxTotal, report.Int(k.Linked)))
	s.Figure(r.figure(chartChildren, "Centiles of independence in personal care by age"))
	cols := []string{"age (years)", "#children", "#mean"}
	for _, q := range centileProbs {
		cols = append(cols, fmt.Sprintf("#%gth centile", 100*q))
	}
	t := report.NewTable("Centiles of the total score by year of age (R type 7)", cols...)
	for _, b := range k.Bands {
		row := []string{b.Age, b.Children.String()}
		switch {
		case b.Suppressed:
			row = append(row, "*")
		case math.IsNaN(b.Mean):
			row = append(row, "no assessments")
		default:
			row = append(row, report.Num(b.Mean, 1))
		}
		for _, v := range b.Centiles {
			switch {
			case b.Suppressed:
				row = append(row, "*")
			case math.IsNaN(v):
				row = append(row, "—")
			default:
				row = append(row, report.Num(v, 1))
			}
		}
		t.Row(row...)
	}
	t.Note = fmt.Sprintf("Counts of children from 1 to %d are hidden (*), with one more count where needed so that a hidden count cannot be recovered from the total; "+
		"bands with fewer than %d children have their mean and centiles hidden.", disclosure.DefaultThreshold-1, disclosure.DefaultThreshold)
	s.Table(t)
	s.P(fmt.Sprintf("Falls in independence before 18 (the total down by 2 or more between reassessments; flags for a practitioner, not decisions): %s falls in %s children.", k.Falls, k.Flagged))
}

func (r *results) pathwaySection(s *report.Section) {
	r.pathwayBlocks(s, r.Pathway, nativeView)
	if r.National != nil && r.National.Pathway != nil {
		s.P("The Client Level Data file's events are analysed the same way beside these, in " + secNational + " (the pathway from CLD): " +
			"they are not merged with these, as CLD keys people by NHS number or council id and these files by person_id, so one person's records in both would count twice.")
	}
}

// pathwayView says how a pathway section is worded: the native files'
// (compared across teams, censored at the extract date) or the CLD file's
// (compared across councils, the waits of the period censored at its end).
type pathwayView struct {
	cld             bool
	group, groups   string // "team", "teams"
	groupHeading    string
	head            string // before a subheading
	suffix          string // after a caption
	chartKM, funnel string
}

var nativeView = pathwayView{group: "team", groups: "teams", groupHeading: "By team (the person's locality in the RAS data)", chartKM: chartKM, funnel: chartFunnel}

var cldView = pathwayView{cld: true, group: "council", groups: "councils", groupHeading: "The pathway from CLD by council", head: "The pathway from CLD by ",
	suffix: " (CLD)", chartKM: chartCLDKM, funnel: chartCLDFunnel}

// pathwayBlocks writes a pathway section's paragraphs, tables and charts.
func (r *results) pathwayBlocks(s *report.Section, k *pathwaySection, v pathwayView) {
	if k.Waits == 0 {
		s.P("No waits from assessment to service start.")
		return
	}
	o := k.Overall
	left := ""
	if k.LeftOut > 0 {
		left = fmt.Sprintf("; %s left out because no wait can be measured (no start, a start after the extract date or an end before the start)", report.Int(k.LeftOut))
	}
	censor := fmt.Sprintf("censored at the extract date %s or at closure", k.Extract)
	if v.cld {
		censor = fmt.Sprintf("starting in the period, censored at its end %s or at closure; %s outside the period left out", k.Extract, report.Int(k.OutsidePeriod))
	}
	s.P(fmt.Sprintf("%s; %s from assessment completed to service start (%s started, %s still waiting or closed: %s; %s out of order left out%s). "+
		"Kaplan–Meier median wait **%s days** (95%% CI %s to %s); probability of starting within %d days %s; share of resolved waits within %d days %s (Wilson 95%% CI %s to %s).",
		report.Count(k.Pathways, "pathway", "pathways"), report.Count(k.Waits, "wait", "waits"), report.Int(k.Completed), report.Int(k.Censored), censor, report.Int(k.OutOfOrder), left,
		days(o.Median), days(o.MedianLower), days(o.MedianUpper), k.TargetDays, report.Share(o.WithinKM), k.TargetDays, report.Share(o.Share), report.Share(o.ShareLower), report.Share(o.ShareUpper)))
	if sn := k.Snapshot; sn != nil {
		on := "On the extract date"
		if v.cld {
			on = "On the period's last day"
		}
		if sn.Waiting.Hidden || sn.Waiting.N == 0 {
			s.P(fmt.Sprintf("%s %s people were waiting.", on, sn.Waiting))
		} else {
			s.P(fmt.Sprintf("%s %s people were waiting, %s of them for %d days or less (median current wait %s days, 92nd percentile %s days).",
				on, sn.Waiting, report.Share(sn.ShareWithin), sn.TargetDays, report.Num(sn.Median, 1), report.Num(sn.P92, 1)))
		}
	}
	s.Figure(r.figure(v.chartKM, "Kaplan–Meier curves of the wait from assessment to service start"+v.suffix))
	s.P("The type of service is recorded only when it starts, so the waits of people still waiting form their own group (all censored): " +
		"the curves by type describe the waits that ended in a service of that type, and the overall curve is the honest censored estimate.")
	table := func(caption, what string, rows []kmRow) {
		t := report.NewTable(caption+v.suffix, what, "#waits", "#started", "median days (95% CI)", fmt.Sprintf("#P(start ≤ %d days)", k.TargetDays), "#resolved", "#within", "share within (95% CI)", "funnel")
		for _, x := range rows {
			if x.Suppressed {
				t.Row(x.Group, "*", "*", "*", "*", "*", "*", "*", "")
				continue
			}
			if x.Group == groupAwaiting {
				x.Flag = ""
			}
			t.Row(x.Group, x.N.String(), x.Events.String(), ci(x.Median, x.MedianLower, x.MedianUpper), report.Share(x.WithinKM),
				x.Resolved.String(), x.Within.String(), fmt.Sprintf("%s (%s to %s)", report.Share(x.Share), report.Share(x.ShareLower), report.Share(x.ShareUpper)), x.Flag)
		}
		t.Note = "Groups of fewer than 5 waits are hidden (*). A median or a bound is \"not reached\" when fewer than half the group has started by the end of follow-up."
		s.Table(t)
	}
	if v.head == "" {
		s.H("By service type")
	} else {
		s.H(v.head + "service type")
	}
	table("Waits from assessment to service start by type of service", "service type", k.ByType)
	rows := k.ByTeam
	if v.cld {
		rows = k.ByCouncil
	}
	s.H(v.groupHeading)
	if v.cld && len(rows) < 2 {
		s.P(fmt.Sprintf("One %s only: no comparison across %s.", v.group, v.groups))
		return
	}
	s.P(fmt.Sprintf("Funnel centre line: the pooled share within target, %s.", report.Share(k.FunnelTarget)))
	table("Waits from assessment to service start by "+v.group, v.group, rows)
	s.Figure(r.figure(v.funnel, fmt.Sprintf("Funnel plot of the share of waits within %d days across %s", targetDays, v.groups)+v.suffix))
}

// calibrationWords says in words whether the predictions of p are
// calibrated, with the tests and the largest gap of a published decile.
func calibrationWords(p *predictionRow) string {
	var tests []string
	if p.HL != nil {
		tests = append(tests, fmt.Sprintf("Hosmer–Lemeshow χ² = %s on %d degrees of freedom, %s", report.Num(p.HL.Statistic, 1), p.HL.DF, report.PValue(p.HL.PValue)))
	}
	if p.Z != nil {
		tests = append(tests, fmt.Sprintf("Spiegelhalter's z = %s, %s", report.Num(p.Z.Z, 2), report.PValue(p.Z.PValue)))
	}
	if len(tests) == 0 {
		return fmt.Sprintf("%s: calibration could not be tested.", p.Framework)
	}
	var b strings.Builder
	if p.miscalibrated() {
		fmt.Fprintf(&b, "%s: the predictions are **miscalibrated** (%s)", p.Framework, study.Join(tests))
		if g, ok := p.largestGap(); ok {
			fmt.Fprintf(&b, ": in decile %d the model predicts %s eligible on average, and %s were", g.Decile, report.Share(g.MeanPredicted), report.Share(g.ObservedRate))
		}
		b.WriteString(".")
	} else {
		fmt.Fprintf(&b, "%s: the tests find no evidence of miscalibration at the %g level (%s).", p.Framework, calibrationAlpha, study.Join(tests))
	}
	return b.String()
}

// joinSentences joins sentences with a space, without their markup.
func joinSentences(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = report.PlainText(s)
	}
	return strings.Join(out, " ")
}

func (r *results) eligibilitySection(s *report.Section) {
	k := r.Eligibility
	if k.NotRead != "" {
		s.P(fmt.Sprintf("**The national rules for adults and for continuing healthcare are not read here:** %s. Findings derived by a mapping written for another questionnaire would be wrong without a warning, so this section publishes no readings for adults or continuing healthcare.", k.NotRead))
	} else {
		s.P(fmt.Sprintf("The national rules read on findings derived from the RAS answers (the mapping in `findings.go`; illustrative). Care Act adults: %s assessed, "+
			"%s meet the criteria (%s). Recorded decisions agree with the rule's reading for %s of %s (%s). Continuing healthcare: %s assessed, DST clear indicator %s, "+
			"for the team's judgement %s, Checklist positive %s. These are readings and flags, never decisions.",
			report.Int(k.AdultsRead), report.Int(k.AdultsMet), report.Share(ratio(k.AdultsMet, k.AdultsRead)), report.Int(k.Agree), report.Int(k.WithDecision), report.Share(ratio(k.Agree, k.WithDecision)),
			report.Int(k.CHCRead), k.CHCClear, k.CHCJudgement, k.CHCChecklist))
	}
	s.P(fmt.Sprintf("Carers' own assessments: %s read, of carers of anyone in the data; %s of them care for someone who is not an adult with needs, so the carers section, which counts carers of adults with needs only, shows fewer.",
		report.Int(k.Carers), report.Int(k.CarersNotAdults)))
	if len(k.Tables) > 0 {
		s.H("Summaries")
		for _, st := range k.Tables {
			t := report.NewTable(st.Title, "locality", "#N")
			for _, c := range st.Columns {
				t.Columns = append(t.Columns, report.Column{Title: c, Numeric: true})
			}
			for _, row := range st.Rows {
				label := row.Locality
				if row.Total {
					label = "**all**"
				}
				cells := []string{label, report.Int(int(row.N))}
				for _, c := range row.Counts {
					cells = append(cells, c.String())
				}
				t.Row(cells...)
			}
			t.Note = "Counts under 5 and their complements are hidden (*)."
			s.Table(t)
		}
	}
	s.H("Predictions and their accuracy")
	s.P("Logistic regressions of the recorded decisions on the answers and covariates, exported as `ras` models with the logit link. " +
		"Accuracy is measured out of fold; a prediction reproduces past practice and is not a decision.")
	t := report.NewTable("Accuracy of the eligibility predictions (out of fold)", "framework", "#cases with a decision", "#eligible", "#columns", "AUC (95% CI)", "#apparent AUC", "#Brier",
		"#calibration-in-the-large", "#calibration slope", "#refer at p ≥ 0.5: referred", "#sensitivity", "#specificity", "#PPV")
	for _, p := range k.Predictions {
		if p.Err != "" {
			t.Row(p.Framework, report.Int(p.N), "", "", "not fitted: "+p.Err, "", "", "", "", "", "", "", "")
			continue
		}
		th := p.Threshold
		t.Row(p.Framework, report.Int(p.N), report.Int(p.Events), report.Int(p.Columns), fmt.Sprintf("%s (%s to %s)", report.Num(p.AUC, 3), report.Num(p.AUCLower, 3), report.Num(p.AUCUpper, 3)),
			report.Num(p.ApparentAUC, 3), report.Num(p.Brier, 3), report.Signed(p.CITL, 4), report.Num(p.Slope, 2), report.Share(th.ReferralRate),
			report.Num(th.Sensitivity, 2), report.Num(th.Specificity, 2), report.Num(th.PPV, 2))
	}
	s.Table(t)
	s.P("Calibration slope and calibration-in-the-large say how far the predictions are off on average; the tests below say whether the deciles disagree with the predictions by more than chance would give. " +
		"With many cases even a small disagreement is significant: read the decile table for its size.")
	var words []string
	for _, p := range k.Predictions {
		if p.Err == "" {
			words = append(words, calibrationWords(&p))
		}
	}
	s.List(words...)
	s.Figure(r.figure(chartEligibility, "Calibration of the eligibility predictions: observed against predicted by decile"))
	for _, p := range k.Predictions {
		if p.Err != "" {
			continue
		}
		t := report.NewTable(fmt.Sprintf("Observed against predicted by decile of out-of-fold risk, %s", p.Framework), "#decile", "#n", "#mean predicted", "#eligible", "#not eligible", "#observed rate")
		for _, g := range p.Deciles {
			rate := report.Num(g.ObservedRate, 3)
			if g.Eligible.Hidden || g.NotEligible.Hidden {
				rate = "*"
			}
			t.Row(report.Int(g.Decile), report.Int(g.N), report.Num(g.MeanPredicted, 3), g.Eligible.String(), g.NotEligible.String(), rate)
		}
		t.Note = "Counts under 5 and their complements are hidden (*), and so is the observed rate they give."
		s.Table(t)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

func (r *results) methodSection(s *report.Section) {
	var items []string
	items = append(items, fmt.Sprintf("Estimate: the RAS engine's weekly indicative budget (`ras.Engine.AssessBatch`); plan: the assessment's planned weekly amount. "+
		"Within tolerance: the plan within ±%d%% of the estimate (`calibrate.Monitor`).", tolerancePct))
	items = append(items, fmt.Sprintf("Calibration: `calibrate.BuildDesign` (domain points, age hinge at 65, age bands, informal hours, living setting, cohort), "+
		"`calibrate.CompareMethods` (%d folds from seed %d, the same folds for every method), `calibrate.CostNeutral`, `calibrate.ImpactOf` (a change of %s a week or less counts as unchanged).",
		r.o.K, r.o.Seed, report.Pounds(study.UnchangedPounds)))
	items = append(items, fmt.Sprintf("Carers: `carers.Summarise` at the replacement cost (%s); risk by `carers.DefaultRiskConfig` (illustrative weights).", carers.DefaultReplacementSource))
	items = append(items, fmt.Sprintf("Children: `independence.PublishScoreCentiles` on `%s` by year of age (R type 7).", childInstrument))
	items = append(items, fmt.Sprintf("Pathway: `pathway.Join` (by episode), waits from assessment completed to service start censored at the extract date "+
		"(`pathway.CensorWaits`, calendar days), `pathway.KaplanMeier` (log-transformed 95%% intervals, as R's survfit), `pathway.CompareGroups` "+
		"(Wilson intervals, exact binomial funnel limits), target %d days.", targetDays))
	items = append(items, "Eligibility: findings derived from the answers by the mapping documented in `examples/stonesoup/findings.go`, read by `ras/eligibility`; "+
		"predictions by `calibrate.FitCareActEligibility` and `calibrate.FitCHCEligibility` (logistic regression), accuracy by deterministic k-fold cross-validation; "+
		"calibration tested by `calibrate.HosmerLemeshow` (the deciles of the table, groups − 2 degrees of freedom) and `calibrate.Spiegelhalter`.")
	if r.National != nil {
		items = append(items, r.nationalMethod())
	}
	sub := ""
	if k := r.Calibration; k != nil && k.Subsampled != "" {
		sub = k.Subsampled + " "
	}
	items = append(items, fmt.Sprintf("Subsampling: %sScatter plots show a systematic sample of about %s points; every figure and table uses all records.", sub, report.Int(scatterPoints)))
	items = append(items, fmt.Sprintf("Run time, charts included (before this report was written): %s s wall clock, %s s CPU (%s available). Calibration runs beside the other sections "+
		"(lanes below); a step's CPU time is the whole process's over the step, so concurrent lanes count each other's work.",
		report.Num(r.Timing.Wall, 1), report.Num(r.Timing.CPU, 1), report.Count(runtime.GOMAXPROCS(0), "CPU", "CPUs")))
	s.List(items...)
	t := report.NewTable("Time taken by each step", "step", "lane", "#wall s", "#process CPU s")
	for _, st := range r.Timing.Steps {
		t.Row(st.Step, orDash(st.Lane), report.Num(st.Wall, 2), report.Num(st.CPU, 2))
	}
	s.Table(t)
}

// summary prints the headline figures.
func (r *results) summary(w io.Writer, out string) error {
	bw := bufio.NewWriter(w)
	if s := r.Estimate; s.WithPlan > 0 {
		fmt.Fprintf(bw, "Estimate against plan: %s of %s plans within ±%g%% of the RAS estimate (planned/estimated %s).\n",
			report.Pct(s.Overall.WithinPct, 1), report.Int(s.WithPlan), s.TolerancePct, report.Num(s.Overall.Ratio, 3))
	}
	if s := r.Calibration; s != nil {
		for _, m := range s.Methods {
			if m.Name == s.Best && !m.Subsample {
				fmt.Fprintf(bw, "Calibration: best by %d-fold CV %s (RMSE %s, %s within ±10%%); cost-neutral factor %s.\n",
					s.K, s.Best, report.Pounds(m.RMSE), report.Pct(m.Within10, 1), report.Num(s.Neutral.Factor, 4))
			}
		}
	}
	if s := r.Carers; s != nil {
		fmt.Fprintf(bw, "Carers: unpaid care worth %s a week per adult with needs on average (median %s); %s records at the highest risk level.\n",
			report.Money(s.mean), report.Money(s.median), s.AtHighest)
	}
	if s := r.Children; s != nil && s.Assessments > 0 {
		fmt.Fprintf(bw, "Children: %s of %s on %s.\n", report.Count(s.Assessments, "assessment", "assessments"), report.Count(s.Children, "child", "children"), s.Instrument)
	}
	if s := r.Pathway; s != nil && s.Waits > 0 {
		fmt.Fprintf(bw, "Pathway: median wait from assessment to service %s days (95%% CI %s to %s); %s of resolved waits within %d days.\n",
			days(s.Overall.Median), days(s.Overall.MedianLower), days(s.Overall.MedianUpper), report.Share(s.Overall.Share), s.TargetDays)
	}
	if s := r.Eligibility; s != nil {
		if s.NotRead != "" {
			fmt.Fprintf(bw, "Eligibility: the rules for adults and continuing healthcare are not read: %s.\n", s.NotRead)
		}
		for _, p := range s.Predictions {
			if p.Err == "" {
				fmt.Fprintf(bw, "Eligibility prediction %s: cross-validated AUC %s, Brier %s.\n", p.Framework, report.Num(p.AUC, 3), report.Num(p.Brier, 3))
			}
		}
	}
	if r.National != nil {
		fmt.Fprintln(bw, r.National.summary())
	}
	fmt.Fprintf(bw, "Wrote %s and %s (%s s wall, %s s CPU).\n", filepath.Join(out, reportFile), filepath.Join(out, htmlFile), report.Num(r.Timing.Wall, 1), report.Num(r.Timing.CPU, 1))
	return bw.Flush()
}
