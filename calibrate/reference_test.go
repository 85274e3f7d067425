package calibrate

import (
	"errors"
	"flag"
	"math"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory whose sub-folders are R reference cases")

// TestReference runs every R reference case under -reference (see
// testdata/reference/README.md). It never skips: an unknown method, or no
// cases at all, is a failure. Every leaf of expected.json's results is
// compared by the case's tolerance rules.
func TestReference(t *testing.T) { runReference(t, *referenceDir) }

// TestReferenceExtra runs the cases of testdata/reference_extra (made by
// make_cases.R there) through the same harness: every method with what the
// shared cases hold fixed varied (no intercept, weights, NA rows, text
// factors, other option lists, R's warnings).
func TestReferenceExtra(t *testing.T) { runReference(t, "testdata/reference_extra") }

// TestReferenceUnsupported checks that the harness fails, clearly, the
// cases of testdata/reference_unsupported: R cases whose spec asks for
// something calibrate does not implement (notes.expect_failure names it).
// Each runs in a child test process, which must fail with a message
// containing that name: a key the package cannot honour is never ignored.
func TestReferenceUnsupported(t *testing.T) {
	const dir = "testdata/reference_unsupported"
	cases, err := reftest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			want, _ := c.Notes["expect_failure"].(string)
			if want == "" {
				t.Fatal("notes.expect_failure missing")
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestReference$/^"+regexp.QuoteMeta(c.ID)+"$", "-test.v", "-reference="+dir)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) {
				t.Fatalf("the harness did not fail the case (err %v):\n%s", err, out)
			}
			if !strings.Contains(string(out), "--- FAIL: TestReference/"+c.ID) || !strings.Contains(string(out), want) {
				t.Errorf("the failure does not name %q:\n%s", want, out)
			}
		})
	}
}

func runReference(t *testing.T, dir string) {
	cases, err := reftest.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			switch c.Method {
			case "ols":
				refOLS(t, c)
			case "ols_hc":
				refOLSHC(t, c)
			case "wls":
				refWLS(t, c)
			case "ols_log_smearing":
				refLogOLS(t, c)
			case "ols_sqrt":
				refSqrtOLS(t, c)
			case "cv_ols":
				refCVOLS(t, c)
			case "model_matrix", "lm_formula":
				referenceFormula(t, c)
			default:
				referenceOther(t, c)
			}
		})
	}
}

// specStrings returns spec[key] as a list of strings.
func specStrings(t *testing.T, c *reftest.Case, key string) []string {
	t.Helper()
	raw, ok := c.Spec[key].([]any)
	if !ok {
		t.Fatalf("spec.%s: not a list", key)
	}
	out := make([]string, len(raw))
	for i, v := range raw {
		s, ok := v.(string)
		if !ok {
			t.Fatalf("spec.%s[%d]: not a string", key, i)
		}
		out[i] = s
	}
	return out
}

func specString(t *testing.T, c *reftest.Case, key string) string {
	t.Helper()
	s, ok := c.Spec[key].(string)
	if !ok {
		t.Fatalf("spec.%s: not a string", key)
	}
	return s
}

func first10(v []float64) []float64 { return v[:min(10, len(v))] }

func symRows(f *LinearFit) [][]float64 {
	_, p := f.d.Dims()
	out := make([][]float64, p)
	for i := range out {
		out[i] = make([]float64, p)
		for j := range out[i] {
			out[i][j] = f.Vcov.At(i, j)
		}
	}
	return out
}

// lmResults mirrors scripts/ref_helpers.R lm_results(): the coefficient
// table of summary.lm (aliased coefficients left out), vcov with NA rows for
// them, aic_k = length(coef(fit)) + 1.
func lmResults(f *LinearFit) map[string]any {
	coefs := map[string]any{}
	var names []string
	var est, se, st, pv []float64
	for j, c := range f.Coefs {
		if math.IsNaN(f.Estimates[j]) {
			continue // aliased: summary.lm's table leaves it out
		}
		names = append(names, c.Name)
		est = append(est, c.Estimate)
		se = append(se, c.StdErr)
		st = append(st, c.Statistic)
		pv = append(pv, c.PValue)
	}
	coefs["names"], coefs["estimate"], coefs["std_error"], coefs["statistic"], coefs["p_value"] = names, est, se, st, pv
	return map[string]any{
		"nobs":              f.Rows,
		"n_coef":            len(f.Names),
		"intercept":         f.Intercept,
		"df_residual":       f.DFResidual,
		"coefficients":      coefs,
		"vcov":              symRows(f),
		"rss":               f.RSS,
		"sigma":             f.Sigma,
		"r_squared":         f.RSquared,
		"adj_r_squared":     f.AdjRSquared,
		"f_statistic":       f.FStatistic,
		"f_df1":             f.FDF1,
		"f_df2":             f.FDF2,
		"f_p_value":         f.FPValue,
		"loglik":            f.LogLik,
		"aic":               f.AIC,
		"bic":               f.BIC,
		"aic_k":             len(f.Names) + 1, // ref_helpers: length(coef(fit)) + 1
		"fitted_first10":    first10(f.Fitted),
		"residuals_first10": first10(f.Residuals),
	}
}

