package ras_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/stonesoup-care/stonesoup/ras"
)

func decp(s string) *decimal.Decimal { d := dec(s); return &d }

// floridaAnswers are the QSI answers of TestIBudgetWorkedExample, with a
// placement: FSum 17, BSum 4, Q16 3, Q18 2, Q20 4, Q21 1, Q23 0, Q28 1, Q33 2,
// Q34 0, Q36 3, Q43 1.
func floridaAnswers(placement string) ras.Answers {
	as := answers("placement", placement,
		"q14", "1", "q15", "0", "q16", "3", "q17", "2", "q18", "2", "q19", "1", "q20", "4", "q21", "1", "q22", "0", "q23", "0", "q24", "3",
		"q25", "1", "q26", "0", "q27", "2", "q28", "1", "q29", "0", "q30", "0")
	for q := 32; q <= 50; q++ {
		v := "0"
		switch q {
		case 33:
			v = "2"
		case 36:
			v = "3"
		case 43:
			v = "1"
		}
		as = append(as, ras.Answer{Question: "q" + itoa(q), Option: v})
	}
	return as
}

// floridaCaseload is a caseload of three for the fiscal year 2025-26,
// worked by hand from the published rule (Fla. Admin. Code R. 65G-4.0214,
// 65G-4.0216, 65G-4.0218). The item terms are the same for all three:
//
//	Q16 3×2.4984 + Q18 2×5.8537 + Q20 4×2.6772 + Q21 2.7878 + Q28 2.2803
//	+ Q33 2×1.2233 + Q36 3×2.6734 + Q43 1.9304 = 47.3767; BSum 4×0.4954 = 1.9816
//
// A, in independent or supported living (ILSL), aged 35 on 10 December
// 2025 (age 31+):
//
//	η = 27.572 + 35.822 + 48.9634 + 1.9816 + 17×2.0529 + 4×1.4501 + 47.3767 = 202.4154
//	Allocation Algorithm Amount = 202.4154² = 40,971.99415716
//	+ long-term SAN funding 5,000.00 = 45,971.99415716 a year
//	budget from 1 January 2026: 181 of the 365 days of the fiscal year left
//	(Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181)
//	45,971.99415716 × 181/365 = 22,797.07107519; + one-time SAN 1,200.00
//	= 23,997.07107519 → $23,997.07
//
// B, a child of 12 in the family home, from 1 July 2025 (the whole year):
//
//	η = 27.572 + 1.9816 + 17×0.6349 + 47.3767 = 87.7236;
//	87.7236² = 7,695.42999696 → $7,695.43
//
// C, in residential habilitation (RH1), aged 45, from 15 March 2026 (17 +
// 30 + 31 + 30 = 108 days left), with long-term SAN funding of 2,500.00:
//
//	η = 27.572 + 90.6294 + 48.9634 + 1.9816 + 47.3767 = 216.5231;
//	216.5231² = 46,882.25283361; + 2,500 = 49,382.25283361;
//	× 108/365 = 14,611.73508501 → $14,611.74
//
// The three add up to $46,304.24. Capped at an appropriation of $40,000.00,
// each is scaled by 4,000,000 ÷ 4,630,424 (in cents) = 0.8638517768…:
//
//	A 2,399,707 × 4,000,000 ÷ 4,630,424 = 2,072,991 remainder 721,816
//	B   769,543 × 4,000,000 ÷ 4,630,424 =   664,771 remainder 407,096
//	C 1,461,174 × 4,000,000 ÷ 4,630,424 = 1,262,237 remainder 3,501,512
//
// The floors add up to 3,999,999 cents; the cent left goes to C, which has
// the largest remainder: A $20,729.91, B $6,647.71, C $12,622.38, which add
// up to $40,000.00.
func floridaCaseload() []ras.Assessment {
	return []ras.Assessment{
		{ID: "FL-A", Date: ras.Date{Year: 2025, Month: 12, Day: 10}, Cohort: ras.CohortAdult, BudgetStart: ras.Date{Year: 2026, Month: 1, Day: 1},
			Person:  ras.Person{ID: "P-A", DateOfBirth: ras.Date{Year: 1990, Month: 3, Day: 15}, LivingSetting: ras.SettingSupportedLiving},
			Answers: floridaAnswers("ilsl"),
			AddOns: []ras.ApprovedAddOn{
				{AddOn: "san", Amount: decp("5000.00"), ApprovedOn: ras.Date{Year: 2025, Month: 12, Day: 15}, Reference: "SAN-2025-0042"},
				{AddOn: "san_one_time", Amount: decp("1200.00"), ApprovedOn: ras.Date{Year: 2025, Month: 12, Day: 15}},
			}},
		{ID: "FL-B", Date: ras.Date{Year: 2025, Month: 6, Day: 20}, Cohort: ras.CohortChildren, BudgetStart: ras.Date{Year: 2025, Month: 7, Day: 1},
			Person: ras.Person{ID: "P-B", Age: intp(12), LivingSetting: ras.SettingHomeFamily}, Answers: floridaAnswers("fh")},
		{ID: "FL-C", Date: ras.Date{Year: 2026, Month: 2, Day: 20}, Cohort: ras.CohortAdult, BudgetStart: ras.Date{Year: 2026, Month: 3, Day: 15},
			Person:  ras.Person{ID: "P-C", Age: intp(45), LivingSetting: ras.SettingResidential},
			Answers: floridaAnswers("rh1"),
			AddOns:  []ras.ApprovedAddOn{{AddOn: "san", Amount: decp("2500"), ApprovedOn: ras.Date{Year: 2026, Month: 2, Day: 25}}}},
	}
}

