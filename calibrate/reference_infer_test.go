package calibrate

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
	"gonum.org/v1/gonum/mat"
)

// referenceInference runs the reference cases of the inference and
// diagnostics methods (reference README, "Methods added for inference and
// diagnostics"): rq_summary, anova_lm, anova_glm, bptest, vif, influence and
// predict_interval. It reports whether it knew the method.
//
// Every spec key the README lists for these methods is honoured: response
// and predictors (a column, log(col), sqrt(col), factor(col), I(col^2); a
// text column is a factor with treatment contrasts as R's model.matrix),
// intercept, weights (a column or 1/col, for the linear-model methods, GLM
// prior weights, and rq's weights, which scale the rows), taus, se_types, method, hs, family, link, tests,
// studentize, level, intervals and newdata. R's warnings (expected.json's
// r_warnings) that a method reproduces are compared as verdicts: the
// implementation must report the same ones.
func referenceInference(t *testing.T, c *reftest.Case) bool {
	switch c.Method {
	case "rq_summary":
		refRQSummary(t, c)
	case "anova_lm":
		refAnovaLM(t, c)
	case "anova_glm":
		refAnovaGLM(t, c)
	case "bptest":
		refBPTest(t, c)
	case "vif":
		refVIF(t, c)
	case "influence":
		refInfluence(t, c)
	case "predict_interval":
		refPredictInterval(t, c)
	default:
		return false
	}
	return true
}

// TestReferenceInferenceExtra runs the cases computed with R for this
// package's inference methods (testdata/rinfer, made by make_cases.R there):
// features the shared cases do not cover (no intercept, weights, factors,
// log predictors, other families, R's warnings).
func TestReferenceInferenceExtra(t *testing.T) {
	cases, err := reftest.Load("testdata/rinfer")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			if !referenceInference(t, c) {
				t.Fatalf("no implementation for method %q", c.Method)
			}
		})
	}
}

// ---- spec helpers ----

func specBool(t *testing.T, c *reftest.Case, key string, def bool) bool {
	t.Helper()
	v, ok := c.Spec[key]
	if !ok {
		return def
	}
	b, ok := v.(bool)
	if !ok {
		t.Fatalf("spec.%s: not a bool", key)
	}
	return b
}

// specList returns spec[key] as a list (a scalar becomes a list of one).
func specList(t *testing.T, c *reftest.Case, key string) []any {
	t.Helper()
	switch v := c.Spec[key].(type) {
	case []any:
		return v
	case nil:
		return nil
	default:
		return []any{v}
	}
}

// checkWarnings compares, as verdicts, the R warnings matching any of the
// patterns with the warnings the implementation reported that match them
// (both as sets, whitespace trimmed). R warnings matching handled are
// compared elsewhere; others are logged.
func checkWarnings(t *testing.T, c *reftest.Case, got []string, patterns []string, handled ...string) {
	t.Helper()
	var want []string
	for _, w := range c.Warnings {
		w = strings.TrimSpace(w)
		known := false
		for _, p := range patterns {
			if regexp.MustCompile(p).MatchString(w) {
				known = true
			}
		}
		for _, p := range handled {
			if regexp.MustCompile(p).MatchString(w) {
				known = true // compared elsewhere
			}
		}
		if known {
			if !slices.ContainsFunc(handled, func(p string) bool { return regexp.MustCompile(p).MatchString(w) }) {
				want = append(want, w)
			}
		} else {
			t.Logf("R warned %q (not a verdict of this method)", w)
		}
	}
	var g []string
	for _, w := range got {
		w = strings.TrimSpace(w)
		for _, p := range patterns {
			if regexp.MustCompile(p).MatchString(w) {
				g = append(g, w)
				break
			}
		}
	}
	slices.Sort(want)
	slices.Sort(g)
	want, g = slices.Compact(want), slices.Compact(g)
	if !slices.Equal(want, g) {
		t.Errorf("warnings: got %q, R warned %q", g, want)
	} else if len(g) > 0 {
		t.Logf("R's verdict reproduced: %q", g)
	}
}

// ---- designs as R's model.matrix builds them for a list of predictors ----

// refFrame is data.csv with the case's response, predictors and weights,
// rows with NA in any of them dropped (R's na.omit).
type refFrame struct {
	tab  *reftest.Table
	rows []int // rows of tab used, in order
	// levels of each factor variable (by label), from the fitted data, so
	// that newdata is coded the same way.
	levels map[string][]string
}

// varSpec is one variable of a predictor list.
type varSpec struct {
	label  string // as written: col, log(col), factor(col), I(col^2)
	col    string
	fn     string // "", "log", "sqrt", "sq"
	factor bool
}

