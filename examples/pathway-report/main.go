// Pathway-report generates a synthetic county over 21 months (RAS
// assessments from ras/synth scored by a shipped model; pathway events,
// commissioned services and finance from pathway.Synthesize), joins it,
// prints the join report, and writes a markdown report with Kaplan–Meier
// curves of the wait from assessment to service start by service type,
// benchmarking of the teams with a funnel plot, the open waits at the
// extract date, and the comparison of the RAS estimate, the planned cost and
// the actual spend.
//
//	go run ./examples/pathway-report
//	go run ./examples/pathway-report -n 20000 -seed 7 -out out/pathway-20000
//
// Every grouped table goes through small-number suppression
// (ras/disclosure, threshold 5); hidden cells show as "*".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
	"github.com/stonesoup-care/stonesoup/ras/synth"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// newFlags returns the command line's flags, writing into c (defaults set).
func newFlags(c *config, stderr io.Writer) *flag.FlagSet {
	*c = config{seed: 1, out: filepath.Join("out", "pathway-report"), n: 160_000}
	fs := flag.NewFlagSet("pathway-report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/pathway-report [flags]\n\n"+
			"Joins a synthetic county's assessments, services and finance into care pathways and writes report.md and charts into -out.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.Uint64Var(&c.seed, "seed", c.seed, "seed of the synthetic county (reproducible runs)")
	fs.StringVar(&c.out, "out", c.out, "output folder for report.md and the PNG charts")
	fs.IntVar(&c.n, "n", c.n, "number of assessments (adult social care and continuing healthcare persons of ras/synth)")
	return fs
}

// parse reads the command line.
func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := newFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case fs.NArg() > 0:
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	case c.n < 1 || c.n > 5_000_000:
		return c, fmt.Errorf("-n %d: want 1 to 5,000,000 assessments", c.n)
	case strings.TrimSpace(c.out) == "":
		return c, errors.New("-out must not be empty")
	}
	return c, nil
}

func main() {
	cfg, err := parse(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pathway-report:", err)
		os.Exit(2)
	}
	if _, err := run(os.Stdout, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "pathway-report:", err)
		os.Exit(1)
	}
}

type config struct {
	seed uint64
	out  string
	n    int
}

// Fixed choices of the report.
const (
	targetDays = 28 // wait target, assessment to service start
	plotDays   = 180
	// moneyLagDays: the money comparison ends this many days before the
	// extract date, so that invoices for the period have arrived.
	moneyLagDays = 56
)

var cohorts = []ras.Cohort{ras.CohortAdult, ras.CohortCHC}

// result holds the figures the test checks.
type result struct {
	assessments                    int
	events, services, transactions int
	join                           pathway.JoinReport
	extract                        pathway.Date
	byType                         *pathway.GroupComparisons // suppressed
	byTeam                         *pathway.GroupComparisons // suppressed
	money                          *pathway.MoneyComparison
}

// county is the generated and joined data.
type county struct {
	assessments []ras.Assessment
	results     []ras.Result
	syn         *pathway.Synthetic
	join        *pathway.JoinResult
	typeOf      map[string]string // person → planned service type
	teamOf      map[string]string
	cohortOf    map[string]string
}

// generate builds the synthetic county.
func generate(cfg config) (*county, error) {
	if cfg.n <= 0 {
		return nil, fmt.Errorf("-n must be positive, got %d", cfg.n)
	}
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		return nil, err
	}
	eng, err := ras.Compile(m)
	if err != nil {
		return nil, err
	}
	g, err := synth.New(m, synth.Options{Seed: cfg.seed, Cohorts: cohorts})
	if err != nil {
		return nil, err
	}
	cases := g.Slice(cfg.n)
	c := &county{assessments: make([]ras.Assessment, len(cases))}
	ids := make([]string, len(cases))
	for i := range cases {
		c.assessments[i] = cases[i].Assessment
		ids[i] = cases[i].Assessment.Person.ID
	}
	cases = nil
	if c.results, err = eng.AssessBatch(context.Background(), c.assessments, ras.BatchOptions{}); err != nil {
		return nil, err
	}
	st := g.Start()
	c.syn, err = pathway.Synthesize(ids, pathway.SynthOptions{Seed: cfg.seed, Start: pathway.NewDate(st.Year, st.Month, st.Day),
		Planned: pathway.PlannedFromAssessments(c.assessments)})
	if err != nil {
		return nil, err
	}
	if c.join, err = pathway.Join(c.syn.Events, c.syn.Services, c.syn.Transactions, pathway.JoinOptions{MatchEpisode: true}); err != nil {
		return nil, err
	}
	c.typeOf = make(map[string]string, len(ids))
	c.teamOf = make(map[string]string, len(ids))
	c.cohortOf = make(map[string]string, len(ids))
	for _, p := range c.syn.Persons {
		c.typeOf[p.ID] = p.Type.String()
		c.teamOf[p.ID] = p.Team
		c.cohortOf[p.ID] = string(p.Cohort)
	}
	return c, nil
}

