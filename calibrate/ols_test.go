package calibrate

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// randomDesign returns an n-row design with an intercept and p-1 random
// predictors and y = X·beta + noise.
func randomDesign(r *rand.Rand, n, p int, beta []float64, noise float64) *Design {
	names := make([]string, p-1)
	cols := make([][]float64, p-1)
	for j := range cols {
		names[j] = "x" + string(rune('a'+j))
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			cols[j][i] = r.NormFloat64()*float64(j+1) + float64(j)
		}
	}
	y := make([]float64, n)
	for i := range y {
		s := beta[0]
		for j := range cols {
			s += beta[j+1] * cols[j][i]
		}
		y[i] = s + noise*r.NormFloat64()
	}
	d, err := NewDesign(names, cols, y, true)
	if err != nil {
		panic(err)
	}
	return d
}

// Hand-computed simple regression: x = 1..5, y = 2, 4, 5, 4, 5.
// x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6: slope 0.6, intercept 2.2;
// residuals -0.8, 0.6, 1, -0.6, -0.2; RSS = 2.4; σ² = 0.8;
// se(slope) = √(0.8/10); se(int) = √(0.8·(1/5 + 9/10)); R² = 3.6/6 = 0.6.
func TestOLSHandComputed(t *testing.T) {
	d, err := NewDesign([]string{"x"}, [][]float64{{1, 2, 3, 4, 5}}, []float64{2, 4, 5, 4, 5}, true)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	const tol = 1e-13
	inDelta(t, 2.2, f.Estimates[0], tol)
	inDelta(t, 0.6, f.Estimates[1], tol)
	inDelta(t, 2.4, f.RSS, tol)
	inDelta(t, math.Sqrt(0.8/10), f.Coefs[1].StdErr, tol)
	inDelta(t, math.Sqrt(0.8*(0.2+0.9)), f.Coefs[0].StdErr, tol)
	inDelta(t, 0.6, f.RSquared, tol)
	inDelta(t, 1-(1-0.6)*4/3, f.AdjRSquared, tol)
	inDelta(t, 3.6/0.8, f.FStatistic, 1e-12)
	for i, want := range []float64{-0.8, 0.6, 1, -0.6, -0.2} {
		inDelta(t, want, f.Residuals[i], tol)
	}
	// Leverage of simple regression: 1/n + (x − x̄)²/Sxx.
	for i, h := range f.Leverage() {
		x := float64(i + 1)
		inDelta(t, 0.2+(x-3)*(x-3)/10, h, tol)
	}
	// 95% CI of the slope with t(3) quantile 3.182446305284263 (qt(0.975, 3) in R).
	lo, hi, err := f.ConfInt(0.95)
	mustNo(t, err)
	inDelta(t, 0.6-3.182446305284263*math.Sqrt(0.08), lo[1], 1e-12)
	inDelta(t, 0.6+3.182446305284263*math.Sqrt(0.08), hi[1], 1e-12)
}

func TestOLSPropertyOrthogonal(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{10, 100, 1000, 5000} {
		d := randomDesign(r, n, 5, []float64{3, 1, -2, 0.5, 4}, 2)
		f, err := OLS(d, Options{})
		mustNo(t, err)
		// X'e = 0 relative to the scale of X'y.
		_, p := d.Dims()
		for j := 0; j < p; j++ {
			var s, scale float64
			for i := 0; i < n; i++ {
				s += d.X.At(i, j) * f.Residuals[i]
				scale += math.Abs(d.X.At(i, j) * d.Y[i])
			}
			le(t, math.Abs(s), 1e-12*scale, "n=%d column %d: X'e = %g", n, j, s)
		}
		// Leverages sum to the rank.
		sum := 0.0
		for _, h := range f.Leverage() {
			sum += h
		}
		inDelta(t, float64(f.Rank), sum, 1e-10)
	}
}

