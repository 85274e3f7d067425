package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"html"
	"io"
	"strings"
)

// WriteHTML renders the document as one self-contained HTML page: a
// contents list, each section as a <section> with its heading, tables with
// a <caption> and column headers, and each figure as an <img> whose source
// is the SVG as a data: URI and whose alt text is the finding. The page
// makes no network request and needs no script to be read; a few lines of
// inline script let a reader sort a table by clicking a column heading.
// Its stylesheet has print rules (no contents list, no page break inside a
// table or a figure).
func (d *Document) WriteHTML(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + html.EscapeString(PlainText(d.Title)) + "</title>\n<style>\n" + css + "</style>\n</head>\n<body>\n")
	bw.WriteString("<header>\n<h1>" + htmlInline(d.Title) + "</h1>\n")
	for _, b := range d.Lead {
		writeHTMLBlock(bw, b)
	}
	bw.WriteString("</header>\n")
	if len(d.Sections) > 0 {
		bw.WriteString("<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n")
		for _, s := range d.Sections {
			bw.WriteString("<li><a href=\"#" + html.EscapeString(s.ID) + "\">" + htmlInline(s.Title) + "</a></li>\n")
		}
		bw.WriteString("</ol>\n</nav>\n")
	}
	bw.WriteString("<main>\n")
	for _, s := range d.Sections {
		id := html.EscapeString(s.ID)
		bw.WriteString("<section id=\"" + id + "\" aria-labelledby=\"" + id + "-h\">\n<h2 id=\"" + id + "-h\">" + htmlInline(s.Title) + "</h2>\n")
		for _, b := range s.Blocks {
			writeHTMLBlock(bw, b)
		}
		bw.WriteString("</section>\n")
	}
	bw.WriteString("</main>\n<script>\n" + sortScript + "</script>\n</body>\n</html>\n")
	return bw.Flush()
}

func writeHTMLBlock(w *bufio.Writer, b Block) {
	switch b := b.(type) {
	case Paragraph:
		w.WriteString("<p>" + htmlInline(b.Text) + "</p>\n")
	case Subheading:
		w.WriteString("<h3>" + htmlInline(b.Text) + "</h3>\n")
	case List:
		w.WriteString("<ul>\n")
		for _, it := range b.Items {
			w.WriteString("<li>" + htmlInline(it) + "</li>\n")
		}
		w.WriteString("</ul>\n")
	case Quote:
		w.WriteString("<blockquote><p>" + htmlInline(b.Text) + "</p></blockquote>\n")
	case *Table:
		w.WriteString("<div class=\"table\">\n<table>\n<caption>" + htmlInline(b.Caption) + "</caption>\n<thead>\n<tr>")
		for _, c := range b.Columns {
			w.WriteString("<th scope=\"col\"" + numClass(c.Numeric) + ">" + htmlInline(c.Title) + "</th>")
		}
		w.WriteString("</tr>\n</thead>\n<tbody>\n")
		for _, r := range b.Rows {
			w.WriteString("<tr>")
			for j, cell := range r {
				tag := "td"
				if j == 0 {
					tag = "th scope=\"row\""
				}
				w.WriteString("<" + tag + numClass(b.Columns[j].Numeric) + ">" + htmlInline(cell) + "</" + tag[:2] + ">")
			}
			w.WriteString("</tr>\n")
		}
		w.WriteString("</tbody>\n</table>\n</div>\n")
		if b.Note != "" {
			w.WriteString("<p class=\"note\">" + htmlInline(b.Note) + "</p>\n")
		}
	case Figure:
		w.WriteString("<figure>\n")
		alt := html.EscapeString(oneLine(b.Alt))
		if len(b.SVG) > 0 {
			w.WriteString("<img src=\"data:image/svg+xml;base64,")
			w.WriteString(base64.StdEncoding.EncodeToString(svgBody(b.SVG)))
			w.WriteString("\" alt=\"" + alt + "\">\n")
		} else {
			w.WriteString("<p class=\"nochart\" role=\"img\" aria-label=\"" + alt + "\">" + alt + "</p>\n")
		}
		if b.Caption != "" {
			w.WriteString("<figcaption>" + htmlInline(b.Caption) + "</figcaption>\n")
		}
		w.WriteString("</figure>\n")
	}
}

func numClass(numeric bool) string {
	if numeric {
		return " class=\"num\""
	}
	return ""
}

// svgBody returns the SVG document from its root element on (without an
// XML declaration or a doctype, which an SVG in a data: URI does not need).
func svgBody(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}

// htmlInline renders inline text as HTML.
func htmlInline(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		t := html.EscapeString(sp.text)
		switch sp.kind {
		case strong:
			b.WriteString("<strong>" + t + "</strong>")
		case code:
			b.WriteString("<code>" + t + "</code>")
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}

// css is the page's stylesheet: readable on a screen and on paper.
const css = `:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 0 auto; padding: 1rem 1.5rem 3rem; max-width: 72rem; }
h1 { font-size: 1.9rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.75rem; padding-top: 0.5rem; border-top: 2px solid #d0d7de; }
h3 { font-size: 1.15rem; margin: 1.75rem 0 0.5rem; }
nav ol { columns: 2; margin: 0; }
a { color: #0b5cad; }
code { font-family: "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: #f3f4f6; padding: 0 0.2em; border-radius: 3px; }
blockquote { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 4px solid #b45309; background: #fff7ed; }
.table { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: 0.25rem 0.6rem; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #57606a; background: #f6f8fa; cursor: pointer; }
tbody th { font-weight: normal; }
.num { text-align: right; white-space: nowrap; }
thead th.num { white-space: normal; min-width: 4.5rem; }
tbody th { min-width: 9rem; }
.note { font-size: 0.9rem; color: #444; }
figure { margin: 1.5rem 0; }
figure img { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.9rem; color: #444; margin-top: 0.25rem; }
.nochart { border: 1px dashed #888; padding: 1rem; }
@media print {
  body { font-size: 10pt; max-width: none; padding: 0; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-before: page; border-top: none; }
  h2, h3, caption { break-after: avoid; }
  table, figure, blockquote { break-inside: avoid; }
  .table { overflow: visible; }
  thead th { background: none; cursor: auto; }
  table { font-size: 8pt; }
}
`

// sortScript sorts a table by a column when its heading is clicked (or
// activated with the keyboard); numbers sort as numbers.
const sortScript = `(function () {
  function key(cell) {
    var t = cell.textContent.replace(/[£,%\s]/g, "").replace("\u2212", "-");
    var m = t.match(/^[-+]?\d+(\.\d+)?/);
    return m ? parseFloat(m[0]) : null;
  }
  document.querySelectorAll("thead th").forEach(function (th) {
    th.tabIndex = 0;
    function sort() {
      var table = th.closest("table"), body = table.tBodies[0], i = th.cellIndex;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[i], y = b.cells[i], kx = key(x), ky = key(y), r;
        if (kx !== null && ky !== null) { r = kx - ky; }
        else if (kx !== null) { return -1; } else if (ky !== null) { return 1; }
        else { r = x.textContent.localeCompare(y.textContent); }
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
})();
`