// waits returns the waits from assessment to service start, censored at the
// extract date, grouped by the planned service type (known at support
// planning, so also for those still waiting) or by team.
func (c *county) waits(group map[string]string) (times []float64, events []bool, groups []string, ws []pathway.Wait, err error) {
	ws, _ = c.join.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, func(p *pathway.Pathway) string { return group[p.PersonID] })
	// people with no service planned (no further action) never wait
	unknown := pathway.ServiceUnknown.String()
	ws = slices.DeleteFunc(ws, func(w pathway.Wait) bool { return c.typeOf[w.PersonID] == unknown })
	times, events, err = pathway.CensorWaits(ws, c.syn.Extract, pathway.CalendarDays, nil)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	groups = make([]string, len(ws))
	for i, w := range ws {
		groups[i] = w.Group
	}
	return times, events, groups, ws, nil
}

func run(w io.Writer, cfg config) (*result, error) {
	t0 := time.Now()
	c, err := generate(cfg)
	if err != nil {
		return nil, err
	}
	res := &result{assessments: len(c.assessments), events: len(c.syn.Events), services: len(c.syn.Services),
		transactions: len(c.syn.Transactions), join: c.join.Report, extract: c.syn.Extract}
	fmt.Fprintf(w, "Synthetic county, seed %d: %d assessments (%s), %d events, %d services, %d finance transactions; extract date %v (%.1fs)\n\n",
		cfg.seed, res.assessments, ras.ModelPoints, res.events, res.services, res.transactions, res.extract, time.Since(t0).Seconds())
	var jr strings.Builder
	writeJoinReport(&jr, &c.join.Report)
	fmt.Fprint(w, jr.String())

	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return nil, err
	}
	var md strings.Builder
	fmt.Fprintf(&md, "# Pathway report: synthetic county, seed %d\n\n", cfg.seed)
	fmt.Fprintf(&md, "Assessments by ras/synth scored with the shipped model `%s` (adult social care and continuing healthcare), "+
		"%v to %v; pathway events, commissioned services and finance by `pathway.Synthesize`; extract date %v. "+
		"Every grouped table is suppressed with `ras/disclosure` (threshold 5, cascade on the published totals); hidden cells are shown as `*`.\n\n",
		ras.ModelPoints, c.syn.Start, c.syn.Extract-1, c.syn.Extract)
	md.WriteString("## Join report\n\n```\n" + jr.String() + "```\n\n")

	sup := disclosure.Options{}
	// waits by service type
	times, events, groups, wsType, err := c.waits(c.typeOf)
	if err != nil {
		return nil, err
	}
	km, err := pathway.KaplanMeierByGroup(times, events, groups, pathway.KMOptions{})
	if err != nil {
		return nil, err
	}
	cmpType, err := pathway.CompareGroups(times, events, groups, pathway.CompareOptions{TargetDays: targetDays})
	if err != nil {
		return nil, err
	}
	if res.byType, err = cmpType.Suppress(sup); err != nil {
		return nil, err
	}
	if err := plotKM(filepath.Join(cfg.out, "km_service_type.png"), km, res.byType); err != nil {
		return nil, err
	}
	lr, err := pathway.LogRank(times, events, groups, pathway.LogRankOptions{})
	if err != nil {
		return nil, err
	}
	md.WriteString("## Waits from assessment to service start, by service type\n\n")
	md.WriteString("Kaplan–Meier estimates (log-transformed 95% intervals, as R's survfit); people still waiting at the extract date are right-censored there. " +
		"The service type is the one planned at support planning, so the people still waiting are in their group.\n\n")
	md.WriteString("![Kaplan–Meier curves by service type](km_service_type.png)\n\n")
	writeGroupTable(&md, "Service type", res.byType, false)
	fmt.Fprintf(&md, "\nLog-rank test across service types: χ² = %.1f on %d df, %s.\n\n", lr.ChiSq, lr.DF, report.PValue(lr.PValue))
	fmt.Fprintf(w, "\nWaits from assessment to service start: %d (%d still waiting or closed, censored)\n", len(times), countFalse(events))

	// benchmarking teams
	times, events, groups, wsTeam, err := c.waits(c.teamOf)
	if err != nil {
		return nil, err
	}
	cmpTeam, err := pathway.CompareGroups(times, events, groups, pathway.CompareOptions{TargetDays: targetDays})
	if err != nil {
		return nil, err
	}
	if res.byTeam, err = cmpTeam.Suppress(sup); err != nil {
		return nil, err
	}
	if err := plotFunnel(filepath.Join(cfg.out, "funnel_teams.png"), res.byTeam); err != nil {
		return nil, err
	}
	md.WriteString("## Benchmarking the teams\n\n")
	fmt.Fprintf(&md, "Wait from assessment to service start, all service types, target %d days. Median: Kaplan–Meier with 95%% CI. "+
		"Share within target: among waits whose position against the target is known (started, or still waiting beyond the target), "+
		"with a 95%% Wilson interval. Funnel limits: exact binomial (Spiegelhalter 2005) around the pooled share %.3f, at 95%% and 99.8%%.\n\n",
		targetDays, res.byTeam.Target)
	writeGroupTable(&md, "Team", res.byTeam, true)
	md.WriteString("\n![Funnel plot of the share within target by team](funnel_teams.png)\n\n")

	// open waits at the extract date
	md.WriteString("## People waiting for a service at the extract date\n\n")
	fmt.Fprintf(&md, "An RTT-style census of the waits open on %v: how many wait, the share waiting %d days or less, and the median and 92nd percentile (R type 7) of the current waits.\n\n", c.syn.Extract, targetDays)
	for _, x := range []struct {
		title string
		ws    []pathway.Wait
	}{{"Service type", wsType}, {"Team", wsTeam}} {
		st, err := pathway.OpenWaitsByGroup(x.ws, c.syn.Extract, pathway.SnapshotOptions{TargetDays: targetDays}, sup)
		if err != nil {
			return nil, err
		}
		writeSnapshotTable(&md, x.title, st)
		md.WriteString("\n")
	}

	// money
	estimates := pathway.EstimatesFromResults(c.results)
	if res.money, err = pathway.CompareMoney(c.join, estimates, pathway.MoneyOptions{From: c.syn.Start, To: c.syn.Extract - moneyLagDays}); err != nil {
		return nil, err
	}
	md.WriteString("## Money along the pathway\n\n")
	fmt.Fprintf(&md, "For each person: the weekly RAS estimate (`%s`), the weekly cost planned in their commissioned services (averaged over the days they had a service, concurrent services added), "+
		"and the weekly equivalent of the actual spend in the finance data over %v to %v (spend × 7 / service days). "+
		"Sums are over the people with both an estimate and a service (compared); pounds a week.\n\n", ras.ModelPoints, c.syn.Start, c.syn.Extract)
	mt := res.money.Total
	fmt.Fprintf(&md, "- Compared: %d people; estimate only (no service in the period): %d; service without an estimate: %d.\n", mt.Compared, mt.EstimateOnly, mt.ServiceOnly)
	fmt.Fprintf(&md, "- Weekly estimate %s, planned %s (planned − estimate %s, ratio %.3f), actual %s (actual − planned %s, ratio %.3f).\n",
		money(mt.Estimate), money(mt.Planned), money(mt.PlannedMinusEstimate), mt.PlannedPerEstimate, money(mt.Actual), money(mt.ActualMinusPlanned), mt.ActualPerPlanned)
	fmt.Fprintf(&md, "- Over the period: planned %s, paid %s; %s in %s could not be linked to a service.\n\n",
		money(mt.PlannedTotal), money(mt.ActualTotal), money(res.money.UnlinkedSpend), report.Count(res.money.UnlinkedTransactions, "transaction", "transactions"))
	fmt.Fprintf(w, "Money (weekly, %d people compared): estimate %s, planned %s, actual %s\n", mt.Compared, money(mt.Estimate), money(mt.Planned), money(mt.Actual))
	for _, x := range []struct {
		title string
		group func(p *pathway.PersonMoney) string
	}{
		{"Service type", func(p *pathway.PersonMoney) string { return p.Type.String() }},
		{"Team", func(p *pathway.PersonMoney) string { return c.teamOf[p.PersonID] }},
		{"Cohort", func(p *pathway.PersonMoney) string { return c.cohortOf[p.PersonID] }},
	} {
		tab, err := res.money.ByGroup(x.group, sup)
		if err != nil {
			return nil, err
		}
		writeMoneyTable(&md, x.title, tab)
		md.WriteString("\n")
	}
	if err := os.WriteFile(filepath.Join(cfg.out, "report.md"), []byte(md.String()), 0o644); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "\nWrote %s (report.md, km_service_type.png, funnel_teams.png) in %.1fs\n", cfg.out, time.Since(t0).Seconds())
	return res, nil
}