// refOLS fits lm(formula, weights): OLS, or WLS when spec.weights is
// given (R's lm with weights); a log/sqrt response is fitted as given.
func refOLS(t *testing.T, c *reftest.Case) {
	in := caseDesign(t, c)
	var f *LinearFit
	var err error
	if in.w != nil {
		f, err = WLS(in.d, in.w, Analytic, Options{})
	} else {
		f, err = OLS(in.d, Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	reftest.Compare(t, c, lmResults(f))
}

func refWLS(t *testing.T, c *reftest.Case) {
	if _, ok := c.Spec["weights"]; !ok {
		t.Fatal("method wls: spec.weights missing")
	}
	refOLS(t, c)
}

func refOLSHC(t *testing.T, c *reftest.Case) {
	in := caseDesign(t, c)
	var f *LinearFit
	var err error
	if in.w != nil {
		f, err = WLS(in.d, in.w, Analytic, Options{})
	} else {
		f, err = OLS(in.d, Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"names": f.Names, "estimate": f.Estimates}
	se := make([]float64, len(f.Coefs))
	for j, cf := range f.Coefs {
		se[j] = cf.StdErr
	}
	got["se_classical"] = se
	types := specStringsOr(t, c, "cov_types", resultKeys(c, map[string]string{"se_hc0": "HC0", "se_hc1": "HC1", "se_hc2": "HC2", "se_hc3": "HC3"}, "HC0", "HC1", "HC2", "HC3"))
	for _, typ := range types {
		var ht HCType
		switch typ {
		case "HC0":
			ht = HC0
		case "HC1":
			ht = HC1
		case "HC2":
			ht = HC2
		case "HC3":
			ht = HC3
		default:
			t.Fatalf("unknown cov type %q", typ)
		}
		cf, err := f.CoefsHC(ht)
		if err != nil {
			t.Fatal(err)
		}
		s := make([]float64, len(cf))
		for j := range cf {
			s[j] = cf[j].StdErr
		}
		got["se_"+strings.ToLower(typ)] = s
		if ht == HC3 || c.Expected["vcov_"+strings.ToLower(typ)] != nil {
			v, _ := f.VcovHC(ht)
			_, p := v.Dims()
			rows := make([][]float64, p)
			for i := range rows {
				rows[i] = make([]float64, p)
				for j := range rows[i] {
					rows[i][j] = v.At(i, j)
				}
			}
			got["vcov_"+strings.ToLower(typ)] = rows
		}
	}
	got["leverage_first10"] = first10(f.Leverage())
	reftest.Compare(t, c, got)
}

func refLogOLS(t *testing.T, c *reftest.Case) {
	noSpec(t, c, "weights")
	in := caseDesign(t, c)
	d := in.rawDesign(t, "log")
	f, err := LogOLS(d, LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pred, err := f.FittedCost(LogSmearing)
	if err != nil {
		t.Fatal(err)
	}
	normal, err := f.FittedCost(LogNormalTheory)
	if err != nil {
		t.Fatal(err)
	}
	reftest.Compare(t, c, map[string]any{
		"ols":                                  lmResults(f.Log),
		"smearing_factor":                      f.Smearing,
		"normal_theory_factor":                 f.NormalFactor,
		"mean_predicted_cost":                  mean(pred),
		"mean_observed_cost":                   in.rawColumnMean(t),
		"predicted_cost_first10":               first10(pred),
		"predicted_cost_normal_theory_first10": first10(normal),
	})
}

func refSqrtOLS(t *testing.T, c *reftest.Case) {
	noSpec(t, c, "weights")
	in := caseDesign(t, c)
	d := in.rawDesign(t, "sqrt")
	f, err := SqrtOLS(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	get := func(how SqrtRetransform) []float64 {
		v, err := f.FittedCost(how)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	naive, corr, corrMLE := get(SqrtNaive), get(SqrtVariance), get(SqrtVarianceMLE)
	reftest.Compare(t, c, map[string]any{
		"ols":                        lmResults(f.Sqrt),
		"sigma2":                     f.Sigma2,
		"sigma2_mle":                 f.Sigma2MLE,
		"yhat_sqrt_first10":          first10(f.Sqrt.Fitted),
		"pred_naive_first10":         first10(naive),
		"pred_corrected_first10":     first10(corr),
		"pred_corrected_mle_first10": first10(corrMLE),
		"mean_pred_naive":            mean(naive),
		"mean_pred_corrected":        mean(corr),
		"mean_observed_cost":         in.rawColumnMean(t),
	})
}

func refCVOLS(t *testing.T, c *reftest.Case) {
	noSpec(t, c, "weights")
	in := caseDesign(t, c)
	d := in.d
	fc := make([]float64, len(in.mm.Rows))
	col := frameColumnExpr(t, in.fr, specTerm(specString(t, c, "fold_column")))
	for i, r := range in.mm.Rows {
		fc[i] = col[r]
	}
	folds := make([]int, len(fc))
	for i, v := range fc {
		if v != math.Trunc(v) {
			t.Fatalf("fold %v in row %d is not an integer", v, i)
		}
		folds[i] = int(v)
	}
	k := specFloatOr(t, c, "k", math.NaN())
	r, err := CrossValidateOLS(d, CVOptions{Folds: folds})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(k) && float64(r.K) != k {
		t.Errorf("K = %d, spec k = %v", r.K, k)
	}
	full, err := OLS(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ins := metricsOf(nil, d.Y, full.Fitted, Bands{})
	var fn []int
	var frmse, fmae []float64
	for _, m := range r.PerFold {
		fn = append(fn, m.N)
		frmse = append(frmse, m.RMSE)
		fmae = append(fmae, m.MAE)
	}
	reftest.Compare(t, c, map[string]any{
		"fold_n":           fn,
		"fold_rmse":        frmse,
		"fold_mae":         fmae,
		"pooled_rmse":      r.Pooled.RMSE,
		"pooled_mae":       r.Pooled.MAE,
		"mean_fold_rmse":   r.MeanFoldRMSE,
		"mean_fold_mae":    r.MeanFoldMAE,
		"in_sample_rmse":   ins.RMSE,
		"in_sample_mae":    ins.MAE,
		"oof_pred_first10": first10(r.OOF),
		"oof_pred":         r.OOF,
	})
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
