package disclosure

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSuppressLinesAsTable: a table's rows and columns as lines, totals
// published outright, give SuppressTable's statuses.
func TestSuppressLinesAsTable(t *testing.T) {
	tables := [][][]int{
		{{7, 2}, {6, 9}},
		{{0, 3, 12, 40}, {8, 0, 1, 6}, {20, 30, 2, 9}},
		{{1, 1, 1}, {1, 1, 1}},
		{{12}},
		{{3}, {20}, {0}},
	}
	for _, tab := range tables {
		for _, opt := range []Options{{}, {SuppressZeros: true}, {Threshold: 10}} {
			want, err := SuppressTable(tab, opt)
			if err != nil {
				t.Fatal(err)
			}
			nr, nc := len(tab), len(tab[0])
			var counts []int
			for _, row := range tab {
				counts = append(counts, row...)
			}
			var lines []Line
			for r := range nr {
				var cells []int
				for c := range nc {
					cells = append(cells, r*nc+c)
				}
				lines = append(lines, Line{Cells: cells, Total: -1})
			}
			for c := range nc {
				var cells []int
				for r := range nr {
					cells = append(cells, r*nc+c)
				}
				lines = append(lines, Line{Cells: cells, Total: -1})
			}
			got, err := SuppressLines(counts, lines, opt)
			if err != nil {
				t.Fatal(err)
			}
			var ws []Status
			for _, row := range want.Status {
				ws = append(ws, row...)
			}
			if !slices.Equal(got.Status, ws) {
				t.Errorf("%v %+v: lines %v, table %v", tab, opt, got.Status, ws)
			}
		}
	}
}

// TestSuppressLinesTotals: a total that is a count is protected with its
// line. Two areas with 3 and 9 and their sum 12: 3 is hidden, so the line
// (3, 9, total 12) has one hidden member and 9 goes too. One area with 3
// and its "sum" 3: both are small. An area whose 7 is hidden only as a
// secondary elsewhere, beside a shown 8 and their shown total 15: 8 goes.
func TestSuppressLinesTotals(t *testing.T) {
	S, P, X := Shown, Primary, Secondary
	for _, c := range []struct {
		counts []int
		lines  []Line
		want   []Status
	}{
		{[]int{3, 9, 12}, []Line{{Cells: []int{0, 1}, Total: 2}}, []Status{P, X, S}},
		{[]int{3, 3}, []Line{{Cells: []int{0}, Total: 1}}, []Status{P, P}},
		{[]int{6, 6}, []Line{{Cells: []int{0}, Total: 1}}, []Status{S, S}},
		// counts 0..2 are a row (2 + 7 + 30, total outright) and 1, 3, 4 a
		// column with its total count: 2 hides 7, and 7 then hides 8
		{[]int{2, 7, 30, 8, 15}, []Line{{Cells: []int{0, 1, 2}, Total: -1}, {Cells: []int{1, 3}, Total: 4}}, []Status{P, X, S, X, S}},
		// a hidden total alone is recoverable from its cells
		{[]int{6, 7, 3, 13}, []Line{{Cells: []int{2, 3}, Total: -1}, {Cells: []int{0, 1}, Total: 3}}, []Status{X, S, P, X}},
	} {
		got, err := SuppressLines(c.counts, c.lines, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Status, c.want) {
			t.Errorf("%v %+v: %v, want %v", c.counts, c.lines, got.Status, c.want)
		}
	}
	if _, err := SuppressLines([]int{1, 2}, []Line{{Cells: []int{0, 2}, Total: -1}}, Options{}); !errors.Is(err, ErrLine) {
		t.Errorf("index out of range: %v", err)
	}
	if _, err := SuppressLines([]int{1, 2}, []Line{{Cells: []int{0}, Total: -2}}, Options{}); !errors.Is(err, ErrLine) {
		t.Errorf("total −2: %v", err)
	}
	if _, err := SuppressLines([]int{1, -2}, nil, Options{}); !errors.Is(err, ErrNegative) {
		t.Errorf("negative: %v", err)
	}
	got, _ := SuppressLines([]int{3, 9, 12}, []Line{{Cells: []int{0, 1}, Total: 2}}, Options{WithoutTotals: true})
	if !slices.Equal(got.Status, []Status{P, S, S}) {
		t.Errorf("without totals: %v", got.Status)
	}
}

// TestSuppressLinesProperty: over random counts in random lines, some
// totals outright and some counts of their own (a total may be a cell
// of another line), no primary count is shown and, whenever totals are
// published, no line of two or more members is left with exactly one
// hidden member; secondary suppression hides only counts that are not
// primary, and the counts are kept.
func TestSuppressLinesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for trial := range 2000 {
		n := 1 + rng.IntN(12)
		counts := make([]int, n)
		for i := range counts {
			counts[i] = rng.IntN(15)
			if rng.IntN(4) == 0 {
				counts[i] = 0
			}
		}
		var lines []Line
		for range rng.IntN(6) {
			perm := rng.Perm(n)
			k := 1 + rng.IntN(n)
			ln := Line{Cells: perm[:k-1], Total: perm[k-1]}
			if rng.IntN(3) == 0 {
				ln = Line{Cells: perm[:k], Total: -1}
			}
			lines = append(lines, ln)
		}
		opt := Options{SuppressZeros: trial%3 == 1, WithoutTotals: trial%7 == 6}
		if trial%5 == 2 {
			opt.Threshold = 3
		}
		got, err := SuppressLines(counts, lines, opt)
		if err != nil {
			t.Fatal(err)
		}
		o := opt.resolved()
		for i, s := range got.Status {
			if got.Counts[i] != counts[i] {
				t.Fatalf("trial %d: count %d changed", trial, i)
			}
			if o.primary(counts[i]) != (s == Primary) {
				t.Fatalf("trial %d: count %d = %d is %v", trial, i, counts[i], s)
			}
			if opt.WithoutTotals && s == Secondary {
				t.Fatalf("trial %d: secondary suppression without totals", trial)
			}
		}
		if opt.WithoutTotals {
			continue
		}
		for _, ln := range lines {
			m := slices.Clone(ln.Cells)
			if ln.Total >= 0 {
				m = append(m, ln.Total)
			}
			hidden := 0
			for _, i := range m {
				if got.Status[i].Hidden() {
					hidden++
				}
			}
			if len(m) > 1 && hidden == 1 {
				t.Fatalf("trial %d: line %+v of %v has one hidden member: %v", trial, ln, counts, got.Status)
			}
		}
	}
}
