package cld

import (
	"time"
)

// Window is the submission window of NHS England's latest-submission
// rule: an import counts when it is after After (the code's
// "ImportDate > '2024-03-31'", an instant: a zero After means no lower
// bound) and its calendar date is on or before By (the code's
// "CONVERT(date, ImportDate) <= '2024-05-01'"; NoDate means no upper
// bound). Imports of unknown time (a council's file without ImportDate)
// are always in the window.
type Window struct {
	After time.Time
	By    Date
}

// in reports whether an import at t is in the window.
func (w Window) in(t time.Time) bool {
	if t.IsZero() {
		return true
	}
	if !w.After.IsZero() && !t.After(w.After) {
		return false
	}
	if w.By.Valid() {
		y, m, d := t.UTC().Date()
		if dayOf(y, m, d) > w.By {
			return false
		}
	}
	return true
}

func dayOf(y int, m time.Month, d int) Date { return ProxyBirth(y, m) + Date(d-1) }

// Selection is the outcome of the latest-submission rule: the rows kept
// and the rows set aside, with reasons.
type Selection struct {
	Period Period
	Window Window
	// Rows is the set of rows kept.
	Rows *RowSet
	// Kept and SetAside count rows; Kept + SetAside is the number of rows
	// considered (Data.Len(), or the set given to LatestEditions).
	Kept, SetAside int
	// SetAsideRows lists the rows set aside, in file order.
	SetAsideRows []int32
	// Councils says, for each council of the Data (by index), which import
	// was chosen.
	Councils []CouncilChoice
}

// CouncilChoice is the latest-submission rule's outcome for one council.
type CouncilChoice struct {
	// Chosen says whether a submission covering the period was found in
	// the window; Import is its import time (zero when unknown).
	Chosen bool
	Import time.Time
	// Kept counts the council's rows kept; SetAside its rows in other
	// imports (older, newer outside the window, or not covering the
	// period), or all its rows when nothing was chosen.
	Kept, SetAside int
}

// LatestSubmissions applies NHS England's "latest submission" rule for a
// period of interest: for each council, group its rows by import (the
// ImportDate instant); an import qualifies when its reporting periods,
// taken together (earliest start, latest end), cover the period — start on
// or before p.Start and end on or after p.End — and it is in the window;
// the latest qualifying import is chosen and its rows kept. Every other
// row of the council is set aside, as are all rows of a council without a
// qualifying import. The code applies this to LTS001a/b/c, LTS003,
// LTS004, ASCOF 2E and 3D; STS001, STS002a/b, ASCOF 2A and 2B/2C instead
// keep the latest edition of each event across all submissions.
func (d *Data) LatestSubmissions(p Period, w Window) (*Selection, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if w.By.Valid() && !w.After.IsZero() && dayOf(w.After.UTC().Date()) > w.By {
		return nil, errorf(ErrInvalidOptions, "window after %v ends %v", w.After, w.By)
	}
	return d.latestSubmissions(p, w), nil
}

// latestSubmissions is LatestSubmissions for a valid period and window.
func (d *Data) latestSubmissions(p Period, w Window) *Selection {
	type imp struct {
		council uint32
		t       time.Time
	}
	type span struct{ start, end Date }
	spans := map[imp]span{}
	for _, s := range d.Submissions {
		k := imp{s.Council, s.Import}
		sp, ok := spans[k]
		if !ok {
			sp = span{s.PeriodStart, s.PeriodEnd}
		}
		sp.start, sp.end = min(sp.start, s.PeriodStart), max(sp.end, s.PeriodEnd)
		spans[k] = sp
	}
	sel := &Selection{Period: p, Window: w, Rows: NewRowSet(d.Len()), Councils: make([]CouncilChoice, len(d.Councils))}
	for k, sp := range spans {
		if sp.start > p.Start || sp.end < p.End || !w.in(k.t) {
			continue
		}
		c := &sel.Councils[k.council]
		if !c.Chosen || c.Import.Before(k.t) {
			c.Chosen, c.Import = true, k.t
		}
	}
	keep := make([]bool, len(d.Submissions))
	for i, s := range d.Submissions {
		c := &sel.Councils[s.Council]
		keep[i] = c.Chosen && c.Import.Equal(s.Import)
		if keep[i] {
			sel.Kept += s.Rows
		}
	}
	sel.SetAside = d.Len() - sel.Kept
	sel.SetAsideRows = make([]int32, 0, sel.SetAside)
	for i := range d.Len() {
		s := d.Submission[i]
		c := &sel.Councils[d.Submissions[s].Council]
		if keep[s] {
			sel.Rows.Add(i)
			c.Kept++
		} else {
			c.SetAside++
			sel.SetAsideRows = append(sel.SetAsideRows, int32(i))
		}
	}
	return sel
}

