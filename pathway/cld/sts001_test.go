package cld

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

const (
	community  = "Community / Other route"
	discharge  = "Discharge from Hospital"
	toAssess   = "Progress to Assessment"
	toReable   = "Progress to Reablement/ST-Max"
	toPlanning = "Progress to Support Planning / Services"
	nfaInfo    = "NFA - Information & Advice / Signposting only"
	nfaSelf    = "NFA - Self-funded client (Inc. 12wk disregard)"
	nfaDecline = "NFA - Support declined"
	noChange   = "No change in package"
	ltComm     = "Long Term Support: Community"
	ltNursing  = "Long Term Support: Nursing Care"
	ltRes      = "Long Term Support: Residential Care"
	ltPrison   = "Long Term Support: Prison"
	stMax      = "Short Term Support: ST-Max"
	stLow      = "Short Term Support: Ongoing Low Level"
)

// rec describes an STS001 record for comparison: sequel, how found, route
// column, age band, and "copy" for the code's extra records.
func sts001Rec(r STS001Request) string {
	s := fmt.Sprintf("%s|%s|%s|%s", r.Sequel, kindLabel(r.Kind), routeCols[routeCol(r.Route)], r.Band)
	if r.Copy {
		s += "|copy"
	}
	return s
}

func rec(seq STS001Sequel, k SequelKind, route string, band AgeBand) string {
	return fmt.Sprintf("%s|%s|%s|%s", seq, kindLabel(k), route, band)
}

