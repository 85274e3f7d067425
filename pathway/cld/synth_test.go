package cld

import (
	"bytes"
	"errors"
	"testing"
)

// synthAll runs Synthesize and collects its truth.
func synthAll(t testing.TB, opt SynthOptions) ([]byte, *SynthSummary, []TruthPerson, []TruthRow) {
	t.Helper()
	var buf bytes.Buffer
	var persons []TruthPerson
	var rows []TruthRow
	sum, err := Synthesize(&buf, opt, &SynthTruth{
		Row: func(r *TruthRow) { rows = append(rows, *r) },
		Person: func(p *TruthPerson) {
			q := *p
			q.Events = append([]TruthEvent(nil), p.Events...)
			q.Requests = append([]TruthRequest(nil), p.Requests...)
			persons = append(persons, q)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), sum, persons, rows
}

func TestSynthDeterministic(t *testing.T) {
	a, _, _, _ := synthAll(t, SynthOptions{Seed: 7, Persons: 200, Councils: 3})
	b, _, _, _ := synthAll(t, SynthOptions{Seed: 7, Persons: 200, Councils: 3})
	c, _, _, _ := synthAll(t, SynthOptions{Seed: 8, Persons: 200, Councils: 3})
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Fatal("same seed gave different files, or another seed the same")
	}
	// a person's rows do not depend on the others: persons 100–199 written
	// alone are the second half of the file (record ids apart)
	_, _, p1, _ := synthAll(t, SynthOptions{Seed: 7, Persons: 200, Councils: 3})
	_, _, p2, _ := synthAll(t, SynthOptions{Seed: 7, Persons: 100, First: 100, Councils: 3})
	var tail []TruthPerson
	for _, p := range p1 {
		if p.Index >= 100 {
			tail = append(tail, p)
		}
	}
	if len(tail) != len(p2) {
		t.Fatalf("%d persons, %d alone", len(tail), len(p2))
	}
	for k := range tail {
		if tail[k].Index != p2[k].Index || len(tail[k].Events) != len(p2[k].Events) || tail[k].Birth != p2[k].Birth {
			t.Fatalf("person %d differs when written alone", tail[k].Index)
		}
	}
	if _, err := Synthesize(&bytes.Buffer{}, SynthOptions{Invalid: 2}, nil); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("rate 2: %v", err)
	}
}

