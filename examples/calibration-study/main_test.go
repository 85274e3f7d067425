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
	"github.com/stonesoup-care/stonesoup/examples/internal/study"
	"github.com/stonesoup-care/stonesoup/ras"
)

func TestRunSmall(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	if err := run(&log, Config{N: 3000, Seed: 3, K: 3, Out: dir, Model: ras.ModelPoints}); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	for _, name := range []string{"predicted_vs_planned.png", "residuals_vs_points.png", "within_band_by_subgroup.png"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s does not decode as PNG: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
			t.Errorf("%s is only %v", name, b)
		}
	}
	for _, file := range []string{recalibratedFile, neutralFile} {
		m, err := ras.ReadModelFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if _, err := ras.Compile(m); err != nil {
			t.Fatalf("%s does not compile: %v", file, err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	rep := string(b)
	for _, want := range []string{"## The shipped model's estimates", "cross-validation", "**Fit to the planned amounts**", "**Gainers and losers", "within_band_by_subgroup.png"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, name := range []string{"excluded.csv", "outliers.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}

// TestSharedDefinitions: the study counts, compares and publishes as the
// main job does (issue #14 §3 item 5): the same unchanged band, Huber on
// the same rows, the rows of the fit in the same words, counts of 1 to 4
// suppressed, money in the one format.
func TestSharedDefinitions(t *testing.T) {
	dir := t.TempDir()
	var log bytes.Buffer
	if err := run(&log, Config{N: 2000, Seed: 5, K: 3, Out: dir, Model: ras.ModelPoints}); err != nil {
		t.Fatalf("run: %v\n%s", err, log.String())
	}
	b, err := os.ReadFile(filepath.Join(dir, reportFile))
	if err != nil {
		t.Fatal(err)
	}
	rep := string(b)
	for _, want := range []string{
		"| " + study.Unchanged + " |",                          // the unchanged band
		"| Huber M-estimation | 1,",                            // Huber below study.HuberMaxRows
		" with a positive planned cost used for the fit; ",     // study.FitRows
		"groups of fewer than 10 show only their size",         // the suppression note
		"recalibrated_cost_neutral.json` is that model scaled", // the model the table describes
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// No count of 1 to 4 in the gainers-and-losers table.
	i := strings.Index(rep, "**Gainers and losers")
	table := rep[i:]
	start := strings.Index(table, "\n|")
	table = table[start+1:]
	table = table[:strings.Index(table, "\n\n")]
	for _, line := range strings.Split(table, "\n")[2:] {
		cells := strings.Split(line, "|")
		for _, c := range cells[4:7] { // gainers, losers, unchanged
			if c := strings.TrimSpace(c); c == "1" || c == "2" || c == "3" || c == "4" {
				t.Errorf("a count of %s published: %s", c, line)
			}
		}
	}
	for _, bad := range []string{`£\d{4}`, `-£`, `£\d+(,\d{3})*[^.,\d/]`, `NaN`, `\b1 engine passes`} {
		if m := regexp.MustCompile(bad).FindString(rep); m != "" {
			t.Errorf("report prints %q (%s)", m, bad)
		}
	}
}

func TestFlags(t *testing.T) {
	var c Config
	clitest.Check(t, "calibration-study", newFlags(&c, &bytes.Buffer{}), func(args []string, stderr *bytes.Buffer) error {
		_, err := parse(args, stderr)
		return err
	})
	for _, args := range [][]string{{"-n", "10"}, {"-k", "1"}, {"-out", " "}, {"extra"}} {
		if _, err := parse(args, &bytes.Buffer{}); err == nil {
			t.Errorf("parse(%q) accepted", args)
		}
	}
}