func countFalse(b []bool) int {
	n := 0
	for _, x := range b {
		if !x {
			n++
		}
	}
	return n
}

// writeJoinReport prints how every input record was accounted for.
func writeJoinReport(w io.Writer, r *pathway.JoinReport) {
	fmt.Fprintf(w, "%-9s %10s %10s %10s %10s  %s\n", "input", "records", "linked", "unmatched", "duplicate", "accounted for")
	for _, x := range []struct {
		name string
		t    pathway.Tally
	}{{"events", r.Events}, {"services", r.Services}, {"finance", r.Finance}} {
		ok := "yes"
		if x.t.Linked+x.t.Unmatched+x.t.Duplicate != x.t.Input {
			ok = "NO"
		}
		fmt.Fprintf(w, "%-9s %10d %10d %10d %10d  %s\n", x.name, x.t.Input, x.t.Linked, x.t.Unmatched, x.t.Duplicate, ok)
	}
	kinds := map[pathway.IssueKind]int{}
	for _, is := range r.Issues {
		kinds[is.Kind]++
	}
	fmt.Fprintf(w, "persons %d, pathways %d (%d assessed without a linked service), services without finance %d, out of order %d\n",
		r.Persons, r.Pathways, r.PathwaysWithoutService, r.ServicesWithoutFinance, r.OutOfOrder)
	fmt.Fprintf(w, "issues: %d unmatched, %d duplicate, %d out of order\n", kinds[pathway.IssueUnmatched], kinds[pathway.IssueDuplicate], kinds[pathway.IssueOutOfOrder])
}

