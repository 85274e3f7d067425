package calibrate

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

func formulaRHS(names []string) string {
	var terms []string
	if !slices.Contains(names, InterceptName) {
		terms = append(terms, "0")
	}
	for _, nm := range names {
		if nm != InterceptName {
			terms = append(terms, nm)
		}
	}
	return strings.Join(terms, " + ")
}

func writeQuantiles(b *strings.Builder, title string, v []float64) {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s) <= 5 {
		return
	}
	q, err := stats.Quantiles(s, []float64{0, 0.25, 0.5, 0.75, 1}, stats.Type7)
	if err != nil {
		return
	}
	b.WriteString(title + ":\n")
	writeTable(b, []string{"Min", "1Q", "Median", "3Q", "Max"}, nil,
		[][]string{{g4(q[0]), g4(q[1]), g4(q[2]), g4(q[3]), g4(q[4])}})
	b.WriteString("\n")
}

// Summary returns a text summary in the layout of R's summary.glm
// (deviance residuals, coefficient table with stars, dispersion, deviances,
// AIC, iterations) followed by the log-likelihood, BIC and the Wald
// confidence intervals. Numbers are rounded for reading.
func (f *GLMFit) Summary() string {
	var b strings.Builder
	_ = f.WriteSummary(&b)
	return b.String()
}

// WriteSummary writes Summary to w.
func (f *GLMFit) WriteSummary(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "GLM %s(link = %q): %s ~ %s\n\n", f.Family, f.Link.String(), f.Response, formulaRHS(f.Names))
	writeQuantiles(&b, "Deviance Residuals", f.DevianceResiduals())
	b.WriteString("Coefficients:")
	if len(f.Aliased) > 0 {
		fmt.Fprintf(&b, " (%d not defined because of singularities)", len(f.Aliased))
	}
	b.WriteString("\n")
	names := make([]string, len(f.Coefs))
	rows := make([][]string, len(f.Coefs))
	ci := make([][]string, len(f.Coefs))
	for j, c := range f.Coefs {
		names[j] = c.Name
		if c.Aliased {
			rows[j] = []string{"NA", "NA", "NA", "NA", ""}
			ci[j] = []string{"NA", "NA"}
			continue
		}
		rows[j] = []string{g6(c.Estimate), g6(c.StdErr), f3(c.Statistic), pval(c.PValue), stars(c.PValue)}
		ci[j] = []string{g6(c.Lower), g6(c.Upper)}
	}
	st := f.StatisticName
	writeTable(&b, []string{"Estimate", "Std. Error", st + " value", "Pr(>|" + st + "|)", ""}, names, rows)
	b.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n")
	fmt.Fprintf(&b, "(Dispersion parameter for %s family taken to be %s)\n\n", f.Family, g6(f.Dispersion))
	fmt.Fprintf(&b, "    Null deviance: %s  on %d  degrees of freedom\n", g6(f.NullDeviance), f.DFNull)
	fmt.Fprintf(&b, "Residual deviance: %s  on %d  degrees of freedom\n", g6(f.Deviance), f.DFResidual)
	fmt.Fprintf(&b, "AIC: %s   Log-likelihood: %s (df=%d)   BIC: %s\n\n", g6(f.AIC), g6(f.LogLik), f.DF, g6(f.BIC))
	conv := ""
	if !f.Converged {
		conv = " (NOT CONVERGED)"
	}
	fmt.Fprintf(&b, "Number of Fisher Scoring iterations: %d%s\n\n", f.Iterations, conv)
	lo := fmt.Sprintf("%.4g %%", 100*(1-f.ConfLevel)/2)
	hi := fmt.Sprintf("%.4g %%", 100*(1-(1-f.ConfLevel)/2))
	writeTable(&b, []string{lo, hi}, names, ci)
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary returns a text summary in the layout of MASS's summary.rlm.
func (f *RLMFit) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Huber M-estimation (k = %s, MAD scale): ~ %s\n\n", g4(f.K), formulaRHS(f.Names))
	writeQuantiles(&b, "Residuals", f.Residuals)
	b.WriteString("Coefficients:\n")
	names := make([]string, len(f.Coefs))
	rows := make([][]string, len(f.Coefs))
	for j, c := range f.Coefs {
		names[j] = c.Name
		rows[j] = []string{g6(c.Estimate), g6(c.StdErr), f3(c.Statistic)}
	}
	writeTable(&b, []string{"Value", "Std. Error", "t value"}, names, rows)
	conv := "converged"
	if !f.Converged {
		conv = "NOT converged"
	}
	fmt.Fprintf(&b, "\nResidual standard error: %s on %d degrees of freedom\n", g4(f.Sigma), f.DFResidual)
	fmt.Fprintf(&b, "%s after %d iterations\n", conv, f.Iterations)
	return b.String()
}

// Summary returns a short text summary of a quantile regression.
func (f *QuantRegFit) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Quantile regression, tau = %s: ~ %s\n\n", g4(f.Tau), formulaRHS(f.Names))
	rows := make([][]string, len(f.Coefficients))
	for j, c := range f.Coefficients {
		rows[j] = []string{g6(c)}
	}
	writeTable(&b, []string{"Coefficients"}, f.Names, rows)
	what := "sum of check losses"
	if f.PriorWeights != nil {
		what = "weighted sum of check losses"
	}
	fmt.Fprintf(&b, "\nObjective (%s): %s; %d zero and %d negative residuals of %d",
		what, g6(f.Objective), f.NZero, f.NNegative, len(f.Residuals))
	if f.Degenerate {
		b.WriteString("; degenerate vertex: the solution may be nonunique")
	}
	b.WriteString("\n")
	return b.String()
}
