package cld

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// acWaitStories are the hand-built waits of TestWaitTimesWorked, one
// client each (2023/24):
//
//	W1 request 1–2 May; assessment 11–20 May; community support from 1 June
//	W2 request 1 March 2024, still open
//	W3 request 1 June closed "NFA - Information & Advice" (no assessment needed)
//	W4 request 1–2 July; assessment 10–15 July closed "NFA - Self-funded"
//	W5 request 1 August; a repeat request 1 September; assessment 10–12 September
//	W6 request 1 October; died 20 October, no assessment
//	W7 request 20 March 2023 (before the year); assessment 5–10 April
//	W8 request 1 November; assessment 2–20 November; ST-Max from 10 November
func acWaitStories() []acr {
	p := func(n string, rows ...acr) []acr {
		for k := range rows {
			rows[k].nhs, rows[k].local = "W"+n, "WL"+n
		}
		return rows
	}
	var rows []acr
	for _, r := range [][]acr{
		p("1", acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-05-11", "2023-05-20", oPlanning),
			acSvc(lCommunity, "2023-06-01", "", oProvide)),
		p("2", acReq("2024-03-01", "", "")),
		p("3", acReq("2023-06-01", "2023-06-01", oSignpost)),
		p("4", acReq("2023-07-01", "2023-07-02", oAssess), acAsm("2023-07-10", "2023-07-15", "NFA - Self-funded client (Inc. 12wk disregard)")),
		p("5", acReq("2023-08-01", "2023-08-01", oAssess), acReq("2023-09-01", "2023-09-01", oAssess),
			acAsm("2023-09-10", "2023-09-12", oPlanning)),
		p("6", acReq("2023-10-01", "2023-10-01", oAssess)),
		p("7", acReq("2023-03-20", "2023-03-21", oAssess), acAsm("2023-04-05", "2023-04-10", oPlanning)),
		p("8", acReq("2023-11-01", "2023-11-01", oAssess), acAsm("2023-11-02", "2023-11-20", oPlanning),
			acSvc(lSTMax, "2023-11-10", "2023-12-10", oEnded)),
	} {
		rows = append(rows, r...)
	}
	for k := range rows {
		if rows[k].nhs == "W6" {
			rows[k].death = "2023-10-20"
		}
	}
	return rows
}

