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
	// status of each cell, like Cells; RowStatus and ColStatus those of
	// the row and column totals, like RowTotals and ColTotals, and
	// TotalStatus that of the total. Totals are counts like the cells and
	// are hidden by the same rule. Before suppression Status, RowStatus
	// and ColStatus are nil and everything is shown.
	Status      []disclosure.Status `json:"status,omitempty"`
	RowStatus   []disclosure.Status `json:"row_status,omitempty"`
	ColStatus   []disclosure.Status `json:"col_status,omitempty"`
	TotalStatus disclosure.Status   `json:"total_status"`
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
// published is a cell of one suppression problem (disclosure.SuppressLines)
// — a table's cells and its row, column and grand totals, in every
// council's block and in the all-councils block alike — and a small count
// is hidden wherever it is (primary suppression). Every line of counts
// whose total is also published links its cells to that total, which is
// itself a cell: a row of a block with its row total, a column with its
// column total, the row totals and the column totals with the grand
// total, and the councils' counts of one cell or total with the
// all-councils count. Secondary suppression then leaves no line with
// exactly one hidden member, so no hidden count, cell or total, is the
// difference of shown ones within a line: a hidden total whose cells are
// all shown loses one of them too; and SuppressLines's audit leaves no
// small count determined by several lines together. (In a table of
// people a person counted in several cells, rows or councils is counted
// once in their total, so the total is at most the sum; the line is
// protected all the same.)
// The tables of one measure that count the same people or requests in
// different ways are linked too (see tableLink), when they are
// suppressed together (STS001Result.Suppress, Results.Suppress, …).

// suppression lays counts out as cells and lines for
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

// line adds a line: cells whose total is the count at index total.
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

// tableLink says that tables are parts of a whole: in every block (each
// council's and all councils'), the parts' totals add up to the whole's —
// row by row when Rows (parts and whole share their rows), column by
// column when Cols (they share their columns), and the grand totals when
// Total. STS001's tables by age band are parts of its table by record
// type, row by row; STS002a's table by age band and its table by record
// type count the same episodes (one part). In a table of people the sum
// may exceed the whole (a person in two parts), or fall short of it (a
// part not published, such as LTS001b's clients under 18): the line is
// protected all the same, as a reader who knows the rest is small could
// otherwise subtract. The links must not contradict each other (taken
// together they must not force a count to be zero that need not be), or
// the audit of disclosure.SuppressLines would see counts determined that
// are not: a link that holds only in some blocks says so (when).
type tableLink struct {
	parts             []int // indices of the tables linked
	whole             int
	rows, cols, total bool
	// when, if not nil, says in which blocks (k: the councils in order,
	// then all councils) the link holds.
	when func(k int) bool
}

// tableCounts places a table's counts in a suppression problem: each
// block in turn (the councils', then all councils'), each block its
// cells row by row, its row totals, its column totals and its total.
type tableCounts struct {
	base, nr, nc, blocks int
}

func (x tableCounts) size() int             { return x.nr*x.nc + x.nr + x.nc + 1 }
func (x tableCounts) block(k int) int       { return x.base + k*x.size() }
func (x tableCounts) cell(k, r, c int) int  { return x.block(k) + r*x.nc + c }
func (x tableCounts) rowTotal(k, r int) int { return x.block(k) + x.nr*x.nc + r }
func (x tableCounts) colTotal(k, c int) int { return x.block(k) + x.nr*x.nc + x.nr + c }
func (x tableCounts) grandTotal(k int) int  { return x.block(k) + x.nr*x.nc + x.nr + x.nc }
func (x tableCounts) end() int              { return x.block(x.blocks) }

