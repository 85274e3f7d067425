package pathway

import (
	"encoding/csv"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// readRCSV reads one of testdata/timefix's CSV files (written by
// timefix.R) as rows of strings, without the header.
func readRCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "timefix", name))
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

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// checkCurve compares a fit with R's rows: time and counts exactly (the
// time is the one R reports for a group of tied times), S within 1e-13
// relative. cols gives the columns of time, n.risk, n.event, surv and
// n.censor (−1: not written).
func checkCurve(t *testing.T, f *KMFit, rows [][]string, cols [5]int) {
	t.Helper()
	if len(f.Time) != len(rows) {
		t.Fatalf("%d rows, R has %d: %v", len(f.Time), len(rows), f.Time)
	}
	for i, r := range rows {
		if got, want := f.Time[i], num(t, r[cols[0]]); got != want {
			t.Errorf("row %d: time %.17g, R %.17g", i, got, want)
		}
		if got, want := f.NRisk[i], int(num(t, r[cols[1]])); got != want {
			t.Errorf("row %d: n.risk %d, R %d", i, got, want)
		}
		if got, want := f.NEvent[i], int(num(t, r[cols[2]])); got != want {
			t.Errorf("row %d: n.event %d, R %d", i, got, want)
		}
		if got, want := f.Surv[i], num(t, r[cols[3]]); math.Abs(got-want) > 1e-13*math.Abs(want) {
			t.Errorf("row %d: surv %.17g, R %.17g", i, got, want)
		}
		if cols[4] >= 0 {
			if got, want := f.NCensor[i], int(num(t, r[cols[4]])); got != want {
				t.Errorf("row %d: n.censor %d, R %d", i, got, want)
			}
		}
	}
}

