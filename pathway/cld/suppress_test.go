package cld

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// tableOf builds a table of requests for the councils of d, cells given
// council by council (cells[k][r][c]), totals summed.
func tableOf(d *Data, name string, cells [][][]int) *Table {
	var items []tally
	var rows, cols []string
	for k, block := range cells {
		for r, row := range block {
			for c, n := range row {
				for range n {
					items = append(items, tally{council: uint32(k), row: uint16(r), col: uint16(c)})
				}
			}
		}
	}
	for r := range cells[0] {
		rows = append(rows, "r"+strconv.Itoa(r))
	}
	for c := range cells[0][0] {
		cols = append(cols, "c"+strconv.Itoa(c))
	}
	return newTable(d, Table{Measure: "M", Name: name, RowHeader: "Row", Rows: rows, Cols: cols}, items)
}

// published returns the all-councils block of a table as its CSV shows
// it, row by row after the row label.
func published(t *testing.T, tb *Table) []string {
	t.Helper()
	var b bytes.Buffer
	if err := tb.WriteCSV(&b, CSVOptions{AllOnly: true}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, strings.Join(r[4:], ","))
	}
	return out
}

// TestSTS001SuppressLinked: the age bands' tables are parts of the table
// by record type. One council, one sequel, two routes: 18 to 64 has 10
// and 20 (30), 65 and over 8 and 12 (20), under 18 2 and 0 (2); by
// record type 40 and 12 (52). Under 18's 2 and its totals are primary.
// Suppressed alone, the tables would show 52 − 30 − 20 = 2. Linked (row
// r0: 30, 20, 2 hidden, total 52; and the grand totals likewise), the
// smallest shown part goes: 65 and over's row total and grand total (20
// each); its row (8, 12, total 20 hidden) then loses the 8, and its
// column c0 (8 hidden, total 8) the column total. By record type
// everything is shown.
func TestSTS001SuppressLinked(t *testing.T) {
	d := &Data{Councils: []Council{{Code: "A", Name: "Ash"}}}
	r := &STS001Result{
		Tables: []*Table{
			tableOf(d, "18 to 64", [][][]int{{{10, 20}}}),
			tableOf(d, "65 and over", [][][]int{{{8, 12}}}),
			tableOf(d, "Under 18", [][][]int{{{2, 0}}}),
		},
		ByKind: tableOf(d, "By record type", [][][]int{{{40, 12}}}),
	}
	s, err := r.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tb   *Table
		want []string
	}{
		{s.Tables[0], []string{"r0,10,20,30", "Total,10,20,30"}},
		{s.Tables[1], []string{"r0,*,12,*", "Total,*,12,*"}},
		{s.Tables[2], []string{"r0,*,0,*", "Total,*,0,*"}},
		{s.ByKind, []string{"r0,40,12,52", "Total,40,12,52"}},
	} {
		if got := published(t, c.tb); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.tb.Name, got, c.want)
		}
	}
	// Table.Suppress alone leaves 65 and over as it is: the link is what
	// hides it
	alone, err := r.Tables[1].Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := published(t, alone); !slices.Equal(got, []string{"r0,8,12,20", "Total,8,12,20"}) {
		t.Errorf("65 and over alone: %q", got)
	}
	if r.Tables[1].Suppressed || r.Tables[1].All.RowStatus != nil {
		t.Error("Suppress changed the original")
	}
}

// relation is one published equation, its members' counts and statuses
// (the total last), as the tests read them from suppressed tables.
type relation struct {
	name   string
	counts []int
	status []disclosure.Status
}

// add appends a member.
func (r *relation) add(n int, s disclosure.Status) {
	r.counts = append(r.counts, n)
	r.status = append(r.status, s)
}

