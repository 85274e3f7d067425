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
			if l.when != nil && !l.when(k) {
				continue
			}
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

// TestWaitsSuppressTriple: started, ended and still waiting are counts of
// their own, linked (Started = Ended + Censored); the service types'
// ended and completed add up to All services'. One council (so all
// councils are the same), request to service: 20 waits started; All
// services 11 ended, 9 waiting, 8 completed; type A 10, 10, 7; type B 1,
// 19, 1. B's ended 1 and completed 1 are primary (before the fix the
// ended 1 was shown beside its started 20). Pass 1: B's row (1 hidden,
// 19; 20) loses its 19 waiting; the types' ended (10, 1 hidden; 11) lose
// A's 10, their completed (7, 1 hidden; 8) A's 7. Pass 2: A's row (10
// hidden, 10; 20) loses its 10 waiting. Nothing else changes: started
// and All services are shown, A's and B's medians and means hidden.
func TestWaitsSuppressTriple(t *testing.T) {
	S, P, X := disclosure.Shown, disclosure.Primary, disclosure.Secondary
	var rows []WaitTimesRow
	for _, c := range []struct {
		council int
		code    string
	}{{0, "E1"}, {-1, ""}} {
		for _, r := range []struct {
			typ                string
			ended, cens, compl int
		}{{WaitAllServices, 11, 9, 8}, {"A", 10, 10, 7}, {"B", 1, 19, 1}} {
			rows = append(rows, WaitTimesRow{Council: c.council, Code: c.code, Wait: WaitRequestToService, ServiceType: r.typ,
				Started: 20, Ended: r.ended, Censored: r.cens, Completed: r.compl,
				Median: defined(30), Lower: defined(20), Upper: undefined("x"), Mean: defined(25), MedianOfEnded: defined(24)})
		}
	}
	// a second wait, one row a council: 6 started, 2 ended, 4 waiting
	// (both small, so 6 can be shown); 0 completed
	for _, c := range []int{0, -1} {
		rows = append(rows, WaitTimesRow{Council: c, Wait: WaitRequestToAssessment, Started: 6, Ended: 2, Censored: 4,
			Median: undefined("x"), Lower: undefined("x"), Upper: undefined("x"), Mean: undefined("x"), MedianOfEnded: undefined("x")})
	}
	w := &WaitTimesResult{Rows: rows, ConfLevel: 0.95}
	s, err := w.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][5]disclosure.Status{ // started, ended, censored, completed, median
		WaitAllServices: {S, S, S, S, S},
		"A":             {S, X, X, X, X},
		"B":             {S, P, X, P, P},
		"":              {S, P, P, S, P},
	}
	for _, r := range s.Rows {
		got := [5]disclosure.Status{r.StartedStatus, r.EndedStatus, r.CensoredStatus, r.CompletedStatus, r.MedianStatus()}
		if got != want[r.ServiceType] {
			t.Errorf("council %d %s %q: %v, want %v", r.Council, r.Wait, r.ServiceType, got, want[r.ServiceType])
		}
	}
	gs, err := s.Grids(CSVOptions{AllOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, r := range gs[0].Rows {
		var cs []string
		for _, c := range r.Cells {
			cs = append(cs, c.Text)
		}
		texts = append(texts, r.Label+": "+strings.Join(cs, ","))
	}
	wantTexts := []string{
		"Request to service: All services: 20,11,9,30.0,20.0,undefined,8,25.0,24.0",
		"Request to service: A: 20,*,*,*,*,*,*,*,*",
		"Request to service: B: 20,*,*,*,*,*,*,*,*",
		"Request to assessment: 6,*,*,*,*,*,0,undefined,undefined", // a hidden figure shows the mark, defined or not
	}
	if !slices.Equal(texts, wantTexts) {
		t.Errorf("published\n%s\nwant\n%s", strings.Join(texts, "\n"), strings.Join(wantTexts, "\n"))
	}
}

// waitRelations lists the equations a reader has from suppressed waits,
// read from the rows: for every row Started = Ended + Censored; a
// council's started waits are one count in every service type's row; the
// service types' ended and completed add up to All services'; the
// councils' counts add up to all councils'.
func waitRelations(rows []WaitTimesRow) []relation {
	type key struct {
		wait, typ string
		council   int
	}
	at := map[key]*WaitTimesRow{}
	var keys []key
	for i := range rows {
		r := &rows[i]
		k := key{r.Wait, r.ServiceType, r.Council}
		at[k] = r
		keys = append(keys, k)
	}
	var out []relation
	for _, k := range keys {
		r := at[k]
		tri := relation{name: fmt.Sprintf("%v: started = ended + censored", k)}
		tri.add(r.Ended, r.EndedStatus)
		tri.add(r.Censored, r.CensoredStatus)
		tri.add(r.Started, r.StartedStatus)
		out = append(out, tri)
		if k.typ != WaitAllServices && k.typ != "" {
			all := at[key{k.wait, WaitAllServices, k.council}]
			same := relation{name: fmt.Sprintf("%v: started as All services'", k)}
			same.add(r.Started, r.StartedStatus)
			same.add(all.Started, all.StartedStatus)
			out = append(out, same)
		}
		if k.typ == WaitAllServices {
			e := relation{name: fmt.Sprintf("%v: ended by type", k)}
			q := relation{name: fmt.Sprintf("%v: completed by type", k)}
			for _, j := range keys {
				if j.wait == k.wait && j.council == k.council && j.typ != WaitAllServices {
					e.add(at[j].Ended, at[j].EndedStatus)
					q.add(at[j].Completed, at[j].CompletedStatus)
				}
			}
			e.add(r.Ended, r.EndedStatus)
			q.add(r.Completed, r.CompletedStatus)
			out = append(out, e, q)
		}
		if k.council == -1 {
			var rs [4]relation
			for m := range rs {
				rs[m].name = fmt.Sprintf("%v: councils, measure %d", k, m)
			}
			for _, j := range keys {
				if j.wait == k.wait && j.typ == k.typ && j.council >= 0 {
					x := at[j]
					rs[0].add(x.Started, x.StartedStatus)
					rs[1].add(x.Ended, x.EndedStatus)
					rs[2].add(x.Censored, x.CensoredStatus)
					rs[3].add(x.Completed, x.CompletedStatus)
				}
			}
			rs[0].add(r.Started, r.StartedStatus)
			rs[1].add(r.Ended, r.EndedStatus)
			rs[2].add(r.Censored, r.CensoredStatus)
			rs[3].add(r.Completed, r.CompletedStatus)
			out = append(out, rs[:]...)
		}
	}
	return out
}

// TestWaitsSuppressProperty: over random waits of one to three councils
// (each council's counts consistent: types adding up to All services,
// councils to all councils), no shown count is small and no hidden
// count is determined through a single equation; figures derived from a
// hidden count are hidden.
func TestWaitsSuppressProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 3))
	types := []string{WaitAllServices, "A", "B", "C"}
	for trial := range 300 {
		nk := 1 + rng.IntN(3)
		var rows []WaitTimesRow
		sums := make([]WaitTimesRow, len(types))
		for c := range nk {
			started := rng.IntN(25)
			var ended, compl []int
			left := started
			for range types[1:] {
				e := rng.IntN(left + 1)
				if rng.IntN(2) == 0 {
					e = rng.IntN(min(left, 5) + 1)
				}
				left -= e
				ended = append(ended, e)
				compl = append(compl, rng.IntN(8))
			}
			for ti, typ := range types {
				r := WaitTimesRow{Council: c, Code: "E" + strconv.Itoa(c), Wait: WaitRequestToService, ServiceType: typ, Started: started,
					Median: defined(10), Mean: defined(9)}
				if ti == 0 {
					for k := range ended {
						r.Ended += ended[k]
						r.Completed += compl[k]
					}
				} else {
					r.Ended, r.Completed = ended[ti-1], compl[ti-1]
				}
				r.Censored = r.Started - r.Ended
				rows = append(rows, r)
				sums[ti].Started += r.Started
				sums[ti].Ended += r.Ended
				sums[ti].Censored += r.Censored
				sums[ti].Completed += r.Completed
			}
		}
		for ti, typ := range types {
			r := sums[ti]
			r.Council, r.Wait, r.ServiceType, r.Median, r.Mean = -1, WaitRequestToService, typ, defined(10), defined(9)
			rows = append(rows, r)
		}
		opt := disclosure.Options{}
		if trial%3 == 1 {
			opt.SuppressZeros = true
		}
		s, err := (&WaitTimesResult{Rows: rows, ConfLevel: 0.95}).Suppress(opt)
		if err != nil {
			t.Fatal(err)
		}
		checkRelations(t, waitRelations(s.Rows), opt)
		for i := range s.Rows {
			r := &s.Rows[i]
			c := s.cells(r, CSVOptions{})
			if (r.StartedStatus.Hidden() || r.EndedStatus.Hidden() || r.CensoredStatus.Hidden()) != c[3].Status.Hidden() ||
				r.CompletedStatus.Hidden() != c[7].Status.Hidden() {
				t.Fatalf("trial %d: figures of %+v published as %+v", trial, *r, c)
			}
		}
	}
}

