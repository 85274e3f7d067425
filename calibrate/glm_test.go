package calibrate

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func mustDesign(t testing.TB, names []string, cols [][]float64, y []float64, intercept bool) *Design {
	t.Helper()
	d, err := NewDesign(names, cols, y, intercept)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A Gaussian/identity GLM is least squares: compare with the normal
// equations solved independently by gonum, and the dispersion with
// RSS/(n − p).
func TestGLMGaussianIsLeastSquares(t *testing.T) {
	rng := newTestRand(5)
	n := 40
	x1, x2, y := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		x1[i], x2[i] = rng.NormFloat64(), rng.Float64()*10
		y[i] = 1 + 2*x1[i] - 0.5*x2[i] + rng.NormFloat64()
	}
	d := mustDesign(t, []string{"x1", "x2"}, [][]float64{x1, x2}, y, true)
	fit, err := GLM(d, GLMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b mat.VecDense
	if err := b.SolveVec(d.X, mat.NewVecDense(n, y)); err != nil {
		t.Fatal(err)
	}
	rss := 0.0
	for i := 0; i < n; i++ {
		r := y[i] - mat.Dot(d.X.RowView(i), &b)
		rss += r * r
	}
	for j := 0; j < 3; j++ {
		if math.Abs(fit.Coefficients[j]-b.AtVec(j)) > 1e-10*(1+math.Abs(b.AtVec(j))) {
			t.Errorf("coef %d: got %v, want %v", j, fit.Coefficients[j], b.AtVec(j))
		}
	}
	if math.Abs(fit.Dispersion-rss/float64(n-3)) > 1e-10*fit.Dispersion {
		t.Errorf("dispersion %v, want %v", fit.Dispersion, rss/float64(n-3))
	}
	if math.Abs(fit.Deviance-rss) > 1e-9*rss {
		t.Errorf("deviance %v, want rss %v", fit.Deviance, rss)
	}
	if fit.StatisticName != "t" || fit.DispersionFixed {
		t.Errorf("statistic %q fixed %v", fit.StatisticName, fit.DispersionFixed)
	}
}

// Frequency-like prior weights equal duplicated rows for the Poisson
// likelihood; and the QR and normal-equation solvers reach the same fixed
// point.
func TestGLMWeightsAndSolvers(t *testing.T) {
	rng := newTestRand(9)
	n := 60
	x, y, w := make([]float64, n), make([]float64, n), make([]float64, n)
	var dx, dy []float64
	for i := 0; i < n; i++ {
		x[i] = rng.Float64() * 2
		y[i] = float64(rng.IntN(8))
		w[i] = float64(1 + rng.IntN(3))
		for k := 0; k < int(w[i]); k++ {
			dx = append(dx, x[i])
			dy = append(dy, y[i])
		}
	}
	dw := mustDesign(t, []string{"x"}, [][]float64{x}, y, true)
	dd := mustDesign(t, []string{"x"}, [][]float64{dx}, dy, true)
	fw, err := GLM(dw, GLMOptions{Family: Poisson, Weights: w, Epsilon: 1e-14, MaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	fd, err := GLM(dd, GLMOptions{Family: Poisson, Epsilon: 1e-14, MaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	for j := range fw.Coefficients {
		if math.Abs(fw.Coefficients[j]-fd.Coefficients[j]) > 1e-10 {
			t.Errorf("coef %d: weighted %v, duplicated %v", j, fw.Coefficients[j], fd.Coefficients[j])
		}
		if math.Abs(fw.Coefs[j].StdErr-fd.Coefs[j].StdErr) > 1e-9 {
			t.Errorf("se %d: weighted %v, duplicated %v", j, fw.Coefs[j].StdErr, fd.Coefs[j].StdErr)
		}
	}
	if math.Abs(fw.Deviance-fd.Deviance) > 1e-9 {
		t.Errorf("deviance: weighted %v, duplicated %v", fw.Deviance, fd.Deviance)
	}
	for _, fam := range []Family{Gaussian, Poisson, Gamma, Binomial} {
		yy := make([]float64, n)
		for i := range yy {
			switch fam {
			case Gamma:
				yy[i] = y[i] + 0.5
			case Binomial:
				yy[i] = float64(int(y[i]) % 2)
			default:
				yy[i] = y[i]
			}
		}
		d := mustDesign(t, []string{"x"}, [][]float64{x}, yy, true)
		a, errA := GLM(d, GLMOptions{Family: fam, Solver: SolverQR})
		b, errB := GLM(d, GLMOptions{Family: fam, Solver: SolverNormal})
		if errA != nil || errB != nil {
			t.Fatalf("%v: %v / %v", fam, errA, errB)
		}
		if a.Iterations != b.Iterations {
			t.Errorf("%v: iterations QR %d, normal %d", fam, a.Iterations, b.Iterations)
		}
		for j := range a.Coefficients {
			if math.Abs(a.Coefficients[j]-b.Coefficients[j]) > 1e-9*(1+math.Abs(a.Coefficients[j])) {
				t.Errorf("%v coef %d: QR %v, normal %v", fam, j, a.Coefficients[j], b.Coefficients[j])
			}
			if math.Abs(a.Coefs[j].StdErr-b.Coefs[j].StdErr) > 1e-8*a.Coefs[j].StdErr {
				t.Errorf("%v se %d: QR %v, normal %v", fam, j, a.Coefs[j].StdErr, b.Coefs[j].StdErr)
			}
		}
	}
}

func TestGLMResidualsAndPredict(t *testing.T) {
	u := []float64{5, 10, 15, 20, 30, 40, 60, 80, 100}
	y := []float64{118, 58, 42, 35, 27, 25, 21, 19, 18}
	lu := make([]float64, len(u))
	for i := range u {
		lu[i] = math.Log(u[i])
	}
	d := mustDesign(t, []string{"log(u)"}, [][]float64{lu}, y, true)
	fit, err := GLM(d, GLMOptions{Family: Gamma, Link: Log})
	if err != nil {
		t.Fatal(err)
	}
	var sd, sp float64
	for i, r := range fit.DevianceResiduals() {
		sd += r * r
		sp += fit.PearsonResiduals()[i] * fit.PearsonResiduals()[i]
		if rr := fit.ResponseResiduals()[i]; rr != y[i]-fit.Fitted[i] {
			t.Errorf("response residual %d", i)
		}
	}
	if math.Abs(sd-fit.Deviance) > 1e-12 {
		t.Errorf("Σ deviance residuals² = %v, deviance %v", sd, fit.Deviance)
	}
	if math.Abs(sp-fit.PearsonChi2) > 1e-12 {
		t.Errorf("Σ Pearson residuals² = %v, chi2 %v", sp, fit.PearsonChi2)
	}
	eta, err := fit.Predict(d.X, LinkScale)
	if err != nil {
		t.Fatal(err)
	}
	mu, err := fit.Predict(d.X, ResponseScale)
	if err != nil {
		t.Fatal(err)
	}
	for i := range eta {
		if math.Abs(eta[i]-fit.LinearPredictor[i]) > 1e-12 || math.Abs(mu[i]-fit.Fitted[i]) > 1e-10 {
			t.Errorf("predict row %d: %v %v vs %v %v", i, eta[i], mu[i], fit.LinearPredictor[i], fit.Fitted[i])
		}
	}
	// The shape MLE solves log a − ψ(a) = D/(2n).
	sh, err := fit.ShapeMLE()
	if err != nil {
		t.Fatal(err)
	}
	if r := math.Log(sh.Alpha) - digamma(sh.Alpha) - fit.Deviance/18; math.Abs(r) > 1e-14 {
		t.Errorf("shape MLE equation residual %v", r)
	}
	if _, err := fit.Predict(mat.NewDense(1, 1, []float64{1}), LinkScale); !errors.Is(err, ErrLength) {
		t.Errorf("predict with wrong width: %v", err)
	}
}

// digamma and trigamma against values from Abramowitz & Stegun / exact
// identities: ψ(1) = −γ, ψ(1/2) = −γ − 2 log 2, ψ′(1) = π²/6, ψ′(1/2) = π²/2.
func TestDigammaTrigamma(t *testing.T) {
	const euler = 0.57721566490153286061
	cases := []struct{ got, want float64 }{
		{digamma(1), -euler},
		{digamma(0.5), -euler - 2*math.Ln2},
		{digamma(10), 2.25175258906672110764},
		{trigamma(1), math.Pi * math.Pi / 6},
		{trigamma(0.5), math.Pi * math.Pi / 2},
		// recurrences across the switch to the asymptotic series at 10
		{trigamma(9.5) - 1/(9.5*9.5), trigamma(10.5)},
		{digamma(9.5) + 1/9.5, digamma(10.5)},
		{trigamma(55.5), trigamma(56.5) + 1/(55.5*55.5)},
	}
	for i, c := range cases {
		if math.Abs(c.got-c.want) > 1e-13*math.Max(1, math.Abs(c.want)) {
			t.Errorf("case %d: got %.17g, want %.17g", i, c.got, c.want)
		}
	}
}

func TestGLMBadInput(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5}
	tests := []struct {
		name string
		y    []float64
		opt  GLMOptions
		is   error
		rows []int
	}{
		{"gamma nonpositive", []float64{1, 0, 2, -1, 3}, GLMOptions{Family: Gamma, Link: Log}, ErrDomain, []int{1, 3}},
		{"poisson negative", []float64{1, 0, -2, 1, 3}, GLMOptions{Family: Poisson}, ErrDomain, []int{2}},
		{"binomial outside", []float64{0, 1, 2, 1, 0.5}, GLMOptions{Family: Binomial}, ErrDomain, []int{2}},
		{"gaussian log", []float64{1, 0, 2, 1, 3}, GLMOptions{Link: Log}, ErrDomain, []int{1}},
		{"bad link", []float64{0, 1, 0, 1, 1}, GLMOptions{Family: Binomial, Link: Inverse}, ErrInvalidInput, nil},
		{"bad weights", []float64{1, 2, 3, 4, 5}, GLMOptions{Weights: []float64{1, -1, 1, 1, 1}}, ErrInvalidInput, nil},
		{"weights length", []float64{1, 2, 3, 4, 5}, GLMOptions{Weights: []float64{1}}, ErrLength, nil},
		{"start length", []float64{1, 2, 3, 4, 5}, GLMOptions{Start: []float64{1}}, ErrLength, nil},
	}
	for _, tc := range tests {
		d := mustDesign(t, []string{"x"}, [][]float64{x}, tc.y, true)
		_, err := GLM(d, tc.opt)
		if !errors.Is(err, tc.is) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.is)
			continue
		}
		if tc.rows != nil {
			var de *DomainError
			if !errors.As(err, &de) || len(de.Rows) != len(tc.rows) {
				t.Errorf("%s: err = %v, want rows %v", tc.name, err, tc.rows)
				continue
			}
			for k := range tc.rows {
				if de.Rows[k] != tc.rows[k] {
					t.Errorf("%s: rows %v, want %v", tc.name, de.Rows, tc.rows)
				}
			}
		}
	}
	// NaN in the design names row and column.
	d := &Design{Names: []string{InterceptName, "x"}, X: mat.NewDense(3, 2, []float64{1, 1, 1, math.NaN(), 1, 3}), Y: []float64{1, 2, 3}}
	_, err := GLM(d, GLMOptions{Family: Poisson})
	var de *DataError
	if !errors.As(err, &de) || de.Row != 1 || de.Column != "x" || !errors.Is(err, ErrNonFinite) {
		t.Errorf("NaN design: err = %v", err)
	}
}

func TestGLMNotConverged(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{0, 0, 1, 0, 1, 1}
	d := mustDesign(t, []string{"x"}, [][]float64{x}, y, true)
	fit, err := GLM(d, GLMOptions{Family: Binomial, MaxIter: 1})
	var ce *ConvergenceError
	if !errors.As(err, &ce) || !errors.Is(err, ErrNotConverged) {
		t.Fatalf("err = %v, want a *ConvergenceError", err)
	}
	if fit == nil || fit.Converged || fit.Iterations != 1 || ce.Iterations != 1 || !(ce.LastChange > 0) {
		t.Errorf("fit %v, error %+v", fit, ce)
	}
}

// Separated binomial data drive the fitted probabilities to 0 and 1: R warns
// and stops with converged or not; the fit must stay finite.
func TestGLMSeparation(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{0, 0, 0, 1, 1, 1}
	d := mustDesign(t, []string{"x"}, [][]float64{x}, y, true)
	fit, err := GLM(d, GLMOptions{Family: Binomial})
	if err != nil && !errors.Is(err, ErrNotConverged) {
		t.Fatal(err)
	}
	for _, c := range fit.Coefficients {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			t.Errorf("coefficients %v", fit.Coefficients)
		}
	}
}

func TestGLMAliased(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6}
	y := []float64{1, 3, 2, 5, 4, 6}
	x2 := make([]float64, len(x))
	for i := range x {
		x2[i] = 2 * x[i]
	}
	d := mustDesign(t, []string{"x", "x2"}, [][]float64{x, x2}, y, true)
	for _, s := range []GLMSolver{SolverQR, SolverNormal} {
		fit, err := GLM(d, GLMOptions{Family: Poisson, Solver: s})
		if err != nil {
			t.Fatal(err)
		}
		if fit.Rank != 2 || len(fit.Aliased) != 1 || fit.Aliased[0] != "x2" || !math.IsNaN(fit.Coefficients[2]) || !fit.Coefs[2].Aliased {
			t.Errorf("solver %d: rank %d aliased %v coef %v", s, fit.Rank, fit.Aliased, fit.Coefficients)
		}
	}
}

