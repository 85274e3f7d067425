package independence

import (
	"flag"
	"math"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory of R reference cases (see testdata/reference/README.md)")

// TestReference runs every R reference case under -reference. It never
// skips: no cases, or a case whose method this package does not implement,
// is a failure. Every leaf of expected.json "results" is compared by the
// case's tolerance rules.
func TestReference(t *testing.T) { runReference(t, *referenceDir) }

// TestReferenceExtra runs the cases of testdata/reference_extra (made by
// make_cases.R there): ties, one-sided alternatives, exact p-values and R's
// warning when ties prevent them, the continuity correction, NA rows,
// irregular and tied times.
func TestReferenceExtra(t *testing.T) { runReference(t, "testdata/reference_extra") }

func runReference(t *testing.T, dir string) {
	reftest.Run(t, dir, map[string]func(*testing.T, *reftest.Case){
		"spearman":     refSpearman,
		"mann_kendall": refMannKendall,
	})
}

// The spec vocabulary this harness honours: x and y (spearman), time and
// value (mann_kendall): columns of data.csv, rows with NA in either dropped
// (cor.test's complete.cases); alternative ("two.sided", "greater",
// "less"; direction is read as a synonym); exact (true or false; absent is
// false, as the shared cases' R code); continuity (spearman; mann_kendall reports both). R's
// warnings (r_warnings) are compared as verdicts. Unknown keys are ignored.

// testOptions reads alternative, exact and continuity.
func testOptions(t *testing.T, c *reftest.Case) TestOptions {
	t.Helper()
	var opt TestOptions
	alt, ok, err := c.SpecString("alternative")
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		if alt, ok, err = c.SpecString("direction"); err != nil {
			t.Fatal(err)
		}
	}
	if ok {
		if opt.Alternative, err = ParseAlternative(alt); err != nil {
			t.Fatal(err)
		}
	}
	// The shared cases' R code has exact = FALSE where the spec is silent.
	opt.Exact = ExactNever
	if ex, ok, err := c.SpecBool("exact"); err != nil {
		t.Fatal(err)
	} else if ok && ex {
		opt.Exact = ExactAlways
	}
	if cc, ok, err := c.SpecBool("continuity"); err != nil {
		t.Fatal(err)
	} else if ok {
		opt.Continuity = cc
	}
	return opt
}

// pairColumns returns the spec's two columns, rows with NA in either dropped.
func pairColumns(t *testing.T, c *reftest.Case, a, b string) ([]float64, []float64) {
	t.Helper()
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	col := func(key string) []float64 {
		name, ok, err := c.SpecString(key)
		if err != nil || !ok {
			t.Fatalf("spec.%s missing (%v)", key, err)
		}
		v, err := tab.Num(name)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	x, y := col(a), col(b)
	var xs, ys []float64
	for i := range x {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) {
			xs, ys = append(xs, x[i]), append(ys, y[i])
		}
	}
	if len(xs) < len(x) {
		t.Logf("%d rows with NA dropped (complete.cases)", len(x)-len(xs))
	}
	return xs, ys
}

// checkVerdicts compares R's warnings with the implementation's.
func checkVerdicts(t *testing.T, c *reftest.Case, got []string) {
	t.Helper()
	want := slices.Clone(c.Warnings)
	slices.Sort(want)
	g := slices.Clone(got)
	slices.Sort(g)
	if !slices.Equal(want, g) {
		t.Errorf("warnings: got %q, R warned %q", g, want)
	}
}

func refSpearman(t *testing.T, c *reftest.Case) {
	x, y := pairColumns(t, c, "x", "y")
	r, err := SpearmanTest(x, y, testOptions(t, c))
	if err != nil {
		t.Fatal(err)
	}
	checkVerdicts(t, c, r.Warnings)
	reftest.Compare(t, c, map[string]any{
		"n": r.N, "rho": r.Rho, "S": r.S, "p_value": r.PValue,
		"t_statistic": r.T, "alternative": r.Alternative,
	})
}

// refMannKendall follows the shared case's R code: tau_b, z and the
// p-values are cor.test(time, value)'s; S, var_S and sens_slope are over the
// series in row order (S = Σ sign(y_j − y_i), var_S corrected for ties in
// y only, the slope per step), which is the test of value against its
// position: the same numbers when time is 1..n.
func refMannKendall(t *testing.T, c *reftest.Case) {
	tm, y := pairColumns(t, c, "time", "value")
	opt := testOptions(t, c)
	r, err := MannKendallTest(tm, y, opt)
	if err != nil {
		t.Fatal(err)
	}
	pos := make([]float64, len(y))
	for i := range pos {
		pos[i] = float64(i + 1)
	}
	series, err := MannKendallTest(pos, y, TestOptions{Exact: ExactNever})
	if err != nil {
		t.Fatal(err)
	}
	checkVerdicts(t, c, r.Warnings)
	z, zc := r.Z, r.ZContinuity
	if r.Exact { // cor.test's statistic is then T, with or without continuity
		z, zc = r.T, r.T
	}
	if opt.Continuity {
		t.Log("spec.continuity: both the plain and the corrected test are reported")
	}
	got := map[string]any{
		"n": r.N, "tau_b": r.TauB, "S": series.S, "var_S": series.VarS,
		"z": z, "p_value": r.PValue,
		"z_continuity": zc, "p_value_continuity": r.PValueContinuity,
		"sens_slope": series.SensSlope,
	}
	if _, ok := c.Expected["alternative"]; ok {
		got["alternative"] = r.Alternative
	}
	reftest.Compare(t, c, got)
}
