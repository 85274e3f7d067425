package cld

import (
	"cmp"
	"math/bits"
	"slices"
)

// The measures group rows by client (a person at a council) in time
// order. A row's person key under the hybrid rule, whatever the set of
// rows the rule is applied to, is either its natural key (its NHS number,
// else its local id) or −1 (removed): keys are stable across sets. So the
// rows are grouped and sorted once, by natural key, council and time
// (Data.order, built on first use), and the clients of any set are a
// filter of that order: no measure sorts again.

// naturalKey returns the person key row i has when the person rule keeps
// it: its NHS number's, else its local id's; −1 without either.
func (d *Data) naturalKey(i int) int32 {
	if d.NHS[i] != 0 {
		return int32(d.NHS[i]) - 1
	}
	if d.Local[i] != 0 {
		return int32(len(d.NHSNumbers)-1) + int32(d.Local[i]) - 1
	}
	return -1
}

// order returns every row with a person id grouped by natural key and
// council, in time order (the Clients of the natural keys). It is built
// once, on first use, and shared (read-only) by every measure.
func (d *Data) order() *Clients {
	d.orderOnce.Do(func() { d.clientOrder = d.groupClients(d.naturalKey) })
	return d.clientOrder
}

// groupClients groups the rows with a key (key(i) ≥ 0) by key, then
// council, then time (start date; end date, open last; event type; line):
// a counting sort by key, then a sort of each key's rows by a packed
// 64-bit key of council, start, end and event type, stable in row (file,
// hence line) order.
func (d *Data) groupClients(key func(i int) int32) *Clients {
	n := d.Len()
	np := d.NumPersons()
	cnt := make([]int32, np+1)
	m := 0
	for i := range n {
		if k := key(i); k >= 0 {
			cnt[k+1]++
			m++
		}
	}
	for p := 1; p <= np; p++ {
		cnt[p] += cnt[p-1]
	}
	rows := make([]int32, m)
	{
		next := slices.Clone(cnt[:np])
		for i := range n {
			if k := key(i); k >= 0 {
				rows[next[k]] = int32(i)
				next[k]++
			}
		}
	}
	pk := newPacker(d)
	cl := &Clients{Rows: rows}
	var scratch []packed
	for p := range np {
		lo, hi := cnt[p], cnt[p+1]
		if lo == hi {
			continue
		}
		grp := rows[lo:hi]
		if len(grp) > 1 {
			scratch = pk.sort(d, grp, scratch)
		}
		for j := range grp {
			if j == 0 || d.Council(int(grp[j])) != d.Council(int(grp[j-1])) {
				cl.Council = append(cl.Council, d.Council(int(grp[j])))
				cl.Person = append(cl.Person, int32(p))
				cl.Off = append(cl.Off, lo+int32(j))
			}
		}
	}
	cl.Off = append(cl.Off, int32(m))
	cl.Council = slices.Clip(cl.Council)
	cl.Person = slices.Clip(cl.Person)
	return cl
}

// packer packs a row's council, start, end (open last) and event type
// into one uint64 that sorts as Clients orders rows; ok is false when the
// data's councils or dates do not fit, and rows are then compared field
// by field.
type packer struct {
	ok        bool
	lo        Date // earliest date
	w         uint // bits of a date
	open      uint64
	cShift    uint
	sShift    uint
	typeWidth uint
}

type packed struct {
	key uint64
	row int32
}

func newPacker(d *Data) *packer {
	lo, hi := Date(1<<31-1), Date(0)
	for i := range d.Len() {
		lo, hi = min(lo, d.Start[i]), max(hi, d.Start[i])
		if e := d.End[i]; e.Valid() {
			hi = max(hi, e)
		}
	}
	p := &packer{lo: lo, typeWidth: 3}
	if d.Len() == 0 {
		return p
	}
	p.w = uint(bits.Len64(uint64(hi-lo) + 1)) // one more value for open
	p.open = 1<<p.w - 1
	cw := uint(bits.Len(uint(len(d.Councils))))
	p.ok = cw+2*p.w+p.typeWidth <= 64
	p.sShift = p.w + p.typeWidth
	p.cShift = 2*p.w + p.typeWidth
	return p
}