func TestWLSFrequencyEqualsDuplicatedRows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	n := 40
	d := randomDesign(r, n, 4, []float64{1, 2, 3, -1}, 1.5)
	w := make([]float64, n)
	var rows []int
	for i := range w {
		w[i] = float64(r.IntN(4)) // 0..3 copies
		for k := 0; k < int(w[i]); k++ {
			rows = append(rows, i)
		}
	}
	fw, err := WLS(d, w, Frequency, Options{})
	mustNo(t, err)
	dd, err := d.SubsetRows(rows)
	mustNo(t, err)
	fd, err := OLS(dd, Options{})
	mustNo(t, err)
	const tol = 1e-10
	close := func(what string, a, b float64) {
		t.Helper()
		inDelta(t, b, a, tol*math.Max(1, math.Abs(b)), what)
	}
	for j := range fw.Coefs {
		close("estimate", fw.Coefs[j].Estimate, fd.Coefs[j].Estimate)
		close("se", fw.Coefs[j].StdErr, fd.Coefs[j].StdErr)
		close("p", fw.Coefs[j].PValue, fd.Coefs[j].PValue)
	}
	close("nobs", fw.NObs, fd.NObs)
	close("df", fw.DFResidual, fd.DFResidual)
	close("sigma", fw.Sigma, fd.Sigma)
	close("r2", fw.RSquared, fd.RSquared)
	close("adjr2", fw.AdjRSquared, fd.AdjRSquared)
	close("F", fw.FStatistic, fd.FStatistic)
	close("loglik", fw.LogLik, fd.LogLik)
	close("aic", fw.AIC, fd.AIC)
	close("bic", fw.BIC, fd.BIC)
	for _, ht := range []HCType{HC0, HC1, HC2, HC3} {
		a, err := fw.CoefsHC(ht)
		mustNo(t, err)
		b, err := fd.CoefsHC(ht)
		mustNo(t, err)
		for j := range a {
			close(ht.String(), a[j].StdErr, b[j].StdErr)
		}
	}
}

func TestWLSAnalyticScaleInvariance(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 1))
	n := 60
	d := randomDesign(r, n, 4, []float64{1, 2, 3, -1}, 1)
	w := make([]float64, n)
	w2 := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + r.Float64()
		w2[i] = 37.5 * w[i]
	}
	a, err := WLS(d, w, Analytic, Options{})
	mustNo(t, err)
	b, err := WLS(d, w2, Analytic, Options{})
	mustNo(t, err)
	for j := range a.Coefs {
		inDelta(t, a.Coefs[j].Estimate, b.Coefs[j].Estimate, 1e-12*math.Max(1, math.Abs(a.Coefs[j].Estimate)))
		inDelta(t, a.Coefs[j].StdErr, b.Coefs[j].StdErr, 1e-12)
	}
	inDelta(t, a.RSquared, b.RSquared, 1e-13)
	equal(t, a.NObs, b.NObs)
	// logLik shifts by n/2·log(37.5) in the ½Σlog w term and back in log RSS: equal.
	inDelta(t, a.LogLik, b.LogLik, 1e-9)
	// Zero analytic weights drop rows from n as in R.
	w[0] = 0
	z, err := WLS(d, w, Analytic, Options{})
	mustNo(t, err)
	equal(t, float64(n-1), z.NObs)
	dz, _ := d.SubsetRows(seq(1, n))
	z2, err := WLS(dz, w[1:], Analytic, Options{})
	mustNo(t, err)
	for j := range z.Coefs {
		inDelta(t, z2.Coefs[j].StdErr, z.Coefs[j].StdErr, 1e-12)
	}
	inDelta(t, z2.LogLik, z.LogLik, 1e-9)
}

func seq(a, b int) []int {
	out := make([]int, 0, b-a)
	for i := a; i < b; i++ {
		out = append(out, i)
	}
	return out
}

// An exactly collinear design (the dummy-variable trap) reports the later
// column as aliased, as R does, and the fit equals the fit without it.
func TestOLSAliased(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2))
	n := 50
	a := make([]float64, n)
	b := make([]float64, n)
	c := make([]float64, n)
	y := make([]float64, n)
	for i := range a {
		a[i] = r.NormFloat64()
		b[i] = r.NormFloat64()
		c[i] = 2*a[i] - b[i] + 3 // = 3·intercept + 2a − b
		y[i] = 1 + a[i] + r.NormFloat64()
	}
	d, err := NewDesign([]string{"a", "b", "c"}, [][]float64{a, b, c}, y, true)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	equal(t, []string{"c"}, f.Aliased)
	equal(t, 3, f.Rank)
	isTrue(t, f.Coefs[3].Aliased)
	isTrue(t, math.IsNaN(f.Coefs[3].Estimate))
	isTrue(t, math.IsNaN(f.Vcov.At(3, 0)))
	d2, _ := NewDesign([]string{"a", "b"}, [][]float64{a, b}, y, true)
	f2, err := OLS(d2, Options{})
	mustNo(t, err)
	for j := 0; j < 3; j++ {
		inDelta(t, f2.Coefs[j].Estimate, f.Coefs[j].Estimate, 1e-12)
		inDelta(t, f2.Coefs[j].StdErr, f.Coefs[j].StdErr, 1e-12)
	}
	inDelta(t, f2.AIC, f.AIC, 1e-10)
	// HC covariances work on the kept columns.
	hc, err := f.CoefsHC(HC3)
	mustNo(t, err)
	isTrue(t, hc[3].Aliased)
	// Predict treats aliased coefficients as zero.
	pr, err := f.Predict(d.X)
	mustNo(t, err)
	inDelta(t, f.Fitted[7], pr[7], 1e-12)

	_, err = OLS(d, Options{Aliased: AliasError})
	var ae *AliasedError
	if !errors.As(err, &ae) {
		t.Fatalf("want *AliasedError, got %v", err)
	}
	errIs(t, err, ErrRankDeficient)
	equal(t, []string{"c"}, ae.Columns)
	contains(t, err.Error(), `"c"`)
}

