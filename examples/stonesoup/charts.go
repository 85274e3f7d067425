package main

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
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
	// With a CLD file: the pathway from CLD (the funnel with two councils
	// or more).
	chartCLDKM     = "cld_pathway_km.png"
	chartCLDFunnel = "cld_pathway_funnel.png"
)

// chartFiles lists every chart the report shows without a CLD file.
var chartFiles = []string{chartEstimate, chartWithin, chartMethods, chartChanges, chartCarers, chartChildren, chartKM, chartFunnel, chartEligibility}

// chartNames lists every chart the report shows.
func (r *results) chartNames() []string {
	var out []string
	for _, c := range r.chartList() {
		out = append(out, c.name)
	}
	return out
}

var palette = []color.RGBA{
	{R: 31, G: 119, B: 180, A: 255}, {R: 255, G: 127, B: 14, A: 255}, {R: 44, G: 160, B: 44, A: 255}, {R: 214, G: 39, B: 40, A: 255},
	{R: 148, G: 103, B: 189, A: 255}, {R: 140, G: 86, B: 75, A: 255}, {R: 227, G: 119, B: 194, A: 255}, {R: 127, G: 127, B: 127, A: 255},
}

// chartOut is a drawn chart: its finding in words (the alt text) and, when
// charts are drawn, its SVG for report.html.
type chartOut struct {
	Alt string
	SVG []byte
}

// chartSpec is one chart: its file, size and the function that draws it
// and states its main finding.
type chartSpec struct {
	name string
	w, h vg.Length // centimetres
	draw func() (*plot.Plot, string, error)
}

func (r *results) chartList() []chartSpec {
	list := []chartSpec{
		{chartEstimate, 16, 14, r.estimateChart},
		{chartWithin, 16, 11, r.withinChart},
		{chartMethods, 18, 11, r.methodsChart},
		{chartChanges, 18, 11, r.changesChart},
		{chartCarers, 20, 12, r.carersChart},
		{chartChildren, 20, 12, r.childrenChart},
		{chartKM, 20, 13, func() (*plot.Plot, string, error) { return kmChart(r.Pathway, nativeView) }},
		{chartFunnel, 18, 13, func() (*plot.Plot, string, error) { return funnelChart(r.Pathway, nativeView) }},
		{chartEligibility, 16, 14, r.eligibilityChart},
	}
	if n := r.National; n != nil && n.Pathway != nil && n.Pathway.Waits > 0 {
		list = append(list, chartSpec{chartCLDKM, 20, 13, func() (*plot.Plot, string, error) { return kmChart(n.Pathway, cldView) }})
		if len(n.Pathway.ByCouncil) >= 2 {
			list = append(list, chartSpec{chartCLDFunnel, 18, 13, func() (*plot.Plot, string, error) { return funnelChart(n.Pathway, cldView) }})
		}
	}
	return list
}

// charts draws every chart: into dir as PNG and into r.charts as SVG, with
// its finding. With render false only the findings are made (tests that do
// not look at the charts). A chart without data says so.
func (r *results) charts(dir string, render bool) error {
	list := r.chartList()
	outs := make([]chartOut, len(list))
	errs := make([]error, len(list))
	// Drawing and encoding are independent per chart: spread them over
	// the CPUs.
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers(r.o.Workers), len(list)) {
		wg.Go(func() {
			for i := range next {
				ch := list[i]
				p, alt, err := ch.draw()
				if err == nil && render {
					w, h := ch.w*vg.Centimeter, ch.h*vg.Centimeter
					if err = p.Save(w, h, filepath.Join(dir, ch.name)); err == nil {
						outs[i].SVG, err = svgOf(p, w, h)
					}
				}
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", ch.name, err)
				}
				outs[i].Alt = alt
			}
		})
	}
	for i := range list {
		next <- i
	}
	close(next)
	wg.Wait()
	r.figures = map[string]chartOut{}
	for i, ch := range list {
		r.figures[ch.name] = outs[i]
	}
	return errors.Join(errs...)
}

