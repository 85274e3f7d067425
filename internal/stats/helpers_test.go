package stats

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"
)

// readLungTime reads the time column of the reference case's data.csv.
func readLungTime(t *testing.T) []float64 {
	t.Helper()
	f, err := os.Open("testdata/reference/quantiles_lung_time/data.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 || recs[0][0] != "time" {
		t.Fatalf("unexpected header %v", recs[0])
	}
	x := make([]float64, 0, len(recs)-1)
	for _, r := range recs[1:] {
		v, err := strconv.ParseFloat(r[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		x = append(x, v)
	}
	if len(x) != 228 {
		t.Fatalf("n = %d, want 228", len(x))
	}
	return x
}