func TestAUCBrier(t *testing.T) {
	y := []float64{0, 0, 1, 1, 1}
	p := []float64{0.1, 0.4, 0.4, 0.8, 0.9}
	// Pairs (pos, neg): 3·2 = 6; the tie 0.4/0.4 counts ½; others 5 wins.
	auc, err := AUC(y, p)
	if err != nil || math.Abs(auc-5.5/6) > 1e-15 {
		t.Errorf("auc = %v, %v; want %v", auc, err, 5.5/6)
	}
	br, _ := Brier(y, p)
	want := (0.01 + 0.16 + 0.36 + 0.04 + 0.01) / 5
	if math.Abs(br-want) > 1e-15 {
		t.Errorf("brier = %v, want %v", br, want)
	}
	c, _ := CalibrationInTheLarge(y, p)
	if math.Abs(c-(0.6-0.52)) > 1e-15 {
		t.Errorf("citl = %v", c)
	}
	if _, err := AUC([]float64{1, 1}, []float64{0.2, 0.3}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("one class: %v", err)
	}
	if _, err := AUC([]float64{0, 2}, []float64{0.2, 0.3}); !errors.Is(err, ErrDomain) {
		t.Errorf("non-binary: %v", err)
	}
}

func TestGLMSummary(t *testing.T) {
	u := []float64{5, 10, 15, 20, 30, 40, 60, 80, 100}
	y := []float64{118, 58, 42, 35, 27, 25, 21, 19, 18}
	lu := make([]float64, len(u))
	for i := range u {
		lu[i] = math.Log(u[i])
	}
	d := mustDesign(t, []string{"log(u)"}, [][]float64{lu}, y, true)
	d.Response = "lot1"
	fit, err := GLM(d, GLMOptions{Family: Gamma, Link: Log})
	if err != nil {
		t.Fatal(err)
	}
	s := fit.Summary()
	// Values as R's print(summary(glm(lot1 ~ log(u), family = Gamma("log")))) shows them.
	for _, want := range []string{"lot1 ~ log(u)", "28.919", "-10.883", "Residual deviance: 0.162608  on 7", "Null deviance: 3.51283  on 8", "Fisher Scoring iterations: 5", "***"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	rl, err := RLM(d, RLMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rl.Summary(), "Huber") {
		t.Errorf("rlm summary:\n%s", rl.Summary())
	}
	q, err := QuantReg(d, QuantRegOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.Summary(), "tau = 0.5") {
		t.Errorf("rq summary:\n%s", q.Summary())
	}
}
