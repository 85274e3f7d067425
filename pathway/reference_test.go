package pathway

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory of R reference cases")

// TestReference runs every R reference case in -reference and compares every
// leaf of its expected results. It never skips: an unknown method or an
// empty directory fails.
func TestReference(t *testing.T) { runReference(t, *referenceDir) }

// TestReferenceExtra runs the cases of testdata/reference_extra (made by
// make_cases.R there) through the same harness: other conf levels and
// types, curves that reach 0, groups of one row, NA rows, status 1/2,
// three or more groups, rho from the spec, quantile types 1-9.
func TestReferenceExtra(t *testing.T) { runReference(t, "testdata/reference_extra") }

// The spec vocabulary this harness honours (reference README):
//
//   - time, event, group: columns of data.csv. Rows with NA in any of them
//     are dropped (R's na.omit). Without event every time is an event, as
//     Surv(time). event is coded as R's Surv codes it: 0/1,
//     TRUE/FALSE, or 1/2 (2 = event) when its largest value is 2; any other
//     value becomes NA with R's warning "Invalid status value".
//   - group: a text column gives strata named "group=level"; a numeric one
//     is ordered numerically and labelled as R prints the numbers.
//   - kaplan_meier: conf_level (0.95), conf_types (["log"]; a string is a
//     list of one), rmean_tau (required: from the spec, or the value R
//     echoes in the results), quantile_probs (0.25, 0.5, 0.75, 0.9).
//   - logrank: rho. Each result block holding "chisq" is one test; its key
//     names its rho ("logrank": 0, "peto_peto*": 1, "...rho<r>": r);
//     results that are one block take spec.rho (default 0).
//   - quantile: x, quantile_probs (or probs; else the probs R echoes, else
//     the shared case's), types (else every "type<k>" leaf of the results).
//   - keys the harness does not know are ignored.
func runReference(t *testing.T, dir string) {
	run := func(f func(*testing.T, *reftest.Case, *reftest.Table) map[string]any) func(*testing.T, *reftest.Case) {
		return func(t *testing.T, c *reftest.Case) {
			tab, err := c.Table()
			if err != nil {
				t.Fatal(err)
			}
			reftest.Compare(t, c, f(t, c, tab))
		}
	}
	reftest.Run(t, dir, map[string]func(*testing.T, *reftest.Case){
		"kaplan_meier": run(refKaplanMeier),
		"logrank":      run(refLogRank),
		"quantile":     run(refQuantile),
	})
}

// The spec accessors of the harness: a key of the wrong type fails the case.
func specStr(t *testing.T, c *reftest.Case, key string) (string, bool) {
	t.Helper()
	v, ok, err := c.SpecString(key)
	if err != nil {
		t.Fatal(err)
	}
	return v, ok
}

func specNum(t *testing.T, c *reftest.Case, key string) (float64, bool) {
	t.Helper()
	v, ok, err := c.SpecFloat(key)
	if err != nil {
		t.Fatal(err)
	}
	return v, ok
}

func specNums(t *testing.T, c *reftest.Case, key string) ([]float64, bool) {
	t.Helper()
	v, ok, err := c.SpecFloats(key)
	if err != nil {
		t.Fatal(err)
	}
	return v, ok
}

func specStrs(t *testing.T, c *reftest.Case, key string) ([]string, bool) {
	t.Helper()
	v, ok, err := c.SpecStrings(key)
	if err != nil {
		t.Fatal(err)
	}
	return v, ok
}

func specString(t *testing.T, c *reftest.Case, key string) string {
	t.Helper()
	v, ok := specStr(t, c, key)
	if !ok {
		t.Fatalf("spec.%s missing", key)
	}
	return v
}

// survData reads the time, event and optional group columns named in the
// spec, dropping rows where any is NA, as survfit and survdiff do.
func survData(t *testing.T, c *reftest.Case, tab *reftest.Table) (times []float64, events []bool, groups []string, gname string) {
	t.Helper()
	tm, err := tab.Num(specString(t, c, "time"))
	if err != nil {
		t.Fatal(err)
	}
	var status []float64
	if evName, ok := specStr(t, c, "event"); ok && evName != "" {
		status = survStatus(t, c, tab, evName)
	} else {
		// Surv(time) without a status: every time is an event.
		status = make([]float64, len(tm))
		for i := range status {
			status[i] = 1
		}
	}
	var gcol []string
	g, hasGroup := specStr(t, c, "group")
	if hasGroup && g != "" {
		gname = g
		gcol = tab.Str(g)
		if gcol == nil {
			t.Fatalf("no group column %q", g)
		}
		if isNumeric(tab, g) {
			// R's strata label a numeric column's values as it prints them.
			v, _ := tab.Num(g)
			for i, x := range v {
				if !math.IsNaN(x) {
					gcol[i] = reftest.FormatR(x)
				}
			}
		}
	}
	dropped := 0
	for i := range tm {
		if math.IsNaN(tm[i]) || math.IsNaN(status[i]) || (gcol != nil && (gcol[i] == "NA" || gcol[i] == "")) {
			dropped++
			continue
		}
		times = append(times, tm[i])
		events = append(events, status[i] == 1)
		if gcol != nil {
			groups = append(groups, gcol[i])
		}
	}
	if dropped > 0 {
		t.Logf("%d rows with NA dropped, as R's na.omit", dropped)
	}
	return times, events, groups, gname
}