// TestSTS001Worked runs one hand-built case per rule of STS001. Each
// case states its derivation: the period is 2023/24, every person is
// born in June 1950 (73 on 31 March 2024: 65 and over) unless said
// otherwise, and a request is 1–2 May 2023 from the community.
func TestSTS001Worked(t *testing.T) {
	r1 := req("p1", "2023-05-01", "2023-05-02", toAssess, community)
	cases := []struct {
		name string
		rows []tr
		opt  MeasureOptions
		want []string
	}{
		{"service in the chain: an assessment 8 days after the request (within 28), ST-Max 2 days after the assessment (within 3): ST-Max",
			[]tr{r1, asm("p1", "2023-05-10", "2023-05-20", toReable), svc("p1", "2023-05-22", "2023-06-30", stMax)}, MeasureOptions{},
			[]string{rec(STS001STMax, SequelService, community, Age65Plus)}},
		{"several services in the chain: the hierarchy ranks nursing above ongoing low level",
			[]tr{r1, svc("p1", "2023-05-03", "2023-05-04", stLow), svc("p1", "2023-05-05", "", ltNursing)}, MeasureOptions{},
			[]string{rec(STS001Nursing, SequelService, community, Age65Plus)}},
		{"the service starts 5 days after the assessment ends: the chain breaks; no NFA: the request's own outcome (Progress to Assessment, unclassified)",
			[]tr{r1, asm("p1", "2023-05-10", "2023-05-20", toPlanning), svc("p1", "2023-05-25", "", ltComm)}, MeasureOptions{},
			[]string{rec(STS001Unclassified, SequelNoService, community, Age65Plus)}},
		{"an NFA assessment in the chain: its outcome (self-funded: no services, other reason)",
			[]tr{r1, asm("p1", "2023-05-10", "2023-05-20", nfaSelf)}, MeasureOptions{},
			[]string{rec(STS001OtherReason, SequelNFA, community, Age65Plus)}},
		{"two NFA events: the one ending later gives the sequel (signposting on 15 May beats declined on 10 May)",
			[]tr{r1, asm("p1", "2023-05-05", "2023-05-10", nfaDecline), rev("p1", "2023-05-12", "2023-05-15", nfaInfo)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNFA, community, Age65Plus)}},
		{"the code's NFA count: another event ends the same day as the NFA one, so NFA- Other (other reason), though only one is NFA",
			[]tr{r1, asm("p1", "2023-05-05", "2023-05-10", nfaInfo), rev("p1", "2023-05-08", "2023-05-10", noChange)}, MeasureOptions{},
			[]string{rec(STS001OtherReason, SequelNFA, community, Age65Plus)}},
		{"the first later event starts 32 days after the request ends: out of scope; the request's outcome (signposting)",
			[]tr{r1.withOut(nfaInfo), asm("p1", "2023-06-03", "2023-06-04", nfaSelf)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelOutOfScope, community, Age65Plus)}},
		{"boundaries: an event 28 days after the request's end is in scope, 29 days is not",
			[]tr{r1, asm("p1", "2023-05-30", "2023-05-31", nfaSelf), req("p2", "2023-05-01", "2023-05-02", toAssess, community),
				asm("p2", "2023-05-31", "2023-06-01", nfaSelf)}, MeasureOptions{},
			[]string{rec(STS001OtherReason, SequelNFA, community, Age65Plus), rec(STS001Unclassified, SequelOutOfScope, community, Age65Plus)}},
		{"boundaries: a service 3 days after the previous event's end is in the chain, 4 days is not",
			[]tr{r1, asm("p1", "2023-05-10", "2023-05-20", toPlanning), svc("p1", "2023-05-23", "", ltComm),
				req("p2", "2023-05-01", "2023-05-02", toAssess, community), asm("p2", "2023-05-10", "2023-05-20", toPlanning), svc("p2", "2023-05-24", "", ltComm)},
			MeasureOptions{},
			[]string{rec(STS001Community, SequelService, community, Age65Plus), rec(STS001Unclassified, SequelNoService, community, Age65Plus)}},
		{"an open first event is in scope however late (the code's rule): no service, no NFA: the request's outcome",
			[]tr{r1, asm("p1", "2023-06-10", "", "")}, MeasureOptions{},
			[]string{rec(STS001Unclassified, SequelNoService, community, Age65Plus)}},
		{"no later event: no chronology; the request's outcome (signposting)",
			[]tr{r1.withOut(nfaInfo)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
		{"two requests 4 days apart (2 May to 6 May) are one cluster, which takes the later one's route and outcome",
			[]tr{r1, req("p1", "2023-05-06", "2023-05-07", nfaInfo, discharge)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, discharge, Age65Plus)}},
		{"5 days apart: two clusters; another request ends the first one's chain (out of scope); the second has no chronology",
			[]tr{r1, req("p1", "2023-05-07", "2023-05-08", nfaInfo, discharge)}, MeasureOptions{},
			[]string{rec(STS001Unclassified, SequelOutOfScope, community, Age65Plus), rec(STS001Universal, SequelNoChronology, discharge, Age65Plus)}},
		{"the gap is measured from the previous request only (the code's LAG): a long request 1 May–30 June, a short one 3–4 May, one 10–11 May: three requests, two clusters",
			[]tr{req("p1", "2023-05-01", "2023-06-30", toAssess, community), req("p1", "2023-05-03", "2023-05-04", nfaInfo, community),
				req("p1", "2023-05-10", "2023-05-11", nfaDecline, discharge)}, MeasureOptions{},
			// cluster 1 = the first two, ending 30 June (the long one);
			// cluster 2 = 10–11 May, whose later events are none (the long
			// request starts before 11 May): no chronology, declined
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus), rec(STS001OtherReason, SequelNoChronology, discharge, Age65Plus)}},
		{"period overlap: a request ending before the period, one ending after it, and an open one are not counted; one starting before and ending in it is",
			[]tr{req("p1", "2023-03-20", "2023-03-25", nfaInfo, community), req("p2", "2024-03-29", "2024-04-03", nfaInfo, community),
				req("p3", "2024-01-10", "", "", community), req("p4", "2023-03-28", "2023-04-02", nfaInfo, community)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
		{"a cluster running past the period end counts with its last request ending in the period (the code), and that request's sequel is out of scope: the later request supersedes it",
			[]tr{req("p1", "2024-03-25", "2024-03-27", nfaInfo, community), req("p1", "2024-03-30", "2024-04-02", toAssess, discharge)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelOutOfScope, community, Age65Plus)}},
		{"the run date: run on 1 March 2024, an open request ends that day and is counted",
			[]tr{req("p3", "2024-01-10", "", "", community)}, MeasureOptions{RunDate: day("2024-03-01")},
			// its outcome is blank, but with no later rows the code records it once
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus)}},
		{"existing client: community support open since 2022 when the request starts: not counted",
			[]tr{svc("p1", "2022-01-01", "", ltComm), r1}, MeasureOptions{}, nil},
		{"long-term support ending the day before the request: a new client; ending on its start day: existing",
			[]tr{svc("p1", "2022-01-01", "2023-04-30", ltComm), r1.withOut(nfaInfo), svc("p2", "2022-01-01", "2023-05-01", ltComm),
				req("p2", "2023-05-01", "2023-05-02", nfaInfo, community)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
		{"age bands at 31 March 2024: born March 2006 is 18, April 2006 17, March 1959 65, April 1959 64",
			[]tr{r1.withOut(nfaInfo).born("2006-03"), req("p2", "2023-05-01", "2023-05-02", nfaInfo, community).born("2006-04"),
				req("p3", "2023-05-01", "2023-05-02", nfaInfo, community).born("1959-03"), req("p4", "2023-05-01", "2023-05-02", nfaInfo, community).born("1959-04")},
			MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age18To64), rec(STS001Universal, SequelNoChronology, community, AgeUnder18),
				rec(STS001Universal, SequelNoChronology, community, Age65Plus), rec(STS001Universal, SequelNoChronology, community, Age18To64)}},
		{"latest edition: the Q2 import has the request ending 3 May with Progress to Assessment, the Q4 import 2 May with signposting: only the Q4 edition",
			[]tr{r1.withOut(toAssess).imported("2023-10-20").period("2023-04-01", "2023-09-30").dates("2023-05-01", "2023-05-03"),
				r1.withOut(nfaInfo)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
		{"the import cut-off: imports after 1 February 2024 are left out, so the Q2 edition is the latest",
			[]tr{r1.withOut(toAssess).imported("2023-10-20").period("2023-04-01", "2023-09-30").dates("2023-05-01", "2023-05-03"),
				r1.withOut(nfaInfo)}, MeasureOptions{ImportBy: day("2024-02-01")},
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus)}},
		{"assessments keep every edition (the code de-duplicates only requests and services): the Q1 edition, open, keeps the chain going to community support 10 days after the assessment's end",
			[]tr{r1, asm("p1", "2023-05-10", "", "").imported("2023-07-20").period("2023-04-01", "2023-06-30"),
				asm("p1", "2023-05-10", "2023-05-20", nfaSelf), svc("p1", "2023-05-30", "", ltComm)}, MeasureOptions{},
			[]string{rec(STS001Community, SequelService, community, Age65Plus)}},
		{"the tie rule: of two assessments starting 5 May, the one ending 20 May is last, so community support on 22 May is in the chain",
			[]tr{r1, asm("p1", "2023-05-05", "2023-05-20", toPlanning), asm("p1", "2023-05-05", "2023-05-06", toPlanning), svc("p1", "2023-05-22", "", ltComm)}, MeasureOptions{},
			[]string{rec(STS001Community, SequelService, community, Age65Plus)}},
		{"the person rule: an assessment with only the local id, which the request carries with the NHS number, is removed: no chronology",
			[]tr{r1.withOut(nfaInfo), asm("p1", "2023-05-10", "2023-05-20", nfaSelf).noNHS()}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
		{"exclusions: a carer, a service user who died before the period, one with no birth month: none counted",
			[]tr{r1.as("Carer"), req("p2", "2023-05-01", "2023-05-02", nfaInfo, community).died("2023-03-01"),
				req("p3", "2023-05-01", "2023-05-02", nfaInfo, community).born("")}, MeasureOptions{}, nil},
		{"death in the period does not exclude",
			[]tr{r1.withOut(nfaInfo).died("2023-06-01")}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
		{"no route of access: the code's join drops the request",
			[]tr{r1.withRoute("")}, MeasureOptions{}, nil},
		{"no route of access, compared as a value: counted under route not recorded",
			[]tr{r1.withRoute("")}, MeasureOptions{NullsAsValues: true},
			[]string{rec(STS001Unclassified, SequelNoChronology, "Route not recorded", Age65Plus)}},
		{"no outcome, with an NFA assessment after it: the code records no chronology, the NFA sequel and not in scope",
			[]tr{r1.withOut(""), asm("p1", "2023-05-10", "2023-05-20", nfaSelf)}, MeasureOptions{},
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus) + "|copy", rec(STS001OtherReason, SequelNFA, community, Age65Plus),
				rec(STS001Unclassified, SequelOutOfScope, community, Age65Plus) + "|copy"}},
		{"no outcome, and the first later event 32 days after: no chronology (a copy) and not in scope",
			[]tr{r1.withOut(""), asm("p1", "2023-06-03", "2023-06-04", nfaSelf)}, MeasureOptions{},
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus) + "|copy", rec(STS001Unclassified, SequelOutOfScope, community, Age65Plus)}},
		{"no outcome, compared as a value: one record",
			[]tr{r1.withOut(""), asm("p1", "2023-05-10", "2023-05-20", nfaSelf)}, MeasureOptions{NullsAsValues: true},
			[]string{rec(STS001OtherReason, SequelNFA, community, Age65Plus)}},
		{"no outcome escapes the existing-client test (the code's join); as a value it does not",
			[]tr{svc("p1", "2022-01-01", "", ltComm), r1.withOut("")}, MeasureOptions{},
			// the open service starts before the request: later rows are none
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus)}},
		{"two requests ending the same day with different outcomes: the outcome hierarchy keeps Progress to Assessment (2) over signposting (14)",
			[]tr{r1, req("p1", "2023-05-02", "2023-05-02", nfaInfo, community)}, MeasureOptions{},
			[]string{rec(STS001Unclassified, SequelNoChronology, community, Age65Plus)}},
		{"two requests ending the same day with the same outcome and different routes: one record (the code would keep two), the later request's route",
			[]tr{r1.withOut(nfaInfo), req("p1", "2023-05-02", "2023-05-02", nfaInfo, discharge)}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, discharge, Age65Plus)}},
		{"councils: the same person at two councils makes two requests",
			[]tr{r1.withOut(nfaInfo), r1.withOut(nfaInfo).at("E2")}, MeasureOptions{},
			[]string{rec(STS001Universal, SequelNoChronology, community, Age65Plus), rec(STS001Universal, SequelNoChronology, community, Age65Plus)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := readRows(t, c.rows...)
			res, err := STS001(d, fy23, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range res.Requests {
				got = append(got, sts001Rec(r))
			}
			want := slices.Clone(c.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("records\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
			checkSTS001Tables(t, res)
		})
	}
}

// checkSTS001Tables checks that the tables count exactly the records.
func checkSTS001Tables(t *testing.T, res *STS001Result) {
	t.Helper()
	n := 0
	for _, tb := range res.Tables {
		n += tb.All.Total
	}
	if n != len(res.Requests) || res.ByKind.All.Total != len(res.Requests) {
		t.Errorf("tables count %d and %d, records %d", n, res.ByKind.All.Total, len(res.Requests))
	}
}

// TestSTS001Steps checks the step log on one file with one request
// excluded by each step, derived by hand.
func TestSTS001Steps(t *testing.T) {
	d := readRows(t,
		req("p1", "2023-05-01", "2023-05-02", nfaInfo, community).as("Carer"),                          // not a service user
		req("p2", "2024-04-02", "2024-04-03", nfaInfo, community),                                      // starts after the period
		req("p3", "2023-05-01", "2023-05-02", nfaInfo, community).died("2023-01-01"),                   // died before
		req("p4", "2023-05-01", "2023-05-02", nfaInfo, community).born(""),                             // no birth
		req("p5", "2023-05-01", "2023-05-02", nfaInfo, community),                                      // counted
		asm("p5", "2023-05-03", "2023-05-04", nfaInfo).noNHS(),                                         // person rule
		req("p6", "2023-03-01", "2023-03-02", nfaInfo, community),                                      // ends before the period
		svc("p7", "2022-01-01", "", ltComm), req("p7", "2023-05-01", "2023-05-02", nfaInfo, community), // existing
		req("p8", "2023-05-01", "2023-05-02", nfaInfo, ""),                                                                   // no route
		req("p9", "2023-05-01", "2023-05-02", nfaInfo, community), req("p9", "2023-05-02", "2023-05-02", nfaInfo, discharge), // one record, not two
		req("p10", "2023-05-01", "2023-05-02", nfaInfo, community).imported("2023-07-20").period("2023-04-01", "2023-06-30"), // older edition
		req("p10", "2023-05-01", "2023-05-02", nfaInfo, community),
	)
	res, err := STS001(d, fy23, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		step string
		n    int
	}{
		{"client type is Service User", 1},
		{"starts on or before the period end", 1},
		{"no date of death before", 1},
		{"birth month and year known", 1},
		{"local id that other rows carry", 1},
		{"no person id", 0},
		{"after the cut-off", 0},
		{"earlier imports of the same event", 1},
		// 7 request rows are left (p5, p6, p7, p8, p9 twice, p10); p9's
		// two requests are one cluster: 6 clusters
		{"grouped into clusters", 1},
		{"request ending in the period", 1},
		{"new client", 1},
		{"join on route of access", 1},
		{"one record per cluster", 1},
		{"joins on a blank outcome add", 0},
	} {
		if got := stepRemoved(t, res.Steps, c.step); got != c.n {
			t.Errorf("step %q removed %d, want %d", c.step, got, c.n)
		}
	}
	// p5, p9, p10 are counted
	if len(res.Requests) != 3 {
		t.Errorf("%d requests, want 3: %v", len(res.Requests), res.Requests)
	}
}

// TestSTS001Cohort: the ST-Max services of a chain whose sequel is ST-Max
// form STS002a's cohort.
func TestSTS001Cohort(t *testing.T) {
	d := readRows(t,
		req("p1", "2023-05-01", "2023-05-02", toReable, community),
		svc("p1", "2023-05-03", "2023-05-10", stMax), svc("p1", "2023-05-11", "2023-05-20", stMax), svc("p1", "2023-05-12", "", ltComm),
		req("p2", "2023-05-01", "2023-05-02", toReable, community), svc("p2", "2023-05-03", "", ltComm),
	)
	res, err := STS001(d, fy23, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Cohort) != 2 || res.Cohort[0].Start != day("2023-05-03") || res.Cohort[1].Start != day("2023-05-11") {
		t.Errorf("cohort %+v, want p1's ST-Max of 3 and 11 May", res.Cohort)
	}
}
