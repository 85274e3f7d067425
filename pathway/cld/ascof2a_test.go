package cld

import (
	"testing"
)

// 2A story pieces: a new client's request on 1 May 2023, an assessment
// from 5 to 10 May ending "Progress to Reablement/ST-Max", reablement
// (ST-Max) from 12 May to 10 June ending "Service ended as planned".
func acReq(start, end, outcome string) acr {
	return acr{typ: "Request", start: start, end: end, outcome: outcome, route: "Community / Other route"}
}

func acAsm(start, end, outcome string) acr {
	return acr{typ: "Assessment", start: start, end: end, outcome: outcome}
}

func acSvc(st, start, end, outcome string) acr {
	return acr{typ: "Service", st: st, start: start, end: end, outcome: outcome, comp: "Reablement", dm: lComm}
}

func acRev(start, end, outcome string) acr {
	return acr{typ: "Review", start: start, end: end, outcome: outcome}
}

const (
	oAssess   = "Progress to Assessment"
	oReable   = "Progress to Reablement/ST-Max"
	oEnded    = "Service ended as planned"
	oEnd      = "NFA - Support ended: Other reason"
	oSignpost = "NFA - Information & Advice / Signposting only"
	oDeclined = "NFA - Support declined"
	oPlanning = "Progress to Support Planning / Services"
	oNoChange = "No change in package"
	oProvide  = "Provision of service"
)

func acStory(stOutcome string, more ...acr) []acr {
	return append([]acr{
		acReq("2023-05-01", "2023-05-02", oAssess),
		acAsm("2023-05-05", "2023-05-10", oReable),
		acSvc(lSTMax, "2023-05-12", "2023-06-10", stOutcome),
	}, more...)
}