func isNumeric(tab *reftest.Table, col string) bool {
	_, err := tab.Num(col)
	return err == nil
}

// survStatus codes the event column as survival's Surv(time, event): 0/1
// or TRUE/FALSE; 1/2 when the largest value is 2; other values NA, with R's
// warning, which the case must then have.
func survStatus(t *testing.T, c *reftest.Case, tab *reftest.Table, col string) []float64 {
	t.Helper()
	raw := tab.Str(col)
	if raw == nil {
		t.Fatalf("no event column %q", col)
	}
	out := make([]float64, len(raw))
	logical := true
	for _, s := range raw {
		switch s {
		case "TRUE", "FALSE", "T", "F", "NA", "":
		default:
			logical = false
		}
	}
	if logical {
		for i, s := range raw {
			switch s {
			case "TRUE", "T":
				out[i] = 1
			case "FALSE", "F":
				out[i] = 0
			default:
				out[i] = math.NaN()
			}
		}
		return out
	}
	v, err := tab.Num(col)
	if err != nil {
		t.Fatalf("event column: %v", err)
	}
	maxV := math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) {
			maxV = math.Max(maxV, x)
		}
	}
	invalid := 0
	for i, x := range v {
		if maxV == 2 {
			x--
		}
		if !math.IsNaN(x) && x != 0 && x != 1 {
			invalid++
			x = math.NaN()
		}
		out[i] = x
	}
	if (invalid > 0) != c.Warned("Invalid status value") {
		t.Errorf("%d invalid status values (made NA); R warned %q", invalid, c.Warnings)
	}
	return out
}

var confKey = regexp.MustCompile(`[^a-z]`)

// rmeanTau returns spec.rmean_tau, or the tau R echoes in the results'
// summaries (rmean_tau leaves), which must then agree.
func rmeanTau(t *testing.T, c *reftest.Case) float64 {
	t.Helper()
	if tau, ok := specNum(t, c, "rmean_tau"); ok {
		return tau
	}
	var taus []float64
	var walk func(v any)
	walk = func(v any) {
		if m, ok := v.(map[string]any); ok {
			for k, sub := range m {
				if f, isNum := sub.(float64); isNum && k == "rmean_tau" {
					taus = append(taus, f)
				}
				walk(sub)
			}
		}
	}
	walk(c.Expected)
	slices.Sort(taus)
	taus = slices.Compact(taus)
	if len(taus) != 1 {
		t.Fatalf("no spec.rmean_tau, and the results give %v", taus)
	}
	t.Logf("rmean_tau %v from the results (the spec has none)", taus[0])
	return taus[0]
}

