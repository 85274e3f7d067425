package cld

import (
	"testing"
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// TestSequelTruth checks the generator's sequel derivation on stories
// whose sequels were worked out by hand from the principles (and the
// code where it is more precise), one story per rule.
func TestSequelTruth(t *testing.T) {
	may := func(d int) Date { return pathway.NewDate(2023, time.May, d) }
	jun := func(d int) Date { return pathway.NewDate(2023, time.June, d) }
	req := func(s, e Date, o EventOutcome, r RouteOfAccess) TruthEvent {
		return TruthEvent{Type: EventRequest, Start: s, End: e, Outcome: o, Route: r}
	}
	asm := func(s, e Date, o EventOutcome) TruthEvent {
		return TruthEvent{Type: EventAssessment, Start: s, End: e, Outcome: o}
	}
	svc := func(s, e Date, st ServiceType) TruthEvent {
		return TruthEvent{Type: EventService, Start: s, End: e, Service: st, Outcome: OutcomeProvision}
	}
	r1 := req(may(1), may(2), OutcomeAssessment, RouteCommunity)
	cases := []struct {
		name    string
		evs     []TruthEvent
		cluster int // which cluster to check
		events  int // requests in it
		newCl   bool
		kind    SequelKind
		service ServiceType
		outcome EventOutcome
	}{
		{"service in the chain: assessment 8 days after, ST-Max 2 days after it",
			[]TruthEvent{r1, asm(may(10), may(20), OutcomeReablement), svc(may(22), NoDate, ServiceSTMax)},
			0, 1, true, SequelService, ServiceSTMax, 0},
		{"the service starts 5 days after the assessment: the chain breaks; no NFA, so the request's own outcome",
			[]TruthEvent{r1, asm(may(10), may(20), OutcomeSupportPlanning), svc(may(25), NoDate, ServiceLTCommunity)},
			0, 1, true, SequelNoService, 0, OutcomeAssessment},
		{"an NFA assessment",
			[]TruthEvent{r1, asm(may(10), may(20), OutcomeNFASelfFunded)},
			0, 1, true, SequelNFA, 0, OutcomeNFASelfFunded},
		{"the first later event starts 32 days after the request ends",
			[]TruthEvent{r1, asm(jun(3), jun(4), OutcomeNFASelfFunded)},
			0, 1, true, SequelOutOfScope, 0, OutcomeAssessment},
		{"an open first event is in scope however late (the code's rule)",
			[]TruthEvent{r1, asm(jun(3), NoDate, OutcomeBlank)},
			0, 1, true, SequelNoService, 0, OutcomeAssessment},
		{"two requests 3 days apart are one cluster; route and outcome of the later",
			[]TruthEvent{r1, req(may(5), may(6), OutcomeNFASignposting, RouteHospitalDischarge)},
			0, 2, true, SequelNoChronology, 0, OutcomeNFASignposting},
		{"a request 10 days later is a cluster of its own and breaks the first one's chain",
			[]TruthEvent{r1, req(may(12), may(13), OutcomeAssessment, RouteCommunity), asm(may(14), may(15), OutcomeNFADeclined)},
			0, 1, true, SequelOutOfScope, 0, OutcomeAssessment},
		{"... and the second cluster finds the NFA assessment",
			[]TruthEvent{r1, req(may(12), may(13), OutcomeAssessment, RouteCommunity), asm(may(14), may(15), OutcomeNFADeclined)},
			1, 1, true, SequelNFA, 0, OutcomeNFADeclined},
		{"an existing client (community support open since 2022)",
			[]TruthEvent{svc(pathway.NewDate(2022, 3, 1), NoDate, ServiceLTCommunity), r1, asm(may(3), may(4), OutcomeNFADeclined)},
			0, 1, false, SequelNone, 0, 0},
		{"nothing after the request",
			[]TruthEvent{r1},
			0, 1, true, SequelNoChronology, 0, OutcomeAssessment},
		{"ST-Max then community support the next day: the hierarchy picks ST-Max",
			[]TruthEvent{r1, asm(may(10), may(20), OutcomeReablement), svc(may(21), jun(20), ServiceSTMax), svc(jun(21), NoDate, ServiceLTCommunity)},
			0, 1, true, SequelService, ServiceSTMax, 0},
		{"community support and equipment on one day: community ranks higher",
			[]TruthEvent{r1, asm(may(10), may(20), OutcomeSupportPlanning), svc(may(21), may(30), ServiceSTLowLevel), svc(may(21), NoDate, ServiceLTCommunity)},
			0, 1, true, SequelService, ServiceLTCommunity, 0},
		{"two different NFA outcomes ending the same day: NFA- Other",
			[]TruthEvent{r1, asm(may(10), may(20), OutcomeNFADeclined), asm(may(11), may(20), OutcomeNFASelfFunded)},
			0, 1, true, SequelNFA, 0, OutcomeNFAOther},
		{"the later of two NFA outcomes",
			[]TruthEvent{r1, asm(may(10), may(19), OutcomeNFADeclined), asm(may(11), may(20), OutcomeNFASelfFunded)},
			0, 1, true, SequelNFA, 0, OutcomeNFASelfFunded},
	}
	for _, c := range cases {
		g := &gen{period: FinancialYear(2023)}
		g.tp.Events = c.evs
		g.clusters()
		if c.cluster >= len(g.tp.Requests) {
			t.Errorf("%s: %d clusters", c.name, len(g.tp.Requests))
			continue
		}
		r := g.tp.Requests[c.cluster]
		got := []any{len(r.Events), r.NewClient, r.Sequel, r.SequelService, r.SequelOutcome}
		want := []any{c.events, c.newCl, c.kind, c.service, c.outcome}
		if c.kind == SequelNone {
			got, want = got[:3], want[:3]
		}
		for k := range got {
			if got[k] != want[k] {
				t.Errorf("%s: got %v, want %v", c.name, got, want)
				break
			}
		}
	}
}
