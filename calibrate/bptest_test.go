package calibrate

import (
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"gonum.org/v1/gonum/mat"
)

// The studentized statistic is n·R² of the auxiliary regression of e² on
// the design (Koenker), computed here with OLS itself; the original one is
// half its explained sum of squares after dividing e² by σ̂².
func TestBreuschPaganDefinition(t *testing.T) {
	d := heteroDesign(21, 70)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	n := 70.0
	e2 := make([]float64, len(f.Residuals))
	var s2 float64
	for i, e := range f.Residuals {
		e2[i] = e * e
		s2 += e * e / n
	}
	aux, err := OLS(&Design{Names: d.Names, X: d.X, Y: e2}, Options{})
	mustNo(t, err)
	bp, err := f.BreuschPagan(BPOptions{})
	mustNo(t, err)
	inDelta(t, n*aux.RSquared, bp.Statistic, 1e-10*bp.Statistic)
	equal(t, 2.0, bp.DF)
	inDelta(t, stats.ChiSquareSurvival(bp.Statistic, 2), bp.PValue, 1e-15)
	isTrue(t, bp.Studentized, "studentized by default")
	contains(t, bp.String(), "studentized Breusch-Pagan test: BP = ")
	var ess float64
	for _, v := range aux.Fitted {
		g := v/s2 - 1
		ess += g * g
	}
	orig, err := f.BreuschPagan(BPOptions{Unstudentized: true})
	mustNo(t, err)
	inDelta(t, ess/2, orig.Statistic, 1e-10*orig.Statistic)
	equal(t, "Breusch-Pagan test", orig.Method)
	// Z: the auxiliary regression on the intercept and x only.
	z := mustDesign(t, []string{"x"}, [][]float64{colOf(d, 1)}, d.Y, true)
	bz, err := f.BreuschPagan(BPOptions{Z: z.X})
	mustNo(t, err)
	auxz, err := OLS(&Design{Names: z.Names, X: z.X, Y: e2}, Options{})
	mustNo(t, err)
	inDelta(t, n*auxz.RSquared, bz.Statistic, 1e-10*bz.Statistic)
	equal(t, 1.0, bz.DF)
	// Errors: Z of one column or the wrong length.
	one := mustDesign(t, []string{"x"}, [][]float64{colOf(d, 1)}, d.Y, false)
	_, err = f.BreuschPagan(BPOptions{Z: one.X})
	errIs(t, err, ErrInvalidInput)
	short := heteroDesign(1, 10)
	_, err = f.BreuschPagan(BPOptions{Z: short.X})
	errIs(t, err, ErrLength)
	bad := mat.DenseCopyOf(z.X)
	bad.Set(3, 1, math.NaN())
	_, err = f.BreuschPagan(BPOptions{Z: bad})
	errIs(t, err, ErrNonFinite)
}

// Frequency weights count as duplicated rows.
func TestBreuschPaganFrequencyWeights(t *testing.T) {
	d := heteroDesign(22, 30)
	w := make([]float64, 30)
	var rows []int
	for i := range w {
		w[i] = float64(1 + i%3)
		for range int(w[i]) {
			rows = append(rows, i)
		}
	}
	fw, err := WLS(d, w, Frequency, Options{})
	mustNo(t, err)
	dup, err := d.SubsetRows(rows)
	mustNo(t, err)
	fd, err := OLS(dup, Options{})
	mustNo(t, err)
	for _, un := range []bool{false, true} {
		a, err := fw.BreuschPagan(BPOptions{Unstudentized: un})
		mustNo(t, err)
		b, err := fd.BreuschPagan(BPOptions{Unstudentized: un})
		mustNo(t, err)
		inDelta(t, b.Statistic, a.Statistic, 1e-9*b.Statistic, "unstudentized %v", un)
		isTrue(t, !math.IsNaN(a.PValue), "p-value")
	}
}
