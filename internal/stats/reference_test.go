package stats

import (
	"flag"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory of R reference cases")

// TestReference runs the R reference cases for this package's methods
// (see testdata/reference/README.md). Run another set with
// go test ./internal/stats -run TestReference -v -args -reference=DIR.
func TestReference(t *testing.T) {
	reftest.Run(t, *referenceDir, map[string]func(*testing.T, *reftest.Case){
		"quantile": runQuantileCase,
	})
}

func runQuantileCase(t *testing.T, c *reftest.Case) {
	tab, err := c.Table()
	if err != nil {
		t.Fatal(err)
	}
	col, ok := c.Spec["x"].(string)
	if !ok {
		t.Fatalf("spec.x missing")
	}
	x, err := tab.Num(col)
	if err != nil {
		t.Fatal(err)
	}
	probs, ok := c.Expected["probs"].([]any)
	if !ok {
		t.Fatalf("results.probs missing")
	}
	ps := make([]float64, len(probs))
	for i, p := range probs {
		ps[i] = p.(float64)
	}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	q7, err := Quantiles(sorted, ps, Type7)
	if err != nil {
		t.Fatal(err)
	}
	q6, err := Quantiles(sorted, ps, Type6)
	if err != nil {
		t.Fatal(err)
	}
	// mean and sd are not this package's: they are checked through gonum's
	// stat.MeanStdDev (unbiased sd, as R), which the other packages use.
	mean, sd := stat.MeanStdDev(x, nil)
	reftest.Compare(t, c, map[string]any{
		"n":     len(x),
		"probs": ps,
		"type7": q7,
		"type6": q6,
		"mean":  mean,
		"sd":    sd,
	})
}