// svgOf draws p as an SVG document.
func svgOf(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func empty(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title + " (no data)"
	return p
}

// placeLegend puts the legend in the corner of the data area that holds
// the fewest of the points pts (in data coordinates), so that it does not
// hide the data; the axes' ranges must be set.
func placeLegend(p *plot.Plot, pts []plotter.XY) {
	xmin, xmax, ymin, ymax := p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
	best := -1
	for k := range 4 {
		top, left := k&1 == 1, k&2 == 2
		n := 0
		for _, q := range pts {
			fx, fy := (q.X-xmin)/(xmax-xmin), (q.Y-ymin)/(ymax-ymin)
			inX := (left && fx <= 0.45) || (!left && fx >= 0.55)
			inY := (top && fy >= 0.7) || (!top && fy <= 0.3)
			if inX && inY {
				n++
			}
		}
		if best < 0 || n < best {
			best = n
			p.Legend.Top, p.Legend.Left = top, left
		}
	}
	p.Legend.XOffs, p.Legend.YOffs = 0, 0
	if p.Legend.Left {
		p.Legend.XOffs = vg.Points(6)
	} else {
		p.Legend.XOffs = -vg.Points(6)
	}
	if p.Legend.Top {
		p.Legend.YOffs = -vg.Points(6)
	} else {
		p.Legend.YOffs = vg.Points(6)
	}
}

func (r *results) estimateChart() (*plot.Plot, string, error) {
	s := r.Estimate
	title := "RAS estimate against planned amount"
	if len(s.est) == 0 {
		return empty(title), "No assessment records a planned amount, so there is nothing to compare.", nil
	}
	stride := max(1, len(s.est)/scatterPoints)
	var xy plotter.XYs
	var top float64
	for i := 0; i < len(s.est); i += stride {
		xy = append(xy, plotter.XY{X: s.est[i], Y: s.plan[i]})
		top = max(top, s.est[i])
	}
	top = max(top, 1)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = fmt.Sprintf("RAS estimate, £ a week (a systematic sample of %s of %s)", report.Int(len(xy)), report.Int(len(s.est)))
	p.Y.Label.Text = "planned, £ a week"
	sc, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, "", err
	}
	sc.GlyphStyle.Radius = vg.Points(1.2)
	sc.GlyphStyle.Color = color.NRGBA{R: 30, G: 90, B: 160, A: 110}
	p.Add(sc)
	p.Legend.Add("an assessment", sc)
	for _, k := range []float64{1, 1 - tolerancePct/100.0, 1 + tolerancePct/100.0} {
		l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: top, Y: k * top}})
		if err != nil {
			return nil, "", err
		}
		l.Color = color.RGBA{R: 200, A: 255}
		l.Width = vg.Points(1.2)
		if k != 1 {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			if k < 1 {
				p.Legend.Add(fmt.Sprintf("±%d%% of the estimate", tolerancePct), l)
			}
		} else {
			p.Legend.Add("plan equals estimate", l)
		}
		p.Add(l)
	}
	p.X.Min, p.Y.Min = 0, 0
	p.X.Max = top
	p.Y.Max = math.Min(p.Y.Max, 3*top)
	placeLegend(p, xy)
	o := s.Overall
	alt := fmt.Sprintf("%s of plans lie within ±%d%% of the RAS estimate; the plans total %s a week against estimates of %s (planned/estimated %s), %s plans above the band and %s below.",
		report.Pct(o.WithinPct, 1), tolerancePct, report.Money(o.totalPlanned), report.Money(o.totalEstimate), report.Num(o.Ratio, 3), o.Above, o.Below)
	return p, alt, nil
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
	// Room above the bars for the legend.
	p.Legend.Top = true
	p.Legend.YOffs = -vg.Points(4)
	p.Y.Min, p.Y.Max = 0, math.Max(1, top*1.35)
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = draw.XRight
	return p, nil
}

func (r *results) withinChart() (*plot.Plot, string, error) {
	var names []string
	var v []float64
	for _, x := range append([]monitorRow{r.Estimate.Overall}, r.Estimate.ByCohort...) {
		if x.Suppressed || x.N.N == 0 {
			continue
		}
		names = append(names, orLabel(x.Label, "all"))
		v = append(v, x.WithinPct)
	}
	p, err := barChart(fmt.Sprintf("Plans within ±%d%% of the RAS estimate", tolerancePct), "% of plans", names, [][]float64{v}, nil)
	if err != nil || len(names) < 2 {
		return p, "No cohort has enough plans to compare.", err
	}
	lo, hi := 1, 1
	for i := 1; i < len(v); i++ {
		if v[i] < v[lo] {
			lo = i
		}
		if v[i] > v[hi] {
			hi = i
		}
	}
	alt := fmt.Sprintf("%s of all plans lie within ±%d%% of the estimate; by cohort, from %s in %s to %s in %s.",
		report.Pct(v[0], 1), tolerancePct, report.Pct(v[lo], 1), names[lo], report.Pct(v[hi], 1), names[hi])
	return p, alt, nil
}