func parseVar(s string) varSpec {
	s = strings.TrimSpace(s)
	v := varSpec{label: s, col: s}
	switch {
	case strings.HasPrefix(s, "log(") && strings.HasSuffix(s, ")"):
		v.fn, v.col = "log", s[4:len(s)-1]
	case strings.HasPrefix(s, "sqrt(") && strings.HasSuffix(s, ")"):
		v.fn, v.col = "sqrt", s[5:len(s)-1]
	case strings.HasPrefix(s, "factor(") && strings.HasSuffix(s, ")"):
		v.factor, v.col = true, s[7:len(s)-1]
	case strings.HasPrefix(s, "I(") && strings.HasSuffix(s, "^2)"):
		v.fn, v.col = "sq", s[2:len(s)-3]
	}
	return v
}

// isText reports whether column col is text for R's read.csv (some value is
// not a number and not NA).
func isText(tab *reftest.Table, col string) bool {
	_, err := tab.Num(col)
	return err != nil && !errors.Is(err, reftest.ErrNoColumn)
}

func newRefFrame(t *testing.T, tab *reftest.Table, vars []string) *refFrame {
	t.Helper()
	fr := &refFrame{tab: tab, levels: map[string][]string{}}
	bad := make([]bool, tab.Len())
	for _, s := range vars {
		v := parseVar(s)
		if !tab.Has(v.col) {
			t.Fatalf("column %q (from %q) not in data", v.col, s)
		}
		for i, x := range tab.Str(v.col) {
			if x == "NA" || x == "" {
				bad[i] = true
			}
		}
	}
	for i, b := range bad {
		if !b {
			fr.rows = append(fr.rows, i)
		}
	}
	if len(fr.rows) < tab.Len() {
		t.Logf("%d rows with NA dropped, as R's na.omit", tab.Len()-len(fr.rows))
	}
	return fr
}

// num returns the numeric variable v (transformed) on the frame's rows of tab.
func (fr *refFrame) num(t *testing.T, tab *reftest.Table, rows []int, v varSpec) []float64 {
	t.Helper()
	x, err := tab.Num(v.col)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float64, len(rows))
	for k, i := range rows {
		switch v.fn {
		case "log":
			out[k] = math.Log(x[i])
		case "sqrt":
			out[k] = math.Sqrt(x[i])
		case "sq":
			out[k] = x[i] * x[i]
		default:
			out[k] = x[i]
		}
	}
	return out
}

// factorLevels returns the sorted distinct values of a factor variable: text
// in byte order, numbers numerically and printed as R prints them.
func factorLevels(t *testing.T, tab *reftest.Table, rows []int, v varSpec) []string {
	t.Helper()
	s := tab.Str(v.col)
	seen := map[string]bool{}
	var lv []string
	for _, i := range rows {
		if !seen[s[i]] {
			seen[s[i]] = true
			lv = append(lv, s[i])
		}
	}
	if !isText(tab, v.col) {
		nums := make([]float64, len(lv))
		for k, x := range lv {
			nums[k], _ = strconv.ParseFloat(x, 64)
		}
		sort.Float64s(nums)
		lv = lv[:0]
		seen = map[string]bool{}
		for _, x := range nums {
			l := strconv.FormatFloat(x, 'g', 15, 64)
			if !seen[l] {
				seen[l] = true
				lv = append(lv, l)
			}
		}
		return lv
	}
	slices.Sort(lv)
	return lv
}

// factorValues returns the level label of every row of a factor variable.
func factorValues(tab *reftest.Table, v varSpec) []string {
	s := tab.Str(v.col)
	if isText(tab, v.col) {
		return s
	}
	out := make([]string, len(s))
	for i, x := range s {
		f, _ := strconv.ParseFloat(x, 64)
		out[i] = strconv.FormatFloat(f, 'g', 15, 64)
	}
	return out
}

// design builds R's model.matrix(~ preds) (with or without the intercept)
// on rows of tab, each predictor a main-effect term: a factor takes
// treatment contrasts, except, without an intercept, the first factor,
// which takes one indicator per level (R's rule). It returns the columns,
// their names and, per predictor, the design columns of its term.
func (fr *refFrame) design(t *testing.T, tab *reftest.Table, rows []int, preds []string, intercept bool) (names []string, cols [][]float64, terms []VIFTerm) {
	t.Helper()
	fullDone := intercept
	for _, s := range preds {
		v := parseVar(s)
		term := VIFTerm{Name: v.label}
		if v.factor || isText(tab, v.col) {
			lv, ok := fr.levels[v.label]
			if !ok {
				lv = factorLevels(t, tab, fr.rows, v)
				fr.levels[v.label] = lv
			}
			start := 1
			if !fullDone {
				start, fullDone = 0, true
			}
			vals := factorValues(tab, v)
			for _, i := range rows {
				if !slices.Contains(lv, vals[i]) {
					t.Fatalf("factor %s: level %q of row %d not in the fitted data", v.label, vals[i], i+1)
				}
			}
			for _, l := range lv[start:] {
				col := make([]float64, len(rows))
				for k, i := range rows {
					if vals[i] == l {
						col[k] = 1
					}
				}
				names = append(names, v.label+l)
				cols = append(cols, col)
				term.Columns = append(term.Columns, v.label+l)
			}
		} else {
			names = append(names, v.label)
			cols = append(cols, fr.num(t, tab, rows, v))
			term.Columns = []string{v.label}
		}
		terms = append(terms, term)
	}
	return names, cols, terms
}

