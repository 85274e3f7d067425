package calibrate

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

func pointsDesign(t *testing.T, n int, spec DesignSpec, cm func(*synth.CostModel)) (*ras.Model, []ras.Assessment, *AssessmentDesign) {
	t.Helper()
	src, cs := synthAssessments(t, ras.ModelPoints, n, 5, cm)
	as := assessmentsOf(cs)
	spec.Costs = CostsExclude
	d, err := BuildDesign(src, as, spec)
	mustNo(t, err)
	return src, as, d
}

func TestPricePerPoint(t *testing.T) {
	_, as, d := pointsDesign(t, 3000, DesignSpec{}, nil)
	r, err := EstimatePricePerPoint(d, PriceOptions{ByCohort: true})
	mustNo(t, err)
	// Least squares through the origin by hand: Σxy/Σx².
	var sxy, sxx float64
	for i, x := range d.TotalPoints {
		sxy += x * d.Design.Y[i]
		sxx += x * x
	}
	inDelta(t, sxy/sxx, r.Overall.Price, 1e-9*sxy/sxx, "pooled price")
	if len(r.ByCohort) != 4 {
		t.Fatalf("got %d cohort prices, want 4", len(r.ByCohort))
	}
	for _, e := range r.ByCohort {
		var sxy, sxx float64
		for i, x := range d.TotalPoints {
			if d.Cohort[i] == e.Cohort {
				sxy += x * d.Design.Y[i]
				sxx += x * x
			}
		}
		inDelta(t, sxy/sxx, e.Price, 1e-9*sxy/sxx, "price for %s", e.Cohort)
		if !(e.Lower < e.Price && e.Price < e.Upper) {
			t.Errorf("%s: interval [%v, %v] does not hold %v", e.Cohort, e.Lower, e.Upper, e.Price)
		}
		if !e.PricePerPoint.Equal(decimal.NewFromFloat(e.Price).Round(2)) {
			t.Errorf("%s: published %s for %v", e.Cohort, e.PricePerPoint, e.Price)
		}
	}
	// Huber is pulled less by a few huge costs than least squares.
	d2, err := d.Subset(allRows(len(d.IDs)))
	mustNo(t, err)
	for i := 0; i < len(d2.IDs); i += 50 {
		d2.Design.Y[i] *= 20
	}
	ls, err := EstimatePricePerPoint(d2, PriceOptions{})
	mustNo(t, err)
	hub, err := EstimatePricePerPoint(d2, PriceOptions{Robust: true})
	mustNo(t, err)
	if !(math.Abs(hub.Overall.Price-r.Overall.Price) < math.Abs(ls.Overall.Price-r.Overall.Price)) {
		t.Errorf("Huber %v is not closer to the clean price %v than least squares %v", hub.Overall.Price, r.Overall.Price, ls.Overall.Price)
	}
	if !math.IsNaN(hub.Overall.Lower) {
		t.Errorf("Huber interval should be NaN, as R gives none")
	}
	// The exported points model prices points at the published prices.
	m, err := r.Export(d, ExportOptions{Version: "2"})
	mustNo(t, err)
	eng, err := ras.Compile(m)
	mustNo(t, err)
	price := map[ras.Cohort]decimal.Decimal{}
	for _, e := range r.ByCohort {
		price[e.Cohort] = e.PricePerPoint
	}
	var res ras.Result
	for i, idx := range d.Index[:500] {
		mustNo(t, eng.AssessInto(&as[idx], &res, ras.AssessOptions{}))
		want := price[d.Cohort[i]].Mul(decimal.NewFromFloat(d.TotalPoints[i]))
		if !res.Weekly().Equal(want) {
			t.Fatalf("%s: engine %s, want %s", d.IDs[i], res.Weekly(), want)
		}
	}
}

