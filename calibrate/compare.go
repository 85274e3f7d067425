package calibrate

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Comparison of an old model with a new one on the same assessments: fit to
// the planned amounts overall and per subgroup, and the impact on each case.

// CompareOptions control CompareModels. The zero value uses bands of ±£50
// and ±£100 and ±10% and ±25%, subgroups by cohort and living setting, and
// the ImpactOptions defaults.
type CompareOptions struct {
	Bands Bands
	// AgeBands, if set, adds subgroups by age band.
	AgeBands *AgeBandSpec
	// Impact controls the gainers-and-losers part (its Groups are filled
	// in with the subgroups).
	Impact ImpactOptions
	// MinCount suppresses subgroups with fewer cases, for publication.
	MinCount int
}

// ModelSummary is one model's overall fit to the planned amounts.
type ModelSummary struct {
	ID, Version string
	Metrics     Metrics
	// Total is the model's total weekly amount over the cases with a plan;
	// Planned the total planned.
	Total, Planned decimal.Decimal
}

// SubgroupFit compares the two models on one subgroup.
type SubgroupFit struct {
	Group, Level string
	Old, New     GroupMetrics
}

// Comparison is the result of CompareModels.
type Comparison struct {
	Options  CompareOptions
	Old, New ModelSummary
	// Subgroups holds, per grouping (cohort, living_setting, age_band), one
	// entry per level in sorted order.
	Subgroups []SubgroupFit
	// Impact is the change from the old amount to the new for every case.
	Impact *Impact
	// Excluded lists cases left out of the fit (no planned amount); they
	// are still in Impact.
	Excluded []Exclusion
	// N is the number of cases scored; NFit those with a plan.
	N, NFit int
}

// CompareModels scores the assessments with both models and compares them.
// An assessment either model rejects is an *AssessmentError.
func CompareModels(oldModel, newModel *ras.Model, as []ras.Assessment, opt CompareOptions) (*Comparison, error) {
	if len(as) == 0 {
		return nil, fmt.Errorf("%w: compare: no assessments", ErrEmpty)
	}
	if opt.Bands.Abs == nil && opt.Bands.Pct == nil {
		opt.Bands = Bands{Abs: []float64{50, 100}, Pct: []float64{10, 25}}
	}
	if opt.AgeBands != nil {
		if err := opt.AgeBands.validate(); err != nil {
			return nil, err
		}
	}
	oldAmt, err := weeklyAmounts(oldModel, as)
	if err != nil {
		return nil, err
	}
	newAmt, err := weeklyAmounts(newModel, as)
	if err != nil {
		return nil, err
	}
	c := &Comparison{Options: opt, N: len(as),
		Old: ModelSummary{ID: oldModel.ID, Version: oldModel.Version, Total: decimal.Zero, Planned: decimal.Zero},
		New: ModelSummary{ID: newModel.ID, Version: newModel.Version, Total: decimal.Zero, Planned: decimal.Zero}}
	groups := map[string][]string{"cohort": make([]string, len(as)), "living_setting": make([]string, len(as))}
	if opt.AgeBands != nil {
		groups["age_band"] = make([]string, len(as))
	}
	ids := make([]string, len(as))
	var fitRows []int
	for i := range as {
		a := &as[i]
		ids[i] = a.ID
		groups["cohort"][i] = string(a.Cohort)
		groups["living_setting"][i] = string(a.Person.LivingSetting)
		if opt.AgeBands != nil {
			if age, ok := a.Person.AgeOn(a.Date); ok {
				groups["age_band"][i] = opt.AgeBands.Labels()[opt.AgeBands.band(age)]
			} else {
				groups["age_band"][i] = "unknown"
			}
		}
		if a.PlannedWeekly == nil {
			c.Excluded = append(c.Excluded, Exclusion{Index: i, ID: a.ID, Reason: "no planned cost"})
			continue
		}
		fitRows = append(fitRows, i)
	}
	c.NFit = len(fitRows)
	if c.NFit > 0 {
		actual := make([]float64, c.NFit)
		po := make([]float64, c.NFit)
		pn := make([]float64, c.NFit)
		for k, i := range fitRows {
			actual[k], po[k], pn[k] = pounds(*as[i].PlannedWeekly), pounds(oldAmt[i]), pounds(newAmt[i])
			c.Old.Total, c.New.Total = c.Old.Total.Add(oldAmt[i]), c.New.Total.Add(newAmt[i])
			c.Old.Planned = c.Old.Planned.Add(*as[i].PlannedWeekly)
		}
		c.New.Planned = c.Old.Planned
		if c.Old.Metrics, err = Accuracy(actual, po, opt.Bands); err != nil {
			return nil, err
		}
		if c.New.Metrics, err = Accuracy(actual, pn, opt.Bands); err != nil {
			return nil, err
		}
		for _, g := range []string{"cohort", "living_setting", "age_band"} {
			labels, ok := groups[g]
			if !ok {
				continue
			}
			sub := make([]string, c.NFit)
			for k, i := range fitRows {
				sub[k] = labels[i]
			}
			bo := BiasOptions{Bands: opt.Bands, MinCount: opt.MinCount}
			mo, err := BiasBy(g, sub, actual, po, bo)
			if err != nil {
				return nil, err
			}
			mn, err := BiasBy(g, sub, actual, pn, bo)
			if err != nil {
				return nil, err
			}
			for k := range mo {
				c.Subgroups = append(c.Subgroups, SubgroupFit{Group: g, Level: mo[k].Level, Old: mo[k], New: mn[k]})
			}
		}
	}
	iopt := opt.Impact
	iopt.Groups = groups
	if iopt.MinCount == 0 {
		iopt.MinCount = opt.MinCount
	}
	c.Options.Impact.MinCount = iopt.MinCount
	if c.Impact, err = ImpactOf(ids, oldAmt, newAmt, iopt); err != nil {
		return nil, err
	}
	return c, nil
}

