package pathway

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func joinFixture(t *testing.T) ([]Event, []Service, []Transaction) {
	evCSV := `person_id,event_type,event_date,episode_id,outcome,service_id
p1,request,2024-01-02,,,
p1,assessment_start,2024-01-10,,,
p1,assessment_end,2024-01-20,,Progress to support planning,
p1,eligibility_decision,2024-01-20,,,
p1,support_plan_agreed,2024-01-25,,,
p1,review,2024-04-01,,No change in package,
p1,review,2024-04-01,,No change in package,
p2,request,2024-02-01,,,
p2,assessment_start,2024-02-05,,,
p2,assessment_end,2024-02-10,,NFA - Support declined,
p3,request,2024-03-01,,,
p4,assessment_start,2024-01-05,,,
p4,assessment_end,2024-03-01,,,
p5,review,2024-01-01,,,
p6,request,2023-01-01,,NFA - Information and advice/Signposting only,
`
	svCSV := `service_id,person_id,service_type,start_date,end_date,provider,planned_units_per_week,unit_cost
s1,p1,community,2024-02-01,,Acme,10,25.00
s1,p1,community,2024-02-01,,Acme,10,25.00
s2,p4,residential,2024-02-01,,Care Home Ltd,1,900
s3,p7,nursing,2024-02-01,,Nursing Ltd,1,1100
s4,p1,st-max,2024-01-28,2024-03-10,Council,5,30
`
	fnCSV := `transaction_id,person_id,service_id,period_start,period_end,amount
t1,p1,s1,2024-02-01,2024-02-07,250.00
t1,p1,s1,2024-02-01,2024-02-07,250.00
t2,p1,s9,2024-02-01,2024-02-07,10
t3,p2,s1,2024-02-01,2024-02-07,10
t4,p1,s1,2024-01-01,2024-01-07,250
t5,p1,,2024-02-01,,5
t6,p4,s2,2024-02-01,2024-02-07,900
`
	evs, rep, err := ReadEvents(strings.NewReader(evCSV))
	if err != nil || len(rep.Rejected) > 0 {
		t.Fatal(err, rep.Rejected)
	}
	svs, rep, err := ReadServices(strings.NewReader(svCSV))
	if err != nil || len(rep.Rejected) > 0 {
		t.Fatal(err, rep.Rejected)
	}
	fns, rep, err := ReadTransactions(strings.NewReader(fnCSV))
	if err != nil || len(rep.Rejected) > 0 {
		t.Fatal(err, rep.Rejected)
	}
	return evs, svs, fns
}

