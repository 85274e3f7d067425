package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/pathway"
)

// The pathway stage joins events, services and finance (pathway.Join),
// accounts for every record and keeps only what the report needs: the
// waits from assessment to service start and a few counts. The records and
// the join are then dropped.
//
// A synthetic county's pathway records are generated and joined in parts
// of persons, on every worker: each person's records depend only on the
// seed and the person (pathway.Synthesize), no id is shared between
// persons, and the join sorts persons by id, so joining the parts of
// consecutive persons one after the other gives what joining them all at
// once gives, in the same order, while holding only a few parts' records.
// Read records (-in) are joined at once.

// pathwayPart is one part's records and what the join made of them.
type pathwayPart struct {
	events   []pathway.Event
	services []pathway.Service
	tx       []pathway.Transaction

	// Per kind (events, services, finance): records, records left out
	// with the reason, records used.
	read     [3]int
	excluded [3]map[string]int
	used     [3]int

	// account says which kinds the part accounts for (all three but in
	// the finance join of read records, which accounts for finance only).
	account [3]bool
	// joined are the services joined (those dated after the extract date
	// left out) and personIDs the persons of the join, sorted, for the
	// finance join of read records.
	joined    []pathway.Service
	personIDs []string

	waits      []pathway.Wait // assessment end to service start, grouped by service type
	waitsOOO   int            // pathways whose service starts before their assessment ends
	pathways   int
	persons    int
	unknown    int // pathways of persons with no RAS assessment
	outOfOrder int // records with dates out of order (the join's issues)

	err error // making the part failed
}

var pathwayKinds = [3]string{kindEvents, kindServices, kindFinance}

// joinPart leaves out the records dated after the extract date, joins the
// rest and digests the join. It reads c (the persons) but writes nothing of
// c, so parts can be joined concurrently.
func (c *county) joinPart(pt *pathwayPart) error {
	for k := range pt.excluded {
		pt.excluded[k] = map[string]int{}
	}
	pt.read = [3]int{len(pt.events), len(pt.services), len(pt.tx)}
	events, services, tx := pt.events, pt.services, pt.tx
	if c.extract.Valid() {
		// An event after the extract date, a service starting after it, a
		// payment for a period starting after it cannot belong to the
		// extract.
		why := "dated after the extract date " + c.extract.String()
		after := func(k int, d pathway.Date) bool {
			if d.Valid() && d > c.extract {
				if pt.account[k] {
					pt.excluded[k][why]++
				}
				return true
			}
			return false
		}
		// The part's records are kept as they are (for -write-csv): the
		// join gets copies without the records left out, when any is.
		// keep returns the rows to keep, or nil when every row is kept; out
		// is called once per row.
		keep := func(n int, out func(i int) bool) []int {
			var rows []int
			for i := range n {
				switch left := out(i); {
				case left && rows == nil:
					rows = make([]int, i, n)
					for j := range rows {
						rows[j] = j
					}
				case !left && rows != nil:
					rows = append(rows, i)
				}
			}
			return rows
		}
		if rows := keep(len(events), func(i int) bool { return after(0, events[i].Date) }); rows != nil {
			events = pick(events, rows)
		}
		if rows := keep(len(services), func(i int) bool { return after(1, services[i].Start) }); rows != nil {
			services = pick(services, rows)
		}
		if rows := keep(len(tx), func(i int) bool { return after(2, tx[i].PeriodStart) }); rows != nil {
			tx = pick(tx, rows)
		}
	}
	j, err := pathway.Join(events, services, tx, pathway.JoinOptions{MatchEpisode: true})
	if err != nil {
		return err
	}
	for k, x := range []struct {
		disp   []pathway.Disposition
		source pathway.Source
	}{{j.EventDisposition, pathway.SourceEvents}, {j.ServiceDisposition, pathway.SourceServices}, {j.FinanceDisposition, pathway.SourceFinance}} {
		why := map[int]string{}
		for _, is := range j.Report.Issues {
			if is.Source == x.source && is.Kind != pathway.IssueOutOfOrder {
				why[is.Index] = issueReason(is)
			}
		}
		if !pt.account[k] {
			continue
		}
		for i, d := range x.disp {
			switch d {
			case pathway.Linked:
				pt.used[k]++
			default:
				r, ok := why[i]
				if !ok {
					r = d.String()
				}
				pt.excluded[k][r]++
			}
		}
	}
	for i := range j.Pathways {
		if _, ok := c.persons[j.Pathways[i].PersonID]; !ok {
			pt.unknown++
		}
	}
	pt.pathways, pt.persons = len(j.Pathways), j.Report.Persons
	for _, is := range j.Report.Issues {
		if is.Kind == pathway.IssueOutOfOrder && pt.account[is.Source] {
			pt.outOfOrder++
		}
	}
	pt.joined = services
	pt.personIDs = make([]string, len(j.Persons))
	for i := range j.Persons {
		pt.personIDs[i] = j.Persons[i].PersonID
	}
	pt.waits, pt.waitsOOO = j.Waits(pathway.StageAssessmentEnd, pathway.StageServiceStart, func(p *pathway.Pathway) string {
		if p.ServiceType == pathway.ServiceUnknown {
			return groupAwaiting
		}
		return p.ServiceType.String()
	})
	return nil
}