// TestSynthTruth reads a synthetic file back and checks it against the
// generator's truth: every row accepted, the person rule's outcome of
// every row, the latest-submission rule, the invalid and variant values,
// the ages at the boundaries, and the final edition of every event.
func TestSynthTruth(t *testing.T) {
	for _, layout := range []Layout{LayoutNHSE, LayoutCouncil} {
		t.Run(layout.String(), func(t *testing.T) {
			in, sum, persons, rows := synthAll(t, SynthOptions{Seed: 3, Persons: 3000, Councils: 3, Layout: layout})
			d, err := Read(bytes.NewReader(in), Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, d)
			if d.Report.Rejected != 0 || d.Len() != sum.Rows || len(rows) != sum.Rows || d.Layout != layout {
				t.Fatalf("%d rows written, %d read, %d rejected (%v)", sum.Rows, d.Len(), d.Report.Rejected, d.Report.Errors)
			}
			byIndex := map[int]*TruthPerson{}
			for k := range persons {
				byIndex[persons[k].Index] = &persons[k]
			}
			// the person rule, row by row
			want := PersonCounts{Rows: len(rows)}
			corrupt := map[List]int{}
			variants := map[List]int{}
			for i, tr := range rows {
				if int(d.Line[i]) != tr.Line {
					t.Fatalf("row %d on line %d, truth says %d", i, d.Line[i], tr.Line)
				}
				switch tr.Key {
				case KeyByNHS:
					want.ByNHS++
					if nhs, _ := d.PersonOf(d.Person[i]); d.Person[i] < 0 || nhs == 0 {
						t.Fatalf("line %d: truth keys by NHS number, got key %d", tr.Line, d.Person[i])
					}
				case KeyByLocal:
					want.ByLocal++
					if _, local := d.PersonOf(d.Person[i]); d.Person[i] < 0 || local == 0 {
						t.Fatalf("line %d: truth keys by local id, got key %d", tr.Line, d.Person[i])
					}
				case KeyRemovedSeenWithNHS:
					want.RemovedSeenWithNHS++
					if d.Person[i] != -1 {
						t.Fatalf("line %d: truth removes the row, got key %d", tr.Line, d.Person[i])
					}
				}
				if tr.HasCorrupt {
					if tr.Variant {
						variants[tr.Corrupt]++
					} else {
						corrupt[tr.Corrupt]++
					}
				}
				tp := byIndex[tr.Person]
				ev := tp.Events[tr.Event]
				if d.Start[i] != ev.Start || d.EventType[i] != ev.Type {
					t.Fatalf("line %d: %v %v, truth %v %v", tr.Line, d.EventType[i], d.Start[i], ev.Type, ev.Start)
				}
				s := sum.Submissions[tr.Submission]
				if s.Quarter == 4 && s.Latest {
					// the year-end return is the final edition
					if d.End[i] != ev.End || d.Outcome[i] != ev.Outcome || d.ServiceType[i] != ev.Service || d.Route[i] != ev.Route {
						t.Fatalf("line %d: final edition %v %v %v %v, truth %+v", tr.Line, d.End[i], d.Outcome[i], d.ServiceType[i], d.Route[i], ev)
					}
					if ev.Type == EventService && (ev.Delivery != DeliveryCommissioned || ev.Service.LongTerm()) && d.UnitCost[i] != ev.UnitCost {
						t.Fatalf("line %d: cost %d, truth %d", tr.Line, d.UnitCost[i], ev.UnitCost)
					}
				}
				// the person's attributes, as the truth has them (a
				// corrupted field is invalid instead)
				bad := func(l List) bool { return tr.HasCorrupt && !tr.Variant && tr.Corrupt == l }
				wantPSR := tp.PSR
				if ev.Type == EventRequest {
					wantPSR = PSRBlank
				}
				if (d.Gender[i] != tp.Gender) != bad(ListGender) || (d.Ethnicity[i] != tp.Ethnicity) != bad(ListEthnicity) ||
					(d.Accommodation[i] != tp.Accommodation) != bad(ListAccommodationStatus) || d.PSR[i] != wantPSR ||
					d.Employment[i] != tp.Employment || d.UnpaidCarer[i] != tp.UnpaidCarer || d.ClientType[i] != tp.ClientType {
					t.Fatalf("line %d: %v %v %v %v %v %v %v, truth %v %v %v %v %v %v %v", tr.Line, d.Gender[i], d.Ethnicity[i],
						d.Accommodation[i], d.PSR[i], d.Employment[i], d.UnpaidCarer[i], d.ClientType[i], tp.Gender, tp.Ethnicity,
						tp.Accommodation, wantPSR, tp.Employment, tp.UnpaidCarer, tp.ClientType)
				}
				if a, ok := d.Age(i, sum.Period.End); !ok || a != tp.AgeAtEnd {
					t.Fatalf("line %d: age %d, truth %d", tr.Line, a, tp.AgeAtEnd)
				}
			}
			if got := d.PersonCounts(); got != want {
				t.Fatalf("person counts %+v, truth %+v", got, want)
			}
			q := d.Report.Quality
			for l, n := range corrupt {
				if got := q.Count("", l.String(), StatusInvalid); got != n {
					t.Errorf("%v: %d invalid, truth %d", l, got, n)
				}
			}
			for l, n := range variants {
				if got := q.Count("", l.String(), StatusVariant); got != n {
					t.Errorf("%v: %d variants, truth %d", l, got, n)
				}
			}
			// latest submission: exactly the rows of the latest year-end imports
			sel, err := d.LatestSubmissions(sum.Period, sum.Window)
			if err != nil {
				t.Fatal(err)
			}
			kept := 0
			for i, tr := range rows {
				s := sum.Submissions[tr.Submission]
				w := s.Quarter == 4 && s.Latest
				if w {
					kept++
				}
				if sel.Rows.Has(i) != w {
					t.Fatalf("line %d (quarter %d, latest %v): kept %v", tr.Line, s.Quarter, s.Latest, sel.Rows.Has(i))
				}
			}
			if sel.Kept != kept || sel.SetAside != len(rows)-kept {
				t.Fatalf("kept %d, set aside %d; truth %d", sel.Kept, sel.SetAside, kept)
			}
			// every event has its rows
			nrows := 0
			for _, p := range persons {
				for _, e := range p.Events {
					if e.Rows == 0 {
						t.Fatalf("person %d: an event with no row", p.Index)
					}
					nrows += e.Rows
				}
			}
			if nrows != len(rows) {
				t.Fatalf("events hold %d rows, %d written", nrows, len(rows))
			}
		})
	}
}

