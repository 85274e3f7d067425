package cld

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Table is one SALT table: counts by row (a sequel, a primary support
// reason, a status) and column (a route of access, a support setting, a
// gender), for each council and for all councils together, labelled as
// SALT and NHS England's code label them.
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

// CSVOptions controls Table.WriteCSV. The zero value writes every block
// without suppression.
type CSVOptions struct {
	// Suppress applies small-number suppression (ras/disclosure) to the
	// cells of every block, with Disclosure's options; totals are
	// published as computed, so secondary suppression protects each row
	// and column (see disclosure.SuppressTable).
	Suppress   bool
	Disclosure disclosure.Options
	// AllOnly writes only the all-councils block.
	AllOnly bool
}

// WriteCSV writes the table in the SALT layout: a header (Measure, Table,
// LA_Code, LA_Name, the row heading, the columns, Total), then for each
// council and finally for all councils ("All", "All councils") one line
// per row and a Total line.
func (t *Table) WriteCSV(w io.Writer, opt CSVOptions) error {
	if err := opt.Disclosure.Validate(); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := append([]string{"Measure", "Table", "LA_Code", "LA_Name", t.RowHeader}, t.Cols...)
	if err := cw.Write(append(head, "Total")); err != nil {
		return err
	}
	blocks := make([]*Block, 0, len(t.Councils)+1)
	if !opt.AllOnly {
		for k := range t.Councils {
			blocks = append(blocks, &t.Councils[k])
		}
	}
	blocks = append(blocks, &t.All)
	nc := len(t.Cols)
	line := make([]string, 0, len(head)+1)
	for _, b := range blocks {
		code, name := b.Code, b.Name
		if b == &t.All {
			code, name = "All", "All councils"
		}
		format := func(r, c int) string { return strconv.Itoa(b.At(r, c)) }
		if opt.Suppress {
			m := make([][]int, len(t.Rows))
			for r := range m {
				m[r] = b.Cells[r*nc : (r+1)*nc]
			}
			s, err := disclosure.SuppressTable(m, opt.Disclosure)
			if err != nil {
				return fmt.Errorf("cld: %s %s: %w", t.Measure, t.Name, err)
			}
			format = s.Format
		}
		for r, label := range t.Rows {
			line = append(line[:0], t.Measure, t.Name, code, name, label)
			for c := range nc {
				line = append(line, format(r, c))
			}
			if err := cw.Write(append(line, strconv.Itoa(b.RowTotals[r]))); err != nil {
				return err
			}
		}
		line = append(line[:0], t.Measure, t.Name, code, name, "Total")
		for c := range nc {
			line = append(line, strconv.Itoa(b.ColTotals[c]))
		}
		if err := cw.Write(append(line, strconv.Itoa(b.Total))); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
