package cld

import (
	"cmp"
)

// PersonCounts says how the hybrid person rule keyed a set of rows:
// Rows = ByNHS + ByLocal + RemovedSeenWithNHS + RemovedNoID.
type PersonCounts struct {
	Rows int
	// ByNHS rows carry an NHS number and are keyed by it.
	ByNHS int
	// ByLocal rows carry only a local id not seen with an NHS number in
	// the set, and are keyed by it.
	ByLocal int
	// RemovedSeenWithNHS rows carry only a local id that another row of
	// the set carries with an NHS number: they cannot be given to that
	// person with certainty, nor counted apart without double counting.
	RemovedSeenWithNHS int
	// RemovedNoID rows carry neither identifier.
	RemovedNoID int
}

// PersonKeys is the hybrid person rule applied to a set of rows.
type PersonKeys struct {
	PersonCounts
	// Key holds, for every row of the Data (not only the set), the row's
	// person key, or −1 when the row is outside the set or removed. Keys
	// are stable across sets: person k < len(NHSNumbers)−1 is NHS number
	// k+1; the others are local ids (see Data.PersonOf).
	Key []int32
	// Removed lists the removed rows of the set, in file order.
	Removed []int32
}

// Persons applies the principles' hybrid person identifier to the rows in
// set (every row when set is nil), as NHS England's code does within a
// measure's filtered rows:
//
//  1. a row with an NHS number is that person's;
//  2. a row with only a local id is keyed by the local id when no row of
//     the set carries that local id with an NHS number;
//  3. otherwise (the local id was seen with an NHS number, or there is no
//     id at all) the row is removed.
//
// Local ids are compared within their council; NHS numbers across
// councils (see "Where the principles and the replication code differ").
// Data.Person holds the rule applied to every row of the file; measures
// that filter first should call Persons on their own rows, as the keys
// depend on which rows are in the set.
func (d *Data) Persons(set *RowSet) *PersonKeys {
	r := d.rule(set)
	pk := &PersonKeys{PersonCounts: r.PersonCounts, Key: make([]int32, d.Len())}
	for i := range d.Len() {
		pk.Key[i] = -1
		if set != nil && !set.Has(i) {
			continue
		}
		if k := d.naturalKey(i); k >= 0 && r.keeps(k) {
			pk.Key[i] = k
		} else {
			pk.Removed = append(pk.Removed, int32(i))
		}
	}
	return pk
}

// NumPersons returns the number of possible person keys (keys are in
// [0, NumPersons)).
func (d *Data) NumPersons() int { return len(d.NHSNumbers) - 1 + len(d.LocalIDs) - 1 }

// PersonOf returns the identifier behind person key k: the index of its
// NHS number in NHSNumbers (then local is 0) or of its local id in
// LocalIDs (then nhs is 0).
func (d *Data) PersonOf(k int32) (nhs, local uint32) {
	base := int32(len(d.NHSNumbers) - 1)
	if k < base {
		return uint32(k) + 1, 0
	}
	return 0, uint32(k-base) + 1
}

// PersonCounts returns the file-wide person rule's counts (those of
// Data.Person).
func (d *Data) PersonCounts() PersonCounts { return d.persons.PersonCounts }

// Clients groups rows by client: one person (a person key) at one
// council, the unit NHS England's measures count. Rows of a client are
// in time order: event start date, then end date (open events last),
// then event type (request, assessment, service, review), then line.
type Clients struct {
	Council []uint32 // council of client c
	Person  []int32  // person key of client c
	// Off and Rows: the rows of client c are Rows[Off[c]:Off[c+1]].
	Off  []int32
	Rows []int32
}

// Len returns the number of clients.
func (c *Clients) Len() int { return len(c.Person) }

// RowsOf returns the rows of client k (a slice of c.Rows; do not modify).
func (c *Clients) RowsOf(k int) []int32 { return c.Rows[c.Off[k]:c.Off[k+1]] }

// Clients groups the rows that have a key (key ≥ 0) by council and person
// key. keys is a PersonKeys.Key (nil means Data.Person). Clients are
// ordered by person key, then council. Keys from Persons (any set) are a
// filter of one order of the whole file, sorted once and kept with the
// Data; other keys are grouped and sorted afresh.
func (d *Data) Clients(keys []int32) *Clients {
	if keys == nil {
		keys = d.Person
	}
	natural := true
	for i, k := range keys {
		if k >= 0 && k != d.naturalKey(i) {
			natural = false
			break
		}
	}
	if !natural {
		return d.groupClients(func(i int) int32 { return keys[i] })
	}
	all := func(int32) bool { return true }
	return d.order().filter(all, func(i int32) bool { return keys[i] >= 0 }, 0)
}

// compareTime orders two rows by start date, end date (open last), event
// type and line.
func (d *Data) compareTime(a, b int32) int {
	ea, eb := d.End[a], d.End[b]
	if !ea.Valid() {
		ea = 1<<31 - 1
	}
	if !eb.Valid() {
		eb = 1<<31 - 1
	}
	return cmp.Or(cmp.Compare(d.Start[a], d.Start[b]), cmp.Compare(ea, eb),
		cmp.Compare(d.EventType[a], d.EventType[b]), cmp.Compare(d.Line[a], d.Line[b]))
}

// Council returns the council index of row i.
func (d *Data) Council(i int) uint32 { return d.Submissions[d.Submission[i]].Council }
