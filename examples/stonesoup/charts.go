package main

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Chart files.
const (
	chartEstimate    = "estimate_vs_plan.png"
	chartWithin      = "within_tolerance_by_cohort.png"
	chartMethods     = "calibration_methods.png"
	chartChanges     = "cost_neutral_changes.png"
	chartCarers      = "carers_value.png"
	chartChildren    = "children_centiles.png"
	chartKM          = "pathway_km.png"
	chartFunnel      = "pathway_funnel.png"
	chartEligibility = "eligibility_calibration.png"
)

// chartFiles lists every chart the report links.
var chartFiles = []string{chartEstimate, chartWithin, chartMethods, chartChanges, chartCarers, chartChildren, chartKM, chartFunnel, chartEligibility}

var palette = []color.RGBA{
	{R: 31, G: 119, B: 180, A: 255}, {R: 255, G: 127, B: 14, A: 255}, {R: 44, G: 160, B: 44, A: 255}, {R: 214, G: 39, B: 40, A: 255},
	{R: 148, G: 103, B: 189, A: 255}, {R: 140, G: 86, B: 75, A: 255}, {R: 227, G: 119, B: 194, A: 255}, {R: 127, G: 127, B: 127, A: 255},
}

// charts draws every chart into dir. A chart without data shows a note.
func (r *results) charts(dir string) error {
	type chart struct {
		name string
		w, h vg.Length
		draw func() (*plot.Plot, error)
	}
	list := []chart{
		{chartEstimate, 16, 14, r.estimateChart},
		{chartWithin, 16, 11, r.withinChart},
		{chartMethods, 18, 11, r.methodsChart},
		{chartChanges, 18, 11, r.changesChart},
		{chartCarers, 20, 12, r.carersChart},
		{chartChildren, 20, 12, r.childrenChart},
		{chartKM, 20, 13, r.kmChart},
		{chartFunnel, 18, 13, r.funnelChart},
		{chartEligibility, 16, 14, r.eligibilityChart},
	}
	// Drawing and PNG encoding are independent per chart: spread them over
	// the CPUs.
	errs := make([]error, len(list))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers(r.o.Workers), len(list)) {
		wg.Go(func() {
			for i := range next {
				ch := list[i]
				p, err := ch.draw()
				if err == nil {
					err = p.Save(ch.w*vg.Centimeter, ch.h*vg.Centimeter, filepath.Join(dir, ch.name))
				}
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", ch.name, err)
				}
			}
		})
	}
	for i := range list {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

func empty(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title + " (no data)"
	return p
}

func (r *results) estimateChart() (*plot.Plot, error) {
	s := r.Estimate
	title := "RAS estimate against planned amount (weekly £)"
	if len(s.est) == 0 {
		return empty(title), nil
	}
	stride := max(1, len(s.est)/scatterPoints)
	var xy plotter.XYs
	var top float64
	for i := 0; i < len(s.est); i += stride {
		xy = append(xy, plotter.XY{X: s.est[i], Y: s.plan[i]})
		top = max(top, s.est[i])
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = fmt.Sprintf("RAS estimate (a systematic sample of %d of %d)", len(xy), len(s.est))
	p.Y.Label.Text = "planned"
	sc, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle.Radius = vg.Points(1.2)
	sc.GlyphStyle.Color = color.NRGBA{R: 30, G: 90, B: 160, A: 110}
	p.Add(sc)
	for _, k := range []float64{1, 1 - tolerancePct/100.0, 1 + tolerancePct/100.0} {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: top, Y: k * top}})
		if err != nil {
			return nil, err
		}
		l.Color = color.RGBA{R: 200, A: 255}
		if k != 1 {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
	}
	p.Legend.Add(fmt.Sprintf("equal, and ±%d%%", tolerancePct))
	p.Y.Max = math.Min(p.Y.Max, 3*top)
	return p, nil
}

