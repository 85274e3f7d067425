package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	m, err := ras.ReadModelFile(filepath.Join(dir, "recalibrated.json"))
	if err != nil {
		t.Fatalf("recalibrated model: %v", err)
	}
	if _, err := ras.Compile(m); err != nil {
		t.Fatalf("recalibrated model does not compile: %v", err)
	}
	rep, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## The shipped model's estimates", "cross-validation", "### Overall fit", "### Impact on each case", "within_band_by_subgroup.png"} {
		if !strings.Contains(string(rep), want) {
			t.Errorf("report lacks %q", want)
		}
	}
	for _, name := range []string{"excluded.csv", "outliers.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}