func fmtF(v float64, prec int) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.*f", prec, v)
}

// WriteMarkdown writes the comparison as a markdown report: overall fit,
// fit per subgroup, and the impact on cases (distribution of changes,
// gainers and losers overall and per subgroup, the largest changes).
func (c *Comparison) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Old model %s %s against new model %s %s\n\n", c.Old.ID, c.Old.Version, c.New.ID, c.New.Version)
	fmt.Fprintf(&b, "%d assessments scored; %d with a planned amount used for the fit", c.N, c.NFit)
	if len(c.Excluded) > 0 {
		fmt.Fprintf(&b, " (%d without one, listed as excluded)", len(c.Excluded))
	}
	b.WriteString(".\n\n### Overall fit to planned amounts\n\n")
	bands := c.Options.Bands
	b.WriteString("| model | total weekly | planned weekly | RMSE | MAE | R² | bias |")
	for _, a := range bands.Abs {
		fmt.Fprintf(&b, " ±£%g |", a)
	}
	for _, p := range bands.Pct {
		fmt.Fprintf(&b, " ±%g%% |", p)
	}
	b.WriteString("\n|---|---:|---:|---:|---:|---:|---:|" + strings.Repeat("---:|", len(bands.Abs)+len(bands.Pct)) + "\n")
	for _, m := range []struct {
		name string
		s    ModelSummary
	}{{"old", c.Old}, {"new", c.New}} {
		fmt.Fprintf(&b, "| %s (%s %s) | £%s | £%s | %s | %s | %s | %s |", m.name, m.s.ID, m.s.Version, m.s.Total.StringFixed(2), m.s.Planned.StringFixed(2),
			fmtF(m.s.Metrics.RMSE, 2), fmtF(m.s.Metrics.MAE, 2), fmtF(m.s.Metrics.RSquared, 4), fmtF(m.s.Metrics.Bias, 2))
		for _, v := range m.s.Metrics.WithinAbs {
			fmt.Fprintf(&b, " %s%% |", fmtF(v, 1))
		}
		for _, v := range m.s.Metrics.WithinPct {
			fmt.Fprintf(&b, " %s%% |", fmtF(v, 1))
		}
		b.WriteString("\n")
	}
	if len(c.Subgroups) > 0 {
		b.WriteString("\n### Fit per subgroup\n\nBias is mean(planned − estimate): positive means the group is under-served.\n\n")
		b.WriteString("| group | level | n | mean planned | old bias | new bias | old RMSE | new RMSE |")
		if len(bands.Pct) > 0 {
			fmt.Fprintf(&b, " old ±%g%% | new ±%g%% |", bands.Pct[0], bands.Pct[0])
		}
		b.WriteString("\n|---|---|---:|---:|---:|---:|---:|---:|")
		if len(bands.Pct) > 0 {
			b.WriteString("---:|---:|")
		}
		b.WriteString("\n")
		for _, s := range c.Subgroups {
			if s.Old.Suppressed {
				fmt.Fprintf(&b, "| %s | %s | <%d | suppressed | | | | |\n", s.Group, s.Level, c.Options.MinCount)
				continue
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %s | %s | %s | %s | %s |", s.Group, s.Level, s.Old.N, fmtF(s.Old.MeanActual, 2),
				fmtF(s.Old.Metrics.Bias, 2), fmtF(s.New.Metrics.Bias, 2), fmtF(s.Old.Metrics.RMSE, 2), fmtF(s.New.Metrics.RMSE, 2))
			if len(bands.Pct) > 0 {
				fmt.Fprintf(&b, " %s%% | %s%% |", fmtF(s.Old.Metrics.WithinPct[0], 1), fmtF(s.New.Metrics.WithinPct[0], 1))
			}
			b.WriteString("\n")
		}
	}
	im := c.Impact
	b.WriteString("\n### Impact on each case (new − old, weekly)\n\n")
	b.WriteString("| group | level | n | gainers | losers | unchanged | total change | mean change |")
	for _, p := range im.Probs {
		fmt.Fprintf(&b, " q%g |", 100*p)
	}
	b.WriteString("\n|---|---|---:|---:|---:|---:|---:|---:|" + strings.Repeat("---:|", len(im.Probs)) + "\n")
	for _, s := range append([]ImpactSummary{im.Overall}, im.ByGroup...) {
		g, l := s.Group, s.Level
		if g == "" {
			g, l = "all", ""
		}
		if s.Suppressed {
			fmt.Fprintf(&b, "| %s | %s | <%d | suppressed | | | | |\n", g, l, c.Options.Impact.MinCount)
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | £%s | £%s |", g, l, s.N, s.Gainers, s.Losers, s.Unchanged, s.TotalChange.StringFixed(2), fmtF(s.MeanChange, 2))
		for _, q := range s.Quantiles {
			fmt.Fprintf(&b, " %s |", fmtF(q, 2))
		}
		b.WriteString("\n")
	}
	if len(c.Excluded) > 0 {
		b.WriteString("\n### Excluded from the fit\n\n")
		for i, e := range c.Excluded {
			if i == 50 {
				fmt.Fprintf(&b, "- … and %d more\n", len(c.Excluded)-50)
				break
			}
			fmt.Fprintf(&b, "- %s: %s\n", e.ID, e.Reason)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
