package calibrate

import (
	"fmt"
	"math"
	"sort"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// Workflow 8: monitoring of estimates against planned amounts: differences,
// tolerance bands and drift by month or quarter.

// Period is the length of a monitoring period.
type Period int

const (
	// Month (the default) groups by calendar month, "2024-05".
	Month Period = iota
	// Quarter groups by calendar quarter, "2024-Q2".
	Quarter
)

// MonitorRecord is one estimate and the amount actually planned.
type MonitorRecord struct {
	ID                string
	Date              ras.Date
	Estimate, Planned decimal.Decimal
	// Group is an optional subgroup label (cohort, team, service type).
	Group string
}

// MonitorOptions control Monitor. The zero value uses a ±10% tolerance and
// calendar months.
type MonitorOptions struct {
	// TolerancePct: a plan within ±TolerancePct% of the estimate is within
	// tolerance; 0 means 10.
	TolerancePct float64
	// ToleranceAbs, if positive, also counts a plan within ±ToleranceAbs
	// pounds of the estimate as within tolerance.
	ToleranceAbs decimal.Decimal
	Period       Period
	// MinCount suppresses periods and groups with fewer records, for
	// publication; 0 suppresses nothing.
	MinCount int
}

// MonitorCase is one record's difference.
type MonitorCase struct {
	ID, Period, Group string
	// Diff is Planned − Estimate; Pct is Diff in percent of the estimate
	// (NaN when the estimate is 0).
	Diff   decimal.Decimal
	Pct    float64
	Within bool
	// Above: planned above the estimate beyond the tolerance (a case a
	// panel would see); Below: planned below it beyond the tolerance.
	Above, Below bool
}

// MonitorSummary aggregates a set of records.
type MonitorSummary struct {
	Label string // period or group; "" for all
	N     int
	// Totals of the estimates, the plans and of Planned − Estimate.
	TotalEstimate, TotalPlanned, TotalDiff decimal.Decimal
	// Ratio is TotalPlanned / TotalEstimate.
	Ratio float64
	// MeanPct and MedianPct summarise the percentage differences.
	MeanPct, MedianPct float64
	// WithinPct is the percentage of records within tolerance; Above and
	// Below count those outside it.
	WithinPct    float64
	Above, Below int
	Suppressed   bool
}

// Drift is a straight-line trend of the percentage difference over the
// periods: the least-squares slope of the cases' percentage differences on
// the period number (0 for the first period, counting calendar periods
// without records too), with its HC3 standard error
// and 95% interval. A slope whose interval excludes 0 means the plans drift
// away from the estimates.
type Drift struct {
	SlopePerPeriod, StdErr, Lower, Upper float64
	Periods                              int
}

// MonitorReport is the result of Monitor.
type MonitorReport struct {
	Options MonitorOptions
	Cases   []MonitorCase
	Overall MonitorSummary
	// Periods in time order; Groups in sorted order (when records carry
	// groups).
	Periods []MonitorSummary
	Groups  []MonitorSummary
	// Drift is nil with fewer than three periods.
	Drift *Drift
}

// index returns the period's running number (months or quarters since year 0).
func (p Period) index(d ras.Date) int {
	t := d.Time()
	if p == Quarter {
		return t.Year()*4 + (int(t.Month())-1)/3
	}
	return t.Year()*12 + int(t.Month()) - 1
}

// label returns the label of the period holding date d.
func (p Period) label(d ras.Date) string {
	t := d.Time()
	if p == Quarter {
		return fmt.Sprintf("%04d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	}
	return fmt.Sprintf("%04d-%02d", t.Year(), int(t.Month()))
}

// Monitor compares estimates with planned amounts. Records need a date.
func Monitor(records []MonitorRecord, opt MonitorOptions) (*MonitorReport, error) {
	if len(records) == 0 {
		return nil, fmt.Errorf("%w: monitor: no records", ErrEmpty)
	}
	if opt.TolerancePct == 0 {
		opt.TolerancePct = 10
	}
	if !(opt.TolerancePct > 0) || opt.ToleranceAbs.IsNegative() || opt.Period < Month || opt.Period > Quarter {
		return nil, invalidf("monitor: bad options")
	}
	rep := &MonitorReport{Options: opt, Cases: make([]MonitorCase, len(records))}
	tolPct := decimal.NewFromFloat(opt.TolerancePct)
	for i, r := range records {
		if r.Date.IsZero() {
			return nil, &DataError{Row: i, Column: "date", Value: math.NaN(), Err: invalidf("record %s has no date", r.ID)}
		}
		c := MonitorCase{ID: r.ID, Period: opt.Period.label(r.Date), Group: r.Group, Diff: r.Planned.Sub(r.Estimate), Pct: math.NaN()}
		if !r.Estimate.IsZero() {
			c.Pct = 100 * pounds(c.Diff) / pounds(r.Estimate)
		}
		// Exact test in decimals: |diff|·100 ≤ tol%·|estimate|.
		c.Within = c.Diff.Abs().Mul(decimal.NewFromInt(100)).LessThanOrEqual(tolPct.Mul(r.Estimate.Abs())) ||
			opt.ToleranceAbs.IsPositive() && c.Diff.Abs().LessThanOrEqual(opt.ToleranceAbs)
		if !c.Within {
			c.Above, c.Below = c.Diff.IsPositive(), c.Diff.IsNegative()
		}
		rep.Cases[i] = c
	}
	all := make([]int, len(records))
	for i := range all {
		all[i] = i
	}
	rep.Overall = monitorSummary("", all, records, rep.Cases, 0)
	byPeriod := map[string][]int{}
	byGroup := map[string][]int{}
	for i, c := range rep.Cases {
		byPeriod[c.Period] = append(byPeriod[c.Period], i)
		if c.Group != "" {
			byGroup[c.Group] = append(byGroup[c.Group], i)
		}
	}
	periods := sortedKeys(byPeriod)
	for _, p := range periods {
		rep.Periods = append(rep.Periods, monitorSummary(p, byPeriod[p], records, rep.Cases, opt.MinCount))
	}
	for _, g := range sortedKeys(byGroup) {
		rep.Groups = append(rep.Groups, monitorSummary(g, byGroup[g], records, rep.Cases, opt.MinCount))
	}
	if len(periods) >= 3 {
		first := math.MaxInt
		for _, r := range records {
			first = min(first, opt.Period.index(r.Date))
		}
		var x, y []float64
		for i, c := range rep.Cases {
			if !math.IsNaN(c.Pct) {
				x = append(x, float64(opt.Period.index(records[i].Date)-first))
				y = append(y, c.Pct)
			}
		}
		d, err := NewDesign([]string{"period"}, [][]float64{x}, y, true)
		if err == nil {
			if f, err := OLS(d, Options{}); err == nil {
				if cs, err := f.CoefsHC(HC3); err == nil {
					rep.Drift = &Drift{SlopePerPeriod: cs[1].Estimate, StdErr: cs[1].StdErr, Lower: cs[1].Lower, Upper: cs[1].Upper, Periods: len(periods)}
				}
			}
		}
	}
	return rep, nil
}

// sortedKeys returns the keys in order (period labels sort as time).
func sortedKeys(m map[string][]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func monitorSummary(label string, rows []int, rs []MonitorRecord, cs []MonitorCase, minCount int) MonitorSummary {
	s := MonitorSummary{Label: label, N: len(rows), TotalEstimate: decimal.Zero, TotalPlanned: decimal.Zero}
	if minCount > 0 && s.N < minCount {
		s.Suppressed = true
		s.Ratio, s.MeanPct, s.MedianPct, s.WithinPct = math.NaN(), math.NaN(), math.NaN(), math.NaN()
		return s
	}
	var pct []float64
	within := 0
	for _, i := range rows {
		s.TotalEstimate = s.TotalEstimate.Add(rs[i].Estimate)
		s.TotalPlanned = s.TotalPlanned.Add(rs[i].Planned)
		if cs[i].Within {
			within++
		}
		if cs[i].Above {
			s.Above++
		}
		if cs[i].Below {
			s.Below++
		}
		if !math.IsNaN(cs[i].Pct) {
			pct = append(pct, cs[i].Pct)
		}
	}
	s.TotalDiff = s.TotalPlanned.Sub(s.TotalEstimate)
	s.Ratio = math.NaN()
	if !s.TotalEstimate.IsZero() {
		s.Ratio = pounds(s.TotalPlanned) / pounds(s.TotalEstimate)
	}
	s.MeanPct = math.NaN()
	if len(pct) > 0 {
		t := 0.0
		for _, v := range pct {
			t += v
		}
		s.MeanPct = t / float64(len(pct))
	}
	s.MedianPct = quantilesOrNaN(pct, []float64{0.5})[0]
	s.WithinPct = 100 * float64(within) / float64(len(rows))
	return s
}

// MonitorAssessments scores the assessments with eng and monitors the
// estimates against PlannedWeekly; the group is the cohort. Assessments
// without a planned cost are listed in the exclusions; one the engine
// rejects is an *AssessmentError.
func MonitorAssessments(eng *ras.Engine, as []ras.Assessment, opt MonitorOptions) (*MonitorReport, []Exclusion, error) {
	if eng == nil {
		return nil, nil, invalidf("monitor: nil engine")
	}
	var recs []MonitorRecord
	var ex []Exclusion
	var r ras.Result
	for i := range as {
		a := &as[i]
		if a.PlannedWeekly == nil {
			ex = append(ex, Exclusion{Index: i, ID: a.ID, Reason: "no planned cost"})
			continue
		}
		if err := eng.AssessInto(a, &r, ras.AssessOptions{}); err != nil {
			return nil, nil, &AssessmentError{Index: i, ID: a.ID, Err: err}
		}
		recs = append(recs, MonitorRecord{ID: a.ID, Date: a.Date, Estimate: r.Weekly(), Planned: *a.PlannedWeekly, Group: string(a.Cohort)})
	}
	rep, err := Monitor(recs, opt)
	return rep, ex, err
}
