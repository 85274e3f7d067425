package cld

import (
	"io"
	"strconv"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Output is one published table of a measure: a SALT table (Table), an
// ASCOF table (ASCOFTable) or the waiting times (WaitTimesResult). Each
// writes CSV in its publication layout and lays itself out as report
// tables with the same cells.
type Output interface {
	// WriteCSV writes the table in its publication layout.
	WriteCSV(w io.Writer, opt CSVOptions) error
	// Grids lays the table out as report tables, one per council and one
	// for all councils (only that one with opt.AllOnly), its cells as
	// WriteCSV writes them.
	Grids(opt CSVOptions) ([]Grid, error)
}

// Grid is one table laid out for a report: a measure's table for one
// council (or all councils, code "All"), with its row and column labels
// and, cell by cell, what is published.
type Grid struct {
	Measure string `json:"measure"` // "STS001", "2E", "Waiting times", …
	Name    string `json:"name"`    // the table within the measure
	Title   string `json:"title"`
	// Code and Council are the council's LA_Code and LA_Name ("All",
	// "All councils" for the all-councils block).
	Code    string `json:"la_code"`
	Council string `json:"la_name"`
	// RowHeader heads the row labels; Cols are the column labels.
	RowHeader string    `json:"row_header"`
	Cols      []string  `json:"cols"`
	Rows      []GridRow `json:"rows"`
}

// GridRow is one row of a Grid: its label and a cell per column.
type GridRow struct {
	Label string `json:"label"`
	// Total marks a total row.
	Total bool   `json:"total,omitempty"`
	Cells []Cell `json:"cells"`
}

// Cell is one published value: Text as written (a count, a figure with
// its decimal places, the undefined mark, or a suppression mark), Value
// the number shown and Defined whether there is one. A hidden cell
// (Status Primary or Secondary) shows its mark, with Value 0 and Defined
// false, so that nothing hidden reaches a report.
type Cell struct {
	Text    string            `json:"text"`
	Value   float64           `json:"value"`
	Defined bool              `json:"defined"`
	Status  disclosure.Status `json:"status"`
}

// countCell is a count with its suppression status.
func countCell(n int, s disclosure.Status, o disclosure.Options) Cell {
	if s.Hidden() {
		return Cell{Text: hiddenMark(s, o), Status: s}
	}
	return Cell{Text: strconv.Itoa(n), Value: float64(n), Defined: true}
}

// figureCell is a figure hidden with the count it derives from (status).
func figureCell(f Figure, s disclosure.Status, o disclosure.Options, opt CSVOptions) Cell {
	switch {
	case s.Hidden():
		return Cell{Text: hiddenMark(s, o), Status: s}
	case !f.Defined():
		return Cell{Text: opt.undefined()}
	}
	return Cell{Text: f.format(opt.decimals(), ""), Value: f.Value, Defined: true}
}