func refKaplanMeier(t *testing.T, c *reftest.Case, tab *reftest.Table) map[string]any {
	times, events, groups, gname := survData(t, c, tab)
	level, ok := specNum(t, c, "conf_level")
	if !ok {
		level = 0.95
	}
	tau := rmeanTau(t, c)
	probs, ok := specNums(t, c, "quantile_probs")
	if !ok {
		probs = []float64{0.25, 0.5, 0.75, 0.9} // km_summary's default
	}
	types, ok := specStrs(t, c, "conf_types")
	if !ok {
		types = []string{"log"} // survfit's default
	}
	got := map[string]any{"conf_int": level, "error": "greenwood"}
	for _, ctName := range types {
		ct, err := ParseConfType(ctName)
		if err != nil {
			t.Fatal(err)
		}
		opts := KMOptions{ConfType: ct, ConfLevel: level}
		var labels []string
		var fits []*KMFit
		if groups == nil {
			f, err := KaplanMeier(times, events, opts)
			if err != nil {
				t.Fatal(err)
			}
			labels, fits = []string{"all"}, []*KMFit{f}
		} else {
			g, err := KaplanMeierByGroup(times, events, groups, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range g.Groups {
				labels = append(labels, gname+"="+l)
			}
			fits = g.Fits
		}
		table := map[string]any{}
		summary := map[string]any{}
		for i, f := range fits {
			table[labels[i]] = map[string]any{
				"time": f.Time, "n_risk": f.NRisk, "n_event": f.NEvent, "n_censor": f.NCensor,
				"surv": f.Surv, "std_err_logsurv": f.StdErrLogSurv, "std_err_surv": f.StdErrSurv,
				"lower": f.Lower, "upper": f.Upper,
			}
			med := f.Median()
			rm, rse, err := f.RestrictedMean(tau)
			if err != nil {
				t.Fatal(err)
			}
			qs, err := f.Quantiles(probs)
			if err != nil {
				t.Fatal(err)
			}
			var q, ql, qu []float64
			for _, x := range qs {
				q, ql, qu = append(q, x.Value), append(ql, x.Lower), append(qu, x.Upper)
			}
			summary[labels[i]] = map[string]any{
				"n": f.N, "events": f.Events, "median": med.Value, "median_lower": med.Lower, "median_upper": med.Upper,
				"rmean": rm, "rmean_se": rse, "rmean_tau": tau, "quantile_probs": slices.Clone(probs),
				"quantile": q, "quantile_lower": ql, "quantile_upper": qu,
			}
		}
		key := confKey.ReplaceAllString(ctName, "") // "log-log" -> "loglog"
		got["table_"+key] = table
		got["summary_"+key] = summary
	}
	return got
}

var rhoInKey = regexp.MustCompile(`rho_?([0-9]+(?:\.[0-9]+)?)$`)

// testRho returns the rho of a result block named key.
func testRho(t *testing.T, c *reftest.Case, key string) float64 {
	t.Helper()
	if m := rhoInKey.FindStringSubmatch(key); m != nil {
		r, _ := strconv.ParseFloat(m[1], 64)
		return r
	}
	switch {
	case key == "logrank" || key == "log_rank":
		return 0
	case strings.HasPrefix(key, "peto"):
		return 1
	}
	if r, ok := specNum(t, c, "rho"); ok {
		return r
	}
	if key == "" {
		return 0
	}
	t.Fatalf("result block %q: no rho in its name and no spec.rho", key)
	return 0
}

func refLogRank(t *testing.T, c *reftest.Case, tab *reftest.Table) map[string]any {
	times, events, groups, gname := survData(t, c, tab)
	if groups == nil {
		t.Fatal("logrank: spec.group missing")
	}
	test := func(rho float64) map[string]any {
		r, err := LogRank(times, events, groups, LogRankOptions{Rho: rho})
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(r.Groups))
		for i, g := range r.Groups {
			names[i] = fmt.Sprintf("%s=%s", gname, g)
		}
		return map[string]any{
			"groups": names, "n": r.N, "observed": r.Observed, "expected": r.Expected, "var": r.Var,
			"chisq": r.ChiSq, "df": r.DF, "p_value": r.PValue,
		}
	}
	if _, flat := c.Expected["chisq"]; flat {
		return test(testRho(t, c, ""))
	}
	got := map[string]any{}
	for key, v := range c.Expected {
		if m, ok := v.(map[string]any); ok {
			if _, isTest := m["chisq"]; isTest {
				got[key] = test(testRho(t, c, key))
			}
		}
	}
	if len(got) == 0 {
		t.Fatal("logrank: no result block with chisq")
	}
	return got
}

// sharedProbs are the probabilities of the shared quantile case's R code.
var sharedProbs = []float64{0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1}

// quantileTask returns the probabilities and the types of a quantile case.
func quantileTask(t *testing.T, c *reftest.Case) (probs []float64, types []int) {
	t.Helper()
	var ok bool
	if probs, ok = specNums(t, c, "quantile_probs"); !ok {
		if probs, ok = specNums(t, c, "probs"); !ok {
			raw, isList := c.Expected["probs"].([]any)
			if f, isNum := c.Expected["probs"].(float64); isNum {
				raw, isList = []any{f}, true
			}
			if isList {
				for _, p := range raw {
					f, _ := p.(float64)
					probs = append(probs, f)
				}
				t.Log("probs from the results (the spec has none)")
			} else {
				probs = slices.Clone(sharedProbs)
			}
		}
	}
	if ts, ok := specNums(t, c, "types"); ok {
		for _, x := range ts {
			types = append(types, int(x))
		}
		return probs, types
	}
	for k := range c.Expected {
		if ok, _ := path.Match("type[1-9]", k); ok {
			types = append(types, int(k[4]-'0'))
		}
	}
	slices.Sort(types)
	if len(types) == 0 {
		t.Fatal("quantile: no spec.types and no type<k> results")
	}
	return probs, types
}

func refQuantile(t *testing.T, c *reftest.Case, tab *reftest.Table) map[string]any {
	x, err := tab.Num(specString(t, c, "x"))
	if err != nil {
		t.Fatal(err)
	}
	probs, types := quantileTask(t, c)
	got := map[string]any{"probs": probs}
	for _, typ := range types {
		s, err := SummariseWaits(x, WaitOptions{Probs: probs, Type: QuantileType(typ)})
		if errors.Is(err, ErrTime) && !slices.ContainsFunc(x, math.IsNaN) {
			// Not waits (a negative value): R's quantile of any data, by
			// the package's quantile function, the one SummariseWaits uses.
			t.Logf("%v: quantiles through sampleQuantile", err)
			got[fmt.Sprintf("type%d", typ)] = anyQuantiles(x, probs, QuantileType(typ))
			got["n"] = len(x)
			got["mean"], got["sd"] = stat.MeanStdDev(x, nil)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("type%d", typ)] = s.Quantiles
		got["n"], got["mean"], got["sd"] = s.N, s.Mean, s.SD
	}
	return got
}

func anyQuantiles(x, probs []float64, typ QuantileType) []float64 {
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	out := make([]float64, len(probs))
	for i, p := range probs {
		out[i] = sampleQuantile(sorted, p, typ)
	}
	return out
}