func allRows(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestBands(t *testing.T) {
	src, as, d := pointsDesign(t, 4000, DesignSpec{}, nil)
	for _, opt := range []BandOptions{{}, {NumBands: 3, MinPerBand: 200}, {Cuts: []int{10, 30, 60}}, {Cohort: ras.CohortAdult, NumBands: 4}} {
		r, err := EstimateBands(d, opt)
		mustNo(t, err)
		if opt.Cuts != nil && len(r.Bands) != len(opt.Cuts)+1 {
			t.Fatalf("got %d bands for cuts %v", len(r.Bands), opt.Cuts)
		}
		for k, b := range r.Bands {
			if k > 0 && (b.Amount < r.Bands[k-1].Amount || b.Weekly.LessThan(r.Bands[k-1].Weekly)) {
				t.Errorf("bands fall: %+v after %+v", b, r.Bands[k-1])
			}
			if opt.MinPerBand > 0 && b.N < opt.MinPerBand {
				t.Errorf("band %d has %d cases, fewer than %d", k, b.N, opt.MinPerBand)
			}
		}
		if r.Bands[0].MinPoints != 0 || r.Bands[len(r.Bands)-1].MaxPoints != nil {
			t.Errorf("bands do not start at 0 and end open: %+v", r.Bands)
		}
		// ras accepts the schedule (no gaps or overlaps) and assigns the amounts.
		m, err := ExportPoints(d, []ras.PriceSchedule{r.Schedule("bands", nil)}, ExportOptions{})
		mustNo(t, err)
		eng, err := ras.Compile(m)
		mustNo(t, err)
		var res ras.Result
		for i := 0; i < 200; i++ {
			mustNo(t, eng.AssessInto(&as[d.Index[i]], &res, ras.AssessOptions{}))
			tp := int(d.TotalPoints[i])
			for _, b := range r.Bands {
				if tp >= b.MinPoints && (b.MaxPoints == nil || tp <= *b.MaxPoints) && !res.Weekly().Equal(b.Weekly) {
					t.Fatalf("%d points: engine %s, band %s", tp, res.Weekly(), b.Weekly)
				}
			}
		}
	}
	_ = src
	// The dynamic programme finds the best split: compare with brute force.
	iso, err := Isotonic([]float64{0, 1, 2, 3, 4, 5, 6}, []float64{1, 2, 2, 7, 8, 20, 21}, nil, IsotonicOptions{})
	mustNo(t, err)
	starts, err := segment(iso, 3, 1)
	mustNo(t, err)
	best, bestCut := math.Inf(1), []int(nil)
	for a := 1; a < 7; a++ {
		for b := a + 1; b < 7; b++ {
			c := 0.0
			for _, r := range [][2]int{{0, a}, {a, b}, {b, 7}} {
				m := 0.0
				for i := r[0]; i < r[1]; i++ {
					m += iso.Fitted[i]
				}
				m /= float64(r[1] - r[0])
				for i := r[0]; i < r[1]; i++ {
					c += (iso.Fitted[i] - m) * (iso.Fitted[i] - m)
				}
			}
			if c < best {
				best, bestCut = c, []int{0, a, b}
			}
		}
	}
	equal(t, bestCut, starts)
}

func TestNonNegativeWeights(t *testing.T) {
	spec := DesignSpec{AllDomains: true, Items: []ItemSpec{{Question: "washing", Reference: "none", Cumulative: true}}}
	_, _, d := pointsDesign(t, 3000, spec, nil)
	equal(t, true, slices.Contains(d.Design.Names, "washing>=some"))
	equal(t, true, slices.Contains(d.Design.Names, "washing>=all"))
	r, err := NonNegativeWeights(d, WeightsOptions{})
	mustNo(t, err)
	for j, b := range r.Coefficients {
		if d.Design.Names[j] != InterceptName && b < 0 {
			t.Errorf("%s = %v < 0", d.Design.Names[j], b)
		}
	}
	// When least squares is feasible, NNLS with a free intercept is least
	// squares: y = −5 + 2·x1 + 3·x2 + e has a negative intercept.
	x1 := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	x2 := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}
	e := []float64{0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.1, 0.3, -0.4, 0.1}
	y := make([]float64, len(x1))
	for i := range y {
		y[i] = -5 + 2*x1[i] + 3*x2[i] + e[i]
	}
	des, err := NewDesign([]string{"x1", "x2"}, [][]float64{x1, x2}, y, true)
	mustNo(t, err)
	ols, err := OLS(des, Options{})
	mustNo(t, err)
	r2, err := NonNegativeWeights(&AssessmentDesign{Design: des}, WeightsOptions{})
	mustNo(t, err)
	if !(ols.Estimates[0] < 0 && ols.Estimates[1] > 0 && ols.Estimates[2] > 0) {
		t.Fatalf("least squares %v is not the intended case", ols.Estimates)
	}
	for j := range r2.Coefficients {
		inDelta(t, ols.Estimates[j], r2.Coefficients[j], 1e-9, des.Names[j])
	}
	// Constraining the intercept holds it at 0.
	r4, err := NonNegativeWeights(&AssessmentDesign{Design: des}, WeightsOptions{ConstrainIntercept: true})
	mustNo(t, err)
	equal(t, []string{InterceptName}, r4.AtZero)
	// Domain prices from a domain-only design, no intercept.
	_, err = BuildDesign(d.Model(), nil, DesignSpec{})
	if err == nil {
		t.Fatal("empty input should fail")
	}
	_, as3, d3 := pointsDesign(t, 2000, DesignSpec{NoIntercept: true, AllDomains: true}, nil)
	r3, err := NonNegativeWeights(d3, WeightsOptions{})
	mustNo(t, err)
	s, err := r3.DomainPrices(d3, "domains", nil, decimal.Decimal{})
	mustNo(t, err)
	m, err := ExportPoints(d3, []ras.PriceSchedule{s}, ExportOptions{})
	mustNo(t, err)
	_, err = ras.Compile(m)
	mustNo(t, err)
	_ = as3
	if _, err := r.DomainPrices(d, "x", nil, decimal.Decimal{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("domain prices from a design with items: got %v", err)
	}
}

func TestCostNeutralAndImpact(t *testing.T) {
	src, as, d := pointsDesign(t, 2000, DesignSpec{AllDomains: true}, nil)
	f, err := OLS(d.Design, Options{})
	mustNo(t, err)
	m, err := ExportLinear(d, f, ExportOptions{})
	mustNo(t, err)
	kept := make([]ras.Assessment, len(d.Index))
	for i, idx := range d.Index {
		kept[i] = as[idx]
	}
	target := decimal.NewFromInt(500_000)
	res, err := CostNeutral(m, kept, NeutralOptions{Target: target})
	mustNo(t, err)
	if res.After.Sub(target).Abs().GreaterThan(decimal.NewFromInt(1)) {
		t.Errorf("total %s, target %s", res.After, target)
	}
	t.Logf("factor %.6f after %d iterations: %s → %s", res.Factor, res.Iterations, res.Before, res.After)
	// Points models too, and the default target is the planned total.
	pres, err := CostNeutral(src, kept, NeutralOptions{Tolerance: decimal.NewFromInt(50)})
	mustNo(t, err)
	planned := decimal.Zero
	for i := range kept {
		planned = planned.Add(*kept[i].PlannedWeekly)
	}
	if pres.After.Sub(planned).Abs().GreaterThan(decimal.NewFromInt(50)) {
		t.Errorf("points model: total %s, planned %s", pres.After, planned)
	}

	// Impact by hand.
	ids := []string{"a", "b", "c", "d"}
	old := []decimal.Decimal{decimal.RequireFromString("100"), decimal.RequireFromString("50"), decimal.RequireFromString("0"), decimal.RequireFromString("80")}
	nw := []decimal.Decimal{decimal.RequireFromString("110"), decimal.RequireFromString("40"), decimal.RequireFromString("5"), decimal.RequireFromString("80.004")}
	im, err := ImpactOf(ids, old, nw, ImpactOptions{Threshold: decimal.RequireFromString("0.01"), Probs: []float64{0, 0.5, 1},
		Groups: map[string][]string{"g": {"x", "y", "x", "y"}}, MinCount: 2})
	mustNo(t, err)
	o := im.Overall
	equal(t, []int{2, 1, 1}, []int{o.Gainers, o.Losers, o.Unchanged})
	equal(t, "5.004", o.TotalChange.String())
	// Changes sorted: −10, 0.004, 5, 10 (R type 7 median (0.004 + 5)/2);
	// percentages −20, 0.005, 10 (c has no old amount).
	for k, want := range []float64{-10, 2.502, 10} {
		inDelta(t, want, o.Quantiles[k], 1e-12, "change quantile %d", k)
	}
	for k, want := range []float64{-20, 0.005, 10} {
		inDelta(t, want, o.PctQuantiles[k], 1e-12, "pct quantile %d", k)
	}
	inDelta(t, 10, im.Cases[0].Pct, 1e-12)
	if !math.IsNaN(im.Cases[2].Pct) {
		t.Errorf("percentage change from 0 should be NaN")
	}
	equal(t, 2, len(im.ByGroup))
	equal(t, "x", im.ByGroup[0].Level)
	equal(t, 2, im.ByGroup[0].Gainers)
	if _, err := ImpactOf(ids, old[:2], nw, ImpactOptions{}); !errors.Is(err, ErrLength) {
		t.Errorf("length mismatch: %v", err)
	}
}

func TestOutliers(t *testing.T) {
	_, _, d := pointsDesign(t, 2000, DesignSpec{AllDomains: true}, func(c *synth.CostModel) { c.OutlierShare = 0.02 })
	f, err := OLS(d.Design, Options{})
	mustNo(t, err)
	inf, err := f.Influence()
	mustNo(t, err)
	r, err := Outliers(d, f, OutlierPolicy{MaxStudentized: 3, CooksFourOverN: true})
	mustNo(t, err)
	var want []int
	for i := range d.IDs {
		if math.Abs(inf.Studentized[i]) > 3 || inf.Cooks[i] > 4/float64(len(d.IDs)) {
			want = append(want, i)
		}
	}
	equal(t, want, r.Rows)
	if len(r.Excluded) == 0 || len(r.Kept.IDs)+len(r.Rows) != len(d.IDs) {
		t.Fatalf("excluded %d, kept %d of %d", len(r.Excluded), len(r.Kept.IDs), len(d.IDs))
	}
	for k, e := range r.Excluded {
		if e.ID != d.IDs[r.Rows[k]] || !strings.HasPrefix(e.Reason, "outlier: ") {
			t.Errorf("exclusion %+v", e)
		}
		if slices.Contains(r.Kept.IDs, e.ID) {
			t.Errorf("%s excluded and kept", e.ID)
		}
	}
	inDelta(t, float64(len(want))/float64(len(d.IDs)), r.Share, 1e-15)
	t.Logf("excluded %d (%.1f%%), first: %s", len(r.Excluded), 100*r.Share, r.Excluded[0].Reason)
	if _, err := Outliers(d, f, OutlierPolicy{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("no rule: %v", err)
	}
}

func TestCompareMethodsAndBias(t *testing.T) {
	_, _, d := pointsDesign(t, 1500, DesignSpec{AllDomains: true, Settings: &LevelSpec{Reference: "home_alone"}}, nil)
	bands := Bands{Abs: []float64{50, 100}, Pct: []float64{10, 25}}
	scores, err := CompareMethods(d.Design, []Method{MethodOLS(), MethodSqrt(SqrtVariance), MethodLog(LogSmearing), MethodGLM(Gamma, Log), MethodHuber(0), MethodQuantile(0.5)},
		CVOptions{K: 5, Seed: 9, Bands: bands})
	mustNo(t, err)
	for _, s := range scores {
		if s.Err != nil {
			t.Errorf("%s: %v", s.Name, s.Err)
		}
	}
	// Same folds for all methods, and OLS agrees with CrossValidateOLS.
	ref, err := CrossValidateOLS(d.Design, CVOptions{K: 5, Seed: 9, Bands: bands})
	mustNo(t, err)
	equal(t, ref.Folds, scores[0].CV.Folds)
	equal(t, ref.Folds, scores[3].CV.Folds)
	for i := range ref.OOF {
		inDelta(t, ref.OOF[i], scores[0].CV.OOF[i], 1e-8*(1+math.Abs(ref.OOF[i])))
	}
	var b strings.Builder
	mustNo(t, WriteMethodTable(&b, scores, bands))
	if !strings.Contains(b.String(), "| OLS |") || !strings.Contains(b.String(), "within ±£50") {
		t.Errorf("table:\n%s", b.String())
	}

	// Bias by hand.
	g, err := BiasBy("g", []string{"b", "a", "b", "a", "a"}, []float64{10, 20, 30, 40, 60}, []float64{12, 18, 30, 40, 50}, BiasOptions{MinCount: 3})
	mustNo(t, err)
	equal(t, 2, len(g))
	equal(t, "a", g[0].Level)
	inDelta(t, 4, g[0].Metrics.Bias, 1e-12)
	inDelta(t, 12.0/120, g[0].RelBias, 1e-12)
	inDelta(t, 40, g[0].MeanActual, 1e-12)
	equal(t, true, g[1].Suppressed)
	if !math.IsNaN(g[1].RelBias) {
		t.Errorf("suppressed group shows its bias")
	}
}

// TestScaleModelUnscalableAmount: an amount that cannot be scaled (beyond
// the range where a float64 tells one unit from the next) is an error, not
// a price of £0.
func TestScaleModelUnscalableAmount(t *testing.T) {
	e, err := ras.Load(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ScaleModel(e.Model(), 1e300, "x"); !errors.Is(err, ErrDomain) {
		t.Fatalf("ScaleModel(×1e300) error = %v, want one wrapping ErrDomain", err)
	}
	if _, err := ScaleModel(e.Model(), 1.01, "x"); err != nil {
		t.Fatalf("ScaleModel(×1.01): %v", err)
	}
}
