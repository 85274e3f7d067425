package study

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

func TestFitRows(t *testing.T) {
	for _, tc := range []struct {
		rows, excluded int
		want           string
	}{
		{193260, 6740, "193,260 assessments with a positive planned cost used for the fit; 6,740 without one (none recorded, or £0.00) left out"},
		{1, 0, "1 assessment with a positive planned cost used for the fit"},
	} {
		if got := FitRows(tc.rows, tc.excluded); got != tc.want {
			t.Errorf("FitRows(%d, %d) = %q, want %q", tc.rows, tc.excluded, got, tc.want)
		}
	}
}

func TestHuber(t *testing.T) {
	if !IncludeHuber(HuberMaxRows) || IncludeHuber(HuberMaxRows+1) {
		t.Errorf("IncludeHuber at the limit")
	}
	if HuberNote(200000) != "" || !strings.Contains(HuberNote(1500000), "above 250,000 rows (this design has 1,500,000)") {
		t.Errorf("HuberNote: %q", HuberNote(1500000))
	}
}

// TestImpactTable: one band of "unchanged" and one suppression rule for
// both programs: a change of exactly £1 is unchanged, £1.01 is not; counts
// of 1 to 4 are hidden with a complement; a small group shows only its
// size.
func TestImpactTable(t *testing.T) {
	d := decimal.RequireFromString
	var ids []string
	var old, new []decimal.Decimal
	var grp []string
	add := func(g string, n int, change string) {
		for range n {
			ids = append(ids, g+itoa(len(ids)))
			old = append(old, d("100"))
			new = append(new, d("100").Add(d(change)))
			grp = append(grp, g)
		}
	}
	add("a", 20, "5")     // gainers
	add("a", 3, "-1.01")  // 3 losers: hidden, and one more count with them
	add("a", 6, "1")      // unchanged (exactly £1)
	add("b", 7, "-2")     // a group of 7 < MinGroup
	add("c", 12, "-0.50") // unchanged
	im, err := calibrate.ImpactOf(ids, old, new, ImpactOptions(map[string][]string{"g": grp}))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := ImpactTable("caption", "old", "new", im)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string][]string{}
	for _, r := range tb.Rows {
		rows[r[1]] = r
	}
	if got := strings.Join(rows["a"][2:6], " "); got != "29 20 * *" {
		t.Errorf("group a: n, gainers, losers, unchanged = %q, want \"29 20 * *\"", got)
	}
	if got := strings.Join(rows["b"][2:6], " "); got != "7 * * *" {
		t.Errorf("group b: %q, want only its size", got)
	}
	if got := strings.Join(rows["c"][2:6], " "); got != "12 0 0 12" {
		t.Errorf("group c: %q", got)
	}
	if got := rows["all"][5]; got != "18" {
		t.Errorf("all: unchanged %s, want 18", got)
	}
	if tb.Columns[5].Title != "unchanged (±£1.00)" {
		t.Errorf("column %q", tb.Columns[5].Title)
	}
	// Only the percentiles ImpactOptions asks for.
	im.Probs = []float64{0.5}
	if _, err := ImpactTable("c", "o", "n", im); err == nil {
		t.Errorf("an impact with other percentiles: no error")
	}
}

func TestMethodTable(t *testing.T) {
	tb := MethodTable("c", []MethodResult{
		{Name: "OLS", Rows: 1000, Pooled: calibrate.Metrics{RMSE: 10, MAE: 5, RSquared: 0.5, Bias: -0.004, WithinAbs: []float64{50}, WithinPct: []float64{10, 25}}},
		{Name: "Huber", Rows: 1000, Err: errors.New("no scale")},
	})
	if got := strings.Join(tb.Rows[0], "|"); got != "OLS|1,000|£10.00|£5.00|0.500|£0.00|50.0%|10.0%|25.0%" {
		t.Errorf("row %q", got)
	}
	if tb.Rows[1][2] != "failed: no scale" || len(tb.Rows[1]) != len(tb.Columns) {
		t.Errorf("failed row %q", tb.Rows[1])
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }
