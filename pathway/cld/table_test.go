package cld

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// TestTableDistinct: a headcount table counts a person once per cell, row,
// column and total; all councils together count them once however many
// councils do.
func TestTableDistinct(t *testing.T) {
	d := &Data{Councils: []Council{{Code: "A", Name: "Ash"}, {Code: "B", Name: "Birch"}}}
	items := []tally{
		{person: 1, council: 0, row: 0, col: 0},
		{person: 1, council: 0, row: 0, col: 1}, // person 1 in two cells of A (rows that disagree on gender, say)
		{person: 1, council: 1, row: 1, col: 1},
		{person: 2, council: 1, row: 1, col: 1},
		{person: 2, council: 1, row: 1, col: 1}, // a repeat counts once
	}
	tb := newTable(d, Table{Measure: "M", Name: "T", Rows: []string{"r0", "r1"}, Cols: []string{"c0", "c1"}, Distinct: true}, items)
	a, b := tb.Council("A"), tb.Council("B")
	// A: person 1 in (0,0) and (0,1): cells 1 and 1, row 0 total 1, columns 1 and 1, total 1
	if a.At(0, 0) != 1 || a.At(0, 1) != 1 || a.RowTotals[0] != 1 || a.ColTotals[0] != 1 || a.ColTotals[1] != 1 || a.Total != 1 {
		t.Errorf("A: %+v", a)
	}
	// B: persons 1 and 2 in (1,1): 2
	if b.At(1, 1) != 2 || b.RowTotals[1] != 2 || b.Total != 2 {
		t.Errorf("B: %+v", b)
	}
	// all: (0,0) 1; (0,1) 1; (1,1) 2; row 0: 1; row 1: 2; col 1: persons 1 and 2 = 2; total 2
	all := tb.All
	if all.At(0, 0) != 1 || all.At(0, 1) != 1 || all.At(1, 1) != 2 || all.RowTotals[0] != 1 || all.RowTotals[1] != 2 ||
		all.ColTotals[0] != 1 || all.ColTotals[1] != 2 || all.Total != 2 {
		t.Errorf("all: %+v", all)
	}
	// a count of requests sums instead
	ev := newTable(d, Table{Measure: "M", Name: "T", Rows: []string{"r0", "r1"}, Cols: []string{"c0", "c1"}}, items)
	if ev.All.At(1, 1) != 3 || ev.All.Total != 5 || ev.Council("B").Total != 3 {
		t.Errorf("sums: %+v", ev.All)
	}
}

// TestTableSuppressAcrossCouncils: a council's hidden cell cannot be
// recovered from the all-councils count. Ash has 3 and 20 in its one row,
// Birch 10 and 30; all councils 13 and 50. Ash's 3 is hidden (primary)
// and, for Ash's row total, its 20 (secondary); the councils' counts of
// the first cell (3, 10) add up to the published 13, so Birch's 10 is
// hidden too, and, for Birch's row total, its 30. All councils' 13 and
// 50 are shown: they give away only sums of hidden cells.
func TestTableSuppressAcrossCouncils(t *testing.T) {
	d := &Data{Councils: []Council{{Code: "A", Name: "Ash"}, {Code: "B", Name: "Birch"}}}
	var items []tally
	add := func(n int, council uint32, col uint16) {
		for range n {
			items = append(items, tally{council: council, col: col})
		}
	}
	add(3, 0, 0)
	add(20, 0, 1)
	add(10, 1, 0)
	add(30, 1, 1)
	tb := newTable(d, Table{Measure: "STS001", Name: "T", RowHeader: "Sequel", Rows: []string{"x"}, Cols: []string{"c0", "c1"}}, items)
	s, err := tb.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	P, X, S := disclosure.Primary, disclosure.Secondary, disclosure.Shown
	for _, c := range []struct {
		b    *Block
		want []disclosure.Status
	}{{s.Council("A"), []disclosure.Status{P, X}}, {s.Council("B"), []disclosure.Status{X, X}}, {&s.All, []disclosure.Status{S, S}}} {
		if !slices.Equal(c.b.Status, c.want) {
			t.Errorf("%s: %v, want %v", c.b.Code, c.b.Status, c.want)
		}
	}
	// the totals: Ash's column total of 3 is small; its 20 goes with its
	// cell (a one-cell column); Birch's column totals go with Ash's
	// across councils; the row and grand totals are shown
	for _, c := range []struct {
		b          *Block
		rows, cols []disclosure.Status
		total      disclosure.Status
	}{
		{s.Council("A"), []disclosure.Status{S}, []disclosure.Status{P, X}, S},
		{s.Council("B"), []disclosure.Status{S}, []disclosure.Status{X, X}, S},
		{&s.All, []disclosure.Status{S}, []disclosure.Status{S, S}, S},
	} {
		if !slices.Equal(c.b.RowStatus, c.rows) || !slices.Equal(c.b.ColStatus, c.cols) || c.b.TotalStatus != c.total {
			t.Errorf("%s totals: rows %v, columns %v, total %v; want %v, %v, %v", c.b.Code, c.b.RowStatus, c.b.ColStatus, c.b.TotalStatus,
				c.rows, c.cols, c.total)
		}
	}
	if tb.Councils[1].Status != nil || tb.Councils[1].ColStatus != nil {
		t.Error("Suppress changed the original table")
	}
}

