package cld

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// The SALT measures on synthetic CLD, checked against what the generator
// knows (Synthesize's truth): every person's story (its events in their
// final edition, its request clusters and their sequels) and attributes
// (gender, ethnicity, primary support reason, accommodation, employment,
// unpaid carer), and every row's person, event, return, identifiers and
// corrupted field. The expected answers are computed here from that
// truth with the rules of the measures, independently of the package's
// code path (no Data columns, no Clients, no sequel search): the STS001
// sequels are the generator's own derivation (gen.clusters), applied to
// each person's events as the person rule leaves them.

type synthSALTRun struct {
	in      []byte // the file
	d       *Data
	sum     *SynthSummary
	persons map[int]*TruthPerson
	rows    []TruthRow
	// byLine maps a file line to the truth row.
	byLine map[int]*TruthRow
}

func synthSALT(t testing.TB, opt SynthOptions) *synthSALTRun {
	t.Helper()
	r := &synthSALTRun{persons: map[int]*TruthPerson{}, byLine: map[int]*TruthRow{}}
	var buf bytes.Buffer
	sum, err := Synthesize(&buf, opt, &SynthTruth{
		Row: func(x *TruthRow) { r.rows = append(r.rows, *x) },
		Person: func(p *TruthPerson) {
			q := *p
			q.Events = slices.Clone(p.Events)
			q.Requests = slices.Clone(p.Requests)
			r.persons[q.Index] = &q
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	r.sum = sum
	r.in = buf.Bytes()
	for k := range r.rows {
		r.byLine[r.rows[k].Line] = &r.rows[k]
	}
	d, err := Read(bytes.NewReader(buf.Bytes()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Report.Rejected != 0 || d.Len() != len(r.rows) {
		t.Fatalf("%d rows written, %d read, %d rejected", len(r.rows), d.Len(), d.Report.Rejected)
	}
	r.d = d
	return r
}

// council returns the code of a truth person's council.
func (r *synthSALTRun) council(tp *TruthPerson) string { return r.sum.Councils[tp.Council].Code }

// orow is one written row as the truth knows it.
type orow struct {
	line, person, council, event int
	ev                           *TruthEvent
	tp                           *TruthPerson
	nhs                          bool
	local                        int
	gender                       Gender
	eth                          Ethnicity
	accom                        AccommodationStatus
	death                        Date // as written on the row
}

// truthRows returns the truth of the rows of the year-end return (the
// latest import of each council's fourth quarter; every row in the
// council layout).
func (r *synthSALTRun) truthRows() []orow {
	var out []orow
	for k := range r.rows {
		x := &r.rows[k]
		s := r.sum.Submissions[x.Submission]
		if s.Quarter != 4 || !s.Latest {
			continue
		}
		tp := r.persons[x.Person]
		o := orow{line: x.Line, person: x.Person, council: tp.Council, event: x.Event, ev: &tp.Events[x.Event], tp: tp,
			nhs: x.NHS, local: x.Local, gender: tp.Gender, eth: tp.Ethnicity, accom: tp.Accommodation}
		if x.HasCorrupt && !x.Variant {
			switch x.Corrupt {
			case ListGender:
				o.gender = GenderInvalid
			case ListEthnicity:
				o.eth = EthnicityInvalid
			case ListAccommodationStatus:
				o.accom = AccommodationInvalid
			}
		}
		if tp.Death.Valid() && tp.Death <= s.Period.End {
			o.death = tp.Death
		}
		out = append(out, o)
	}
	return out
}

// okeys applies the person rule to a set of truth rows: the key of each
// ("N<person>", "L<person>/<local>"), "" when removed.
func okeys(rows []orow) []string {
	seen := map[[2]int]bool{}
	for _, o := range rows {
		if o.nhs {
			seen[[2]int{o.person, o.local}] = true
		}
	}
	keys := make([]string, len(rows))
	for k, o := range rows {
		switch {
		case o.nhs:
			keys[k] = fmt.Sprintf("N%d", o.person)
		case !seen[[2]int{o.person, o.local}]:
			keys[k] = fmt.Sprintf("L%d/%d", o.person, o.local)
		}
	}
	return keys
}

// pkeyName maps the package's person keys to the truth's key names,
// through the rows that carry each identifier.
func (r *synthSALTRun) pkeyName() map[int32]string {
	d := r.d
	base := int32(len(d.NHSNumbers) - 1)
	m := map[int32]string{}
	for i := range d.Len() {
		x := r.byLine[int(d.Line[i])]
		if d.NHS[i] != 0 {
			m[int32(d.NHS[i])-1] = fmt.Sprintf("N%d", x.Person)
		}
		if d.Local[i] != 0 {
			m[base+int32(d.Local[i])-1] = fmt.Sprintf("L%d/%d", x.Person, x.Local)
		}
	}
	return m
}

func diffSets(t *testing.T, what string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	slices.Sort(want)
	if slices.Equal(got, want) {
		return
	}
	var miss, extra []string
	for _, w := range want {
		if _, ok := slices.BinarySearch(got, w); !ok {
			miss = append(miss, w)
		}
	}
	for _, g := range got {
		if _, ok := slices.BinarySearch(want, g); !ok {
			extra = append(extra, g)
		}
	}
	clip := func(s []string) string {
		if len(s) > 8 {
			s = append(s[:8:8], fmt.Sprintf("… %d more", len(s)-8))
		}
		return strings.Join(s, "\n    ")
	}
	t.Errorf("%s: %d expected, %d computed\n  missing:\n    %s\n  extra:\n    %s", what, len(want), len(got), clip(miss), clip(extra))
}

// TestSALTSyntheticSTS001 checks every STS001 record of a synthetic
// year-end file (council layout, with the default rates of missing NHS
// numbers and second local ids) against the generator's derivation of the
// request clusters and their sequels, applied to the events each person
// key keeps under the person rule.
func TestSALTSyntheticSTS001(t *testing.T) {
	r := synthSALT(t, SynthOptions{Seed: 5, Persons: 6000, Councils: 3, Layout: LayoutCouncil})
	P := r.sum.Period
	// the events of each key (STS001's rows: service users', all starting
	// by the period end, alive at its start, birth known)
	var set []orow
	for _, o := range r.truthRows() {
		if o.tp.ClientType == ClientServiceUser {
			set = append(set, o)
		}
	}
	keys := okeys(set)
	byKey := map[string][]orow{}
	for k, o := range set {
		if keys[k] != "" {
			byKey[keys[k]] = append(byKey[keys[k]], o)
		}
	}
	var want []string
	past := map[string]bool{} // clusters that run past the period end
	for key, os := range byKey {
		slices.SortFunc(os, func(a, b orow) int { return cmp.Compare(a.event, b.event) })
		g := &gen{period: P}
		for _, o := range os {
			g.tp.Events = append(g.tp.Events, *o.ev)
		}
		g.clusters()
		tp := os[0].tp
		for _, c := range g.tp.Requests {
			if !c.NewClient {
				continue
			}
			if !c.InPeriod {
				// the code counts a cluster with a request ending in the
				// period, however late its last request ends
				for _, i := range c.Events {
					if e := g.tp.Events[i]; e.End.Valid() && P.Contains(e.End) {
						past[fmt.Sprintf("%s|%s|%v", r.council(tp), key, c.Start)] = true
					}
				}
				continue
			}
			s := fmt.Sprintf("%s|%s|%v|%v|%v|%v|%v|kind %d", r.council(tp), key, c.Start, c.End, c.Route, c.Outcome,
				BandOf(tp.AgeAtEnd, true), c.Sequel)
			switch c.Sequel {
			case SequelService:
				s += "|" + c.SequelService.String()
			case SequelNFA:
				s += "|" + c.SequelOutcome.String()
			}
			want = append(want, s)
		}
	}
	res, err := STS001(r.d, P, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	name := r.pkeyName()
	var got []string
	npast := 0
	for _, q := range res.Requests {
		if q.Copy {
			t.Errorf("a copy record, but no synthetic request lacks an outcome: %+v", q)
		}
		if past[fmt.Sprintf("%s|%s|%v", r.d.Councils[q.Council].Code, name[q.Person], q.Start)] {
			npast++
			continue
		}
		s := fmt.Sprintf("%s|%s|%v|%v|%v|%v|%v|kind %d", r.d.Councils[q.Council].Code, name[q.Person], q.Start, q.End, q.Route, q.Outcome, q.Band, q.Kind)
		switch q.Kind {
		case SequelService:
			s += "|" + q.Service.String()
		case SequelNFA:
			s += "|" + q.NFA.String()
		}
		got = append(got, s)
	}
	diffSets(t, "STS001 requests", got, want)
	if npast != len(past) {
		t.Errorf("%d clusters run past the period end, %d counted", len(past), npast)
	}
	// the tables count the records, and every kind occurs
	var kinds [SequelOutOfScope + 1]int
	for _, q := range res.Requests {
		kinds[q.Kind]++
	}
	for k := SequelNoChronology; k <= SequelOutOfScope; k++ {
		if kinds[k] == 0 {
			t.Errorf("no record of kind %d", k)
		}
	}
	checkSTS001Tables(t, res)
	t.Logf("%d requests (%d clusters running past the period end), kinds %v; steps:", len(res.Requests), npast, kinds[1:])
	for _, s := range res.Steps {
		t.Logf("  %-110.110s %7d → %7d %s", s.Rule, s.Before, s.After, s.Unit)
	}
}

// TestSALTSyntheticSTS001AllImports runs STS001 on NHS England's view of a
// synthetic year: every council's four cumulative quarterly returns, some
// imported twice. The code keeps only the latest edition of requests and
// services, but every edition of assessments and reviews; an assessment
// still open at an earlier quarter's end is also in the data as an open
// event with no outcome, which can carry a sequel chain further. The
// expected sequels are the generator's derivation applied to each story
// with those open editions added.
func TestSALTSyntheticSTS001AllImports(t *testing.T) {
	r := synthSALT(t, SynthOptions{Seed: 6, Persons: 6000, Councils: 3, MissingNHSRow: -1, SecondLocalID: -1})
	P := r.sum.Period
	// the editions of each person's assessments and reviews
	type edition struct {
		person, event int
		open          bool
	}
	extra := map[edition]bool{}
	for _, x := range r.rows {
		tp := r.persons[x.Person]
		e := tp.Events[x.Event]
		qe := r.sum.Submissions[x.Submission].Period.End
		if (e.Type == EventAssessment || e.Type == EventReview) && e.End.Valid() && e.End > qe {
			extra[edition{x.Person, x.Event, true}] = true
		}
	}
	var want []string
	changed := 0
	for idx, tp := range r.persons {
		if tp.ClientType != ClientServiceUser {
			continue
		}
		g := &gen{period: P}
		g.tp.Events = slices.Clone(tp.Events)
		for k, e := range tp.Events {
			if extra[edition{idx, k, true}] {
				g.tp.Events = append(g.tp.Events, TruthEvent{Type: e.Type, Start: e.Start})
			}
		}
		slices.SortStableFunc(g.tp.Events, func(a, b TruthEvent) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmpEnd(a.End, b.End), cmp.Compare(a.Type, b.Type))
		})
		g.clusters()
		key := fmt.Sprintf("L%d/1", idx)
		if tp.HasNHS {
			key = fmt.Sprintf("N%d", idx)
		}
		for k, c := range g.tp.Requests {
			if !c.NewClient || !c.InPeriod {
				continue
			}
			if k < len(tp.Requests) && tp.Requests[k].Sequel != c.Sequel {
				changed++ // an open edition changed the sequel
			}
			s := fmt.Sprintf("%s|%s|%v|%v|%v|%v|kind %d", r.council(tp), key, c.Start, c.End, c.Route, c.Outcome, c.Sequel)
			switch c.Sequel {
			case SequelService:
				s += "|" + c.SequelService.String()
			case SequelNFA:
				s += "|" + c.SequelOutcome.String()
			}
			want = append(want, s)
		}
	}
	res, err := STS001(r.d, P, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	name := r.pkeyName()
	var got []string
	for _, q := range res.Requests {
		s := fmt.Sprintf("%s|%s|%v|%v|%v|%v|kind %d", r.d.Councils[q.Council].Code, name[q.Person], q.Start, q.End, q.Route, q.Outcome, q.Kind)
		switch q.Kind {
		case SequelService:
			s += "|" + q.Service.String()
		case SequelNFA:
			s += "|" + q.NFA.String()
		}
		got = append(got, s)
	}
	diffSets(t, "STS001 requests, all imports", got, want)
	if older := -stepRemoved(t, res.Steps, "earlier imports of the same event"); older >= 0 {
		t.Errorf("no older editions removed")
	}
	t.Logf("%d requests; %d sequels differ from the year-end view because of open editions of assessments and reviews", len(res.Requests), changed)
}

// keyed groups a measure's truth rows by person key (the person rule
// applied to exactly those rows).
func keyed(set []orow) (keys []string, byKey map[string][]orow) {
	ks := okeys(set)
	byKey = map[string][]orow{}
	for k, o := range set {
		if ks[k] != "" {
			byKey[ks[k]] = append(byKey[ks[k]], o)
			keys = append(keys, ks[k])
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys), byKey
}

// stmaxSequel derives what followed an ST-Max episode ending on end, over
// a story's events (in story order), by STS002a's rules as the
// principles and the code state them: the later events, less the
// episode's own ST-Max; none: no chronology; a first day more than 3 days
// later with a closed event: not in scope; the chain of events each
// starting within 3 days of the previous one's end, stopping before
// another ST-Max; its best long-term (then low-level, other short-term)
// service; else its NFA outcome ending latest ("NFA- Other" for two
// different NFA events that day); else no service.
func stmaxSequel(evs []TruthEvent, start, end Date) (SequelKind, ServiceType, EventOutcome) {
	var later []TruthEvent
	for _, e := range evs {
		if e.Start >= end && !(e.Service == ServiceSTMax && (e.Start == start || e.End == end)) {
			later = append(later, e)
		}
	}
	if len(later) == 0 {
		return SequelNoChronology, 0, 0
	}
	if later[0].Start > end.AddDays(3) {
		for _, e := range later {
			if e.Start == later[0].Start && e.End.Valid() {
				return SequelOutOfScope, 0, 0
			}
		}
	}
	var chain []TruthEvent
	for k := 0; k < len(later); {
		j := k
		stop := false
		for j < len(later) && later[j].Start == later[k].Start {
			stop = stop || later[j].Service == ServiceSTMax
			j++
		}
		if stop || k > 0 && later[k-1].End.Valid() && later[k].Start > later[k-1].End.AddDays(3) {
			break
		}
		chain = append(chain, later[k:j]...)
		k = j
	}
	if len(chain) == 0 {
		return SequelOutOfScope, 0, 0
	}
	order := []ServiceType{ServiceLTNursing, ServiceLTResidential, ServiceLTCommunity, ServiceLTPrison, ServiceSTLowLevel, ServiceSTOther}
	for _, s := range order {
		for _, e := range chain {
			if e.Service == s {
				return SequelService, s, 0
			}
		}
	}
	var last Date
	for _, e := range chain {
		if e.Outcome.NFA() && e.End.Valid() && e.End > last {
			last = e.End
		}
	}
	if last == 0 {
		return SequelNoService, 0, 0
	}
	seen := map[TruthEvent]bool{}
	var out EventOutcome
	for _, e := range chain {
		if e.Outcome.NFA() && e.End == last {
			k := TruthEvent{Type: e.Type, Start: e.Start, End: e.End, Outcome: e.Outcome}
			if !seen[k] {
				seen[k] = true
				out = e.Outcome
			}
		}
	}
	if len(seen) > 1 {
		out = OutcomeNFAOther
	}
	return SequelNFA, 0, out
}

// TestSALTSyntheticSTS002 checks STS002a and STS002b on a synthetic
// year-end file. The STS002a cohort is the ST-Max of each new client's
// request whose sequel (the generator's derivation, per person key) is
// ST-Max; the generator writes at most one ST-Max service per person, so
// an episode is that service, counted when it ends in the period, and
// what followed is derived from the story by STS002a's rules
// (stmaxSequel). STS002b counts the ST-Max episodes ending in the period
// of clients with long-term support open when they start.
func TestSALTSyntheticSTS002(t *testing.T) {
	r := synthSALT(t, SynthOptions{Seed: 8, Persons: 8000, Councils: 3, Layout: LayoutCouncil})
	P := r.sum.Period
	var set []orow
	for _, o := range r.truthRows() {
		if o.tp.ClientType == ClientServiceUser {
			set = append(set, o)
		}
	}
	keys, byKey := keyed(set)
	var wantA []string
	wantB, endingIn := 0, 0
	for _, key := range keys {
		os := byKey[key]
		slices.SortFunc(os, func(a, b orow) int { return cmp.Compare(a.event, b.event) })
		g := &gen{period: P}
		for _, o := range os {
			g.tp.Events = append(g.tp.Events, *o.ev)
		}
		evs := g.tp.Events
		var st []TruthEvent
		for _, e := range evs {
			if e.Type == EventService && e.Service == ServiceSTMax {
				st = append(st, e)
			}
		}
		if len(st) > 1 {
			t.Fatalf("key %s has %d ST-Max services; the oracle assumes one", key, len(st))
		}
		if len(st) == 0 || !st[0].End.Valid() || !P.Contains(st[0].End) {
			continue
		}
		e := st[0]
		endingIn++
		for _, x := range evs {
			if x.Service.LongTerm() && x.Start <= e.Start && (!x.End.Valid() || x.End >= e.Start) {
				wantB++
				break
			}
		}
		g.clusters()
		cohort := false
		for _, c := range g.tp.Requests {
			cohort = cohort || c.NewClient && c.InPeriod && c.Sequel == SequelService && c.SequelService == ServiceSTMax
		}
		if !cohort {
			continue
		}
		kind, svc, nfa := stmaxSequel(evs, e.Start, e.End)
		wantA = append(wantA, fmt.Sprintf("%s|%s|%v|%v|%v|kind %d|%v|%v", r.council(os[0].tp), key, e.Start, e.End, e.Outcome, kind, svc, nfa))
	}
	res, err := STS002a(r.d, P, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	name := r.pkeyName()
	var gotA []string
	var kinds [SequelOutOfScope + 1]int
	for _, e := range res.Episodes {
		kinds[e.Kind]++
		gotA = append(gotA, fmt.Sprintf("%s|%s|%v|%v|%v|kind %d|%v|%v", r.d.Councils[e.Council].Code, name[e.Person], e.Start, e.End, e.Outcome, e.Kind, e.Service, e.NFA))
	}
	diffSets(t, "STS002a episodes", gotA, wantA)
	if res.Table.All.Total != len(res.Episodes) {
		t.Errorf("table total %d, %d episodes", res.Table.All.Total, len(res.Episodes))
	}
	b, err := STS002b(r.d, P, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Episodes) != wantB {
		t.Errorf("STS002b: %d episodes, want %d", len(b.Episodes), wantB)
	}
	var inPeriod int
	for _, s := range b.Steps {
		if strings.HasPrefix(s.Rule, "episode ends in the period") {
			inPeriod = s.After
		}
	}
	if inPeriod != endingIn {
		t.Errorf("STS002b: %d episodes ending in the period, want %d", inPeriod, endingIn)
	}
	t.Logf("STS002a: %d episodes, kinds %v; STS002b: %d episodes of existing clients (of %d ending in the period)", len(res.Episodes), kinds[1:], len(b.Episodes), endingIn)
}

// ltsWant is an expected person in a table: "table|council|key|row|col".
func ltsWant(table, council, key, row, col string) string {
	return table + "|" + council + "|" + key + "|" + row + "|" + col
}

func (r *synthSALTRun) ltsGot(res *LTSResult) []string {
	name := r.pkeyName()
	var out []string
	for _, p := range res.People {
		tb := res.Tables[p.Table]
		out = append(out, ltsWant(tb.Name, r.d.Councils[p.Council].Code, name[p.Person], tb.Rows[p.Row], tb.Cols[p.Col]))
	}
	return out
}

// firstSetting returns the lowest setting of rows, and the rows in it.
func firstSetting(os []orow) (int, []orow) {
	best := len(settingLabels)
	for _, o := range os {
		best = min(best, settingOf(o.ev.Service, o.ev.Delivery))
	}
	var in []orow
	for _, o := range os {
		if settingOf(o.ev.Service, o.ev.Delivery) == best {
			in = append(in, o)
		}
	}
	return best, in
}

// ageTable names the LTS001 table of an age at the period end.
func ageTable(age int) string {
	switch BandOf(age, true) {
	case Age18To64:
		return "Table 1a"
	case Age65Plus:
		return "Table 1b"
	}
	return ""
}

// TestSALTSyntheticLTS checks LTS001a/b/c, LTS003 and LTS004 on synthetic
// files in both layouts (NHS England's view through the latest-submission
// rule, and a council's year-end return), person by person, against
// answers computed from the truth of the year-end return's rows: each
// measure's rows, the person rule on them, and the de-duplication rules
// applied to the generator's attributes (constant per person, except the
// rows it corrupted: an invalid gender, ethnicity or accommodation).
func TestSALTSyntheticLTS(t *testing.T) {
	for _, layout := range []Layout{LayoutNHSE, LayoutCouncil} {
		t.Run(layout.String(), func(t *testing.T) {
			r := synthSALT(t, SynthOptions{Seed: 9, Persons: 8000, Councils: 3, Layout: layout, Invalid: 0.05})
			checkLTS(t, r)
		})
	}
}

func checkLTS(t *testing.T, r *synthSALTRun) {
	P := r.sum.Period
	snap := P.End
	opt := MeasureOptions{Window: r.sum.Window}
	all := r.truthRows()
	filter := func(keep func(o orow) bool) []orow {
		var out []orow
		for _, o := range all {
			if keep(o) {
				out = append(out, o)
			}
		}
		return out
	}
	alive := func(o orow, on Date) bool { return !o.death.Valid() || o.death >= on }
	su := func(o orow) bool {
		return o.tp.ClientType == ClientServiceUser && o.ev.Service.LongTerm() && o.tp.Birth.Valid()
	}

	// LTS001a: long-term services during the year
	var want []string
	keys, byKey := keyed(filter(func(o orow) bool { return su(o) && P.Overlaps(o.ev.Start, o.ev.End) && alive(o, P.Start) }))
	for _, k := range keys {
		os := byKey[k]
		if tb := ageTable(os[0].tp.AgeAtEnd); tb != "" {
			s, _ := firstSetting(os)
			want = append(want, ltsWant(tb, r.council(os[0].tp), k, os[0].tp.PSR.String(), settingLabels[s]))
		}
	}
	res, err := LTS001a(r.d, P, opt)
	if err != nil {
		t.Fatal(err)
	}
	diffSets(t, "LTS001a", r.ltsGot(res), want)
	t.Logf("LTS001a: %d people", len(want))

	// LTS001b: open at the snapshot
	want = want[:0]
	keys, byKey = keyed(filter(func(o orow) bool {
		return su(o) && o.ev.Start <= snap && (!o.ev.End.Valid() || o.ev.End >= snap) && alive(o, snap)
	}))
	var men, women, other int
	for _, k := range keys {
		os := byKey[k]
		c := r.council(os[0].tp)
		a := os[0].tp
		s, _ := firstSetting(os)
		if tb := ageTable(os[0].tp.AgeAtEnd); tb != "" {
			want = append(want, ltsWant(tb, c, k, a.PSR.String(), settingLabels[s]))
		}
		want = append(want, ltsWant("Table 2", c, k, a.UnpaidCarer.String(), settingLabels[s]))
		for _, g := range []struct {
			gender Gender
			table  string
		}{{GenderMale, "Table 3a"}, {GenderFemale, "Table 3b"}} {
			var gs []orow
			for _, o := range os {
				if o.gender == g.gender {
					gs = append(gs, o)
				}
			}
			if len(gs) == 0 {
				continue
			}
			if g.gender == GenderMale {
				men++
			} else {
				women++
			}
			s, in := firstSetting(gs)
			known := func(e Ethnicity) bool { return e != EthnicityBlank && e != EthnicityUnknown }
			anyKnown := slices.ContainsFunc(in, func(o orow) bool { return known(o.eth) })
			var last Date
			for _, o := range in {
				if known(o.eth) == anyKnown {
					last = max(last, o.ev.Start)
				}
			}
			labels := map[string]bool{}
			for _, o := range in {
				if known(o.eth) == anyKnown && o.ev.Start == last {
					l := "Invalid/NULL"
					if o.eth.Valid() {
						l = o.eth.String()
					}
					labels[l] = true
				}
			}
			label := "No data - Undeclared or Not known"
			if len(labels) == 1 {
				for l := range labels {
					label = l
				}
			}
			want = append(want, ltsWant(g.table, c, k, label, settingLabels[s]))
		}
		if slices.ContainsFunc(os, func(o orow) bool { return o.gender == GenderOther || o.gender == GenderUnknown }) {
			other++
			want = append(want, ltsWant("Table 3c", c, k, "Other / Unknown gender", "Clients"))
		}
	}
	res, err = LTS001b(r.d, P, opt)
	if err != nil {
		t.Fatal(err)
	}
	diffSets(t, "LTS001b", r.ltsGot(res), want)
	t.Logf("LTS001b: %d people (%d men, %d women, %d other or unknown)", len(keys), men, women, other)

	// LTS001c: in a chain of long-term support that started a year before
	// the snapshot
	want = want[:0]
	before := yearBefore(snap)
	keys, byKey = keyed(filter(func(o orow) bool { return su(o) && o.ev.Start <= snap && alive(o, snap) }))
	far := Date(1<<31 - 1)
	end := func(o orow) Date {
		if o.ev.End.Valid() {
			return o.ev.End
		}
		return far
	}
	for _, k := range keys {
		os := byKey[k]
		slices.SortFunc(os, func(a, b orow) int { return cmp.Or(cmp.Compare(a.ev.Start, b.ev.Start), cmp.Compare(end(a), end(b))) })
		var kept []orow
		for lo := 0; lo < len(os); {
			hi := lo + 1
			for hi < len(os) && os[hi].ev.Start <= end(os[hi-1]).AddDays(1) {
				hi++
			}
			if os[lo].ev.Start < before {
				for _, o := range os[lo:hi] {
					if end(o) >= snap {
						kept = append(kept, o)
					}
				}
			}
			lo = hi
		}
		if tb := ageTable(os[0].tp.AgeAtEnd); tb != "" && len(kept) > 0 {
			s, _ := firstSetting(kept)
			want = append(want, ltsWant(tb, r.council(os[0].tp), k, os[0].tp.PSR.String(), settingLabels[s]))
		}
	}
	res, err = LTS001c(r.d, P, opt)
	if err != nil {
		t.Fatal(err)
	}
	diffSets(t, "LTS001c", r.ltsGot(res), want)
	t.Logf("LTS001c: %d people", len(want))

	// LTS003: carers
	want = want[:0]
	keys, byKey = keyed(filter(func(o orow) bool {
		e := o.ev
		return o.tp.ClientType == ClientCarer && P.Overlaps(e.Start, e.End) && alive(o, P.Start) &&
			(e.Service == ServiceBlank && e.Outcome == OutcomeNFASignposting || e.Service.Carer() ||
				e.Service == ServiceBlank && (e.Type == EventAssessment || e.Type == EventReview))
	}))
	support := func(e *TruthEvent) int {
		switch {
		case e.Service == ServiceCarerDirect && e.Delivery == DeliveryDirectPayment:
			return 0
		case e.Service == ServiceCarerDirect && e.Delivery == DeliveryManagedBudget:
			return 1
		case e.Service == ServiceCarerDirect && e.Delivery == DeliveryCommissioned:
			return 2
		case e.Service == ServiceCarerDirect:
			return 3
		case e.Service == ServiceCarerCaredFor:
			return 5
		case (e.Type == EventAssessment || e.Type == EventReview) && e.Outcome == OutcomeNFASignposting, e.Type == EventRequest:
			return 4
		case e.Type == EventAssessment || e.Type == EventReview:
			return 5
		}
		return 99
	}
	for _, k := range keys {
		os := byKey[k]
		best := 99
		for _, o := range os {
			best = min(best, support(o.ev))
		}
		if best < 99 {
			want = append(want, ltsWant("Table 1", r.council(os[0].tp), k, carerSupportLabels[best], carerAgeLabels[carerAgeCol(os[0].tp.AgeAtEnd, true)]))
		}
	}
	res, err = LTS003(r.d, P, opt)
	if err != nil {
		t.Fatal(err)
	}
	diffSets(t, "LTS003", r.ltsGot(res), want)
	t.Logf("LTS003: %d carers", len(want))

	// LTS004: working-age clients with a learning disability
	want = want[:0]
	keys, byKey = keyed(filter(func(o orow) bool {
		return su(o) && o.ev.Type == EventService && o.tp.PSR == PSRLearningDisability && P.Overlaps(o.ev.Start, o.ev.End) &&
			alive(o, P.Start) && BandOf(o.tp.AgeAtEnd, true) == Age18To64
	}))
	for _, k := range keys {
		os := byKey[k]
		c, a := r.council(os[0].tp), os[0].tp
		// employment: every row valid; the rows starting last, by gender
		var last Date
		for _, o := range os {
			last = max(last, o.ev.Start)
		}
		genders := map[Gender]bool{}
		for _, o := range os {
			if o.ev.Start == last {
				genders[o.gender] = true
			}
		}
		for g := range genders {
			want = append(want, ltsWant("Table 1", c, k, a.Employment.String(), genderCols[genderCol(g)]))
		}
		// accommodation: corrupted rows are invalid
		var valid []orow
		for _, o := range os {
			if o.accom.Valid() {
				valid = append(valid, o)
			}
		}
		if len(valid) == 0 {
			genders := map[Gender]bool{}
			for _, o := range os {
				genders[o.gender] = true
			}
			for g := range genders {
				want = append(want, ltsWant("Table 2 (NULL/Invalid)", c, k, "NULL/Invalid", genderCols[genderCol(g)]))
			}
			continue
		}
		last = 0
		for _, o := range valid {
			last = max(last, o.ev.Start)
		}
		genders = map[Gender]bool{}
		for _, o := range valid {
			if o.ev.Start == last {
				genders[o.gender] = true
			}
		}
		tb := "Table 2b"
		if a.Accommodation.Settled() {
			tb = "Table 2a"
		}
		for g := range genders {
			want = append(want, ltsWant(tb, c, k, a.Accommodation.String(), genderCols[genderCol(g)]))
		}
	}
	res, err = LTS004(r.d, P, opt)
	if err != nil {
		t.Fatal(err)
	}
	diffSets(t, "LTS004", r.ltsGot(res), want)
	t.Logf("LTS004: %d table entries", len(want))
}

// TestSALTSyntheticSTS002bExisting: the generator gives ST-Max only to new
// clients, so STS002b counts none of its episodes. Here every fifth
// client with long-term support from before the year is also given a
// fortnight of ST-Max starting on a day of the year that depends on the
// person (a row copied from one of theirs, with the ST-Max fields): an
// episode counts when it ends in the period and the person's long-term
// support, as the truth has it, is open on its first day.
func TestSALTSyntheticSTS002bExisting(t *testing.T) {
	r := synthSALT(t, SynthOptions{Seed: 13, Persons: 6000, Councils: 3, Layout: LayoutCouncil, MissingNHSRow: -1, SecondLocalID: -1})
	P := r.sum.Period
	recs, err := csv.NewReader(bytes.NewReader(r.in)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		for k, h := range recs[0] {
			if string(headerKey(h)) == string(headerKey(name)) {
				return k
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	typ, start, end, out, st, comp, deliv := col("Event_Type"), col("Event_Start_Date"), col("Event_End_Date"), col("Event_Outcome"),
		col("Service_Type"), col("Service_Component"), col("Delivery_Mechanism")
	added := map[int]bool{}
	want, ending := 0, 0
	for _, x := range r.rows {
		tp := r.persons[x.Person]
		if !tp.Existing || tp.ClientType != ClientServiceUser || x.Person%5 != 0 || added[x.Person] || tp.HasNHS != x.NHS {
			continue
		}
		added[x.Person] = true
		s := P.Start.AddDays(x.Person % 360)
		e := s.AddDays(13)
		row := slices.Clone(recs[x.Line-1])
		row[typ], row[start], row[end], row[out] = "Service", s.String(), e.String(), "Service ended as planned"
		row[st], row[comp], row[deliv] = "Short Term Support: ST-Max", "Reablement", "CASSR Commissioned Support"
		recs = append(recs, row)
		if e > P.End {
			continue
		}
		ending++
		for _, ev := range tp.Events {
			if ev.Service.LongTerm() && ev.Start <= s && (!ev.End.Valid() || ev.End >= s) {
				want++
				break
			}
		}
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	d, err := Read(&buf, Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := STS002b(d, P, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Episodes) != want || res.Table.All.Total != want {
		t.Errorf("%d episodes of existing clients (table %d), want %d", len(res.Episodes), res.Table.All.Total, want)
	}
	if want == 0 || want == ending {
		t.Errorf("want %d of %d: the case does not test the existing-client rule", want, ending)
	}
	t.Logf("%d ST-Max episodes added, %d ending in the period, %d of existing clients", len(added), ending, want)
}
