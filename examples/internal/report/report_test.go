package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"golang.org/x/net/html"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Money(decimal.RequireFromString("-3566761.34")), "−£3,566,761.34"},
		{Money(decimal.RequireFromString("282.6")), "£282.60"},
		{Pounds(-0.004), "£0.00"},
		{Pounds(1234.5), "£1,234.50"},
		{Pounds(651.425), "£651.42"}, // 651.425 is 651.42499… in binary
		{Pounds(-99.255), "−£99.25"},
		{Pounds(math.NaN()), "undefined"},
		{Pounds(math.Inf(1)), "undefined"},
		{Pence(-150), "−£1.50"},
		{Num(-22.94, 1), "−22.9"},
		{Num(-0.00001, 4), "0.0000"},
		{Num(math.NaN(), 3), "undefined"},
		{Num(math.Inf(-1), 3), "undefined"},
		{Signed(3.2, 2), "+3.20"},
		{Signed(-3.2, 2), "−3.20"},
		{Signed(0.001, 2), "0.00"},
		{Pct(9.74, 1), "9.7%"},
		{Share(0.748), "74.8%"},
		{Share(math.NaN()), "undefined"},
		{Int(0), "0"},
		{Int(999), "999"},
		{Int(193260), "193,260"},
		{Int(-1234567), "−1,234,567"},
		{Count(1, "engine pass", "engine passes"), "1 engine pass"},
		{Count(2, "engine pass", "engine passes"), "2 engine passes"},
		{Count(0, "child", "children"), "0 children"},
		{Count(12000, "child", "children"), "12,000 children"},
		{PValue(0), "p < 0.001"},
		{PValue(0.0004), "p < 0.001"},
		{PValue(0.001), "p = 0.001"},
		{PValue(0.04567), "p = 0.046"},
		{PValue(1), "p = 1.000"},
		{PValue(math.NaN()), "p undefined"},
		{PValue(1.5), "p undefined"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want float64 }{{2e-19, 0}, {-3e-13, 0}, {1 - 1e-15, 1}, {0.5, 0.5}, {1e-9, 1e-9}} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestSpans(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []span
	}{
		{"plain", []span{{"plain", plain}}},
		{"a **b** c", []span{{"a ", plain}, {"b", strong}, {" c", plain}}},
		{"run `go test` now", []span{{"run ", plain}, {"go test", code}, {" now", plain}}},
		{"* hidden, 5 * 3", []span{{"* hidden, 5 * 3", plain}}},
		{"**unclosed", []span{{"**", plain}, {"unclosed", plain}}},
		{"`a*b`**c**", []span{{"a*b", code}, {"c", strong}}},
	} {
		got := spans(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("spans(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("spans(%q) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
	}
	if got := Anchor("Estimate against plan"); got != "estimate-against-plan" {
		t.Errorf("Anchor = %q", got)
	}
	if got := Anchor("Method and run (2 CPUs)"); got != "method-and-run-2-cpus" {
		t.Errorf("Anchor = %q", got)
	}
}

func sample() *Document {
	d := &Document{Title: "A **test** report", Lead: []Block{Paragraph{"Synthetic <data> & more."}}}
	s := d.AddSection("First part")
	s.P("Money " + Money(decimal.NewFromInt(-5)) + ", code `x|y`, a star *.")
	t := NewTable("Counts by `group`", "group", "#n", "#share")
	t.Row("a|b", Int(1234), Share(0.5))
	t.Row("c_", "*", Undefined)
	t.Note = "Counts of 1 to 4 are hidden (*)."
	s.Table(t)
	s.H("Sub")
	s.List("one", "two")
	s.Quote("Careful.")
	s.Figure(Figure{File: "x.png", Alt: "Most waits end within 28 days.", Caption: "Waits", SVG: []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>`)})
	d.AddSection("Second")
	return d
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	want := "# A **test** report\n\nSynthetic \\<data> & more.\n\nContents: [First part](#first-part) · [Second](#second)\n\n" +
		"## First part\n\nMoney −£5.00, code `x|y`, a star \\*.\n\n" +
		"**Counts by `group`**\n\n| group | n | share |\n|---|---:|---:|\n| a\\|b | 1,234 | 50.0% |\n| c\\_ | \\* | undefined |\n\nCounts of 1 to 4 are hidden (\\*).\n\n" +
		"### Sub\n\n- one\n- two\n\n> Careful.\n\n![Most waits end within 28 days.](x.png \"Waits\")\n\n## Second\n\n"
	if got := b.String(); got != want {
		t.Errorf("markdown:\n%s\nwant:\n%s", got, want)
	}
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	if err := sample().WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	doc, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	var sections, captions, imgs, ths []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.Data {
			case "section":
				sections = append(sections, attr["id"])
			case "caption":
				captions = append(captions, text(n))
			case "img":
				imgs = append(imgs, attr["alt"])
				if !strings.HasPrefix(attr["src"], "data:image/svg+xml;base64,") {
					t.Errorf("img src %.40q is not an SVG data URI", attr["src"])
				}
			case "th":
				ths = append(ths, attr["scope"])
			case "a":
				if !strings.HasPrefix(attr["href"], "#") {
					t.Errorf("link to %q", attr["href"])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if strings.Join(sections, ",") != "first-part,second" {
		t.Errorf("sections %q", sections)
	}
	if len(captions) != 1 || captions[0] != "Counts by group" {
		t.Errorf("captions %q", captions)
	}
	if len(imgs) != 1 || imgs[0] != "Most waits end within 28 days." {
		t.Errorf("images %q", imgs)
	}
	if strings.Join(ths, ",") != "col,col,col,row,row" {
		t.Errorf("header cells' scopes %q", ths)
	}
	if s := page; strings.Contains(s, "<data>") || !strings.Contains(s, "&lt;data&gt;") {
		t.Errorf("text not escaped")
	}
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}