// TestTimeFixAgainstR compares Kaplan–Meier curves and the log-rank test on
// times with rounding noise with R 4.2.2 and survival 3.5-3
// (testdata/timefix/timefix.R): by default nearly equal times are tied, as
// R's timefix = TRUE ties them; with NoTimeFix they are not, as with
// timefix = FALSE.
func TestTimeFixAgainstR(t *testing.T) {
	data := readRCSV(t, "data.csv")
	times := make([]float64, len(data))
	events := make([]bool, len(data))
	groups := make([]string, len(data))
	for i, r := range data {
		times[i], events[i], groups[i] = num(t, r[0]), r[1] == "1", r[2]
	}
	orig := append([]float64(nil), times...)

	f, err := KaplanMeier(times, events, KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkCurve(t, f, readRCSV(t, "survfit.csv"), [5]int{0, 1, 2, 4, 3})

	f0, err := KaplanMeier(times, events, KMOptions{NoTimeFix: true})
	if err != nil {
		t.Fatal(err)
	}
	checkCurve(t, f0, readRCSV(t, "survfit_nofix.csv"), [5]int{0, 1, 2, 3, -1})

	g, err := KaplanMeierByGroup(times, events, groups, KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	byGroup := map[string][][]string{}
	for _, r := range readRCSV(t, "survfit_group.csv") {
		byGroup[r[0]] = append(byGroup[r[0]], r)
	}
	for i, label := range g.Groups {
		checkCurve(t, g.Fits[i], byGroup[label], [5]int{1, 2, 3, 4, -1})
	}

	lr, err := LogRank(times, events, groups, LogRankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range readRCSV(t, "survdiff.csv") {
		if lr.Groups[i] != r[0] {
			t.Fatalf("group %d: %s, R %s", i, lr.Groups[i], r[0])
		}
		if got, want := lr.Observed[i], num(t, r[1]); got != want {
			t.Errorf("%s: observed %v, R %v", r[0], got, want)
		}
		if got, want := lr.Expected[i], num(t, r[2]); math.Abs(got-want) > 1e-12*want {
			t.Errorf("%s: expected %.17g, R %.17g", r[0], got, want)
		}
		if got, want := lr.ChiSq, num(t, r[3]); math.Abs(got-want) > 1e-10*want {
			t.Errorf("chi-squared %.17g, R %.17g", got, want)
		}
	}
	for i := range times {
		if math.Float64bits(times[i]) != math.Float64bits(orig[i]) {
			t.Fatalf("the caller's times[%d] changed", i)
		}
	}
}

// TestFixTimes checks the rule on small cases worked by hand.
func TestFixTimes(t *testing.T) {
	tol := tieTolerance
	tests := []struct {
		name string
		in   []float64
		want []float64 // nil: returned unchanged
	}{
		{"whole days", []float64{0, 1, 1, 2, 30}, nil},
		{"apart", []float64{0.1, 0.2, 0.3}, nil},
		{"absolute tie", []float64{0.5, 0.5 + tol/2, 2}, []float64{0.5, 0.5, 2}},
		{"exactly the tolerance", []float64{0, tol, 1}, []float64{0, 0, 1}},
		// mean of distinct times 1e9: a gap of 10 is 1e-8 of it, tied.
		{"relative tie", []float64{1e9 - 5, 1e9 + 5}, []float64{1e9 - 5, 1e9 - 5}},
		{"chain", []float64{3, 1, 1 + tol*0.9, 1 + tol*1.8, 1 + tol*2.7}, []float64{3, 1, 1, 1, 1}},
		{"one value", []float64{4}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			integer, maxT, err := checkTimes(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			got := fixTimes(tt.in, integer, maxT)
			want := tt.want
			if want == nil {
				if &got[0] != &tt.in[0] {
					t.Errorf("got a new slice %v, want the input back", got)
				}
				return
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("got %v, want %v", got, want)
					break
				}
			}
		})
	}
}

// TestTimeFixPaths checks that the two ways of tying times agree: inside
// the sorted Kaplan–Meier pass (KaplanMeier), and by rewriting the times
// first (fixTimes, used by KaplanMeierByGroup and LogRank), on times with
// many near-ties, chains and exact ties.
func TestTimeFixPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for round := range 20 {
		n := 500 + r.IntN(3000)
		times := make([]float64, n)
		events := make([]bool, n)
		for i := range times {
			base := float64(r.IntN(300)) / 7
			switch r.IntN(4) {
			case 0: // noise below the tolerance, absolute or relative
				base += float64(r.IntN(5)) * 3e-9
			case 1:
				base *= 1 + float64(r.IntN(3))*5e-9
			case 2: // just above it
				base += 2e-8
			}
			times[i], events[i] = base, r.IntN(5) > 0
		}
		integer, maxT, err := checkTimes(times)
		if err != nil {
			t.Fatal(err)
		}
		a, err := KaplanMeier(times, events, KMOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := KaplanMeier(fixTimes(times, integer, maxT), events, KMOptions{NoTimeFix: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Time) != len(b.Time) {
			t.Fatalf("round %d: %d rows against %d", round, len(a.Time), len(b.Time))
		}
		for k := range a.Time {
			if a.Time[k] != b.Time[k] || a.NRisk[k] != b.NRisk[k] || a.NEvent[k] != b.NEvent[k] || a.NCensor[k] != b.NCensor[k] || a.Surv[k] != b.Surv[k] {
				t.Fatalf("round %d, row %d: %v %d %d %d against %v %d %d %d", round, k, a.Time[k], a.NRisk[k], a.NEvent[k], a.NCensor[k], b.Time[k], b.NRisk[k], b.NEvent[k], b.NCensor[k])
			}
		}
		c, err := KaplanMeier(times, events, KMOptions{NoTimeFix: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Time) <= len(a.Time) {
			t.Fatalf("round %d: the data have no near-ties to fix (%d rows, %d fixed)", round, len(c.Time), len(a.Time))
		}
	}
}

// TestCountingPath checks that whole numbers large enough for the time fix
// to tie neighbours (from 2²⁶, relative to their mean) take the sorted
// path that applies it, however many there are.
func TestCountingPath(t *testing.T) {
	tests := []struct {
		n       int
		integer bool
		maxT    float64
		fix     bool
		want    bool
	}{
		{1000, true, 365, true, true},
		{1000, false, 365, true, false},
		{1000, true, 1e9, true, false},                // too sparse to count
		{17_000_000, true, 1<<26 + 3000, true, false}, // dense, but the fix may tie them
		{17_000_000, true, 1<<26 + 3000, false, true},
		{17_000_000, true, 60_000_000, true, true}, // below 1/tolerance: never tied
	}
	for _, tt := range tests {
		if got := countingPath(tt.n, tt.integer, tt.maxT, tt.fix); got != tt.want {
			t.Errorf("countingPath(%d, %v, %v, %v) = %v, want %v", tt.n, tt.integer, tt.maxT, tt.fix, got, tt.want)
		}
	}
}