// A nearly collinear column (relative residual norm 1e-9, below R's 1e-7)
// is aliased; one at 1e-5 is kept, and the fit then goes through the QR
// path and still gives small residuals orthogonal to X.
func TestOLSNearCollinear(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 4))
	n := 200
	a := make([]float64, n)
	y := make([]float64, n)
	noise := make([]float64, n)
	for i := range a {
		a[i] = r.NormFloat64()
		noise[i] = r.NormFloat64()
		y[i] = a[i] + r.NormFloat64()
	}
	for _, tc := range []struct {
		eps     float64
		aliased bool
	}{{1e-9, true}, {1e-5, false}} {
		c := make([]float64, n)
		for i := range c {
			c[i] = a[i] + tc.eps*noise[i]
		}
		d, err := NewDesign([]string{"a", "c"}, [][]float64{a, c}, y, true)
		mustNo(t, err)
		f, err := OLS(d, Options{})
		mustNo(t, err)
		if tc.aliased {
			equal(t, []string{"c"}, f.Aliased, "eps %g", tc.eps)
		} else {
			isTrue(t, len(f.Aliased) == 0, "eps %g", tc.eps)
			for j := 0; j < 3; j++ {
				var s, scale float64
				for i := 0; i < n; i++ {
					s += d.X.At(i, j) * f.Residuals[i]
					scale += math.Abs(d.X.At(i, j) * d.Y[i])
				}
				le(t, math.Abs(s), 1e-12*scale)
			}
		}
	}
}

func TestOLSNoIntercept(t *testing.T) {
	// y = 2x exactly plus symmetric noise; uncentred R² = 1 − RSS/Σy².
	x := []float64{1, 2, 3, 4}
	y := []float64{2.5, 3.5, 6.5, 7.5}
	d, err := NewDesign([]string{"x"}, [][]float64{x}, y, false)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	// b = Σxy/Σx² = (2.5+7+19.5+30)/30 = 59/30.
	b := 59.0 / 30
	inDelta(t, b, f.Estimates[0], 1e-14)
	rss, syy := 0.0, 0.0
	for i := range x {
		e := y[i] - b*x[i]
		rss += e * e
		syy += y[i] * y[i]
	}
	inDelta(t, 1-rss/syy, f.RSquared, 1e-13)
	inDelta(t, 1-(rss/syy)*4/3, f.AdjRSquared, 1e-13)
	isTrue(t, !f.Intercept)
	equal(t, 1.0, f.FDF1)
}

