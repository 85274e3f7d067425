package calibrate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

// The spec vocabulary of testdata/reference/README.md, honoured the same
// way for every method:
//
//   - formula: R formula text, built with NewModelMatrix on data.csv read
//     by ReadFrame; otherwise response ~ predictors, with intercept (true
//     when absent, as R's formulas; false for nnls, as R's nnls);
//   - response, predictors, x, y, design_columns: a column, log(col) or
//     sqrt(col) (any expression of the formula grammar);
//   - weights: a column or 1/col (any expression): prior weights for lm,
//     glm, rlm (wt.method "inv.var") and rq, as R uses them; a method R has
//     no weights for (nnls, isoreg, the retransformed and cross-validated
//     OLS) fails rather than ignore them;
//   - method options by name (family, link, taus, psi, k, scale_est, init,
//     maxit, acc, method, cov_types, fold_column, k, direction); a value
//     the package does not implement fails the case, naming the key
//     (TestReferenceUnsupported checks that it does);
//   - rows with NA in a variable of the model (or in the weights) are
//     dropped, as R's na.omit, and logged;
//   - taus: a number or a list; each τ's results are found by the number in
//     their "tau_<τ>" key;
//   - R's warnings (expected.json's r_warnings) are verdicts: where a
//     method reproduces one (glm.fit's non-convergence and fitted values at
//     0 or 1, rlm's non-convergence, quantreg's non-uniqueness, and the
//     inference methods' own), ours must agree; a warning is never a
//     failure by itself;
//   - keys the harness does not know are ignored.

// caseIn is a case's input as its spec states it.
type caseIn struct {
	fr *Frame
	mm *ModelMatrix
	d  *Design   // the design with the (transformed) response
	w  []float64 // spec.weights, nil if none
	// rawY and transform: with a response log(col) or sqrt(col), the
	// column's values (on the design's rows) and the function.
	rawY      []float64
	transform string
	rawName   string
}

// specIntercept returns spec.intercept, or def when absent.
func specIntercept(t *testing.T, c *reftest.Case, def bool) bool {
	t.Helper()
	v, ok := c.Spec["intercept"]
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		t.Fatalf("spec.intercept: %v is not a bool", v)
	}
	return b
}

// specTerm renders a spec column expression as a formula term: a plain
// column name is backticked when R would need it.
func specTerm(s string) string {
	if strings.ContainsAny(s, "()") || rSyntactic(s) {
		return s
	}
	return "`" + s + "`"
}

// specFormula returns spec.formula, or the formula of spec.response,
// spec.predictors (or predKey) and spec.intercept.
func specFormula(t *testing.T, c *reftest.Case, predKey string, interceptDefault bool) string {
	t.Helper()
	if f, ok := c.Spec["formula"].(string); ok {
		return f
	}
	preds := specStrings(t, c, predKey)
	terms := make([]string, len(preds))
	for j, p := range preds {
		terms[j] = specTerm(p)
	}
	rhs := strings.Join(terms, " + ")
	if !specIntercept(t, c, interceptDefault) {
		if rhs == "" {
			rhs = "0"
		} else {
			rhs = "0 + " + rhs
		}
	} else if rhs == "" {
		rhs = "1"
	}
	return specTerm(specString(t, c, "response")) + " ~ " + rhs
}

// caseDesign builds the case's design and weights.
func caseDesign(t *testing.T, c *reftest.Case) *caseIn {
	t.Helper()
	return caseDesignWith(t, c, "predictors", true)
}

func caseDesignWith(t *testing.T, c *reftest.Case, predKey string, interceptDefault bool) *caseIn {
	t.Helper()
	in := &caseIn{fr: caseFrame(t, c)}
	// R's model.frame drops rows with NA (na.omit); they are listed.
	opt := FormulaOptions{DropMissing: true}
	if w, ok := c.Spec["weights"]; ok {
		s, ok := w.(string)
		if !ok {
			t.Fatalf("spec.weights: %v is not a string", w)
		}
		opt.Weights = s
	}
	mm, err := NewModelMatrix(specFormula(t, c, predKey, interceptDefault), in.fr, opt)
	if err != nil {
		t.Fatal(err)
	}
	if mm.Design == nil {
		t.Fatalf("the formula %q has no response", mm.Formula.Text)
	}
	logDropped(t, mm)
	in.mm, in.d, in.w = mm, mm.Design, mm.Weights
	if r := mm.Formula.resp; r.kind == nCall && (r.op == "log" || r.op == "sqrt") && len(r.args) == 1 && r.args[0].kind == nName {
		in.transform, in.rawName = r.op, r.args[0].name
		col, err := in.fr.Numeric(in.rawName)
		if err != nil {
			t.Fatal(err)
		}
		in.rawY = make([]float64, len(mm.Rows))
		for i, row := range mm.Rows {
			in.rawY[i] = col[row]
		}
	}
	return in
}