func TestFloridaWorkedExample(t *testing.T) {
	e := mustLoad(t, ras.ModelIBudgetFlorida)
	as := floridaCaseload()
	rs, err := e.AssessBatch(t.Context(), as, ras.BatchOptions{Trace: true})
	require.NoError(t, err)
	wantEta := []float64{202.4154, 87.7236, 216.5231}
	wantAnnual := []string{"40971.99", "7695.43", "46882.25"}
	wantTotal := []string{"23997.07", "7695.43", "14611.74"}
	for i := range rs {
		require.InDelta(t, wantEta[i], rs[i].Eta, 1e-9, as[i].ID)
		wantMoney(t, as[i].ID+" annual (the algorithm amount)", rs[i].Annual(), wantAnnual[i])
		wantMoney(t, as[i].ID+" total", rs[i].Total(), wantTotal[i])
		require.True(t, rs[i].Composed())
	}

	cl, err := e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: decp("40000.00")})
	require.NoError(t, err)
	require.True(t, cl.Capped)
	wantMoney(t, "requested", cl.Requested, "46304.24")
	wantMoney(t, "allocated", cl.Allocated, "40000.00")
	wantMoney(t, "scale", cl.Scale, "0.8638517768")
	require.Equal(t, "the Agency's appropriation for Waiver services", cl.Name)
	wantAfter := []string{"20729.91", "6647.71", "12622.38"}
	sum := decimal.Zero
	for i, p := range cl.People {
		require.Equal(t, as[i].ID, p.AssessmentID)
		wantMoney(t, p.AssessmentID+" before", p.Before, wantTotal[i])
		wantMoney(t, p.AssessmentID+" after", p.After, wantAfter[i])
		wantMoney(t, p.AssessmentID+" Total", rs[i].Total(), wantAfter[i])
		before, capped := rs[i].TotalBeforeCap()
		require.True(t, capped)
		wantMoney(t, p.AssessmentID+" TotalBeforeCap", before, wantTotal[i])
		sum = sum.Add(p.After)
	}
	wantMoney(t, "sum after", sum, "40000.00")

	// The explanation of A shows each step with its figures.
	var buf bytes.Buffer
	require.NoError(t, rs[0].Explain(&buf))
	for _, s := range []string{
		"+ 48.96  Aged 31 or over",
		"Before rounding the score is 202.4154, and 202.4154² = $40,971.99 a year.",
		"Significant Additional Needs funding (long-term): $5,000.00 a year, approved on 15 December 2025 (reference SAN-2025-0042).",
		"Significant Additional Needs funding (one-time or temporary): $1,200.00 once, approved on 15 December 2025.",
		"The full-year amount is the annual amount, $40,971.9942 (to 4 decimal places), + $5,000.00 of additions a year = $45,971.9942.",
		"The budget starts on 1 January 2026, with 181 of the 365 days of the fiscal year 2025-26 (1 July 2025 to 30 June 2026) left, so it is pro-rated: $45,971.9942 × 181 ÷ 365 = $22,797.0711 (to 4 decimal places).",
		"Budget for the fiscal year 2025-26: $22,797.0711 + $1,200.00 paid once = $23,997.07, rounded half up to the cent.",
		"The budgets of the caseload add up to $46,304.24, more than the Agency's appropriation for Waiver services, $40,000.00, so every budget is scaled by the same factor, $40,000.00 ÷ $46,304.24 = 0.863852 (to 6 decimal places): $23,997.07 becomes $20,729.91.",
	} {
		require.Contains(t, buf.String(), s)
	}

	// Capping again starts from the budgets before the cap: a larger
	// appropriation leaves them as they were.
	cl, err = e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: decp("50000")})
	require.NoError(t, err)
	require.False(t, cl.Capped)
	wantMoney(t, "scale", cl.Scale, "1")
	for i := range rs {
		wantMoney(t, as[i].ID+" total uncapped", rs[i].Total(), wantTotal[i])
		_, capped := rs[i].TotalBeforeCap()
		require.False(t, capped)
		for _, s := range rs[i].Trace() {
			require.NotEqual(t, ras.StepCaseloadCap, s.Kind)
		}
	}
	// Exactly the total: not capped.
	cl, err = e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: decp("46304.24")})
	require.NoError(t, err)
	require.False(t, cl.Capped)

	// The model gives no appropriation: it must be passed.
	_, err = e.ComposeCaseload(rs, ras.CaseloadOptions{})
	require.ErrorIs(t, err, ras.ErrInvalidAmount)
	require.Contains(t, err.Error(), "set CaseloadOptions.Cap")
	// A failed assessment is an error, not left out.
	bad := append([]ras.Result(nil), rs...)
	bad = append(bad, ras.Result{})
	_, err = e.ComposeCaseload(bad, ras.CaseloadOptions{Cap: decp("1")})
	require.ErrorIs(t, err, ras.ErrInvalidAssessment)
	// A cap with pence of pence is refused.
	_, err = e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: decp("1.005")})
	require.ErrorIs(t, err, ras.ErrInvalidAmount)
	// A model without a caseload cap cannot cap.
	_, err = mustLoad(t, ras.ModelIBudget5b).ComposeCaseload(nil, ras.CaseloadOptions{Cap: decp("1")})
	require.ErrorIs(t, err, ras.ErrInvalidModel)
}

