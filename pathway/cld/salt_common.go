package cld

import (
	"cmp"
	"slices"
	"time"
)

// SALTOptions configures the SALT measures. The zero value is the
// default: every submission window open, no import cut-off, the measures
// run after the period (open events end after it), the 12-month rule of
// LTS001c one year before the snapshot, and NHS England's code followed
// on blank routes and outcomes.
type SALTOptions struct {
	// Window is the submission window of the latest-submission rule
	// (LTS001a/b/c, LTS003, LTS004; see Data.LatestSubmissions). The
	// zero value has no bounds: each council's latest import covering
	// the period is used. For 2023/24 the code uses imports after
	// 2024-03-31 up to 2024-05-01.
	Window Window
	// ImportBy is the import cut-off of the latest-edition rule of
	// STS001, STS002a and STS002b: request and service rows imported
	// after this instant are left out (the code's
	// "ImportDate <= '2024-02-01'", which, as an instant, is midnight at
	// the start of that day). Zero: no cut-off. As in the code, rows of
	// assessments and reviews are not cut off.
	ImportBy time.Time
	// RunDate stands for the date the code takes from the clock
	// (GETDATE()): the end date it gives open requests (STS001), open
	// ST-Max events (STS002a/b) and open long-term services (LTS001c)
	// before clustering them. NoDate (the zero value): the run is after
	// every date in the data, so an open event never ends in the period.
	RunDate Date
	// ChainStartBefore is LTS001c's 12-month rule: a chain of long-term
	// support counts when it started before this date (the code's
	// "Chain_Start_Date < '2022-12-31'" for a 2023-12-31 snapshot).
	// NoDate: the snapshot date one year earlier (29 February gives
	// 28 February).
	ChainStartBefore Date
	// NullsAsValues compares a blank route of access or event outcome as
	// a value, as the principles intend. By default (false) the package
	// follows the code, whose joins on these columns never match a NULL:
	// a request cluster (STS001) whose last request has no route of
	// access is dropped; one whose last request has no outcome escapes
	// the existing-client test and is recorded both as "no chronology"
	// and, when later events exist, as "chronology not in scope" (and
	// with its sequel when one is found); likewise for an ST-Max episode
	// without outcome (STS002a), which STS002b never counts. The step logs
	// say how many records these joins added or removed.
	NullsAsValues bool
}

// openEnd returns the end date the code gives an event: its end, or the
// run date when it is open.
func (o *SALTOptions) openEnd(end Date) Date {
	if end.Valid() {
		return end
	}
	if o.RunDate.Valid() {
		return o.RunDate
	}
	return farFuture
}

// farFuture is later than every real date.
const farFuture = Date(1<<31 - 1)

// Step is one step of a measure: the rule applied and how many rows,
// clusters, records or people were there before and after it. A step
// that removes nothing is still listed, so that the log reads as the
// measure's recipe.
type Step struct {
	Rule   string `json:"rule"` // what the step keeps or does, in words
	Unit   string `json:"unit"` // what is counted: "rows", "request clusters", "people", …
	Before int    `json:"before"`
	After  int    `json:"after"`
}

// Removed is Before − After (negative when the step adds, as the code's
// joins on a blank outcome do).
func (s Step) Removed() int { return s.Before - s.After }

// steps accumulates a measure's step log.
type steps []Step

func (s *steps) add(rule, unit string, before, after int) {
	*s = append(*s, Step{Rule: rule, Unit: unit, Before: before, After: after})
}

// AgeBand is a SALT age band.
type AgeBand uint8

// Age bands. SALT tables show 18 to 64 and 65 and over; the code keeps
// younger clients in the measures that do not filter on age, and some
// measures keep clients whose age is unknown.
const (
	AgeUnknown AgeBand = iota
	AgeUnder18
	Age18To64
	Age65Plus
)

// BandOf returns the SALT age band of a derived age (AgeAt); ok false is
// an unknown age.
func BandOf(age int, ok bool) AgeBand {
	switch {
	case !ok:
		return AgeUnknown
	case age < 18:
		return AgeUnder18
	case age <= 64:
		return Age18To64
	}
	return Age65Plus
}

// String returns the band's label ("18 to 64").
func (b AgeBand) String() string {
	switch b {
	case AgeUnder18:
		return "Under 18"
	case Age18To64:
		return "18 to 64"
	case Age65Plus:
		return "65 and over"
	}
	return "Age unknown"
}