// refModel builds the Design of response ~ preds on the frame's rows.
func (fr *refFrame) refModel(t *testing.T, response string, preds []string, intercept bool) (*Design, []VIFTerm) {
	t.Helper()
	names, cols, terms := fr.design(t, fr.tab, fr.rows, preds, intercept)
	rv := parseVar(response)
	if rv.factor {
		t.Fatalf("factor response %q", response)
	}
	d, err := NewDesign(names, cols, fr.num(t, fr.tab, fr.rows, rv), intercept)
	if err != nil {
		t.Fatal(err)
	}
	d.Response = response
	return d, terms
}

// weights returns spec.weights (a column or 1/col) on the frame's rows, or
// nil.
func (fr *refFrame) weights(t *testing.T, c *reftest.Case) []float64 {
	t.Helper()
	ws, ok := c.Spec["weights"].(string)
	if !ok || ws == "" {
		return nil
	}
	inv := strings.HasPrefix(ws, "1/")
	v := parseVar(strings.TrimPrefix(ws, "1/"))
	w := fr.num(t, fr.tab, fr.rows, v)
	if inv {
		for i := range w {
			w[i] = 1 / w[i]
		}
	}
	return w
}

// weightVars returns the variables spec.weights refers to.
func weightVars(c *reftest.Case) []string {
	ws, ok := c.Spec["weights"].(string)
	if !ok || ws == "" {
		return nil
	}
	return []string{strings.TrimPrefix(ws, "1/")}
}

