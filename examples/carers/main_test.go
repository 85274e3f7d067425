package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/examples/internal/clitest"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(&out, config{seed: 3, n: 4000, out: dir, top: 10}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, chartFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("chart does not decode as PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() < 200 || b.Dy() < 100 {
		t.Errorf("chart is %v", b)
	}
	report, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{
		"# The value of unpaid care in a synthetic county",
		"**Synthetic data.**",
		"## Data", "## Value per adult with needs", "## By cohort", "## By locality", "## Hours of care",
		"## Carers' eligibility", "## Carers at risk", "## Method",
		"](" + chartFile + ")",
		"not a safeguarding decision",
	} {
		if !strings.Contains(string(report), section) {
			t.Errorf("report lacks %q", section)
		}
	}
	// The list of carers at risk has entries with reasons, and ids are pseudonymous.
	if !strings.Contains(string(report), "| 1 | P") || !strings.Contains(string(report), "(+3)") {
		t.Errorf("report lacks the prioritised list with reasons:\n%s", report)
	}
	for _, want := range []string{"Synthetic county (seed 3): 4,000 assessments", "mean £", "Report: "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}

// TestWording: money in the one format, no unsourced figure (issue #14 §3
// items 6, 7).
func TestWording(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	if err := run(&out, config{seed: 4, n: 3000, out: dir, top: 5}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{string(b), out.String()} {
		for _, bad := range []string{`£280`, `£\d{4}`, `-£`, `£\d+(,\d{3})*[^.,\d/]`, `\bNaN\b`} {
			if m := regexp.MustCompile(bad).FindString(text); m != "" {
				t.Errorf("%q printed (%s)", m, bad)
			}
		}
	}
}

func TestFlags(t *testing.T) {
	var c config
	clitest.Check(t, "carers", newFlags(&c, &bytes.Buffer{}), func(args []string, stderr *bytes.Buffer) error {
		_, err := parse(args, stderr)
		return err
	})
	for _, args := range [][]string{{"-n", "0"}, {"-top", "-1"}, {"-out", ""}, {"extra"}} {
		if _, err := parse(args, &bytes.Buffer{}); err == nil {
			t.Errorf("parse(%q) accepted", args)
		}
	}
}

func TestRunRejectsBadN(t *testing.T) {
	if err := run(&bytes.Buffer{}, config{seed: 1, n: 0, out: t.TempDir()}); err == nil {
		t.Error("n = 0 accepted")
	}
}