// ascofRelations lists the equations a reader has from a suppressed
// ASCOF table: for each measure code and each of numerator and counted
// denominator, a council's (or all councils') age bands and genders add
// up to its Total, and the councils' counts of a disaggregation to all
// councils'.
func ascofRelations(tb *ASCOFTable) []relation {
	type key struct {
		measure, dis string
		council      int
	}
	at := map[key]*ASCOFRow{}
	for i := range tb.Rows {
		r := &tb.Rows[i]
		at[key{r.Measure, r.Disaggregation, r.Council}] = r
	}
	var out []relation
	for part := range 2 {
		get := func(r *ASCOFRow) (int, disclosure.Status) {
			if part == 0 {
				return int(r.Numerator), r.NumeratorStatus
			}
			return int(r.Denominator), r.DenominatorStatus
		}
		for k, r := range at {
			if part == 1 && (k.measure == "2B" || k.measure == "2C") {
				continue
			}
			if k.dis == "Total" {
				for _, g := range [][]string{{"18 to 64", "65 and over"}, {"Male", "Female"}} {
					rel := relation{name: fmt.Sprintf("%v part %d: %v", k, part, g)}
					for _, dis := range g {
						if x := at[key{k.measure, dis, k.council}]; x != nil {
							rel.add(get(x))
						}
					}
					if len(rel.counts) == len(g) {
						rel.add(get(r))
						out = append(out, rel)
					}
				}
			}
			if k.council == -1 {
				rel := relation{name: fmt.Sprintf("%v part %d: councils", k, part)}
				for j, x := range at {
					if j.measure == k.measure && j.dis == k.dis && j.council >= 0 {
						rel.add(get(x))
					}
				}
				rel.add(get(r))
				out = append(out, rel)
			}
		}
	}
	return out
}