// issueReason is the reason of a join issue for the accounting: its kind
// and reason, without the line of the record it repeats ("duplicate:
// repeats the request event"), so that the records left out for one reason
// are counted together.
func issueReason(is pathway.Issue) string {
	r, _, _ := strings.Cut(is.Reason, " on line ")
	return is.Kind.String() + ": " + r
}

// pick returns the elements of s at rows.
func pick[T any](s []T, rows []int) []T {
	out := make([]T, len(rows))
	for k, i := range rows {
		out[k] = s[i]
	}
	return out
}

// addPart adds a joined part to the county: its records to -write-csv's
// files, its accounting (counting its records as read and accepted when
// counted is false: the readers count what they read), its waits.
func (c *county) addPart(pt *pathwayPart, counted bool) error {
	if c.pathwayCSV != nil {
		if err := c.pathwayCSV.write(pt); err != nil {
			return err
		}
	}
	for k, kind := range pathwayKinds {
		if !pt.account[k] {
			continue
		}
		a := c.acct[kind]
		if !counted {
			a.Read += pt.read[k]
			a.Accepted += pt.read[k]
		}
		a.Used += pt.used[k]
		for r, n := range pt.excluded[k] {
			a.Excluded[r] += n
		}
	}
	c.waits = append(c.waits, pt.waits...)
	c.waitsOOO += pt.waitsOOO
	c.pathways += pt.pathways
	c.joinPersons += pt.persons
	c.unknownPathways += pt.unknown
	c.joinOutOfOrder += pt.outOfOrder
	return nil
}

// pathwayPartPersons is how many persons' pathway records a synthetic part
// holds.
const pathwayPartPersons = 8192