func TestJoin(t *testing.T) {
	evs, svs, fns := joinFixture(t)
	j, err := Join(evs, svs, fns, JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := j.Report
	// every record accounted for
	for name, tl := range map[string]Tally{"events": r.Events, "services": r.Services, "finance": r.Finance} {
		if tl.Linked+tl.Unmatched+tl.Duplicate != tl.Input {
			t.Errorf("%s tally %+v does not add up", name, tl)
		}
	}
	if r.Events != (Tally{Input: 15, Linked: 13, Unmatched: 1, Duplicate: 1}) {
		t.Errorf("events %+v", r.Events)
	}
	// s1 dup; s2 (p4) starts before its assessment ended: out of order, unmatched; s3 p7 no assessment
	if r.Services != (Tally{Input: 5, Linked: 2, Unmatched: 2, Duplicate: 1}) {
		t.Errorf("services %+v", r.Services)
	}
	// t1 dup; t2 unknown service; t3 other person's service; t5 no service; t6 service s2 not linked but exists → linked to s2
	if r.Finance != (Tally{Input: 7, Linked: 3, Unmatched: 3, Duplicate: 1}) {
		t.Errorf("finance %+v", r.Finance)
	}
	if r.Persons != 7 {
		t.Errorf("persons %d", r.Persons)
	}
	kinds := map[IssueKind]int{}
	for _, is := range r.Issues {
		kinds[is.Kind]++
		if is.Line == 0 || is.PersonID == "" || is.Reason == "" {
			t.Errorf("issue without detail: %+v", is)
		}
	}
	// out of order: s2 before assessment end; t4 period before s1 started
	if kinds[IssueDuplicate] != 3 || kinds[IssueOutOfOrder] != 2 || r.OutOfOrder != 2 {
		t.Errorf("issue kinds %v: %+v", kinds, r.Issues)
	}
	// p1's pathway
	var p1 *Pathway
	for i := range j.Pathways {
		if j.Pathways[i].PersonID == "p1" {
			p1 = &j.Pathways[i]
		}
	}
	want := map[Stage]string{StageRequest: "2024-01-02", StageAssessmentStart: "2024-01-10", StageAssessmentEnd: "2024-01-20",
		StageEligibility: "2024-01-20", StageSupportPlan: "2024-01-25", StageServiceStart: "2024-01-28", StageServiceEnd: "2024-03-10", StageReview: "2024-04-01"}
	for s, w := range want {
		if p1.Dates[s].String() != w {
			t.Errorf("p1 %v = %v want %s", s, p1.Dates[s], w)
		}
	}
	if p1.ServiceType != ShortTermSTMax || len(p1.Services) != 2 || p1.Closed.Valid() {
		t.Errorf("p1 %+v", p1)
	}
	// waits assessment end → service start at extract 2024-04-30
	waits, ooo := j.Waits(StageAssessmentEnd, StageServiceStart, func(p *Pathway) string { return p.ServiceType.String() })
	// p1 (8 days), p4 (no linked service; open) ; p2 closed NFA at assessment end → left out
	if ooo != 0 || len(waits) != 2 {
		t.Fatalf("waits %+v ooo %d", waits, ooo)
	}
	times, events, err := CensorWaits(waits, mustDate(t, "2024-04-30"), CalendarDays, nil)
	if err != nil || times[0] != 8 || !events[0] || times[1] != 60 || events[1] {
		t.Errorf("censored %v %v %v", times, events, err)
	}
	// request → assessment start: p1 (8), p2 (4), p3 open (60 days at 30 Apr), p6 closed at request → left out
	waits, _ = j.Waits(StageRequest, StageAssessmentStart, nil)
	times, events, _ = CensorWaits(waits, mustDate(t, "2024-04-30"), CalendarDays, nil)
	if len(times) != 3 || times[2] != 60 || events[2] {
		t.Errorf("request waits %v %v %+v", times, events, waits)
	}
	// timelines
	if len(j.Persons) != 7 || j.Persons[0].PersonID != "p1" || len(j.Persons[0].Transactions) != 5 {
		t.Errorf("timeline %+v", j.Persons[0])
	}
	// finance linked to s1
	s1 := 0
	if len(j.ServiceFinance[s1]) != 2 { // t1 and the out-of-order t4
		t.Errorf("s1 finance %v", j.ServiceFinance[s1])
	}
	if !j.Services[s1].PlannedWeeklyCost().Equal(decimal.RequireFromString("250")) {
		t.Error("planned cost")
	}
}

func TestJoinEpisodes(t *testing.T) {
	d := func(s string) Date { return mustDate(t, s) }
	evs := []Event{
		{PersonID: "a", Episode: "e1", Type: EventAssessmentEnd, Date: d("2024-01-05"), Line: 2},
		{PersonID: "a", Episode: "e1", Type: EventAssessmentStart, Date: d("2024-01-10"), Line: 3},
		{PersonID: "a", Episode: "e2", Type: EventAssessmentStart, Date: d("2024-02-01"), Line: 4},
		{PersonID: "a", Episode: "e2", Type: EventAssessmentEnd, Date: d("2024-02-03"), Line: 5},
	}
	svs := []Service{{ServiceID: "s", PersonID: "a", Episode: "e1", Type: LongTermCommunity, Start: d("2025-06-01"), Line: 2}}
	j, err := Join(evs, svs, nil, JoinOptions{MatchEpisode: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Pathways) != 2 || j.Report.OutOfOrder != 1 {
		t.Fatalf("pathways %+v report %+v", j.Pathways, j.Report)
	}
	// episode e1 service links to e1 despite the later e2 assessment and the 365-day window
	if j.ServiceDisposition[0] != Linked || j.Pathways[j.ServicePathway[0]].Episode != "e1" {
		t.Errorf("service %v pathway %d", j.ServiceDisposition[0], j.ServicePathway[0])
	}
	// without episodes: outside the window from e2's end → unmatched
	j, _ = Join(evs, svs, nil, JoinOptions{})
	if j.ServiceDisposition[0] != Unmatched {
		t.Errorf("time rule: %v", j.ServiceDisposition[0])
	}
	if _, err := Join(nil, nil, nil, JoinOptions{WindowDays: -1}); err == nil {
		t.Error("negative window accepted")
	}
}

// The bad-input battery: an extract repeating one row many times made
// Join's duplicate search quadratic (each copy scanned back over all the
// earlier copies, all duplicates: 10^6 copies took minutes). Each event
// repeats the first of its kind in its run of one date and type.
func TestJoinRepeatedRows(t *testing.T) {
	d := NewDate(2024, 1, 2)
	var evs []Event
	for i := range 20_000 {
		evs = append(evs, Event{Line: i + 2, PersonID: "P", Type: EventReview, Date: d, Outcome: []string{"x", "y"}[i%2]})
	}
	evs = append(evs, Event{Line: 20_002, PersonID: "P", Type: EventRequest, Date: d})
	j, err := Join(evs, nil, nil, JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if j.Report.Events.Duplicate != 19_998 {
		t.Fatalf("%d duplicates, want 19998", j.Report.Events.Duplicate)
	}
	for i, disp := range j.EventDisposition {
		if (i < 2 || i == 20_000) != (disp != Duplicate) {
			t.Fatalf("event %d: %v", i, disp)
		}
	}
	for _, is := range j.Report.Issues[:4] {
		want := "on line 2" // outcome "x", the first of its kind
		if evs[is.Index].Outcome == "y" {
			want = "on line 3"
		}
		if is.Kind == IssueDuplicate && !strings.Contains(is.Reason, want) {
			t.Errorf("issue %+v does not name %s", is, want)
		}
	}
}

// BenchmarkJoinRepeatedRows: one person's row repeated 20,000 times.
func BenchmarkJoinRepeatedRows(b *testing.B) {
	evs := make([]Event, 20_000)
	for i := range evs {
		evs[i] = Event{Line: i + 2, PersonID: "P", Type: EventReview, Date: NewDate(2024, 1, 2)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Join(evs, nil, nil, JoinOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