// suppressTables returns copies of tables suppressed together with opt:
// every count of every block a cell, each table's lines (rows, columns,
// margins, councils against all councils) and the links between tables.
// Linked tables must have the same councils, and the rows (columns) a
// link joins must agree in number.
func suppressTables(tables []*Table, links []tableLink, opt disclosure.Options) ([]*Table, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	var s suppression
	xs := make([]tableCounts, len(tables))
	bs := make([][]*Block, len(tables))
	out := make([]*Table, len(tables))
	for i, t := range tables {
		o := *t
		o.Suppressed, o.Suppression = true, opt
		o.Councils = slices.Clone(t.Councils)
		out[i] = &o
		for k := range o.Councils {
			bs[i] = append(bs[i], &o.Councils[k])
		}
		bs[i] = append(bs[i], &o.All)
		x := tableCounts{base: len(s.counts), nr: len(t.Rows), nc: len(t.Cols), blocks: len(bs[i])}
		xs[i] = x
		for _, b := range bs[i] {
			if len(b.Cells) != x.nr*x.nc || len(b.RowTotals) != x.nr || len(b.ColTotals) != x.nc {
				return nil, fmt.Errorf("cld: %s %s: block %q has %d cells, %d row and %d column totals for %d rows and %d columns",
					t.Measure, t.Name, b.Code, len(b.Cells), len(b.RowTotals), len(b.ColTotals), x.nr, x.nc)
			}
			for _, n := range b.Cells {
				s.cell(n)
			}
			for _, n := range b.RowTotals {
				s.cell(n)
			}
			for _, n := range b.ColTotals {
				s.cell(n)
			}
			s.cell(b.Total)
		}
	}
	for _, x := range xs {
		tableLines(&s, x)
	}
	for _, l := range links {
		if err := linkLines(&s, xs, tables, l); err != nil {
			return nil, err
		}
	}
	st, err := s.run(opt)
	if err != nil {
		return nil, fmt.Errorf("cld: %s %s: %w", tables[0].Measure, tables[0].Name, err)
	}
	for i, x := range xs {
		for k, b := range bs[i] {
			b.Status = slices.Clone(st[x.cell(k, 0, 0) : x.cell(k, 0, 0)+x.nr*x.nc])
			b.RowStatus = slices.Clone(st[x.rowTotal(k, 0) : x.rowTotal(k, 0)+x.nr])
			b.ColStatus = slices.Clone(st[x.colTotal(k, 0) : x.colTotal(k, 0)+x.nc])
			b.TotalStatus = st[x.grandTotal(k)]
		}
	}
	return out, nil
}

// tableLines adds a table's lines: in every block each row with its row
// total, each column with its column total, the row totals and the
// column totals with the grand total; then, for every cell and total,
// the councils' counts with the all-councils count.
func tableLines(s *suppression, x tableCounts) {
	for k := range x.blocks {
		for r := range x.nr {
			cells := make([]int, x.nc)
			for c := range x.nc {
				cells[c] = x.cell(k, r, c)
			}
			s.line(cells, x.rowTotal(k, r))
		}
		for c := range x.nc {
			cells := make([]int, x.nr)
			for r := range x.nr {
				cells[r] = x.cell(k, r, c)
			}
			s.line(cells, x.colTotal(k, c))
		}
		rows := make([]int, x.nr)
		for r := range x.nr {
			rows[r] = x.rowTotal(k, r)
		}
		s.line(rows, x.grandTotal(k))
		cols := make([]int, x.nc)
		for c := range x.nc {
			cols[c] = x.colTotal(k, c)
		}
		s.line(cols, x.grandTotal(k))
	}
	all := x.blocks - 1
	for off := range x.size() {
		cells := make([]int, all)
		for k := range all {
			cells[k] = x.block(k) + off
		}
		s.line(cells, x.block(all)+off)
	}
}

