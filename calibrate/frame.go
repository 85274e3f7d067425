package calibrate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// ErrMissing reports a missing value (an NA cell, an empty cell, or NaN)
// where a value is needed: in a variable a model matrix uses, unless
// FormulaOptions.DropMissing lists and drops such rows instead.
var ErrMissing = errors.New("calibrate: missing value")

// ColumnKind says what a Frame column holds.
type ColumnKind int

const (
	// Numeric columns hold float64 values (NaN where missing).
	Numeric ColumnKind = iota + 1
	// Text columns hold strings; in a formula they are factors.
	Text
)

func (k ColumnKind) String() string {
	switch k {
	case Numeric:
		return "numeric"
	case Text:
		return "text"
	}
	return fmt.Sprintf("ColumnKind(%d)", int(k))
}

// Frame is a table of named columns, numeric or text, one value per row:
// the data a formula refers to (R's data.frame). Build one from CSV with
// ReadFrame or column by column with NewFrame, AddNumeric and AddText.
//
// A Frame is read-only once built (the Add methods aside) and safe for
// concurrent use; the accessors return copies.
type Frame struct {
	cols  []frameColumn
	index map[string]int
	n     int
	lines []int // CSV line of each row; nil for a frame built in memory
}

type frameColumn struct {
	name    string
	kind    ColumnKind
	num     []float64 // Numeric: NaN where missing
	text    []string  // Text
	missing []bool    // Text: true where missing (nil when none is)
	// integer: every value of a numeric column is written as an integer
	// that fits R's integer type (as read.csv types it), so factor levels
	// are labelled as integers ("100000", not R's double "1e+05").
	integer bool
	// notNum is the first row of a text column whose text is not a
	// number, or -1 (for messages: why a column meant as numeric is text).
	notNum int
}

// NewFrame returns an empty frame; add columns with AddNumeric and AddText.
func NewFrame() *Frame { return &Frame{index: map[string]int{}} }

// Len returns the number of rows.
func (f *Frame) Len() int { return f.n }

// Names returns the column names in order.
func (f *Frame) Names() []string {
	out := make([]string, len(f.cols))
	for j := range f.cols {
		out[j] = f.cols[j].name
	}
	return out
}

// Has reports whether the frame has a column called name.
func (f *Frame) Has(name string) bool {
	_, ok := f.index[name]
	return ok
}

// Kind returns the kind of column name, or 0 if there is none.
func (f *Frame) Kind(name string) ColumnKind {
	j, ok := f.index[name]
	if !ok {
		return 0
	}
	return f.cols[j].kind
}

// Line returns the CSV line (1-based, the header being line 1 in a file
// without blank lines) of row i (0-based), or 0 for a frame built in memory.
func (f *Frame) Line(i int) int {
	if f.lines == nil || i < 0 || i >= len(f.lines) {
		return 0
	}
	return f.lines[i]
}

func (f *Frame) col(name string) (*frameColumn, error) {
	j, ok := f.index[name]
	if !ok {
		return nil, fmt.Errorf("%w: frame has no column %q (columns: %s)", ErrInvalidInput, name, quoteList(f.Names()))
	}
	return &f.cols[j], nil
}

// Numeric returns a copy of numeric column name (NaN where missing). A text
// column is an error naming its first cell that is not a number.
func (f *Frame) Numeric(name string) ([]float64, error) {
	c, err := f.col(name)
	if err != nil {
		return nil, err
	}
	if c.kind != Numeric {
		return nil, f.notNumericError(c)
	}
	return slices.Clone(c.num), nil
}

func (f *Frame) notNumericError(c *frameColumn) error {
	if c.notNum >= 0 {
		return &FrameError{Line: f.Line(c.notNum), Row: c.notNum, Column: f.index[c.name] + 1, Field: c.name,
			Err: fmt.Errorf("%w: column is text, not numeric: %q is not a number", ErrInvalidInput, c.text[c.notNum])}
	}
	return fmt.Errorf("%w: column %q is text, not numeric", ErrInvalidInput, c.name)
}

// Text returns a copy of text column name; missing values are "" and
// reported in the second result (nil when no value is missing). A numeric
// column is an error.
func (f *Frame) Text(name string) ([]string, []bool, error) {
	c, err := f.col(name)
	if err != nil {
		return nil, nil, err
	}
	if c.kind != Text {
		return nil, nil, fmt.Errorf("%w: column %q is numeric, not text", ErrInvalidInput, name)
	}
	return slices.Clone(c.text), slices.Clone(c.missing), nil
}

func (f *Frame) checkAdd(name string, n int) error {
	if f.index == nil {
		f.index = map[string]int{}
	}
	if name == "" {
		return invalidf("frame: empty column name")
	}
	if err := field.ID(name); err != nil {
		return invalidf("frame: column name: %v", err)
	}
	if _, dup := f.index[name]; dup {
		return invalidf("frame: duplicate column %q", name)
	}
	if len(f.cols) > 0 && n != f.n {
		return lengthf("frame: column %q has %d values, the frame has %d rows", name, n, f.n)
	}
	return nil
}

