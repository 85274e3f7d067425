package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/ras"
)

// checkHTML reads report.html as a browser would (golang.org/x/net/html)
// and checks its structure: every section present with its heading and a
// contents link; every table with a caption and column headers; every
// chart an image with alt text, drawn as an SVG data URI (want charts);
// no URL that would make a network request; the same table captions, in
// the same order, as report.md.
func checkHTML(t *testing.T, dir string, wantCharts bool) {
	t.Helper()
	checkHTMLOf(t, dir, wantCharts, sectionTitles, chartFiles)
}

// checkHTMLOf is checkHTML for a report with these sections and charts.
func checkHTMLOf(t *testing.T, dir string, wantCharts bool, sectionTitles, chartFiles []string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, htmlFile))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("report.html does not parse: %v", err)
	}
	attrs := func(n *html.Node) map[string]string {
		m := map[string]string{}
		for _, a := range n.Attr {
			m[a.Key] = a.Val
		}
		return m
	}
	var sections, navLinks, captions, alts []string
	headings := map[string]string{}
	var tables, figures int
	var walk func(n *html.Node, inNav bool)
	walk = func(n *html.Node, inNav bool) {
		if n.Type == html.ElementNode {
			a := attrs(n)
			for k, v := range a {
				switch k {
				case "href":
					if !strings.HasPrefix(v, "#") {
						t.Errorf("<%s %s=%.60q>: a link out of the page", n.Data, k, v)
					}
				case "src", "srcset", "data", "poster", "background", "action":
					if !strings.HasPrefix(v, "data:") {
						t.Errorf("<%s %s=%.60q>: a resource that is not in the page", n.Data, k, v)
					}
				}
			}
			switch n.Data {
			case "link", "iframe", "object", "embed", "base", "meta":
				if n.Data != "meta" || a["http-equiv"] != "" {
					t.Errorf("report.html has a <%s> element", n.Data)
				}
			case "script":
				if _, ok := a["src"]; ok {
					t.Errorf("report.html loads a script")
				}
			case "style":
				css := text(n)
				if strings.Contains(css, "url(") || strings.Contains(css, "@import") {
					t.Errorf("the stylesheet loads a resource")
				}
			case "nav":
				inNav = true
			case "section":
				sections = append(sections, a["id"])
			case "h2":
				if id := strings.TrimSuffix(a["id"], "-h"); id != a["id"] {
					headings[id] = text(n)
				}
			case "a":
				if inNav {
					navLinks = append(navLinks, strings.TrimPrefix(a["href"], "#"))
				}
			case "table":
				tables++
				var cap, head bool
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode && c.Data == "caption" && strings.TrimSpace(text(c)) != "" {
						cap = true
						captions = append(captions, strings.TrimSpace(text(c)))
					}
					if c.Type == html.ElementNode && c.Data == "thead" && strings.Contains(render(c), `<th scope="col"`) {
						head = true
					}
				}
				if !cap || !head {
					t.Errorf("table %d: caption %v, column headers %v", tables, cap, head)
				}
			case "figure":
				figures++
			case "img":
				alt := strings.TrimSpace(a["alt"])
				if len(alt) < 20 {
					t.Errorf("image with alt text %q: want a sentence stating the finding", alt)
				}
				alts = append(alts, alt)
				svg, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a["src"], "data:image/svg+xml;base64,"))
				if !strings.HasPrefix(a["src"], "data:image/svg+xml;base64,") || err != nil || !bytes.HasPrefix(svg, []byte("<svg")) {
					t.Errorf("image %q is not an SVG data URI", alt)
				}
			}
			if n.Data == "svg" && a["role"] != "img" {
				t.Errorf("inline <svg> without role=img")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inNav)
		}
	}
	walk(doc, false)

	var want []string
	for _, title := range sectionTitles {
		id := report.Anchor(title)
		want = append(want, id)
		if headings[id] != title {
			t.Errorf("section %q: heading %q", id, headings[id])
		}
	}
	if strings.Join(sections, " ") != strings.Join(want, " ") {
		t.Errorf("sections %q, want %q", sections, want)
	}
	if strings.Join(navLinks, " ") != strings.Join(want, " ") {
		t.Errorf("contents links %q, want %q", navLinks, want)
	}
	if figures != len(chartFiles) {
		t.Errorf("%d figures, want %d", figures, len(chartFiles))
	}
	if wantCharts && len(alts) != len(chartFiles) {
		t.Errorf("%d chart images, want %d", len(alts), len(chartFiles))
	}
	if tables < 15 {
		t.Errorf("only %d tables", tables)
	}
	// report.md shows the same tables in the same order.
	md, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	var mdCaptions []string
	for _, m := range regexp.MustCompile(`(?m)^\*\*(.+)\*\*\n\n\|`).FindAllStringSubmatch(string(md), -1) {
		mdCaptions = append(mdCaptions, strings.NewReplacer("`", "", `\*`, "*", `\|`, "|", `\_`, "_").Replace(m[1]))
	}
	if strings.Join(mdCaptions, "\n") != strings.Join(captions, "\n") {
		t.Errorf("table captions differ:\nreport.md:\n%s\nreport.html:\n%s", strings.Join(mdCaptions, "\n"), strings.Join(captions, "\n"))
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

func render(n *html.Node) string {
	var b bytes.Buffer
	html.Render(&b, n)
	return b.String()
}

// TestReportHTMLStructure checks report.html of the shipped sample, charts
// drawn.
func TestReportHTMLStructure(t *testing.T) {
	t.Parallel()
	dir, _, _ := runCounty(t, options{In: sampleDir, K: 3, Top: 5, Model: ras.ModelPoints})
	checkHTML(t, dir, true)
}

// browser returns the path of a headless Chromium, or skips the test when
// there is none (unless STONESOUP_REQUIRE_BROWSER=1 says it must run).
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("STONESOUP_REQUIRE_BROWSER") == "1" {
		t.Fatal("no chromium on PATH and STONESOUP_REQUIRE_BROWSER=1")
	}
	t.Skip("no chromium on PATH (apt-get install chromium; set STONESOUP_REQUIRE_BROWSER=1 to make this an error)")
	return ""
}

