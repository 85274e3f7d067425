package cld

import (
	"bytes"
	"cmp"
	"slices"
	"testing"
)

// The ASCOF measures on synthetic files, against answers computed from
// the generator's truth: each person's story (TruthPerson), and each row's
// person, event, return and person-id outcome (TruthRow). The oracles
// below work on the stories, person by person, with the measures' rules
// restated from the principles and the code; they never read the
// measures' intermediate results.

// acTruth is a synthetic file, read, with its truth.
type acTruth struct {
	sum     *SynthSummary
	d       *Data
	persons map[int]*TruthPerson
	rows    []TruthRow
}

func acSynth(t *testing.T, opt SynthOptions) *acTruth {
	t.Helper()
	in, sum, persons, rows := synthAll(t, opt)
	d, err := Read(bytes.NewReader(in), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != len(rows) {
		t.Fatalf("%d rows read, %d written", d.Len(), len(rows))
	}
	x := &acTruth{sum: sum, d: d, persons: map[int]*TruthPerson{}, rows: rows}
	for k := range persons {
		x.persons[persons[k].Index] = &persons[k]
	}
	return x
}

// acEdition is a row's event as its return shows it: an event ending
// after the return's quarter end is open, with the open outcome
// ("Provision of service" for a service, blank otherwise).
type acEdition struct {
	r      *TruthRow
	p      *TruthPerson
	e      *TruthEvent
	end    Date
	out    EventOutcome
	death  Date // as written on the row
	sub    *SynthSubmission
	latest bool // the council's latest year-end import
}

func (x *acTruth) edition(k int) acEdition {
	r := &x.rows[k]
	p := x.persons[r.Person]
	e := &p.Events[r.Event]
	s := &x.sum.Submissions[r.Submission]
	ed := acEdition{r: r, p: p, e: e, end: e.End, out: e.Outcome, sub: s, latest: s.Quarter == 4 && s.Latest}
	if !e.End.Valid() || e.End > s.Period.End {
		ed.end, ed.out = NoDate, OutcomeBlank
		if e.Type == EventService {
			ed.out = OutcomeProvision
		}
	}
	if p.Death.Valid() && p.Death <= s.Period.End {
		ed.death = p.Death
	}
	return ed
}

// gender and accommodation as written on the row
func (ed acEdition) gender() Gender {
	if ed.r.HasCorrupt && !ed.r.Variant && ed.r.Corrupt == ListGender {
		return GenderInvalid
	}
	return ed.p.Gender
}

func (ed acEdition) accom() AccommodationStatus {
	if ed.r.HasCorrupt && !ed.r.Variant && ed.r.Corrupt == ListAccommodationStatus {
		return AccommodationInvalid
	}
	return ed.p.Accommodation
}

// acClient is who a row belongs to under the person rule applied to a set
// of rows: the person by NHS number (local 0), or by local id 1 or 2.
type acClient struct{ person, local int }

// clients applies the person rule to the rows ks (truth indices): a row
// without the NHS number is removed when another row of the set carries
// its local id with the NHS number.
func (x *acTruth) clients(ks []int) map[acClient][]int {
	seen := map[acClient]bool{}
	for _, k := range ks {
		if r := x.rows[k]; r.NHS {
			seen[acClient{r.Person, r.Local}] = true
		}
	}
	out := map[acClient][]int{}
	for _, k := range ks {
		r := x.rows[k]
		switch {
		case r.NHS:
			out[acClient{r.Person, 0}] = append(out[acClient{r.Person, 0}], k)
		case !seen[acClient{r.Person, r.Local}]:
			out[acClient{r.Person, r.Local}] = append(out[acClient{r.Person, r.Local}], k)
		}
	}
	return out
}

// acTally counts numerators and denominators by council code, measure
// and disaggregation.
type acTally map[[3]string][2]int64

func (t acTally) add(code, m, dis string, num, den bool) {
	v := t[[3]string{code, m, dis}]
	if num {
		v[0]++
	}
	if den {
		v[1]++
	}
	t[[3]string{code, m, dis}] = v
}

// check compares the tally with the table, council by council and in
// total, and that the table has no other counts.
func (tl acTally) check(t *testing.T, tb *ASCOFTable) {
	t.Helper()
	total := acTally{}
	for k, v := range tl {
		w := total[[3]string{"", k[1], k[2]}]
		total[[3]string{"", k[1], k[2]}] = [2]int64{w[0] + v[0], w[1] + v[1]}
	}
	for _, r := range tb.Rows {
		want := tl[[3]string{r.Code, r.Measure, r.Disaggregation}]
		if r.Council < 0 {
			want = total[[3]string{"", r.Measure, r.Disaggregation}]
		}
		got := [2]int64{r.Numerator, r.Denominator}
		if !r.HasDenominator || tb.Measure == "2B/2C" {
			got[1], want[1] = 0, 0
		}
		if got != want {
			t.Errorf("%s %s %s: %d / %d, truth %d / %d", r.Code, r.Measure, r.Disaggregation, got[0], got[1], want[0], want[1])
		}
	}
}

func (x *acTruth) code(p *TruthPerson) string { return x.sum.Councils[p.Council].Code }

// acSynthFiles are the synthetic files the measures are checked on: both
// layouts, with the default rates (missing NHS numbers, second local ids,
// invalid values, deaths, boundary ages, resubmissions).
var acSynthFiles = []SynthOptions{
	{Seed: 5, Persons: 4000, Councils: 3},
	{Seed: 6, Persons: 3000, Councils: 2, Layout: LayoutCouncil},
}

// TestASCOF2ESynth: ASCOF 2E against the truth.
func TestASCOF2ESynth(t *testing.T) {
	for _, opt := range acSynthFiles {
		x := acSynth(t, opt)
		p := x.sum.Period
		var ks []int
		for k := range x.rows {
			ed := x.edition(k)
			s := ed.e.Service
			if ed.latest && (s == ServiceLTNursing || s == ServiceLTResidential || s == ServiceLTCommunity) &&
				p.Overlaps(ed.e.Start, ed.end) && (!ed.death.Valid() || ed.death >= p.Start) && ed.p.ClientType == ClientServiceUser {
				ks = append(ks, k)
			}
		}
		tl := acTally{}
		for _, rs := range x.clients(ks) {
			last := Date(0)
			for _, k := range rs {
				last = max(last, x.edition(k).e.Start)
			}
			known := func(a AccommodationStatus) bool { return a != AccommodationUnknown }
			anyKnown := false
			for _, k := range rs {
				if ed := x.edition(k); ed.e.Start == last && known(ed.accom()) {
					anyKnown = true
				}
			}
			status := map[Gender]map[AccommodationStatus]bool{}
			for _, k := range rs {
				ed := x.edition(k)
				if ed.e.Start != last || known(ed.accom()) != anyKnown {
					continue
				}
				if status[ed.gender()] == nil {
					status[ed.gender()] = map[AccommodationStatus]bool{}
				}
				status[ed.gender()][ed.accom()] = true
			}
			settled := func(g Gender) bool {
				if len(status[g]) != 1 {
					return false // none, or conflicting: Unknown
				}
				for a := range status[g] {
					return a.Settled()
				}
				return false
			}
			code := x.code(x.persons[x.rows[rs[0]].Person])
			m, f := status[GenderMale] != nil, status[GenderFemale] != nil
			if m {
				tl.add(code, "2E", "Male", settled(GenderMale), true)
			}
			if f {
				tl.add(code, "2E", "Female", settled(GenderFemale), true)
			}
			if m || f {
				tl.add(code, "2E", "Total", settled(GenderMale) || settled(GenderFemale), true)
			}
		}
		tb, err := ASCOF2E(x.d, p, MeasureOptions{Window: x.sum.Window})
		if err != nil {
			t.Fatal(err)
		}
		tl.check(t, tb)
		if r := tb.Row("", "2E", "Total"); r.Denominator < 500 || r.Numerator == 0 {
			t.Errorf("%v: a thin check: %+v", opt.Layout, r)
		}
	}
}

// TestASCOF3DSynth: ASCOF 3D against the truth.
func TestASCOF3DSynth(t *testing.T) {
	for _, opt := range acSynthFiles {
		x := acSynth(t, opt)
		p := x.sum.Period
		snap := p.End
		// service users open on the snapshot, by the SALT setting hierarchy
		rank := func(e *TruthEvent) int {
			dp := e.Delivery == DeliveryDirectPayment || e.Component == ComponentDirectPayment
			switch e.Service {
			case ServiceLTNursing:
				return 1
			case ServiceLTResidential:
				return 2
			case ServiceLTCommunity:
				switch {
				case dp:
					return 3
				case e.Delivery == DeliveryManagedBudget:
					return 4
				case e.Delivery == DeliveryCommissioned:
					return 5
				}
				return 6
			}
			switch e.Delivery {
			case DeliveryManagedBudget:
				return 7
			case DeliveryCommissioned:
				return 8
			}
			return 9
		}
		var users, carers []int
		for k := range x.rows {
			ed := x.edition(k)
			e := ed.e
			if !ed.latest {
				continue
			}
			if e.Type == EventService && e.Service.LongTerm() && ed.p.ClientType == ClientServiceUser && e.Start <= snap &&
				(!ed.end.Valid() || ed.end >= snap) && (!ed.death.Valid() || ed.death >= snap) && ed.p.Birth.Valid() {
				users = append(users, k)
			}
			carer := ed.p.ClientType == ClientCarer || ed.p.ClientType == ClientCarerAssociation
			inCohort := e.Service.Carer() || (e.Service == ServiceBlank && ed.out == OutcomeNFASignposting) ||
				((e.Type == EventAssessment || e.Type == EventReview) && e.Service == ServiceBlank)
			if carer && p.Overlaps(e.Start, ed.end) && (!ed.death.Valid() || ed.death >= p.Start) && inCohort {
				carers = append(carers, k)
			}
		}
		tl := acTally{}
		bands := func(age int, ok bool) []string {
			switch {
			case !ok:
				return []string{"Total"}
			case age >= 18 && age <= 64:
				return []string{"Total", "18 to 64"}
			case age >= 65:
				return []string{"Total", "65 and over"}
			}
			return []string{"Total"}
		}
		for _, rs := range x.clients(users) {
			pp := x.persons[x.rows[rs[0]].Person]
			best := 99
			for _, k := range rs {
				best = min(best, rank(x.edition(k).e))
			}
			for _, b := range bands(AgeAt(pp.Birth, snap)) {
				den := best >= 3 && best <= 6
				tl.add(x.code(pp), "3D1a", b, best == 3 || best == 4, den)
				tl.add(x.code(pp), "3D2a", b, best == 3, den)
			}
		}
		// carers, by the principles' appendix table of support provided
		support := func(ed acEdition) int {
			e := ed.e
			switch {
			case e.Service == ServiceCarerDirect && (e.Delivery == DeliveryDirectPayment || e.Component == ComponentDirectPayment):
				return 1
			case e.Service == ServiceCarerDirect && e.Delivery == DeliveryManagedBudget:
				return 2
			case e.Service == ServiceCarerDirect && e.Delivery == DeliveryCommissioned:
				return 3
			case e.Service == ServiceCarerDirect:
				return 4
			case e.Service == ServiceCarerCaredFor:
				return 6
			case e.Type == EventRequest:
				return 5
			case ed.out == OutcomeNFASignposting:
				return 5
			}
			return 6
		}
		for _, rs := range x.clients(carers) {
			pp := x.persons[x.rows[rs[0]].Person]
			best := 99
			for _, k := range rs {
				best = min(best, support(x.edition(k)))
			}
			age, ok := AgeAt(pp.Birth, p.End)
			if ok && age < 18 {
				continue
			}
			for _, b := range bands(age, ok) {
				tl.add(x.code(pp), "3D1b", b, best <= 2, best <= 3)
				tl.add(x.code(pp), "3D2b", b, best == 1, best <= 3)
			}
		}
		tb, err := ASCOF3D(x.d, p, MeasureOptions{Window: x.sum.Window})
		if err != nil {
			t.Fatal(err)
		}
		tl.check(t, tb)
		for _, m := range []string{"3D1a", "3D2a", "3D1b", "3D2b"} {
			if r := tb.Row("", m, "Total"); r.Denominator < 100 || r.Numerator == 0 {
				t.Errorf("%v: a thin check: %+v", opt.Layout, r)
			}
		}
	}
}

// TestASCOF2BCSynth: ASCOF 2B/2C against the truth, over every import.
func TestASCOF2BCSynth(t *testing.T) {
	for _, opt := range acSynthFiles {
		x := acSynth(t, opt)
		p := x.sum.Period
		snap := p.End.AddDays(1)
		var ks []int
		for k := range x.rows {
			ed := x.edition(k)
			if ed.e.Type == EventService && (ed.e.Service == ServiceLTResidential || ed.e.Service == ServiceLTNursing) &&
				ed.p.ClientType == ClientServiceUser && ed.p.Birth.Valid() {
				ks = append(ks, k)
			}
		}
		tl := acTally{}
		for _, rs := range x.clients(ks) {
			pp := x.persons[x.rows[rs[0]].Person]
			// each event's latest import among the client's rows: closed
			// when all its rows there end before the snapshot
			latest := map[int]int{} // event → submission
			for _, k := range rs {
				ed := x.edition(k)
				if s, ok := latest[ed.r.Event]; !ok || ed.sub.Import.After(x.sum.Submissions[s].Import) {
					latest[ed.r.Event] = ed.r.Submission
				}
			}
			closed := map[int]bool{}
			for ev, s := range latest {
				closed[ev] = true
				for _, k := range rs {
					if ed := x.edition(k); ed.r.Event == ev && ed.r.Submission == s && (!ed.end.Valid() || ed.end >= snap) {
						closed[ev] = false
					}
				}
			}
			prev := false
			var ages []int
			for _, k := range rs {
				ed := x.edition(k)
				if (ed.end.Valid() && ed.end < snap) || closed[ed.r.Event] {
					continue
				}
				switch s := ed.e.Start; {
				case s < p.Start:
					prev = true
				case s < snap:
					a, _ := AgeAt(pp.Birth, snap)
					if !slices.Contains(ages, a) {
						ages = append(ages, a)
					}
				}
			}
			if prev {
				continue
			}
			for _, a := range ages {
				switch {
				case a >= 18 && a <= 64:
					tl.add(x.code(pp), "2B", "18 to 64", true, false)
				case a >= 65:
					tl.add(x.code(pp), "2C", "65 and over", true, false)
				}
			}
		}
		tb, err := ASCOF2BC(x.d, p, MeasureOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tl.check(t, tb)
		if r := tb.Row("", "2C", "65 and over"); r.Numerator < 10 {
			t.Errorf("%v: a thin check: %+v", opt.Layout, r)
		}
	}
}

// acFollow is a naive restatement of the code's sequel chain over a
// story's events (final editions), in time order, for the 2A oracle.
func acFollow(evs []TruthEvent, from Date, firstGap int, skip func(e *TruthEvent) bool, brk func(e *TruthEvent) bool) (follow, chain []TruthEvent) {
	for k := range evs {
		if e := &evs[k]; e.Start >= from && !skip(e) {
			follow = append(follow, *e)
		}
	}
	slices.SortStableFunc(follow, func(a, b TruthEvent) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmpEnd(a.End, b.End), cmp.Compare(a.Type, b.Type))
	})
	for k, e := range follow {
		if e.Start == follow[0].Start {
			if e.End.Valid() && e.Start > from.AddDays(firstGap) {
				return follow, nil
			}
		} else if q := follow[k-1]; q.End.Valid() && e.Start > q.End.AddDays(3) && q.Start != e.Start {
			break
		}
		if brk(&e) {
			// the whole start date goes
			for len(chain) > 0 && chain[len(chain)-1].Start == e.Start {
				chain = chain[:len(chain)-1]
			}
			break
		}
		chain = append(chain, e)
	}
	return follow, chain
}