func orLabel(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (r *results) methodsChart() (*plot.Plot, string, error) {
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
	p, err := barChart(fmt.Sprintf("Calibration methods, %d-fold CV: plans within the band of the prediction", r.Calibration.K), "% of plans", names, [][]float64{w10, w25}, []string{"within ±10%", "within ±25%"})
	if err != nil {
		return nil, "", err
	}
	best := 0
	for i := range w10 {
		if w10[i] > w10[best] {
			best = i
		}
	}
	var rmse string
	for _, m := range r.Calibration.Methods {
		if m.Name == r.Calibration.Best && !m.Subsample {
			rmse = report.Pounds(m.RMSE)
		}
	}
	alt := fmt.Sprintf("%s has the lowest cross-validated RMSE (%s a week); the most plans within ±10%% of the prediction: %s with %s.",
		r.Calibration.Best, rmse, names[best], report.Pct(w10[best], 1))
	return p, alt, nil
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
	p.Y.Label.Text = "number of cases"
	if hidden > 0 {
		p.Y.Label.Text += fmt.Sprintf(" (%s of 1–4 hidden)", report.Count(hidden, "bin", "bins"))
	}
	p.Add(h)
	return p, nil
}

func (r *results) changesChart() (*plot.Plot, string, error) {
	s := r.Calibration
	ch := s.changes
	lo, hi := -300.0, 300.0
	if len(ch) > 0 {
		c := slices.Clone(ch)
		slices.Sort(c)
		lo = math.Floor(c[len(c)/100]/10) * 10
		hi = math.Ceil(c[len(c)-1-len(c)/100]/10)*10 + 10
	}
	width := math.Max(5, math.Round((hi-lo)/60))
	p, err := histogram("Change in weekly amount: cost-neutral recalibrated model − current estimate", "change, £ a week (outermost 1% in the end bins)", ch, lo, hi, width, palette[0])
	if err != nil || len(s.Impact) == 0 {
		return p, "No costed assessments to compare.", err
	}
	o := s.Impact[0]
	alt := fmt.Sprintf("Against the current estimates, the cost-neutral recalibrated model gives %s cases more than %s a week and %s less; the median change is %s a week, the middle 80%% between %s and %s.",
		o.Gainers, report.Pounds(1), o.Losers, report.Pounds(o.Median), report.Pounds(o.P10), report.Pounds(o.P90))
	return p, alt, nil
}

func (r *results) carersChart() (*plot.Plot, string, error) {
	s := r.Carers
	v := s.perAdult
	hi := 100.0
	for _, x := range v {
		hi = math.Max(hi, x)
	}
	p, err := histogram("Weekly value of unpaid care per adult with a carer", "£ a week at the replacement cost (bins of £100, last bin open-ended)", v, 0, math.Min(6000, math.Ceil(hi/100)*100+100), 100, palette[0])
	if err != nil || len(v) == 0 {
		return p, "No adult with needs has a carer record, so there is no value of unpaid care to show.", err
	}
	p.Y.Label.Text = "number of adults" + p.Y.Label.Text[len("number of cases"):]
	for k, m := range []struct {
		name string
		v    float64
	}{{"mean", s.meanWith.InexactFloat64()}, {"median", s.medianWith.InexactFloat64()}} {
		l, err := plotter.NewLine(plotter.XYs{{X: m.v, Y: 0}, {X: m.v, Y: p.Y.Max}})
		if err != nil {
			return nil, "", err
		}
		l.Color = palette[(k+1)%len(palette)]
		l.Width = vg.Points(1.5)
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s %s", m.name, report.Pounds(m.v)), l)
	}
	// The distribution is skewed to the right: the top right is free.
	p.Legend.Top = true
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), -vg.Points(6)
	alt := fmt.Sprintf("Among the %s adults with needs who have a carer, unpaid care is worth a median %s a week (mean %s) at the replacement cost; the distribution has a long tail to the right.",
		report.Int(s.WithCarer), report.Money(s.medianWith), report.Money(s.meanWith))
	return p, alt, nil
}

// ageTicks marks every year of age and labels every second one.
type ageTicks struct{}

// Ticks returns the ticks between min and max.
func (ageTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for a := math.Ceil(min); a <= max; a++ {
		t := plot.Tick{Value: a}
		if int(a)%2 == 0 {
			t.Label = strconv.Itoa(int(a))
		}
		ts = append(ts, t)
	}
	return ts
}

