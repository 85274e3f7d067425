// Children-independence generates a synthetic county's children's
// reassessments (package independence, keyed on ras/synth persons), draws
// centile curves of independence in personal care by age, and lists the
// children whose independence fell when it was expected to rise, with the
// reasons.
//
// It writes report.md and centiles.png into -out and a short summary to
// standard output. Published tables go through small-number suppression
// (package ras/disclosure); children are named by pseudonymous id only.
//
//	go run ./examples/children-independence
//	go run ./examples/children-independence -seed 7 -n 100000 -out out/children-100000
package main

import (
	"bufio"
	"cmp"
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

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

func main() {
	cfg, err := parse(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "children-independence:", err)
		os.Exit(2)
	}
	if err := runWith(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "children-independence:", err)
		os.Exit(1)
	}
}

// config holds the command-line settings.
type config struct {
	seed      uint64
	n         int
	out       string
	threshold int
}

// newFlags returns the command line's flags, writing into c (defaults set).
func newFlags(c *config, stderr io.Writer) *flag.FlagSet {
	*c = config{seed: 1, n: 40000, out: filepath.Join("out", "children-independence"), threshold: disclosure.DefaultThreshold}
	fs := flag.NewFlagSet("children-independence", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: go run ./examples/children-independence [flags]\n\n"+
			"Draws centile curves of children's independence in personal care by age and lists the children whose independence fell; writes report.md and centiles.png into -out.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.Uint64Var(&c.seed, "seed", c.seed, "seed of the synthetic county (reproducible runs)")
	fs.IntVar(&c.n, "n", c.n, "number of ras/synth persons (about one in ten is a child)")
	fs.StringVar(&c.out, "out", c.out, "output folder for report.md and centiles.png")
	fs.IntVar(&c.threshold, "threshold", c.threshold, "small-number suppression threshold")
	return fs
}

// parse reads the command line; usage and errors of the flags go to stderr.
func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := newFlags(&c, stderr)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.n < 1 || c.n > 10_000_000 {
		return c, fmt.Errorf("-n %d: want 1 to 10,000,000 persons", c.n)
	}
	if c.threshold < 1 {
		return c, fmt.Errorf("-threshold %d: want at least 1", c.threshold)
	}
	if strings.TrimSpace(c.out) == "" {
		return c, errors.New("-out must not be empty")
	}
	return c, nil
}

// centileProbs are the centile curves drawn.
var centileProbs = []float64{0.10, 0.25, 0.50, 0.75, 0.90}

// rule flags a fall of at least two points of the 0–15 total before 18;
// single items moving down a level are listed as reasons but do not flag
// on their own (ratings fluctuate by a level).
var rule = independence.DeclineRule{MinTotalDrop: 2, ItemsExplainOnly: true}

// results are the figures the report and summary are made from.
type results struct {
	cfg          config
	in           *independence.Instrument
	series       []independence.ChildSeries
	scores       []independence.Score
	centiles     *independence.PublishedCentiles
	hygiene      *independence.PublishedTransitions
	bands        *independence.PublishedTransitions
	traj         []independence.Trajectory
	medianChange float64
	nTraj        int
	spearman     independence.SpearmanResult
	trend        independence.MannKendallResult
	trendOK      bool
	flags        []independence.Flag
	flaggedKids  int
	truthHits    int // flagged children the generator gave a decline
	truthDecl    int // children with two or more assessments given a decline
	elapsed      time.Duration
}

// run parses args and runs the analysis.
func run(args []string, stdout io.Writer) error {
	cfg, err := parse(args, io.Discard)
	if err != nil {
		return err
	}
	return runWith(cfg, stdout)
}

// runWith runs the analysis with cfg.
func runWith(cfg config, stdout io.Writer) error {
	t0 := time.Now()
	r, err := analyse(cfg)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	if err := drawCentiles(r, filepath.Join(cfg.out, "centiles.png")); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(cfg.out, "report.md"))
	if err != nil {
		return err
	}
	r.elapsed = time.Since(t0)
	if err := writeReport(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return summary(stdout, r)
}

