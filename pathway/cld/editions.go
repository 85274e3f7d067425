package cld

import (
	"cmp"
	"slices"
)

// The replication code's "latest edition of each event": STS001, STS002a
// and STS002b, ASCOF 2A and 2B/2C and the waiting times read every import
// of the year (each council's cumulative quarterly returns, some imported
// twice), so one event is a row in every return it overlaps; the code
// keeps, of each event, the rows of its latest import among those up to
// the cut-off. An event is identified as the code's concatenations
// identify it: council, person, client type and start date, and a
// request's route of access or a service's type, component and delivery
// mechanism (the waiting times also take assessments and reviews, by
// their type and start date). The rows of one client (Clients order)
// with one start date hold every edition of its events, so the rule is
// applied client by client, a start date at a time.

// imports ranks the imports of a Data: rank[s] orders submission s's
// import instant among all (equal instants share a rank; an unknown
// import, the council layout's, ranks lowest) and late[s] says whether
// its calendar date is after the cut-off (never for an unknown import, or
// without a cut-off).
type imports struct {
	rank []int32
	late []bool
}

// newImports ranks d's imports for the cut-off by (NoDate: none), the
// calendar date of the last import read (MeasureOptions.ImportBy).
func newImports(d *Data, by Date) *imports {
	n := len(d.Submissions)
	x := &imports{rank: make([]int32, n), late: make([]bool, n)}
	order := make([]int, n)
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return d.Submissions[a].Import.Compare(d.Submissions[b].Import) })
	r := int32(0)
	for j, k := range order {
		if j > 0 && !d.Submissions[k].Import.Equal(d.Submissions[order[j-1]].Import) {
			r++
		}
		x.rank[k] = r
		x.late[k] = !(Window{By: by}).in(d.Submissions[k].Import)
	}
	return x
}

// editionKinds says which event types the latest-edition rule reduces to
// their latest edition; the others are kept from every import.
type editionKinds uint8

const (
	editRequests editionKinds = 1 << iota // requests (STS001, 2A's STS001 part, the waits)
	editServices                          // services (every measure using the rule)
	editOthers                            // assessments and reviews (the waits only)
)

// editionStats counts the rows the rule set aside.
type editionStats struct {
	older int // rows of an event that a later import (up to the cut-off) also has
	late  int // rows of imports after the cut-off
}

// editions applies the latest-edition rule for one set of kinds; its
// scratch space makes it for one goroutine.
type editions struct {
	*imports
	kinds editionKinds
	pos   []int32
	drop  []bool
}

func newEditions(x *imports, kinds editionKinds) *editions {
	return &editions{imports: x, kinds: kinds}
}

// is reports whether row i's event type is reduced to its latest edition.
func (e *editions) is(d *Data, i int32) bool {
	switch d.EventType[i] {
	case EventRequest:
		return e.kinds&editRequests != 0
	case EventService:
		return e.kinds&editServices != 0
	}
	return e.kinds&editOthers != 0
}

// editionKey packs what identifies an event of one client on one start
// date: its type and client type, and a request's route of access or a
// service's type, component and delivery mechanism.
func editionKey(d *Data, i int32) uint64 {
	k := uint64(d.EventType[i])<<40 | uint64(d.ClientType[i])<<32
	switch d.EventType[i] {
	case EventRequest:
		k |= uint64(d.Route[i])
	case EventService:
		k |= uint64(d.ServiceType[i])<<16 | uint64(d.Component[i])<<8 | uint64(d.Delivery[i])
	}
	return k
}

// latest appends to dst the rows of one client (in Clients order) that
// the rule keeps, in their order: of the rows of one event, those of its
// latest import up to the cut-off (all of them when that import has
// several: the code ranks with DENSE_RANK); rows of other kinds whatever
// their import. st counts what is set aside.
func (e *editions) latest(d *Data, rows []int32, dst []int32, st *editionStats) []int32 {
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && d.Start[rows[hi]] == d.Start[rows[lo]] {
			hi++
		}
		run := rows[lo:hi]
		lo = hi
		if len(run) == 1 {
			i := run[0]
			if e.is(d, i) && e.late[d.Submission[i]] {
				st.late++
				continue
			}
			dst = append(dst, i)
			continue
		}
		e.drop = slices.Grow(e.drop[:0], len(run))[:len(run)]
		clear(e.drop)
		e.pos = e.pos[:0]
		for k, i := range run {
			if !e.is(d, i) {
				continue
			}
			if e.late[d.Submission[i]] {
				st.late++
				e.drop[k] = true
				continue
			}
			e.pos = append(e.pos, int32(k))
		}
		if len(e.pos) > 1 {
			slices.SortFunc(e.pos, func(a, b int32) int {
				ia, ib := run[a], run[b]
				return cmp.Or(cmp.Compare(editionKey(d, ia), editionKey(d, ib)),
					cmp.Compare(e.rank[d.Submission[ib]], e.rank[d.Submission[ia]]))
			})
			// the first row of each event is of its latest import; rows of
			// other imports are older editions
			var top int32
			var key uint64
			for k, p := range e.pos {
				i := run[p]
				if ki := editionKey(d, i); k == 0 || ki != key {
					key, top = ki, e.rank[d.Submission[i]]
					continue
				}
				if e.rank[d.Submission[i]] != top {
					e.drop[p] = true
					st.older++
				}
			}
		}
		for k, i := range run {
			if !e.drop[k] {
				dst = append(dst, i)
			}
		}
	}
	return dst
}

// logTo logs the rule's two steps over rows rows.
func (st *editionStats) logTo(log *Steps, what string, rows int) {
	log.add("latest edition of each "+what+": rows imported after the cut-off left out", "rows", rows, rows-st.late)
	rows -= st.late
	log.add("latest edition of each "+what+": earlier imports of the same event left out", "rows", rows, rows-st.older)
}
