package calibrate_test

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

// TestCalibrationTestsAgainstR checks HosmerLemeshow and Spiegelhalter
// against the values of testdata/calibration_tests/calibration_tests.R
// (R 4.2.2, base R): the statistics to 1e-10 relative, the p-values to 1e-9
// relative (R's pchisq and pnorm against gonum's incomplete gamma and
// math.Erfc).
func TestCalibrationTestsAgainstR(t *testing.T) {
	dir := filepath.Join("testdata", "calibration_tests")
	ys, ps := map[string][]float64{}, map[string][]float64{}
	var order []string
	for _, r := range calTestsCSV(t, filepath.Join(dir, "cases.csv")) {
		y, p := calTestsFloat(t, r[1]), calTestsFloat(t, r[2])
		if _, ok := ys[r[0]]; !ok {
			order = append(order, r[0])
		}
		ys[r[0]], ps[r[0]] = append(ys[r[0]], y), append(ps[r[0]], p)
	}
	want := map[string]map[string]float64{}
	for _, r := range calTestsCSV(t, filepath.Join(dir, "expected.csv")) {
		if want[r[0]] == nil {
			want[r[0]] = map[string]float64{}
		}
		want[r[0]][r[1]] = calTestsFloat(t, r[2])
	}
	if len(order) != 4 {
		t.Fatalf("%d cases, want 4", len(order))
	}
	near := func(name, what string, got, want, rel float64) {
		t.Helper()
		if d := math.Abs(got - want); d > rel*math.Abs(want) {
			t.Errorf("%s: %s = %.17g, R %.17g (relative difference %.2g > %g)", name, what, got, want, d/math.Abs(want), rel)
		}
	}
	for _, name := range order {
		w := want[name]
		hl, err := calibrate.HosmerLemeshow(ys[name], ps[name], int(w["groups"]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		near(name, "Hosmer-Lemeshow statistic", hl.Statistic, w["hl_statistic"], 1e-10)
		if float64(hl.DF) != w["hl_df"] {
			t.Errorf("%s: df %d, R %v", name, hl.DF, w["hl_df"])
		}
		near(name, "Hosmer-Lemeshow p", hl.PValue, w["hl_p"], 1e-9)
		sz, err := calibrate.Spiegelhalter(ys[name], ps[name])
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		near(name, "Spiegelhalter z", sz.Z, w["z"], 1e-10)
		near(name, "Spiegelhalter p", sz.PValue, w["z_p"], 1e-9)

		// The groups are CalibrationTable's.
		ct, err := calibrate.CalibrationTable(ys[name], ps[name], int(w["groups"]))
		if err != nil {
			t.Fatal(err)
		}
		for g := range ct {
			a, b := ct[g], hl.Groups[g]
			if a.N != b.N || a.Events != b.Events || a.MinPredicted != b.MinPredicted || a.MaxPredicted != b.MaxPredicted ||
				math.Abs(a.MeanPredicted-b.MeanPredicted) > 1e-15 {
				t.Errorf("%s: group %d is %+v, CalibrationTable's %+v", name, g+1, b, a)
			}
		}
	}
	// The miscalibrated case is found miscalibrated, the calibrated one
	// not, by both tests at the 5% level.
	hl, _ := calibrate.HosmerLemeshow(ys["overconfident"], ps["overconfident"], 10)
	sz, _ := calibrate.Spiegelhalter(ys["overconfident"], ps["overconfident"])
	if hl.PValue > 0.05 || sz.PValue > 0.05 {
		t.Errorf("overconfident predictions: p %g and %g, want both below 0.05", hl.PValue, sz.PValue)
	}
	hl, _ = calibrate.HosmerLemeshow(ys["calibrated"], ps["calibrated"], 10)
	sz, _ = calibrate.Spiegelhalter(ys["calibrated"], ps["calibrated"])
	if hl.PValue < 0.05 || sz.PValue < 0.05 {
		t.Errorf("calibrated predictions: p %g and %g, want both above 0.05", hl.PValue, sz.PValue)
	}
}

// TestCalibrationTestsByHand checks both statistics on four cases worked
// by hand.
func TestCalibrationTestsByHand(t *testing.T) {
	// Spiegelhalter: y = (1, 0), p = (0.8, 0.4): numerator
	// 0.2·(−0.6) + (−0.4)·0.2 = −0.2; variance 0.36·0.16 + 0.04·0.24 =
	// 0.0672; z = −0.2/√0.0672.
	sz, err := calibrate.Spiegelhalter([]float64{1, 0}, []float64{0.8, 0.4})
	if err != nil {
		t.Fatal(err)
	}
	if want := -0.2 / math.Sqrt(0.0672); math.Abs(sz.Z-want) > 1e-15 {
		t.Errorf("z = %v, want %v", sz.Z, want)
	}
	// Hosmer-Lemeshow with three groups of two: p = (.1,.1 | .5,.5 |
	// .9,.9), events 0, 1, 2: each term (O−E)²/(E(1−E/n)) is
	// (0.2)²/(0.2·0.9) + 0 + (0.2)²/(1.8·0.1) = 2·0.04/0.18 = 4/9.
	hl, err := calibrate.HosmerLemeshow([]float64{0, 0, 1, 0, 1, 1}, []float64{0.1, 0.1, 0.5, 0.5, 0.9, 0.9}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(hl.Statistic-4.0/9) > 1e-15 || hl.DF != 1 {
		t.Errorf("statistic %v on %d df, want 4/9 on 1", hl.Statistic, hl.DF)
	}
	// P(χ²₁ ≥ x) = erfc(√(x/2)).
	if want := math.Erfc(math.Sqrt(4.0 / 18)); math.Abs(hl.PValue-want) > 1e-15 {
		t.Errorf("p = %v, want %v", hl.PValue, want)
	}
}

func TestCalibrationTestsErrors(t *testing.T) {
	y := []float64{0, 1, 0, 1, 1, 0}
	p := []float64{0.2, 0.4, 0.3, 0.7, 0.8, 0.1}
	for _, tc := range []struct {
		name   string
		y, p   []float64
		groups int
		want   error
	}{
		{"lengths", y, p[:5], 3, calibrate.ErrLength},
		{"empty", nil, nil, 3, calibrate.ErrEmpty},
		{"nan", y, []float64{0.2, math.NaN(), 0.3, 0.7, 0.8, 0.1}, 3, calibrate.ErrNonFinite},
		{"p above 1", y, []float64{0.2, 1.5, 0.3, 0.7, 0.8, 0.1}, 3, calibrate.ErrDomain},
		{"y not binary", []float64{0, 2, 0, 1, 1, 0}, p, 3, calibrate.ErrDomain},
		{"too few groups", y, p, 2, calibrate.ErrInvalidInput},
		{"too many groups", y, p, 7, calibrate.ErrInvalidInput},
		{"group of zeros", y, []float64{0, 0, 0.3, 0.7, 0.8, 0.1}, 3, calibrate.ErrInvalidInput},
	} {
		_, err := calibrate.HosmerLemeshow(tc.y, tc.p, tc.groups)
		if !errors.Is(err, tc.want) {
			t.Errorf("HosmerLemeshow %s: %v, want %v", tc.name, err, tc.want)
		}
		if tc.groups == 3 && tc.name != "group of zeros" {
			if _, err := calibrate.Spiegelhalter(tc.y, tc.p); !errors.Is(err, tc.want) {
				t.Errorf("Spiegelhalter %s: %v, want %v", tc.name, err, tc.want)
			}
		}
	}
	if _, err := calibrate.Spiegelhalter([]float64{0, 1}, []float64{0.5, 0.5}); !errors.Is(err, calibrate.ErrInvalidInput) {
		t.Errorf("Spiegelhalter of predictions ½: %v, want ErrInvalidInput", err)
	}
	var de *calibrate.DataError
	if _, err := calibrate.Spiegelhalter(y, []float64{0.2, 0.4, -0.1, 0.7, 0.8, 0.1}); !errors.As(err, &de) || de.Row != 2 {
		t.Errorf("a negative prediction: %v, want a *DataError at row 2", err)
	}
}

func calTestsCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

func calTestsFloat(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
