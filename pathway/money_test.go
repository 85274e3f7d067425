package pathway

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// moneyFixture is worked by hand in TestCompareMoney.
func moneyFixture(t *testing.T) *JoinResult {
	t.Helper()
	evCSV := `person_id,event_type,event_date
a,assessment_start,2023-12-01
a,assessment_end,2023-12-05
b,assessment_start,2023-12-01
b,assessment_end,2023-12-05
c,assessment_start,2023-12-01
c,assessment_end,2023-12-05
d,assessment_start,2023-12-01
d,assessment_end,2023-12-05
`
	svCSV := `service_id,person_id,service_type,start_date,end_date,planned_units_per_week,unit_cost
sA,a,community,2024-01-01,2024-01-14,10,25.00
sB,a,residential,2024-01-15,,1,350.00
sC1,c,community,2024-01-10,2024-01-19,7,10.00
sC2,c,community,2024-01-10,2024-01-19,14,10.00
sD,d,community,2024-01-27,,4,25.00
`
	fnCSV := `transaction_id,person_id,service_id,period_start,period_end,amount
tA,a,sA,2024-01-01,2024-01-14,480.00
tB,a,sB,2024-01-15,2024-02-11,700.00
tC,c,sC1,2024-01-10,2024-01-16,100.00
tX,c,sZ,2024-01-10,2024-01-10,50.00
tD,d,sD,2024-01-27,2024-01-29,10.00
`
	evs, _, err := ReadEvents(strings.NewReader(evCSV))
	if err != nil {
		t.Fatal(err)
	}
	svs, _, err := ReadServices(strings.NewReader(svCSV))
	if err != nil {
		t.Fatal(err)
	}
	fns, _, err := ReadTransactions(strings.NewReader(fnCSV))
	if err != nil {
		t.Fatal(err)
	}
	j, err := Join(evs, svs, fns, JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if j.Report.Services.Linked != 5 || j.Report.Finance.Linked != 4 || j.Report.Finance.Unmatched != 1 {
		t.Fatalf("fixture join: %+v", j.Report)
	}
	return j
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func eqDec(t *testing.T, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(dec(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// TestCompareMoney checks the comparison against values worked by hand over
// 1–28 January 2024:
//
//	a: estimate 300; community 250/wk for 14 days, then residential 350/wk
//	   for 14 days: 28 service days, planned (250·14 + 350·14)/28 = 300.00
//	   a week, 1200.00 in total; paid 480 + 700·14/28 = 830.00, weekly
//	   830·7/28 = 207.50; main type residential.
//	b: estimate 100, no service: estimate only.
//	c: no estimate; two concurrent services of 70 and 140 a week for 10
//	   days: planned 210.00 a week, 2100/7 = 300.00 in total; paid 100.00,
//	   weekly 70.00; a further 50.00 paid against an unknown service is
//	   unlinked spend.
//	d: estimate 80.005 → 80.01 (half away from zero); community 100/wk
//	   from 27 January, 2 days in the period: planned 100.00 a week,
//	   200/7 = 28.57 in total; 10.00 paid for 27–29 January, 2/3 in the
//	   period = 6.67, weekly 6.67·7/2 = 23.345 → 23.35.
func TestCompareMoney(t *testing.T) {
	j := moneyFixture(t)
	est := map[string]decimal.Decimal{"a": dec("300"), "b": dec("100"), "d": dec("80.005")}
	from, to := NewDate(2024, time.January, 1), NewDate(2024, time.January, 28)
	m, err := CompareMoney(j, est, MoneyOptions{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Persons) != 4 {
		t.Fatalf("%d persons, want 4", len(m.Persons))
	}
	type want struct {
		id                                  string
		days                                int
		typ                                 ServiceType
		compared                            bool
		est, pl, act, plT, actT, pe, ap, ae string
	}
	for i, w := range []want{
		{"a", 28, LongTermResidential, true, "300", "300", "207.50", "1200", "830", "0", "-92.50", "-92.50"},
		{"b", 0, ServiceUnknown, false, "100", "0", "0", "0", "0", "-100", "0", "-100"},
		{"c", 10, LongTermCommunity, false, "0", "210", "70", "300", "100", "210", "-140", "70"},
		{"d", 2, LongTermCommunity, true, "80.01", "100", "23.35", "28.57", "6.67", "19.99", "-76.65", "-56.66"},
	} {
		p := &m.Persons[i]
		if p.PersonID != w.id || p.ServiceDays != w.days || p.Type != w.typ || p.Compared() != w.compared {
			t.Errorf("person %d: %s days %d type %v compared %v, want %s %d %v %v", i, p.PersonID, p.ServiceDays, p.Type, p.Compared(), w.id, w.days, w.typ, w.compared)
		}
		eqDec(t, w.id+" estimate", p.Estimate, w.est)
		eqDec(t, w.id+" planned", p.Planned, w.pl)
		eqDec(t, w.id+" actual", p.Actual, w.act)
		eqDec(t, w.id+" planned total", p.PlannedTotal, w.plT)
		eqDec(t, w.id+" actual total", p.ActualTotal, w.actT)
		eqDec(t, w.id+" planned-estimate", p.PlannedMinusEstimate(), w.pe)
		eqDec(t, w.id+" actual-planned", p.ActualMinusPlanned(), w.ap)
		eqDec(t, w.id+" actual-estimate", p.ActualMinusEstimate(), w.ae)
	}
	tot := m.Total
	if tot.Persons != 4 || tot.Compared != 2 || tot.EstimateOnly != 1 || tot.ServiceOnly != 1 {
		t.Errorf("total counts %+v", tot)
	}
	// sums over the compared persons a and d
	eqDec(t, "total estimate", tot.Estimate, "380.01")
	eqDec(t, "total planned", tot.Planned, "400")
	eqDec(t, "total actual", tot.Actual, "230.85")
	eqDec(t, "total planned-estimate", tot.PlannedMinusEstimate, "19.99")
	eqDec(t, "total actual-planned", tot.ActualMinusPlanned, "-169.15")
	eqDec(t, "total actual-estimate", tot.ActualMinusEstimate, "-149.16")
	eqDec(t, "total planned total", tot.PlannedTotal, "1528.57")
	eqDec(t, "total actual total", tot.ActualTotal, "936.67")
	if math.Abs(tot.PlannedPerEstimate-400/380.01) > 1e-12 || math.Abs(tot.ActualPerPlanned-230.85/400) > 1e-12 {
		t.Errorf("ratios %v %v", tot.PlannedPerEstimate, tot.ActualPerPlanned)
	}
	eqDec(t, "unlinked spend", m.UnlinkedSpend, "50")
	if m.UnlinkedTransactions != 1 {
		t.Errorf("unlinked transactions %d, want 1", m.UnlinkedTransactions)
	}

	// by main service type, nothing suppressed (threshold 1)
	byType := func(p *PersonMoney) string { return p.Type.String() }
	tab, err := m.ByGroup(byType, disclosure.Options{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 3 {
		t.Fatalf("%d rows", len(tab.Rows))
	}
	com := tab.Rows[0] // long_term_community < long_term_residential < unknown
	if com.Group != LongTermCommunity.String() || com.Persons != 2 || com.Compared != 1 || com.ServiceOnly != 1 || com.Hidden() {
		t.Errorf("community row %+v", com)
	}
	eqDec(t, "community estimate", com.Estimate, "80.01")
	eqDec(t, "community planned total", com.PlannedTotal, "328.57")
	if tab.Rows[2].Group != ServiceUnknown.String() || tab.Rows[2].EstimateOnly != 1 || !math.IsNaN(tab.Rows[2].PlannedPerEstimate) {
		t.Errorf("unknown row %+v", tab.Rows[2])
	}
	// the default threshold (5) hides every count of 1 and the money with it
	tab, err = m.ByGroup(byType, disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tab.Rows {
		if r.Compared > 0 && !r.Hidden() || (r.Hidden() && (!r.Estimate.IsZero() || !r.Actual.IsZero() || !math.IsNaN(r.ActualPerPlanned) || r.Persons != 0)) {
			t.Errorf("row not suppressed: %+v", r)
		}
	}
	if tab.Total.Compared != 2 {
		t.Errorf("total changed by suppression: %+v", tab.Total)
	}

	// default period: from the first service start to the last payment end
	m2, err := CompareMoney(j, est, MoneyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m2.From != from || m2.To != NewDate(2024, time.February, 11) {
		t.Errorf("default period %v–%v", m2.From, m2.To)
	}
}

func TestCompareMoneyErrors(t *testing.T) {
	j := moneyFixture(t)
	for name, f := range map[string]func() error{
		"nil join": func() error { _, err := CompareMoney(nil, nil, MoneyOptions{}); return err },
		"negative estimate": func() error {
			_, err := CompareMoney(j, map[string]decimal.Decimal{"a": dec("-1")}, MoneyOptions{})
			return err
		},
		"period backwards": func() error {
			_, err := CompareMoney(j, nil, MoneyOptions{From: NewDate(2024, 2, 1), To: NewDate(2024, 1, 1)})
			return err
		},
		"nil group": func() error {
			m, err := CompareMoney(j, nil, MoneyOptions{})
			if err != nil {
				return nil
			}
			_, err = m.ByGroup(nil, disclosure.Options{})
			return err
		},
	} {
		if err := f(); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%s: got %v, want ErrInvalidOptions", name, err)
		}
	}
}

// TestMoneyByGroupSuppression: counts (compared, estimate only, service
// only) X (10, 0, 0), Y (3, 6, 0), Z (8, 7, 0). Y's 3 is primary; its row
// then hides its 6; the compared column then hides Z's 8 (the smaller of
// 10 and 8), and Z's row its 7. X stays: 10 people at £100 estimate, £110
// planned, £99 actual a week.
func TestMoneyByGroupSuppression(t *testing.T) {
	var m MoneyComparison
	add := func(g string, n int, compared bool) {
		for range n {
			p := PersonMoney{PersonID: g, HasEstimate: true, Estimate: dec("100")}
			if compared {
				p.ServiceDays, p.Planned, p.Actual = 7, dec("110"), dec("99")
			}
			m.Persons = append(m.Persons, p)
		}
	}
	add("X", 10, true)
	add("Y", 3, true)
	add("Y", 6, false)
	add("Z", 8, true)
	add("Z", 7, false)
	tab, err := m.ByGroup(func(p *PersonMoney) string { return p.PersonID }, disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x, y, z := tab.Rows[0], tab.Rows[1], tab.Rows[2]
	if x.Hidden() || x.Compared != 10 || x.Persons != 10 {
		t.Errorf("X %+v", x)
	}
	eqDec(t, "X estimate", x.Estimate, "1000")
	eqDec(t, "X planned", x.Planned, "1100")
	eqDec(t, "X actual", x.Actual, "990")
	eqDec(t, "X actual-planned", x.ActualMinusPlanned, "-110")
	if y.ComparedStatus != disclosure.Primary || y.EstimateOnlyStatus != disclosure.Secondary || y.Persons != 9 || y.Compared != 0 || y.EstimateOnly != 0 || !y.Estimate.IsZero() || !math.IsNaN(y.PlannedPerEstimate) {
		t.Errorf("Y %+v", y)
	}
	if z.ComparedStatus != disclosure.Secondary || z.EstimateOnlyStatus != disclosure.Secondary || z.Persons != 15 || !z.Hidden() || !z.Actual.IsZero() {
		t.Errorf("Z %+v", z)
	}
}