// TestASCOF2ASynth: ASCOF 2A against the truth, in the council layout (one
// return, so each event has one edition, as the truth's stories) with
// every row carrying its person's ids, so that the person rule removes
// nothing from a story. The STS001 cohort is checked against the
// generator's own sequel derivation (TruthRequest.Sequel), and the
// STS002a sequels are derived from the stories.
func TestASCOF2ASynth(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 9, Persons: 6000, Councils: 2, Layout: LayoutCouncil, MissingNHSRow: -1, SecondLocalID: -1})
	p := x.sum.Period
	tl := acTally{}
	cohort := 0
	idx := make([]int, 0, len(x.persons))
	for i := range x.persons {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		pp := x.persons[i]
		if pp.ClientType != ClientServiceUser {
			continue
		}
		// the cohort: ST-Max events in the chain of a new client's request
		// cluster ending in the period, by the generator's sequel rules
		var starts []Date
		for _, rq := range pp.Requests {
			if !rq.NewClient || !rq.InPeriod || rq.Sequel != SequelService || rq.SequelService != ServiceSTMax {
				continue
			}
			_, chain := acFollow(pp.Events, rq.End, 28, func(e *TruthEvent) bool {
				return e.Type == EventRequest && (e.Start == rq.Start || e.End == rq.End)
			}, func(e *TruthEvent) bool { return e.Type == EventRequest })
			for _, e := range chain {
				if e.Service == ServiceSTMax && !slices.Contains(starts, e.Start) {
					starts = append(starts, e.Start)
				}
			}
		}
		cohort += len(starts)
		var r3 []string
		for _, e := range pp.Events {
			if e.Type != EventService || e.Service != ServiceSTMax || !slices.Contains(starts, e.Start) {
				continue
			}
			// one ST-Max per story: a cluster of its own
			if !e.End.Valid() || !p.Contains(e.End) {
				continue
			}
			follow, chain := acFollow(pp.Events, e.End, 3, func(f *TruthEvent) bool {
				return f.Service == ServiceSTMax && (f.Start == e.Start || f.End == e.End)
			}, func(f *TruthEvent) bool { return f.Service == ServiceSTMax })
			code := x.code(pp)
			ended := e.Outcome == OutcomeEndedAsPlanned
			switch {
			case len(follow) == 0 || len(chain) == 0: // records 1 and 5
				tl.add(code, "2A", "Total", ended, ended)
				continue
			}
			best := ServiceBlank
			for _, f := range chain {
				if r := sts002aRank(f.Service); r < 99 && (best == ServiceBlank || r < sts002aRank(best)) {
					best = f.Service
				}
			}
			if best != ServiceBlank { // record 2
				tl.add(code, "2A", "Total", !best.LongTerm(), true)
				continue
			}
			var last Date
			var nfa []TruthEvent
			for _, f := range chain {
				if f.Outcome.NFA() && f.End.Valid() {
					if f.End > last {
						last, nfa = f.End, nil
					}
					if f.End == last {
						nfa = append(nfa, f)
					}
				}
			}
			if len(nfa) > 0 { // record 3, once per outcome
				o := nfa[0].Outcome
				if len(nfa) > 1 {
					o = OutcomeNFAOther
				}
				if slices.Contains(r3, o.String()) {
					continue
				}
				r3 = append(r3, o.String())
				m := ascof2AMapping(o)
				tl.add(code, "2A", "Total", ascof2AInNumerator(m), ascof2AInDenominator(m))
				continue
			}
			// record 4: the ST-Max's own outcome ("Service ended as
			// planned" mapped with the hyphen, in no list)
			m := ascof2AMapping(e.Outcome)
			tl.add(code, "2A", "Total", e.Outcome.NFA() && ascof2AInNumerator(m), e.Outcome.NFA() && ascof2AInDenominator(m))
		}
	}
	res, err := ASCOF2A(x.d, p, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Cohort != cohort {
		t.Errorf("cohort %d, truth %d", res.Cohort, cohort)
	}
	tl.check(t, &res.ASCOFTable)
	if r := res.Row("", "2A", "Total"); r.Denominator < 50 || r.Numerator == 0 {
		t.Errorf("a thin check: %+v (cohort %d)", r, cohort)
	}
}
