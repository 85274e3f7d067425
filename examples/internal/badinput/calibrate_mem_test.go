package badinput

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

var calibrateSentinels = []error{calibrate.ErrInvalidInput, calibrate.ErrNonFinite, calibrate.ErrLength, calibrate.ErrEmpty,
	calibrate.ErrRankDeficient, calibrate.ErrNoResidualDF, calibrate.ErrDomain, calibrate.ErrNotConverged, calibrate.ErrFormula,
	calibrate.ErrMissing, calibrate.ErrNoCost}

// fitValues returns the values of a fit a user reads as numbers that are
// defined whenever the fit succeeds: coefficients that are not aliased,
// fitted values and residuals. (Standard errors and tests may be NaN where
// they are undefined, as documented at each field.)
func fitValues(fit any) any {
	v := reflect.ValueOf(fit)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Slice {
		var out []any
		for i := 0; i < v.Len(); i++ {
			out = append(out, fitValues(v.Index(i).Interface()))
		}
		return out
	}
	if v.Kind() != reflect.Struct {
		return v.Interface()
	}
	out := map[string]any{}
	aliased := false
	if f := v.FieldByName("Aliased"); f.IsValid() && f.Len() > 0 {
		aliased = true
	}
	for _, name := range []string{"Estimates", "Coefficients", "Fitted", "Residuals", "Log", "Sqrt", "Smearing", "X", "OOF", "Pooled"} {
		f := v.FieldByName(name)
		if !f.IsValid() {
			continue
		}
		if aliased && (name == "Estimates" || name == "Coefficients") {
			continue
		}
		if name == "Log" || name == "Sqrt" {
			out[name] = fitValues(f.Interface())
			continue
		}
		if name == "Pooled" {
			m := f.Interface().(calibrate.Metrics)
			out[name] = []float64{m.RMSE, m.MAE, m.Bias}
			continue
		}
		out[name] = f.Interface()
	}
	return out
}

// design is a named hostile design.
type design struct {
	name  string
	names []string
	cols  [][]float64
	y     []float64
	icpt  bool
	bad   bool // NewDesign must refuse it
}