// TestReportRendersInBrowser renders report.html in headless Chromium to a
// PNG, as a reader's browser would, with no network, and checks that the
// page rendered: text at the top, the charts' colours, and a page as long
// as its sections, tables and nine charts need.
func TestReportRendersInBrowser(t *testing.T) {
	t.Parallel()
	bin := browser(t)
	dir, _, _ := runCounty(t, options{Seed: 2, N: 1500, K: 3, Top: 5, Model: ras.ModelPoints})
	const height = 24000
	img := screenshot(t, bin, dir, height)
	top, bottom, blue := pageExtent(img)
	t.Logf("rendered page: content from row %d to row %d; %d pixels of the charts' blue", top, bottom, blue)
	if top < 0 || top > 100 {
		t.Errorf("nothing drawn at the top of the page (first row with content %d)", top)
	}
	// Nine charts of 11 to 14 cm (about 420 to 530 px each) and some
	// twenty tables: the page is well over 9,000 px long, and it ends
	// before the window does (the whole report was laid out).
	if bottom < 9000 || bottom > height-200 {
		t.Errorf("page content ends at row %d: want between 9000 and %d", bottom, height-200)
	}
	if blue < 2000 {
		t.Errorf("only %d pixels of the charts' blue: the SVG charts did not render", blue)
	}
}

// screenshot renders report.html of dir in headless Chromium, 1280 pixels
// wide and height high, with no network, and returns the picture.
func screenshot(t *testing.T, bin, dir string, height int) image.Image {
	t.Helper()
	const width = 1280
	page, err := filepath.Abs(filepath.Join(dir, htmlFile))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "page.png")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--screenshot="+shot, "--window-size="+strconv.Itoa(width)+","+strconv.Itoa(height), "file://"+page)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != width || b.Dy() != height {
		t.Fatalf("screenshot is %v, want %d × %d", b, width, height)
	}
	return img
}

// TestNationalReportRendersInBrowser renders the report with the National
// measures section of a synthetic CLD file of two councils (some forty
// more tables, about 30,000 px, and two more charts) and checks that the whole page was
// laid out: text at the top, the charts drawn, and a page longer than
// the report without the section, ending before the window does.
func TestNationalReportRendersInBrowser(t *testing.T) {
	t.Parallel()
	bin := browser(t)
	dir, _, _ := runCounty(t, options{Seed: 2, N: 1500, K: 3, Top: 5, Model: ras.ModelPoints, SyntheticCLD: true, CLDCouncils: 2})
	const height = 64000
	top, bottom, blue := pageExtent(screenshot(t, bin, dir, height))
	t.Logf("rendered page: content from row %d to row %d; %d pixels of the charts' blue", top, bottom, blue)
	if top < 0 || top > 100 {
		t.Errorf("nothing drawn at the top of the page (first row with content %d)", top)
	}
	if bottom < 30000 || bottom > height-200 {
		t.Errorf("page content ends at row %d: want between 30000 and %d", bottom, height-200)
	}
	if blue < 2000 {
		t.Errorf("only %d pixels of the charts' blue: the SVG charts did not render", blue)
	}
}

// pageExtent returns the first and last rows with a pixel that is not
// white, and the number of pixels close to the charts' first colour.
func pageExtent(img image.Image) (top, bottom, blue int) {
	b := img.Bounds()
	top, bottom = -1, -1
	rgba, ok := img.(*image.NRGBA)
	if !ok {
		rgba = image.NewNRGBA(b)
		draw.Draw(rgba, b, img, b.Min, draw.Src)
	}
	for y := 0; y < b.Dy(); y++ {
		row := rgba.Pix[y*rgba.Stride : y*rgba.Stride+4*b.Dx()]
		for x := 0; x < len(row); x += 4 {
			r, g, bl := uint32(row[x]), uint32(row[x+1]), uint32(row[x+2])
			if r < 245 || g < 245 || bl < 245 {
				if top < 0 {
					top = y
				}
				bottom = y
			}
			if near(r, 31) && near(g, 119) && near(bl, 180) || near(r, 30) && near(g, 90) && near(bl, 160) {
				blue++
			}
		}
	}
	return top, bottom, blue
}

func near(v, want uint32) bool { return v+25 >= want && v <= want+25 }
