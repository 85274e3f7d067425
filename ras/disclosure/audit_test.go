package disclosure

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAuditTriangle: three lines, each with two hidden counts, give a
// hidden count away together. Counts x = 2, y = 3, z = 4 (primary), and
// 10, 11, 12; lines x + y + 10, y + z + 11 and x + z + 12 with their
// totals published outright. Each line has two hidden counts, so the
// line-by-line rule is content, but x = ((x+y) − (y+z) + (x+z)) / 2,
// and y and z likewise. The audit finds x, y and z determined, each by an
// equation of all three shown counts; for x it hides the smallest, the
// 10, which breaks the equations of y and z too. Then x + y + 10, y + z
// and x + z are known: x − y and 2x + 10 only, nothing alone.
func TestAuditTriangle(t *testing.T) {
	counts := []int{2, 3, 4, 10, 11, 12}
	lines := []Line{{Cells: []int{0, 1, 3}, Total: -1}, {Cells: []int{1, 2, 4}, Total: -1}, {Cells: []int{0, 2, 5}, Total: -1}}
	got, err := SuppressLines(counts, lines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Status{P, P, P, X, S, S}; !slices.Equal(got.Status, want) {
		t.Errorf("%v, want %v", got.Status, want)
	}
	// the same with the totals as counts (33, 26, 18, shown)
	counts = append(counts, 15, 18, 18)
	lines = []Line{{Cells: []int{0, 1, 3}, Total: 6}, {Cells: []int{1, 2, 4}, Total: 7}, {Cells: []int{0, 2, 5}, Total: 8}}
	got, err = SuppressLines(counts, lines, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Status{P, P, P, X, S, S, S, S, S}; !slices.Equal(got.Status, want) {
		t.Errorf("totals as counts: %v, want %v", got.Status, want)
	}
	// a fourth line, 10 + 20 = 30, all shown: hiding the 10 would give it
	// away at once (and the line rule would hide the 20 for it), so the
	// audit hides the 11 instead, the smallest count of the equation of x
	// that no equation among shown counts involves
	got, err = SuppressLines([]int{2, 3, 4, 10, 11, 12, 20, 30}, []Line{{Cells: []int{0, 1, 3}, Total: -1}, {Cells: []int{1, 2, 4}, Total: -1},
		{Cells: []int{0, 2, 5}, Total: -1}, {Cells: []int{3, 6}, Total: 7}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Status{P, P, P, S, X, S, S, S}; !slices.Equal(got.Status, want) {
		t.Errorf("with 10 + 20 = 30 shown: %v, want %v", got.Status, want)
	}
	// determined: the equations found
	det, _ := determined(len(counts), lines, []Status{P, P, P, S, S, S, S, S, S})
	for x := range 3 {
		if len(det[x]) != 6 {
			t.Errorf("count %d: equation %v, want the six shown counts", x, det[x])
		}
	}
}

// ratDetermined reports, by exact elimination over the rationals
// (math/big, independent of the package's arithmetic modulo a prime),
// which of the counts marked unknown the lines determine.
func ratDetermined(n int, lines []Line, unknown []bool) []bool {
	col := map[int]int{}
	var idx []int
	for i := range n {
		if unknown[i] {
			col[i] = len(idx)
			idx = append(idx, i)
		}
	}
	var a [][]*big.Rat
	for _, ln := range lines {
		row := make([]*big.Rat, len(idx))
		for j := range row {
			row[j] = new(big.Rat)
		}
		for _, c := range ln.Cells {
			if j, ok := col[c]; ok {
				row[j].Add(row[j], big.NewRat(1, 1))
			}
		}
		if j, ok := col[ln.Total]; ok && ln.Total >= 0 {
			row[j].Sub(row[j], big.NewRat(1, 1))
		}
		a = append(a, row)
	}
	var pivots []int
	r := 0
	for c := 0; c < len(idx) && r < len(a); c++ {
		p := -1
		for i := r; i < len(a); i++ {
			if a[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		a[r], a[p] = a[p], a[r]
		inv := new(big.Rat).Inv(a[r][c])
		for k := range a[r] {
			a[r][k].Mul(a[r][k], inv)
		}
		for i := range a {
			if i != r && a[i][c].Sign() != 0 {
				f := new(big.Rat).Set(a[i][c])
				for k := range a[i] {
					a[i][k].Sub(a[i][k], new(big.Rat).Mul(f, a[r][k]))
				}
			}
		}
		pivots = append(pivots, c)
		r++
	}
	out := make([]bool, n)
	for i, c := range pivots {
		alone := true
		for k := range idx {
			if k != c && a[i][k].Sign() != 0 {
				alone = false
			}
		}
		if alone {
			out[idx[c]] = true
		}
	}
	return out
}

// TestAuditProperty: over random lines (totals outright or counts of
// their own, lines sharing counts), no primary count is determined by the
// lines together, by an exact rational check, unless it would be
// determined with every count hidden; and the package's arithmetic
// modulo a prime finds the same counts determined as the rational check
// does, before the audit.
func TestAuditProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 4))
	found := 0
	for trial := range 3000 {
		n := 2 + rng.IntN(11)
		counts := make([]int, n)
		for i := range counts {
			counts[i] = rng.IntN(15)
			if rng.IntN(4) == 0 {
				counts[i] = 0
			}
		}
		var lines []Line
		for range 1 + rng.IntN(7) {
			perm := rng.Perm(n)
			k := 2 + rng.IntN(min(n-1, 4))
			ln := Line{Cells: perm[:k-1], Total: perm[k-1]}
			if rng.IntN(4) == 0 {
				ln = Line{Cells: perm[:k], Total: -1}
			}
			lines = append(lines, ln)
		}
		opt := Options{SuppressZeros: trial%3 == 1}
		// before the audit: the two eliminations agree
		status := make([]Status, n)
		unknown := make([]bool, n)
		for i := range status {
			if rng.IntN(2) == 0 {
				status[i], unknown[i] = Primary, true
			}
		}
		det, _ := determined(n, lines, status)
		want := ratDetermined(n, lines, unknown)
		for i := range n {
			if _, ok := det[i]; ok != want[i] {
				t.Fatalf("trial %d: count %d determined %v, rational elimination says %v (%v, %+v)", trial, i, ok, want[i], status, lines)
			}
		}
		got, err := SuppressLines(counts, lines, opt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range unknown {
			unknown[i] = got.Status[i].Hidden()
		}
		after := ratDetermined(n, lines, unknown)
		all := make([]bool, n)
		for i := range all {
			all[i] = true
		}
		always := ratDetermined(n, lines, all)
		for i := range n {
			if after[i] {
				found++
			}
			if after[i] && !always[i] && got.Status[i] == Primary {
				t.Fatalf("trial %d: primary count %d = %d is determined (%v %v, lines %+v)", trial, i, counts[i], counts, got.Status, lines)
			}
		}
	}
	if found == 0 {
		t.Log("no count left determined in any trial")
	}
}