// TestASCOF2AWorked runs ASCOF 2A on one client's story per rule; the
// expected record type, mapped sequel, numerator and denominator are
// worked out in each case's comment from the code's steps.
func TestASCOF2AWorked(t *testing.T) {
	type seq struct {
		rt     int
		final  string
		mapped string
	}
	cases := []struct {
		name     string
		rows     []acr
		opt      MeasureOptions
		cohort   int
		num, den int64
		seqs     []seq
	}{
		{"no later event: record 1; 'Service ended as planned' is 'No services provided – other', in both lists",
			acStory(oEnded), MeasureOptions{}, 1, 1, 1,
			[]seq{{1, "No_Chronology_" + oEnded, ascof2AOther}}},
		{"long-term community the next day: record 2, long-term support, denominator only",
			acStory(oEnded, acSvc(lCommunity, "2023-06-11", "", oProvide)), MeasureOptions{}, 1, 0, 1,
			[]seq{{2, lCommunity, ascof2ALongTerm}}},
		{"equipment two days later: record 2, ongoing low level, both lists",
			acStory(oEnded, acSvc(lLowLevel, "2023-06-12", "2023-07-01", oEnded)), MeasureOptions{}, 1, 1, 1,
			[]seq{{2, lLowLevel, ascof2ALowLevel}}},
		{"the only later event, closed, starts 10 days after: record 5, prefixed, in no list",
			acStory(oEnd, acSvc(lCommunity, "2023-06-20", "2023-12-31", oEnded)), MeasureOptions{}, 1, 0, 0,
			[]seq{{5, "No_Chronology_" + oEnd, "No_Chronology_" + ascof2AOther}}},
		{"... but an open first event is in scope however late (the code's rule): record 2",
			acStory(oEnd, acSvc(lCommunity, "2023-06-20", "", oProvide)), MeasureOptions{}, 1, 0, 1,
			[]seq{{2, lCommunity, ascof2ALongTerm}}},
		{"an assessment the next day ending in signposting: record 3, universal services, both lists",
			acStory(oEnd, acAsm("2023-06-11", "2023-06-15", oSignpost)), MeasureOptions{}, 1, 1, 1,
			[]seq{{3, oSignpost, ascof2AUniversal}}},
		{"a review without an NFA: record 4 with the cluster's outcome, which the code maps with a hyphen: in no list",
			acStory(oEnded, acRev("2023-06-11", "2023-06-12", oNoChange)), MeasureOptions{}, 1, 0, 0,
			[]seq{{4, "No Service Found_" + oEnded, ascof2AOtherHyphen}}},
		{"no later event and an NFA outcome: record 1, prefixed, in no list",
			acStory(oEnd), MeasureOptions{}, 1, 0, 0,
			[]seq{{1, "No_Chronology_" + oEnd, "No_Chronology_" + ascof2AOther}}},
		{"an existing client (community support since 2022): not in the STS001 cohort",
			acStory(oEnded, acSvc(lCommunity, "2022-01-01", "", oProvide)), MeasureOptions{}, 0, 0, 0, nil},
		{"a request without a route of access is lost in the code's join",
			func() []acr { r := acStory(oEnded); r[0].route = "-"; return r }(), MeasureOptions{}, 0, 0, 0, nil},
		{"an existing client's request without an outcome is never matched as existing: counted",
			func() []acr {
				r := acStory(oEnded, acSvc(lCommunity, "2022-01-01", "", oProvide))
				r[0].outcome = "-"
				return r
			}(), MeasureOptions{}, 1, 1, 1,
			[]seq{{1, "No_Chronology_" + oEnded, ascof2AOther}}},
		{"the first event after the request, closed, starts 34 days after it: out of scope, no cohort",
			[]acr{acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-06-05", "2023-06-06", oReable),
				acSvc(lSTMax, "2023-06-08", "2023-07-01", oEnded)}, MeasureOptions{}, 0, 0, 0, nil},
		{"... open, it is in scope, and the ST-Max after it is in the chain",
			[]acr{acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-06-05", "", ""),
				acSvc(lSTMax, "2023-06-08", "2023-07-01", oEnded)}, MeasureOptions{}, 1, 1, 1,
			[]seq{{1, "No_Chronology_" + oEnded, ascof2AOther}}},
		{"a second request 9 days after the first is its own cluster, and its chain finds the ST-Max",
			[]acr{acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-05-05", "2023-05-10", oReable),
				acReq("2023-05-11", "2023-05-11", oReable), acSvc(lSTMax, "2023-05-12", "2023-06-10", oEnded)},
			MeasureOptions{}, 1, 1, 1, []seq{{1, "No_Chronology_" + oEnded, ascof2AOther}}},
		{"two ST-Max rows a day apart are one reablement period",
			[]acr{acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-05-05", "2023-05-10", oReable),
				acSvc(lSTMax, "2023-05-12", "2023-05-31", oEnded), acSvc(lSTMax, "2023-06-01", "2023-06-10", oEnded)},
			MeasureOptions{}, 2, 1, 1, []seq{{1, "No_Chronology_" + oEnded, ascof2AOther}}},
		{"two days apart they are two: the first's chain meets the second ST-Max (record 5)",
			[]acr{acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-05-05", "2023-05-10", oReable),
				acSvc(lSTMax, "2023-05-12", "2023-05-31", oEnded), acSvc(lSTMax, "2023-06-02", "2023-06-10", oEnded)},
			MeasureOptions{}, 2, 2, 2, []seq{{1, "No_Chronology_" + oEnded, ascof2AOther}, {5, "No_Chronology_" + oEnded, ascof2AOther}}},
		{"an ST-Max open at the period's end is not a completed period of reablement",
			[]acr{acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-05-05", "2023-05-10", oReable),
				acSvc(lSTMax, "2023-05-12", "", oProvide)}, MeasureOptions{}, 1, 0, 0, nil},
		{"two NFA outcomes ending the same day conflict: 'NFA- Other'",
			acStory(oEnd, acAsm("2023-06-11", "2023-06-15", oDeclined), acRev("2023-06-11", "2023-06-15", oSignpost)),
			MeasureOptions{}, 1, 1, 1, []seq{{3, "NFA- Other", ascof2AOther}}},
		{"the same NFA on two events ending the same day is also 'NFA- Other' (the code counts events, not outcomes)",
			acStory(oEnd, acAsm("2023-06-11", "2023-06-15", oSignpost), acRev("2023-06-11", "2023-06-15", oSignpost)),
			MeasureOptions{}, 1, 1, 1, []seq{{3, "NFA- Other", ascof2AOther}}},
		{"of two NFA outcomes the one ending later wins: support declined, in no list",
			acStory(oEnd, acAsm("2023-06-11", "2023-06-15", oDeclined), acRev("2023-06-11", "2023-06-14", oSignpost)),
			MeasureOptions{}, 1, 0, 0, []seq{{3, oDeclined, ascof2ADeclined}}},
		{"the tie rule: of two events starting the same day the open one is last, so the chain goes on to the service 8 days later",
			acStory(oEnded, acAsm("2023-06-11", "2023-06-12", oPlanning), acRev("2023-06-11", "", ""),
				acSvc(lCommunity, "2023-06-20", "", oProvide)),
			MeasureOptions{}, 1, 0, 1, []seq{{2, lCommunity, ascof2ALongTerm}}},
		{"an ST-Max without an outcome, then signposting: the code's joins on the blank outcome would add unclassified entries; the package lists the cluster once, with its sequel (record 3)",
			acStory("-", acAsm("2023-06-11", "2023-06-15", oSignpost)), MeasureOptions{}, 1, 1, 1,
			[]seq{{3, oSignpost, ascof2AUniversal}}},
		{"two ST-Max rows ending the same day, one without an outcome and one outside the list: one entry, with the value (record 1, unclassified)",
			acStory("-", acSvc(lSTMax, "2023-05-12", "2023-06-10", "Something else")), MeasureOptions{}, 1, 0, 0,
			[]seq{{1, "No_Chronology_" + OutcomeInvalid.String(), ascof2AUnclassed}}},
		{"a service user's ST-Max row without the NHS number, whose local id is carried with it: removed",
			func() []acr { r := acStory(oEnded); r[2].nhs = "-"; return r }(), MeasureOptions{}, 0, 0, 0, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ASCOF2A(acRead(t, c.rows), acFY, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if res.Cohort != c.cohort {
				t.Errorf("cohort %d, want %d", res.Cohort, c.cohort)
			}
			acWant(t, &res.ASCOFTable, "E1", "2A", "Total", c.num, c.den)
			if len(res.Sequels) != len(c.seqs) {
				t.Fatalf("sequels %+v, want %+v", res.Sequels, c.seqs)
			}
			for k, s := range c.seqs {
				g := res.Sequels[k]
				if g.RecordType != s.rt || g.FinalOutcome != s.final || g.Mapped != s.mapped || g.Count != 1 {
					t.Errorf("sequel %d: %+v, want %+v", k, g, s)
				}
			}
		})
	}
}