// linkLines adds a link's lines, block by block.
func linkLines(s *suppression, xs []tableCounts, tables []*Table, l tableLink) error {
	w := xs[l.whole]
	for _, p := range l.parts {
		x := xs[p]
		if x.blocks != w.blocks || (l.rows && x.nr != w.nr) || (l.cols && x.nc != w.nc) {
			return fmt.Errorf("cld: %s %s cannot be linked to %s %s", tables[p].Measure, tables[p].Name, tables[l.whole].Measure, tables[l.whole].Name)
		}
	}
	add := func(part func(x tableCounts) int, whole int) {
		cells := make([]int, len(l.parts))
		for j, p := range l.parts {
			cells[j] = part(xs[p])
		}
		s.line(cells, whole)
	}
	for k := range w.blocks {
		if l.when != nil && !l.when(k) {
			continue
		}
		if l.rows {
			for r := range w.nr {
				add(func(x tableCounts) int { return x.rowTotal(k, r) }, w.rowTotal(k, r))
			}
		}
		if l.cols {
			for c := range w.nc {
				add(func(x tableCounts) int { return x.colTotal(k, c) }, w.colTotal(k, c))
			}
		}
		if l.total {
			add(func(x tableCounts) int { return x.grandTotal(k) }, w.grandTotal(k))
		}
	}
	return nil
}

// Suppress returns a copy of the table with small-number suppression
// applied with opt (see above): the cells and the row, column and grand
// totals of each council's block and of the all-councils block are
// cells; each row and column of a block is a line whose total is its row
// or column total, and the row totals and the column totals are lines
// whose total is the grand total; the councils' counts of each cell and
// each total are a line whose total is the all-councils count. The counts
// are kept; Block.Status, RowStatus, ColStatus and TotalStatus say which
// are hidden, and WriteCSV and Grids write their marks. A table
// suppressed alone is protected within itself: to publish several tables
// of one measure, suppress them together (the measure's Suppress, or
// Results.Suppress), so that the totals they share are protected too.
func (t *Table) Suppress(opt disclosure.Options) (*Table, error) {
	ts, err := suppressTables([]*Table{t}, nil, opt)
	if err != nil {
		return nil, err
	}
	return ts[0], nil
}

// StatusAt returns the status of cell (r, c): Shown before suppression.
func (b *Block) StatusAt(r, c int) disclosure.Status {
	if b.Status == nil {
		return disclosure.Shown
	}
	return b.Status[r*len(b.ColTotals)+c]
}

// RowTotalStatus returns the status of row r's total: Shown before
// suppression.
func (b *Block) RowTotalStatus(r int) disclosure.Status {
	if b.RowStatus == nil {
		return disclosure.Shown
	}
	return b.RowStatus[r]
}

// ColTotalStatus returns the status of column c's total: Shown before
// suppression.
func (b *Block) ColTotalStatus(c int) disclosure.Status {
	if b.ColStatus == nil {
		return disclosure.Shown
	}
	return b.ColStatus[c]
}

// CSVOptions controls how every table of the package (Table, ASCOFTable,
// WaitTimesResult) writes CSV and lays itself out as report tables
// (Grids). The zero value writes every council's block and the
// all-councils block, figures with one decimal place, undefined figures
// as "undefined", and no suppression beyond what Suppress has applied.
type CSVOptions struct {
	// Suppress applies small-number suppression with Disclosure's options
	// to a table that has not been suppressed (see each table's
	// Suppress); a table already suppressed keeps its own. It protects
	// the table on its own: tables published together are suppressed
	// together first (Results.Suppress, or the measure's Suppress).
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
				row.Cells = append(row.Cells, countCell(b.At(r, c), b.StatusAt(r, c), t.Suppression))
			}
			row.Cells = append(row.Cells, countCell(b.RowTotals[r], b.RowTotalStatus(r), t.Suppression))
			g.Rows = append(g.Rows, row)
		}
		tot := GridRow{Label: "Total", Total: true, Cells: make([]Cell, 0, nc+1)}
		for c := range nc {
			tot.Cells = append(tot.Cells, countCell(b.ColTotals[c], b.ColTotalStatus(c), t.Suppression))
		}
		tot.Cells = append(tot.Cells, countCell(b.Total, b.TotalStatus, t.Suppression))
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