// TestComposeLargestRemainder: capped budgets add up exactly to the cap
// rounded down to the unit, none goes up, and ties go to earlier results.
func TestComposeLargestRemainder(t *testing.T) {
	e := mustLoad(t, ras.ModelIBudgetFlorida)
	base := floridaCaseload()[1] // $7,695.43 each
	var as []ras.Assessment
	for i := range 7 {
		a := base
		a.ID = "FL-" + itoa(i)
		as = append(as, a)
	}
	rs, err := e.AssessBatch(t.Context(), as, ras.BatchOptions{})
	require.NoError(t, err)
	// 7 × 769,543 cents = 5,386,801, above a cap of 5,000,001 cents: each
	// share is 5,000,001 ÷ 7 = 714,285.857… cents; the floors add up to
	// 4,999,995, and the 6 cents left go to the first six (their
	// remainders are equal: earlier first).
	cl, err := e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: decp("50000.01")})
	require.NoError(t, err)
	require.True(t, cl.Capped)
	wantMoney(t, "allocated", cl.Allocated, "50000.01")
	for i, p := range cl.People {
		want := "7142.85"
		if i < 6 {
			want = "7142.86"
		}
		wantMoney(t, p.AssessmentID, p.After, want)
	}
}

// TestComposeUK composes a budget as an English council does: a weekly
// contingency, a one-off item and a part-year budget counted in months, on
// the points model's adult case of TestPointsModelWorkedExamples (41
// points × £7.85 = £321.85 a week).
//
//	full year: (321.85 + 20.00 contingency) × 52 = 17,776.20
//	budget from 15 October 2025, in the year 1 April 2025 to 31 March 2026:
//	October to March, 6 of the 12 months left: 17,776.20 × 6/12 = 8,888.10
//	+ equipment 450.00 once = £9,338.10
func TestComposeUK(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelPoints)
	require.NoError(t, err)
	m.Composition = &ras.Composition{
		AddOns: []ras.AddOn{
			{ID: "contingency", Name: "Contingency", Period: ras.AddOnWeekly, Amount: decp("20.00")},
			{ID: "equipment", Name: "Equipment", Period: ras.AddOnOneOff, Max: decp("500")},
		},
		ProRate: &ras.ProRate{Name: "the financial year 2025-26", PeriodStart: ras.Date{Year: 2025, Month: 4, Day: 1}, PeriodEnd: ras.Date{Year: 2026, Month: 3, Day: 31}, DayCount: ras.DayCountMonths},
	}
	e, err := ras.Compile(m)
	require.NoError(t, err)
	a := &ras.Assessment{ID: "UK-1", Date: ras.Date{Year: 2025, Month: 10, Day: 1}, Cohort: ras.CohortAdult, Person: person(ras.SettingHomeAlone, 40),
		Answers: pointsAnswers(), BudgetStart: ras.Date{Year: 2025, Month: 10, Day: 15},
		AddOns: []ras.ApprovedAddOn{
			{AddOn: "contingency", ApprovedOn: ras.Date{Year: 2025, Month: 10, Day: 2}},
			{AddOn: "equipment", Amount: decp("450"), ApprovedOn: ras.Date{Year: 2025, Month: 10, Day: 3}, Reference: "EQ-17"},
		}}
	r := assess(t, e, a)
	wantMoney(t, "weekly (the RAS amount)", r.Weekly(), "321.85")
	wantMoney(t, "annual (the RAS amount)", r.Annual(), "16736.20")
	wantMoney(t, "total", r.Total(), "9338.10")
	var buf bytes.Buffer
	require.NoError(t, r.Explain(&buf))
	for _, s := range []string{
		"  - Contingency: £20.00 a week (£1,040.00 a year), approved on 2 October 2025.",
		"  - Equipment: £450.00 once, approved on 3 October 2025 (reference EQ-17).",
		"The full-year amount is the annual amount, £16,736.20, + £1,040.00 of additions a year = £17,776.20.",
		"The budget starts on 15 October 2025, with 6 of the 12 months of the financial year 2025-26 (1 April 2025 to 31 March 2026) left, so it is pro-rated: £17,776.20 × 6 ÷ 12 = £8,888.10.",
		"Budget for the financial year 2025-26: £8,888.10 + £450.00 paid once = £9,338.10.",
	} {
		require.Contains(t, buf.String(), s)
	}
	// The JSON result has the total.
	b, err := r.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(b), `"total":"9338.10"`)

	// The trace has each step.
	kinds := map[ras.StepKind]int{}
	for _, s := range r.Trace() {
		kinds[s.Kind]++
	}
	require.Equal(t, 2, kinds[ras.StepAddOn])
	require.Equal(t, 1, kinds[ras.StepProRate])
	require.Equal(t, 1, kinds[ras.StepTotal])

	// Errors: each names the field.
	tests := []struct {
		name   string
		mutate func(*ras.Assessment)
		path   string
		class  error
		msg    string
	}{
		{"unknown add-on", func(a *ras.Assessment) { a.AddOns[0].AddOn = "gym" }, "add_ons[0].add_on", ras.ErrInvalidAnswer, `has no add-on "gym"`},
		{"amount not given", func(a *ras.Assessment) { a.AddOns[1].Amount = nil }, "add_ons[1].amount", ras.ErrMissingAnswer, "approved amount"},
		{"fixed amount differs", func(a *ras.Assessment) { a.AddOns[0].Amount = decp("25") }, "add_ons[0].amount", ras.ErrInvalidAnswer, "fixed by the model at 20"},
		{"fixed amount the same", func(a *ras.Assessment) { a.AddOns[0].Amount = decp("20.000") }, "", nil, ""},
		{"over the maximum", func(a *ras.Assessment) { a.AddOns[1].Amount = decp("500.01") }, "add_ons[1].amount", ras.ErrInvalidAnswer, "more than the most"},
		{"no budget start", func(a *ras.Assessment) { a.BudgetStart = ras.Date{} }, "budget_start", ras.ErrMissingAnswer, "the date the budget starts is needed"},
		{"budget start outside the period", func(a *ras.Assessment) { a.BudgetStart = ras.Date{Year: 2026, Month: 4, Day: 1} }, "budget_start", ras.ErrInvalidAnswer, "outside the financial year 2025-26"},
		{"approved twice", func(a *ras.Assessment) { a.AddOns[1].AddOn = "contingency" }, "add_ons[1].add_on", ras.ErrInvalidAssessment, "approved twice"},
		{"not approved", func(a *ras.Assessment) { a.AddOns[1].ApprovedOn = ras.Date{} }, "add_ons[1].approved_on", ras.ErrInvalidAssessment, "must be set"},
		{"negative", func(a *ras.Assessment) { a.AddOns[1].Amount = decp("-1") }, "add_ons[1].amount", ras.ErrInvalidAssessment, "must not be negative"},
		{"pence of pence of pence", func(a *ras.Assessment) { a.AddOns[1].Amount = decp("1.000000001") }, "add_ons[1].amount", ras.ErrInvalidAssessment, "more than 8 decimal places"},
		{"budget start not a date", func(a *ras.Assessment) { a.BudgetStart = ras.Date{Year: 2025, Month: 2, Day: 30} }, "budget_start", ras.ErrInvalidAssessment, "day 30 is not a day of February 2025"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := *a
			b.AddOns = append([]ras.ApprovedAddOn(nil), a.AddOns...)
			tc.mutate(&b)
			var r ras.Result
			err := e.AssessInto(&b, &r, ras.AssessOptions{})
			if tc.class == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.class)
			require.Contains(t, err.Error(), tc.path+": ")
			require.Contains(t, err.Error(), tc.msg)
			require.False(t, r.OK())
			if errors.Is(tc.class, ras.ErrInvalidAssessment) {
				require.Equal(t, b.Validate().Error(), err.Error())
			}
		})
	}
}