func designs() []design {
	nan, inf := math.NaN(), math.Inf(1)
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	y := []float64{3.1, 4.9, 7.2, 8.8, 11.1, 13.2, 14.8, 17.1, 19.0, 21.2, 22.8, 25.1}
	mod := func(v []float64, i int, x float64) []float64 {
		c := append([]float64(nil), v...)
		c[i] = x
		return c
	}
	scale := func(v []float64, k float64) []float64 {
		c := make([]float64, len(v))
		for i := range v {
			c[i] = v[i] * k
		}
		return c
	}
	cst := make([]float64, len(x))
	for i := range cst {
		cst[i] = 4
	}
	return []design{
		{"clean", []string{"x"}, [][]float64{x}, y, true, false},
		{"NaN in y", []string{"x"}, [][]float64{x}, mod(y, 3, nan), true, true},
		{"+Inf in y", []string{"x"}, [][]float64{x}, mod(y, 3, inf), true, true},
		{"-Inf in x", []string{"x"}, [][]float64{mod(x, 0, -inf)}, y, true, true},
		{"NaN in x", []string{"x"}, [][]float64{mod(x, 11, nan)}, y, true, true},
		{"empty", []string{"x"}, [][]float64{{}}, []float64{}, true, true},
		{"one row", []string{"x"}, [][]float64{{1}}, []float64{2}, true, false},
		{"two rows, two parameters", []string{"x"}, [][]float64{{1, 2}}, []float64{2, 3}, true, false},
		{"constant x with intercept", []string{"x"}, [][]float64{cst}, y, true, false},
		{"collinear columns", []string{"x", "x2"}, [][]float64{x, scale(x, 2)}, y, true, false},
		{"constant y", []string{"x"}, [][]float64{x}, cst, true, false},
		{"y all zero", []string{"x"}, [][]float64{x}, make([]float64, len(x)), true, false},
		{"huge values", []string{"x"}, [][]float64{scale(x, 1e300)}, scale(y, 1e300), true, false},
		{"tiny values", []string{"x"}, [][]float64{scale(x, 1e-300)}, scale(y, 1e-300), true, false},
		{"negative y", []string{"x"}, [][]float64{x}, scale(y, -1), true, false},
		{"lengths differ", []string{"x"}, [][]float64{x[:5]}, y, true, true},
		{"names and columns differ", []string{"x", "z"}, [][]float64{x}, y, true, true},
		{"name repeated", []string{"x", "x"}, [][]float64{x, scale(x, 3)}, y, true, true},
		{"empty name", []string{""}, [][]float64{x}, y, true, true},
		{"name with NUL", []string{"x\x00"}, [][]float64{x}, y, true, true},
		{"no columns, no intercept", nil, nil, y, false, false},
		{"0/1 y with separation", []string{"x"}, [][]float64{x}, []float64{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, true, false},
		{"y of 1.5 and -1 for a binomial", []string{"x"}, [][]float64{x}, mod(mod(y, 0, 1.5), 1, -1), true, false},
		{"-0 everywhere", []string{"x"}, [][]float64{scale(x, -0.0)}, scale(y, -0.0), true, false},
	}
}

// calibrateCall checks one call: no panic; an error that unwraps to the
// package's sentinels or is typed; a result with finite values.
func calibrateCall(t *testing.T, what string, mustFail bool, f func() (any, error)) {
	t.Helper()
	var res any
	var err error
	if safely(t, what, func() { res, err = f() }) {
		return
	}
	if err != nil {
		var de *calibrate.DataError
		if !isAny(err, calibrateSentinels) && !errors.As(err, &de) {
			reportf(t, "%s: error %v unwraps to no sentinel of calibrate", what, err)
		}
		if !strings.HasPrefix(err.Error(), "calibrate") {
			reportf(t, "%s: error %q does not start with the package name", what, err)
		}
		return
	}
	if mustFail {
		reportf(t, "%s: SILENTLY ACCEPTED", what)
	}
	if p := nonFinite(fitValues(res)); p != "" {
		reportf(t, "%s: NON-FINITE %s in a fit that succeeded", what, p)
	}
}

func TestCalibrateEstimators(t *testing.T) {
	n := 0
	for _, dz := range designs() {
		var d *calibrate.Design
		var err error
		what := "NewDesign(" + dz.name + ")"
		n++
		if safely(t, what, func() { d, err = calibrate.NewDesign(dz.names, dz.cols, dz.y, dz.icpt) }) {
			continue
		}
		if err != nil {
			if !isAny(err, calibrateSentinels) {
				reportf(t, "%s: %v unwraps to no sentinel", what, err)
			}
			var de *calibrate.DataError
			if strings.Contains(dz.name, "NaN") || strings.Contains(dz.name, "Inf") {
				if !errors.As(err, &de) {
					reportf(t, "%s: UNLOCATED: %v is not a *DataError naming row and column", what, err)
				}
			}
			continue
		}
		if dz.bad {
			reportf(t, "%s: SILENTLY ACCEPTED", what)
		}
		nr := len(dz.y)
		w := func(f func(i int) float64) []float64 {
			v := make([]float64, nr)
			for i := range v {
				v[i] = f(i)
			}
			return v
		}
		nonNeg := true
		for _, v := range dz.y {
			if v < 0 {
				nonNeg = false
			}
		}
		calls := []struct {
			name     string
			mustFail bool
			f        func() (any, error)
		}{
			{"OLS", false, func() (any, error) { return calibrate.OLS(d, calibrate.Options{}) }},
			{"OLS level 1.5", true, func() (any, error) { return calibrate.OLS(d, calibrate.Options{Level: 1.5}) }},
			{"OLS level NaN", true, func() (any, error) { return calibrate.OLS(d, calibrate.Options{Level: math.NaN()}) }},
			{"OLS tol -1", true, func() (any, error) { return calibrate.OLS(d, calibrate.Options{Tol: -1}) }},
			{"WLS unit weights", false, func() (any, error) {
				return calibrate.WLS(d, w(func(int) float64 { return 1 }), calibrate.Analytic, calibrate.Options{})
			}},
			{"WLS a negative weight", true, func() (any, error) {
				return calibrate.WLS(d, w(func(i int) float64 {
					if i == nr-1 {
						return -1
					}
					return 1
				}), calibrate.Analytic, calibrate.Options{})
			}},
			{"WLS NaN weight", true, func() (any, error) {
				return calibrate.WLS(d, w(func(int) float64 { return math.NaN() }), calibrate.Analytic, calibrate.Options{})
			}},
			{"WLS Inf weight", true, func() (any, error) {
				return calibrate.WLS(d, w(func(int) float64 { return math.Inf(1) }), calibrate.Frequency, calibrate.Options{})
			}},
			{"WLS zero weights", true, func() (any, error) {
				return calibrate.WLS(d, w(func(int) float64 { return 0 }), calibrate.Analytic, calibrate.Options{})
			}},
			{"WLS short weights", true, func() (any, error) {
				return calibrate.WLS(d, make([]float64, nr+1), calibrate.Analytic, calibrate.Options{})
			}},
			{"WLS unknown kind", true, func() (any, error) {
				return calibrate.WLS(d, w(func(int) float64 { return 1 }), calibrate.WeightKind(99), calibrate.Options{})
			}},
			{"GLM gaussian", false, func() (any, error) { return calibrate.GLM(d, calibrate.GLMOptions{}) }},
			{"GLM poisson", !nonNeg, func() (any, error) { return calibrate.GLM(d, calibrate.GLMOptions{Family: calibrate.Poisson}) }},
			{"GLM gamma", !nonNeg, func() (any, error) { return calibrate.GLM(d, calibrate.GLMOptions{Family: calibrate.Gamma}) }},
			{"GLM binomial", false, func() (any, error) { return calibrate.GLM(d, calibrate.GLMOptions{Family: calibrate.Binomial}) }},
			{"GLM unknown family", true, func() (any, error) { return calibrate.GLM(d, calibrate.GLMOptions{Family: calibrate.Family(99)}) }},
			{"GLM NaN offset", true, func() (any, error) {
				return calibrate.GLM(d, calibrate.GLMOptions{Offset: w(func(int) float64 { return math.NaN() })})
			}},
			{"GLM start of the wrong length", true, func() (any, error) { return calibrate.GLM(d, calibrate.GLMOptions{Start: []float64{1, 2, 3, 4, 5}}) }},
			{"RLM", false, func() (any, error) { return calibrate.RLM(d, calibrate.RLMOptions{}) }},
			{"RLM K negative", true, func() (any, error) { return calibrate.RLM(d, calibrate.RLMOptions{K: -1}) }},
			{"RLM K NaN", true, func() (any, error) { return calibrate.RLM(d, calibrate.RLMOptions{K: math.NaN()}) }},
			{"QuantReg median", false, func() (any, error) { return calibrate.QuantReg(d, calibrate.QuantRegOptions{}) }},
			{"QuantReg tau 1", true, func() (any, error) { return calibrate.QuantReg(d, calibrate.QuantRegOptions{Tau: 1}) }},
			{"QuantReg tau -0.1", true, func() (any, error) { return calibrate.QuantReg(d, calibrate.QuantRegOptions{Tau: -0.1}) }},
			{"QuantReg tau NaN", true, func() (any, error) { return calibrate.QuantReg(d, calibrate.QuantRegOptions{Tau: math.NaN()}) }},
			{"LogOLS", !nonNeg, func() (any, error) { return calibrate.LogOLS(d, calibrate.LogOptions{}) }},
			{"LogOLS groups of the wrong length", true, func() (any, error) {
				return calibrate.LogOLS(d, calibrate.LogOptions{Groups: make([]string, nr+1)})
			}},
			{"SqrtOLS", !nonNeg, func() (any, error) { return calibrate.SqrtOLS(d, calibrate.Options{}) }},
			{"CrossValidateOLS k 3", false, func() (any, error) { return calibrate.CrossValidateOLS(d, calibrate.CVOptions{K: 3}) }},
			{"CrossValidateOLS k 1", true, func() (any, error) { return calibrate.CrossValidateOLS(d, calibrate.CVOptions{K: 1}) }},
			{"CrossValidateOLS k −2", true, func() (any, error) { return calibrate.CrossValidateOLS(d, calibrate.CVOptions{K: -2}) }},
			{"CrossValidateOLS k n+1", true, func() (any, error) { return calibrate.CrossValidateOLS(d, calibrate.CVOptions{K: nr + 1}) }},
			{"CrossValidateOLS folds of the wrong length", true, func() (any, error) {
				return calibrate.CrossValidateOLS(d, calibrate.CVOptions{Folds: make([]int, nr+1)})
			}},
			{"CrossValidateOLS NaN band", true, func() (any, error) {
				return calibrate.CrossValidateOLS(d, calibrate.CVOptions{K: 2, Bands: calibrate.Bands{Abs: []float64{math.NaN()}}})
			}},
			{"CompareMethods", false, func() (any, error) {
				ms, err := calibrate.CompareMethods(d, []calibrate.Method{calibrate.MethodOLS(), calibrate.MethodHuber(1.345),
					calibrate.MethodQuantile(0.5), calibrate.MethodLog(calibrate.LogSmearing)}, calibrate.CVOptions{K: 3})
				var cvs []any
				for _, m := range ms {
					if m.Err == nil {
						cvs = append(cvs, m.CV)
					}
				}
				return cvs, err
			}},
		}
		for _, c := range calls {
			n++
			calibrateCall(t, fmt.Sprintf("calibrate.%s on %s", c.name, dz.name), c.mustFail, c.f)
		}
	}
	fed("calibrate.NewDesign + estimators", n)
}

// TestCalibrateVectors: PAVA, Isotonic, NNLS, Money and the measures of
// accuracy and of probabilities on hostile vectors.
func TestCalibrateVectors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	vecs := []struct {
		name string
		y, p []float64
		bad  bool // outside every measure's domain
	}{
		{"clean", []float64{0, 1, 0, 1, 1, 0}, []float64{0.1, 0.8, 0.3, 0.6, 0.9, 0.2}, false},
		{"empty", []float64{}, []float64{}, true},
		{"nil", nil, nil, true},
		{"one", []float64{1}, []float64{0.5}, false},
		{"lengths differ", []float64{0, 1}, []float64{0.5}, true},
		{"NaN p", []float64{0, 1, 1}, []float64{0.2, nan, 0.3}, true},
		{"NaN y", []float64{0, nan, 1}, []float64{0.2, 0.5, 0.3}, true},
		{"Inf p", []float64{0, 1, 1}, []float64{0.2, inf, 0.3}, true},
		{"p 1.5", []float64{0, 1, 1}, []float64{0.2, 1.5, 0.3}, false},
		{"p −0.1", []float64{0, 1, 1}, []float64{0.2, -0.1, 0.3}, false},
		{"y 2", []float64{0, 2, 1}, []float64{0.2, 0.5, 0.3}, false},
		{"all one class", []float64{1, 1, 1}, []float64{0.2, 0.5, 0.3}, false},
		{"all p equal", []float64{0, 1, 0, 1}, []float64{0.5, 0.5, 0.5, 0.5}, false},
		{"p 0 and 1", []float64{0, 1, 1, 0}, []float64{0, 1, 1, 0}, false},
		{"p 0 for a case", []float64{0, 1, 1, 0}, []float64{0.5, 0, 1, 0}, false},
		{"huge", []float64{1e300, 1e300, -1e300}, []float64{1e300, -1e300, 1e300}, false},
	}
	n := 0
	check := func(what string, res any, err error, mustFail bool) {
		n++
		if err != nil {
			var de *calibrate.DataError
			if !isAny(err, calibrateSentinels) && !errors.As(err, &de) {
				reportf(t, "%s: error %v unwraps to no sentinel", what, err)
			}
			return
		}
		if mustFail {
			reportf(t, "%s: SILENTLY ACCEPTED", what)
		}
		if p := nonFinite(res); p != "" {
			reportf(t, "%s: NON-FINITE %s in a result given without an error", what, p)
		}
	}
	inUnit := func(v []float64) bool {
		for _, x := range v {
			if !(x >= 0 && x <= 1) {
				return false
			}
		}
		return true
	}
	binary := func(v []float64) bool {
		for _, x := range v {
			if x != 0 && x != 1 {
				return false
			}
		}
		return true
	}
	for _, v := range vecs {
		probBad := v.bad || !inUnit(v.p) || !binary(v.y)
		safely(t, "PAVA "+v.name, func() {
			r, err := calibrate.PAVA(v.y, v.p, false)
			check("calibrate.PAVA("+v.name+")", r, err, v.bad || len(v.y) == 0)
		})
		safely(t, "Isotonic "+v.name, func() {
			r, err := calibrate.Isotonic(v.p, v.y, nil, calibrate.IsotonicOptions{})
			check("calibrate.Isotonic("+v.name+")", r, err, v.bad)
		})
		safely(t, "Brier "+v.name, func() {
			r, err := calibrate.Brier(v.y, v.p)
			check("calibrate.Brier("+v.name+")", r, err, v.bad || !inUnit(v.p) || !inUnit(v.y))
		})
		safely(t, "AUC "+v.name, func() {
			r, err := calibrate.AUC(v.y, v.p)
			// AUC needs both classes; it ranks any finite score.
			_ = r
			check("calibrate.AUC("+v.name+")", r, err, v.bad || !binary(v.y) || v.name == "all one class" || v.name == "one")
		})
		safely(t, "AUCInterval "+v.name, func() {
			r, err := calibrate.AUCInterval(v.y, v.p, calibrate.AUCOptions{})
			if err == nil {
				r.Lower, r.Upper = 0, 0 // documented NaN with one case of a class
			}
			check("calibrate.AUCInterval("+v.name+")", r.AUC, err, v.bad || !binary(v.y) || v.name == "all one class" || v.name == "one")
		})
		safely(t, "CalibrationInTheLarge "+v.name, func() {
			r, err := calibrate.CalibrationInTheLarge(v.y, v.p)
			check("calibrate.CalibrationInTheLarge("+v.name+")", r, err, v.bad || !inUnit(v.p) || !inUnit(v.y))
		})
		safely(t, "CalibrationTable "+v.name, func() {
			r, err := calibrate.CalibrationTable(v.y, v.p, 3)
			check("calibrate.CalibrationTable("+v.name+")", r, err, probBad)
		})
		safely(t, "ThresholdTable "+v.name, func() {
			_, err := calibrate.ThresholdTable(v.y, v.p, []float64{0.5, nan})
			check("calibrate.ThresholdTable(NaN threshold, "+v.name+")", nil, err, true)
		})
		safely(t, "HosmerLemeshow "+v.name, func() {
			r, err := calibrate.HosmerLemeshow(v.y, v.p, 10)
			check("calibrate.HosmerLemeshow("+v.name+")", r, err, probBad)
		})
		safely(t, "Spiegelhalter "+v.name, func() {
			r, err := calibrate.Spiegelhalter(v.y, v.p)
			check("calibrate.Spiegelhalter("+v.name+")", r, err, probBad)
		})
		safely(t, "CalibrationSlope "+v.name, func() {
			r, err := calibrate.CalibrationSlope(v.y, v.p)
			check("calibrate.CalibrationSlope("+v.name+")", r, err, probBad)
		})
		safely(t, "EvaluateProbabilities "+v.name, func() {
			r, err := calibrate.EvaluateProbabilities(v.y, v.p, calibrate.AccuracyOptions{})
			check("calibrate.EvaluateProbabilities("+v.name+")", r, err, probBad)
		})
		safely(t, "Accuracy "+v.name, func() {
			r, err := calibrate.Accuracy(v.y, v.p, calibrate.Bands{Abs: []float64{1}, Pct: []float64{10}})
			if err == nil && math.IsNaN(r.RSquared) {
				r.RSquared = 0 // documented: NaN when Σ(y − ȳ)² = 0
			}
			check("calibrate.Accuracy("+v.name+")", r, err, v.bad)
		})
		safely(t, "NNLS "+v.name, func() {
			if len(v.p) == 0 {
				return
			}
			a := mat.NewDense(len(v.p), 1, append([]float64(nil), v.p...))
			r, err := calibrate.NNLS(a, v.y, calibrate.NNLSOptions{})
			check("calibrate.NNLS("+v.name+")", r, err, v.bad)
		})
	}
	for _, x := range []float64{nan, inf, -inf, 1e300, -1e300, 1 << 52, -0.0, 0.005, 0.015, 2.675, 1e-320, 45035996273704.96} {
		safely(t, fmt.Sprintf("Money(%v)", x), func() {
			m, err := calibrate.Money(x)
			n++
			bad := math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 45035996273704.96
			if bad && err == nil {
				reportf(t, "calibrate.Money(%v): SILENTLY ACCEPTED as %v", x, m)
			}
			if !bad && err != nil {
				reportf(t, "calibrate.Money(%v): OVER-REJECTED: %v", x, err)
			}
		})
	}
	for _, k := range []struct{ n, k int }{{10, 0}, {10, -1}, {10, 11}, {0, 2}, {-5, 2}, {10, 1}, {math.MaxInt32, 2}} {
		if k.n > 1000 {
			continue
		}
		safely(t, fmt.Sprintf("MakeFolds(%d, %d)", k.n, k.k), func() {
			f, err := calibrate.MakeFolds(k.n, k.k, 1)
			check(fmt.Sprintf("calibrate.MakeFolds(%d, %d)", k.n, k.k), f, err, k.k < 2 || k.k > k.n)
		})
	}
	fed("calibrate vectors (PAVA, Isotonic, NNLS, measures, Money, folds)", n)
}