// AddNumeric adds a numeric column (copied). NaN marks a missing value;
// ±Inf is an error (a *DataError naming the row). When every value is a
// whole number within R's integer range, factor(col) labels its levels as
// integers ("100000"), as R labels an integer column; otherwise as R
// prints doubles ("1e+05").
func (f *Frame) AddNumeric(name string, v []float64) error {
	if err := f.checkAdd(name, len(v)); err != nil {
		return err
	}
	integer := true
	for i, x := range v {
		if math.IsInf(x, 0) {
			return &DataError{Row: i, Column: name, Value: x, Err: ErrNonFinite}
		}
		if !math.IsNaN(x) && !(x == math.Trunc(x) && math.Abs(x) <= math.MaxInt32) {
			integer = false
		}
	}
	f.add(frameColumn{name: name, kind: Numeric, num: slices.Clone(v), integer: integer, notNum: -1}, len(v))
	return nil
}

// AddText adds a text column (copied). missing, if not nil, marks missing
// values (one flag per row). Every string must be valid UTF-8 without
// control characters (a *FrameError naming the row otherwise).
func (f *Frame) AddText(name string, v []string, missing []bool) error {
	if err := f.checkAdd(name, len(v)); err != nil {
		return err
	}
	if missing != nil && len(missing) != len(v) {
		return lengthf("frame: column %q has %d values and %d missing flags", name, len(v), len(missing))
	}
	c := frameColumn{name: name, kind: Text, text: slices.Clone(v), notNum: -1}
	for i, s := range v {
		if missing != nil && missing[i] {
			continue
		}
		if err := field.ID(s); err != nil {
			return &FrameError{Row: i, Column: len(f.cols) + 1, Field: name, Err: fmt.Errorf("%w: %w", ErrInvalidInput, err)}
		}
		if _, err := field.Float(s); err != nil && c.notNum < 0 {
			c.notNum = i
		}
	}
	if slices.Contains(missing, true) {
		c.missing = slices.Clone(missing)
	}
	f.add(c, len(v))
	return nil
}

func (f *Frame) add(c frameColumn, n int) {
	f.index[c.name] = len(f.cols)
	f.cols = append(f.cols, c)
	f.n = n
}

// FrameError reports a bad cell, row or header of a frame's input: the CSV
// line (1-based; 0 for a frame built in memory), the 0-based data row (−1
// for the header), the 1-based column and its name. It unwraps to
// ErrInvalidInput and to the cause, for example
// field.ErrNotDecimal for a cell of a numeric column that is not a number.
type FrameError struct {
	Line   int
	Row    int
	Column int
	Field  string
	Err    error
}

func (e *FrameError) Error() string {
	var b strings.Builder
	b.WriteString("calibrate: frame: ")
	switch {
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d", e.Line)
	case e.Row >= 0:
		fmt.Fprintf(&b, "row %d (0-based)", e.Row)
	default:
		b.WriteString("header")
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, " (%s)", e.Field)
	}
	fmt.Fprintf(&b, ": %s", strings.TrimPrefix(e.Err.Error(), "calibrate: "))
	return b.String()
}

func (e *FrameError) Unwrap() error { return e.Err }

// FrameOptions controls ReadFrame. The zero value reads comma-separated
// values with R's read.csv conventions for numbers and missing values.
type FrameOptions struct {
	// Comma is the field separator; 0 means ','.
	Comma rune
	// NA lists the cell texts that mean a missing value, compared exactly;
	// nil means "NA" and the empty cell. (R's read.csv keeps an empty cell
	// of a text column as the text ""; here it is missing in every column,
	// so that it is never silently a factor level.)
	NA []string
	// Text names columns read as text even when every cell is a number
	// (R's colClasses = "character"), such as ids or area codes.
	Text []string
	// Numeric names columns that must be numeric: a cell that is not a
	// number is then an error naming its line and column, instead of
	// making the column text.
	Numeric []string
}

