package pathway_test

import (
	"fmt"
	"math"
	"strings"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// Waits in days from assessment to service start; false marks people still
// waiting at the extract date (right-censored). By hand: S = 11/12 after day
// 3, 3/4 after day 5 (a plateau at exactly 3/4 until day 12, so the 25th
// percentile is the midpoint 8.5), 0.65625, 0.5625, 0.45 after day 20 (the
// median), 0.3 after day 30; the area under S up to day 42 is 22.87.
func ExampleKaplanMeier() {
	days := []float64{3, 5, 5, 8, 12, 14, 14, 20, 25, 30, 30, 41}
	started := []bool{true, true, true, false, true, true, false, true, false, true, false, false}
	fit, err := pathway.KaplanMeier(days, started, pathway.KMOptions{ConfType: pathway.ConfLogLog})
	if err != nil {
		fmt.Println(err)
		return
	}
	med := fit.Median()
	fmt.Printf("median wait %.0f days (95%% CI %.0f to %.0f)\n", med.Value, med.Lower, med.Upper)
	p := fit.ProbWithin(28)
	fmt.Printf("started within 28 days: %.3f\n", p.Value)
	qs, _ := fit.Quantiles([]float64{0.25, 0.9})
	for _, q := range qs {
		if q.Defined() {
			fmt.Printf("P%.0f: %.1f days\n", 100*q.P, q.Value)
		} else {
			fmt.Printf("P%.0f: not reached\n", 100*q.P)
		}
	}
	rm, se, _ := fit.RestrictedMean(42)
	fmt.Printf("mean wait up to 42 days: %.2f (SE %.2f)\n", rm, se)
	fmt.Println("upper CI bound of the median defined:", !math.IsNaN(med.Upper))
	// Output:
	// median wait 20 days (95% CI 5 to NaN)
	// started within 28 days: 0.550
	// P25: 8.5 days
	// P90: not reached
	// mean wait up to 42 days: 22.87 (SE 4.59)
	// upper CI bound of the median defined: false
}

func ExampleNewEnglandWalesCalendar() {
	cal, _ := pathway.NewEnglandWalesCalendar(pathway.CalendarOptions{})
	start, _ := pathway.ParseDate("2025-12-24")
	end, _ := pathway.ParseDate("2025-12-29")
	n, _ := cal.WorkingDaysBetween(start, end)
	fmt.Println(n, "working day(s) from", start, "to", end)
	for _, h := range pathway.EnglandWalesHolidays(2026)[6:] {
		fmt.Println(h.Date, h.Name)
	}
	// Output:
	// 1 working day(s) from 2025-12-24 to 2025-12-29
	// 2026-12-25 Christmas Day
	// 2026-12-28 Boxing Day (substitute day)
}

func ExampleJoin() {
	events, _, _ := pathway.ReadEvents(strings.NewReader(`person_id,event_type,event_date,outcome
p1,request,2025-01-06,
p1,assessment_start,2025-01-13,
p1,assessment_end,2025-01-20,Progress to support planning or services
p2,request,2025-02-03,
p2,assessment_start,2025-02-05,
p2,assessment_end,2025-02-12,Progress to support planning or services
`))
	services, _, _ := pathway.ReadServices(strings.NewReader(`service_id,person_id,service_type,start_date,planned_units_per_week,unit_cost
s1,p1,Long Term Support: Community,2025-02-03,10,24.50
s2,p3,Long Term Support: Nursing Care,2025-02-03,1,1180
`))
	finance, report, _ := pathway.ReadTransactions(strings.NewReader(`transaction_id,person_id,service_id,period_start,period_end,amount
t1,p1,s1,2025-02-03,2025-02-09,245.00
t2,p1,s1,2025-02-10,2025-02-16,-245.00
`))
	fmt.Println("finance rows rejected:", len(report.Rejected), report.Rejected[0])

	j, _ := pathway.Join(events, services, finance, pathway.JoinOptions{})
	r := j.Report
	fmt.Printf("events %+v\nservices %+v\nfinance %+v\n", r.Events, r.Services, r.Finance)
	for _, is := range r.Issues {
		fmt.Printf("%s line %d (%s): %s\n", is.Source, is.Line, is.Kind, is.Reason)
	}
	// By hand: p1 (Mon 20 Jan, Mon 3 Feb] = 4 + 5 + 1; p2 (Wed 12 Feb, Mon 31 Mar] = 2 + 10 + 20 + 1.
	waits, _ := j.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, nil)
	extract, _ := pathway.ParseDate("2025-03-31")
	cal, _ := pathway.NewEnglandWalesCalendar(pathway.CalendarOptions{})
	days, started, _ := pathway.CensorWaits(waits, extract, pathway.WorkingDays, cal)
	for i, w := range waits {
		fmt.Printf("%s: %v working days, service started: %v\n", w.PersonID, days[i], started[i])
	}
	// Output:
	// finance rows rejected: 1 pathway: line 3, column 6 (amount): pathway: negative amount: -245.00
	// events {Input:6 Linked:6 Unmatched:0 Duplicate:0}
	// services {Input:2 Linked:1 Unmatched:1 Duplicate:0}
	// finance {Input:1 Linked:1 Unmatched:0 Duplicate:0}
	// services line 3 (unmatched): no assessment completed within the window before the service start
	// p1: 10 working days, service started: true
	// p2: 33 working days, service started: false
}
