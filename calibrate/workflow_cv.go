package calibrate

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Workflow 6: k-fold cross-validation of several methods on the same
// deterministic folds, and workflow 7: bias by subgroup.

// Method is a named way of fitting a cost model, for CompareMethods.
type Method struct {
	Name string
	Fit  Fitter
}

// MethodOLS is least squares on cost.
func MethodOLS() Method {
	return Method{Name: "OLS", Fit: func(d *Design) (Predictor, error) { return OLS(d, Options{}) }}
}

// MethodSqrt is least squares on √cost, retransformed by how.
func MethodSqrt(how SqrtRetransform) Method {
	names := map[SqrtRetransform]string{SqrtVariance: "+σ²", SqrtVarianceMLE: "+σ²(MLE)", SqrtSmearing: "smearing", SqrtNaive: "naive"}
	return Method{Name: "OLS on √cost (" + names[how] + ")", Fit: SqrtOLSFitter(Options{}, how)}
}

// MethodLog is least squares on log cost, retransformed by how (global
// factors: a matrix carries no groups).
func MethodLog(how LogRetransform) Method {
	names := map[LogRetransform]string{LogSmearing: "Duan smearing", LogSmearingGlobal: "Duan smearing", LogNormalTheory: "normal theory", LogNaive: "naive"}
	return Method{Name: "OLS on log cost (" + names[how] + ")", Fit: LogOLSFitter(Options{}, how)}
}

// MethodGLM is a GLM of the given family and link, predicting on the
// response scale.
func MethodGLM(fam Family, link Link) Method {
	return Method{Name: fmt.Sprintf("GLM %v/%v", fam, link), Fit: func(d *Design) (Predictor, error) {
		f, err := GLM(d, GLMOptions{Family: fam, Link: link})
		if err != nil {
			return nil, err
		}
		return glmPredictor{f}, nil
	}}
}

type glmPredictor struct{ f *GLMFit }

func (p glmPredictor) Predict(x mat.Matrix) ([]float64, error) { return p.f.Predict(x, ResponseScale) }

// MethodHuber is Huber M-estimation (RLM) on cost with tuning constant k
// (0 means 1.345).
func MethodHuber(k float64) Method {
	return Method{Name: "Huber M-estimation", Fit: func(d *Design) (Predictor, error) {
		f, err := RLM(d, RLMOptions{K: k})
		if err != nil {
			return nil, err
		}
		return coefPredictor(f.Coefficients), nil
	}}
}

// MethodQuantile is quantile regression on cost at tau (the median for 0.5).
func MethodQuantile(tau float64) Method {
	return Method{Name: fmt.Sprintf("quantile regression (τ = %g)", tau), Fit: func(d *Design) (Predictor, error) {
		f, err := QuantReg(d, QuantRegOptions{Tau: tau})
		if err != nil {
			return nil, err
		}
		return coefPredictor(f.Coefficients), nil
	}}
}

// coefPredictor predicts x·b, NaN coefficients counting as 0.
type coefPredictor []float64

func (b coefPredictor) Predict(x mat.Matrix) ([]float64, error) {
	n, p := x.Dims()
	if p != len(b) {
		return nil, lengthf("%d columns for %d coefficients", p, len(b))
	}
	out := make([]float64, n)
	for i := 0; i < n; i++ {
		s := 0.0
		for j, c := range b {
			if !math.IsNaN(c) {
				s += c * x.At(i, j)
			}
		}
		out[i] = s
	}
	return out, nil
}

// MethodScore is the cross-validated accuracy of one method.
type MethodScore struct {
	Name string
	CV   *CVResult
	Err  error // the method failed (the others are still scored)
}

// CompareMethods cross-validates every method on the same folds (from
// opt.Folds, or MakeFolds(n, K, Seed)), so that the methods are compared on
// identical splits. A method that fails records its error in its score;
// CompareMethods fails only on a bad design or options.
func CompareMethods(d *Design, methods []Method, opt CVOptions) ([]MethodScore, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(methods) == 0 {
		return nil, invalidf("compare methods: no methods")
	}
	n, _ := d.Dims()
	if opt.Folds == nil {
		k := opt.K
		if k == 0 {
			k = 10
		}
		f, err := MakeFolds(n, k, opt.Seed)
		if err != nil {
			return nil, err
		}
		opt.Folds = f
	}
	out := make([]MethodScore, len(methods))
	for i, m := range methods {
		out[i].Name = m.Name
		out[i].CV, out[i].Err = CrossValidate(d, m.Fit, opt)
	}
	return out, nil
}

