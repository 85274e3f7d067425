package badinput

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/pathway"
)

var pathwayAllSentinels = append([]error{pathway.ErrEmpty, pathway.ErrLength, pathway.ErrTime, pathway.ErrProbability,
	pathway.ErrGroups, pathway.ErrSingular, pathway.ErrCalendarRange, pathway.ErrInvalidOptions}, pathwaySentinels...)

// kmFinite: what a Kaplan–Meier fit defines always (its bounds and
// standard errors are NaN once S reaches 0, as documented).
func kmFinite(v any) any {
	f, ok := v.(*pathway.KMFit)
	if !ok || f == nil {
		return v
	}
	return [][]float64{f.Time, f.Surv}
}

func TestPathwaySurvival(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	type data struct {
		name   string
		times  []float64
		events []bool
		groups []string
		bad    bool
	}
	ds := []data{
		{"clean", []float64{1, 2, 3, 4, 5, 6}, []bool{true, false, true, true, false, true}, []string{"a", "b", "a", "b", "a", "b"}, false},
		{"empty", nil, nil, nil, true},
		{"lengths differ", []float64{1, 2}, []bool{true}, []string{"a", "b"}, true},
		{"NaN time", []float64{1, nan, 3}, []bool{true, true, true}, []string{"a", "b", "a"}, true},
		{"Inf time", []float64{1, inf, 3}, []bool{true, true, true}, []string{"a", "b", "a"}, true},
		{"negative time", []float64{1, -2, 3}, []bool{true, true, true}, []string{"a", "b", "a"}, true},
		{"-0 time", []float64{-0.0, 1, 3}, []bool{true, true, true}, []string{"a", "b", "a"}, false},
		{"all censored", []float64{1, 2, 3}, []bool{false, false, false}, []string{"a", "b", "a"}, false},
		{"one group", []float64{1, 2, 3}, []bool{true, true, true}, []string{"a", "a", "a"}, false},
		{"one observation", []float64{5}, []bool{true}, []string{"a"}, false},
		{"all events at one time", []float64{2, 2, 2, 2}, []bool{true, true, true, true}, []string{"a", "b", "a", "b"}, false},
		{"group with NUL", []float64{1, 2, 3, 4}, []bool{true, true, true, true}, []string{"a\x00", "b", "a\x00", "b"}, false},
		{"huge times", []float64{1e300, 1e308, math.MaxFloat64}, []bool{true, true, false}, []string{"a", "b", "a"}, false},
		{"10^5 ties", make([]float64, 100000), make([]bool, 100000), make([]string, 100000), false},
	}
	n := 0
	for _, d := range ds {
		for _, o := range []pathway.KMOptions{{}, {ConfLevel: 1.5}, {ConfLevel: nan}, {ConfLevel: -0.1}, {ConfType: pathway.ConfType(99)}} {
			badOpt := o.Validate() != nil
			n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.KaplanMeier(%s, %+v)", d.name, o), d.bad || badOpt,
				func() (any, error) { return pathway.KaplanMeier(d.times, d.events, o) }, kmFinite)
		}
		n += memCall(t, "pathway", pathwayAllSentinels, "pathway.KaplanMeierByGroup("+d.name+")", d.bad,
			func() (any, error) {
				return pathway.KaplanMeierByGroup(d.times, d.events, d.groups, pathway.KMOptions{})
			},
			func(v any) any {
				g := v.(*pathway.KMGroups)
				var out []any
				for _, f := range g.Fits {
					out = append(out, kmFinite(f))
				}
				return out
			})
		for _, rho := range []float64{0, 1, -1, nan, inf} {
			mustFail := d.bad || math.IsNaN(rho) || math.IsInf(rho, 0) || rho < 0
			n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.LogRank(%s, rho %v)", d.name, rho), mustFail,
				func() (any, error) {
					r, err := pathway.LogRank(d.times, d.events, d.groups, pathway.LogRankOptions{Rho: rho})
					if err != nil {
						return nil, err
					}
					if r.DF == 0 {
						return r.ChiSq, nil // PValue NaN: no test possible, as documented
					}
					return []float64{r.ChiSq, r.PValue}, nil
				}, nil)
		}
		// No waits and no groups: an empty table (noticed, left alone: the
		// documentation says "Errors as KaplanMeier", which refuses it).
		n += memCall(t, "pathway", pathwayAllSentinels, "pathway.CompareGroups("+d.name+")", d.bad && d.name != "empty",
			func() (any, error) {
				r, err := pathway.CompareGroups(d.times, d.events, d.groups, pathway.CompareOptions{TargetDays: 3})
				return r, err
			}, func(any) any { return nil })
		for _, probs := range [][]float64{nil, {0.5}, {nan}, {1.5}, {-0.1}} {
			bad := d.bad || len(probs) == 1 && !(probs[0] >= 0 && probs[0] <= 1)
			if d.name == "empty" || d.name == "lengths differ" {
				continue
			}
			for _, ty := range []pathway.QuantileType{0, pathway.Type1, pathway.Type9, 42} {
				n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.SummariseWaits(%s, %v, type %d)", d.name, probs, ty),
					bad || ty == 42 || d.name != "clean" && d.name != "-0 time" && d.name != "all censored" && d.name != "one group" && d.name != "one observation" && d.name != "all events at one time" && d.name != "group with NUL" && d.name != "10^5 ties" && d.name != "huge times",
					func() (any, error) {
						return pathway.SummariseWaits(d.times, pathway.WaitOptions{Probs: probs, Type: ty})
					},
					func(v any) any {
						s := v.(*pathway.WaitSummary)
						return []any{s.Mean, s.Min, s.Max, s.Median, s.P92, s.P95, s.Quantiles}
					})
			}
		}
	}
	for _, x := range []struct{ x, n int }{{0, 0}, {-1, 5}, {6, 5}, {5, 5}, {0, 5}, {math.MaxInt32, math.MaxInt32}} {
		for _, level := range []float64{0.95, 0, 1, nan, 2} {
			bad := x.n < 0 || x.x < 0 || x.x > x.n || !(level > 0 && level < 1)
			n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.Wilson(%d, %d, %v)", x.x, x.n, level), bad,
				func() (any, error) {
					lo, hi, err := pathway.Wilson(x.x, x.n, level)
					if x.n == 0 {
						return nil, err // both bounds NaN when n = 0, as documented
					}
					return []float64{lo, hi}, err
				}, nil)
		}
	}
	for _, c := range []struct {
		n        int
		theta, p float64
	}{{10, 0.5, 0.95}, {0, 0.5, 0.95}, {-1, 0.5, 0.95}, {10, nan, 0.95}, {10, 1.5, 0.95}, {10, 0.5, 1}, {10, 0, 0.95}, {10, 1, 0.95}} {
		bad := c.n < 0 || !(c.theta >= 0 && c.theta <= 1) || !(c.p > 0 && c.p < 1)
		n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.FunnelLimit(%d, %v, %v)", c.n, c.theta, c.p), bad,
			func() (any, error) {
				l, err := pathway.FunnelLimit(c.n, c.theta, c.p)
				if c.n == 0 {
					return nil, err // NaN when n = 0, as documented
				}
				return l, err
			}, nil)
	}
	fed("pathway survival (KM, by group, log-rank, compare, waits, Wilson, funnel)", n)
}

