package stats

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory of R reference cases")

// TestReference runs the R reference cases for this package's methods
// (see testdata/reference/README.md). Run another set with
// go test ./internal/stats -run TestReference -v -args -reference=DIR.
func TestReference(t *testing.T) { runReference(t, *referenceDir) }

// TestReferenceExtra runs the cases of testdata/reference_extra (made by
// make_cases.R there): probabilities from the spec, R's nine types,
// negative values, n = 1 and 2.
func TestReferenceExtra(t *testing.T) { runReference(t, "testdata/reference_extra") }

func runReference(t *testing.T, dir string) {
	reftest.Run(t, dir, map[string]func(*testing.T, *reftest.Case){
		"quantile": runQuantileCase,
	})
}

// sharedProbs are the probabilities of the shared quantile case's R code.
var sharedProbs = []float64{0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1}

// quantileTask returns the case's probabilities (spec.quantile_probs or
// spec.probs; else those R echoes in the results; else the shared case's)
// and types (spec.types; else every "type<k>" leaf of the results).
func quantileTask(t *testing.T, c *reftest.Case) (probs []float64, types []QuantileType) {
	t.Helper()
	get := func(key string) ([]float64, bool) {
		v, ok, err := c.SpecFloats(key)
		if err != nil {
			t.Fatal(err)
		}
		return v, ok
	}
	var ok bool
	if probs, ok = get("quantile_probs"); !ok {
		if probs, ok = get("probs"); !ok {
			raw, isList := c.Expected["probs"].([]any)
			if f, isNum := c.Expected["probs"].(float64); isNum {
				raw, isList = []any{f}, true
			}
			if isList {
				for _, p := range raw {
					f, isNum := p.(float64)
					if !isNum {
						t.Fatalf("results.probs: %v is not a number", p)
					}
					probs = append(probs, f)
				}
			} else {
				probs = slices.Clone(sharedProbs)
			}
		}
	}
	if ts, ok := get("types"); ok {
		for _, x := range ts {
			types = append(types, QuantileType(x))
		}
		return probs, types
	}
	for k := range c.Expected {
		if len(k) == 5 && strings.HasPrefix(k, "type") && k[4] >= '1' && k[4] <= '9' {
			types = append(types, QuantileType(k[4]-'0'))
		}
	}
	slices.Sort(types)
	if len(types) == 0 {
		t.Fatal("quantile: no spec.types and no type<k> results")
	}
	return probs, types
}

func runQuantileCase(t *testing.T, c *reftest.Case) {
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	col, ok, err := c.SpecString("x")
	if err != nil || !ok {
		t.Fatalf("spec.x missing (%v)", err)
	}
	x, err := tab.Num(col)
	if err != nil {
		t.Fatal(err)
	}
	ps, types := quantileTask(t, c)
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	// mean and sd are not this package's: they are checked through gonum's
	// stat.MeanStdDev (unbiased sd, as R; NaN for one value, R's NA), which
	// the other packages use.
	mean, sd := stat.MeanStdDev(x, nil)
	got := map[string]any{"n": len(x), "probs": ps, "mean": mean, "sd": sd}
	for _, typ := range types {
		q, err := Quantiles(sorted, ps, typ)
		if err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("type%d", int(typ))] = q
	}
	reftest.Compare(t, c, got)
}