// f formats a float, "–" for NaN (undefined or not reached).
// f formats a statistic with prec decimals: "undefined" when it has no
// value (NaN).
func f(x float64, prec int) string { return report.Num(x, prec) }

// days formats a Kaplan–Meier median or bound: "not reached" when the curve
// never reaches it (NaN).
func days(x float64) string {
	if math.IsNaN(x) {
		return "not reached"
	}
	return report.Num(x, 0)
}

func money(d decimal.Decimal) string { return report.Money(d) }

// writeGroupTable writes a suppressed benchmarking table.
func writeGroupTable(w io.Writer, title string, t *pathway.GroupComparisons, funnel bool) {
	fmt.Fprintf(w, "| %s | waits | started | median days (95%% CI) | started within %g days, KM (95%% CI) | share within target (95%% Wilson CI) |", title, t.TargetDays)
	if funnel {
		fmt.Fprint(w, " 95% limits | 99.8% limits | flag |")
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "|---|---:|---:|---|---|---|")
	if funnel {
		fmt.Fprint(w, "---|---|---|")
	}
	fmt.Fprintln(w)
	for _, r := range t.Rows {
		if r.Disclosure.Hidden() {
			fmt.Fprintf(w, "| %s | * | * | * | * | * |", r.Group)
			if funnel {
				fmt.Fprint(w, " * | * | * |")
			}
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s (%s–%s) | %s (%s–%s) | %s (%s–%s) |", r.Group, r.N, r.Events,
			days(r.Median.Value), days(r.Median.Lower), days(r.Median.Upper),
			f(r.WithinKM.Value, 3), f(r.WithinKM.Lower, 3), f(r.WithinKM.Upper, 3),
			f(r.Share, 3), f(r.ShareLower, 3), f(r.ShareUpper, 3))
		if funnel {
			fmt.Fprintf(w, " %s–%s | %s–%s | %s |", f(r.Lower95, 3), f(r.Upper95, 3), f(r.Lower998, 3), f(r.Upper998, 3), r.Flag)
		}
		fmt.Fprintln(w)
	}
}