func analyse(cfg config) (*results, error) {
	r := &results{cfg: cfg}
	var err error
	if r.in, err = independence.Builtin("personal-care-4"); err != nil {
		return nil, err
	}
	if r.series, err = independence.SynthChildren(cfg.seed, cfg.n, independence.SynthChildOptions{Instrument: r.in}); err != nil {
		return nil, err
	}
	if len(r.series) == 0 {
		return nil, fmt.Errorf("no children among %d persons: raise -n", cfg.n)
	}
	if r.scores, err = r.in.ScoreAll(independence.ChildAssessments(r.series)); err != nil {
		return nil, err
	}
	dopt := disclosure.Options{Threshold: cfg.threshold}

	// Centiles by year of age, suppressed.
	ageBands, err := independence.YearBands(0, 18, 1)
	if err != nil {
		return nil, err
	}
	if r.centiles, err = independence.PublishScoreCentiles(r.scores, ageBands, independence.CentileOptions{Probs: centileProbs}, dopt); err != nil {
		return nil, err
	}

	// Trajectories, trend with age.
	if r.traj, err = independence.Trajectories(r.scores, independence.TrajectoryOptions{}); err != nil {
		return nil, err
	}
	var changes []float64
	for _, t := range r.traj {
		if t.Defined {
			changes = append(changes, t.ChangePerYear)
		}
	}
	r.nTraj = len(changes)
	r.medianChange = math.NaN()
	if len(changes) > 0 {
		slices.Sort(changes)
		r.medianChange = median(changes)
	}
	ages := make([]float64, len(r.scores))
	tot := make([]float64, len(r.scores))
	for i, s := range r.scores {
		ages[i], tot[i] = s.AgeYears, s.Total
	}
	if len(r.scores) >= 3 {
		if r.spearman, err = independence.Spearman(ages, tot); err != nil {
			return nil, err
		}
	}
	// Mann–Kendall of the published band medians against age.
	var mid, med []float64
	for _, b := range r.centiles.Bands {
		if !b.Suppressed && b.N > 0 {
			mid = append(mid, (b.Band.Min+b.Band.Max)/2)
			med = append(med, b.Centiles[2])
		}
	}
	if mk, err := independence.MannKendall(mid, med); err == nil {
		r.trend, r.trendOK = mk, true
	}

	// Transitions: hygiene levels, and bands of the total.
	ht, err := independence.ItemTransitions(r.in, "hygiene", r.scores)
	if err != nil {
		return nil, err
	}
	if r.hygiene, err = ht.Suppress(dopt); err != nil {
		return nil, err
	}
	banded, err := r.in.WithBands([]independence.Band{{Label: "0–5", Min: 0, Max: 5}, {Label: "6–10", Min: 6, Max: 10}, {Label: "11–15", Min: 11, Max: 15}})
	if err != nil {
		return nil, err
	}
	bt, err := independence.BandTransitions(banded, r.scores)
	if err != nil {
		return nil, err
	}
	if r.bands, err = bt.Suppress(dopt); err != nil {
		return nil, err
	}

	// Flags.
	if r.flags, err = independence.FlagDeclines(r.in, r.scores, rule); err != nil {
		return nil, err
	}
	flagged := map[string]bool{}
	for _, f := range r.flags {
		flagged[f.PersonID] = true
	}
	r.flaggedKids = len(flagged)
	for _, s := range r.series {
		if s.DeclineAt >= 0 {
			r.truthDecl++
			if flagged[s.PersonID] {
				r.truthHits++
			}
		}
	}
	return r, nil
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// drawCentiles draws one line per centile against the middle of each age
// band. Suppressed and empty bands leave a gap.
func drawCentiles(r *results, path string) error {
	p := plot.New()
	p.Title.Text = "Independence in personal care by age (synthetic county)"
	p.X.Label.Text = "Age (years)"
	p.Y.Label.Text = fmt.Sprintf("personal-care-4 total (0–%v)", r.in.MaxTotal())
	p.X.Min, p.X.Max = 0, 18
	p.Y.Min, p.Y.Max = r.in.MinTotal(), r.in.MaxTotal()
	var ticks []plot.Tick
	for a := 0; a <= 18; a++ {
		t := plot.Tick{Value: float64(a)}
		if a%2 == 0 {
			t.Label = fmt.Sprint(a)
		}
		ticks = append(ticks, t)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	p.Legend.Left = true
	colours := []color.RGBA{{0x9e, 0xca, 0xe1, 0xff}, {0x42, 0x92, 0xc6, 0xff}, {0x08, 0x30, 0x6b, 0xff}, {0x42, 0x92, 0xc6, 0xff}, {0x9e, 0xca, 0xe1, 0xff}}
	for k, q := range centileProbs {
		var segs []plotter.XYs
		var cur plotter.XYs
		for _, b := range r.centiles.Bands {
			if b.Suppressed || b.N == 0 {
				if len(cur) > 0 {
					segs = append(segs, cur)
					cur = nil
				}
				continue
			}
			cur = append(cur, plotter.XY{X: (b.Band.Min + b.Band.Max) / 2, Y: b.Centiles[k]})
		}
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
		for s, seg := range segs {
			l, pts, err := plotter.NewLinePoints(seg)
			if err != nil {
				return err
			}
			l.Color = colours[k]
			l.Width = vg.Points(1.5)
			if q == 0.5 {
				l.Width = vg.Points(2.5)
			}
			if q < 0.25 || q > 0.75 {
				l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
			pts.Color = colours[k]
			pts.Radius = vg.Points(2)
			p.Add(l, pts)
			if s == 0 {
				p.Legend.Add(fmt.Sprintf("%gth centile", 100*q), l, pts)
			}
		}
	}
	return p.Save(8*vg.Inch, 5*vg.Inch, path)
}

func writeReport(w io.Writer, r *results) error {
	bw := bufio.NewWriter(w)
	c := r.cfg
	fmt.Fprintf(bw, "# Children's independence in personal care\n\n")
	fmt.Fprintf(bw, "Synthetic county: seed %d, %d ras/synth persons, of whom %d are children, with %d reassessments "+
		"rated on `personal-care-4` (five Care Act personal-care activities, each 0 = needs full help to 3 = independent; total 0–15).\n\n",
		c.seed, c.n, len(r.series), len(r.scores))

	fmt.Fprintf(bw, "## Centile curves by age\n\n![Centiles of the personal-care total by year of age](centiles.png)\n\n")
	fmt.Fprintf(bw, "Empirical centiles (R type 7) of the total by year of age; each line joins the band middles. "+
		"Bands with fewer than %d children are left out of the chart and hidden below.\n\n", r.centiles.Options.Threshold)
	if err := r.centiles.WriteMarkdown(bw, 1); err != nil {
		return err
	}

	fmt.Fprintf(bw, "\n## Change with age\n\n")
	fmt.Fprintf(bw, "- Spearman correlation of the total with age over all reassessments: ρ = %.3f (n = %s, %s).\n",
		r.spearman.Rho, report.Int(r.spearman.N), report.PValue(r.spearman.PValue))
	if r.trendOK {
		fmt.Fprintf(bw, "- Mann–Kendall trend of the published band medians against age: τ_b = %.3f, %s; Sen's slope %.2f points a year.\n",
			r.trend.TauB, report.PValue(r.trend.PValue), r.trend.SensSlope)
	}
	fmt.Fprintf(bw, "- %d children have two or more reassessments; their median change (least-squares slope) is %.2f points a year.\n",
		r.nTraj, r.medianChange)

	fmt.Fprintf(bw, "\n## Transitions between levels\n\n### Keeping clean (hygiene), level at one reassessment to the next\n\n")
	if err := r.hygiene.WriteMarkdown(bw); err != nil {
		return err
	}
	fmt.Fprintf(bw, "\n### Bands of the total (0–5, 6–10, 11–15)\n\n")
	if err := r.bands.WriteMarkdown(bw); err != nil {
		return err
	}

	fmt.Fprintf(bw, "\n## Children flagged\n\n")
	fmt.Fprintf(bw, "A child is flagged when their total fell by at least %v points between consecutive reassessments before age 18, "+
		"when independence would be expected to rise; the activities that fell are listed with it. "+
		"Flags are information for a practitioner, not decisions. Children are named by pseudonymous id only.\n\n", rule.MinTotalDrop)
	fmt.Fprintf(bw, "%d falls in %d children.\n\n", len(r.flags), r.flaggedKids)
	if len(r.flags) > 0 {
		fl := slices.Clone(r.flags)
		slices.SortStableFunc(fl, func(a, b independence.Flag) int {
			return cmp.Or(cmp.Compare(a.TotalTo-a.TotalFrom, b.TotalTo-b.TotalFrom), strings.Compare(a.PersonID, b.PersonID))
		})
		fmt.Fprintf(bw, "| Child | From | To | Age | Total | Reasons |\n|---|---|---|---|---|---|\n")
		for _, f := range fl {
			fmt.Fprintf(bw, "| %s | %s | %s | %.1f → %.1f | %v → %v | %s |\n", f.PersonID, f.From.Format(time.DateOnly), f.To.Format(time.DateOnly),
				f.AgeFrom, f.AgeTo, f.TotalFrom, f.TotalTo, strings.ReplaceAll(strings.Join(f.Reasons, "; "), "|", "/"))
		}
	}

	fmt.Fprintf(bw, "\n## Method\n\n")
	fmt.Fprintf(bw, "- Data: `independence.SynthChildren` — each child of ras/synth has 1–5 yearly reassessments ending on their ras/synth assessment date; "+
		"independence follows a logistic curve in age whose half-way age rises and whose plateau falls with the child's latent severity; "+
		"about one child in ten with two or more reassessments is given a decline (a worsening condition).\n")
	fmt.Fprintf(bw, "- Check against the synthetic truth: %d of the %d children given a decline are flagged (%s).\n",
		r.truthHits, r.truthDecl, pct(r.truthHits, r.truthDecl))
	fmt.Fprintf(bw, "- Suppression: `ras/disclosure`, threshold %d. Counts of children per age band and every count of the transition matrices, with their totals, "+
		"are suppressed; centiles of bands with fewer than %d children are hidden. Individual scores are not plotted.\n",
		r.centiles.Options.Threshold, r.centiles.Options.Threshold)
	fmt.Fprintf(bw, "- Run time %.2f s.\n", r.elapsed.Seconds())
	return bw.Flush()
}

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(a)/float64(b))
}

func summary(w io.Writer, r *results) error {
	var med []string
	for _, b := range r.centiles.Bands {
		if b.Band.Min == 2 || b.Band.Min == 6 || b.Band.Min == 10 || b.Band.Min == 14 {
			if b.Suppressed || b.N == 0 {
				med = append(med, fmt.Sprintf("%s: %s", b.Band.Label, r.centiles.Options.PrimaryMark))
			} else {
				med = append(med, fmt.Sprintf("%s: %.1f", b.Band.Label, b.Centiles[2]))
			}
		}
	}
	_, err := fmt.Fprintf(w, "children-independence: seed %d, %d persons, %d children, %d reassessments\n"+
		"median personal-care total by age %s\n"+
		"Spearman rho(age, total) = %.3f; median change %.2f points a year (%d children)\n"+
		"flagged: %d falls in %d children (%d of %d synthetic declines)\n"+
		"wrote %s and %s in %.2f s\n",
		r.cfg.seed, r.cfg.n, len(r.series), len(r.scores), strings.Join(med, ", "),
		r.spearman.Rho, r.medianChange, r.nTraj, len(r.flags), r.flaggedKids, r.truthHits, r.truthDecl,
		filepath.Join(r.cfg.out, "report.md"), filepath.Join(r.cfg.out, "centiles.png"), r.elapsed.Seconds())
	return err
}
