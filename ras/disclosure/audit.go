package disclosure

import (
	"container/heap"
	"math/bits"
	"slices"
)

// The audit. The line-by-line rule leaves no line with exactly one
// hidden count, but lines taken together can still give a hidden count
// away: with x + y, y + z and x + z each known from a line (two hidden
// counts in each), x = ((x + y) − (y + z) + (x + z)) / 2. SuppressLines
// therefore audits its result: it finds every hidden count that the
// shown counts determine through all the lines together, by exact
// elimination, and hides one more count of an equation that determines
// it, until no primary count is determined.
//
// The elimination is Gauss–Jordan over the integers modulo the prime
// p = 2^61 − 1 on the lines' equations (each cell +1, a total that is a
// count −1), pivoting on hidden counts only and carrying the shown counts
// along, so that the row of a determined count x reads x + Σ c_s·s =
// constant, the s shown with c_s ≠ 0: the shown counts that determine it.
// Ranks modulo p are those over the rationals unless p divides one of the
// minors the elimination meets, a chance of the order of the number of
// counts divided by p (p is about 2.3·10^18) for any one set of
// equations; the tests check the results against elimination over the
// rationals.
const prime = 1<<61 - 1

func addMod(a, b uint64) uint64 {
	s := a + b
	if s >= prime {
		s -= prime
	}
	return s
}

func mulMod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	r := lo&prime + (lo>>61 | hi<<3)
	for r >= prime {
		r -= prime
	}
	return r
}

func invMod(a uint64) uint64 {
	r, e := uint64(1), uint64(prime-2)
	for e > 0 {
		if e&1 == 1 {
			r = mulMod(r, a)
		}
		a = mulMod(a, a)
		e >>= 1
	}
	return r
}

// rowHeap orders rows by their number of hidden entries (fewest first,
// then lowest index), lazily: an entry whose key is out of date is
// skipped when popped.
type rowHeap [][2]int // {hidden entries, row}