// joinPathway runs the pathway stage: on the records read (one part), or on
// the synthetic county's persons (parts generated and joined on every
// worker, added in order).
func (c *county) joinPathway(ctx context.Context, p *progress) error {
	if c.synthetic {
		ids := c.pathwayIDs
		size := pathwayPartPersons
		if !increasing(ids) {
			size = max(1, len(ids)) // one part: the join's order of persons would not be that of the parts
		}
		parts := (len(ids) + size - 1) / size
		err := inOrder(ctx, workers(c.o.Workers), func(k int) *pathwayPart {
			if k >= parts {
				return nil
			}
			ps, err := pathway.Synthesize(ids[k*size:min((k+1)*size, len(ids))], c.synthOptions())
			if err != nil {
				return &pathwayPart{err: err}
			}
			pt := &pathwayPart{events: ps.Events, services: ps.Services, tx: ps.Transactions, account: [3]bool{true, true, true}}
			if err := c.joinPart(pt); err != nil {
				return &pathwayPart{err: err}
			}
			pt.joined, pt.personIDs = nil, nil
			if c.pathwayCSV == nil {
				pt.events, pt.services, pt.tx = nil, nil, nil // not needed any more
			}
			return pt
		}, func(k int, pt *pathwayPart) (bool, error) {
			if k >= parts {
				return false, nil
			}
			if pt.err != nil {
				return false, pt.err
			}
			return k+1 < parts, c.addPart(pt, false)
		})
		if err != nil {
			return err
		}
		c.pathwayIDs = nil
	} else {
		// Events and services first, then finance: a transaction's
		// disposition depends only on the services (its service by id and
		// person), and no event's or service's on the finance, so two joins
		// give what one would, without the events and the transactions in
		// memory together.
		pt := &pathwayPart{events: c.events, services: c.services, account: [3]bool{true, true, c.financeFile == ""}}
		c.events, c.services = nil, nil
		if err := c.joinPart(pt); err != nil {
			return err
		}
		if err := c.addPart(pt, true); err != nil {
			return err
		}
		if c.financeFile != "" {
			// The events go before the finance is read.
			joined, persons := pt.joined, pt.personIDs
			pt = nil
			if err := c.joinFinance(joined, persons); err != nil {
				return err
			}
		}
	}
	if c.pathwayCSV != nil {
		if err := c.pathwayCSV.close(); err != nil {
			return err
		}
		c.pathwayCSV = nil
	}
	if c.unknownPathways > 0 {
		c.acct[kindEvents].Notes = append(c.acct[kindEvents].Notes, report.Count(c.unknownPathways, "pathway belongs", "pathways belong")+" to persons with no RAS assessment (team unknown)")
	}
	if c.joinOutOfOrder > 0 {
		c.acct[kindServices].Notes = append(c.acct[kindServices].Notes, report.Count(c.joinOutOfOrder, "record", "records")+" with dates out of order (see the join's issues)")
	}
	verb := "joined"
	if c.synthetic {
		verb = "generated (pathway.Synthesize) and joined"
	}
	p.step(fmt.Sprintf("%s %d events, %d services, %d transactions: %d pathways of %d persons", verb,
		c.acct[kindEvents].Read, c.acct[kindServices].Read, c.acct[kindFinance].Read, c.pathways, c.joinPersons))
	return nil
}

// increasing reports whether ids are in strictly increasing order.
func increasing(ids []string) bool {
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			return false
		}
	}
	return true
}

// synthOptions are the options of the synthetic county's pathway.
func (c *county) synthOptions() pathway.SynthOptions {
	y, m, d := c.start.Time().Date()
	return pathway.SynthOptions{Seed: c.o.Seed, Start: pathway.NewDate(y, m, d), Months: 21}
}

// joinFinance reads the finance of read records and joins it to the
// services joined before (their persons sorted in persons): the finance's
// accounting, its records with dates out of order, and its persons not
// seen before.
func (c *county) joinFinance(services []pathway.Service, persons []string) error {
	a := c.acct[kindFinance]
	var tx []pathway.Transaction
	err := c.readFinance(func(t []pathway.Transaction, rep *pathway.ReadReport, lineOffset, rows int) error {
		for i := range t {
			t[i].Line += lineOffset
		}
		if tx == nil {
			tx = make([]pathway.Transaction, 0, max(rows, len(t)))
		}
		tx = append(tx, t...)
		a.Read += rep.Rows
		a.Accepted += rep.Accepted
		for _, e := range rep.Rejected {
			a.reject(e.Line+lineOffset, e.Field, e.Err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	pt := &pathwayPart{services: services, tx: tx, account: [3]bool{false, false, true}}
	if err := c.joinPart(pt); err != nil {
		return err
	}
	pt.services = nil // written with the events
	pt.persons = 0
	others := map[string]bool{}
	for i := range tx {
		id := tx[i].PersonID
		if _, found := slices.BinarySearch(persons, id); !found && !others[id] {
			others[id] = true
			pt.persons++
		}
	}
	return c.addPart(pt, true)
}
