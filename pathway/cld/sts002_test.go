package cld

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func epRec(e STMaxEpisode) string {
	s := fmt.Sprintf("%s|%s|%s|%s", e.Sequel, kindLabel(e.Kind), e.Start, e.End)
	if e.Copy {
		s += "|copy"
	}
	return s
}

func ep(seq STS002aSequel, k SequelKind, start, end string) string {
	return fmt.Sprintf("%s|%s|%s|%s", seq, kindLabel(k), day(start), day(end))
}

// TestSTS002aWorked: one hand-built case per rule of STS002a. A new
// client's request (1–2 May 2023, "Progress to Reablement/ST-Max") is
// followed the next day by ST-Max (3–20 May, "Service ended as planned"),
// which STS001 finds as the request's sequel, so it is in the cohort.
func TestSTS002aWorked(t *testing.T) {
	r := req("p1", "2023-05-01", "2023-05-02", toReable, community)
	st := svc("p1", "2023-05-03", "2023-05-20", stMax)
	cases := []struct {
		name string
		rows []tr
		opt  MeasureOptions
		want []string
	}{
		{"community support the next day: long-term support",
			[]tr{r, st, svc("p1", "2023-05-21", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20")}},
		{"community support 4 days after (more than 3), ended in September: out of scope; the episode's outcome, Service ended as planned: no services provided – other",
			[]tr{r, st, svc("p1", "2023-05-24", "2023-09-01", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aOther, SequelOutOfScope, "2023-05-03", "2023-05-20")}},
		{"the same, still open: an open first event is in scope however late (the code's rule): long-term support",
			[]tr{r, st, svc("p1", "2023-05-24", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20")}},
		{"community support 3 days after: in scope",
			[]tr{r, st, svc("p1", "2023-05-23", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20")}},
		{"nothing after: no chronology; Service ended as planned: no services provided – other",
			[]tr{r, st}, MeasureOptions{},
			[]string{ep(STS002aOther, SequelNoChronology, "2023-05-03", "2023-05-20")}},
		{"nothing after, ended NFA - Support declined: needs identified but support declined",
			[]tr{r, st.withOut(nfaDecline)}, MeasureOptions{},
			[]string{ep(STS002aDeclined, SequelNoChronology, "2023-05-03", "2023-05-20")}},
		{"nothing after, ended Progress to Support Planning: unable to classify",
			[]tr{r, st.withOut(toPlanning)}, MeasureOptions{},
			[]string{ep(STS002aUnclassified, SequelNoChronology, "2023-05-03", "2023-05-20")}},
		{"an NFA assessment after: its outcome (self-funding)",
			[]tr{r, st, asm("p1", "2023-05-21", "2023-05-25", nfaSelf)}, MeasureOptions{},
			[]string{ep(STS002aSelfFunding, SequelNFA, "2023-05-03", "2023-05-20")}},
		{"an NFA assessment and a review ending the same day: only NFA events count here (unlike STS001): self-funding",
			[]tr{r, st, asm("p1", "2023-05-21", "2023-05-25", nfaSelf), rev("p1", "2023-05-22", "2023-05-25", noChange)}, MeasureOptions{},
			[]string{ep(STS002aSelfFunding, SequelNFA, "2023-05-03", "2023-05-20")}},
		{"no service, no NFA, the episode ended Progress to End of Life Care: unable to classify (the code maps it only without chronology)",
			[]tr{r, st.withOut("Progress to End of Life Care"), asm("p1", "2023-05-21", "2023-05-25", toPlanning)}, MeasureOptions{},
			[]string{ep(STS002aUnclassified, SequelNoService, "2023-05-03", "2023-05-20")}},
		{"ST-Max events one day apart are one episode",
			[]tr{r, svc("p1", "2023-05-03", "2023-05-10", stMax), svc("p1", "2023-05-11", "2023-05-20", stMax), svc("p1", "2023-05-21", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20")}},
		{"two days apart: two episodes (both in the request's chain); the second supersedes the first (out of scope)",
			[]tr{r, svc("p1", "2023-05-03", "2023-05-10", stMax), svc("p1", "2023-05-12", "2023-05-20", stMax), svc("p1", "2023-05-21", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aOther, SequelOutOfScope, "2023-05-03", "2023-05-10"), ep(STS002aLongTerm, SequelService, "2023-05-12", "2023-05-20")}},
		{"ST-Max that no request led to (no request; an existing client's request) is not in the cohort",
			[]tr{svc("p2", "2023-05-03", "2023-05-20", stMax), svc("p3", "2022-01-01", "", ltComm), req("p3", "2023-05-01", "2023-05-02", toReable, community),
				svc("p3", "2023-05-03", "2023-05-20", stMax)}, MeasureOptions{}, nil},
		{"an episode ending after the period, or open, is not counted",
			[]tr{req("p1", "2024-03-01", "2024-03-02", toReable, community), svc("p1", "2024-03-03", "2024-04-10", stMax),
				req("p2", "2024-03-01", "2024-03-02", toReable, community), svc("p2", "2024-03-03", "", stMax)}, MeasureOptions{}, nil},
		{"no outcome: the code's joins record no chronology and not in scope as well as the sequel",
			[]tr{r, st.withOut(""), svc("p1", "2023-05-21", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aUnclassified, SequelNoChronology, "2023-05-03", "2023-05-20") + "|copy", ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20"),
				ep(STS002aUnclassified, SequelOutOfScope, "2023-05-03", "2023-05-20") + "|copy"}},
		{"no outcome, and nothing within 3 days (a closed service 10 days after): no chronology (a copy) and not in scope",
			[]tr{r, st.withOut(""), svc("p1", "2023-05-30", "2023-09-01", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aUnclassified, SequelNoChronology, "2023-05-03", "2023-05-20") + "|copy", ep(STS002aUnclassified, SequelOutOfScope, "2023-05-03", "2023-05-20")}},
		{"no outcome, compared as a value: one record",
			[]tr{r, st.withOut(""), svc("p1", "2023-05-21", "", ltComm)}, MeasureOptions{NullsAsValues: true},
			[]string{ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20")}},
		{"two ST-Max rows ending the episode, one outside the outcome list and one blank (both unranked): the episode takes the value, whatever the file order, so the code's joins add no copies",
			[]tr{r, st.withOut("Something else"), st.withOut(""), svc("p1", "2023-05-21", "", ltComm)}, MeasureOptions{},
			[]string{ep(STS002aLongTerm, SequelService, "2023-05-03", "2023-05-20")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := readRows(t, c.rows...)
			res, err := STS002a(d, fy23, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range res.Episodes {
				got = append(got, epRec(e))
			}
			want := slices.Clone(c.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("episodes\n got  %s\n want %s", strings.Join(got, "\n      "), strings.Join(want, "\n      "))
			}
			if res.Table.All.Total != len(res.Episodes) || res.ByKind.All.Total != len(res.Episodes) {
				t.Errorf("tables count %d and %d, episodes %d", res.Table.All.Total, res.ByKind.All.Total, len(res.Episodes))
			}
		})
	}
}

// TestSTS002bWorked: ST-Max episodes of existing clients, one case per
// rule; each row of want is the number of episodes counted.
func TestSTS002bWorked(t *testing.T) {
	lt := svc("p1", "2022-01-01", "", ltComm)
	st := svc("p1", "2023-06-01", "2023-06-20", stMax)
	cases := []struct {
		name string
		rows []tr
		opt  MeasureOptions
		want int
	}{
		{"community support open since 2022 when ST-Max starts: one episode", []tr{lt, st}, MeasureOptions{}, 1},
		{"no long-term support: a new client, not counted", []tr{st}, MeasureOptions{}, 0},
		{"long-term support ended the day before: not counted", []tr{svc("p1", "2022-01-01", "2023-05-31", ltComm), st}, MeasureOptions{}, 0},
		{"long-term support starting the same day as ST-Max: counted (the code's 'between'; the principles say 'starting before')",
			[]tr{svc("p1", "2023-06-01", "", ltComm), st}, MeasureOptions{}, 1},
		{"two ST-Max events one day apart: one episode", []tr{lt, st, svc("p1", "2023-06-21", "2023-06-30", stMax)}, MeasureOptions{}, 1},
		{"two days apart: two episodes", []tr{lt, st, svc("p1", "2023-06-22", "2023-06-30", stMax)}, MeasureOptions{}, 2},
		{"an episode ending after the period, or open: not counted",
			[]tr{lt, svc("p1", "2024-03-20", "2024-04-05", stMax), svc("p2", "2022-01-01", "", ltComm), svc("p2", "2024-03-20", "", stMax)}, MeasureOptions{}, 0},
		{"no outcome: the code's join drops it", []tr{lt, st.withOut("")}, MeasureOptions{}, 0},
		{"no outcome, compared as a value: counted", []tr{lt, st.withOut("")}, MeasureOptions{NullsAsValues: true}, 1},
		{"a carer's ST-Max is not counted", []tr{lt.as("Carer"), st.as("Carer")}, MeasureOptions{}, 0},
		{"the same client at two councils: an episode at each", []tr{lt, st, lt.at("E2"), st.at("E2")}, MeasureOptions{}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := readRows(t, c.rows...)
			res, err := STS002b(d, fy23, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Episodes) != c.want || res.Table.All.Total != c.want {
				t.Errorf("%d episodes (table %d), want %d: %+v", len(res.Episodes), res.Table.All.Total, c.want, res.Episodes)
			}
		})
	}
}