func (h rowHeap) Len() int { return len(h) }
func (h rowHeap) Less(i, j int) bool {
	return h[i][0] < h[j][0] || (h[i][0] == h[j][0] && h[i][1] < h[j][1])
}
func (h rowHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *rowHeap) Push(x any)   { *h = append(*h, x.([2]int)) }
func (h *rowHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// determined returns every hidden count that the shown counts determine
// through the lines together, each with the shown counts of an equation
// that determines it (in index order; none when it is determined however
// many counts are hidden, as a cell alone in a line whose total is
// published outright); and residual, the shown counts that equations
// among shown counts alone involve (what is left of the lines once the
// hidden counts are eliminated). Hiding a shown count s of the equation
// of x leaves x undetermined exactly when s is not in residual: an
// equation that determined x after s is hidden would be that of x plus a
// multiple of one among shown counts, which must then involve s. The
// lines must be valid for n counts.
func determined(n int, lines []Line, status []Status) (det map[int][]int, residual []bool) {
	return eliminate(n, lines, func(c int32) bool { return status[c].Hidden() }, true)
}

// eliminate is determined with the unknown counts given by unknown; with
// carry false it leaves the known counts out of the elimination (which is
// then much faster) and returns the determined counts without their
// equations, and no residual.
func eliminate(n int, lines []Line, unknown func(c int32) bool, carry bool) (det map[int][]int, residual []bool) {
	if carry {
		residual = make([]bool, n)
	}
	var rows [][]entry
	var nh []int // hidden entries of each row
	cols := make([][]int32, n)
	var r []entry
	for _, ln := range lines {
		r = r[:0]
		for _, c := range ln.Cells {
			r = append(r, entry{int32(c), 1})
		}
		if ln.Total >= 0 {
			r = append(r, entry{int32(ln.Total), prime - 1})
		}
		slices.SortFunc(r, func(a, b entry) int { return int(a.c - b.c) })
		// merge repeated counts, drop zeros
		row := make([]entry, 0, len(r))
		h := 0
		for _, e := range r {
			if len(row) > 0 && row[len(row)-1].c == e.c {
				row[len(row)-1].v = addMod(row[len(row)-1].v, e.v)
				continue
			}
			row = append(row, e)
		}
		row = slices.DeleteFunc(row, func(e entry) bool { return e.v == 0 || (!carry && !unknown(e.c)) })
		for _, e := range row {
			if unknown(e.c) {
				h++
			}
		}
		if h == 0 {
			// an equation among known counts alone
			for _, e := range row {
				if carry {
					residual[e.c] = true
				}
			}
			continue
		}
		k := int32(len(rows))
		rows, nh = append(rows, row), append(nh, h)
		for _, e := range row {
			if unknown(e.c) {
				cols[e.c] = append(cols[e.c], k)
			}
		}
	}
	used := make([]bool, len(rows))
	hp := make(rowHeap, len(rows))
	for k := range rows {
		hp[k] = [2]int{nh[k], k}
	}
	heap.Init(&hp)
	pivot := map[int]int{} // hidden count → its row
	var buf []entry
	for hp.Len() > 0 {
		top := heap.Pop(&hp).([2]int)
		k := top[1]
		if used[k] || nh[k] == 0 || top[0] != nh[k] {
			continue
		}
		used[k] = true
		pr := rows[k]
		// the pivot: the row's hidden count in fewest rows
		pc := int32(-1)
		var pv uint64
		for _, e := range pr {
			if unknown(e.c) && (pc < 0 || len(cols[e.c]) < len(cols[pc])) {
				pc, pv = e.c, e.v
			}
		}
		if inv := invMod(pv); inv != 1 {
			for i := range pr {
				pr[i].v = mulMod(pr[i].v, inv)
			}
		}
		pivot[int(pc)] = k
		// cols[pc] may hold rows that no longer have pc, or a row twice:
		// each is looked up
		for _, o32 := range slices.Clone(cols[pc]) {
			o := int(o32)
			if o == k {
				continue
			}
			ro := rows[o]
			i, ok := slices.BinarySearchFunc(ro, pc, func(e entry, c int32) int { return int(e.c - c) })
			if !ok {
				continue
			}
			f := prime - ro[i].v // subtract ro[pc] × the pivot row
			buf = buf[:0]
			a, b := 0, 0
			for a < len(ro) || b < len(pr) {
				switch {
				case b == len(pr) || (a < len(ro) && ro[a].c < pr[b].c):
					buf = append(buf, ro[a])
					a++
				case a == len(ro) || pr[b].c < ro[a].c:
					c := pr[b].c
					buf = append(buf, entry{c, mulMod(f, pr[b].v)})
					if unknown(c) {
						nh[o]++
						cols[c] = append(cols[c], int32(o))
					}
					b++
				default:
					c := ro[a].c
					if v := addMod(ro[a].v, mulMod(f, pr[b].v)); v != 0 {
						buf = append(buf, entry{c, v})
					} else if unknown(c) {
						nh[o]--
					}
					a++
					b++
				}
			}
			rows[o] = append(ro[:0], buf...)
			if !used[o] && nh[o] > 0 {
				heap.Push(&hp, [2]int{nh[o], o})
			}
		}
		cols[pc] = cols[pc][:0]
		cols[pc] = append(cols[pc], int32(k))
	}
	det = map[int][]int{}
	for k, row := range rows {
		if nh[k] == 0 && carry {
			for _, e := range row {
				residual[e.c] = true
			}
		}
	}
	for x, k := range pivot {
		if nh[k] != 1 {
			continue
		}
		if !carry {
			det[x] = nil
			continue
		}
		eq := make([]int, 0, len(rows[k])-1)
		for _, e := range rows[k] {
			if int(e.c) != x {
				eq = append(eq, int(e.c))
			}
		}
		det[x] = eq
	}
	return det, residual
}

// entry is a count's coefficient in an equation.
type entry struct {
	c int32
	v uint64
}

// audit hides more counts until no primary count is determined by the
// lines together (see the package documentation). In each round it
// applies the line-by-line rule, finds the primary counts the shown ones
// determine, and for each hides one shown count of an equation that
// determines it: one whose hiding leaves the count undetermined, if there
// is one (a shown count that no equation among shown counts alone
// involves), the smallest non-zero such count, lowest index on ties,
// else the first zero; and if there is none, the same choice among all
// the shown counts of the equation, leaving the rest to the next round.
// A count whose equation another hiding of the round has already broken
// waits for the next round. A count determined however many counts are
// hidden (a cell alone in a line whose total is published outright, or
// a count that lines which contradict each other force to be zero) is
// left as it is: hiding more would not help. Secondary counts are not
// small: that one is determined only says that it need not have been
// hidden. Each round hides a count or ends the audit, so it ends.
func (l *List) audit(lines []Line, members [][]int) {
	n := len(l.Counts)
	var structural map[int][]int // counts determined with every count hidden, once needed
	for {
		l.protectLines(members)
		hidden := func(c int32) bool { return l.Status[c].Hidden() }
		// first without the shown counts, which is quick and usually
		// finds nothing
		quick, _ := eliminate(n, lines, hidden, false)
		var xs []int
		for x := range quick {
			if l.Status[x] == Primary {
				xs = append(xs, x)
			}
		}
		if len(xs) == 0 {
			return
		}
		slices.Sort(xs)
		det, residual := eliminate(n, lines, hidden, true)
		broken := map[int]bool{}
		for _, x := range xs {
			eq := det[x]
			if slices.ContainsFunc(eq, func(s int) bool { return broken[s] }) {
				continue
			}
			free := slices.ContainsFunc(eq, func(s int) bool { return !residual[s] })
			if !free {
				// no one count frees x: is it determined whatever is
				// hidden? (found once, only when needed: it is slow)
				if structural == nil {
					structural, _ = eliminate(n, lines, func(int32) bool { return true }, false)
				}
				if _, ok := structural[x]; ok {
					continue
				}
			}
			best, firstZero := -1, -1
			for _, s := range eq {
				if free && residual[s] {
					continue
				}
				switch c := l.Counts[s]; {
				case c == 0:
					if firstZero < 0 {
						firstZero = s
					}
				case best < 0 || c < l.Counts[best]:
					best = s
				}
			}
			if best < 0 {
				best = firstZero
			}
			if best < 0 {
				continue
			}
			l.Status[best] = Secondary
			broken[best] = true
		}
		if len(broken) == 0 {
			return
		}
	}
}

// protectLines applies the line-by-line rule until no line changes.
func (l *List) protectLines(members [][]int) {
	for changed := true; changed; {
		changed = false
		for _, m := range members {
			changed = protectLine(len(m),
				func(k int) int { return l.Counts[m[k]] },
				func(k int) *Status { return &l.Status[m[k]] }) || changed
		}
	}
}
