package calibrate

import (
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

// The summary's model lines must read as R's print(summary(lm(...))) does
// for mtcars mpg ~ wt + hp + qsec (values rounded from R's expected.json in
// testdata/reference/ols_mtcars).
func TestSummaryMtcars(t *testing.T) {
	cases, err := reftest.Load("testdata/reference")
	mustNo(t, err)
	var c *reftest.Case
	for _, k := range cases {
		if k.ID == "ols_mtcars" {
			c = k
		}
	}
	if c == nil {
		t.Fatal("ols_mtcars case missing")
	}
	d := caseDesign(t, c).d
	f, err := OLS(d, Options{})
	mustNo(t, err)
	s := strings.Join(strings.Fields(f.Summary()), " ")
	for _, want := range []string{
		"OLS: mpg ~ wt + hp + qsec",
		"Residual standard error: 2.578 on 28 degrees of freedom",
		"Multiple R-squared: 0.8348, Adjusted R-squared: 0.8171",
		"F-statistic: 47.15 on 3 and 28 DF, p-value: 4.51e-11",
		"wt -4.3588 0.7527 -5.791 3.22e-06 ***",
		"Min 1Q Median 3Q Max -3.859 -1.642 -0.4636 1.194 5.609", // R: -3.8591 -1.6418 -0.4636 1.1940 5.6092
		"2.5 %",
		"AIC: 157.143",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

// TestSummaryUndefinedSaysNA: undefined quantities print as R prints them,
// "NA", never "NaN": an aliased coefficient, and every standard error,
// statistic and the residual standard error of a saturated fit (n = p).
func TestSummaryUndefinedSaysNA(t *testing.T) {
	x := []float64{1, 2, 3}
	x2 := []float64{2, 4, 6} // 2x: aliased
	y := []float64{1.1, 2.3, 2.9}
	for _, c := range []struct {
		name  string
		names []string
		cols  [][]float64
		y     []float64
	}{
		{"aliased", []string{"x", "x2"}, [][]float64{x, x2}, y},
		{"saturated", []string{"x"}, [][]float64{x[:2]}, y[:2]},
	} {
		d, err := NewDesign(c.names, c.cols, c.y, true)
		mustNo(t, err)
		f, err := OLS(d, Options{})
		mustNo(t, err)
		if s := f.Summary(); strings.Contains(s, "NaN") || !strings.Contains(s, "NA") {
			t.Errorf("%s: the summary must say NA, never NaN:\n%s", c.name, s)
		}
	}
}