func writeSnapshotTable(w io.Writer, title string, t *pathway.SnapshotTable) {
	fmt.Fprintf(w, "| %s | waiting | within %d days | share within | median days | P92 days |\n|---|---:|---:|---:|---:|---:|\n", title, t.Total.TargetDays)
	for _, r := range t.Rows {
		if r.WaitingStatus.Hidden() {
			fmt.Fprintf(w, "| %s | * | * | * | * | * |\n", r.Group)
			continue
		}
		within := fmt.Sprint(r.WithinTarget)
		if r.WithinStatus.Hidden() || r.OverStatus.Hidden() {
			within = "*"
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", r.Group, r.Waiting, within, f(r.ShareWithin, 3), f(r.Median, 0), f(r.P92, 0))
	}
	s := t.Total
	fmt.Fprintf(w, "| all | %d | %d | %s | %s | %s |\n", s.Waiting, s.WithinTarget, f(s.ShareWithin, 3), f(s.Median, 0), f(s.P92, 0))
}

func writeMoneyTable(w io.Writer, title string, t *pathway.MoneyTable) {
	fmt.Fprintf(w, "| %s | people | compared | estimate only | service only | estimate a week | planned a week | actual a week | planned − estimate | actual − planned | planned/estimate | actual/planned |\n", title)
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	cnt := func(n int, s disclosure.Status) string {
		if s.Hidden() {
			return "*"
		}
		return fmt.Sprint(n)
	}
	row := func(g *pathway.MoneyGroup) {
		persons := fmt.Sprint(g.Persons)
		if g.Persons == 0 && (g.ComparedStatus.Hidden() || g.EstimateOnlyStatus.Hidden() || g.ServiceOnlyStatus.Hidden()) {
			persons = "*"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |", g.Group, persons, cnt(g.Compared, g.ComparedStatus), cnt(g.EstimateOnly, g.EstimateOnlyStatus), cnt(g.ServiceOnly, g.ServiceOnlyStatus))
		if g.Hidden() {
			fmt.Fprintln(w, " * | * | * | * | * | * | * |")
			return
		}
		fmt.Fprintf(w, " %s | %s | %s | %s | %s | %s | %s |\n", money(g.Estimate), money(g.Planned), money(g.Actual),
			money(g.PlannedMinusEstimate), money(g.ActualMinusPlanned), f(g.PlannedPerEstimate, 3), f(g.ActualPerPlanned, 3))
	}
	for i := range t.Rows {
		row(&t.Rows[i])
	}
	tot := t.Total
	tot.Group = "all"
	row(&tot)
}

var palette = []color.Color{
	color.RGBA{0x1b, 0x9e, 0x77, 255}, color.RGBA{0xd9, 0x5f, 0x02, 255}, color.RGBA{0x75, 0x70, 0xb3, 255},
	color.RGBA{0xe7, 0x29, 0x8a, 255}, color.RGBA{0x66, 0xa6, 0x1e, 255}, color.RGBA{0xa6, 0x76, 0x1d, 255},
	color.RGBA{0x66, 0x66, 0x66, 255}, color.RGBA{0xe6, 0xab, 0x02, 255},
}

// plotKM draws the curves 1 − S(t), the share started by day t, as steps.
// Groups hidden in the suppressed table shown are left out.
func plotKM(path string, km *pathway.KMGroups, shown *pathway.GroupComparisons) error {
	hidden := map[string]bool{}
	for _, r := range shown.Rows {
		hidden[r.Group] = r.Disclosure.Hidden()
	}
	p := plot.New()
	p.Title.Text = "Assessment to service start (Kaplan–Meier)"
	p.X.Label.Text = "days since the assessment"
	p.Y.Label.Text = "share started"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, plotDays, 0, 1
	p.Legend.Top = false
	p.Legend.Left = false
	p.Add(plotter.NewGrid())
	for i, fit := range km.Fits {
		if hidden[km.Groups[i]] || fit.N < disclosure.DefaultThreshold {
			continue // too few to publish a curve
		}
		pts := plotter.XYs{{X: 0, Y: 0}}
		prev := 0.0
		for k, t := range fit.Time {
			if t > plotDays {
				break
			}
			s := 1 - fit.Surv[k]
			pts = append(pts, plotter.XY{X: t, Y: prev}, plotter.XY{X: t, Y: s})
			prev = s
		}
		pts = append(pts, plotter.XY{X: plotDays, Y: prev})
		l, err := plotter.NewLine(pts)
		if err != nil {
			return err
		}
		l.Color = palette[i%len(palette)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (n=%d)", km.Groups[i], fit.N), l)
	}
	return p.Save(18*vg.Centimeter, 12*vg.Centimeter, path)
}

// plotFunnel draws each shown team's share within target against its number
// of resolved waits, with the 95% and 99.8% limits.
func plotFunnel(path string, t *pathway.GroupComparisons) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Share of waits within %g days, by team", t.TargetDays)
	p.X.Label.Text = "waits with a known position against the target"
	p.Y.Label.Text = "share within target"
	p.Add(plotter.NewGrid())
	maxN := 0
	var pts plotter.XYs
	var labels []string
	for _, r := range t.Rows {
		if r.Disclosure.Hidden() || r.Resolved == 0 {
			continue
		}
		maxN = max(maxN, r.Resolved)
		pts = append(pts, plotter.XY{X: float64(r.Resolved), Y: r.Share})
		labels = append(labels, r.Group)
	}
	if len(pts) == 0 || math.IsNaN(t.Target) {
		p.Title.Text += " (nothing to show)"
		return p.Save(18*vg.Centimeter, 12*vg.Centimeter, path)
	}
	hiN := int(float64(maxN) * 1.15)
	loN := max(5, maxN/50)
	for _, lim := range []struct {
		lo, hi float64
		dash   []vg.Length
		name   string
	}{{0.025, 0.975, []vg.Length{vg.Points(4), vg.Points(3)}, "95% limits"}, {0.001, 0.999, nil, "99.8% limits"}} {
		var lo, hi plotter.XYs
		for k := 0; k <= 200; k++ {
			n := int(float64(loN) * math.Pow(float64(hiN)/float64(loN), float64(k)/200))
			a, err := pathway.FunnelLimit(n, t.Target, lim.lo)
			if err != nil {
				return err
			}
			b, err := pathway.FunnelLimit(n, t.Target, lim.hi)
			if err != nil {
				return err
			}
			lo = append(lo, plotter.XY{X: float64(n), Y: a})
			hi = append(hi, plotter.XY{X: float64(n), Y: b})
		}
		for i, xy := range []plotter.XYs{lo, hi} {
			l, err := plotter.NewLine(xy)
			if err != nil {
				return err
			}
			l.Dashes = lim.dash
			l.Color = color.Gray{0x60}
			p.Add(l)
			if i == 0 {
				p.Legend.Add(lim.name, l)
			}
		}
	}
	centre, err := plotter.NewLine(plotter.XYs{{X: float64(loN), Y: t.Target}, {X: float64(hiN), Y: t.Target}})
	if err != nil {
		return err
	}
	centre.Color = color.RGBA{0xd9, 0x5f, 0x02, 255}
	p.Add(centre)
	p.Legend.Add(fmt.Sprintf("pooled %.3f", t.Target), centre)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	sc.GlyphStyle.Radius = vg.Points(3)
	sc.GlyphStyle.Color = color.RGBA{0x1b, 0x4f, 0x9e, 255}
	p.Add(sc)
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].XAlign = -0.1
	}
	p.Add(lb)
	p.Legend.Top = false
	p.X.Min = float64(loN)
	return p.Save(18*vg.Centimeter, 12*vg.Centimeter, path)
}