// refLinear fits response ~ preds by OLS, or WLS with the case's weights.
func refLinear(t *testing.T, d *Design, w []float64) *LinearFit {
	t.Helper()
	var f *LinearFit
	var err error
	if w == nil {
		f, err = OLS(d, Options{})
	} else {
		f, err = WLS(d, w, Analytic, Options{})
	}
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// modelCase prepares the frame and the design of a case with spec.response,
// spec.predictors and spec.intercept.
func modelCase(t *testing.T, c *reftest.Case) (*refFrame, *Design, []VIFTerm, []float64) {
	t.Helper()
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	resp := specString(t, c, "response")
	preds := specStrings(t, c, "predictors")
	intercept := specBool(t, c, "intercept", true)
	fr := newRefFrame(t, tab, append(append([]string{resp}, preds...), weightVars(c)...))
	d, terms := fr.refModel(t, resp, preds, intercept)
	return fr, d, terms, fr.weights(t, c)
}

// ---- the methods ----

func refRQSummary(t *testing.T, c *reftest.Case) {
	// Prior weights go to QuantRegOptions.Weights; Inference treats the
	// weighted fit as summary.rq does.
	_, d, _, w := modelCase(t, c)
	method := QuantRegSimplex
	if m, ok := c.Spec["method"].(string); ok {
		switch m {
		case "br":
		case "fn":
			// R's fn stops near the optimum; the exact vertex is compared.
			method = QuantRegInteriorPoint
		default:
			t.Fatalf("unsupported rq method %q", m)
		}
	}
	bw := BandwidthHallSheather
	if !specBool(t, c, "hs", true) {
		bw = BandwidthBofinger
	}
	rWarnedNonUnique := slices.Contains(c.Warnings, "Solution may be nonunique")
	types := specStringsOr(t, c, "se_types", resultKeys(c, map[string]string{"iid": "iid", "nid": "nid", "ker": "ker"}, "iid", "nid", "ker"))
	n, p := d.Dims()
	got := map[string]any{"n": n}
	var warns []string
	var fis [][2]int // per tau: the range of R's possible non-positive counts
	undecided := false
	note := func(u Uniqueness) {
		switch u {
		case NonUnique:
			warns = append(warns, "Solution may be nonunique")
		case Undecided:
			undecided = true
		}
	}
	for _, tv := range specList(t, c, "taus") {
		tau, ok := tv.(float64)
		if !ok {
			t.Fatalf("spec.taus: %v is not a number", tv)
		}
		key := tauKey(c, tau)
		want, _ := c.Expected[key].(map[string]any)
		f, err := QuantReg(d, QuantRegOptions{Tau: tau, Method: method, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		u0, err := f.Uniqueness(d)
		if err != nil {
			t.Fatal(err)
		}
		note(u0)
		// Where the optimum is not unique R's simplex may stop at another
		// optimal vertex: check that R's coefficients reach our objective,
		// then take the standard errors at R's vertex, so that they are
		// still compared with R's.
		if rc := floatsOf(want["coefficients"]); u0 != Unique && rc != nil && !closeAll(rc, f.Coefficients, 1e-9) {
			fr := vertexFit(d, f, rc)
			if math.Abs(fr.Objective-f.Objective) > 1e-9*f.Objective {
				t.Errorf("%s: R's coefficients %v have objective %.17g, the optimum is %.17g", key, rc, fr.Objective, f.Objective)
			}
			t.Logf("%s: the optimum is %v; R's vertex %v has the same objective as ours (%v, %.12g): the standard errors are computed at R's vertex",
				key, u0, rc, f.Coefficients, f.Objective)
			skipLeaf(c, key+".coefficients", "a non-unique optimum: R's vertex checked by its objective instead")
			f = fr
		}
		ours := f.Coefficients
		if rc := floatsOf(want["coefficients"]); rc != nil && closeAll(rc, f.Coefficients, 1e-9) && !slices.Equal(rc, f.Coefficients) {
			// The same vertex but for rounding: the coefficients leaf
			// compares ours; the standard errors are computed from R's
			// bits, since iid orders the residuals by size, and ties (of
			// integer data) would otherwise be broken by rounding.
			f = vertexFit(d, f, rc)
		}
		block := map[string]any{"tau": f.Tau, "names": slices.Clone(f.Names), "coefficients": ours}
		for _, typ := range types {
			var se QuantRegSE
			switch typ {
			case "iid":
				se = QuantRegSEIID
			case "nid":
				se = QuantRegSENID
			case "ker":
				se = QuantRegSEKernel
			default:
				t.Fatalf("unsupported se type %q", typ)
			}
			inf, err := f.Inference(d, QuantRegInferenceOptions{SE: se, Bandwidth: bw})
			if err != nil {
				t.Fatalf("tau %v, se %s: %v", tau, typ, err)
			}
			block["bandwidth"] = inf.Bandwidth
			if se == QuantRegSENID {
				// The definite non-positive rows, and those whose sign is
				// rounding noise (R's count may include any of them).
				fis = append(fis, [2]int{inf.NonPositive - inf.NearZero, inf.NonPositive + inf.NearZero})
			}
			wb, _ := want[typ].(map[string]any)
			switch typ {
			case "iid":
				note(inf.SparsityUniqueness)
				if inf.SparsityUniqueness == NonUnique || (inf.SparsityUniqueness == Undecided && rWarnedNonUnique) {
					inf = atRSparsity(t, key, d, f, inf, wb)
				}
			case "nid":
				for _, u := range inf.RefitUniqueness {
					note(u)
					if u == NonUnique || (u == Undecided && rWarnedNonUnique) {
						t.Logf("%s: a refit at tau ± h is %v: R's vertex cannot be identified, nid not compared", key, u)
						skipLeaf(c, key+".nid", "a non-unique refit at tau ± h")
					}
				}
			}
			ses := make([]float64, p)
			ts := make([]float64, p)
			ps := make([]float64, p)
			for j, cf := range inf.Coefs {
				ses[j], ts[j], ps[j] = cf.StdErr, cf.Statistic, cf.PValue
			}
			block[typ] = map[string]any{"std_error": ses, "t_value": ts, "p_value": ps, "density": inf.Density}
		}
		got[key] = block
	}
	if rWarnedNonUnique && !slices.Contains(warns, "Solution may be nonunique") && undecided {
		t.Log("R's non-uniqueness verdict is consistent with a degenerate vertex here (undecided)")
		warns = append(warns, "Solution may be nonunique")
	}
	checkWarnings(t, c, warns, []string{`^Solution may be nonunique$`}, `non-positive fis$`)
	checkFis(t, c, fis)
	compareInfer(t, c, got)
}

// checkFis compares R's "k non-positive fis" verdicts with the counts of
// the nid fits, one range [lo, hi] per tau (rows whose sign is rounding
// noise widen it): every R count must lie in some tau's range, and every
// tau whose range excludes 0 must have an R count in it.
func checkFis(t *testing.T, c *reftest.Case, ranges [][2]int) {
	t.Helper()
	re := regexp.MustCompile(`^(\d+) non-positive fis$`)
	var ks []int
	for _, w := range c.Warnings {
		if m := re.FindStringSubmatch(strings.TrimSpace(w)); m != nil {
			k, _ := strconv.Atoi(m[1])
			ks = append(ks, k)
		}
	}
	in := func(k int, r [2]int) bool { return max(r[0], 0) <= k && k <= r[1] }
	for _, k := range ks {
		if !slices.ContainsFunc(ranges, func(r [2]int) bool { return in(k, r) }) {
			t.Errorf("R warned %d non-positive fis; the nid fits give %v", k, ranges)
		}
	}
	for _, r := range ranges {
		if r[0] > 0 && !slices.ContainsFunc(ks, func(k int) bool { return in(k, r) }) {
			t.Errorf("a nid fit has %v non-positive fis; R warned %v", r, ks)
		}
	}
	if len(ks) > 0 {
		t.Logf("R's non-positive fis %v within the nid fits' counts %v", ks, ranges)
	}
}

// vertexFit is f with the coefficients b (another optimal vertex); d is
// the design as given (unscaled), and the objective is weighted as f's.
func vertexFit(d *Design, f *QuantRegFit, b []float64) *QuantRegFit {
	n, p := d.Dims()
	fr := *f
	fr.Coefficients = slices.Clone(b)
	fr.Fitted = make([]float64, n)
	fr.Residuals = make([]float64, n)
	fr.Objective = 0
	raw := d.X.RawMatrix()
	for i := 0; i < n; i++ {
		fr.Fitted[i] = dotRow(raw.Data[i*raw.Stride:i*raw.Stride+p], b)
		fr.Residuals[i] = d.Y[i] - fr.Fitted[i]
		r := fr.Residuals[i]
		if f.PriorWeights != nil {
			r *= f.PriorWeights[i]
		}
		fr.Objective += checkLoss(r, f.Tau)
	}
	return &fr
}

// atRSparsity handles a non-unique iid sparsity regression: R's sparsity
// (1/density) must be an optimal slope of the same median regression;
// the standard errors are then recomputed with it.
func atRSparsity(t *testing.T, key string, d *Design, f *QuantRegFit, inf *QuantRegInference, want map[string]any) *QuantRegInference {
	t.Helper()
	dens, ok := want["density"].(float64)
	if !ok {
		return inf
	}
	sR := 1 / dens
	sd := inf.sparsity
	ours := 0.0
	best := func(s float64) float64 {
		// The best intercept for slope s is the median of e − s·x.
		m := len(sd.Y)
		v := make([]float64, m)
		for k := range v {
			v[k] = sd.Y[k] - s*sd.X.At(k, 1)
		}
		sorted := slices.Clone(v)
		slices.Sort(sorted)
		med := sorted[(m-1)/2]
		var obj float64
		for _, r := range v {
			obj += math.Abs(r-med) / 2
		}
		return obj
	}
	ours = best(1 / inf.Density)
	if r := best(sR); math.Abs(r-ours) > 1e-9*ours {
		t.Errorf("%s: R's sparsity %.17g is not an optimal slope of the sparsity regression (objective %.17g, optimum %.17g)", key, sR, r, ours)
	}
	t.Logf("%s: the iid sparsity regression is not unique: R's slope %.12g and ours %.12g are both optimal (objective %.12g); standard errors at R's",
		key, sR, 1/inf.Density, ours)
	k := sR * inf.Density
	v := mat.NewSymDense(len(f.Names), nil)
	v.ScaleSym(k*k, inf.Vcov)
	out := *inf
	out.Vcov = v
	out.Density = dens
	n, p := d.Dims()
	out.Coefs = coefTable(f.Names, f.Coefficients, v, float64(n-p), inf.Level)
	return &out
}

// skipLeaf adds a rule skipping a path of the case, in front of its rules,
// with the reason (a verdict-based comparison took its place).
func skipLeaf(c *reftest.Case, path, why string) {
	c.Tolerance.Rules = append([]reftest.Rule{{Match: path, Skip: why}}, c.Tolerance.Rules...)
}

func floatsOf(v any) []float64 {
	a, ok := v.([]any)
	if !ok {
		return nil
	}
	out := make([]float64, len(a))
	for i, x := range a {
		f, ok := x.(float64)
		if !ok {
			return nil
		}
		out[i] = f
	}
	return out
}

func closeAll(a, b []float64, rtol float64) bool {
	if len(a) != len(b) {
		return false
	}
	scale := 0.0
	for _, x := range a {
		scale = math.Max(scale, math.Abs(x))
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > rtol*(math.Abs(a[i])+scale) {
			return false
		}
	}
	return true
}

// nestedPair builds the small and big designs of an anova case.
func nestedPair(t *testing.T, c *reftest.Case) (fr *refFrame, small, big *Design, w []float64) {
	t.Helper()
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	resp := specString(t, c, "response")
	ps := specStrings(t, c, "predictors_small")
	pb := specStrings(t, c, "predictors_big")
	intercept := specBool(t, c, "intercept", true)
	fr = newRefFrame(t, tab, append(append(append([]string{resp}, ps...), pb...), weightVars(c)...))
	small, _ = fr.refModel(t, resp, ps, intercept)
	big, _ = fr.refModel(t, resp, pb, intercept)
	return fr, small, big, fr.weights(t, c)
}

func refAnovaLM(t *testing.T, c *reftest.Case) {
	_, ds, db, w := nestedPair(t, c)
	a, err := AnovaLinear([]*LinearFit{refLinear(t, ds, w), refLinear(t, db, w)}, AnovaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	col := func(get func(r AnovaLinearRow) float64) []float64 {
		out := make([]float64, len(a.Rows))
		for i, r := range a.Rows {
			out[i] = get(r)
		}
		return out
	}
	compareInfer(t, c, map[string]any{
		"res_df":  col(func(r AnovaLinearRow) float64 { return r.ResDF }),
		"rss":     col(func(r AnovaLinearRow) float64 { return r.RSS }),
		"df":      col(func(r AnovaLinearRow) float64 { return r.DF }),
		"sum_sq":  col(func(r AnovaLinearRow) float64 { return r.SumSq }),
		"f":       col(func(r AnovaLinearRow) float64 { return r.F }),
		"p_value": col(func(r AnovaLinearRow) float64 { return r.PValue }),
	})
}

// glmOptionsOf reads spec.family and spec.link; absent, they are those the
// method's name gives (glm_<family>_<link>: glm_gamma_log), else the
// family's canonical link, as R's family functions.
func glmOptionsOf(t *testing.T, c *reftest.Case) GLMOptions {
	t.Helper()
	parts := strings.Split(c.Method, "_")
	fam := specStringOr(t, c, "family", "")
	link := specStringOr(t, c, "link", "")
	if len(parts) == 3 && parts[0] == "glm" {
		if fam == "" {
			fam = parts[1]
		}
		if link == "" {
			link = parts[2]
		}
	}
	opt := GLMOptions{}
	switch strings.ToLower(fam) {
	case "gamma":
		opt.Family = Gamma
	case "binomial":
		opt.Family = Binomial
	case "poisson":
		opt.Family = Poisson
	case "gaussian":
		opt.Family = Gaussian
	default:
		t.Fatalf("unknown family %q", fam)
	}
	switch link {
	case "":
		opt.Link = CanonicalLink
	case "log":
		opt.Link = Log
	case "logit":
		opt.Link = Logit
	case "identity":
		opt.Link = Identity
	case "inverse":
		opt.Link = Inverse
	default:
		t.Fatalf("unsupported link %q (calibrate implements identity, log, inverse, logit)", link)
	}
	return opt
}

func refAnovaGLM(t *testing.T, c *reftest.Case) {
	_, ds, db, w := nestedPair(t, c)
	opt := glmOptionsOf(t, c)
	opt.Weights = w
	small, _, _ := glmTight(t, ds, opt)
	big, _, _ := glmTight(t, db, opt)
	a, err := AnovaGLM([]*GLMFit{small, big}, AnovaOptions{})
	if err != nil {
		t.Fatal(err)
	}
	col := func(get func(r AnovaGLMRow) float64) []float64 {
		out := make([]float64, len(a.Rows))
		for i, r := range a.Rows {
			out[i] = get(r)
		}
		return out
	}
	got := map[string]any{
		"resid_df":   col(func(r AnovaGLMRow) float64 { return r.ResidDF }),
		"resid_dev":  col(func(r AnovaGLMRow) float64 { return r.ResidDev }),
		"df":         col(func(r AnovaGLMRow) float64 { return r.DF }),
		"deviance":   col(func(r AnovaGLMRow) float64 { return r.Deviance }),
		"dispersion": a.Dispersion,
	}
	var warns []string
	for _, test := range specStringsOr(t, c, "tests", resultKeys(c, map[string]string{"test_chisq": "Chisq", "test_f": "F"}, "Chisq")) {
		switch test {
		case "Chisq", "LRT":
			got["test_chisq"] = map[string]any{"p_value": col(func(r AnovaGLMRow) float64 { return r.ChisqPValue })}
		case "F":
			got["test_f"] = map[string]any{
				"f":       col(func(r AnovaGLMRow) float64 { return r.F }),
				"p_value": col(func(r AnovaGLMRow) float64 { return r.FPValue }),
			}
			warns = append(warns, a.FWarnings...)
		default:
			t.Fatalf("unsupported test %q", test)
		}
	}
	checkWarnings(t, c, warns, []string{`^using F test with`})
	compareInfer(t, c, got)
}

func refBPTest(t *testing.T, c *reftest.Case) {
	_, d, _, w := modelCase(t, c)
	f := refLinear(t, d, w)
	got := map[string]any{}
	studs := specList(t, c, "studentize")
	if studs == nil {
		// The blocks R reported, else lmtest's default (studentized).
		for _, k := range resultKeys(c, map[string]string{"studentized": "true", "unstudentized": "false"}, "true") {
			studs = append(studs, k == "true")
		}
	}
	for _, sv := range studs {
		st, ok := sv.(bool)
		if !ok {
			t.Fatalf("spec.studentize: %v is not a bool", sv)
		}
		bp, err := f.BreuschPagan(BPOptions{Unstudentized: !st})
		if err != nil {
			t.Fatal(err)
		}
		key := "studentized"
		if !st {
			key = "unstudentized"
		}
		got[key] = map[string]any{"statistic": bp.Statistic, "df": bp.DF, "p_value": bp.PValue}
	}
	compareInfer(t, c, got)
}

func refVIF(t *testing.T, c *reftest.Case) {
	_, d, terms, w := modelCase(t, c)
	f := refLinear(t, d, w)
	v, err := f.VIF(VIFOptions{Terms: terms})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var gv, df, sc []float64
	for _, r := range v.Rows {
		names = append(names, r.Term)
		gv = append(gv, r.GVIF)
		df = append(df, float64(r.DF))
		sc = append(sc, r.GVIFScaled)
	}
	checkWarnings(t, c, v.Warnings, []string{`^No intercept`})
	compareInfer(t, c, map[string]any{"names": names, "vif": gv, "gvif": gv, "df": df, "gvif_scaled": sc})
}

func refInfluence(t *testing.T, c *reftest.Case) {
	_, d, _, w := modelCase(t, c)
	f := refLinear(t, d, w)
	inf, err := f.Influence()
	if err != nil {
		t.Fatal(err)
	}
	// R's vectors hold the rows of the fit (rows of zero weight dropped).
	var rows []int
	for i := range f.Residuals {
		if w == nil || w[i] > 0 {
			rows = append(rows, i)
		}
	}
	pick := func(v []float64) []float64 {
		out := make([]float64, len(rows))
		for k, i := range rows {
			out[k] = v[i]
		}
		return out
	}
	// DFBETAS columns for the non-aliased coefficients, as R.
	var names []string
	var kept []int
	for j, nm := range inf.Names {
		if !math.IsNaN(f.Estimates[j]) {
			names = append(names, nm)
			kept = append(kept, j)
		}
	}
	var dfb [][]float64
	for _, i := range rows[:min(10, len(rows))] {
		r := make([]float64, len(kept))
		for a, j := range kept {
			r[a] = inf.DFBETAS[i][j]
		}
		dfb = append(dfb, r)
	}
	// R: which.max skips NA; max(cd) is NA if any distance is.
	cooks := pick(inf.Cooks)
	imax, vmax, anyNA := -1, math.NaN(), false
	for k, v := range cooks {
		if math.IsNaN(v) {
			anyNA = true
		} else if imax < 0 || v > vmax {
			imax, vmax = k, v
		}
	}
	if anyNA {
		vmax = math.NaN()
	}
	// R's flags (influence.measures()$is.inf), as 1-based rows of the fit:
	// not a leaf of the shared cases, but of this package's own.
	var flagged []int
	for k, i := range rows {
		if inf.Flags[i].Any() {
			flagged = append(flagged, k+1)
		}
	}
	compareInfer(t, c, map[string]any{
		"influential_rows":  flagged,
		"n":                 len(rows),
		"coef_names":        names,
		"hat_first10":       first10(pick(inf.Leverage)),
		"cooks_first10":     first10(cooks),
		"dffits_first10":    first10(pick(inf.DFFITS)),
		"dfbetas_first10":   dfb,
		"rstandard_first10": first10(pick(inf.Standardized)),
		"rstudent_first10":  first10(pick(inf.Studentized)),
		"covratio_first10":  first10(pick(inf.CovRatio)),
		"max_cooks_index":   imax + 1,
		"max_cooks_value":   vmax,
	})
}

func refPredictInterval(t *testing.T, c *reftest.Case) {
	fr, d, _, w := modelCase(t, c)
	f := refLinear(t, d, w)
	// spec.newdata, else the case's second data file.
	ndName, ok, err := c.SpecString("newdata")
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		if len(c.DataFiles) < 2 {
			t.Fatal("predict_interval: no spec.newdata and no second data file")
		}
		ndName = c.DataFiles[1]
	}
	fh, err := os.Open(filepath.Join(c.Dir, ndName))
	if err != nil {
		t.Fatal(err)
	}
	nd, err := reftest.ReadTable(fh, ndName)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows := make([]int, nd.Len())
	for i := range rows {
		rows[i] = i
	}
	names, cols, _ := fr.design(t, nd, rows, specStrings(t, c, "predictors"), f.Intercept)
	if f.Intercept {
		names = append([]string{InterceptName}, names...)
		ones := make([]float64, nd.Len())
		for i := range ones {
			ones[i] = 1
		}
		cols = append([][]float64{ones}, cols...)
	}
	if !slices.Equal(names, f.Names) {
		t.Fatalf("newdata columns %v, fit %v", names, f.Names)
	}
	x0 := mat.NewDense(nd.Len(), len(names), nil)
	for j, col := range cols {
		x0.SetCol(j, col)
	}
	level := 0.95
	if l, ok := c.Spec["level"].(float64); ok {
		level = l
	}
	got := map[string]any{"n_new": nd.Len()}
	intervals := specStringsOr(t, c, "intervals", resultKeys(c, map[string]string{"confidence": "confidence", "prediction": "prediction"}, "confidence", "prediction"))
	var warns []string
	for _, iv := range intervals {
		var typ IntervalType
		switch iv {
		case "confidence":
			typ = ConfidenceInterval
		case "prediction":
			typ = PredictionInterval
		default:
			t.Fatalf("unknown interval %q", iv)
		}
		p, err := f.PredictInterval(x0, PredictOptions{Interval: typ, Level: level})
		if err != nil {
			t.Fatal(err)
		}
		got[iv] = map[string]any{"fit": p.Fit, "lwr": p.Lower, "upr": p.Upper}
		got["se_fit"] = p.SEFit
		got["df"] = p.DF
		got["residual_scale"] = p.ResidualScale
		warns = append(warns, p.Warnings...)
	}
	checkWarnings(t, c, warns, []string{`^Assuming constant prediction variance`, `^prediction from a rank-deficient fit`})
	compareInfer(t, c, got)
}

// ---- agreement report ----

// logAgreement logs the worst relative difference |got − want|/|want| over
// the numeric leaves of the case (and the worst absolute one where R has
// an exact 0), for the record of how closely each method matches R. It
// does not judge: reftest.Compare does.
func logAgreement(t *testing.T, c *reftest.Case, got map[string]any) {
	t.Helper()
	var worstRel, worstAbs, worstP float64
	var relPath, absPath, pPath string
	var walk func(p string, w any, g any)
	walk = func(p string, w any, g any) {
		switch wv := w.(type) {
		case map[string]any:
			gm, ok := g.(map[string]any)
			if !ok {
				return
			}
			for k, sub := range wv {
				q := k
				if p != "" {
					q = p + "." + k
				}
				walk(q, sub, gm[k])
			}
		case []any:
			gs := toAnySlice(g)
			if len(gs) != len(wv) {
				if len(wv) == 1 {
					walk(p, wv[0], g)
				}
				return
			}
			for i := range wv {
				walk(fmt.Sprintf("%s[%d]", p, i), wv[i], gs[i])
			}
		case float64:
			gf, ok := toFloat(g)
			if !ok {
				if gs := toAnySlice(g); len(gs) == 1 {
					gf, ok = toFloat(gs[0])
				}
			}
			if !ok || math.IsNaN(gf) {
				return
			}
			d := math.Abs(gf - wv)
			if wv == 0 {
				if d > worstAbs {
					worstAbs, absPath = d, p
				}
				return
			}
			r := d / math.Abs(wv)
			if strings.Contains(p, "p_value") {
				if r > worstP {
					worstP, pPath = r, p
				}
			} else if r > worstRel {
				worstRel, relPath = r, p
			}
		}
	}
	walk("", c.Expected, got)
	t.Logf("agreement with R: worst relative difference %.2g (%s); of p-values %.2g (%s); worst absolute difference at an exact 0: %.2g (%s)",
		worstRel, relPath, worstP, pPath, worstAbs, absPath)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

func toAnySlice(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case [][]float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	}
	return nil
}

// compareInfer compares got with the case and logs the agreement.
func compareInfer(t *testing.T, c *reftest.Case, got map[string]any) {
	t.Helper()
	reftest.Compare(t, c, got)
	logAgreement(t, c, got)
}