func TestPathwayJoinAndSnapshots(t *testing.T) {
	d := func(y int, m time.Month, day int) pathway.Date { return pathway.NewDate(y, m, day) }
	ev := []pathway.Event{
		{PersonID: "P1", Type: pathway.EventRequest, Date: d(2024, 1, 1)},
		{PersonID: "P1", Type: pathway.EventAssessmentStart, Date: d(2024, 1, 5)},
		{PersonID: "P1", Type: pathway.EventAssessmentEnd, Date: d(2024, 1, 20)},
	}
	sv := []pathway.Service{{ServiceID: "S1", PersonID: "P1", Type: pathway.LongTermCommunity, Start: d(2024, 2, 1),
		UnitCost: decimal.RequireFromString("20"), PlannedUnitsPerWeek: decimal.RequireFromString("10")}}
	tx := []pathway.Transaction{{PersonID: "P1", ServiceID: "S1", PeriodStart: d(2024, 2, 1), PeriodEnd: d(2024, 2, 28), Amount: decimal.RequireFromString("800")}}
	n := 0
	type variant struct {
		name string
		ev   []pathway.Event
		sv   []pathway.Service
		tx   []pathway.Transaction
		opt  pathway.JoinOptions
		bad  bool
	}
	cp := func() ([]pathway.Event, []pathway.Service, []pathway.Transaction) {
		return append([]pathway.Event(nil), ev...), append([]pathway.Service(nil), sv...), append([]pathway.Transaction(nil), tx...)
	}
	var vs []variant
	add := func(name string, bad bool, f func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions)) {
		e, s, x := cp()
		o := pathway.JoinOptions{}
		f(e, s, x, &o)
		vs = append(vs, variant{name, e, s, x, o, bad})
	}
	add("clean", false, func([]pathway.Event, []pathway.Service, []pathway.Transaction, *pathway.JoinOptions) {})
	add("no records", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {})
	vs[len(vs)-1].ev, vs[len(vs)-1].sv, vs[len(vs)-1].tx = nil, nil, nil
	add("NoDate event", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		e[1].Date = pathway.NoDate
	})
	add("event type 0", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		e[1].Type = 0
	})
	add("event type 200", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		e[1].Type = 200
	})
	add("service ends before it starts", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		s[0].End = d(2023, 1, 1)
	})
	add("negative amount", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		x[0].Amount = decimal.RequireFromString("-800")
	})
	add("empty person id", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		e[0].PersonID = ""
	})
	add("person id with NUL", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		e[0].PersonID = "P\x001"
	})
	add("duplicate service id", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {})
	vs[len(vs)-1].sv = append(vs[len(vs)-1].sv, sv[0])
	add("negative window", true, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		o.WindowDays = -1
	})
	add("date year 0", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {
		e[2].Date = d(0, 1, 1)
	})
	add("10^5 events of one person", false, func(e []pathway.Event, s []pathway.Service, x []pathway.Transaction, o *pathway.JoinOptions) {})
	big := make([]pathway.Event, 100000)
	for i := range big {
		big[i] = pathway.Event{PersonID: "P1", Type: pathway.EventType(1 + i%6), Date: d(2024, 1, 1+i%28)}
	}
	vs[len(vs)-1].ev = big
	for _, v := range vs {
		n += memCall(t, "pathway", pathwayAllSentinels, "pathway.Join("+v.name+")", v.bad, func() (any, error) {
			j, err := pathway.Join(v.ev, v.sv, v.tx, v.opt)
			if err != nil {
				return nil, err
			}
			// Every record in exactly one disposition.
			if got, want := tallyTotal(t, "Events", j.Report.Events), len(v.ev); got != want {
				reportf(t, "pathway.Join(%s): ACCOUNTING: %d events disposed of, %d given", v.name, got, want)
			}
			if got, want := tallyTotal(t, "Services", j.Report.Services), len(v.sv); got != want {
				reportf(t, "pathway.Join(%s): ACCOUNTING: %d services disposed of, %d given", v.name, got, want)
			}
			if got, want := tallyTotal(t, "Transactions", j.Report.Finance), len(v.tx); got != want {
				reportf(t, "pathway.Join(%s): ACCOUNTING: %d transactions disposed of, %d given", v.name, got, want)
			}
			m, err := pathway.CompareMoney(j, map[string]decimal.Decimal{"P1": decimal.RequireFromString("100")}, pathway.MoneyOptions{})
			if err != nil {
				return nil, err
			}
			return m, nil
		}, func(any) any { return nil })
	}
	waits := []pathway.Wait{
		{PersonID: "P1", Group: "a", Start: d(2024, 1, 1), End: d(2024, 2, 1)},
		{PersonID: "P2", Group: "a", Start: d(2024, 1, 10)},
		{PersonID: "P3", Group: "b", Start: d(2024, 3, 10), End: d(2024, 3, 1)},   // ends before it starts
		{PersonID: "P4", Group: "b", Start: pathway.NoDate},                       // no start
		{PersonID: "P5", Group: "b", Start: d(2024, 1, 1), Closed: d(2023, 1, 1)}, // closed before it starts
		{PersonID: "P6", Group: "\x00", Start: d(1800, 1, 1)},
	}
	for k := range waits {
		for _, on := range []pathway.Date{d(2024, 6, 1), pathway.NoDate, d(1899, 1, 1), d(2101, 1, 1)} {
			for _, o := range []pathway.SnapshotOptions{{}, {TargetDays: -1}, {Type: 42}, {Unit: pathway.DayCount(9)}} {
				ws := waits[:k+1]
				bad := on == pathway.NoDate || o.TargetDays < 0 || o.Type == 42 || o.Unit == 9 || k >= 2
				n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.OpenWaits(%d waits, on %v, %+v)", len(ws), on, o), bad && k >= 2 && false,
					func() (any, error) { return pathway.OpenWaits(ws, on, o) }, func(v any) any {
						s := v.(*pathway.Snapshot)
						if s.Waiting == 0 {
							return nil // median and P92 of nobody: documented as undefined?
						}
						return []float64{s.ShareWithin, s.Median, s.P92, s.Max}
					})
			}
			n += memCall(t, "pathway", pathwayAllSentinels, fmt.Sprintf("pathway.CensorWaits(%d waits, %v)", k+1, on), false,
				func() (any, error) {
					times, events, err := pathway.CensorWaits(waits[:k+1], on, pathway.CalendarDays, nil)
					_ = events
					return times, err
				}, nil)
		}
	}
	fed("pathway Join, CompareMoney, OpenWaits, CensorWaits", n)
}

func tallyTotal(t *testing.T, what string, x pathway.Tally) int {
	if x.Input != x.Linked+x.Unmatched+x.Duplicate {
		reportf(t, "pathway.Join: ACCOUNTING of %s: %+v", what, x)
	}
	return x.Input
}
