package calibrate

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func TestMonitorByHand(t *testing.T) {
	day := func(s string) ras.Date {
		d, err := ras.ParseDate(s)
		mustNo(t, err)
		return d
	}
	dec := decimal.RequireFromString
	recs := []MonitorRecord{
		{ID: "a", Date: day("2024-01-10"), Estimate: dec("100"), Planned: dec("105"), Group: "x"},    // +5%: within
		{ID: "b", Date: day("2024-01-20"), Estimate: dec("200"), Planned: dec("240"), Group: "x"},    // +20%: above
		{ID: "c", Date: day("2024-02-05"), Estimate: dec("100"), Planned: dec("110"), Group: "y"},    // +10%: within (boundary)
		{ID: "d", Date: day("2024-04-01"), Estimate: dec("50"), Planned: dec("40"), Group: "y"},      // −20%: below
		{ID: "e", Date: day("2024-04-30"), Estimate: dec("0"), Planned: dec("10"), Group: "y"},       // no percentage
		{ID: "f", Date: day("2024-04-30"), Estimate: dec("100"), Planned: dec("100.01"), Group: "y"}, // within
	}
	rep, err := Monitor(recs, MonitorOptions{})
	mustNo(t, err)
	within := []bool{true, false, true, false, false, true}
	for i, c := range rep.Cases {
		equal(t, within[i], c.Within, c.ID)
	}
	equal(t, true, rep.Cases[1].Above)
	equal(t, true, rep.Cases[3].Below)
	equal(t, true, math.IsNaN(rep.Cases[4].Pct))
	equal(t, []string{"2024-01", "2024-02", "2024-04"}, []string{rep.Periods[0].Label, rep.Periods[1].Label, rep.Periods[2].Label})
	o := rep.Overall
	equal(t, "605.01", o.TotalPlanned.String())
	equal(t, "550", o.TotalEstimate.String())
	inDelta(t, 50, o.WithinPct, 1e-12)
	equal(t, 2, o.Above) // b, and e (estimate 0, plan 10)
	equal(t, 1, o.Below) // d
	// Percentages 5, 20, 10, −20, 0.01: mean 3.002, median 5.
	inDelta(t, 3.002, o.MeanPct, 1e-12)
	inDelta(t, 5, o.MedianPct, 1e-12)
	// Drift: slope of pct on months since January (0, 0, 1, 3, 3):
	// x̄ = 1.4, ȳ = 3.002; Sxy = Σ(x−x̄)(y−ȳ), Sxx = Σ(x−x̄)².
	x := []float64{0, 0, 1, 3, 3}
	y := []float64{5, 20, 10, -20, 0.01}
	var sxy, sxx float64
	for i := range x {
		sxy += (x[i] - 1.4) * (y[i] - 3.002)
		sxx += (x[i] - 1.4) * (x[i] - 1.4)
	}
	if rep.Drift == nil {
		t.Fatal("no drift with three periods")
	}
	inDelta(t, sxy/sxx, rep.Drift.SlopePerPeriod, 1e-10)
	equal(t, 2, len(rep.Groups))
	q, err := Monitor(recs, MonitorOptions{Period: Quarter, TolerancePct: 25, ToleranceAbs: dec("10"), MinCount: 3})
	mustNo(t, err)
	equal(t, "2024-Q1", q.Periods[0].Label)
	equal(t, "2024-Q2", q.Periods[1].Label)
	inDelta(t, 100, q.Overall.WithinPct, 1e-12)
	equal(t, true, q.Groups[0].Suppressed) // x has 2 records
	if _, err := Monitor(nil, MonitorOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("no records: %v", err)
	}
}

func TestCompareModelsAndTwoPart(t *testing.T) {
	src, cs := synthAssessments(t, ras.ModelPoints, 3000, 21, nil)
	as := assessmentsOf(cs)
	d, err := BuildDesign(src, as, DesignSpec{AllDomains: true, Settings: &LevelSpec{Reference: "home_alone"}, Cohorts: &LevelSpec{Reference: "adult_social_care"}, Costs: CostsTwoPart})
	mustNo(t, err)
	tp, err := FitTwoPart(d)
	mustNo(t, err)
	// The two exported parts multiply to the two-part prediction.
	am, cm, err := tp.Export(ExportOptions{})
	mustNo(t, err)
	ea, err := ras.Compile(am)
	mustNo(t, err)
	ec, err := ras.Compile(cm)
	mustNo(t, err)
	var ra, rc ras.Result
	for i := 0; i < 300; i++ {
		a := &as[d.Index[i]]
		mustNo(t, ea.AssessInto(a, &ra, ras.AssessOptions{}))
		mustNo(t, ec.AssessInto(a, &rc, ras.AssessOptions{}))
		p, err := Money(tp.Any.Fitted[i] * math.Exp(rc.Eta))
		mustNo(t, err)
		if got := ra.Probability * math.Exp(rc.Eta); math.Abs(got-tp.Fitted[i]) > 1e-9*tp.Fitted[i] {
			t.Fatalf("%s: engine parts give %v, fit %v", d.IDs[i], got, tp.Fitted[i])
		}
		_ = p
	}
	// Compare the shipped points model with a least-squares recalibration
	// on the same rows, which should fit them better.
	ols, err := OLS(d.Design, Options{})
	mustNo(t, err)
	nm, err := ExportLinear(d, ols, ExportOptions{Version: "2026.1"})
	mustNo(t, err)
	c, err := CompareModels(src, nm, as, CompareOptions{AgeBands: &AgeBandSpec{Cuts: []int{18, 65, 85}, Reference: "18-64"}, MinCount: 10})
	mustNo(t, err)
	equal(t, len(as), c.N)
	equal(t, len(as), len(c.Impact.Cases))
	if c.NFit+len(c.Excluded) != c.N {
		t.Errorf("fit %d + excluded %d != %d", c.NFit, len(c.Excluded), c.N)
	}
	// Independent recomputation of the old model's RMSE.
	eng, err := ras.Compile(src)
	mustNo(t, err)
	var r ras.Result
	var sse float64
	for i := range as {
		if as[i].PlannedWeekly == nil {
			continue
		}
		mustNo(t, eng.AssessInto(&as[i], &r, ras.AssessOptions{}))
		e := as[i].PlannedWeekly.InexactFloat64() - r.Weekly().InexactFloat64()
		sse += e * e
	}
	inDelta(t, math.Sqrt(sse/float64(c.NFit)), c.Old.Metrics.RMSE, 1e-9)
	if !(c.New.Metrics.RMSE < c.Old.Metrics.RMSE) {
		t.Errorf("recalibrated RMSE %v not below the shipped model's %v", c.New.Metrics.RMSE, c.Old.Metrics.RMSE)
	}
	var b strings.Builder
	mustNo(t, c.WriteMarkdown(&b))
	for _, want := range []string{"### Overall fit", "### Fit per subgroup", "### Impact on each case", "| cohort | carers |", "age_band"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Monitoring the shipped model on the same assessments.
	rep, ex, err := MonitorAssessments(eng, as, MonitorOptions{Period: Quarter})
	mustNo(t, err)
	equal(t, c.N-c.NFit, len(ex))
	equal(t, c.NFit, rep.Overall.N)
	if rep.Drift == nil {
		t.Errorf("a 21-month window should give a drift estimate")
	}
	_ = synth.WindowDays
}
