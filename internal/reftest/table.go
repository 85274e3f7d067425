package reftest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// ErrNoColumn is returned by [Table.Num] for a column name not in the header.
var ErrNoColumn = errors.New("reftest: no such column")

// CellError reports a cell of data.csv that is not a number.
type CellError struct {
	File   string // file name as given
	Line   int    // 1-based line of the record in the file
	Column int    // 1-based column
	Field  string // column name
	Value  string // the offending text
	Err    error  // the strconv error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("reftest: %s:%d: column %d (%s): %q is not a number: %v", e.File, e.Line, e.Column, e.Field, e.Value, e.Err)
}

// Unwrap returns the parse error.
func (e *CellError) Unwrap() error { return e.Err }

// Table is data.csv read as strings: a header row of column names, then
// records of the same length.
type Table struct {
	Names []string // column names, in file order
	file  string
	index map[string]int
	rows  [][]string
	lines []int
}

// Table reads the case's data file (its first data_files entry, data.csv by
// default).
func (c *Case) Table() (*Table, error) {
	name := filepath.Join(c.Dir, c.DataFiles[0])
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reftest: case %s: %w", c.ID, err)
	}
	defer f.Close()
	return ReadTable(f, name)
}

// ReadTable parses CSV with a header row from r (name is used in errors). A
// leading UTF-8 byte-order mark is removed and CRLF line ends are accepted.
// Every record must have as many fields as the header; column names must be
// unique and the header must be present.
func ReadTable(r io.Reader, name string) (*Table, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("reftest: %s: empty file, no header", name)
	}
	if err != nil {
		return nil, fmt.Errorf("reftest: %s: %w", name, err)
	}
	t := &Table{Names: header, file: name, index: make(map[string]int, len(header))}
	for i, h := range header {
		if _, dup := t.index[h]; dup {
			return nil, fmt.Errorf("reftest: %s: duplicate column %q", name, h)
		}
		t.index[h] = i
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reftest: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
	}
	return t, nil
}

// Len returns the number of data rows.
func (t *Table) Len() int { return len(t.rows) }

// Has reports whether the table has a column called name.
func (t *Table) Has(name string) bool {
	_, ok := t.index[name]
	return ok
}

// Num parses column name with strconv.ParseFloat, so values are
// bit-identical to what R read. "NA" and empty cells are NaN (R's NA).
// Errors: [ErrNoColumn], or a *[CellError] naming line, column and field.
func (t *Table) Num(name string) ([]float64, error) {
	j, ok := t.index[name]
	if !ok {
		return nil, fmt.Errorf("%w: %q in %s", ErrNoColumn, name, t.file)
	}
	out := make([]float64, len(t.rows))
	for i, rec := range t.rows {
		s := rec[j]
		if s == "NA" || s == "" {
			out[i] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, &CellError{File: t.file, Line: t.lines[i], Column: j + 1, Field: name, Value: s, Err: err}
		}
		out[i] = v
	}
	return out, nil
}

// Str returns column name as strings (a copy), or nil if there is no such
// column (use [Table.Has] to tell an empty table from a missing column).
func (t *Table) Str(name string) []string {
	j, ok := t.index[name]
	if !ok {
		return nil
	}
	out := make([]string, len(t.rows))
	for i, rec := range t.rows {
		out[i] = rec[j]
	}
	return out
}
