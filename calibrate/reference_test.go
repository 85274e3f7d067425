package calibrate

import (
	"flag"
	"math"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory whose sub-folders are R reference cases")

// TestReference runs every R reference case under -reference (see
// testdata/reference/README.md). It never skips: an unknown method, or no
// cases at all, is a failure. Every leaf of expected.json's results is
// compared by the case's tolerance rules.
func TestReference(t *testing.T) {
	cases, err := reftest.Load(*referenceDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("no reference cases under %s", *referenceDir)
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

// refDesign builds the design of a case from spec.response, predictors and
// intercept. A response "log(col)" or "sqrt(col)" yields the raw column;
// the returned transform names the function ("" for none).
func refDesign(t *testing.T, c *reftest.Case) (d *Design, transform string, tab *reftest.Table) {
	t.Helper()
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	resp := specString(t, c, "response")
	col := resp
	for _, fn := range []string{"log", "sqrt"} {
		if strings.HasPrefix(resp, fn+"(") && strings.HasSuffix(resp, ")") {
			transform = fn
			col = resp[len(fn)+1 : len(resp)-1]
		}
	}
	y, err := tab.Num(col)
	if err != nil {
		t.Fatal(err)
	}
	preds := specStrings(t, c, "predictors")
	cols := make([][]float64, len(preds))
	for j, p := range preds {
		if cols[j], err = tab.Num(p); err != nil {
			t.Fatal(err)
		}
	}
	intercept, ok := c.Spec["intercept"].(bool)
	if !ok {
		t.Fatalf("spec.intercept: not a bool")
	}
	d, err = NewDesign(preds, cols, y, intercept)
	if err != nil {
		t.Fatal(err)
	}
	d.Response = col
	return d, transform, tab
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

// lmResults mirrors scripts/ref_helpers.R lm_results().
func lmResults(f *LinearFit) map[string]any {
	coefs := map[string]any{}
	var names []string
	var est, se, st, pv []float64
	for _, c := range f.Coefs {
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
		"aic_k":             f.Rank + 1,
		"fitted_first10":    first10(f.Fitted),
		"residuals_first10": first10(f.Residuals),
	}
}

func refOLS(t *testing.T, c *reftest.Case) {
	d, tr, _ := refDesign(t, c)
	if tr != "" {
		t.Fatalf("method ols with transformed response %q", tr)
	}
	f, err := OLS(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	reftest.Compare(t, c, lmResults(f))
}

func refWLS(t *testing.T, c *reftest.Case) {
	d, tr, tab := refDesign(t, c)
	if tr != "" {
		t.Fatalf("method wls with transformed response %q", tr)
	}
	ws := specString(t, c, "weights")
	inv := strings.HasPrefix(ws, "1/")
	w, err := tab.Num(strings.TrimPrefix(ws, "1/"))
	if err != nil {
		t.Fatal(err)
	}
	if inv {
		for i := range w {
			w[i] = 1 / w[i]
		}
	}
	f, err := WLS(d, w, Analytic, Options{})
	if err != nil {
		t.Fatal(err)
	}
	reftest.Compare(t, c, lmResults(f))
}

func refOLSHC(t *testing.T, c *reftest.Case) {
	d, _, _ := refDesign(t, c)
	f, err := OLS(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"names": f.Names, "estimate": f.Estimates}
	se := make([]float64, len(f.Coefs))
	for j, cf := range f.Coefs {
		se[j] = cf.StdErr
	}
	got["se_classical"] = se
	for _, typ := range specStrings(t, c, "cov_types") {
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
		if ht == HC3 {
			v, _ := f.VcovHC(HC3)
			_, p := v.Dims()
			rows := make([][]float64, p)
			for i := range rows {
				rows[i] = make([]float64, p)
				for j := range rows[i] {
					rows[i][j] = v.At(i, j)
				}
			}
			got["vcov_hc3"] = rows
		}
	}
	got["leverage_first10"] = first10(f.Leverage())
	reftest.Compare(t, c, got)
}

func refLogOLS(t *testing.T, c *reftest.Case) {
	d, tr, _ := refDesign(t, c)
	if tr != "log" {
		t.Fatalf("method ols_log_smearing needs a log response, got %q", tr)
	}
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
		"mean_observed_cost":                   mean(d.Y),
		"predicted_cost_first10":               first10(pred),
		"predicted_cost_normal_theory_first10": first10(normal),
	})
}

func refSqrtOLS(t *testing.T, c *reftest.Case) {
	d, tr, _ := refDesign(t, c)
	if tr != "sqrt" {
		t.Fatalf("method ols_sqrt needs a sqrt response, got %q", tr)
	}
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
		"mean_observed_cost":         mean(d.Y),
	})
}

func refCVOLS(t *testing.T, c *reftest.Case) {
	d, tr, tab := refDesign(t, c)
	if tr != "" {
		t.Fatalf("method cv_ols with transformed response %q", tr)
	}
	fc, err := tab.Num(specString(t, c, "fold_column"))
	if err != nil {
		t.Fatal(err)
	}
	folds := make([]int, len(fc))
	for i, v := range fc {
		if v != math.Trunc(v) {
			t.Fatalf("fold %v in row %d is not an integer", v, i)
		}
		folds[i] = int(v)
	}
	k, _ := c.Spec["k"].(float64)
	r, err := CrossValidateOLS(d, CVOptions{Folds: folds})
	if err != nil {
		t.Fatal(err)
	}
	if float64(r.K) != k {
		t.Errorf("K = %d, spec k = %v", r.K, k)
	}
	full, err := OLS(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := metricsOf(nil, d.Y, full.Fitted, Bands{})
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
		"in_sample_rmse":   in.RMSE,
		"in_sample_mae":    in.MAE,
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