// TestComposeRoundsOnce: the total is rounded once from the exact
// pro-rated amount, by the model's rule. The hours model rounds up, with
// 52.143 weeks a year; its worked example (TestHoursModelWorkedExample) has
// an exact weekly amount of £360.70833333 (242.95833333 + 42 + 9.75 + 66;
// the engine holds the price of 595 minutes at £24.50 an hour to the
// micro-penny), so a full year of 360.70833333 × 52.143 =
// 18,808.41462482619. In the year 1 April 2025 to 31 March 2026:
//
//	from 18 December 2025, 104 of 365 days are left (14 + 31 + 28 + 31):
//	18,808.41462483 × 104/365 = 5,359.10992050 → up £5,359.11
//	(pro-rating the rounded annual amount, £18,808.42 × 104/365 =
//	5,359.11145205, would give £5,359.12)
//	from 31 March 2026, 1 day: 18,808.41462483/365 = 51.52990308 → up
//	£51.53 (from the rounded weekly amount, £360.71 × 52.143/365 =
//	51.5300…, it would be £51.54)
func TestComposeRoundsOnce(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelHours)
	require.NoError(t, err)
	m.Composition = &ras.Composition{ProRate: &ras.ProRate{Name: "the year", PeriodStart: ras.Date{Year: 2025, Month: 4, Day: 1}, PeriodEnd: ras.Date{Year: 2026, Month: 3, Day: 31}, DayCount: ras.DayCountActual}}
	e, err := ras.Compile(m)
	require.NoError(t, err)
	a := hoursWorkedAssessment()
	a.BudgetStart = ras.Date{Year: 2025, Month: 12, Day: 18}
	r := assess(t, e, a)
	require.Equal(t, "360.70833333", r.ExactWeekly().String())
	wantMoney(t, "total", r.Total(), "5359.11")
	a.BudgetStart = ras.Date{Year: 2026, Month: 3, Day: 31}
	wantMoney(t, "total on the last day", assess(t, e, a).Total(), "51.53")
}