// tableRelations lists the equations a reader has from suppressed
// tables, read from their blocks (not from the code that suppressed
// them): every row and column of a block with its total, the row totals
// and the column totals with the grand total, each count of the councils
// with the all-councils count, and the links' totals.
func tableRelations(ts []*Table, links []tableLink) []relation {
	var out []relation
	blocks := func(t *Table) []*Block {
		var bs []*Block
		for k := range t.Councils {
			bs = append(bs, &t.Councils[k])
		}
		return append(bs, &t.All)
	}
	// the counts of a block by position: cells, row totals, column
	// totals, total
	type pos struct{ kind, i, j int }
	get := func(b *Block, p pos) (int, disclosure.Status) {
		switch p.kind {
		case 0:
			return b.At(p.i, p.j), b.StatusAt(p.i, p.j)
		case 1:
			return b.RowTotals[p.i], b.RowTotalStatus(p.i)
		case 2:
			return b.ColTotals[p.i], b.ColTotalStatus(p.i)
		}
		return b.Total, b.TotalStatus
	}
	for _, t := range ts {
		nr, nc := len(t.Rows), len(t.Cols)
		var ps []pos
		for r := range nr {
			for c := range nc {
				ps = append(ps, pos{0, r, c})
			}
		}
		for r := range nr {
			ps = append(ps, pos{1, r, 0})
		}
		for c := range nc {
			ps = append(ps, pos{2, c, 0})
		}
		ps = append(ps, pos{3, 0, 0})
		bs := blocks(t)
		for _, b := range bs {
			for r := range nr {
				rel := relation{name: fmt.Sprintf("%s %q row %d", t.Name, b.Code, r)}
				for c := range nc {
					rel.add(get(b, pos{0, r, c}))
				}
				rel.add(get(b, pos{1, r, 0}))
				out = append(out, rel)
			}
			for c := range nc {
				rel := relation{name: fmt.Sprintf("%s %q column %d", t.Name, b.Code, c)}
				for r := range nr {
					rel.add(get(b, pos{0, r, c}))
				}
				rel.add(get(b, pos{2, c, 0}))
				out = append(out, rel)
			}
			rows := relation{name: fmt.Sprintf("%s %q row totals", t.Name, b.Code)}
			for r := range nr {
				rows.add(get(b, pos{1, r, 0}))
			}
			rows.add(get(b, pos{3, 0, 0}))
			cols := relation{name: fmt.Sprintf("%s %q column totals", t.Name, b.Code)}
			for c := range nc {
				cols.add(get(b, pos{2, c, 0}))
			}
			cols.add(get(b, pos{3, 0, 0}))
			out = append(out, rows, cols)
		}
		for _, p := range ps {
			rel := relation{name: fmt.Sprintf("%s councils at %v", t.Name, p)}
			for _, b := range bs {
				rel.add(get(b, p))
			}
			out = append(out, rel)
		}
	}
	for _, l := range links {
		w := ts[l.whole]
		wb := blocks(w)
		for k := range wb {
			var ps []pos
			if l.rows {
				for r := range w.Rows {
					ps = append(ps, pos{1, r, 0})
				}
			}
			if l.cols {
				for c := range w.Cols {
					ps = append(ps, pos{2, c, 0})
				}
			}
			if l.total {
				ps = append(ps, pos{3, 0, 0})
			}
			for _, p := range ps {
				rel := relation{name: fmt.Sprintf("link to %s, block %d, %v", w.Name, k, p)}
				for _, i := range l.parts {
					rel.add(get(blocks(ts[i])[k], p))
				}
				rel.add(get(wb[k], p))
				out = append(out, rel)
			}
		}
	}
	return out
}

// checkRelations checks the standard on published equations: no shown
// count is in 1..T−1 (nor 0 with SuppressZeros), and no equation of two
// or more members has exactly one hidden member (it would be the
// difference of the shown ones).
func checkRelations(t *testing.T, rels []relation, opt disclosure.Options) {
	t.Helper()
	th := opt.Threshold
	if th == 0 {
		th = disclosure.DefaultThreshold
	}
	for _, r := range rels {
		hidden := 0
		for i, n := range r.counts {
			s := r.status[i]
			if s.Hidden() {
				hidden++
				continue
			}
			if (n > 0 && n < th) || (n == 0 && opt.SuppressZeros) {
				t.Fatalf("%s: a count of %d is shown (%v %v)", r.name, n, r.counts, r.status)
			}
		}
		if hidden == 1 && len(r.counts) > 1 {
			t.Fatalf("%s: one hidden member is the difference of the shown ones (%v %v)", r.name, r.counts, r.status)
		}
	}
}

