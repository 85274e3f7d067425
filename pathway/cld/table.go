package cld

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Table is one SALT table: counts by row (a sequel, a primary support
// reason, a status) and column (a route of access, a support setting, a
// gender), for each council and for all councils together, labelled as
// SALT and NHS England's code label them. It writes CSV in the SALT
// layout (WriteCSV), lays itself out as report tables (Grids) and takes
// small-number suppression (Suppress).
type Table struct {
	Measure   string   `json:"measure"`    // "STS001", "LTS001b", …
	Name      string   `json:"name"`       // the table within the measure: "Table 1a", "18 to 64", …
	Title     string   `json:"title"`      // what is counted, in words
	Unit      string   `json:"unit"`       // what one count is: "requests", "clients", "carers", "episodes"
	RowHeader string   `json:"row_header"` // the heading of the row labels ("Sequel", "Primary Support Reason")
	Rows      []string `json:"rows"`
	Cols      []string `json:"cols"`
	// Distinct says the table counts people: in All, and in every total,
	// a person is counted once however many cells, rows, columns or
	// councils count them (NHS England's count(distinct ID)). Otherwise
	// the table counts requests or episodes, and totals are sums.
	Distinct bool `json:"distinct"`
	// Councils holds a block for every council of the Data, in its order.
	Councils []Block `json:"councils"`
	// All is every council together.
	All Block `json:"all"`
	// Suppressed says whether Suppress has set the blocks' statuses, and
	// with which options.
	Suppressed  bool               `json:"suppressed"`
	Suppression disclosure.Options `json:"suppression"`
}

// Block is a table's counts for one council, or for all of them.
type Block struct {
	// Code and Name are the council's (LA_Code, LA_Name); both are empty
	// in the all-councils block.
	Code string `json:"la_code"`
	Name string `json:"la_name"`
	// Cells holds the counts row by row: cell (r, c) is
	// Cells[r*len(Cols)+c].
	Cells     []int `json:"cells"`
	RowTotals []int `json:"row_totals"` // by row
	ColTotals []int `json:"col_totals"` // by column
	Total     int   `json:"total"`
	// Status holds, once the table is suppressed (Table.Suppress), the
	// status of each cell, like Cells; totals are published.
	Status []disclosure.Status `json:"status,omitempty"`
}

// At returns the count of row r and column c.
func (b *Block) At(r, c int) int { return b.Cells[r*len(b.ColTotals)+c] }

// Count returns the all-councils count of the cell labelled row and col,
// and false when either label is not the table's.
func (t *Table) Count(row, col string) (int, bool) {
	r, c := slices.Index(t.Rows, row), slices.Index(t.Cols, col)
	if r < 0 || c < 0 {
		return 0, false
	}
	return t.All.At(r, c), true
}

// RowTotal returns the all-councils total of the row labelled row, and
// false when it is not one of the table's rows.
func (t *Table) RowTotal(row string) (int, bool) {
	r := slices.Index(t.Rows, row)
	if r < 0 {
		return 0, false
	}
	return t.All.RowTotals[r], true
}

// Council returns the block of the council with that code, or nil.
func (t *Table) Council(code string) *Block {
	for k := range t.Councils {
		if t.Councils[k].Code == code {
			return &t.Councils[k]
		}
	}
	return nil
}

func newBlock(c Council, rows, cols int) Block {
	return Block{Code: c.Code, Name: c.Name, Cells: make([]int, rows*cols), RowTotals: make([]int, rows), ColTotals: make([]int, cols)}
}

// tally is one counted item: a request, an episode, or a person in one
// cell.
type tally struct {
	person   int32
	council  uint32
	row, col uint16
}

// newTable builds a table from its tallies (which it reorders).
func newTable(d *Data, t Table, items []tally) *Table {
	nr, nc := len(t.Rows), len(t.Cols)
	t.Rows, t.Cols = slices.Clone(t.Rows), slices.Clone(t.Cols)
	t.Councils = make([]Block, len(d.Councils))
	for k, c := range d.Councils {
		t.Councils[k] = newBlock(c, nr, nc)
	}
	t.All = newBlock(Council{}, nr, nc)
	if !t.Distinct {
		for _, x := range items {
			for _, b := range []*Block{&t.Councils[x.council], &t.All} {
				b.Cells[int(x.row)*nc+int(x.col)]++
				b.RowTotals[x.row]++
				b.ColTotals[x.col]++
				b.Total++
			}
		}
		return &t
	}
	slices.SortFunc(items, func(a, b tally) int {
		return cmp.Or(cmp.Compare(a.person, b.person), cmp.Compare(a.council, b.council),
			cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	var cells, cols []uint32
	for lo := 0; lo < len(items); {
		hi := lo + 1
		for hi < len(items) && items[hi].person == items[lo].person {
			hi++
		}
		p := items[lo:hi]
		// per council: the items of a council are adjacent, sorted by row
		// then column
		for a := 0; a < len(p); {
			z := a + 1
			for z < len(p) && p[z].council == p[a].council {
				z++
			}
			countDistinct(&t.Councils[p[a].council], p[a:z], nc, &cells, &cols)
			a = z
		}
		countDistinct(&t.All, p, nc, &cells, &cols)
		lo = hi
	}
	return &t
}

// countDistinct counts one person's items into b: once per distinct
// cell, row and column, and once in the total.
func countDistinct(b *Block, p []tally, nc int, cells, cols *[]uint32) {
	*cells, *cols = (*cells)[:0], (*cols)[:0]
	for _, x := range p {
		*cells = append(*cells, uint32(x.row)<<16|uint32(x.col))
		*cols = append(*cols, uint32(x.col))
	}
	slices.Sort(*cells)
	slices.Sort(*cols)
	for k, v := range *cells {
		if k > 0 && v == (*cells)[k-1] {
			continue
		}
		r, c := int(v>>16), int(v&0xffff)
		b.Cells[r*nc+c]++
		if k == 0 || v>>16 != (*cells)[k-1]>>16 {
			b.RowTotals[r]++
		}
	}
	for k, v := range *cols {
		if k == 0 || v != (*cols)[k-1] {
			b.ColTotals[v]++
		}
	}
	b.Total++
}

// The package's suppression rule, the same for every table: every count
// published is a cell (the councils' counts and the all-councils counts
// alike), and small counts are hidden (primary suppression); every line
// of cells whose total is published (a row or a column of a council's
// table, with its totals; the councils' counts of one cell, whose total is
// the all-councils count) is protected so that no hidden cell can be
// recovered by subtraction (secondary suppression, ras/disclosure's rule:
// disclosure.SuppressLines). An all-councils count that is itself small
// is hidden, so a file of one council shows nothing of it that its own
// table hides.

// suppression lays a table's counts out as cells and lines for
// disclosure.SuppressLines.
type suppression struct {
	counts []int
	lines  []disclosure.Line
}

// cell adds a count and returns its index.
func (s *suppression) cell(n int) int {
	s.counts = append(s.counts, n)
	return len(s.counts) - 1
}

// line adds a line of cells whose total is published outright (total
// −1) or is the count at index total.
func (s *suppression) line(cells []int, total int) {
	s.lines = append(s.lines, disclosure.Line{Cells: cells, Total: total})
}

func (s *suppression) run(opt disclosure.Options) ([]disclosure.Status, error) {
	l, err := disclosure.SuppressLines(s.counts, s.lines, opt)
	if err != nil {
		return nil, err
	}
	return l.Status, nil
}

// Suppress returns a copy of the table with small-number suppression
// applied with opt (see above): the cells of each council's block and of
// the all-councils block are cells; each block's rows and columns are
// lines whose totals are published; and the councils' counts of each
// cell are a line whose total is the all-councils count. The counts are
// kept; Block.Status says which are hidden, and WriteCSV and Grids write
// their marks. (In a table of people, the all-councils count of a cell
// counts a person once, so it is at most the councils' sum: the line is
// protected all the same.)
func (t *Table) Suppress(opt disclosure.Options) (*Table, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := *t
	out.Suppressed, out.Suppression = true, opt
	out.Councils = slices.Clone(t.Councils)
	blocks := make([]*Block, 0, len(out.Councils)+1)
	for k := range out.Councils {
		blocks = append(blocks, &out.Councils[k])
	}
	blocks = append(blocks, &out.All)
	nr, nc := len(t.Rows), len(t.Cols)
	var s suppression
	at := func(b, r, c int) int { return (b*nr+r)*nc + c }
	for _, b := range blocks {
		for _, n := range b.Cells {
			s.cell(n)
		}
	}
	for k := range blocks {
		for r := range nr {
			cells := make([]int, nc)
			for c := range nc {
				cells[c] = at(k, r, c)
			}
			s.line(cells, -1)
		}
		for c := range nc {
			cells := make([]int, nr)
			for r := range nr {
				cells[r] = at(k, r, c)
			}
			s.line(cells, -1)
		}
	}
	all := len(blocks) - 1
	for r := range nr {
		for c := range nc {
			cells := make([]int, all)
			for k := range all {
				cells[k] = at(k, r, c)
			}
			s.line(cells, at(all, r, c))
		}
	}
	st, err := s.run(opt)
	if err != nil {
		return nil, fmt.Errorf("cld: %s %s: %w", t.Measure, t.Name, err)
	}
	for k, b := range blocks {
		b.Status = st[at(k, 0, 0):at(k+1, 0, 0):at(k+1, 0, 0)]
	}
	return &out, nil
}

// status returns the status of cell (r, c) of a block.
func (b *Block) status(r, c int) disclosure.Status {
	if b.Status == nil {
		return disclosure.Shown
	}
	return b.Status[r*len(b.ColTotals)+c]
}

// CSVOptions controls how every table of the package (Table, ASCOFTable,
// WaitTimesResult) writes CSV and lays itself out as report tables
// (Grids). The zero value writes every council's block and the
// all-councils block, figures with one decimal place, undefined figures
// as "undefined", and no suppression beyond what Suppress has applied.
type CSVOptions struct {
	// Suppress applies small-number suppression with Disclosure's options
	// to a table that has not been suppressed (see each table's
	// Suppress); a table already suppressed keeps its own.
	Suppress   bool
	Disclosure disclosure.Options
	// AllOnly writes only the all-councils block or rows.
	AllOnly bool
	// Decimals is the number of decimal places of figures (percentages,
	// rates, days); 0 means 1, as NHS England publishes them; a negative
	// value means as many as the value needs.
	Decimals int
	// UndefinedMark is written for an undefined figure or a missing
	// population; "" means "undefined".
	UndefinedMark string
}

func (o CSVOptions) decimals() int {
	switch {
	case o.Decimals == 0:
		return 1
	case o.Decimals < 0:
		return -1
	}
	return o.Decimals
}

func (o CSVOptions) undefined() string {
	if o.UndefinedMark == "" {
		return "undefined"
	}
	return o.UndefinedMark
}

// hiddenMark is the mark written for a hidden count with the options of
// the suppression that hid it ("*" by default).
func hiddenMark(s disclosure.Status, o disclosure.Options) string {
	m := o.PrimaryMark
	if s == disclosure.Secondary {
		m = o.SecondaryMark
	}
	if m == "" {
		m = "*"
	}
	return m
}

// suppressible is a table that takes suppression (Table, ASCOFTable,
// WaitTimesResult).
type suppressible[T any] interface {
	Suppress(disclosure.Options) (T, error)
	isSuppressed() bool
}

// prepare applies the options' suppression to a table not yet
// suppressed, for writing.
func prepare[T suppressible[T]](t T, opt CSVOptions) (T, error) {
	if err := opt.Disclosure.Validate(); err != nil {
		var zero T
		return zero, err
	}
	if opt.Suppress && !t.isSuppressed() {
		return t.Suppress(opt.Disclosure)
	}
	return t, nil
}

func (t *Table) isSuppressed() bool { return t.Suppressed }

// blocks returns the blocks written with opt: each council's, then all
// councils' (only that one with AllOnly).
func (t *Table) blocks(opt CSVOptions) []*Block {
	bs := make([]*Block, 0, len(t.Councils)+1)
	if !opt.AllOnly {
		for k := range t.Councils {
			bs = append(bs, &t.Councils[k])
		}
	}
	return append(bs, &t.All)
}

// Grids lays the table out as report tables: one per block (each
// council's, then all councils', code "All"), with the table's rows and a
// Total row, its columns and a Total column, cells as WriteCSV writes
// them.
func (t *Table) Grids(opt CSVOptions) ([]Grid, error) {
	t, err := prepare(t, opt)
	if err != nil {
		return nil, err
	}
	var gs []Grid
	nc := len(t.Cols)
	for _, b := range t.blocks(opt) {
		g := Grid{Measure: t.Measure, Name: t.Name, Title: t.Title, Code: b.Code, Council: b.Name, RowHeader: t.RowHeader,
			Cols: append(slices.Clone(t.Cols), "Total")}
		if b == &t.All {
			g.Code, g.Council = "All", "All councils"
		}
		for r, label := range t.Rows {
			row := GridRow{Label: label, Cells: make([]Cell, 0, nc+1)}
			for c := range nc {
				row.Cells = append(row.Cells, countCell(b.At(r, c), b.status(r, c), t.Suppression))
			}
			row.Cells = append(row.Cells, countCell(b.RowTotals[r], disclosure.Shown, t.Suppression))
			g.Rows = append(g.Rows, row)
		}
		tot := GridRow{Label: "Total", Total: true, Cells: make([]Cell, 0, nc+1)}
		for c := range nc {
			tot.Cells = append(tot.Cells, countCell(b.ColTotals[c], disclosure.Shown, t.Suppression))
		}
		tot.Cells = append(tot.Cells, countCell(b.Total, disclosure.Shown, t.Suppression))
		g.Rows = append(g.Rows, tot)
		gs = append(gs, g)
	}
	return gs, nil
}

// TableCSVHeader is the start of the header of Table.WriteCSV; the row
// heading, the table's columns and "Total" follow.
var TableCSVHeader = []string{"Measure", "Table", "LA_Code", "LA_Name"}

// WriteCSV writes the table in the SALT layout: a header (Measure, Table,
// LA_Code, LA_Name, the row heading, the columns, Total), then for each
// council and finally for all councils ("All", "All councils") one line
// per row and a Total line (its Grids, line by line). Hidden cells are
// written as their suppression marks.
func (t *Table) WriteCSV(w io.Writer, opt CSVOptions) error {
	gs, err := t.Grids(opt)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := append(slices.Clone(TableCSVHeader), t.RowHeader)
	head = append(append(head, t.Cols...), "Total")
	if err := cw.Write(head); err != nil {
		return err
	}
	line := make([]string, 0, len(head))
	for _, g := range gs {
		for _, r := range g.Rows {
			line = append(line[:0], g.Measure, g.Name, g.Code, g.Council, r.Label)
			for _, c := range r.Cells {
				line = append(line, c.Text)
			}
			if err := cw.Write(line); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
