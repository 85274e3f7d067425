package cld

import (
	"testing"
)

// editionsByMap is an independent statement of the code's "latest edition
// of each event", over the whole file at once: each request and service
// of set with a key is identified by the code's concatenation (council,
// person, client type, type, start date, and route, or service type,
// component and delivery mechanism), the latest import of each identity
// among imports on or before the cut-off is found with a map, and a row
// is kept when its import is that one; other event types are kept when
// they have a key. It is the algorithm the package first used for
// Data.LatestEditions, kept here to check the per-client rule that every
// measure now shares.
func editionsByMap(d *Data, set *RowSet, keys []int32, by Date, kinds editionKinds) *RowSet {
	impMS := make([]int64, len(d.Submissions))
	inWindow := make([]bool, len(d.Submissions))
	for k, s := range d.Submissions {
		impMS[k] = s.Import.UnixMilli()
		inWindow[k] = Window{By: by}.in(s.Import)
	}
	type ident struct {
		council uint32
		key     int32
		client  ClientType
		typ     EventType
		start   Date
		route   RouteOfAccess
		st      ServiceType
		comp    ServiceComponent
		deliv   DeliveryMechanism
	}
	idOf := func(i int) ident {
		id := ident{council: d.Council(i), key: keys[i], client: d.ClientType[i], typ: d.EventType[i], start: d.Start[i]}
		switch id.typ {
		case EventRequest:
			id.route = d.Route[i]
		case EventService:
			id.st, id.comp, id.deliv = d.ServiceType[i], d.Component[i], d.Delivery[i]
		}
		return id
	}
	edition := func(i int) bool {
		switch d.EventType[i] {
		case EventRequest:
			return kinds&editRequests != 0
		case EventService:
			return kinds&editServices != 0
		}
		return kinds&editOthers != 0
	}
	in := func(i int) bool { return (set == nil || set.Has(i)) && keys[i] >= 0 }
	latest := map[ident]int64{}
	for i := range d.Len() {
		if in(i) && edition(i) && inWindow[d.Submission[i]] {
			id := idOf(i)
			if m, ok := latest[id]; !ok || impMS[d.Submission[i]] > m {
				latest[id] = impMS[d.Submission[i]]
			}
		}
	}
	out := NewRowSet(d.Len())
	for i := range d.Len() {
		if !in(i) {
			continue
		}
		if !edition(i) || (inWindow[d.Submission[i]] && latest[idOf(i)] == impMS[d.Submission[i]]) {
			out.Add(i)
		}
	}
	return out
}

// TestEditionsAgree: the per-client latest-edition rule every measure
// uses (and Data.LatestEditions) keeps exactly the rows of the whole-file
// reference, for the kinds of each measure, on every row and on
// STS001's rows with their person keys, with and without a cut-off
// between the third quarter's imports, on NHS England's view of a
// synthetic year with many resubmissions.
func TestEditionsAgree(t *testing.T) {
	x := acSynth(t, SynthOptions{Seed: 12, Persons: 3000, Councils: 3, Resubmit: 0.6})
	d := x.d
	var log Steps
	s1 := sts001Rows(d, x.sum.Period, &log)
	pk := d.Persons(s1)
	for _, by := range []Date{NoDate, acDay(2024, 1, 25)} {
		for _, c := range []struct {
			name  string
			set   *RowSet
			keys  []int32
			kinds editionKinds
		}{
			{"every row, requests and services", nil, d.Person, editRequests | editServices},
			{"STS001's rows", s1, pk.Key, editRequests | editServices},
			{"services (STS002a/b, 2A, 2B/2C)", nil, d.Person, editServices},
			{"every event (the waits)", nil, d.Person, editRequests | editServices | editOthers},
		} {
			want := editionsByMap(d, c.set, c.keys, by, c.kinds)
			in := make([]int32, d.Len())
			for i := range in {
				in[i] = -1
				if c.set == nil || c.set.Has(i) {
					in[i] = c.keys[i]
				}
			}
			cl := d.Clients(in)
			ed := newEditions(newImports(d, by), c.kinds)
			got := NewRowSet(d.Len())
			var st editionStats
			var rows []int32
			for k := range cl.Len() {
				rows = ed.latest(d, cl.RowsOf(k), rows[:0], &st)
				for _, i := range rows {
					got.Add(int(i))
				}
			}
			for i := range d.Len() {
				if got.Has(i) != want.Has(i) {
					t.Fatalf("%s, cut-off %v: line %d (%v %v) kept %v, reference %v", c.name, by, d.Line[i], d.EventType[i], d.Start[i],
						got.Has(i), want.Has(i))
				}
			}
			if st.older == 0 || (by.Valid() && st.late == 0) || got.Count() != want.Count() {
				t.Errorf("%s, cut-off %v: kept %d (reference %d); %d older editions, %d late", c.name, by, got.Count(), want.Count(), st.older, st.late)
			}
			if c.kinds == editRequests|editServices {
				sel := d.LatestEditions(c.set, c.keys, by)
				if sel.Kept != want.Count() || sel.Kept+sel.SetAside != c.set.countOr(d.Len()) {
					t.Errorf("%s, cut-off %v: LatestEditions kept %d, set aside %d; reference %d", c.name, by, sel.Kept, sel.SetAside, want.Count())
				}
				for i := range d.Len() {
					if sel.Rows.Has(i) != want.Has(i) {
						t.Fatalf("%s, cut-off %v: line %d LatestEditions %v, reference %v", c.name, by, d.Line[i], sel.Rows.Has(i), want.Has(i))
					}
				}
			}
		}
	}
}

// countOr is the set's count, or n for a nil set.
func (s *RowSet) countOr(n int) int {
	if s == nil {
		return n
	}
	return s.Count()
}