// TestSuppressResultsProperty: every output of the measures on synthetic
// files of several councils, suppressed with Results.Suppress, meets the
// standard on every equation a reader has: each table's rows, columns
// and margins, councils against all councils, the totals that a
// measure's tables share (declared here from the measures' definitions),
// the ASCOF parts and Totals, and the waits.
func TestSuppressResultsProperty(t *testing.T) {
	for _, c := range []struct {
		seed, councils int
		opt            disclosure.Options
	}{{41, 3, disclosure.Options{}}, {42, 2, disclosure.Options{Threshold: 10, SuppressZeros: true}}} {
		x := acSynth(t, SynthOptions{Seed: uint64(c.seed), Persons: 2500, Councils: c.councils})
		res, err := Measures(x.d, x.sum.Period, MeasureOptions{Window: x.sum.Window})
		if err != nil {
			t.Fatal(err)
		}
		sup, err := res.Suppress(c.opt)
		if err != nil {
			t.Fatal(err)
		}
		var rels []relation
		sts001 := append(slices.Clone(sup.STS001.Tables), sup.STS001.ByKind)
		rels = append(rels, tableRelations(sts001, []tableLink{{parts: []int{0, 1, 2}, whole: 3, rows: true, total: true}})...)
		rels = append(rels, tableRelations([]*Table{sup.STS002a.Table, sup.STS002a.ByKind}, []tableLink{{parts: []int{0}, whole: 1, rows: true, total: true}})...)
		rels = append(rels, tableRelations([]*Table{sup.STS002b.Table}, nil)...)
		byName := func(l *LTSResult, names ...string) []*Table {
			var ts []*Table
			for _, n := range names {
				tb := l.Table(n)
				if tb == nil {
					t.Fatalf("%s has no %s", l.Measure, n)
				}
				ts = append(ts, tb)
			}
			return ts
		}
		// Table 3c (other or unknown gender) has no settings: 3a and 3b
		// make up Table 2's settings only where 3c is empty
		lts001b := byName(sup.LTS001b, "Table 1a", "Table 1b", "Table 2", "Table 3a", "Table 3b", "Table 3c")
		empty3c := func(k int) bool {
			if k < len(lts001b[5].Councils) {
				return lts001b[5].Councils[k].Total == 0
			}
			return lts001b[5].All.Total == 0
		}
		rels = append(rels, tableRelations(lts001b, []tableLink{
			{parts: []int{0, 1}, whole: 2, cols: true, total: true}, {parts: []int{3, 4}, whole: 2, cols: true, when: empty3c},
			{parts: []int{3, 4, 5}, whole: 2, total: true}})...)
		rels = append(rels, tableRelations(byName(sup.LTS004, "Table 1", "Table 2a", "Table 2b", "Table 2 (NULL/Invalid)"), []tableLink{
			{parts: []int{1, 2, 3}, whole: 0, cols: true, total: true}})...)
		for _, l := range []*LTSResult{sup.LTS001a, sup.LTS001c, sup.LTS003} {
			rels = append(rels, tableRelations(l.Tables, nil)...)
		}
		for _, a := range sup.ASCOFTables() {
			rels = append(rels, ascofRelations(a)...)
		}
		rels = append(rels, waitRelations(sup.Waits.Rows)...)
		checkRelations(t, rels, c.opt)
		hidden := 0
		for _, r := range rels {
			for _, s := range r.status {
				if s.Hidden() {
					hidden++
				}
			}
		}
		if hidden == 0 {
			t.Errorf("seed %d: nothing hidden", c.seed)
		}
	}
}