// TestASCOF2ARecordThreeOnce: the code inserts record type 3 with
// DISTINCT on council, client and outcome, so a client's two periods of
// reablement that both end in signposting are one entry.
func TestASCOF2ARecordThreeOnce(t *testing.T) {
	rows := []acr{
		acReq("2023-05-01", "2023-05-02", oAssess), acAsm("2023-05-05", "2023-05-10", oReable),
		acSvc(lSTMax, "2023-05-12", "2023-06-10", oEnd), acAsm("2023-06-11", "2023-06-15", oSignpost),
		acReq("2023-09-01", "2023-09-02", oAssess), acAsm("2023-09-05", "2023-09-10", oReable),
		acSvc(lSTMax, "2023-09-12", "2023-10-10", oEnd), acAsm("2023-10-11", "2023-10-15", oSignpost),
	}
	res, err := ASCOF2A(acRead(t, rows), acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// cohort: 12 May (first request's chain) and 12 September (second's)
	if res.Cohort != 2 {
		t.Errorf("cohort %d, want 2", res.Cohort)
	}
	acWant(t, &res.ASCOFTable, "E1", "2A", "Total", 1, 1)
	if got := acStep(t, res.Steps, "STS002a: clusters of one client with the same record-type-3"); got != 1 {
		t.Errorf("%d clusters folded, want 1", got)
	}
}

// TestASCOF2AEditionsAndDates: the latest edition of the ST-Max, the
// import cut-off and the run date.
func TestASCOF2AEditionsAndDates(t *testing.T) {
	q3 := func(r acr) acr { r.ps, r.pe, r.imp = acQ3Start, acQ3End, acQ3Import; return r }
	story := []acr{acReq("2023-11-01", "2023-11-02", oAssess), acAsm("2023-11-05", "2023-11-10", oReable)}
	var rows []acr
	for _, r := range story {
		rows = append(rows, q3(r), r)
	}
	rows = append(rows, q3(acSvc(lSTMax, "2023-11-12", "", oProvide)), acSvc(lSTMax, "2023-11-12", "2024-01-10", oEnded))
	d := acRead(t, rows)
	// the year-end return's edition has ended: record 1, counted
	res, err := ASCOF2A(d, acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, &res.ASCOFTable, "E1", "2A", "Total", 1, 1)
	// with the cut-off of 1 February 2024 only the Q3 return is read: the
	// ST-Max is open, and an open cluster ends on the run date, after the
	// period: nothing to count
	res, err = ASCOF2A(d, acFY, MeasureOptions{ImportBy: acDay(2024, 2, 1)})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, &res.ASCOFTable, "E1", "2A", "Total", 0, 0)
	if got := acStep(t, res.Steps, "STS002a: episode ends in the period"); got != 1 {
		t.Errorf("%d clusters outside, want 1", got)
	}
	if got := acStep(t, res.Steps, "STS001: latest edition of each request and service: rows imported after the cut-off"); got != 2 {
		t.Errorf("%d rows after the cut-off, want 2 (the year-end request and ST-Max)", got)
	}
	// a run date in the period closes the open cluster on it: record 1
	// with "Provision of service", which the code cannot classify
	res, err = ASCOF2A(d, acFY, MeasureOptions{ImportBy: acDay(2024, 2, 1), RunDate: acDay(2024, 3, 1)})
	if err != nil {
		t.Fatal(err)
	}
	acWant(t, &res.ASCOFTable, "E1", "2A", "Total", 0, 0)
	if len(res.Sequels) != 1 || res.Sequels[0].RecordType != 1 || res.Sequels[0].Mapped != ascof2AUnclassed {
		t.Errorf("sequels %+v", res.Sequels)
	}
}