func barChart(title, ylabel string, names []string, series [][]float64, labels []string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = ylabel
	if len(names) == 0 {
		return empty(title), nil
	}
	w := vg.Points(36 / float64(len(series)))
	top := 0.0
	for k, vals := range series {
		for _, v := range vals {
			top = math.Max(top, v)
		}
		b, err := plotter.NewBarChart(plotter.Values(vals), w)
		if err != nil {
			return nil, err
		}
		b.Color = palette[k%len(palette)]
		b.Offset = w * vg.Length(float64(k)-float64(len(series)-1)/2)
		p.Add(b)
		if k < len(labels) {
			p.Legend.Add(labels[k], b)
		}
	}
	p.Legend.Top = true
	p.Y.Min, p.Y.Max = 0, math.Max(1, top*1.3) // room for the legend
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	return p, nil
}

func (r *results) withinChart() (*plot.Plot, error) {
	var names []string
	var v []float64
	for _, x := range append([]monitorRow{r.Estimate.Overall}, r.Estimate.ByCohort...) {
		if x.Suppressed || x.N == 0 {
			continue
		}
		names = append(names, orLabel(x.Label, "all"))
		v = append(v, x.WithinPct)
	}
	return barChart(fmt.Sprintf("Plans within ±%d%% of the RAS estimate", tolerancePct), "%", names, [][]float64{v}, nil)
}

func orLabel(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (r *results) methodsChart() (*plot.Plot, error) {
	var names []string
	var w10, w25 []float64
	for _, m := range r.Calibration.Methods {
		if m.Err != "" {
			continue
		}
		n := m.Name
		if m.Subsample {
			n += " (sub)"
		}
		names = append(names, n)
		w10, w25 = append(w10, m.Within10), append(w25, m.Within25)
	}
	return barChart(fmt.Sprintf("Calibration methods, %d-fold CV: plans within the band of the prediction", r.Calibration.K), "% of cases", names, [][]float64{w10, w25}, []string{"±10%", "±25%"})
}

// histogram draws counts of values in bins of width w from lo (values
// outside go to the end bins); bins with 1 to 4 values are drawn empty
// (suppressed).
func histogram(title, xlabel string, vals []float64, lo, hi, width float64, col color.RGBA) (*plot.Plot, error) {
	if len(vals) == 0 {
		return empty(title), nil
	}
	nb := int(math.Ceil((hi - lo) / width))
	counts := make([]int, nb)
	for _, v := range vals {
		b := int(math.Floor((v - lo) / width))
		counts[min(max(b, 0), nb-1)]++
	}
	sup, err := disclosure.SuppressList(counts, disclosure.Options{WithoutTotals: true})
	if err != nil {
		return nil, err
	}
	h := &plotter.Histogram{Width: width, FillColor: col}
	h.LineStyle.Width = vg.Points(0.4)
	hidden := 0
	for b, n := range counts {
		if sup.Hidden(b) {
			n = 0
			hidden++
		}
		h.Bins = append(h.Bins, plotter.HistogramBin{Min: lo + float64(b)*width, Max: lo + float64(b+1)*width, Weight: float64(n)})
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = "count"
	if hidden > 0 {
		p.Y.Label.Text += fmt.Sprintf(" (%d bins of 1–4 hidden)", hidden)
	}
	p.Add(h)
	return p, nil
}

func (r *results) changesChart() (*plot.Plot, error) {
	ch := r.Calibration.changes
	lo, hi := -300.0, 300.0
	if len(ch) > 0 {
		s := slices.Clone(ch)
		slices.Sort(s)
		lo = math.Floor(s[len(s)/100]/10) * 10
		hi = math.Ceil(s[len(s)-1-len(s)/100]/10)*10 + 10
	}
	width := math.Max(5, math.Round((hi-lo)/60))
	return histogram("Change in weekly amount: cost-neutral recalibrated model − current estimate", "£ a week (outermost 1% in the end bins)", ch, lo, hi, width, palette[0])
}

func (r *results) carersChart() (*plot.Plot, error) {
	v := r.Carers.perAdult
	hi := 100.0
	for _, x := range v {
		hi = math.Max(hi, x)
	}
	p, err := histogram("Weekly value of unpaid care per adult with a carer", "£ a week at the replacement cost (bins of £100, last bin open-ended)", v, 0, math.Min(6000, math.Ceil(hi/100)*100+100), 100, palette[0])
	if err != nil || len(v) == 0 {
		return p, err
	}
	for k, m := range []struct {
		name, v string
	}{{"mean", r.Carers.MeanWithCarer}, {"median", r.Carers.MedianWithCarer}} {
		var x float64
		fmt.Sscan(m.v, &x)
		_, ymax := p.Y.Min, p.Y.Max
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: ymax}})
		if err != nil {
			return nil, err
		}
		l.Color = palette[(k+1)%len(palette)]
		l.Width = vg.Points(1.5)
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s £%s", m.name, m.v), l)
	}
	p.Legend.Top = true
	return p, nil
}

