package main

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/examples/internal/clitest"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func TestRun(t *testing.T) {
	cfg := config{seed: 3, out: t.TempDir(), n: 4000}
	res, err := run(io.Discard, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.assessments != cfg.n {
		t.Errorf("%d assessments, want %d", res.assessments, cfg.n)
	}
	// every record accounted for
	for name, x := range map[string]struct {
		tally pathway.Tally
		n     int
	}{"events": {res.join.Events, res.events}, "services": {res.join.Services, res.services}, "finance": {res.join.Finance, res.transactions}} {
		if x.tally.Input != x.n || x.tally.Linked+x.tally.Unmatched+x.tally.Duplicate != x.n {
			t.Errorf("%s: %+v for %d records", name, x.tally, x.n)
		}
	}
	for _, name := range []string{"km_service_type.png", "funnel_teams.png"} {
		fh, err := os.Open(filepath.Join(cfg.out, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(fh)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 200 {
			t.Errorf("%s: %v", name, b)
		}
	}
	b, err := os.ReadFile(filepath.Join(cfg.out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, s := range []string{"## Join report", "## Waits from assessment to service start, by service type", "](km_service_type.png)",
		"## Benchmarking the teams", "](funnel_teams.png)", "## People waiting for a service at the extract date", "## Money along the pathway",
		"| Service type | people |", "| Team | people |", "| Cohort | people |", "99.8% limits"} {
		if !strings.Contains(md, s) {
			t.Errorf("report.md lacks %q", s)
		}
	}

	// Independently of the example: regenerate the county through the
	// package APIs and compute the share of team L01's waits within 28 days
	// (completed within the target / completed or censored beyond it) with
	// its Wilson interval by the textbook formula, and the Kaplan–Meier
	// median of the community waits from a single-group fit.
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	g, err := synth.New(m, synth.Options{Seed: cfg.seed, Cohorts: []ras.Cohort{ras.CohortAdult, ras.CohortCHC}})
	if err != nil {
		t.Fatal(err)
	}
	var as []ras.Assessment
	var ids []string
	for c := range g.Cases(cfg.n) {
		as = append(as, c.Assessment)
		ids = append(ids, c.Assessment.Person.ID)
	}
	st := g.Start()
	syn, err := pathway.Synthesize(ids, pathway.SynthOptions{Seed: cfg.seed, Start: pathway.NewDate(st.Year, st.Month, st.Day), Planned: pathway.PlannedFromAssessments(as)})
	if err != nil {
		t.Fatal(err)
	}
	j, err := pathway.Join(syn.Events, syn.Services, syn.Transactions, pathway.JoinOptions{MatchEpisode: true})
	if err != nil {
		t.Fatal(err)
	}
	team, typ := map[string]string{}, map[string]pathway.ServiceType{}
	for _, p := range syn.Persons {
		team[p.ID], typ[p.ID] = p.Team, p.Type
	}
	ws, _ := j.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, nil)
	var l01, community []pathway.Wait
	for _, w := range ws {
		if typ[w.PersonID] == pathway.ServiceUnknown {
			continue
		}
		if team[w.PersonID] == "L01" {
			l01 = append(l01, w)
		}
		if typ[w.PersonID] == pathway.LongTermCommunity {
			community = append(community, w)
		}
	}
	times, events, err := pathway.CensorWaits(l01, syn.Extract, pathway.CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, n := 0, 0
	for i, tt := range times {
		if events[i] && tt <= targetDays {
			x++
		}
		if events[i] || tt > targetDays {
			n++
		}
	}
	p, z := float64(x)/float64(n), 1.959963984540054
	centre := (p + z*z/(2*float64(n))) / (1 + z*z/float64(n))
	half := z / (1 + z*z/float64(n)) * math.Sqrt(p*(1-p)/float64(n)+z*z/(4*float64(n*n)))
	row := res.byTeam.Rows[0]
	if row.Group != "L01" || row.Resolved != n || row.Within != x || math.Abs(row.Share-p) > 1e-12 ||
		math.Abs(row.ShareLower-(centre-half)) > 1e-9 || math.Abs(row.ShareUpper-(centre+half)) > 1e-9 {
		t.Errorf("L01: %d/%d share %v (%v–%v), want %d/%d %v (%v–%v)", row.Within, row.Resolved, row.Share, row.ShareLower, row.ShareUpper, x, n, p, centre-half, centre+half)
	}
	if want := fmt.Sprintf("| L01 | %d |", len(l01)); !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q", want)
	}
	times, events, err = pathway.CensorWaits(community, syn.Extract, pathway.CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	fit, err := pathway.KaplanMeier(times, events, pathway.KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	med := fit.Median()
	want := fmt.Sprintf("| long_term_community | %d | %d | %.0f (%.0f–%.0f) |", fit.N, fit.Events, med.Value, med.Lower, med.Upper)
	if !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q", want)
	}
	// the money line agrees with CompareMoney on the regenerated county
	eng, err := ras.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	est := map[string]string{}
	for i := range as {
		r, err := eng.Assess(&as[i])
		if err != nil {
			t.Fatal(err)
		}
		est[as[i].Person.ID] = r.Weekly().StringFixed(2)
	}
	if res.money.Total.Compared == 0 || len(res.money.Persons) != cfg.n {
		t.Fatalf("money: %d persons, %d compared", len(res.money.Persons), res.money.Total.Compared)
	}
	for _, pm := range res.money.Persons[:50] {
		if pm.Estimate.StringFixed(2) != est[pm.PersonID] {
			t.Errorf("%s: estimate %s, engine says %s", pm.PersonID, pm.Estimate.StringFixed(2), est[pm.PersonID])
		}
	}
	if want := "planned " + ras.FormatMoney(res.money.Total.Planned, ""); !strings.Contains(md, want) {
		t.Errorf("report.md lacks %q", want)
	}
}

// TestWording: money in the one format and p-values never "p = 0" (issue
// #14 §3 item 7).
func TestWording(t *testing.T) {
	cfg := config{seed: 2, out: t.TempDir(), n: 3000}
	if _, err := run(io.Discard, cfg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(cfg.out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`p = 0\b[^.]|p = 0\.000`, `£\d{4}`, `-£`, `£\d+(,\d{3})*[^.,\d/]`, `\bNaN\b`} {
		if m := regexp.MustCompile(bad).FindString(string(b)); m != "" {
			t.Errorf("%q printed (%s)", m, bad)
		}
	}
	if !regexp.MustCompile(`Log-rank test across service types: χ² = [\d.]+ on \d+ df, p (< 0\.001|= 0\.\d{3})\.`).Match(b) {
		t.Errorf("the log-rank p-value is not in the one format")
	}
}

func TestFlags(t *testing.T) {
	var c config
	clitest.Check(t, "pathway-report", newFlags(&c, &bytes.Buffer{}), func(args []string, stderr *bytes.Buffer) error {
		_, err := parse(args, stderr)
		return err
	})
	for _, args := range [][]string{{"-n", "0"}, {"-out", ""}, {"extra"}} {
		if _, err := parse(args, &bytes.Buffer{}); err == nil {
			t.Errorf("parse(%q) accepted", args)
		}
	}
}

func TestRunBadN(t *testing.T) {
	if _, err := run(io.Discard, config{n: 0, out: t.TempDir()}); err == nil {
		t.Error("n = 0 accepted")
	}
}