// TestASCOF2ARequestClusterPastPeriod: the code keeps the requests of a
// cluster that end in the period and takes the cluster's end from them,
// where the principles drop a cluster running past the period's end.
func TestASCOF2ARequestClusterPastPeriod(t *testing.T) {
	rows := []acr{acReq("2024-03-20", "2024-03-25", oAssess), acReq("2024-03-28", "2024-04-05", oAssess),
		acSvc(lSTMax, "2024-03-26", "2024-03-27", oEnded)}
	res, err := ASCOF2A(acRead(t, rows), acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// one cluster (3 days apart), ending 25 March; its chain starts with
	// the ST-Max on the 26th and stops at the request of the 28th: cohort 1
	if n := acStep(t, res.Steps, "STS001: cluster has a request ending in the period"); n != 0 {
		t.Errorf("%d clusters outside the period, want 0", n)
	}
	if res.Cohort != 1 {
		t.Errorf("cohort %d, want 1", res.Cohort)
	}
	// the ST-Max's own chain meets the request on the 28th (not an ST-Max,
	// so no break): record 4 with its outcome, mapped with the hyphen
	acWant(t, &res.ASCOFTable, "E1", "2A", "Total", 0, 0)
	if len(res.Sequels) != 1 || res.Sequels[0].RecordType != 4 {
		t.Errorf("sequels %+v", res.Sequels)
	}
	// a cluster wholly after the period's end is out
	res, err = ASCOF2A(acRead(t, rows[1:2]), acFY, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := acStep(t, res.Steps, "STS001: cluster has a request ending in the period"); n != 1 {
		t.Errorf("%d clusters outside the period, want 1", n)
	}
}

// TestASCOF2AEntriesAreSTS002a: 2A's entries are STS002a's episodes as
// the code labels them. On a synthetic year, every episode STS002a counts
// (copies aside) is one 2A entry of the same record type, whose mapped
// label is the episode's SALT category, but where the code labels it
// otherwise: "No_Chronology_" before the category of an episode with no
// later events or none in scope (not for "Service ended as planned",
// which is "No services provided – other" either way), "No services
// provided - other" with a hyphen and "No Service Found" for record type
// 4 where STS002a says other and unable to classify.
func TestASCOF2AEntriesAreSTS002a(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 34, Persons: 20000, Councils: 3, Resubmit: 0.5})
	p := x.sum.Period
	s2, err := STS002a(x.d, p, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := ASCOF2A(x.d, p, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, kinds := 0, map[SequelKind]int{}
	for _, e := range s2.Episodes {
		if e.Copy {
			continue
		}
		n++
		kinds[e.Kind]++
		rt, _, mapped := ascof2AEntry(e)
		want := e.Sequel.String()
		switch {
		case e.Sequel == STS002aUnclassified && (e.Kind == SequelNoChronology || e.Kind == SequelOutOfScope):
			want = ascof2AUnclassed
		case e.Sequel == STS002aUnclassified && e.Kind == SequelNoService:
			want = ascof2ANoService
		case e.Sequel == STS002aUnclassified:
			want = ""
		case e.Kind == SequelNoService && e.Outcome == OutcomeEndedAsPlanned:
			want = ascof2AOtherHyphen
		case (e.Kind == SequelNoChronology || e.Kind == SequelOutOfScope) && e.Outcome != OutcomeEndedAsPlanned:
			want = ascof2ANoChron + want
		}
		if rt != int(e.Kind) || mapped != want {
			t.Errorf("episode %+v: 2A entry %d %q, want %d %q", e, rt, mapped, e.Kind, want)
		}
	}
	entries := 0
	for _, q := range a.Sequels {
		entries += q.Count
	}
	folded := acStep(t, a.Steps, "STS002a: clusters of one client with the same record-type-3")
	if entries != n-folded || len(kinds) < 3 {
		t.Errorf("2A has %d entries, STS002a %d episodes (%d folded); kinds %v", entries, n, folded, kinds)
	}
	t.Logf("%d episodes: %v; 2A %d / %d", n, kinds, a.Rows[len(a.Rows)-1].Numerator, a.Rows[len(a.Rows)-1].Denominator)
}