// A composing model without add-ons and pro-rating costs no allocation.
func TestComposeAllocs(t *testing.T) {
	e := mustLoad(t, ras.ModelIBudgetFlorida)
	a := floridaCaseload()[1]
	var r ras.Result
	require.NoError(t, e.AssessInto(&a, &r, ras.AssessOptions{}))
	if n := testing.AllocsPerRun(100, func() { e.AssessInto(&a, &r, ras.AssessOptions{}) }); n != 0 {
		t.Errorf("AssessInto allocates %v times", n)
	}
}

// The approvals and the budget start go through CSV and JSON and back.
func TestAddOnsRoundTrip(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelIBudgetFlorida)
	require.NoError(t, err)
	as := floridaCaseload()
	var buf bytes.Buffer
	require.NoError(t, ras.WriteCSV(&buf, m, as))
	header, _, _ := strings.Cut(buf.String(), "\n")
	require.Contains(t, header, ",budget_start,add_ons,")
	require.Contains(t, buf.String(), ",2026-01-01,san|5000|2025-12-15|SAN-2025-0042;san_one_time|1200|2025-12-15,")
	back, rep, err := ras.ReadCSV(&buf, ras.ReadOptions{Model: m})
	require.NoError(t, err)
	require.Empty(t, rep.Rejected)
	require.Len(t, back, 3)
	for i := range as {
		require.Equal(t, as[i].BudgetStart, back[i].BudgetStart)
		require.Len(t, back[i].AddOns, len(as[i].AddOns))
		for j := range as[i].AddOns {
			require.Equal(t, as[i].AddOns[j].AddOn, back[i].AddOns[j].AddOn)
			require.True(t, as[i].AddOns[j].Amount.Equal(*back[i].AddOns[j].Amount))
			require.Equal(t, as[i].AddOns[j].ApprovedOn, back[i].AddOns[j].ApprovedOn)
			require.Equal(t, as[i].AddOns[j].Reference, back[i].AddOns[j].Reference)
		}
	}
	buf.Reset()
	require.NoError(t, ras.WriteJSON(&buf, as))
	require.Contains(t, buf.String(), `"add_on": "san"`)
	back, rep, err = ras.ReadJSON(&buf, ras.ReadOptions{Model: m})
	require.NoError(t, err)
	require.Empty(t, rep.Rejected)
	require.Equal(t, as[0].BudgetStart, back[0].BudgetStart)
	require.True(t, back[0].AddOns[0].Amount.Equal(dec("5000")))

	// A bad entry is rejected at its column, with its reason.
	csv := "assessment_id,date,cohort,person_id,age,living_setting,budget_start,add_ons\n" +
		"A-1,2025-12-10,adult_social_care,P1,40,home_alone,2026-01-01,san|5000|\n" +
		"A-2,2025-12-10,adult_social_care,P2,40,home_alone,2026-01-01,san|x|2025-12-15\n" +
		"A-3,2025-12-10,adult_social_care,P3,40,home_alone,2026-02-30,\n"
	_, rep, err = ras.ReadCSV(strings.NewReader(csv), ras.ReadOptions{})
	require.NoError(t, err)
	require.Len(t, rep.Rejected, 3)
	require.Equal(t, "add_ons", rep.Rejected[0].Field)
	require.Contains(t, rep.Rejected[0].Error(), "add_ons[0].approved_on: must be set")
	require.Equal(t, "add_ons", rep.Rejected[1].Field)
	require.Contains(t, rep.Rejected[1].Error(), "not an amount in plain decimal notation")
	require.Equal(t, "budget_start", rep.Rejected[2].Field)
	require.Contains(t, rep.Rejected[2].Error(), "day 30 is not a day of February 2026")
}

// Without the trace, the explanation gives the totals: the budget for the
// period, and the caseload cap that changed it.
func TestComposeExplainNoTrace(t *testing.T) {
	e := mustLoad(t, ras.ModelIBudgetFlorida)
	as := floridaCaseload()
	rs, err := e.AssessBatch(t.Context(), as, ras.BatchOptions{})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, rs[0].Explain(&buf))
	require.Contains(t, buf.String(), "(No trace was recorded")
	require.Contains(t, buf.String(), "Budget for the fiscal year 2025-26: $23,997.07.")
	_, err = e.ComposeCaseload(rs, ras.CaseloadOptions{Cap: decp("40000")})
	require.NoError(t, err)
	buf.Reset()
	require.NoError(t, rs[0].Explain(&buf))
	require.Contains(t, buf.String(), "$23,997.07 becomes $20,729.91")
	// The results CSV has the totals.
	buf.Reset()
	require.NoError(t, ras.WriteResultsCSV(&buf, e, rs))
	header, rest, _ := strings.Cut(buf.String(), "\n")
	require.Contains(t, header, ",total,total_before_cap,caseload_scale")
	require.Contains(t, rest, ",20729.91,23997.07,0.8638517768")
}
