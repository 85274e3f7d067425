package pathway_test

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/pathway"
)

// One person with a RAS estimate of £300 a week: home care of 12 hours at
// £25 (£300 a week) for the 28 days of February 2024 (to the 28th), paid
// £1,080 for the four weeks because some visits were missed. By hand: planned
// £300.00 a week and £1,200.00 in total; actual £1,080 × 7/28 = £270.00 a
// week; the plan matches the estimate and £30.00 a week was not spent.
func ExampleCompareMoney() {
	events := "person_id,event_type,event_date\nP1,assessment_start,2024-01-10\nP1,assessment_end,2024-01-15\n"
	services := "service_id,person_id,service_type,start_date,planned_units_per_week,unit_cost\nS1,P1,community,2024-02-01,12,25.00\n"
	finance := "transaction_id,person_id,service_id,period_start,period_end,amount\nT1,P1,S1,2024-02-01,2024-02-28,1080.00\n"
	evs, _, _ := pathway.ReadEvents(strings.NewReader(events))
	svs, _, _ := pathway.ReadServices(strings.NewReader(services))
	txs, _, _ := pathway.ReadTransactions(strings.NewReader(finance))
	j, err := pathway.Join(evs, svs, txs, pathway.JoinOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	estimates := map[string]decimal.Decimal{"P1": decimal.NewFromInt(300)}
	m, err := pathway.CompareMoney(j, estimates, pathway.MoneyOptions{
		From: pathway.NewDate(2024, 2, 1), To: pathway.NewDate(2024, 2, 28)})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := m.Persons[0]
	fmt.Printf("%s: estimate £%s, planned £%s, actual £%s a week over %d days\n",
		p.PersonID, p.Estimate.StringFixed(2), p.Planned.StringFixed(2), p.Actual.StringFixed(2), p.ServiceDays)
	fmt.Printf("planned - estimate £%s, actual - planned £%s\n", p.PlannedMinusEstimate().StringFixed(2), p.ActualMinusPlanned().StringFixed(2))
	fmt.Printf("totals: planned £%s, actual £%s\n", p.PlannedTotal.StringFixed(2), p.ActualTotal.StringFixed(2))
	// Output:
	// P1: estimate £300.00, planned £300.00, actual £270.00 a week over 28 days
	// planned - estimate £0.00, actual - planned £-30.00
	// totals: planned £1200.00, actual £1080.00
}