func (r *results) childrenChart() (*plot.Plot, string, error) {
	s := r.Children
	title := "Independence in personal care by age: centiles"
	if s.published == nil {
		return empty(title), "No children's assessments.", nil
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "age, years"
	p.Y.Label.Text = fmt.Sprintf("%s total score (0–%g, higher is more independent)", s.Instrument, s.MaxTotal)
	p.X.Min, p.X.Max = 0, 18
	p.Y.Min, p.Y.Max = 0, s.MaxTotal
	p.X.Tick.Marker = ageTicks{}
	p.Add(plotter.NewGrid())
	var all []plotter.XY
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
			all = append(all, seg...)
			l, pts, err := plotter.NewLinePoints(seg)
			if err != nil {
				return nil, "", err
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
	placeLegend(p, all)
	alt := "Every age band is hidden by small-number suppression."
	var first, last, widest *centileRow
	for i := range s.Bands {
		b := &s.Bands[i]
		if b.Suppressed || len(b.Centiles) != len(centileProbs) || math.IsNaN(b.Centiles[2]) {
			continue
		}
		if first == nil {
			first = b
		}
		last = b
		if widest == nil || b.Centiles[4]-b.Centiles[0] > widest.Centiles[4]-widest.Centiles[0] {
			widest = b
		}
	}
	if first != nil {
		alt = fmt.Sprintf("The median total score of independence in personal care rises from %s at age %s to %s at age %s (of %g); the 10th to 90th centiles are furthest apart at age %s (%s to %s).",
			report.Num(first.Centiles[2], 0), first.Age, report.Num(last.Centiles[2], 0), last.Age, s.MaxTotal, widest.Age, report.Num(widest.Centiles[0], 0), report.Num(widest.Centiles[4], 0))
	}
	return p, alt, nil
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

func kmChart(s *pathwaySection, v pathwayView) (*plot.Plot, string, error) {
	title := "Waiting from assessment to service start (Kaplan–Meier)" + v.suffix
	if s.overallFit == nil {
		return empty(title), "No waits from assessment to service start.", nil
	}
	// The whole follow-up, to the next multiple of 30 days.
	tmax := math.Max(30, math.Ceil(s.FollowUp/30)*30)
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "days since the assessment was completed"
	p.Y.Label.Text = "share not yet started"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, tmax, 0, 1
	p.Add(plotter.NewGrid())
	k := 0
	var pts []plotter.XY
	fastest, slowest := -1, -1
	for i, g := range s.typeFits.Groups {
		f := s.typeFits.Fits[i]
		if g == groupAwaiting || f.N < disclosure.DefaultThreshold {
			continue
		}
		xy := stepXY(f, tmax)
		pts = append(pts, xy...)
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, "", err
		}
		l.Color = palette[k%len(palette)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (n = %s)", g, report.Int(f.N)), l)
		k++
		m := f.Median().Value
		if !math.IsNaN(m) {
			if fastest < 0 || m < s.typeFits.Fits[fastest].Median().Value {
				fastest = i
			}
			if slowest < 0 || m > s.typeFits.Fits[slowest].Median().Value {
				slowest = i
			}
		}
	}
	xy := stepXY(s.overallFit, tmax)
	pts = append(pts, xy...)
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, "", err
	}
	l.Color = color.RGBA{A: 255}
	l.Width = vg.Points(2.5)
	l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	p.Add(l)
	p.Legend.Add(fmt.Sprintf("all waits, censored (n = %s)", report.Int(s.overallFit.N)), l)
	tl, err := plotter.NewLine(plotter.XYs{{X: targetDays, Y: 0}, {X: targetDays, Y: 1}})
	if err != nil {
		return nil, "", err
	}
	tl.Color = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	tl.Width = vg.Points(1.2)
	tl.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
	p.Add(tl)
	p.Legend.Add(fmt.Sprintf("%d-day target", targetDays), tl)
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: []plotter.XY{{X: targetDays, Y: 0.03}}, Labels: []string{fmt.Sprintf(" %d-day target", targetDays)}})
	if err != nil {
		return nil, "", err
	}
	lab.TextStyle[0].XAlign = draw.XLeft
	p.Add(lab)
	placeLegend(p, pts)
	alt := fmt.Sprintf("Half of all people waiting from assessment to a service have started within %s days (Kaplan–Meier median); %s start within %d days.",
		days(s.Overall.Median), report.Share(s.Overall.WithinKM), targetDays)
	if fastest >= 0 && slowest != fastest {
		alt += fmt.Sprintf(" By type of service, the median is shortest for %s (%s days) and longest for %s (%s days).",
			s.typeFits.Groups[fastest], days(s.typeFits.Fits[fastest].Median().Value), s.typeFits.Groups[slowest], days(s.typeFits.Fits[slowest].Median().Value))
	}
	return p, alt, nil
}

