package cld

import (
	"bytes"
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
}