// LatestPerPeriod applies the file-level reading of "latest submission
// per council per period": for each council and reporting period, the
// rows of its latest import are kept and the rows of earlier imports
// (Submission.SupersededBy ≥ 0) are set aside and listed. Period and
// Window of the result are zero; Councils[c].Chosen says whether the
// council has rows, and Import is the latest import among its periods.
func (d *Data) LatestPerPeriod() *Selection {
	sel := &Selection{Rows: NewRowSet(d.Len()), Councils: make([]CouncilChoice, len(d.Councils))}
	for _, s := range d.Submissions {
		c := &sel.Councils[s.Council]
		if s.SupersededBy < 0 && (!c.Chosen || c.Import.Before(s.Import)) {
			c.Chosen, c.Import = true, s.Import
		}
	}
	for i := range d.Len() {
		s := &d.Submissions[d.Submission[i]]
		c := &sel.Councils[s.Council]
		if s.SupersededBy < 0 {
			sel.Rows.Add(i)
			sel.Kept++
			c.Kept++
		} else {
			sel.SetAside++
			c.SetAside++
			sel.SetAsideRows = append(sel.SetAsideRows, int32(i))
		}
	}
	return sel
}

// LatestEditions applies the replication code's "latest edition of each
// event" (STS001, STS002a, ASCOF 2A and 2B/2C, which use every import
// rather than one submission): of the requests and services in set
// (nil: every row) with a person key (keys, nil meaning Data.Person), it
// keeps the rows of the latest import of each event, an event being
// identified as the code's concatenations do — requests by council,
// person, client type, start date and route of access; services by
// council, person, client type, start date, service type, component and
// delivery mechanism — among imports whose calendar date is on or before
// by (NoDate: no limit). Several rows of that latest import are all kept
// (the code ranks with DENSE_RANK). Rows of earlier imports, of imports
// after by and rows without a key are set aside and listed. Assessments
// and reviews are kept whatever their import, as the code keeps them.
// Period and Window of the result are zero.
func (d *Data) LatestEditions(set *RowSet, keys []int32, by Date) *Selection {
	if keys == nil {
		keys = d.Person
	}
	in := keys
	if set != nil {
		in = make([]int32, d.Len())
		for i := range in {
			in[i] = -1
			if set.Has(i) {
				in[i] = keys[i]
			}
		}
	}
	cl := d.Clients(in)
	ed := newEditions(newImports(d, by), editRequests|editServices)
	sel := &Selection{Rows: NewRowSet(d.Len()), Councils: make([]CouncilChoice, len(d.Councils))}
	var kept []int32
	var st editionStats
	for c := range cl.Len() {
		kept = ed.latest(d, cl.RowsOf(c), kept[:0], &st)
		for _, i := range kept {
			sel.Rows.Add(int(i))
		}
	}
	d.each(set, func(i int) {
		c := &sel.Councils[d.Council(i)]
		if sel.Rows.Has(i) {
			sel.Kept++
			c.Kept++
			c.Chosen = true
		} else {
			sel.SetAside++
			c.SetAside++
			sel.SetAsideRows = append(sel.SetAsideRows, int32(i))
		}
	})
	return sel
}