// TestSuppressTablesProperty: over random small tables of one to three
// councils, alone and linked as parts of a whole, no shown count is small
// and no hidden count is determined through a single line. The grids
// show no small count either.
func TestSuppressTablesProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 1))
	hiddenTotals := 0
	for trial := range 400 {
		nk := 1 + rng.IntN(3)
		d := &Data{}
		for k := range nk {
			d.Councils = append(d.Councils, Council{Code: "E" + strconv.Itoa(k)})
		}
		opt := disclosure.Options{}
		switch trial % 4 {
		case 1:
			opt.SuppressZeros = true
		case 2:
			opt.Threshold = 3
		}
		nr, nc := 1+rng.IntN(3), 1+rng.IntN(3)
		random := func(nr, nc int) [][][]int {
			cells := make([][][]int, nk)
			for k := range cells {
				cells[k] = make([][]int, nr)
				for r := range nr {
					for range nc {
						n := rng.IntN(12)
						if rng.IntN(3) == 0 {
							n = 0
						}
						cells[k][r] = append(cells[k][r], n)
					}
				}
			}
			return cells
		}
		nt := 1 + rng.IntN(3)
		var ts []*Table
		for i := range nt {
			ts = append(ts, tableOf(d, "T"+strconv.Itoa(i), random(nr, nc)))
		}
		var links []tableLink
		if nt > 1 {
			links = append(links, tableLink{parts: seq(nt - 1), whole: nt - 1, rows: rng.IntN(2) == 0, cols: rng.IntN(2) == 0, total: true})
		}
		sup, err := suppressTables(ts, links, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkRelations(t, tableRelations(sup, links), opt)
		for _, s := range sup {
			if s.All.TotalStatus.Hidden() {
				hiddenTotals++
			}
			gs, err := s.Grids(CSVOptions{})
			if err != nil {
				t.Fatal(err)
			}
			th := opt.Threshold
			if th == 0 {
				th = disclosure.DefaultThreshold
			}
			for _, g := range gs {
				for _, r := range g.Rows {
					for _, c := range r.Cells {
						if n, err := strconv.Atoi(c.Text); err == nil && ((n > 0 && n < th) || (n == 0 && opt.SuppressZeros)) {
							t.Fatalf("trial %d: %s %s %q shows %d", trial, s.Name, g.Code, r.Label, n)
						}
					}
				}
			}
		}
	}
	if hiddenTotals == 0 {
		t.Error("no grand total was hidden: the test does not reach the totals")
	}
}

// TestASCOFSuppressTotals: a measure's Total is a count like its parts.
// 2E numerators: E1 has Total 4 (Male 4, Female 0), E2 Total 20 (10 and
// 10), all councils 24 (14 and 10). E1's Total and Male are primary. The
// councils' Totals (4 hidden, 20; 24) lose E2's 20; E2's genders (10, 10;
// Total 20 hidden) then lose the first 10, its Male. The councils' Males
// (4 and 10 hidden; 14) and Females (0, 10; 10) need nothing more. The
// denominators (30, 15, 15; 40, 20, 20; 70, 35, 35) are all shown; the
// outcomes go with the numerators.
func TestASCOFSuppressTotals(t *testing.T) {
	S, P, X := disclosure.Shown, disclosure.Primary, disclosure.Secondary
	row := func(council int, code, dis string, num, den int64) ASCOFRow {
		return ASCOFRow{Council: council, Code: code, Measure: "2E", Disaggregation: dis, Numerator: num, Denominator: den,
			HasDenominator: true, Outcome: ratio(num, den, 100)}
	}
	tb := &ASCOFTable{Measure: "2E", Rows: []ASCOFRow{
		row(0, "E1", "Total", 4, 30), row(0, "E1", "Male", 4, 15), row(0, "E1", "Female", 0, 15),
		row(1, "E2", "Total", 20, 40), row(1, "E2", "Male", 10, 20), row(1, "E2", "Female", 10, 20),
		row(-1, "", "Total", 24, 70), row(-1, "", "Male", 14, 35), row(-1, "", "Female", 10, 35),
	}}
	s, err := tb.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []disclosure.Status{P, P, S, X, X, S, S, S, S}
	for i, r := range s.Rows {
		if r.NumeratorStatus != want[i] || r.DenominatorStatus != S || r.OutcomeHidden() != want[i].Hidden() {
			t.Errorf("%s %s: numerator %v, denominator %v; want %v, shown", r.Code, r.Disaggregation, r.NumeratorStatus, r.DenominatorStatus, want[i])
		}
	}
}
