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

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// printAccounting prints how many records of each kind were read, accepted,
// rejected with the reasons, and used or excluded by the join.
func (c *county) printAccounting(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "stonesoup: %s\n\n", c.source)
	fmt.Fprintf(bw, "%-30s %10s %10s %10s %10s %10s\n", "records", "read", "rejected", "accepted", "excluded", "used")
	for _, k := range kinds {
		a := c.acct[k]
		fmt.Fprintf(bw, "%-30s %10d %10d %10d %10d %10d\n", k, a.Read, a.rejectedTotal(), a.Accepted, a.excludedTotal(), a.Used)
	}
	for _, k := range kinds {
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

func f1(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.1f", x)
}

func f3(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.3f", x)
}

// days formats a number of days, "not reached" for NaN.
func days(x float64) string {
	if math.IsNaN(x) {
		return "not reached"
	}
	return fmt.Sprintf("%g", x)
}

func ci(v, lo, hi float64) string {
	return fmt.Sprintf("%s (%s to %s)", days(v), days(lo), days(hi))
}

// write writes report.md.
func (r *results) write(dir string) error {
	f, err := os.Create(filepath.Join(dir, reportFile))
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	r.markdown(bw)
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (r *results) markdown(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	c := r.c
	pf("# Stone soup: the whole county\n\n")
	if c.synthetic {
		pf("**Synthetic data.** Every record comes from the seeded generators of `ras/synth`, `pathway`, `carers` and `independence` "+
			"(seed %d, %d persons). They describe no real people and no real council: the figures show what the synthetic models imply.\n\n", r.o.Seed, r.o.N)
	} else {
		pf("Data: %s.\n\n", c.source)
	}
	pf("RAS model: `%s` version %s (%s family). Small numbers (1 to %d) are suppressed in every published table (`ras/disclosure`, "+
		"with complementary suppression where totals are published); people appear by pseudonymous id only.\n\n", c.model.ID, c.model.Version, c.model.Family, disclosure.DefaultThreshold-1)
	pf("Contents: [Records](#records) · [Estimate against plan](#estimate-against-plan) · [Calibration](#calibration) · [Carers](#carers) · " +
		"[Children](#children) · [Pathway](#pathway) · [Eligibility](#eligibility) · [Method and run](#method-and-run)\n\n")

	// Records.
	pf("## Records\n\nEvery input record is accounted for: read = rejected by the reader + accepted; accepted = excluded by validation or the join + used.\n\n")
	pf("| records | source | read | rejected | accepted | excluded | used |\n|---|---|---:|---:|---:|---:|---:|\n")
	for _, a := range r.Accounting {
		pf("| %s | %s | %d | %d | %d | %d | %d |\n", a.Kind, a.Source, a.Read, a.rejectedTotal(), a.Accepted, a.excludedTotal(), a.Used)
	}
	pf("\n")
	for _, a := range r.Accounting {
		var lines []string
		for _, k := range sortedReasons(a.Rejected) {
			lines = append(lines, fmt.Sprintf("rejected %d × %s", a.Rejected[k], k))
		}
		for _, k := range sortedReasons(a.Excluded) {
			lines = append(lines, fmt.Sprintf("excluded %d × %s", a.Excluded[k], k))
		}
		lines = append(lines, a.Notes...)
		for _, l := range lines {
			pf("- %s: %s\n", a.Kind, l)
		}
	}
	pf("\n")

	r.estimateMD(w)
	r.calibrationMD(w)
	r.carersMD(w)
	r.childrenMD(w)
	r.pathwayMD(w)
	r.eligibilityMD(w)

	pf("## Method and run\n\n")
	pf("- Estimate: the RAS engine's weekly indicative budget (`ras.Engine.AssessBatch`); plan: the assessment's planned weekly amount. "+
		"Within tolerance: the plan within ±%d%% of the estimate (`calibrate.Monitor`).\n", tolerancePct)
	pf("- Calibration: `calibrate.BuildDesign` (domain points, age hinge at 65, age bands, informal hours, living setting, cohort), "+
		"`calibrate.CompareMethods` (%d folds from seed %d, the same folds for every method), `calibrate.CostNeutral`, `calibrate.ImpactOf` (a change of £1 a week or less counts as unchanged).\n", r.o.K, r.o.Seed)
	pf("- Carers: `carers.Summarise` at the replacement cost (%s); risk by `carers.DefaultRiskConfig` (illustrative weights).\n", carers.DefaultReplacementSource)
	pf("- Children: `independence.PublishScoreCentiles` on `%s` by year of age (R type 7).\n", childInstrument)
	pf("- Pathway: `pathway.Join` (by episode), waits from assessment completed to service start censored at the extract date "+
		"(`pathway.CensorWaits`, calendar days), `pathway.KaplanMeier` (log-transformed 95%% intervals, as R's survfit), `pathway.CompareGroups` "+
		"(Wilson intervals, exact binomial funnel limits), target %d days.\n", targetDays)
	pf("- Eligibility: findings derived from the answers by the mapping documented in `examples/stonesoup/findings.go`, read by `ras/eligibility`; " +
		"predictions by `calibrate.FitCareActEligibility` and `calibrate.FitCHCEligibility` (logistic regression), accuracy by deterministic k-fold cross-validation.\n")
	pf("- Subsampling: ")
	if s := r.Calibration; s != nil && s.Subsampled != "" {
		pf("%s ", s.Subsampled)
	}
	pf("Scatter plots show a systematic sample of about %d points; every figure and table uses all records.\n", scatterPoints)
	pf("- Run time, charts included (before this report was written): %.1f s wall clock, %.1f s CPU (%d CPUs available). Calibration runs beside the other sections "+
		"(lanes below); a step's CPU time is the whole process's over the step, so concurrent lanes count each other's work.\n\n", r.Timing.Wall, r.Timing.CPU, runtime.GOMAXPROCS(0))
	pf("| step | lane | wall s | process CPU s |\n|---|---|---:|---:|\n")
	for _, s := range r.Timing.Steps {
		pf("| %s | %s | %.2f | %.2f |\n", s.Step, orDash(s.Lane), s.Wall, s.CPU)
	}
}

func (r *results) estimateMD(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	s := r.Estimate
	pf("## Estimate against plan\n\n")
	if s.WithPlan == 0 {
		pf("No assessment records a planned amount.\n\n")
		return
	}
	o := s.Overall
	pf("%d assessments with a planned amount (%d without). The RAS estimates £%s a week in total, the plans £%s (planned/estimated %.3f, "+
		"difference %s). **%.1f%% of plans lie within ±%g%% of the estimate**; %d above and %d below. Median difference %.1f%% of the estimate.\n\n",
		s.WithPlan, s.WithoutPlan, grouped(o.TotalEstimate), grouped(o.TotalPlanned), o.Ratio, signedPounds(o.TotalDiff), o.WithinPct, s.TolerancePct, o.Above, o.Below, o.MedianPct)
	pf("| | n | estimated £/week | planned £/week | difference | planned/estimated | median %% diff | within ±%g%% |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", s.TolerancePct)
	row := func(x monitorRow) {
		if x.Suppressed {
			pf("| %s | * | * | * | * | * | * | * |\n", x.Label)
			return
		}
		pf("| %s | %d | %s | %s | %s | %.3f | %s%% | %s%% |\n", orLabel(x.Label, "all"), x.N, grouped(x.TotalEstimate), grouped(x.TotalPlanned), grouped(x.TotalDiff), x.Ratio, f1(x.MedianPct), f1(x.WithinPct))
	}
	row(monitorRow(o))
	for _, x := range s.ByCohort {
		row(x)
	}
	pf("\nBy quarter of assessment:\n\n| quarter | n | estimated | planned | difference | planned/estimated | median %% diff | within ±%g%% |\n|---|---:|---:|---:|---:|---:|---:|---:|\n", s.TolerancePct)
	for _, x := range s.ByQuarter {
		row(x)
	}
	if d := s.Drift; d != nil {
		pf("\nDrift of the percentage difference: %.3f points a quarter (95%% CI %.3f to %.3f) over %d quarters.\n", d.SlopePerPeriod, d.Lower, d.Upper, d.Periods)
	}
	pf("\n![estimate against plan](%s)\n\n![within tolerance by cohort](%s)\n\n", chartEstimate, chartWithin)
}

func (r *results) calibrationMD(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	s := r.Calibration
	pf("## Calibration\n\n")
	pf("Design: %d assessments with a planned cost × %d columns (%s); %d assessments without a positive planned cost left out.\n\n",
		s.DesignRows, s.DesignCols, strings.Join(s.Columns, ", "), s.Excluded)
	pf("### Methods compared by %d-fold cross-validation\n\nOut-of-fold predictions pooled over the folds; bias is mean(planned − predicted).\n\n", s.K)
	pf("| method | rows | RMSE | MAE | R² | bias | within ±£50 | within ±10%% | within ±25%% |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, m := range s.Methods {
		name := m.Name
		if m.Subsample {
			name += " (subsample)"
		}
		if m.Err != "" {
			pf("| %s | %d | failed: %s | | | | | | |\n", name, m.Rows, m.Err)
			continue
		}
		pf("| %s | %d | %.2f | %.2f | %.3f | %.2f | %.1f%% | %.1f%% | %.1f%% |\n", name, m.Rows, m.RMSE, m.MAE, m.R2, m.Bias, m.Within50, m.Within10, m.Within25)
	}
	if s.Subsampled != "" {
		pf("\n%s\n", s.Subsampled)
	}
	pf("\n![methods compared](%s)\n\n", chartMethods)
	pf("### The recalibrated model\n\nLowest cross-validated RMSE: **%s**, refitted on every row and exported as `%s` (`%s`): %s\n\n", s.Best, s.NewModel, recalibratedFile, s.Description)
	n := s.Neutral
	pf("### Gainers and losers under cost neutrality\n\nScaling the recalibrated model by %.4f brings its total over the costed assessments from £%s to £%s a week, "+
		"the total of the plans (£%s), after %d engine passes. Against the current model's estimates:\n\n", n.Factor, grouped(n.Before), grouped(n.After), grouped(n.Target), n.Iterations)
	pf("| group | level | n | gainers | losers | unchanged (±£1) | current £/week | recalibrated £/week | mean change | 10%% | median | 90%% |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, x := range s.Impact {
		if x.Suppressed {
			pf("| %s | %s | * | * | * | * | * | * | * | * | * | * |\n", orDash(x.Group), orDash(x.Level))
			continue
		}
		// n is published, so a hidden count must not be recoverable from
		// the other two: complementary suppression.
		gl, err := disclosure.SuppressList([]int{x.Gainers, x.Losers, x.Unchanged}, disclosure.Options{})
		if err != nil {
			pf("| %s | %s | %d | suppression failed: %v |\n", x.Group, x.Level, x.N, err)
			continue
		}
		pf("| %s | %s | %d | %s | %s | %s | %s | %s | %+.2f | %+.2f | %+.2f | %+.2f |\n", orLabel(x.Group, "all"), orLabel(x.Level, "all"), x.N, gl.Format(0), gl.Format(1), gl.Format(2),
			grouped(x.TotalOld), grouped(x.TotalNew), x.MeanChange, x.Q10, x.Median, x.Q90)
	}
	pf("\nLargest changes (pseudonymous assessment ids):\n\n| assessment | current £/week | recalibrated £/week | change |\n|---|---:|---:|---:|\n")
	for _, x := range s.Largest {
		pf("| %s | %s | %s | %+.2f |\n", x.ID, x.Old, x.New, x.Change)
	}
	pf("\n![distribution of changes](%s)\n\n", chartChanges)
}

func (r *results) carersMD(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	s := r.Carers
	pf("## Carers\n\n### The value of unpaid care\n\n")
	pf("%d adults with needs (adult social care and continuing healthcare, from the RAS assessments); %d (%s) have at least one unpaid carer. "+
		"Valued at the replacement cost (%s):\n\n", s.Adults, s.WithCarer, pctOf(s.ShareWithCarer), s.Basis)
	pf("| per adult with needs | mean a week | median a week | Q1 | Q3 | mean a year |\n|---|---:|---:|---:|---:|---:|\n")
	pf("| all (no carer counts £0) | **£%s** | **£%s** | £%s | £%s | £%s |\n", s.MeanPerAdult, s.MedianPerAdult, s.Q1, s.Q3, s.AnnualMean)
	pf("| with a carer | £%s | £%s | | | |\n\n", s.MeanWithCarer, s.MedianWithCarer)
	pf("One vendor's data suggests over £280 a week per adult with needs; synthetic figures are not evidence either way. "+
		"%d current caring relationships; %d care for someone who is not an adult with needs in the RAS data (left out of the value per adult).\n\n", s.CurrentRecords, s.Unmatched)
	pf("![distribution of the value of unpaid care](%s)\n\n", chartCarers)
	pf("By locality (counts under 5 and their complements suppressed, *):\n\n| locality | adults | with a carer | share | mean a week | median a week | mean with a carer |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range s.ByLocality {
		pf("%s\n", l)
	}
	pf("\nCarers with their own assessment: %s, whose needs meet the carer eligibility criteria (SI 2015/313 reg. 3): %s.\n\n", small(s.CarersAssessed), small(s.CarersEligible))
	pf("### Carers at risk of harm\n\n> %s\n\n", carers.Disclaimer)
	pf("| risk level | current records |\n|---|---:|\n")
	for _, l := range s.Levels {
		pf("| %s | %s |\n", l.Level, l.Shown)
	}
	pf("\nTop reasons among records at a risk level:\n\n| indicator | records |\n|---|---:|\n")
	for _, x := range s.TopReasons {
		pf("| %s | %s |\n", x.Indicator, x.Shown)
	}
	pf("\nAt the highest level (%s): %s records; risk rising since the previous assessment: %s. The first %d in priority order:\n\n",
		s.Highest, small(s.AtHighest), small(s.Rising), len(s.Priorities))
	pf("| rank | carer | person | level | score | change | reasons |\n|---:|---|---|---|---:|---|---|\n")
	for _, p := range s.Priorities {
		pf("| %d | %s | %s | %s | %d | %s | %s |\n", p.Rank, p.CarerID, p.PersonID, p.Level, p.Score, p.Change, strings.ReplaceAll(p.Reasons, "|", "/"))
	}
	pf("\n")
}

func (r *results) childrenMD(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	s := r.Children
	pf("## Children\n\n")
	if s.Assessments == 0 {
		pf("No children's assessments.\n\n")
		return
	}
	pf("%d assessments of %d children on `%s` (five personal-care activities, total 0–%g, higher is more independent); %d of the assessments are of a child with a RAS assessment in the children's cohort.\n\n",
		s.Assessments, s.Children, s.Instrument, s.MaxTotal, s.Linked)
	pf("![centiles of independence in personal care by age](%s)\n\n", chartChildren)
	pf("Centiles by year of age (R type 7); bands with fewer than %d children are hidden:\n\n", disclosure.DefaultThreshold)
	if err := s.published.WriteMarkdown(w, 1); err != nil {
		pf("(table failed: %v)\n", err)
	}
	pf("\nFalls in independence before 18 (the total down by 2 or more between reassessments; flags for a practitioner, not decisions): %s falls in %s children.\n\n", small(s.Falls), small(s.Flagged))
}

func (r *results) pathwayMD(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	s := r.Pathway
	pf("## Pathway\n\n")
	if s.Waits == 0 {
		pf("No waits from assessment to service start.\n\n")
		return
	}
	o := s.Overall
	pf("%d pathways; %d waits from assessment completed to service start (%d started, %d still waiting or closed: censored at the extract date %s or at closure; %d out of order left out). "+
		"Kaplan–Meier median wait **%s days** (95%% CI %s to %s); probability of starting within %d days %s; share of resolved waits within %d days %s (Wilson 95%% CI %s to %s).\n\n",
		s.Pathways, s.Waits, s.Completed, s.Censored, s.Extract, s.OutOfOrder, days(o.Median), days(o.MedianLower), days(o.MedianUpper), s.TargetDays, pctOf(o.WithinKM), s.TargetDays, pctOf(o.Share), pctOf(o.ShareLower), pctOf(o.ShareUpper))
	if sn := s.Snapshot; sn != nil {
		pf("On the extract date %s people were waiting, %s of them for %d days or less (median current wait %s days, 92nd percentile %s).\n\n",
			small(sn.Waiting), pctOf(sn.ShareWithin), sn.TargetDays, f1(sn.Median), f1(sn.P92))
	}
	pf("![Kaplan–Meier curves](%s)\n\n", chartKM)
	pf("The type of service is recorded only when it starts, so the waits of people still waiting form their own group (all censored): " +
		"the curves by type describe the waits that ended in a service of that type, and the overall curve is the honest censored estimate.\n\n")
	table := func(rows []kmRow, what string) {
		pf("| %s | waits | started | median days (95%% CI) | P(start ≤ %d days) | resolved | within | share within (95%% CI) | funnel |\n|---|---:|---:|---|---:|---:|---:|---|---|\n", what, s.TargetDays)
		for _, x := range rows {
			if x.Suppressed {
				pf("| %s | * | * | * | * | * | * | * | |\n", x.Group)
				continue
			}
			if x.Group == groupAwaiting {
				x.Flag = ""
			}
			pf("| %s | %d | %s | %s | %s | %d | %s | %s (%s to %s) | %s |\n", x.Group, x.N, small(x.Events), ci(x.Median, x.MedianLower, x.MedianUpper), pctOf(x.WithinKM),
				x.Resolved, small(x.Within), pctOf(x.Share), pctOf(x.ShareLower), pctOf(x.ShareUpper), x.Flag)
		}
		pf("\n")
	}
	pf("### By service type\n\n")
	table(s.ByType, "service type")
	pf("### By team (the person's locality in the RAS data)\n\nFunnel centre line: the pooled share within target, %s.\n\n", pctOf(s.FunnelTarget))
	table(s.ByTeam, "team")
	pf("![funnel plot across teams](%s)\n\n", chartFunnel)
}

func (r *results) eligibilityMD(w io.Writer) {
	pf := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	s := r.Eligibility
	pf("## Eligibility\n\n")
	pf("The national rules read on findings derived from the RAS answers (the mapping in `findings.go`; illustrative). Care Act adults: %d assessed, "+
		"%d meet the criteria (%s). Recorded decisions agree with the rule's reading for %d of %d (%s). Continuing healthcare: %d assessed, DST clear indicator %s, "+
		"for the team's judgement %s, Checklist positive %s. Carers assessed: %s. These are readings and flags, never decisions.\n\n",
		s.AdultsRead, s.AdultsMet, pctOf(ratio(s.AdultsMet, s.AdultsRead)), s.Agree, s.WithDecision, pctOf(ratio(s.Agree, s.WithDecision)),
		s.CHCRead, small(s.CHCClear), small(s.CHCJudgement), small(s.CHCChecklist), small(s.Carers))
	pf("### Summaries\n\n")
	for _, t := range s.Tables {
		writeEligibilityTable(w, &t)
	}
	pf("### Predictions and their accuracy\n\n")
	pf("Logistic regressions of the recorded decisions on the answers and covariates, exported as `ras` models with the logit link. " +
		"Accuracy is measured out of fold; a prediction reproduces past practice and is not a decision.\n\n")
	pf("| framework | cases | eligible | columns | AUC (95%% CI) | apparent AUC | Brier | calibration-in-the-large | calibration slope | refer at p ≥ 0.5: referred | sensitivity | specificity | PPV |\n|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, p := range s.Predictions {
		if p.Err != "" {
			pf("| %s | %d | | | failed: %s | | | | | | | | |\n", p.Framework, p.N, p.Err)
			continue
		}
		t := p.Threshold
		pf("| %s | %d | %d | %d | %.3f (%.3f to %.3f) | %.3f | %.3f | %+.4f | %.2f | %s | %.2f | %.2f | %.2f |\n", p.Framework, p.N, p.Events, p.Columns, p.AUC, p.AUCLower, p.AUCUpper,
			p.ApparentAUC, p.Brier, p.CITL, p.Slope, pctOf(t.ReferralRate), t.Sensitivity, t.Specificity, t.PPV)
	}
	pf("\n![calibration of the predictions](%s)\n\n", chartEligibility)
	for _, p := range s.Predictions {
		if p.Err != "" {
			continue
		}
		pf("Observed against predicted by decile, %s (counts under 5 and their complements suppressed):\n\n| decile | n | mean predicted | eligible | not eligible | observed rate |\n|---:|---:|---:|---:|---:|---:|\n", p.Framework)
		for _, g := range p.Deciles {
			pf("| %d | %d | %.3f | %s | %s | %s |\n", g.Group, g.N, g.MeanPredicted, g.EventsText, g.NonEventsText, f3(g.ObservedRate))
		}
		pf("\n")
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// writeEligibilityTable writes a suppressed summary table: the group rows
// (by locality) and the total row.
func writeEligibilityTable(w io.Writer, t *eligibility.Table) {
	fmt.Fprintf(w, "**%s**\n\n| locality | N |", t.Title)
	for _, ct := range t.ColumnTitles {
		fmt.Fprintf(w, " %s |", ct)
	}
	fmt.Fprintf(w, "\n|---|---:|%s\n", strings.Repeat("---:|", len(t.ColumnTitles)))
	for _, row := range t.Rows {
		label := orLabel(row.Group.Locality, "not known")
		if row.Total {
			label = "**all**"
		}
		fmt.Fprintf(w, "| %s | %d |", label, row.N)
		for j := range row.Counts {
			if row.Hidden(j) {
				fmt.Fprintf(w, " * |")
			} else {
				fmt.Fprintf(w, " %d |", row.Counts[j])
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

// summary prints the headline figures.
func (r *results) summary(w io.Writer, out string) error {
	bw := bufio.NewWriter(w)
	if s := r.Estimate; s.WithPlan > 0 {
		fmt.Fprintf(bw, "Estimate against plan: %.1f%% of %d plans within ±%g%% of the RAS estimate (planned/estimated %.3f).\n", s.Overall.WithinPct, s.WithPlan, s.TolerancePct, s.Overall.Ratio)
	}
	if s := r.Calibration; s != nil {
		for _, m := range s.Methods {
			if m.Name == s.Best && !m.Subsample {
				fmt.Fprintf(bw, "Calibration: best by %d-fold CV %s (RMSE %.2f, %.1f%% within ±10%%); cost-neutral factor %.4f.\n", s.K, s.Best, m.RMSE, m.Within10, s.Neutral.Factor)
			}
		}
	}
	if s := r.Carers; s != nil {
		fmt.Fprintf(bw, "Carers: unpaid care worth £%s a week per adult with needs on average (median £%s); %s records at the highest risk level.\n", s.MeanPerAdult, s.MedianPerAdult, small(s.AtHighest))
	}
	if s := r.Children; s != nil && s.Assessments > 0 {
		fmt.Fprintf(bw, "Children: %d assessments of %d children on %s.\n", s.Assessments, s.Children, s.Instrument)
	}
	if s := r.Pathway; s != nil && s.Waits > 0 {
		fmt.Fprintf(bw, "Pathway: median wait from assessment to service %s days (95%% CI %s to %s); %s of resolved waits within %d days.\n",
			days(s.Overall.Median), days(s.Overall.MedianLower), days(s.Overall.MedianUpper), pctOf(s.Overall.Share), s.TargetDays)
	}
	if s := r.Eligibility; s != nil {
		for _, p := range s.Predictions {
			if p.Err == "" {
				fmt.Fprintf(bw, "Eligibility prediction %s: cross-validated AUC %.3f, Brier %.3f.\n", p.Framework, p.AUC, p.Brier)
			}
		}
	}
	fmt.Fprintf(bw, "Wrote %s (%.1f s wall, %.1f s CPU).\n", filepath.Join(out, reportFile), r.Timing.Wall, r.Timing.CPU)
	return bw.Flush()
}

// grouped puts thousands separators into a decimal string: "-1234567.50"
// becomes "-1,234,567.50".
// signedPounds formats a signed amount as "£1,234.50" or "−£1,234.50".
func signedPounds(s string) string {
	if g := grouped(s); strings.HasPrefix(g, "-") {
		return "−£" + g[1:]
	} else {
		return "£" + g
	}
}

func grouped(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}