func funnelChart(s *pathwaySection, v pathwayView) (*plot.Plot, string, error) {
	title := fmt.Sprintf("Share of waits within %d days by %s, with funnel limits", targetDays, v.group) + v.suffix
	if s.teams == nil || len(s.teams.Rows) == 0 {
		return empty(title), fmt.Sprintf("No %s to compare.", v.groups), nil
	}
	var pts plotter.XYs
	var labels []string
	var flagged []bool
	maxN := 1
	above, below := 0, 0
	for _, g := range s.teams.Rows {
		if g.Resolved < disclosure.DefaultThreshold || math.IsNaN(g.Share) {
			continue
		}
		pts = append(pts, plotter.XY{X: float64(g.Resolved), Y: g.Share})
		labels = append(labels, g.Group)
		maxN = max(maxN, g.Resolved)
		switch g.Flag {
		case pathway.Above998:
			above++
		case pathway.Below998:
			below++
		}
		flagged = append(flagged, g.Flag == pathway.Above998 || g.Flag == pathway.Below998)
	}
	// Many points (the councils of a national file): only those outside
	// the 99.8% limits are named, so that the names stay legible.
	if len(pts) > 20 {
		for i := range labels {
			if !flagged[i] {
				labels[i] = ""
			}
		}
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "resolved waits (completed, or censored beyond the target), number"
	p.Y.Label.Text = fmt.Sprintf("share started within %d days", targetDays)
	if len(pts) == 0 {
		return empty(title), fmt.Sprintf("No %s has enough resolved waits to compare.", v.group), nil
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
				return nil, "", err
			}
			xy = append(xy, plotter.XY{X: float64(n), Y: v})
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, "", err
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
		return nil, "", err
	}
	c.Color = palette[3]
	p.Add(c)
	p.Legend.Add(fmt.Sprintf("pooled %s", report.Share(s.teams.Target)), c)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, "", err
	}
	sc.GlyphStyle.Radius = vg.Points(3)
	sc.GlyphStyle.Color = palette[0]
	p.Add(sc)
	p.Legend.Add("a "+v.group, sc)
	lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return nil, "", err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].XAlign = draw.XLeft
	}
	lb.Offset = vg.Point{X: vg.Points(4)}
	p.Add(lb)
	// Show the teams, not the whole funnel: the limits are clipped.
	p.X.Min, p.X.Max = 0, top
	p.Y.Min, p.Y.Max = math.Max(0, lo-0.1), math.Min(1, hi+0.12)
	placeLegend(p, pts)
	alt := fmt.Sprintf("Of %s, %d lie above the 99.8%% funnel limits and %d below, around a pooled %s of waits started within %d days: the %s differ by more than chance would give.",
		report.Count(len(pts), v.group, v.groups), above, below, report.Share(s.teams.Target), targetDays, v.groups)
	if above+below == 0 {
		alt = fmt.Sprintf("All %s lie within the 99.8%% funnel limits around a pooled %s of waits started within %d days.", report.Count(len(pts), v.group, v.groups), report.Share(s.teams.Target), targetDays)
	}
	return p, alt, nil
}

func (r *results) eligibilityChart() (*plot.Plot, string, error) {
	title := "Eligibility predictions: observed against predicted (out of fold, deciles)"
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "mean predicted probability of being eligible"
	p.Y.Label.Text = "observed share eligible"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, "", err
	}
	diag.Color = color.RGBA{R: 150, G: 150, B: 150, A: 255}
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(diag)
	p.Legend.Add("perfect calibration", diag)
	var all []plotter.XY
	var alts []string
	for k, pr := range r.Eligibility.Predictions {
		var xy plotter.XYs
		for _, g := range pr.Deciles {
			if !math.IsNaN(g.ObservedRate) {
				xy = append(xy, plotter.XY{X: g.MeanPredicted, Y: g.ObservedRate})
			}
		}
		if len(xy) == 0 {
			continue
		}
		all = append(all, xy...)
		l, pts, err := plotter.NewLinePoints(xy)
		if err != nil {
			return nil, "", err
		}
		l.Color, pts.Color = palette[k], palette[k]
		p.Add(l, pts)
		p.Legend.Add(fmt.Sprintf("%s (AUC %s)", pr.Framework, report.Num(pr.AUC, 3)), l, pts)
		alts = append(alts, calibrationWords(&pr))
	}
	// The diagonal runs corner to corner: keep the legend off it too.
	for i := 0; i <= 20; i++ {
		all = append(all, plotter.XY{X: float64(i) / 20, Y: float64(i) / 20})
	}
	placeLegend(p, all)
	if len(alts) == 0 {
		return p, "No eligibility predictions could be made.", nil
	}
	return p, joinSentences(alts), nil
}