// rawDesign is the design with the untransformed response column, for the
// methods that transform it themselves (LogOLS, SqrtOLS).
func (in *caseIn) rawDesign(t *testing.T, want string) *Design {
	t.Helper()
	if in.transform != want {
		t.Fatalf("the method needs a %s(col) response, the case gives %q", want, in.d.Response)
	}
	return &Design{Names: in.d.Names, X: in.d.X, Y: in.rawY, Response: in.rawName}
}

// rawColumnMean is the shared cases' mean(d$cost): the mean of the
// response's column over every row of data.csv (NaN, R's NA, if any is
// missing), not only the rows of the fit.
func (in *caseIn) rawColumnMean(t *testing.T) float64 {
	t.Helper()
	col, err := in.fr.Numeric(in.rawName)
	if err != nil {
		t.Fatal(err)
	}
	return mean(col)
}

// noSpec fails the case if its spec has any of keys, which the method
// cannot honour: a case nobody has seen must fail, not pass by ignoring a
// key.
func noSpec(t *testing.T, c *reftest.Case, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if v, ok := c.Spec[k]; ok {
			t.Fatalf("spec.%s = %v: method %s has no such option here (R has none either)", k, v, c.Method)
		}
	}
}

// specStringsOr returns spec[key] as a list of strings (a string is a list
// of one), or def when absent.
func specStringsOr(t *testing.T, c *reftest.Case, key string, def []string) []string {
	t.Helper()
	v, ok, err := c.SpecStrings(key)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		return def
	}
	return v
}

// resultKeys maps the keys of R's results (at the top level, or one level
// down as in rq_summary's tau blocks) through names, in a stable order: how
// a spec without an option list is read from what R reported. Without any
// such key it returns def.
func resultKeys(c *reftest.Case, names map[string]string, def ...string) []string {
	seen := map[string]bool{}
	var out []string
	visit := func(m map[string]any) {
		for k := range m {
			if v, ok := names[k]; ok && !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	visit(c.Expected)
	for _, sub := range c.Expected {
		if m, ok := sub.(map[string]any); ok {
			visit(m)
		}
	}
	if len(out) == 0 {
		return def
	}
	slices.Sort(out)
	return out
}

// specStringOr returns spec[key] or def when absent.
func specStringOr(t *testing.T, c *reftest.Case, key, def string) string {
	t.Helper()
	if _, ok := c.Spec[key]; !ok {
		return def
	}
	return specString(t, c, key)
}

func specFloatOr(t *testing.T, c *reftest.Case, key string, def float64) float64 {
	t.Helper()
	if _, ok := c.Spec[key]; !ok {
		return def
	}
	return specFloat(t, c, key)
}

// frameColumnExpr evaluates an expression of the formula grammar ("d",
// "log(x)", "1/w") on every row of fr.
func frameColumnExpr(t *testing.T, fr *Frame, expr string) []float64 {
	t.Helper()
	mm, err := NewModelMatrix("~ 0 + I("+expr+")", fr, FormulaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := mm.X.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = mm.X.At(i, 0)
	}
	return out
}

// specTaus returns spec.taus (a number is a list of one) with the keys
// of R's result blocks: the "tau_<τ>" key of the results whose number is τ
// (R writes τ as spec.taus does: "tau_0.5"), else "tau_" + τ as Go prints it.
func specTaus(t *testing.T, c *reftest.Case) (taus []float64, keys []string) {
	t.Helper()
	taus, ok, err := c.SpecFloats("taus")
	if err != nil || !ok {
		t.Fatalf("spec.taus: not a list of numbers (%v)", err)
	}
	for _, x := range taus {
		keys = append(keys, tauKey(c, x))
	}
	return taus, keys
}

// tauKey is the key of the results' block for τ.
func tauKey(c *reftest.Case, tau float64) string {
	for k := range c.Expected {
		if num, ok := strings.CutPrefix(k, "tau_"); ok {
			if v, err := strconv.ParseFloat(num, 64); err == nil && v == tau {
				return k
			}
		}
	}
	return fmt.Sprintf("tau_%v", tau)
}

// logDropped logs the rows R's na.omit leaves out, as the model matrix did.
func logDropped(t *testing.T, mm *ModelMatrix) {
	t.Helper()
	if len(mm.Dropped) > 0 {
		t.Logf("%d rows with NA dropped, as R's na.omit (first: line %d, %s)", len(mm.Dropped), mm.Dropped[0].Line, mm.Dropped[0].Column)
	}
}