// TestSynthCoverage: a modest file exercises every rule the generator
// promises.
func TestSynthCoverage(t *testing.T) {
	_, sum, persons, rows := synthAll(t, SynthOptions{Seed: 11, Persons: 4000, Councils: 2})
	var c struct {
		existing, newReq, clusters, deaths, open, acrossEnd, boundary, noNHS, secondID, carers int
		kinds                                                                                  [SequelOutOfScope + 1]int
		multiService, resubmitted, removed, byLocal                                            int
	}
	ages := map[int]int{}
	for _, p := range persons {
		if p.Existing {
			c.existing++
		}
		if p.Death.Valid() {
			c.deaths++
		}
		if p.Boundary {
			c.boundary++
			ages[p.AgeAtEnd]++
		}
		if !p.HasNHS {
			c.noNHS++
		}
		if p.LocalIDs == 2 {
			c.secondID++
		}
		if p.ClientType == ClientCarer {
			c.carers++
		}
		for _, e := range p.Events {
			if !e.End.Valid() {
				c.open++
			}
			if e.Start < sum.Period.Start {
				c.acrossEnd++
			}
		}
		for _, r := range p.Requests {
			if r.NewClient {
				c.newReq++
			}
			if len(r.Events) > 1 {
				c.clusters++
			}
			c.kinds[r.Sequel]++
		}
		starts := map[Date]int{}
		for _, e := range p.Events {
			if e.Type == EventService {
				starts[e.Start]++
				if starts[e.Start] == 2 {
					c.multiService++
				}
			}
		}
	}
	for _, s := range sum.Submissions {
		if !s.Latest {
			c.resubmitted++
		}
	}
	for _, r := range rows {
		switch r.Key {
		case KeyRemovedSeenWithNHS:
			c.removed++
		case KeyByLocal:
			c.byLocal++
		}
	}
	t.Logf("%+v ages %v", c, ages)
	for name, n := range map[string]int{"existing clients": c.existing, "new clients' requests": c.newReq,
		"request clusters": c.clusters, "deaths": c.deaths, "open events": c.open, "events across the year start": c.acrossEnd,
		"boundary ages": c.boundary, "persons without NHS number": c.noNHS, "second local ids": c.secondID, "carers": c.carers,
		"several services on one day": c.multiService, "resubmissions": c.resubmitted, "rows removed by the person rule": c.removed,
		"rows keyed by local id": c.byLocal} {
		if n == 0 {
			t.Errorf("no %s", name)
		}
	}
	for k := SequelNoChronology; k <= SequelOutOfScope; k++ {
		if c.kinds[k] == 0 {
			t.Errorf("no request with sequel kind %d", k)
		}
	}
	for _, a := range []int{17, 18, 64, 65} {
		if ages[a] == 0 {
			t.Errorf("no boundary person aged %d", a)
		}
	}
}
