// Package report is the document model of the examples' reports. A report
// is built once as a Document (sections of paragraphs, tables with
// captions and figures with alt text) and rendered as markdown (report.md)
// and as one self-contained HTML page (report.html) from that same value,
// so the two cannot say different things.
//
// # Inline text
//
// Paragraphs, list items, captions and table cells are plain text with two
// kinds of markup, the only ones recognised: **strong** and `code`. Every
// other character is text: the markdown renderer escapes what markdown would
// read as markup, the HTML renderer escapes for HTML.
//
// # Numbers
//
// Format.go holds the one way the examples show numbers to people: money
// through ras.FormatMoney (thousands separators, pence always, a true minus
// sign before the £), counts with thousands separators, p-values as
// "p < 0.001" below 0.001, words in the singular for one, and "undefined"
// for a statistic that has no value (NaN or ±Inf never reach a report).
package report

import (
	"strconv"
	"strings"
	"unicode"
)

// Document is a whole report.
type Document struct {
	// Title is the page's title and its one top-level heading.
	Title string
	// Lead holds the blocks before the contents list.
	Lead []Block
	// Sections are listed, in order, in the contents.
	Sections []*Section
}

// Section is a top-level section of a report.
type Section struct {
	Title string
	// ID is the section's anchor; AddSection sets it from the title as
	// GitHub does for markdown headings ("Method and run" becomes
	// "method-and-run").
	ID     string
	Blocks []Block
}

// Block is a paragraph, subheading, list, quotation, table or figure.
type Block interface{ block() }

// Paragraph is a paragraph of inline text.
type Paragraph struct{ Text string }

// Subheading heads a part of a section.
type Subheading struct{ Text string }

// List is a bulleted list of inline texts.
type List struct{ Items []string }

// Quote is a quoted paragraph (a caution, a disclaimer).
type Quote struct{ Text string }

// Table is a table with a caption and a header row. Every row has one cell
// per column.
type Table struct {
	// Caption says what the table shows; it is required.
	Caption string
	Columns []Column
	Rows    [][]string
	// Note, when set, follows the table (a reading note, suppression).
	Note string
}

// Column is a column of a table.
type Column struct {
	Title string
	// Numeric columns are right-aligned (and sort as numbers in HTML).
	Numeric bool
}

// Figure is a chart: a PNG file beside report.md and the same chart as SVG
// inline in report.html.
type Figure struct {
	// File is the PNG's file name, relative to the report.
	File string
	// Alt states the chart's main finding in one or two sentences: it is
	// the image's alternative text in both renderings.
	Alt string
	// Caption names the chart (shown under it in HTML, as the image
	// title in markdown).
	Caption string
	// SVG is the chart as an SVG document; without it report.html shows
	// the alt text in the chart's place.
	SVG []byte
}

func (Paragraph) block()  {}
func (Subheading) block() {}
func (List) block()       {}
func (Quote) block()      {}
func (*Table) block()     {}
func (Figure) block()     {}

// AddSection appends a section with the given title and returns it.
func (d *Document) AddSection(title string) *Section {
	s := &Section{Title: title, ID: Anchor(title)}
	d.Sections = append(d.Sections, s)
	return s
}

// P appends a paragraph.
func (s *Section) P(text string) { s.Blocks = append(s.Blocks, Paragraph{text}) }

// H appends a subheading.
func (s *Section) H(text string) { s.Blocks = append(s.Blocks, Subheading{text}) }

// List appends a bulleted list; an empty list appends nothing.
func (s *Section) List(items ...string) {
	if len(items) > 0 {
		s.Blocks = append(s.Blocks, List{items})
	}
}

// Quote appends a quoted paragraph.
func (s *Section) Quote(text string) { s.Blocks = append(s.Blocks, Quote{text}) }

// Table appends a table.
func (s *Section) Table(t *Table) { s.Blocks = append(s.Blocks, t) }

// Figure appends a figure.
func (s *Section) Figure(f Figure) { s.Blocks = append(s.Blocks, f) }

// NewTable starts a table with the given caption and columns; a column
// title starting with "#" is numeric (the "#" is dropped).
func NewTable(caption string, columns ...string) *Table {
	t := &Table{Caption: caption}
	for _, c := range columns {
		num := strings.HasPrefix(c, "#")
		t.Columns = append(t.Columns, Column{Title: strings.TrimPrefix(c, "#"), Numeric: num})
	}
	return t
}

// Row appends a row; it panics if the row's length differs from the
// columns' (a programming error).
func (t *Table) Row(cells ...string) {
	if len(cells) != len(t.Columns) {
		panic("report: table " + t.Caption + ": row of " + strconv.Itoa(len(cells)) + " cells for " + strconv.Itoa(len(t.Columns)) + " columns")
	}
	t.Rows = append(t.Rows, cells)
}

// Anchor returns the anchor GitHub gives a markdown heading: lower case,
// letters, digits, '-' and '_' kept, spaces to '-', everything else
// dropped.
func Anchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

// span is a run of inline text.
type span struct {
	text string
	kind spanKind
}

type spanKind uint8

const (
	plain spanKind = iota
	strong
	code
)

// spans splits inline text into plain, **strong** and `code` runs. An
// unmatched marker is plain text.
func spans(s string) []span {
	var out []span
	for s != "" {
		i := strings.IndexAny(s, "*`")
		for i >= 0 && s[i] == '*' && !strings.HasPrefix(s[i:], "**") {
			j := strings.IndexAny(s[i+1:], "*`")
			if j < 0 {
				i = -1
			} else {
				i += 1 + j
			}
		}
		if i < 0 {
			out = append(out, span{s, plain})
			break
		}
		marker, kind := "`", code
		if s[i] == '*' {
			marker, kind = "**", strong
		}
		end := strings.Index(s[i+len(marker):], marker)
		if end < 0 || end == 0 {
			// Unmatched or empty: the marker is text.
			out = append(out, span{s[:i+len(marker)], plain})
			s = s[i+len(marker):]
			continue
		}
		if i > 0 {
			out = append(out, span{s[:i], plain})
		}
		out = append(out, span{s[i+len(marker) : i+len(marker)+end], kind})
		s = s[i+len(marker)+end+len(marker):]
	}
	return out
}

// PlainText returns inline text without its markup.
func PlainText(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		b.WriteString(sp.text)
	}
	return b.String()
}