// blockOf builds a one-council table from its cells, totals summed.
func blockOf(rows ...[]int) *Table {
	d := &Data{Councils: []Council{{Code: "A", Name: "Ash"}}}
	var items []tally
	var names, cols []string
	for r, row := range rows {
		names = append(names, "r"+strconv.Itoa(r))
		for c, n := range row {
			for range n {
				items = append(items, tally{row: uint16(r), col: uint16(c)})
			}
		}
	}
	for c := range rows[0] {
		cols = append(cols, "c"+strconv.Itoa(c))
	}
	return newTable(d, Table{Measure: "M", Name: "T", RowHeader: "Row", Rows: names, Cols: cols}, items)
}

// TestTableSuppressTotals: totals are counts like the cells, hidden when
// small and protected with their lines. Worked by hand with the rule
// (lines in order: a block's rows, its columns, its row totals, its
// column totals, then the councils' lines; repeated until none changes;
// the one council's block and the all-councils block are the same here).
func TestTableSuppressTotals(t *testing.T) {
	S, P, X := disclosure.Shown, disclosure.Primary, disclosure.Secondary
	for _, c := range []struct {
		name  string
		cells [][]int
		// statuses of the cells, row totals, column totals and total
		status, rows, cols []disclosure.Status
		total              disclosure.Status
		csv                []string // the block's lines as published
	}{{
		// r0 = 2 + 0 (total 2), r1 = 6 + 9 (15); columns 8 and 9; 17.
		// The 2 and its row total 2 are primary: row r0 has two hidden
		// counts. Column c0 (2 hidden, 6, total 8) loses the 6; the row
		// totals (2 hidden, 15, total 17) lose the 15; row r1 then has
		// two hidden (6, 15). Before the fix the row total 2 was shown.
		name:   "a row total of 2",
		cells:  [][]int{{2, 0}, {6, 9}},
		status: []disclosure.Status{P, S, X, S}, rows: []disclosure.Status{P, X}, cols: []disclosure.Status{S, S}, total: S,
		csv: []string{"r0,*,0,*", "r1,*,9,*", "Total,8,9,17"},
	}, {
		// r0 = 3 + 0 (3), r1 = 10 + 20 (30), r2 = 7 + 30 (37); columns 20
		// and 50; 70. The 3 and its row total are primary. Pass 1: column
		// c0 (3 hidden, 10, 7; total 20) loses the 7; the row totals (3
		// hidden, 30, 37; 70) lose the 30, since the grand total less the
		// shown row totals would give the hidden 3. Pass 2: row r1 (10,
		// 20, total 30 hidden) loses the 10; row r2 (7 hidden, 30, 37)
		// the 30; column c1 (0, 20, 30 hidden; 50) the 20. Pass 3 changes
		// nothing.
		name:   "grand total less the shown row totals",
		cells:  [][]int{{3, 0}, {10, 20}, {7, 30}},
		status: []disclosure.Status{P, S, X, X, X, X}, rows: []disclosure.Status{P, X, S}, cols: []disclosure.Status{S, S}, total: S,
		csv: []string{"r0,*,0,*", "r1,*,*,*", "r2,*,*,37", "Total,20,50,70"},
	}, {
		// one column: each row total is its cell. 3 and its row total
		// are primary; the column (3 hidden, 10, 7; 20) loses the 7, the
		// row totals (3 hidden, 10, 7; 20) the row total 7.
		name:   "one column",
		cells:  [][]int{{3}, {10}, {7}},
		status: []disclosure.Status{P, S, X}, rows: []disclosure.Status{P, S, X}, cols: []disclosure.Status{S}, total: S,
		csv: []string{"r0,*,*", "r1,10,10", "r2,*,*", "Total,20,20"},
	}, {
		// a table of 4 people: its total is small, and so are its row and
		// column totals and cells; the zeros stay shown.
		name:   "a small table",
		cells:  [][]int{{1, 0}, {0, 3}},
		status: []disclosure.Status{P, S, S, P}, rows: []disclosure.Status{P, P}, cols: []disclosure.Status{P, P}, total: P,
		csv: []string{"r0,*,0,*", "r1,0,*,*", "Total,*,*,*"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			s, err := blockOf(c.cells...).Suppress(disclosure.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range []*Block{&s.Councils[0], &s.All} {
				if !slices.Equal(b.Status, c.status) || !slices.Equal(b.RowStatus, c.rows) || !slices.Equal(b.ColStatus, c.cols) || b.TotalStatus != c.total {
					t.Errorf("%s: cells %v, rows %v, columns %v, total %v; want %v, %v, %v, %v", b.Code,
						b.Status, b.RowStatus, b.ColStatus, b.TotalStatus, c.status, c.rows, c.cols, c.total)
				}
			}
			var buf bytes.Buffer
			if err := s.WriteCSV(&buf, CSVOptions{AllOnly: true}); err != nil {
				t.Fatal(err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs[1:] {
				got = append(got, strings.Join(r[4:], ","))
			}
			if !slices.Equal(got, c.csv) {
				t.Errorf("published\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.csv, "\n"))
			}
		})
	}
}

// TestBlockStatusJSON: the totals' statuses travel in JSON by name.
func TestBlockStatusJSON(t *testing.T) {
	s, err := blockOf([]int{2, 0}, []int{6, 9}).Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(s.All)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"row_status":["primary","secondary"]`, `"col_status":["shown","shown"]`, `"total_status":"shown"`,
		`"status":["primary","shown","secondary","shown"]`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("JSON %s lacks %s", js, want)
		}
	}
	var back Block
	if err := json.Unmarshal(js, &back); err != nil || !slices.Equal(back.RowStatus, s.All.RowStatus) || back.RowTotalStatus(0) != disclosure.Primary {
		t.Errorf("JSON round trip: %+v, %v", back, err)
	}
}

// TestTableCSV checks the SALT layout and the suppression, cell by cell.
func TestTableCSV(t *testing.T) {
	d := &Data{Councils: []Council{{Code: "A", Name: "Ash"}}}
	var items []tally
	add := func(n int, row, col uint16) {
		for range n {
			items = append(items, tally{council: 0, row: row, col: col})
		}
	}
	add(7, 0, 0)
	add(2, 0, 1)
	add(6, 1, 0)
	add(9, 1, 1)
	tb := newTable(d, Table{Measure: "STS001", Name: "18 to 64", RowHeader: "Sequel", Rows: []string{"x", "y, z"}, Cols: []string{"c0", "c1"}}, items)
	var buf bytes.Buffer
	if err := tb.WriteCSV(&buf, CSVOptions{AllOnly: true}); err != nil {
		t.Fatal(err)
	}
	want := "Measure,Table,LA_Code,LA_Name,Sequel,c0,c1,Total\n" +
		"STS001,18 to 64,All,All councils,x,7,2,9\n" +
		"STS001,18 to 64,All,All councils,\"y, z\",6,9,15\n" +
		"STS001,18 to 64,All,All councils,Total,13,11,24\n"
	if buf.String() != want {
		t.Errorf("csv\n%s\nwant\n%s", buf.String(), want)
	}
	// suppression (the disclosure package's rule): 2 is primary; row x
	// then has one hidden cell, so 7 goes with it; column c0 (7 hidden)
	// loses 6 and column c1 (2 hidden) loses 9: every cell is hidden
	buf.Reset()
	if err := tb.WriteCSV(&buf, CSVOptions{Suppress: true, Disclosure: disclosure.Options{PrimaryMark: "<5", SecondaryMark: "*"}}); err != nil {
		t.Fatal(err)
	}
	want = "Measure,Table,LA_Code,LA_Name,Sequel,c0,c1,Total\n" +
		"STS001,18 to 64,A,Ash,x,*,<5,9\n" +
		"STS001,18 to 64,A,Ash,\"y, z\",*,*,15\n" +
		"STS001,18 to 64,A,Ash,Total,13,11,24\n" +
		"STS001,18 to 64,All,All councils,x,*,<5,9\n" +
		"STS001,18 to 64,All,All councils,\"y, z\",*,*,15\n" +
		"STS001,18 to 64,All,All councils,Total,13,11,24\n"
	if buf.String() != want {
		t.Errorf("suppressed csv\n%s\nwant\n%s", buf.String(), want)
	}
	if err := tb.WriteCSV(&buf, CSVOptions{Suppress: true, Disclosure: disclosure.Options{Threshold: -1}}); err == nil {
		t.Error("negative threshold: no error")
	}
	// JSON, with snake_case names
	js, err := json.Marshal(tb)
	if err != nil {
		t.Fatal(err)
	}
	var back Table
	if err := json.Unmarshal(js, &back); err != nil || back.Councils[0].Code != "A" || back.All.At(1, 1) != 9 ||
		!strings.Contains(string(js), `"row_header":"Sequel"`) {
		t.Errorf("JSON %s: %v", js, err)
	}
}

// TestSALTErrors: an invalid period or window is an error for every
// measure (ErrInvalidOptions), never a panic or an empty table.
func TestSALTErrors(t *testing.T) {
	d := readRows(t, req("p1", "2023-05-01", "2023-05-02", nfaInfo, community))
	bad := Period{Start: day("2024-01-01"), End: day("2023-01-01")}
	fs := map[string]func(Period, MeasureOptions) error{
		"Measures": func(p Period, o MeasureOptions) error { _, err := Measures(d, p, o); return err },
		"STS001":   func(p Period, o MeasureOptions) error { _, err := STS001(d, p, o); return err },
		"STS002a":  func(p Period, o MeasureOptions) error { _, err := STS002a(d, p, o); return err },
		"STS002b":  func(p Period, o MeasureOptions) error { _, err := STS002b(d, p, o); return err },
		"LTS001a":  func(p Period, o MeasureOptions) error { _, err := LTS001a(d, p, o); return err },
		"LTS001b":  func(p Period, o MeasureOptions) error { _, err := LTS001b(d, p, o); return err },
		"LTS001c":  func(p Period, o MeasureOptions) error { _, err := LTS001c(d, p, o); return err },
		"LTS003":   func(p Period, o MeasureOptions) error { _, err := LTS003(d, p, o); return err },
		"LTS004":   func(p Period, o MeasureOptions) error { _, err := LTS004(d, p, o); return err },
	}
	badWindow := MeasureOptions{Window: Window{After: day("2024-06-01").Time(), By: day("2024-05-01")}}
	for name, f := range fs {
		if err := f(bad, MeasureOptions{}); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%s, period ending before it starts: %v", name, err)
		}
		if err := f(Period{}, MeasureOptions{}); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%s, empty period: %v", name, err)
		}
		if strings.HasPrefix(name, "LTS") || name == "SALT" {
			if err := f(fy23, badWindow); !errors.Is(err, ErrInvalidOptions) {
				t.Errorf("%s, window closing before it opens: %v", name, err)
			}
		}
	}
	// a table's labels are its own
	res, err := Measures(d, fy23, MeasureOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tb := res.LTS001a.Tables[0]
	tb.Cols[0] = "changed"
	if res.LTS001b.Tables[0].Cols[0] != "Nursing" {
		t.Error("tables share their labels")
	}
	if n := len(res.SALTTables()); n != 3+1+2+1+2+6+2+1+4 {
		t.Errorf("%d tables", n)
	}
}
