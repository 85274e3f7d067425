package calibrate

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func nestedFits(t *testing.T, seed uint64) (small, big *Design) {
	t.Helper()
	r := newTestRand(seed)
	n := 50
	a := make([]float64, n)
	b := make([]float64, n)
	c := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		a[i] = r.NormFloat64()
		b[i] = r.Float64() * 3
		c[i] = r.NormFloat64()
		y[i] = 1 + a[i] + 0.3*b[i] + r.NormFloat64()
	}
	small = mustDesign(t, []string{"a"}, [][]float64{a}, y, true)
	big = mustDesign(t, []string{"a", "b", "c"}, [][]float64{a, b, c}, y, true)
	return small, big
}

// The F test by its definition, and R's table when the models are listed
// big first: Df and Sum of Sq change sign, F and its p-value do not.
func TestAnovaLinearDefinition(t *testing.T) {
	ds, db := nestedFits(t, 1)
	fs, err := OLS(ds, Options{})
	mustNo(t, err)
	fb, err := OLS(db, Options{})
	mustNo(t, err)
	a, err := AnovaLinear([]*LinearFit{fs, fb}, AnovaOptions{})
	mustNo(t, err)
	r := a.Rows[1]
	equal(t, 2.0, r.DF)
	inDelta(t, fs.RSS-fb.RSS, r.SumSq, 1e-12*fs.RSS)
	f := (fs.RSS - fb.RSS) / 2 / (fb.RSS / fb.DFResidual)
	inDelta(t, f, r.F, 1e-12*f)
	isTrue(t, math.IsNaN(a.Rows[0].DF) && math.IsNaN(a.Rows[0].F) && math.IsNaN(a.Rows[0].PValue), "first row undefined")
	equal(t, "y ~ a", a.Rows[0].Model)
	rev, err := AnovaLinear([]*LinearFit{fb, fs}, AnovaOptions{})
	mustNo(t, err)
	equal(t, -2.0, rev.Rows[1].DF)
	inDelta(t, -r.SumSq, rev.Rows[1].SumSq, 1e-12*fs.RSS)
	inDelta(t, r.F, rev.Rows[1].F, 1e-12*f)
	inDelta(t, r.PValue, rev.Rows[1].PValue, 1e-14)
	// A known σ² replaces the estimate.
	k, err := AnovaLinear([]*LinearFit{fs, fb}, AnovaOptions{Scale: 2})
	mustNo(t, err)
	inDelta(t, (fs.RSS-fb.RSS)/2/2, k.Rows[1].F, 1e-12*f)
	equal(t, fb.DFResidual, k.DFScale)
	// Equal models: Df 0, F undefined.
	same, err := AnovaLinear([]*LinearFit{fb, fb}, AnovaOptions{})
	mustNo(t, err)
	isTrue(t, same.Rows[1].DF == 0 && math.IsNaN(same.Rows[1].F) && math.IsNaN(same.Rows[1].PValue), "Df 0")
	s := a.Summary()
	for _, want := range []string{"Analysis of Variance Table", "Model 2: y ~ a + b + c", "Res.Df", "Pr(>F)"} {
		contains(t, s, want)
	}
	isTrue(t, !strings.Contains(s, "NaN"), "undefined cells are blank, not NaN:\n%s", s)
}

// Models that are not nested are refused with a reason.
func TestAnovaLinearNotNested(t *testing.T) {
	ds, db := nestedFits(t, 2)
	fs, _ := OLS(ds, Options{})
	fb, _ := OLS(db, Options{})
	var ne *NestingError
	// A column of the small model outside the span of the big one.
	n, _ := ds.Dims()
	other := make([]float64, n)
	for i := range other {
		other[i] = float64(i * i % 7)
	}
	dOther := mustDesign(t, []string{"other"}, [][]float64{other}, ds.Y, true)
	fo, _ := OLS(dOther, Options{})
	_, err := AnovaLinear([]*LinearFit{fo, fb}, AnovaOptions{})
	errIs(t, err, ErrNotNested)
	if errors.As(err, &ne) {
		equal(t, []string{"other"}, ne.Columns)
		equal(t, 0, ne.I)
	} else {
		t.Fatalf("not a *NestingError: %v", err)
	}
	// The same columns recoded (a rescaled and shifted) span the same space.
	a := colOf(ds, 1)
	a2 := make([]float64, n)
	for i := range a2 {
		a2[i] = 3*a[i] - 1
	}
	fr, _ := OLS(mustDesign(t, []string{"a2"}, [][]float64{a2}, ds.Y, true), Options{})
	_, err = AnovaLinear([]*LinearFit{fr, fb}, AnovaOptions{})
	mustNo(t, err)
	// Another response.
	y2 := append([]float64(nil), ds.Y...)
	y2[4]++
	fy, _ := OLS(mustDesign(t, []string{"a"}, [][]float64{a}, y2, true), Options{})
	_, err = AnovaLinear([]*LinearFit{fy, fb}, AnovaOptions{})
	errIs(t, err, ErrNotNested)
	contains(t, err.Error(), "responses differ at row 4")
	// Other weights, or weights against none.
	w := make([]float64, n)
	for i := range w {
		w[i] = 1 + float64(i%3)
	}
	fw, _ := WLS(ds, w, Analytic, Options{})
	_, err = AnovaLinear([]*LinearFit{fw, fb}, AnovaOptions{})
	errIs(t, err, ErrNotNested)
	// Other rows.
	sub, _ := ds.SubsetRows(seq(0, n-1))
	fsub, _ := OLS(sub, Options{})
	_, err = AnovaLinear([]*LinearFit{fsub, fb}, AnovaOptions{})
	errIs(t, err, ErrNotNested)
	// One model, a nil model, a bad scale.
	_, err = AnovaLinear([]*LinearFit{fs}, AnovaOptions{})
	errIs(t, err, ErrInvalidInput)
	_, err = AnovaLinear([]*LinearFit{fs, nil}, AnovaOptions{})
	errIs(t, err, ErrInvalidInput)
	_, err = AnovaLinear([]*LinearFit{fs, fb}, AnovaOptions{Scale: -1})
	errIs(t, err, ErrInvalidInput)
}