func TestBadInput(t *testing.T) {
	good := func() *Design {
		d, err := NewDesign([]string{"a", "b"}, [][]float64{{1, 2, 3, 4}, {0, 1, 0, 2}}, []float64{1, 2, 3, 5}, true)
		mustNo(t, err)
		return d
	}
	nan := math.NaN()
	tests := []struct {
		name     string
		run      func() error
		sentinel error
		row      int    // for *DataError; -1 if not expected
		column   string // for *DataError
		msg      string
	}{
		{"nan in X", func() error { d := good(); d.X.Set(2, 2, nan); _, err := OLS(d, Options{}); return err }, ErrNonFinite, 2, "b", `row 2 (0-based), column "b"`},
		{"inf in X", func() error { d := good(); d.X.Set(3, 1, math.Inf(1)); _, err := OLS(d, Options{}); return err }, ErrNonFinite, 3, "a", `column "a"`},
		{"nan in y", func() error { d := good(); d.Y[1] = nan; d.Response = "cost"; _, err := OLS(d, Options{}); return err }, ErrNonFinite, 1, "cost", `column "cost"`},
		{"intercept not one", func() error { d := good(); d.X.Set(1, 0, 2); _, err := OLS(d, Options{}); return err }, ErrInvalidInput, 1, InterceptName, "intercept"},
		{"nan weight", func() error { _, err := WLS(good(), []float64{1, nan, 1, 1}, Analytic, Options{}); return err }, ErrNonFinite, 1, "weights", "weights"},
		{"negative weight", func() error { _, err := WLS(good(), []float64{1, 1, -1, 1}, Frequency, Options{}); return err }, ErrInvalidInput, 2, "weights", "negative"},
		{"no weight kind", func() error { _, err := WLS(good(), []float64{1, 1, 1, 1}, 0, Options{}); return err }, ErrInvalidInput, -1, "", "weight kind"},
		{"all weights zero", func() error { _, err := WLS(good(), []float64{0, 0, 0, 0}, Analytic, Options{}); return err }, ErrEmpty, -1, "", "zero"},
		{"weights length", func() error { _, err := WLS(good(), []float64{1, 1}, Analytic, Options{}); return err }, ErrLength, -1, "", "2 values"},
		{"y length", func() error { d := good(); d.Y = d.Y[:3]; _, err := OLS(d, Options{}); return err }, ErrLength, -1, "", "response"},
		{"names length", func() error { d := good(); d.Names = d.Names[:2]; _, err := OLS(d, Options{}); return err }, ErrLength, -1, "", "names"},
		{"duplicate names", func() error { d := good(); d.Names[2] = "a"; _, err := OLS(d, Options{}); return err }, ErrInvalidInput, -1, "", "both named"},
		{"control character in name", func() error {
			_, err := NewDesign([]string{"a", "b\x00c"}, [][]float64{{1, 2, 3, 4}, {0, 1, 0, 2}}, []float64{1, 2, 3, 5}, true)
			return err
		}, ErrInvalidInput, -1, "", `design column 2, named "b\x00c": in the name, byte 1 is the control character U+0000`},
		{"C1 control in name", func() error { d := good(); d.Names[1] = "a\u0085"; _, err := OLS(d, Options{}); return err }, ErrInvalidInput, -1, "", `design column 1, named "a\u0085"`},
		{"invalid UTF-8 in name", func() error { d := good(); d.Names[2] = "b\xff"; _, err := OLS(d, Options{}); return err }, ErrInvalidInput, -1, "", `design column 2, named "b\xff": in the name, byte 1 is not valid UTF-8`},
		{"control character in response name", func() error { d := good(); d.Response = "cost\n"; _, err := GLM(d, GLMOptions{}); return err }, ErrInvalidInput, -1, "", `the response, named "cost\n"`},
		{"nil design", func() error { _, err := OLS(nil, Options{}); return err }, ErrEmpty, -1, "", "no design"},
		{"empty matrix", func() error { _, err := OLS(&Design{X: &mat.Dense{}}, Options{}); return err }, ErrEmpty, -1, "", "no rows"},
		{"no rows NewDesign", func() error { _, err := NewDesign([]string{"a"}, [][]float64{{}}, nil, true); return err }, ErrEmpty, -1, "", "0 rows"},
		{"column length", func() error {
			_, err := NewDesign([]string{"a"}, [][]float64{{1, 2}}, []float64{1, 2, 3}, true)
			return err
		}, ErrLength, -1, "", `column "a"`},
		{"bad level", func() error { _, err := OLS(good(), Options{Level: 1.5}); return err }, ErrInvalidInput, -1, "", "level"},
		{"log of zero", func() error { d := good(); d.Y[0], d.Y[2] = 0, -1; _, err := LogOLS(d, LogOptions{}); return err }, ErrDomain, -1, "", "2 row(s)"},
		{"sqrt of negative", func() error { d := good(); d.Y[3] = -4; _, err := SqrtOLS(d, Options{}); return err }, ErrDomain, -1, "", "rows (0-based) 3"},
		{"cv fold zero", func() error { _, err := CrossValidateOLS(good(), CVOptions{Folds: []int{1, 2, 0, 1}}); return err }, ErrInvalidInput, 2, "fold", "fold"},
		{"cv empty fold", func() error { _, err := CrossValidateOLS(good(), CVOptions{Folds: []int{1, 3, 1, 3}}); return err }, ErrInvalidInput, -1, "", "fold 2"},
		{"cv k too big", func() error { _, err := CrossValidateOLS(good(), CVOptions{K: 5}); return err }, ErrInvalidInput, -1, "", "5 folds"},
		{"accuracy nan", func() error { _, err := Accuracy([]float64{1, nan}, []float64{1, 2}, Bands{}); return err }, ErrNonFinite, 1, "actual", "actual"},
		{"predict columns", func() error {
			f, err := OLS(good(), Options{})
			if err != nil {
				return err
			}
			_, err = f.Predict(mat.NewDense(1, 2, nil))
			return err
		}, ErrLength, -1, "", "columns"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if err == nil {
				t.Fatal("no error")
			}
			errIs(t, err, tc.sentinel)
			isTrue(t, strings.HasPrefix(err.Error(), "calibrate: "), "message %q must start with the package name", err)
			contains(t, err.Error(), tc.msg)
			var de *DataError
			if tc.row >= 0 {
				if !errors.As(err, &de) {
					t.Fatalf("want *DataError, got %T %v", err, err)
				}
				equal(t, tc.row, de.Row)
				equal(t, tc.column, de.Column)
			}
		})
	}
}