// TestWaitTimesWorked checks every figure of the waits on the stories
// above, worked out by hand (the Kaplan–Meier figures agree with R's
// survfit: testdata/waits/waittimes_km.R).
//
// Request to assessment, requests received in the year (W7's was not):
// W1 10 days (event), W2 censored at the year's end (30), W3 not waiting
// (closed without an assessment), W4 9, W5's first request censored when
// the repeat came (31), the repeat 9, W6 censored at death (19), W8 1.
// Events 1, 9, 9, 10; censored 19, 30, 31. Kaplan–Meier: S = 6/7 after
// day 1, × 4/6 = 0.571 after day 9, × 3/4 = 0.429 after day 10: median
// 10. Greenwood (log): at day 9 the lower limit is 0.571·exp(−1.96·0.327)
// = 0.301 < 0.5, so the median's lower limit is 9; the upper limit stays
// at 1: undefined. Completed in the year: 10, 9, 9, 16 (W7), 1: mean
// 45 / 5 = 9, median 9.
//
// Request to any service: W1 31 (event), W2 30, W5 31 and 212 (the
// repeat, to the year's end), W6 19, W8 9 (event); W3 and W4 closed by
// NFA without a service. S = 5/6 after day 9, × 2/3 = 0.556 after day
// 31 (three at risk): the median is not reached; its lower limit is 31,
// where 0.556·exp(−1.96·√(1/30 + 1/6)) = 0.231 first falls below one
// half (at day 9 it is 0.583). Completed: 31 and 9:
// mean and median 20. By type, community: W1's 31 is its only event (W8
// censored at 9): S = 2/3, lower limit 0.300 at day 31; ST-Max: W8's 9
// (W1 censored at 31): S = 5/6, lower limit 0.583, not reached.
//
// Assessment to service, assessments ended in the year: W1 12 (1 June −
// 20 May), W5's repeat censored at the year's end (201), W7 censored (356),
// W8 0 (the ST-Max began before the assessment ended). S = 3/4 after day
// 0, 1/2 after day 12 and no later fall: median 12 (R's rule). Completed:
// 12 and 0: mean and median 6.
func TestWaitTimesWorked(t *testing.T) {
	d := acRead(t, acWaitStories())
	w, err := WaitTimes(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type fig struct {
		wait, typ                 string
		started, ended, completed int
		median, lower, upper      string
		mean, medianEnded         string
	}
	for _, f := range []fig{
		{WaitRequestToAssessment, "", 7, 4, 5, "10.0", "9.0", "undefined", "9.0", "9.0"},
		{WaitRequestToService, WaitAllServices, 6, 2, 2, "undefined", "31.0", "undefined", "20.0", "20.0"},
		{WaitRequestToService, lCommunity, 6, 1, 1, "undefined", "31.0", "undefined", "31.0", "31.0"},
		{WaitRequestToService, lSTMax, 6, 1, 1, "undefined", "undefined", "undefined", "9.0", "9.0"},
		{WaitRequestToService, lNursing, 6, 0, 0, "undefined", "undefined", "undefined", "undefined", "undefined"},
		{WaitAssessmentToService, WaitAllServices, 4, 2, 2, "12.0", "0.0", "undefined", "6.0", "6.0"},
	} {
		for _, code := range []string{"E1", ""} {
			r := w.Row(code, f.wait, f.typ)
			if r == nil {
				t.Fatalf("no row %q %s %s", code, f.wait, f.typ)
			}
			got := fig{r.Wait, r.ServiceType, r.Started, r.Ended, r.Completed, r.Median.String(), r.Lower.String(), r.Upper.String(),
				r.Mean.String(), r.MedianOfEnded.String()}
			if got != f || r.Censored != r.Started-r.Ended {
				t.Errorf("%q:\n got %+v\nwant %+v", code, got, f)
			}
		}
	}
	if n := acStep(t, w.Steps, "request to assessment: waiting for"); n != 1 {
		t.Errorf("%d requests not waiting for an assessment, want 1 (W3)", n)
	}
	if n := acStep(t, w.Steps, "request and assessment to service: waiting for"); n != 2 {
		t.Errorf("%d requests closed before a service, want 2 (W3, W4)", n)
	}
	if len(w.Notes) != 1 || !strings.HasPrefix(w.Notes[0], "1 services started before") {
		t.Errorf("notes %q", w.Notes)
	}
}

// TestWaitTimesNewClientsOnly: an existing client's request counts only
// without NewClientsOnly.
func TestWaitTimesNewClientsOnly(t *testing.T) {
	rows := append(acWaitStories(),
		acr{nhs: "W9", local: "WL9", typ: "Service", st: lCommunity, start: "2022-01-01", comp: lHomeCare, dm: lComm},
		acr{nhs: "W9", local: "WL9", typ: "Request", start: "2023-12-01", end: "2023-12-01", outcome: oAssess, route: "Community / Other route"},
		acr{nhs: "W9", local: "WL9", typ: "Assessment", start: "2023-12-05", end: "2023-12-06", outcome: oPlanning})
	d := acRead(t, rows)
	all, err := WaitTimes(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	newOnly, err := WaitTimes(d, acFY, MeasureOptions{NewClientsOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	a, n := all.Row("E1", WaitRequestToAssessment, ""), newOnly.Row("E1", WaitRequestToAssessment, "")
	// W9's 4-day wait is the eighth request received in the year
	if a.Started != 8 || a.Completed != 6 || n.Started != 7 || n.Completed != 5 {
		t.Errorf("all %+v\nnew only %+v", a, n)
	}
	if k := acStep(t, newOnly.Steps, "new clients' requests only"); k != 1 {
		t.Errorf("%d existing clients' requests, want 1", k)
	}
}

func TestWaitTimesCSVAndSuppression(t *testing.T) {
	d := acRead(t, acWaitStories())
	w, err := WaitTimes(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.WriteCSV(&b, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"Geographical code,Geographical description,Wait,Service type,Measure type,Measure value",
		"E1,Council E1,Request to assessment,,Waits starting in the period,7",
		"E1,Council E1,Request to assessment,,Kaplan-Meier median (days),10.0",
		"E1,Council E1,Request to assessment,,Median upper 95% limit (days),undefined",
		"E1,Council E1,Request to assessment,,Mean completed wait (days),9.0",
		"All,All councils,Assessment to service,All services,Kaplan-Meier median (days),12.0",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("missing %q", line)
		}
	}
	s, err := w.Suppress(disclosure.Options{Threshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := s.WriteCSV(&b, CSVOptions{}); err != nil {
		t.Fatal(err)
	}
	// 7 < 10: hidden with everything derived from it, and so is the
	// all-councils count, which in a file of one council is the same 7
	for _, line := range []string{
		"E1,Council E1,Request to assessment,,Waits starting in the period,*",
		"E1,Council E1,Request to assessment,,Kaplan-Meier median (days),*",
		"E1,Council E1,Request to assessment,,Mean completed wait (days),*",
		"All,All councils,Request to assessment,,Waits starting in the period,*",
		"All,All councils,Request to assessment,,Kaplan-Meier median (days),*",
	} {
		if !strings.Contains(b.String(), line+"\n") {
			t.Errorf("missing %q in suppressed output", line)
		}
	}
}

// TestWaitTimesSynth derives the waits of a synthetic file from the
// generator's stories (council layout: one edition of each event; every
// row with its person's ids) and compares counts, Kaplan–Meier medians
// and the plain averages, council by council.
func TestWaitTimesSynth(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 4, Persons: 5000, Councils: 2, Layout: LayoutCouncil, MissingNHSRow: -1, SecondLocalID: -1})
	p := x.sum.Period
	type obs struct {
		times     []float64
		events    []bool
		completed []float64
	}
	// [council][wait][all services or a type]
	got := map[[3]string]*obs{}
	at := func(code, wait, typ string) *obs {
		k := [3]string{code, wait, typ}
		if got[k] == nil {
			got[k] = &obs{}
		}
		return got[k]
	}
	for _, pp := range x.persons {
		if pp.ClientType != ClientServiceUser {
			continue
		}
		code := x.code(pp)
		for k, rq := range pp.Requests {
			next := farFuture
			if k+1 < len(pp.Requests) {
				next = pp.Requests[k+1].Start
			}
			var asm, svc *TruthEvent
			for j := range pp.Events {
				e := &pp.Events[j]
				if e.Start < rq.Start || e.Start >= next {
					continue
				}
				if e.Type == EventAssessment && asm == nil {
					asm = e
				}
				if e.Type == EventService && waitTypeIndex(e.Service) > 0 &&
					(svc == nil || (e.Start == svc.Start && waitTypeIndex(e.Service) < waitTypeIndex(svc.Service))) {
					svc = e
				}
			}
			censor := min(p.End, next)
			if pp.Death.Valid() && pp.Death <= p.End && pp.Death < censor {
				censor = pp.Death
			}
			o := rq.Outcome
			if asm != nil || o == OutcomeBlank || o == OutcomeAssessment || o == OutcomeReassessment {
				w := at(code, WaitRequestToAssessment, "")
				if p.Contains(rq.Start) {
					if asm != nil && asm.Start <= p.End {
						w.times, w.events = append(w.times, float64(asm.Start-rq.Start)), append(w.events, true)
					} else {
						w.times, w.events = append(w.times, float64(censor-rq.Start)), append(w.events, false)
					}
				}
				if asm != nil && p.Contains(asm.Start) {
					w.completed = append(w.completed, float64(asm.Start-rq.Start))
				}
			}
			if svc == nil && (o.NFA() || (asm != nil && asm.End.Valid() && asm.Outcome.NFA())) {
				continue
			}
			for wi, wait := range []string{WaitRequestToService, WaitAssessmentToService} {
				clock := rq.Start
				if wi == 1 {
					if asm == nil || !asm.End.Valid() {
						continue
					}
					clock = asm.End
				}
				types := []string{WaitAllServices}
				if svc != nil {
					types = append(types, svc.Service.String())
				}
				for _, typ := range []string{WaitAllServices, lSTMax, lNursing, lResidential, lCommunity, lPrison, lLowLevel, lSTOther} {
					w := at(code, wait, typ)
					mine := slices.Contains(types, typ)
					if p.Contains(clock) {
						switch {
						case svc != nil && svc.Start <= p.End:
							w.times, w.events = append(w.times, float64(max(svc.Start-clock, 0))), append(w.events, mine)
						default:
							w.times, w.events = append(w.times, float64(max(censor-clock, 0))), append(w.events, false)
						}
					}
					if svc != nil && mine && p.Contains(svc.Start) {
						w.completed = append(w.completed, float64(max(svc.Start-clock, 0)))
					}
				}
			}
		}
	}
	res, err := WaitTimes(x.d, p, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range res.Rows {
		if r.Council < 0 {
			continue
		}
		want := &WaitTimesRow{}
		if o := got[[3]string{r.Code, r.Wait, r.ServiceType}]; o != nil {
			if err := want.fill(&waitGroup{times: o.times, events: o.events, completed: o.completed}, pathway.KMOptions{}); err != nil {
				t.Fatal(err)
			}
		} else {
			_ = want.fill(&waitGroup{}, pathway.KMOptions{})
		}
		if r.Started != want.Started || r.Ended != want.Ended || r.Completed != want.Completed ||
			r.Median != want.Median || r.Lower != want.Lower || r.Upper != want.Upper || r.Mean != want.Mean || r.MedianOfEnded != want.MedianOfEnded {
			t.Errorf("%s %s %s:\n got %+v\nwant %+v", r.Code, r.Wait, r.ServiceType, r, *want)
		}
		if r.Started > 0 {
			checked++
		}
	}
	if a := res.Row("", WaitRequestToAssessment, ""); checked < 10 || a.Started < 500 || !a.Median.Defined() {
		t.Errorf("a thin check: %d rows, %+v", checked, a)
	}
}