func (r *results) childrenChart() (*plot.Plot, error) {
	s := r.Children
	title := "Independence in personal care by age: centiles"
	if s.published == nil {
		return empty(title), nil
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "age (years)"
	p.Y.Label.Text = fmt.Sprintf("%s total (0–%g, higher is more independent)", s.Instrument, s.MaxTotal)
	p.X.Min, p.X.Max = 0, 18
	p.Y.Min, p.Y.Max = 0, s.MaxTotal
	p.Add(plotter.NewGrid())
	p.Legend.Top, p.Legend.Left = true, true
	for k, q := range centileProbs {
		var segs []plotter.XYs
		var cur plotter.XYs
		for _, b := range s.published.Bands {
			if b.Suppressed || b.N == 0 {
				if len(cur) > 0 {
					segs, cur = append(segs, cur), nil
				}
				continue
			}
			cur = append(cur, plotter.XY{X: (b.Band.Min + b.Band.Max) / 2, Y: b.Centiles[k]})
		}
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
		for i, seg := range segs {
			l, pts, err := plotter.NewLinePoints(seg)
			if err != nil {
				return nil, err
			}
			l.Color, pts.Color = palette[k], palette[k]
			l.Width = vg.Points(1.5)
			if q == 0.5 {
				l.Width = vg.Points(2.5)
			}
			pts.Radius = vg.Points(2)
			p.Add(l, pts)
			if i == 0 {
				p.Legend.Add(fmt.Sprintf("%gth centile", 100*q), l, pts)
			}
		}
	}
	return p, nil
}

// stepXY draws a Kaplan–Meier curve as steps, up to tmax days.
func stepXY(f *pathway.KMFit, tmax float64) plotter.XYs {
	xy := plotter.XYs{{X: 0, Y: 1}}
	prev := 1.0
	for i, t := range f.Time {
		if t > tmax {
			break
		}
		xy = append(xy, plotter.XY{X: t, Y: prev}, plotter.XY{X: t, Y: f.Surv[i]})
		prev = f.Surv[i]
	}
	return append(xy, plotter.XY{X: tmax, Y: prev})
}

func (r *results) kmChart() (*plot.Plot, error) {
	s := r.Pathway
	title := "Waiting from assessment to service start (Kaplan–Meier)"
	if s.overallFit == nil {
		return empty(title), nil
	}
	const tmax = 180
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "days since the assessment was completed"
	p.Y.Label.Text = "share not yet started"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, tmax, 0, 1
	p.Add(plotter.NewGrid())
	k := 0
	for i, g := range s.typeFits.Groups {
		if g == groupAwaiting || s.typeFits.Fits[i].N < disclosure.DefaultThreshold {
			continue
		}
		l, err := plotter.NewLine(stepXY(s.typeFits.Fits[i], tmax))
		if err != nil {
			return nil, err
		}
		l.Color = palette[k%len(palette)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (n = %d)", g, s.typeFits.Fits[i].N), l)
		k++
	}
	l, err := plotter.NewLine(stepXY(s.overallFit, tmax))
	if err != nil {
		return nil, err
	}
	l.Color = color.RGBA{A: 255}
	l.Width = vg.Points(2.5)
	l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	p.Add(l)
	p.Legend.Add(fmt.Sprintf("all waits, censored (n = %d)", s.overallFit.N), l)
	tl, err := plotter.NewLine(plotter.XYs{{X: targetDays, Y: 0}, {X: targetDays, Y: 1}})
	if err != nil {
		return nil, err
	}
	tl.Color = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	p.Add(tl)
	p.Legend.Top = true
	return p, nil
}

func (r *results) funnelChart() (*plot.Plot, error) {
	s := r.Pathway
	title := fmt.Sprintf("Share of waits within %d days by team, with funnel limits", targetDays)
	if s.teams == nil || len(s.teams.Rows) == 0 {
		return empty(title), nil
	}
	var pts plotter.XYs
	var labels []string
	maxN := 1
	for _, g := range s.teams.Rows {
		if g.Resolved < disclosure.DefaultThreshold || math.IsNaN(g.Share) {
			continue
		}
		pts = append(pts, plotter.XY{X: float64(g.Resolved), Y: g.Share})
		labels = append(labels, g.Group)
		maxN = max(maxN, g.Resolved)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "resolved waits (completed, or censored beyond the target)"
	p.Y.Label.Text = "share within target"
	if len(pts) == 0 {
		return empty(title), nil
	}
	top := float64(maxN) * 1.15
	lo, hi := 1.0, 0.0
	for _, q := range pts {
		lo, hi = math.Min(lo, q.Y), math.Max(hi, q.Y)
	}
	for _, lim := range []struct {
		p      float64
		dashed bool
	}{{0.025, true}, {0.975, true}, {0.001, false}, {0.999, false}} {
		var xy plotter.XYs
		for i := 0; i <= 200; i++ {
			n := max(1, int(math.Round(float64(i)/200*top)))
			v, err := pathway.FunnelLimit(n, s.teams.Target, lim.p)
			if err != nil {
				return nil, err
			}
			xy = append(xy, plotter.XY{X: float64(n), Y: v})
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color = color.RGBA{R: 120, G: 120, B: 120, A: 255}
		if lim.dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		if lim.p == 0.025 {
			p.Legend.Add("95% limits", l)
		}
		if lim.p == 0.001 {
			p.Legend.Add("99.8% limits", l)
		}
	}
	c, err := plotter.NewLine(plotter.XYs{{X: 0, Y: s.teams.Target}, {X: top, Y: s.teams.Target}})
	if err != nil {
		return nil, err
	}
	c.Color = palette[3]
	p.Add(c)
	p.Legend.Add(fmt.Sprintf("pooled %.1f%%", 100*s.teams.Target), c)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyle.Radius = vg.Points(3)
	sc.GlyphStyle.Color = palette[0]
	p.Add(sc)
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return nil, err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].XAlign = draw.XLeft
	}
	lb.Offset = vg.Point{X: vg.Points(4)}
	p.Add(lb)
	p.Legend.Top = true
	p.Legend.Left = true
	// Show the teams, not the whole funnel: the limits are clipped.
	p.Y.Min, p.Y.Max = math.Max(0, lo-0.1), math.Min(1, hi+0.12)
	return p, nil
}

func (r *results) eligibilityChart() (*plot.Plot, error) {
	title := "Eligibility predictions: observed against predicted (out of fold, deciles)"
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "mean predicted probability"
	p.Y.Label.Text = "observed share eligible"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diag.Color = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	p.Add(diag)
	for k, pr := range r.Eligibility.Predictions {
		var xy plotter.XYs
		for _, g := range pr.Deciles {
			if !g.Hidden && !math.IsNaN(g.ObservedRate) {
				xy = append(xy, plotter.XY{X: g.MeanPredicted, Y: g.ObservedRate})
			}
		}
		if len(xy) == 0 {
			continue
		}
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, err
		}
		l.Color, pts.Color = palette[k], palette[k]
		p.Add(l, pts)
		p.Legend.Add(fmt.Sprintf("%s (AUC %.3f)", pr.Framework, pr.AUC), l, pts)
	}
	p.Legend.Top, p.Legend.Left = true, true
	return p, nil
}