// TestDesignNamesText: a column or response name is accepted in any
// language (valid UTF-8) and rejected, wrapping field.ErrText as well as
// ErrInvalidInput, when it holds a control character or a broken encoding.
func TestDesignNamesText(t *testing.T) {
	d, err := NewDesign([]string{"£ a week", "café", "年齢"}, [][]float64{{1, 2, 3, 4}, {0, 1, 0, 2}, {3, 1, 4, 1}}, []float64{1, 2, 3, 5}, true)
	mustNo(t, err)
	d.Response = "coût"
	mustNo(t, d.Validate())
	for _, name := range []string{"a\tb", "\x7f", "x\xc3", "\u009f"} {
		d.Names[2] = name
		err := d.Validate()
		errIs(t, err, ErrInvalidInput)
		errIs(t, err, field.ErrText)
	}
}

func TestDomainErrorListsRows(t *testing.T) {
	y := make([]float64, 30)
	for i := range y {
		y[i] = float64(i%3) * 10 // every third is 0
	}
	x := make([]float64, 30)
	for i := range x {
		x[i] = float64(i)
	}
	d, err := NewDesign([]string{"x"}, [][]float64{x}, y, true)
	mustNo(t, err)
	_, err = LogOLS(d, LogOptions{})
	var de *DomainError
	if !errors.As(err, &de) {
		t.Fatalf("want *DomainError, got %v", err)
	}
	equal(t, 10, len(de.Rows))
	equal(t, 27, de.Rows[9])
	contains(t, err.Error(), "10 row(s)")
	isTrue(t, !strings.Contains(err.Error(), "more"), "exactly 10 rows listed: %v", err)
}

// A larger Tol aliases more: a column with relative residual norm 1e-3 is
// kept at the default Tol and aliased at Tol = 0.01, as R's lm(tol = 0.01)
// would (the fast path must not bypass the rule).
func TestOLSTolOption(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	n := 100
	a := make([]float64, n)
	c := make([]float64, n)
	y := make([]float64, n)
	for i := range a {
		a[i] = r.NormFloat64()
		c[i] = a[i] + 1e-3*r.NormFloat64()
		y[i] = a[i] + r.NormFloat64()
	}
	d, err := NewDesign([]string{"a", "c"}, [][]float64{a, c}, y, true)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	equal(t, 0, len(f.Aliased))
	f, err = OLS(d, Options{Tol: 0.01})
	mustNo(t, err)
	equal(t, []string{"c"}, f.Aliased)
}

// Issue §5: at most 3·8·n·p bytes allocated per fit, on the normal-equations
// path and on the QR fallback (forced by a nearly collinear column).
func TestOLSMemoryBudget(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 1))
	n, p := 20000, 21
	beta := make([]float64, p)
	for j := range beta {
		beta[j] = float64(j)
	}
	d := randomDesign(r, n, p, beta, 1)
	for _, qr := range []bool{false, true} {
		if qr {
			for i := 0; i < n; i++ {
				d.X.Set(i, p-1, d.X.At(i, p-2)+1e-5*r.NormFloat64())
			}
		}
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		f, err := OLS(d, Options{})
		runtime.ReadMemStats(&m1)
		mustNo(t, err)
		got := m1.TotalAlloc - m0.TotalAlloc
		budget := uint64(3 * 8 * n * p)
		t.Logf("qr=%v: allocated %.2f·(8·n·p)", qr, float64(got)/float64(8*n*p))
		le(t, float64(got), float64(budget), "qr=%v allocated %d bytes", qr, got)
		_ = f
	}
}
