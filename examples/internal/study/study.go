// Package study holds the definitions the examples' calibration studies
// share, so that examples/calibration-study and the main job
// (examples/stonesoup) count, compare and publish the same way: which
// change counts as "unchanged", which tolerance bands are reported, on how
// many rows Huber M-estimation is cross-validated, how the rows of the fit
// are counted in words, and how the counts of gainers and losers are
// suppressed for publication.
package study

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// UnchangedPounds is the band of "unchanged": a case whose weekly amount
// changes by at most this much (in pounds, either way) is neither a gainer
// nor a loser.
const UnchangedPounds = 1

// Unchanged is the column heading of the unchanged cases.
var Unchanged = "unchanged (±" + report.Money(decimal.NewFromInt(UnchangedPounds)) + ")"

// Bands are the tolerance bands of the method comparison: within ±£50 a
// week, within ±10% and ±25% of the planned amount.
var Bands = calibrate.Bands{Abs: []float64{50}, Pct: []float64{10, 25}}

// HuberMaxRows is the largest design on which Huber M-estimation is
// cross-validated. Huber iterates weighted least squares about twenty times
// a fit, so above this many rows it is left out of the comparison (and
// HuberNote says so).
const HuberMaxRows = 250_000

// IncludeHuber reports whether Huber M-estimation is cross-validated on a
// design of n rows.
func IncludeHuber(n int) bool { return n <= HuberMaxRows }

// HuberNote is the sentence a report gives when Huber M-estimation is left
// out on n rows; "" when it is included.
func HuberNote(n int) string {
	if IncludeHuber(n) {
		return ""
	}
	return fmt.Sprintf("Huber M-estimation is left out of the comparison above %s rows (this design has %s).", report.Int(HuberMaxRows), report.Int(n))
}

// MinGroup is the smallest group whose figures are published in the
// gainers-and-losers table; smaller groups show only their size as "*".
const MinGroup = 10

// ImpactOptions are the options of calibrate.ImpactOf (and of
// calibrate.CompareOptions.Impact) that ImpactTable expects: the unchanged
// band, the 10th, 50th and 90th percentiles, and groups of fewer than
// MinGroup cases suppressed.
func ImpactOptions(groups map[string][]string) calibrate.ImpactOptions {
	return calibrate.ImpactOptions{Threshold: decimal.NewFromInt(UnchangedPounds), Probs: []float64{0.1, 0.5, 0.9},
		Groups: groups, MinCount: MinGroup}
}

// FitRows says in words how many assessments the fit used and how many it
// left out: the rows of the design are the assessments with a positive
// planned cost.
func FitRows(rows, excluded int) string {
	s := report.Count(rows, "assessment", "assessments") + " with a positive planned cost used for the fit"
	if excluded > 0 {
		s += "; " + report.Int(excluded) + " without one (none recorded, or " + report.Money(decimal.Zero) + ") left out"
	}
	return s
}

// ImpactTable is the gainers-and-losers table of a change of model, with
// the old and new models' totals named oldName and newName. Counts of 1 to
// 4 gainers, losers or unchanged are hidden with complementary suppression
// (the group's size is published, so one hidden count must not be
// recoverable from the others); groups smaller than MinGroup show only
// their size. im must come from ImpactOptions' percentiles.
func ImpactTable(caption, oldName, newName string, im *calibrate.Impact) (*report.Table, error) {
	if len(im.Probs) != 3 {
		return nil, fmt.Errorf("study: impact table: want the 10th, 50th and 90th percentiles, have %v", im.Probs)
	}
	t := report.NewTable(caption, "group", "level", "#n", "#gainers", "#losers", "#"+Unchanged,
		"#"+oldName+" a week", "#"+newName+" a week", "#mean change", "#10th percentile", "#median", "#90th percentile")
	for _, g := range append([]calibrate.ImpactSummary{im.Overall}, im.ByGroup...) {
		group, level := orAll(g.Group), orAll(g.Level)
		if g.Suppressed {
			t.Row(group, level, suppressedSize(g.N), "*", "*", "*", "*", "*", "*", "*", "*", "*")
			continue
		}
		gl, err := disclosure.SuppressList([]int{g.Gainers, g.Losers, g.Unchanged}, disclosure.Options{})
		if err != nil {
			return nil, err
		}
		t.Row(group, level, report.Int(g.N), Shown(gl, 0), Shown(gl, 1), Shown(gl, 2),
			report.Money(g.TotalOld), report.Money(g.TotalNew), report.Pounds(g.MeanChange),
			report.Pounds(g.Quantiles[0]), report.Pounds(g.Quantiles[1]), report.Pounds(g.Quantiles[2]))
	}
	t.Note = fmt.Sprintf("Gainers and losers: the weekly amount up or down by more than %s; changes are the new amount minus the old. "+
		"Counts of 1 to %d are hidden (*), with one more count where needed so that a hidden count cannot be recovered from the group's size; "+
		"groups of fewer than %d show only their size.", report.Money(decimal.NewFromInt(UnchangedPounds)), disclosure.DefaultThreshold-1, MinGroup)
	return t, nil
}

// Shown formats count i of a suppressed list: "*" when hidden, else the
// count with thousands separators.
func Shown(l *disclosure.List, i int) string {
	if l.Hidden(i) {
		return "*"
	}
	return report.Int(l.Counts[i])
}

// suppressedSize shows the size of a group too small to publish: "*" for 1
// to 4, else the count.
func suppressedSize(n int) string {
	if n > 0 && n < disclosure.DefaultThreshold {
		return "*"
	}
	return report.Int(n)
}

func orAll(s string) string {
	if s == "" {
		return "all"
	}
	return s
}

// MethodResult is one method's cross-validated accuracy.
type MethodResult struct {
	Name string
	// Rows is the number of rows it was cross-validated on; Subsample
	// marks a systematic subsample of the design.
	Rows      int
	Subsample bool
	Pooled    calibrate.Metrics
	Err       error
}

// MethodTable is the table of methods compared by k-fold cross-validation
// with the tolerance bands of Bands.
func MethodTable(caption string, rs []MethodResult) *report.Table {
	cols := []string{"method", "#rows", "#RMSE", "#MAE", "#R²", "#bias"}
	for _, a := range Bands.Abs {
		cols = append(cols, "#within ±"+report.Pounds(a))
	}
	for _, p := range Bands.Pct {
		cols = append(cols, fmt.Sprintf("#within ±%g%%", p))
	}
	t := report.NewTable(caption, cols...)
	for _, r := range rs {
		name := r.Name
		if r.Subsample {
			name += " (subsample)"
		}
		row := []string{name, report.Int(r.Rows)}
		if r.Err != nil {
			row = append(row, "failed: "+r.Err.Error())
			for len(row) < len(cols) {
				row = append(row, "")
			}
			t.Row(row...)
			continue
		}
		m := r.Pooled
		row = append(row, report.Pounds(m.RMSE), report.Pounds(m.MAE), report.Num(m.RSquared, 3), report.Pounds(m.Bias))
		for _, v := range m.WithinAbs {
			row = append(row, report.Pct(v, 1))
		}
		for _, v := range m.WithinPct {
			row = append(row, report.Pct(v, 1))
		}
		t.Row(row...)
	}
	t.Note = "Out-of-fold predictions pooled over the folds. RMSE, MAE and bias are in pounds a week; bias is mean(planned − predicted). " +
		"R² is " + report.Undefined + " when every planned amount is the same."
	return t
}

// Join joins words as a list in prose: "a", "a and b", "a, b and c".
func Join(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
