package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/examples/internal/clitest"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run([]string{"-seed", "3", "-n", "4000", "-out", dir}, &out); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "centiles.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("centiles.png: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 400 || b.Dy() < 250 {
		t.Errorf("centiles.png is %v", b)
	}
	rep, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(rep)
	for _, want := range []string{
		"# Children's independence in personal care",
		"## Centile curves by age", "![Centiles of the personal-care total by year of age](centiles.png)",
		"| Age (years) | Children | Mean | P10 | P25 | P50 | P75 | P90 |",
		"## Change with age", "## Transitions between levels", "| From \\ to |",
		"## Children flagged", "| Child | From | To | Age | Total | Reasons |",
		"## Method", "seed 3, 4000 ras/synth persons",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Children are named by pseudonymous id only, and every flag row has a reason.
	rows := regexp.MustCompile(`(?m)^\| (P\d{7}) \| .* \| total fell from .*\|$`).FindAllString(md, -1)
	if len(rows) == 0 {
		t.Error("no flagged children listed")
	}
	// About 400 children in 4000 persons: some small counts must be hidden.
	if !strings.Contains(md, "| * |") {
		t.Error("no suppressed figure in a small county")
	}
	s := out.String()
	m := regexp.MustCompile(`(\d+) children, (\d+) reassessments`).FindStringSubmatch(s)
	if m == nil || !strings.Contains(s, "flagged:") || !strings.Contains(s, "Spearman") {
		t.Fatalf("summary:\n%s", s)
	}
	if n, _ := strconv.Atoi(m[1]); n < 300 || n > 500 {
		t.Errorf("%d children in 4000 persons", n)
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-n", "0"}, {"-threshold", "0"}, {"-bogus"}, {"extra"}} {
		if err := run(append(args, "-out", t.TempDir()), &bytes.Buffer{}); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if err := run([]string{"-out", " "}, &bytes.Buffer{}); err == nil {
		t.Error("blank -out: no error")
	}
}

func TestFlags(t *testing.T) {
	var c config
	clitest.Check(t, "children-independence", newFlags(&c, &bytes.Buffer{}), func(args []string, stderr *bytes.Buffer) error {
		_, err := parse(args, stderr)
		return err
	})
}
