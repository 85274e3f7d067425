package badinput

import (
	"fmt"
	"strings"
	"testing"
)

// keyed returns row i of a document: the valid row with its key columns
// made unique, so that no row is a duplicate of another.
func keyed(f csvFormat, i int) []string {
	r := append([]string(nil), f.row...)
	for j, h := range f.header {
		for _, k := range f.keys {
			if h == k {
				r[j] = fmt.Sprintf("%s-%d", r[j], i)
			}
		}
	}
	return r
}

// docMutation damages a document of five valid rows (lines 2–6) at line 4.
type docMutation struct {
	name string
	// edit returns the document's text from its lines (header first).
	edit func(lines []string) string
	// fatal: the whole read may fail (a header the reader cannot use).
	fatal bool
	// rows: the data rows the reader must see; −1 if it depends.
	rows int
	// rejectLine: the line that must be rejected (0: none).
	rejectLine int
	// accepted: the rows that must be accepted; −1 if it depends.
	accepted int
}

var docMutations = []docMutation{
	{name: "extra field", edit: func(l []string) string { l[3] += ",surplus"; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "extra empty field", edit: func(l []string) string { l[3] += ","; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "missing last field", edit: func(l []string) string { l[3] = l[3][:strings.LastIndex(l[3], ",")]; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "one field", edit: func(l []string) string { l[3] = "x"; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "bare quote", edit: func(l []string) string { l[3] = `a"b` + l[3][strings.Index(l[3], ","):]; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "quote left open", edit: func(l []string) string { l[3] = `"` + l[3]; return join(l) }, rows: -1, rejectLine: 4, accepted: -1},
	{name: "NUL byte in a row", edit: func(l []string) string { l[3] = "\x00" + l[3]; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "BOM at the start of a row", edit: func(l []string) string { l[3] = "\uFEFF" + l[3]; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "a second header", edit: func(l []string) string { l[3] = l[0]; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "a second header with BOM", edit: func(l []string) string { l[3] = "\uFEFF" + l[0]; return join(l) }, rows: 5, rejectLine: 4, accepted: 4},
	{name: "blank line", edit: func(l []string) string { l[3] = ""; return join(l) }, rows: -1, accepted: 4},
	{name: "CRLF line ends", edit: func(l []string) string { return strings.Join(l, "\r\n") + "\r\n" }, rows: 5, accepted: 5},
	{name: "BOM at the start", edit: func(l []string) string { return "\uFEFF" + join(l) }, rows: 5, accepted: 5},
	{name: "no final line end", edit: func(l []string) string { return strings.Join(l, "\n") }, rows: 5, accepted: 5},
	{name: "CR line ends", edit: func(l []string) string { return strings.Join(l, "\r") + "\r" }, fatal: true, rows: -1, accepted: -1},
	{name: "semicolons", edit: func(l []string) string { return strings.ReplaceAll(join(l), ",", ";") }, fatal: true, rows: -1, accepted: -1},
	{name: "header only", edit: func(l []string) string { return l[0] + "\n" }, rows: 0, accepted: 0},
	{name: "empty input", edit: func(l []string) string { return "" }, fatal: true, rows: -1, accepted: -1},
	{name: "duplicate header column", edit: func(l []string) string {
		l[0] += "," + strings.Split(l[0], ",")[0]
		for i := 1; i < len(l); i++ {
			l[i] += ",x"
		}
		return join(l)
	}, fatal: true, rows: -1, accepted: -1},
	{name: "upper-case header", edit: func(l []string) string { l[0] = strings.ToUpper(l[0]); return join(l) }, fatal: true, rows: -1, accepted: -1},
	{name: "header padded with spaces", edit: func(l []string) string { l[0] = " " + strings.ReplaceAll(l[0], ",", " , ") + " "; return join(l) }, rows: 5, accepted: 5},
	{name: "trailing garbage line", edit: func(l []string) string { return join(l) + "garbage\n" }, rows: 6, rejectLine: 7, accepted: 5},
	{name: "huge line", edit: func(l []string) string {
		l[3] = strings.Repeat("x", 3<<20) + l[3][strings.Index(l[3], ","):]
		return join(l)
	}, rows: 5, rejectLine: -1, accepted: -1},
	{name: "the same row twice", edit: func(l []string) string { l[3] = l[2]; return join(l) }, rows: 5, rejectLine: -1, accepted: -1},
}

func join(l []string) string { return strings.Join(l, "\n") + "\n" }

// runCSVDocument checks each document mutation on f.
func runCSVDocument(t *testing.T, f csvFormat) {
	t.Helper()
	n := 0
	for _, m := range docMutations {
		n++
		lines := []string{strings.TrimRight(csvText(f.header), "\n")}
		for i := range 5 {
			lines = append(lines, strings.TrimRight(csvText(keyed(f, i)), "\n"))
		}
		doc := m.edit(lines)
		what := fmt.Sprintf("%s: document with %s", f.entry, m.name)
		var o readOutcome
		if safely(t, what, func() { o = f.read(doc) }) {
			continue
		}
		if o.fatal != nil {
			if !m.fatal {
				reportf(t, "%s: the whole read failed: %v", what, o.fatal)
			}
			continue
		}
		checkOutcome(t, f, what, o, m.rows)
		if m.accepted >= 0 && o.accepted != m.accepted {
			reportf(t, "%s: %d rows accepted, want %d (rejections: %v)", what, o.accepted, m.accepted, allRej(o))
		}
		if m.rejectLine > 0 && len(o.rejected[m.rejectLine]) == 0 {
			reportf(t, "%s: line %d not rejected (rejections: %v)", what, m.rejectLine, allRej(o))
		}
		if m.name == "quote left open" {
			// The lines swallowed by the open quote are rows too: each is
			// rejected, or the rejection says which lines were lost.
			lost := o.rows < 3
			if lost && !strings.Contains(fmt.Sprint(allRej(o)), "6") {
				reportf(t, "%s: lines 5 and 6 were lost without a word: %d rows, %d accepted, %v", what, o.rows, o.accepted, allRej(o))
			}
		}
	}
	fed(f.entry+" (documents)", n)
}

func allRej(o readOutcome) string {
	var s []string
	for _, rs := range o.rejected {
		s = append(s, rejList(rs))
	}
	return strings.Join(s, " ")
}

func TestCSVDocuments(t *testing.T) {
	fs := []csvFormat{rasCSVFormat(t), carersFormat()}
	fs = append(fs, pathwayFormats()...)
	fs = append(fs, indepFormats(t)...)
	for _, f := range fs {
		t.Run(f.entry, func(t *testing.T) { runCSVDocument(t, f) })
	}
}
