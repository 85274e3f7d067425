package calibrate

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// Summary returns a text summary in the layout of R's summary.lm (residual
// quantiles, coefficient table with significance stars, residual standard
// error, R², F test) followed by the statsmodels-style extras (log-likelihood,
// AIC, BIC as R defines them, and the confidence intervals). Numbers are
// rounded for reading; use the fields for exact values.
func (f *LinearFit) Summary() string {
	var b strings.Builder
	_ = f.WriteSummary(&b)
	return b.String()
}

// WriteSummary writes Summary to w.
func (f *LinearFit) WriteSummary(w io.Writer) error {
	var b strings.Builder
	kind := "OLS"
	if f.Weights != nil {
		kind = "WLS (" + f.WeightKind.String() + " weights)"
	}
	var terms []string
	if !f.Intercept {
		terms = append(terms, "0")
	}
	for _, nm := range f.Names {
		if nm != InterceptName {
			terms = append(terms, nm)
		}
	}
	fmt.Fprintf(&b, "%s: %s ~ %s\n\n", kind, f.d.responseName(), strings.Join(terms, " + "))

	// Residual quantiles (weighted residuals √w·e for analytic weights, as R).
	var res []float64
	each := func(fn func(i int)) {
		if f.rows != nil {
			for _, i := range f.rows {
				fn(i)
			}
			return
		}
		for i := range f.Residuals {
			fn(i)
		}
	}
	each(func(i int) {
		e := f.Residuals[i]
		if f.Weights != nil {
			if f.Weights[i] == 0 {
				return
			}
			if f.WeightKind == Analytic {
				e *= math.Sqrt(f.Weights[i])
			}
		}
		res = append(res, e)
	})
	slices.Sort(res)
	if len(res) > 5 {
		q, err := stats.Quantiles(res, []float64{0, 0.25, 0.5, 0.75, 1}, stats.Type7)
		if err == nil {
			b.WriteString(map[bool]string{true: "Weighted residuals:\n", false: "Residuals:\n"}[f.Weights != nil && f.WeightKind == Analytic])
			writeTable(&b, []string{"Min", "1Q", "Median", "3Q", "Max"}, nil,
				[][]string{{g4(q[0]), g4(q[1]), g4(q[2]), g4(q[3]), g4(q[4])}})
			b.WriteString("\n")
		}
	}

	b.WriteString("Coefficients:")
	if len(f.Aliased) > 0 {
		fmt.Fprintf(&b, " (%d not defined because of singularities)", len(f.Aliased))
	}
	b.WriteString("\n")
	rows := make([][]string, len(f.Coefs))
	names := make([]string, len(f.Coefs))
	for j, c := range f.Coefs {
		names[j] = c.Name
		if c.Aliased {
			rows[j] = []string{"NA", "NA", "NA", "NA", ""}
			continue
		}
		rows[j] = []string{g6(c.Estimate), g6(c.StdErr), f3(c.Statistic), pval(c.PValue), stars(c.PValue)}
	}
	writeTable(&b, []string{"Estimate", "Std. Error", "t value", "Pr(>|t|)", ""}, names, rows)
	b.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n")

	fmt.Fprintf(&b, "Residual standard error: %s on %s degrees of freedom\n", g4(f.Sigma), trimFloat(f.DFResidual))
	if !math.IsNaN(f.FStatistic) {
		fmt.Fprintf(&b, "Multiple R-squared:  %s,\tAdjusted R-squared:  %s\n", g4(f.RSquared), g4(f.AdjRSquared))
		fmt.Fprintf(&b, "F-statistic: %s on %s and %s DF,  p-value: %s\n",
			g4(f.FStatistic), trimFloat(f.FDF1), trimFloat(f.FDF2), pval(f.FPValue))
	}
	fmt.Fprintf(&b, "Observations: %s   Log-likelihood: %s   AIC: %s   BIC: %s\n\n",
		trimFloat(f.NObs), g6(f.LogLik), g6(f.AIC), g6(f.BIC))

	lo := fmt.Sprintf("%.4g %%", 100*(1-f.Level)/2)
	hi := fmt.Sprintf("%.4g %%", 100*(1-(1-f.Level)/2))
	ci := make([][]string, len(f.Coefs))
	for j, c := range f.Coefs {
		if c.Aliased {
			ci[j] = []string{"NA", "NA"}
			continue
		}
		ci[j] = []string{g6(c.Lower), g6(c.Upper)}
	}
	writeTable(&b, []string{lo, hi}, names, ci)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeTable writes right-aligned columns with an optional left-aligned
// row-name column.
func writeTable(b *strings.Builder, header, names []string, rows [][]string) {
	nw := 0
	for _, s := range names {
		nw = max(nw, len(s))
	}
	wd := make([]int, len(header))
	for j, h := range header {
		wd[j] = len(h)
	}
	for _, r := range rows {
		for j, s := range r {
			wd[j] = max(wd[j], len(s))
		}
	}
	line := func(name string, cells []string) {
		s := fmt.Sprintf("%-*s", nw, name)
		for j, c := range cells {
			if header[j] == "" { // stars column, left-aligned
				s += " " + fmt.Sprintf("%-*s", wd[j], c)
				continue
			}
			s += " " + fmt.Sprintf("%*s", wd[j], c)
		}
		b.WriteString(strings.TrimRight(s, " ") + "\n")
	}
	line("", header)
	for i, r := range rows {
		name := ""
		if names != nil {
			name = names[i]
		}
		line(name, r)
	}
}

// f3 formats a test statistic to 3 decimals, or "NA" (R's word) where it
// is undefined.
func f3(v float64) string {
	if math.IsNaN(v) {
		return "NA"
	}
	return fmt.Sprintf("%.3f", v)
}

func g4(v float64) string { return trimFloat(roundSig(v, 4)) }
func g6(v float64) string { return trimFloat(roundSig(v, 6)) }

func roundSig(v float64, d int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	p := math.Pow(10, float64(d-1)-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

func trimFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NA"
	case v != 0 && (math.Abs(v) >= 1e15 || math.Abs(v) < 1e-4):
		return fmt.Sprintf("%.4g", v)
	}
	return fmt.Sprintf("%v", v)
}

func pval(p float64) string {
	switch {
	case math.IsNaN(p):
		return "NA"
	case p < 2e-16:
		return "<2e-16"
	case p < 1e-4:
		return fmt.Sprintf("%.3g", p)
	}
	return fmt.Sprintf("%.4g", roundSig(p, 3))
}

func stars(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		return "***"
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	case p < 0.1:
		return "."
	}
	return ""
}
