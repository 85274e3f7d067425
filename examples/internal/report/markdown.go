package report

import (
	"bufio"
	"io"
	"strings"
)

// WriteMarkdown renders the document as GitHub-flavoured markdown: a
// contents line linking the sections, tables with their caption in bold
// above them, figures as images of the PNG files with the finding as alt
// text and the caption as title.
func (d *Document) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("# " + mdInline(d.Title) + "\n\n")
	for _, b := range d.Lead {
		writeMDBlock(bw, b)
	}
	if len(d.Sections) > 0 {
		bw.WriteString("Contents:")
		for i, s := range d.Sections {
			if i > 0 {
				bw.WriteString(" ·")
			}
			bw.WriteString(" [" + mdInline(s.Title) + "](#" + s.ID + ")")
		}
		bw.WriteString("\n\n")
	}
	for _, s := range d.Sections {
		bw.WriteString("## " + mdInline(s.Title) + "\n\n")
		for _, b := range s.Blocks {
			writeMDBlock(bw, b)
		}
	}
	return bw.Flush()
}

// WriteMarkdown renders the table alone, caption and note included.
func (t *Table) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	writeMDBlock(bw, t)
	return bw.Flush()
}

func writeMDBlock(w *bufio.Writer, b Block) {
	switch b := b.(type) {
	case Paragraph:
		w.WriteString(mdInline(b.Text) + "\n\n")
	case Subheading:
		w.WriteString("### " + mdInline(b.Text) + "\n\n")
	case List:
		for _, it := range b.Items {
			w.WriteString("- " + mdInline(it) + "\n")
		}
		w.WriteString("\n")
	case Quote:
		w.WriteString("> " + mdInline(b.Text) + "\n\n")
	case *Table:
		w.WriteString("**" + mdCaption(b.Caption) + "**\n\n|")
		for _, c := range b.Columns {
			w.WriteString(" " + mdCell(c.Title) + " |")
		}
		w.WriteString("\n|")
		for _, c := range b.Columns {
			if c.Numeric {
				w.WriteString("---:|")
			} else {
				w.WriteString("---|")
			}
		}
		w.WriteString("\n")
		for _, r := range b.Rows {
			w.WriteString("|")
			for _, cell := range r {
				w.WriteString(" " + mdCell(cell) + " |")
			}
			w.WriteString("\n")
		}
		w.WriteString("\n")
		if b.Note != "" {
			w.WriteString(mdInline(b.Note) + "\n\n")
		}
	case Figure:
		w.WriteString("![" + mdEscape(oneLine(b.Alt)) + "](" + b.File)
		if b.Caption != "" {
			w.WriteString(` "` + strings.ReplaceAll(oneLine(PlainText(b.Caption)), `"`, `'`) + `"`)
		}
		w.WriteString(")\n\n")
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdInline renders inline text as markdown.
func mdInline(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		switch sp.kind {
		case strong:
			b.WriteString("**" + mdEscape(sp.text) + "**")
		case code:
			b.WriteString("`" + sp.text + "`")
		default:
			b.WriteString(mdEscape(sp.text))
		}
	}
	return b.String()
}

// mdCaption renders a caption, which is set in bold, without strong runs
// of its own.
func mdCaption(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		if sp.kind == code {
			b.WriteString("`" + sp.text + "`")
		} else {
			b.WriteString(mdEscape(sp.text))
		}
	}
	return b.String()
}

// mdCell renders a table cell: inline text on one line.
func mdCell(s string) string { return mdInline(oneLine(s)) }

// mdEscape escapes the characters markdown could read as markup: a
// backslash, '*', '`', '[', ']', '|', '<' before a letter (a tag), and '_'
// at the edge of a word.
func mdEscape(s string) string {
	if !strings.ContainsAny(s, "\\*`[]<|_") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '*', '`', '[', ']', '|':
			b.WriteByte('\\')
		case '<':
			// Only what could open a tag or an autolink: "p < 0.001"
			// stays as it is.
			if i+1 < len(s) && (isWord(s[i+1]) || s[i+1] == '/' || s[i+1] == '!' || s[i+1] == '?') {
				b.WriteByte('\\')
			}
		case '_':
			if i == 0 || i == len(s)-1 || !isWord(s[i-1]) || !isWord(s[i+1]) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