// Analysis of deviance by definition; a Poisson F test warns as R does;
// GLMs of different families or offsets are refused.
func TestAnovaGLM(t *testing.T) {
	r := newTestRand(9)
	n := 80
	a := make([]float64, n)
	b := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		a[i] = r.Float64() * 2
		b[i] = r.NormFloat64()
		y[i] = math.Floor(math.Exp(0.5+0.7*a[i]) * (0.5 + r.Float64()))
	}
	ds := mustDesign(t, []string{"a"}, [][]float64{a}, y, true)
	db := mustDesign(t, []string{"a", "b"}, [][]float64{a, b}, y, true)
	fs, err := GLM(ds, GLMOptions{Family: Poisson, Epsilon: 1e-12})
	mustNo(t, err)
	fb, err := GLM(db, GLMOptions{Family: Poisson, Epsilon: 1e-12})
	mustNo(t, err)
	tab, err := AnovaGLM([]*GLMFit{fs, fb}, AnovaOptions{})
	mustNo(t, err)
	row := tab.Rows[1]
	equal(t, 1.0, row.DF)
	inDelta(t, fs.Deviance-fb.Deviance, row.Deviance, 1e-12)
	equal(t, 1.0, tab.Dispersion)
	isTrue(t, math.IsInf(tab.DFDispersion, 1), "known dispersion: infinite df")
	// χ²₁ tail of D by its normal form: P(χ²₁ > D) = 2·P(Z > √D).
	inDelta(t, math.Erfc(math.Sqrt(row.Deviance/2)), row.ChisqPValue, 1e-14)
	inDelta(t, row.ChisqPValue, row.FPValue, 1e-14)
	equal(t, []string{"using F test with a 'poisson' family is inappropriate"}, tab.FWarnings)
	contains(t, tab.Summary(), "Analysis of Deviance Table")
	// A Gamma fit of the same data is another family.
	yp := make([]float64, n)
	for i := range yp {
		yp[i] = y[i] + 1
	}
	ds2 := mustDesign(t, []string{"a"}, [][]float64{a}, yp, true)
	db2 := mustDesign(t, []string{"a", "b"}, [][]float64{a, b}, yp, true)
	g1, err := GLM(ds2, GLMOptions{Family: Gamma, Link: Log})
	mustNo(t, err)
	p2, err := GLM(db2, GLMOptions{Family: Poisson})
	mustNo(t, err)
	_, err = AnovaGLM([]*GLMFit{g1, p2}, AnovaOptions{})
	errIs(t, err, ErrNotNested)
	// Gamma: F uses the Pearson dispersion of the big model on its df.
	g2, err := GLM(db2, GLMOptions{Family: Gamma, Link: Log})
	mustNo(t, err)
	gt, err := AnovaGLM([]*GLMFit{g1, g2}, AnovaOptions{})
	mustNo(t, err)
	inDelta(t, g2.Dispersion, gt.Dispersion, 0)
	equal(t, float64(g2.DFResidual), gt.DFDispersion)
	inDelta(t, (g1.Deviance-g2.Deviance)/g2.Dispersion, gt.Rows[1].F, 1e-12*gt.Rows[1].F)
	isTrue(t, len(gt.FWarnings) == 0, "no warning for an estimated dispersion")
	// An offset in one model only.
	off := make([]float64, n)
	fo, err := GLM(db, GLMOptions{Family: Poisson, Offset: off})
	mustNo(t, err)
	_, err = AnovaGLM([]*GLMFit{fs, fo}, AnovaOptions{})
	errIs(t, err, ErrNotNested)
}
