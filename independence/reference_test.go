package independence

import (
	"flag"
	"fmt"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

var referenceDir = flag.String("reference", "testdata/reference", "directory of R reference cases (see testdata/reference/README.md)")

// TestReference runs every R reference case under -reference. It never
// skips: no cases, or a case whose method this package does not implement,
// is a failure. Every leaf of expected.json "results" is compared by the
// case's tolerance rules.
func TestReference(t *testing.T) {
	cases, err := reftest.Load(*referenceDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no reference cases")
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			got, err := runReferenceCase(c)
			if err != nil {
				t.Fatal(err)
			}
			reftest.Compare(t, c, got)
		})
	}
}

func specString(c *reftest.Case, key string) (string, error) {
	s, ok := c.Spec[key].(string)
	if !ok || s == "" {
		return "", fmt.Errorf("case %s: spec.%s missing", c.ID, key)
	}
	return s, nil
}

func specColumns(c *reftest.Case, a, b string) ([]float64, []float64, error) {
	ca, err := specString(c, a)
	if err != nil {
		return nil, nil, err
	}
	cb, err := specString(c, b)
	if err != nil {
		return nil, nil, err
	}
	tab, err := c.Table()
	if err != nil {
		return nil, nil, err
	}
	x, err := tab.Num(ca)
	if err != nil {
		return nil, nil, err
	}
	y, err := tab.Num(cb)
	if err != nil {
		return nil, nil, err
	}
	return x, y, nil
}

func runReferenceCase(c *reftest.Case) (map[string]any, error) {
	switch c.Method {
	case "spearman":
		x, y, err := specColumns(c, "x", "y")
		if err != nil {
			return nil, err
		}
		r, err := Spearman(x, y)
		if err != nil {
			return nil, err
		}
		return map[string]any{
			"n": r.N, "rho": r.Rho, "S": r.S, "p_value": r.PValue,
			"t_statistic": r.T, "alternative": r.Alternative,
		}, nil
	case "mann_kendall":
		tm, y, err := specColumns(c, "time", "value")
		if err != nil {
			return nil, err
		}
		r, err := MannKendall(tm, y)
		if err != nil {
			return nil, err
		}
		return map[string]any{
			"n": r.N, "tau_b": r.TauB, "S": r.S, "var_S": r.VarS,
			"z": r.Z, "p_value": r.PValue,
			"z_continuity": r.ZContinuity, "p_value_continuity": r.PValueContinuity,
			"sens_slope": r.SensSlope,
		}, nil
	}
	return nil, fmt.Errorf("case %s: method %q not implemented by package independence", c.ID, c.Method)
}
