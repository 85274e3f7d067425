package pathway

import (
	"flag"
	"fmt"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory of R reference cases")

// TestReference runs every R reference case in -reference and compares every
// leaf of its expected results. It never skips: an unknown method or an
// empty directory fails.
func TestReference(t *testing.T) {
	run := func(f func(*testing.T, *reftest.Case, *reftest.Table) map[string]any) func(*testing.T, *reftest.Case) {
		return func(t *testing.T, c *reftest.Case) {
			tab, err := c.Table()
			if err != nil {
				t.Fatal(err)
			}
			reftest.Compare(t, c, f(t, c, tab))
		}
	}
	reftest.Run(t, *referenceDir, map[string]func(*testing.T, *reftest.Case){
		"kaplan_meier": run(refKaplanMeier),
		"logrank":      run(refLogRank),
		"quantile":     run(refQuantile),
	})
}

func specString(t *testing.T, c *reftest.Case, key string) string {
	v, ok := c.Spec[key].(string)
	if !ok {
		t.Fatalf("spec.%s missing or not a string: %v", key, c.Spec[key])
	}
	return v
}

func specFloats(t *testing.T, c *reftest.Case, key string) []float64 {
	raw, ok := c.Spec[key].([]any)
	if !ok {
		t.Fatalf("spec.%s missing", key)
	}
	out := make([]float64, len(raw))
	for i, v := range raw {
		out[i] = v.(float64)
	}
	return out
}

// survData reads time, event and optional group columns named in the spec.
func survData(t *testing.T, c *reftest.Case, tab *reftest.Table) (times []float64, events []bool, groups []string, gname string) {
	times, err := tab.Num(specString(t, c, "time"))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := tab.Num(specString(t, c, "event"))
	if err != nil {
		t.Fatal(err)
	}
	events = make([]bool, len(ev))
	for i, v := range ev {
		if v != 0 && v != 1 {
			t.Fatalf("event[%d] = %v", i, v)
		}
		events[i] = v == 1
	}
	if g, ok := c.Spec["group"].(string); ok {
		gname = g
		groups = tab.Str(g)
		if groups == nil {
			t.Fatalf("no group column %q", g)
		}
	}
	return times, events, groups, gname
}

var confKey = map[string]string{"log": "log", "log-log": "loglog", "plain": "plain"}

func refKaplanMeier(t *testing.T, c *reftest.Case, tab *reftest.Table) map[string]any {
	times, events, groups, gname := survData(t, c, tab)
	level := c.Spec["conf_level"].(float64)
	tau := c.Spec["rmean_tau"].(float64)
	probs := specFloats(t, c, "quantile_probs")
	got := map[string]any{"conf_int": level, "error": "greenwood"}
	for _, ctAny := range c.Spec["conf_types"].([]any) {
		ctName := ctAny.(string)
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
		got["table_"+confKey[ctName]] = table
		got["summary_"+confKey[ctName]] = summary
	}
	return got
}

func refLogRank(t *testing.T, c *reftest.Case, tab *reftest.Table) map[string]any {
	times, events, groups, gname := survData(t, c, tab)
	got := map[string]any{}
	for key, rho := range map[string]float64{"logrank": 0, "peto_peto_rho1": 1} {
		r, err := LogRank(times, events, groups, LogRankOptions{Rho: rho})
		if err != nil {
			t.Fatal(err)
		}
		names := make([]string, len(r.Groups))
		for i, g := range r.Groups {
			names[i] = fmt.Sprintf("%s=%s", gname, g)
		}
		got[key] = map[string]any{
			"groups": names, "n": r.N, "observed": r.Observed, "expected": r.Expected, "var": r.Var,
			"chisq": r.ChiSq, "df": r.DF, "p_value": r.PValue,
		}
	}
	return got
}

func refQuantile(t *testing.T, c *reftest.Case, tab *reftest.Table) map[string]any {
	x, err := tab.Num(specString(t, c, "x"))
	if err != nil {
		t.Fatal(err)
	}
	// probs from the case's r_code
	probs := []float64{0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1}
	s7, err := SummariseWaits(x, WaitOptions{Probs: probs})
	if err != nil {
		t.Fatal(err)
	}
	s6, err := SummariseWaits(x, WaitOptions{Probs: probs, Type: Type6})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]any{"n": s7.N, "probs": probs, "type7": s7.Quantiles, "type6": s6.Quantiles, "mean": s7.Mean, "sd": s7.SD}
}