// importRanks returns, for each submission, the rank of its import time
// among all submissions (equal times, equal ranks; the zero time lowest)
// and whether it is within the cut-off by (zero: no cut-off).
func importRanks(d *Data, by time.Time) (rank []int32, ok []bool) {
	n := len(d.Submissions)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return d.Submissions[a].Import.Compare(d.Submissions[b].Import) })
	rank = make([]int32, n)
	ok = make([]bool, n)
	r := int32(0)
	for k, i := range idx {
		if k > 0 && !d.Submissions[i].Import.Equal(d.Submissions[idx[k-1]].Import) {
			r++
		}
		rank[i] = r
		t := d.Submissions[i].Import
		ok[i] = by.IsZero() || t.IsZero() || !t.After(by)
	}
	return rank, ok
}

// editions applies the code's "latest edition of each event" to one
// client's rows (in Clients order): a request is identified by its start
// date and route of access, a service by its start date, service type,
// component and delivery mechanism (the code's concatenated event ids,
// whose person part is the client). Of the rows of one request or service,
// those imported within the cut-off are kept, and of those only the rows
// of the latest import (every row of that import). Requests are
// de-duplicated only when requests is true (STS001; STS002a/b leave them
// alone). Other event types are kept whatever their import. The kept rows
// are appended to dst in their order; dropped counts the rows left out
// for being older editions and cut counts those imported after the
// cut-off.
func (e *editionScratch) editions(d *Data, rows []int32, requests bool, dst []int32) (out []int32, dropped, cut int) {
	out = dst
	dedup := func(i int32) bool {
		t := d.EventType[i]
		return t == EventService || (requests && t == EventRequest)
	}
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && d.Start[rows[hi]] == d.Start[rows[lo]] {
			hi++
		}
		// rows[lo:hi] start on the same day; drop[k] marks rows[lo+k]
		run := rows[lo:hi]
		e.drop = slices.Grow(e.drop[:0], len(run))[:len(run)]
		clear(e.drop)
		e.pos = e.pos[:0]
		for k, i := range run {
			if !dedup(i) {
				continue
			}
			if !e.ok[d.Submission[i]] {
				cut++
				e.drop[k] = true
				continue
			}
			e.pos = append(e.pos, int32(k))
		}
		if len(e.pos) > 1 {
			slices.SortFunc(e.pos, func(a, b int32) int {
				ia, ib := run[a], run[b]
				return cmp.Or(cmp.Compare(e.editionKey(d, ia), e.editionKey(d, ib)),
					cmp.Compare(e.rank[d.Submission[ib]], e.rank[d.Submission[ia]]))
			})
			// the first row of each event (its latest import) and the rows
			// of the same import are kept
			latest := int32(0)
			for k, p := range e.pos {
				i := run[p]
				if k == 0 || e.editionKey(d, run[e.pos[k-1]]) != e.editionKey(d, i) {
					latest = e.rank[d.Submission[i]]
					continue
				}
				if e.rank[d.Submission[i]] != latest {
					e.drop[p] = true
					dropped++
				}
			}
		}
		for k, i := range run {
			if !e.drop[k] {
				out = append(out, i)
			}
		}
		lo = hi
	}
	return out, dropped, cut
}

// editionScratch holds the import ranks and scratch space of editions.
type editionScratch struct {
	rank []int32
	ok   []bool
	pos  []int32
	drop []bool
}

func newEditionScratch(d *Data, by time.Time) *editionScratch {
	r, ok := importRanks(d, by)
	return &editionScratch{rank: r, ok: ok}
}

// editionKey packs what identifies an event of one client on one start
// date: its type and its route (requests) or service type, component and
// delivery mechanism (services).
func (e *editionScratch) editionKey(d *Data, i int32) uint32 {
	if d.EventType[i] == EventRequest {
		return uint32(EventRequest)<<24 | uint32(d.Route[i])
	}
	return uint32(d.EventType[i])<<24 | uint32(d.ServiceType[i])<<16 | uint32(d.Component[i])<<8 | uint32(d.Delivery[i])
}

// ltOpenAt reports whether one of rows (a client's events) carries a
// long-term service type and is open on day: it starts on or before day
// and ends on or after it, or is open (the code's test for an existing
// client; the event type is not checked, as in the code).
func ltOpenAt(d *Data, rows []int32, day Date) bool {
	for _, i := range rows {
		if d.Start[i] > day {
			break
		}
		if d.ServiceType[i].LongTerm() && (!d.End[i].Valid() || d.End[i] >= day) {
			return true
		}
	}
	return false
}