// ReadFrame reads CSV with a header row of column names from r. A leading
// UTF-8 byte-order mark is removed and CRLF line ends are accepted; every
// record must have as many fields as the header; column names must be
// unique, non-empty and valid text.
//
// A column is numeric when every cell that is not missing is a number in
// plain decimal notation (see internal/field.Float: no hexadecimal, digit
// separators, Inf or NaN), spaces and tabs around it allowed, and text
// otherwise, as R's read.csv types it;
// FrameOptions.Text and Numeric override the inference. A numeric cell
// that overflows ("1e400"), a text cell that is not valid UTF-8 or holds a
// control character, and a malformed record are errors (*FrameError with
// line, column and field): every row is read or the whole input is
// rejected with the first reason.
func ReadFrame(r io.Reader, opt FrameOptions) (*Frame, error) {
	na := opt.NA
	if na == nil {
		na = []string{"NA", ""}
	}
	isNA := func(s string) bool { return slices.Contains(na, s) }
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &FrameError{Row: -1, Err: fmt.Errorf("%w: empty input, no header", ErrInvalidInput)}
	}
	if err != nil {
		return nil, csvError(err, -1)
	}
	seen := map[string]int{}
	for j, h := range header {
		if err := field.ID(h); err != nil {
			return nil, &FrameError{Line: 1, Row: -1, Column: j + 1, Err: fmt.Errorf("%w: column name: %w", ErrInvalidInput, err)}
		}
		if h == "" {
			return nil, &FrameError{Line: 1, Row: -1, Column: j + 1, Err: fmt.Errorf("%w: empty column name", ErrInvalidInput)}
		}
		if k, dup := seen[h]; dup {
			return nil, &FrameError{Line: 1, Row: -1, Column: j + 1, Field: h,
				Err: fmt.Errorf("%w: duplicate column name (also column %d)", ErrInvalidInput, k+1)}
		}
		seen[h] = j
	}
	for _, lst := range [][]string{opt.Text, opt.Numeric} {
		for _, nm := range lst {
			if _, ok := seen[nm]; !ok {
				return nil, &FrameError{Row: -1, Field: nm, Err: fmt.Errorf("%w: no column %q in the header (FrameOptions)", ErrInvalidInput, nm)}
			}
		}
	}
	for _, nm := range opt.Text {
		if slices.Contains(opt.Numeric, nm) {
			return nil, &FrameError{Row: -1, Field: nm, Err: fmt.Errorf("%w: column %q is listed both as Text and as Numeric", ErrInvalidInput, nm)}
		}
	}
	var rows [][]string
	lines := []int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				return nil, &FrameError{Line: pe.StartLine, Row: len(rows), Err: fmt.Errorf("%w: the record has %d fields, the header %d",
					ErrInvalidInput, len(rec), len(header))}
			}
			return nil, csvError(err, len(rows))
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, rec)
		lines = append(lines, line)
	}
	fr := &Frame{index: map[string]int{}, n: len(rows), lines: lines}
	for j, h := range header {
		c := frameColumn{name: h, notNum: -1}
		forceText := slices.Contains(opt.Text, h)
		forceNum := slices.Contains(opt.Numeric, h)
		numeric := !forceText
		integer := true
		vals := make([]float64, len(rows))
		for i, rec := range rows {
			s := rec[j]
			if isNA(s) {
				vals[i] = math.NaN()
				continue
			}
			if !numeric {
				break
			}
			// Spaces around a number are read as R's read.csv reads them
			// (" 12 " is 12): the column stays numeric.
			v, err := field.Float(strings.Trim(s, " \t"))
			switch {
			case err == nil:
				vals[i] = v
				if integer && !rIntegerText(strings.Trim(s, " \t")) {
					integer = false
				}
			case errors.Is(err, field.ErrNotFinite) || forceNum:
				return nil, &FrameError{Line: lines[i], Row: i, Column: j + 1, Field: h, Err: fmt.Errorf("%w: %w", ErrInvalidInput, err)}
			default:
				numeric = false
				c.notNum = i
			}
		}
		if numeric {
			c.kind, c.num, c.integer = Numeric, vals, integer
		} else {
			c.kind = Text
			c.text = make([]string, len(rows))
			for i, rec := range rows {
				s := rec[j]
				if isNA(s) {
					if c.missing == nil {
						c.missing = make([]bool, len(rows))
					}
					c.missing[i] = true
					continue
				}
				if err := field.ID(s); err != nil {
					return nil, &FrameError{Line: lines[i], Row: i, Column: j + 1, Field: h, Err: fmt.Errorf("%w: %w", ErrInvalidInput, err)}
				}
				c.text[i] = s
				if c.notNum < 0 {
					if _, err := field.Float(s); err != nil {
						c.notNum = i
					}
				}
			}
		}
		fr.add(c, len(rows))
	}
	return fr, nil
}

// csvError turns an encoding/csv error at data row row (−1 for the
// header) into a *FrameError with its line and column.
func csvError(err error, row int) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &FrameError{Line: pe.Line, Row: row, Column: pe.Column, Err: fmt.Errorf("%w: %w", ErrInvalidInput, pe.Err)}
	}
	return fmt.Errorf("%w: frame: %w", ErrInvalidInput, err)
}

// rIntegerText reports whether s (a valid plain decimal) is what R's
// type.convert reads as an integer: an optional sign and digits only, in
// the range of a 32-bit integer (R's NA_integer_, −2³¹, excluded).
func rIntegerText(s string) bool {
	t := strings.TrimLeft(s, "+-")
	if len(s)-len(t) > 1 || t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	t = strings.TrimLeft(t, "0")
	if len(t) > 10 {
		return false
	}
	if len(t) == 10 && t > "2147483647" {
		return false
	}
	return true
}