func (p *packer) key(d *Data, i int32) uint64 {
	e := p.open
	if d.End[i].Valid() {
		e = uint64(d.End[i] - p.lo)
	}
	return uint64(d.Council(int(i)))<<p.cShift | uint64(d.Start[i]-p.lo)<<p.sShift | e<<p.typeWidth | uint64(d.EventType[i])
}

// sort sorts grp (rows in ascending order) by council and time, stable in
// row order; scratch is reused.
func (p *packer) sort(d *Data, grp []int32, scratch []packed) []packed {
	if !p.ok {
		slices.SortStableFunc(grp, func(a, b int32) int {
			return cmp.Or(cmp.Compare(d.Council(int(a)), d.Council(int(b))), d.compareTime(a, b))
		})
		return scratch
	}
	s := scratch[:0]
	for _, i := range grp {
		s = append(s, packed{p.key(d, i), i})
	}
	if len(s) <= 32 {
		// insertion sort: stable, and fast on short, nearly sorted runs
		for a := 1; a < len(s); a++ {
			x := s[a]
			b := a
			for b > 0 && s[b-1].key > x.key {
				s[b] = s[b-1]
				b--
			}
			s[b] = x
		}
	} else {
		slices.SortFunc(s, func(a, b packed) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.row, b.row)) })
	}
	for j := range s {
		grp[j] = s[j].row
	}
	return s
}

// personRule is the hybrid person rule applied to a set of rows: which
// local ids the set carries with an NHS number, and the counts.
type personRule struct {
	seen []uint64 // bit l: local id l is carried with an NHS number in the set
	PersonCounts
	base int32 // the first local-id key
}

// rule applies the hybrid person rule to the rows of set (nil: every
// row) without building a key per row.
func (d *Data) rule(set *RowSet) *personRule {
	r := &personRule{seen: make([]uint64, (len(d.LocalIDs)+63)/64), base: int32(len(d.NHSNumbers) - 1)}
	d.each(set, func(i int) {
		if d.NHS[i] != 0 && d.Local[i] != 0 {
			l := d.Local[i]
			r.seen[l>>6] |= 1 << (l & 63)
		}
	})
	d.each(set, func(i int) {
		r.Rows++
		switch {
		case d.NHS[i] != 0:
			r.ByNHS++
		case d.Local[i] != 0 && !r.seenLocal(d.Local[i]):
			r.ByLocal++
		case d.Local[i] != 0:
			r.RemovedSeenWithNHS++
		default:
			r.RemovedNoID++
		}
	})
	return r
}

func (r *personRule) seenLocal(l uint32) bool { return r.seen[l>>6]&(1<<(l&63)) != 0 }

// keeps reports whether the rule keeps the rows of natural key k: every
// NHS number's; a local id's unless the set carries it with an NHS number.
func (r *personRule) keeps(k int32) bool { return k < r.base || !r.seenLocal(uint32(k-r.base)+1) }

// clients returns the clients of the rows of set (nil: every row) that
// the rule keeps, from the order: their keys are their natural keys.
func (d *Data) clients(set *RowSet, r *personRule) *Clients {
	n := d.Len()
	if set != nil {
		n = r.Rows
	}
	return d.order().filter(r.keeps, func(i int32) bool { return set == nil || set.Has(int(i)) }, n)
}

// filter returns the clients of c whose person keepPerson keeps, with
// the rows keepRow keeps (clients left without rows are dropped); n is a
// guess at the number of rows kept.
func (c *Clients) filter(keepPerson func(k int32) bool, keepRow func(i int32) bool, n int) *Clients {
	out := &Clients{Rows: make([]int32, 0, n)}
	for k := range c.Len() {
		if !keepPerson(c.Person[k]) {
			continue
		}
		start := len(out.Rows)
		for _, i := range c.RowsOf(k) {
			if keepRow(i) {
				out.Rows = append(out.Rows, i)
			}
		}
		if len(out.Rows) > start {
			out.Council = append(out.Council, c.Council[k])
			out.Person = append(out.Person, c.Person[k])
			out.Off = append(out.Off, int32(start))
		}
	}
	out.Off = append(out.Off, int32(len(out.Rows)))
	return out
}

// keyedClients applies the person rule to set, logs its steps and returns
// the set's clients.
func (d *Data) keyedClients(set *RowSet, log *Steps) *Clients {
	r := d.rule(set)
	personSteps(log, r.PersonCounts)
	return d.clients(set, r)
}
