package cld

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

const convHeader = "LA_Code,Reporting_Period_Start_Date,Reporting_Period_End_Date,ImportDate,Der_NHS_Number_Traced_Pseudo," +
	"Der_LA_Person_Unique_Identifier_Pseudo,Client_Type,Event_Type,Event_Start_Date,Event_End_Date,Event_Outcome,Assessment_Type," +
	"Service_Type,Unit_Cost,Planned_units_per_week,Cost_Frequency_(Unit_Type)"

// TestPathwayWorkedCase converts one person's CLD by hand and checks the
// pathway records and what pathway.Join, the waits and the money make of
// them.
func TestPathwayWorkedCase(t *testing.T) {
	in := csvOf(convHeader,
		// line 2: request 1–2 May
		"E1,2023-04-01,2023-06-30,2023-07-20,n1,l1,Service User,Request,2023-05-01,2023-05-02,Progress to Assessment,,,,,",
		// line 3: assessment 10–20 May
		"E1,2023-04-01,2023-06-30,2023-07-20,n1,l1,Service User,Assessment,2023-05-10,2023-05-20,Progress to Support Planning / Services,Long Term Support Assessment,,,,",
		// line 4: community support from 22 May, £20.00 an hour, 10 hours a week, open in Q1
		"E1,2023-04-01,2023-06-30,2023-07-20,n1,l1,Service User,Service,2023-05-22,,Provision of service,,Long Term Support: Community,20.00,10,Hourly",
		// line 5: the same service in the Q2 return, ended 31 August: the latest edition
		"E1,2023-04-01,2023-09-30,2023-10-20,n1,l1,Service User,Service,2023-05-22,2023-08-31,Service ended as planned,,Long Term Support: Community,20.00,10,Hourly",
		// line 6: a financial assessment: left out
		"E1,2023-04-01,2023-06-30,2023-07-20,n1,l1,Service User,Assessment,2023-05-12,2023-05-13,,Financial Assessment,,,,",
		// line 7: a carer's request: left out unless AllClientTypes
		"E1,2023-04-01,2023-06-30,2023-07-20,n2,l2,Carer,Request,2023-05-03,2023-05-03,Progress to Assessment,,,,,",
		// line 8: a local-only row whose id is seen with n1: removed by the person rule
		"E1,2023-04-01,2023-06-30,2023-07-20,,l1,Service User,Review,2023-06-01,2023-06-02,No change in package,,,,,",
	)
	d := mustRead(t, in, Options{})
	pd, err := d.Pathway(PathwayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := pd.Report
	if r.Rows != 7 || r.Converted != 3 || r.Superseded != 1 || r.FinancialAssessments != 1 || r.OtherClientType != 1 || r.NoPerson != 1 {
		t.Fatalf("report %+v", r)
	}
	if len(pd.Services) != 1 || pd.ServiceRow[0] != 3 {
		t.Fatalf("services %+v rows %v", pd.Services, pd.ServiceRow)
	}
	s := pd.Services[0]
	if s.End != pathway.NewDate(2023, time.August, 31) || s.Type != pathway.LongTermCommunity ||
		!s.PlannedWeeklyCost().Equal(decimal.RequireFromString("200")) || s.PersonID != "E1/N0" {
		t.Fatalf("service %+v", s)
	}
	var types []pathway.EventType
	for _, e := range pd.Events {
		types = append(types, e.Type)
	}
	want := []pathway.EventType{pathway.EventRequest, pathway.EventAssessmentStart, pathway.EventAssessmentEnd,
		pathway.EventServiceStart, pathway.EventServiceEnd}
	if len(types) != len(want) {
		t.Fatalf("event types %v, want %v", types, want)
	}
	for k := range want {
		if types[k] != want[k] {
			t.Fatalf("event types %v, want %v", types, want)
		}
	}
	j, err := pathway.Join(pd.Events, pd.Services, nil, pathway.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Pathways) != 1 || j.ServicePathway[0] != 0 {
		t.Fatalf("pathways %+v", j.Pathways)
	}
	p := j.Pathways[0]
	day := func(m time.Month, d int) Date { return pathway.NewDate(2023, m, d) }
	if p.Dates[pathway.StageRequest] != day(5, 1) || p.Dates[pathway.StageAssessmentEnd] != day(5, 20) ||
		p.Dates[pathway.StageServiceStart] != day(5, 22) || p.Dates[pathway.StageServiceEnd] != day(8, 31) {
		t.Fatalf("pathway dates %v", p.Dates)
	}
	waits, _ := j.Waits(pathway.StageRequest, pathway.StageServiceStart, nil)
	if len(waits) != 1 || waits[0].End-waits[0].Start != 21 {
		t.Fatalf("waits %+v", waits)
	}
	m, err := pathway.CompareMoney(j, nil, pathway.MoneyOptions{From: day(6, 1), To: day(6, 30)})
	if err != nil {
		t.Fatal(err)
	}
	// 30 days of £200 a week: planned weekly £200.00, period total
	// 200 × 30 / 7 = £857.14
	if len(m.Persons) != 1 || !m.Persons[0].Planned.Equal(decimal.RequireFromString("200")) ||
		!m.Persons[0].PlannedTotal.Equal(decimal.RequireFromString("857.14")) {
		t.Fatalf("money %+v", m.Persons)
	}
	pd, err = d.Pathway(PathwayOptions{AllClientTypes: true, FinancialAssessments: true})
	if err != nil || pd.Report.Converted != 5 {
		t.Fatalf("all types: %+v %v", pd.Report, err)
	}
	if _, err := d.Pathway(PathwayOptions{Keys: []int32{1}}); err == nil {
		t.Fatal("keys of the wrong length accepted")
	}
}

// TestPathwayOnSynthetic runs the pathway toolkit on a synthetic CLD
// file: the conversion keeps exactly the service users' year-end events
// the person rule keeps (counted from the generator's truth), and the
// join, Kaplan–Meier, log-rank, the snapshot, the funnel comparison and
// the money run on it.
func TestPathwayOnSynthetic(t *testing.T) {
	in, sum, persons, rows := synthAll(t, SynthOptions{Seed: 5, Persons: 2500, Councils: 4})
	d, err := Read(bytes.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sel, err := d.LatestSubmissions(sum.Period, sum.Window)
	if err != nil {
		t.Fatal(err)
	}
	pd, err := d.Pathway(PathwayOptions{Rows: sel.Rows})
	if err != nil {
		t.Fatal(err)
	}
	byIndex := map[int]*TruthPerson{}
	for k := range persons {
		byIndex[persons[k].Index] = &persons[k]
	}
	var want [EventReview + 1]int
	for _, tr := range rows {
		s := sum.Submissions[tr.Submission]
		p := byIndex[tr.Person]
		if s.Quarter == 4 && s.Latest && tr.Key != KeyRemovedSeenWithNHS && p.ClientType == ClientServiceUser {
			want[p.Events[tr.Event].Type]++
		}
	}
	if pd.Report.ByType != want || pd.Report.Superseded != 0 {
		t.Fatalf("converted by type %v, truth %v (superseded %d)", pd.Report.ByType, want, pd.Report.Superseded)
	}
	rep := pd.Report
	if rep.Rows != rep.Converted+rep.NotSelected+rep.NoPerson+rep.OtherClientType+rep.FinancialAssessments+rep.Superseded {
		t.Fatalf("conversion does not add up: %+v", rep)
	}
	j, err := pathway.Join(pd.Events, pd.Services, nil, pathway.JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if j.Report.Events.Input != len(pd.Events) || j.Report.Pathways == 0 {
		t.Fatalf("join report %+v", j.Report)
	}
	council := func(p *pathway.Pathway) string { return p.PersonID[:strings.IndexByte(p.PersonID, '/')] }
	waits, _ := j.Waits(pathway.StageRequest, pathway.StageAssessmentEnd, council)
	extract := sum.Period.End
	times, events, err := pathway.CensorWaits(waits, extract, pathway.CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	km, err := pathway.KaplanMeier(times, events, pathway.KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if med := km.Median(); !med.Defined() || med.Value <= 0 || med.Value > 120 {
		t.Fatalf("median request to assessment end %v", med)
	}
	groups := make([]string, len(waits))
	for k, w := range waits {
		groups[k] = w.Group
	}
	if _, err := pathway.LogRank(times, events, groups, pathway.LogRankOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := pathway.OpenWaits(waits, extract, pathway.SnapshotOptions{}); err != nil {
		t.Fatal(err)
	}
	cmpg, err := pathway.CompareGroups(times, events, groups, pathway.CompareOptions{TargetDays: 28})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cmpg.Suppress(disclosure.Options{}); err != nil {
		t.Fatal(err)
	}
	m, err := pathway.CompareMoney(j, nil, pathway.MoneyOptions{From: sum.Period.Start, To: sum.Period.End})
	if err != nil {
		t.Fatal(err)
	}
	if m.Total.PlannedTotal.Sign() <= 0 {
		t.Fatalf("no planned money: %+v", m.Total)
	}
}