// WriteMethodTable writes the scores as a markdown table: pooled
// out-of-fold RMSE, MAE, R², bias and the % within each band.
func WriteMethodTable(w io.Writer, scores []MethodScore, bands Bands) error {
	var b strings.Builder
	b.WriteString("| method | RMSE | MAE | R² | bias |")
	for _, a := range bands.Abs {
		fmt.Fprintf(&b, " within ±£%g |", a)
	}
	for _, p := range bands.Pct {
		fmt.Fprintf(&b, " within ±%g%% |", p)
	}
	b.WriteString("\n|---|---:|---:|---:|---:|")
	for range len(bands.Abs) + len(bands.Pct) {
		b.WriteString("---:|")
	}
	b.WriteString("\n")
	for _, s := range scores {
		if s.Err != nil {
			fmt.Fprintf(&b, "| %s | failed: %s |\n", s.Name, strings.ReplaceAll(s.Err.Error(), "|", "/"))
			continue
		}
		m := s.CV.Pooled
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.4f | %.2f |", s.Name, m.RMSE, m.MAE, m.RSquared, m.Bias)
		for _, v := range m.WithinAbs {
			fmt.Fprintf(&b, " %.1f%% |", v)
		}
		for _, v := range m.WithinPct {
			fmt.Fprintf(&b, " %.1f%% |", v)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// GroupMetrics is the accuracy of predictions for one subgroup.
type GroupMetrics struct {
	Group, Level string
	N            int
	// MeanActual and MeanPredicted are the means; Metrics.Bias is their
	// difference (positive: the group is under-predicted, under-served by
	// the model); RelBias is Σ(actual − predicted)/Σ actual.
	MeanActual, MeanPredicted, RelBias float64
	Metrics                            Metrics
	// Suppressed: fewer cases than BiasOptions.MinCount; the statistics
	// are NaN.
	Suppressed bool
}

// BiasOptions control BiasBy. The zero value reports no bands and
// suppresses nothing.
type BiasOptions struct {
	Bands Bands
	// MinCount suppresses groups with fewer cases, for publication.
	MinCount int
}

// BiasBy reports the accuracy and bias of predicted against actual per
// level of a grouping (cohort, living setting, age band, any design column:
// see AssessmentDesign.Group), levels in sorted order.
func BiasBy(group string, labels []string, actual, predicted []float64, opt BiasOptions) ([]GroupMetrics, error) {
	if len(labels) != len(actual) || len(predicted) != len(actual) {
		return nil, lengthf("bias: %d labels, %d actual and %d predicted values", len(labels), len(actual), len(predicted))
	}
	idx := map[string][]int{}
	for i, l := range labels {
		idx[l] = append(idx[l], i)
	}
	levels := make([]string, 0, len(idx))
	for l := range idx {
		levels = append(levels, l)
	}
	sort.Strings(levels)
	var out []GroupMetrics
	for _, l := range levels {
		rows := idx[l]
		a := make([]float64, len(rows))
		p := make([]float64, len(rows))
		var sa, sp float64
		for k, i := range rows {
			a[k], p[k] = actual[i], predicted[i]
			sa += a[k]
			sp += p[k]
		}
		g := GroupMetrics{Group: group, Level: l, N: len(rows)}
		if opt.MinCount > 0 && g.N < opt.MinCount {
			g.Suppressed = true
			g.MeanActual, g.MeanPredicted, g.RelBias = math.NaN(), math.NaN(), math.NaN()
			g.Metrics = Metrics{N: g.N, RMSE: math.NaN(), MAE: math.NaN(), Bias: math.NaN(), RSquared: math.NaN()}
			out = append(out, g)
			continue
		}
		m, err := Accuracy(a, p, opt.Bands)
		if err != nil {
			return nil, fmt.Errorf("calibrate: bias, %s = %s: %w", group, l, err)
		}
		g.Metrics = m
		g.MeanActual, g.MeanPredicted = sa/float64(len(rows)), sp/float64(len(rows))
		g.RelBias = (sa - sp) / sa
		out = append(out, g)
	}
	return out, nil
}
