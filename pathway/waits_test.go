package pathway

import (
	"errors"
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

func TestSummariseWaitsHand(t *testing.T) {
	x := []float64{10, 2, 4, 1, 3}
	s, err := SummariseWaits(x, WaitOptions{Probs: []float64{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	// type 7: P92 index 1+4·0.92 = 4.68 → 4 + 0.68·6; P95 → 4 + 0.8·6
	if s.N != 5 || s.Mean != 4 || s.Median != 3 || !near(s.P92, 8.08, 1e-14) || !near(s.P95, 8.8, 1e-14) ||
		s.Quantiles[0] != 1 || s.Quantiles[1] != 10 || !near(s.SD, math.Sqrt(50.0/4), 1e-14) {
		t.Errorf("type 7: %+v", s)
	}
	if x[0] != 10 {
		t.Error("input modified")
	}
	s, _ = SummariseWaits(x, WaitOptions{Type: Type6})
	// type 6: P92 h = 6·0.92 = 5.52 → beyond x5 → 10; median h = 3 → 3
	if s.Median != 3 || s.P92 != 10 {
		t.Errorf("type 6: %+v", s)
	}
	s, _ = SummariseWaits([]float64{7}, WaitOptions{})
	if !math.IsNaN(s.SD) || s.Median != 7 {
		t.Errorf("n=1: %+v", s)
	}
	for _, bad := range []struct {
		x    []float64
		o    WaitOptions
		want error
	}{
		{nil, WaitOptions{}, ErrEmpty},
		{[]float64{-1}, WaitOptions{}, ErrTime},
		{[]float64{math.NaN()}, WaitOptions{}, ErrTime},
		{[]float64{1}, WaitOptions{Type: 10}, ErrInvalidOptions},
		{[]float64{1}, WaitOptions{Probs: []float64{2}}, ErrProbability},
	} {
		if _, err := SummariseWaits(bad.x, bad.o); !errors.Is(err, bad.want) {
			t.Errorf("%v %+v: err %v want %v", bad.x, bad.o, err, bad.want)
		}
	}
}

func TestOpenWaitsAndCensor(t *testing.T) {
	d := func(s string) Date { return mustDate(t, s) }
	waits := []Wait{
		{PersonID: "a", Start: d("2024-01-01"), End: d("2024-01-10")}, // ended before snapshot
		{PersonID: "b", Start: d("2024-01-05"), End: NoDate},          // 26 days on 31 Jan
		{PersonID: "c", Start: d("2023-12-01"), End: d("2024-02-15")}, // 61 days on 31 Jan
		{PersonID: "d", Start: d("2024-01-31"), End: NoDate},          // 0 days
		{PersonID: "e", Start: d("2024-02-10"), End: NoDate},          // not yet started
	}
	s, err := OpenWaits(waits, d("2024-01-31"), SnapshotOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// current waits 26, 61, 0: within 28: 2; median 26; P92 type 7: 1+2·0.92 = 2.84 → 26+0.84·35
	if s.Waiting != 3 || s.WithinTarget != 2 || !near(s.ShareWithin, 2.0/3, 1e-15) || s.Median != 26 || !near(s.P92, 26+0.84*35, 1e-14) || s.Max != 61 {
		t.Errorf("snapshot %+v", s)
	}
	s, _ = OpenWaits(waits, d("2020-01-01"), SnapshotOptions{})
	if s.Waiting != 0 || !math.IsNaN(s.ShareWithin) || !math.IsNaN(s.P92) {
		t.Errorf("empty snapshot %+v", s)
	}
	times, events, err := CensorWaits(waits[:4], d("2024-01-31"), CalendarDays, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantT := []float64{9, 26, 61, 0}
	wantE := []bool{true, false, false, false}
	for i := range wantT {
		if times[i] != wantT[i] || events[i] != wantE[i] {
			t.Errorf("wait %d: %v %v want %v %v", i, times[i], events[i], wantT[i], wantE[i])
		}
	}
	cal, _ := NewEnglandWalesCalendar(CalendarOptions{})
	times, _, err = CensorWaits(waits[:1], d("2024-01-31"), WorkingDays, cal)
	// 2 Jan..10 Jan 2024: (1 Jan, 10 Jan] has 7 working days (1 Jan is a holiday anyway)
	if err != nil || times[0] != 7 {
		t.Errorf("working days %v %v", times, err)
	}
	if _, _, err := CensorWaits(waits, d("2024-01-31"), CalendarDays, nil); !errors.Is(err, ErrDate) {
		t.Errorf("start after extract: %v", err)
	}
	if _, _, err := CensorWaits([]Wait{{Start: d("2024-01-05"), End: d("2024-01-01")}}, d("2024-01-31"), CalendarDays, nil); !errors.Is(err, ErrDate) {
		t.Errorf("end before start: %v", err)
	}
	if _, _, err := CensorWaits(waits[:1], d("2024-01-31"), WorkingDays, nil); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("no calendar: %v", err)
	}
}

// Newcombe (1998), Stat Med 17:857–872, Table I, method 3 (Wilson score).
func TestWilsonNewcombe(t *testing.T) {
	cases := []struct {
		x, n   int
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, c := range cases {
		lo, hi, err := Wilson(c.x, c.n, 0.95)
		if err != nil || math.Abs(lo-c.lo) > 5e-5 || math.Abs(hi-c.hi) > 5e-5 {
			t.Errorf("Wilson(%d, %d) = %.5f, %.5f; want %.4f, %.4f (%v)", c.x, c.n, lo, hi, c.lo, c.hi, err)
		}
	}
	if lo, hi, _ := Wilson(0, 0, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Error("n = 0 should be NaN")
	}
	if _, _, err := Wilson(3, 2, 0.95); !errors.Is(err, ErrInvalidOptions) {
		t.Error("x > n accepted")
	}
}

// Hand computation, n = 10, θ = 0.5: P(R ≤ 1) = 11/1024, P(R ≤ 2) = 56/1024,
// P(R ≤ 7) = 968/1024, P(R ≤ 8) = 1013/1024.
// Upper 97.5%: r = 8, α = (1013/1024 − 0.975)/(45/1024) = 14.6/45 → (8 − α)/10.
// Lower 2.5%: r = 2, α = (56/1024 − 0.025)/(45/1024) = 30.4/45 → (2 − α)/10.
func TestFunnelLimitHand(t *testing.T) {
	up, err := FunnelLimit(10, 0.5, 0.975)
	if err != nil || !near(up, (8-14.6/45)/10, 1e-12) {
		t.Errorf("upper %v want %v", up, (8-14.6/45)/10)
	}
	lo, _ := FunnelLimit(10, 0.5, 0.025)
	if !near(lo, (2-30.4/45)/10, 1e-12) {
		t.Errorf("lower %v want %v", lo, (2-30.4/45)/10)
	}
	// n = 1, θ = 0.9, p = 0.001: r = 0, P(R ≤ 0) = 0.1, α = (0.1−0.001)/0.1 → (0 − 0.99)/1 clipped to 0
	if l, _ := FunnelLimit(1, 0.9, 0.001); l != 0 {
		t.Errorf("clip %v", l)
	}
	// large n: limits approach θ ± z·sqrt(θ(1−θ)/n)
	l, _ := FunnelLimit(100000, 0.3, 0.975)
	if want := 0.3 + 1.959964*math.Sqrt(0.21/100000); math.Abs(l-want) > 2e-5 {
		t.Errorf("large n %v want about %v", l, want)
	}
	if v, _ := FunnelLimit(0, 0.5, 0.975); !math.IsNaN(v) {
		t.Error("n = 0")
	}
	if _, err := FunnelLimit(5, 1.5, 0.5); !errors.Is(err, ErrInvalidOptions) {
		t.Error("bad theta accepted")
	}
}

func TestCompareGroups(t *testing.T) {
	times := []float64{5, 10, 40, 50, 3, 20, 35, 60}
	events := []bool{true, true, true, false, true, false, false, true}
	groups := []string{"A", "A", "A", "A", "B", "B", "B", "B"}
	c, err := CompareGroups(times, events, groups, CompareOptions{TargetDays: 28, Groups: []string{"C"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Rows) != 3 {
		t.Fatalf("rows %d", len(c.Rows))
	}
	a, b, empty := c.Rows[0], c.Rows[1], c.Rows[2]
	// A: resolved 5,10,40 (events) and 50 (censored beyond 28) = 4, within 2
	// B: resolved 3, 35 (censored beyond 28), 60 = 3; 20 censored before 28 is unknown; within 1
	if a.Resolved != 4 || a.Within != 2 || b.Resolved != 3 || b.Within != 1 {
		t.Errorf("A %d/%d B %d/%d", a.Within, a.Resolved, b.Within, b.Resolved)
	}
	if !near(c.Target, 3.0/7, 1e-15) {
		t.Errorf("pooled target %v", c.Target)
	}
	if empty.Group != "C" || empty.N != 0 || empty.Flag != NoData || !math.IsNaN(empty.Share) || empty.Median.Defined() || empty.KM != nil {
		t.Errorf("empty group %+v", empty)
	}
	if a.Median.Value != 25 { // S: 3/4 after 5, 1/2 after 10 (plateau to 40): midpoint (10+40)/2
		t.Errorf("median A %v", a.Median)
	}
	if a.Flag != Inside || !(a.Lower998 <= a.Lower95 && a.Lower95 <= c.Target && c.Target <= a.Upper95 && a.Upper95 <= a.Upper998) {
		t.Errorf("funnel A %+v", a)
	}
	if _, err := CompareGroups(times, events, groups, CompareOptions{}); !errors.Is(err, ErrInvalidOptions) {
		t.Error("zero TargetDays accepted")
	}
	for _, g := range [][]string{nil, {"C"}} {
		if _, err := CompareGroups(nil, nil, nil, CompareOptions{TargetDays: 28, Groups: g}); !errors.Is(err, ErrEmpty) {
			t.Errorf("no waits (groups %q): err = %v, want ErrEmpty", g, err)
		}
	}
}

func TestCompareGroupsSuppress(t *testing.T) {
	var times []float64
	var events []bool
	var groups []string
	for g, n := range map[string]int{"big": 30, "mid": 12, "tiny": 3} {
		for i := range n {
			times = append(times, float64(5+i*3))
			events = append(events, i%4 != 0)
			groups = append(groups, g)
		}
	}
	c, err := CompareGroups(times, events, groups, CompareOptions{TargetDays: 28})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Suppress(disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// rows: big, mid, tiny. tiny (3) primary; mid (12) the smallest other count, secondary.
	if s.Rows[2].Disclosure != disclosure.Primary || s.Rows[1].Disclosure != disclosure.Secondary || s.Rows[0].Disclosure != disclosure.Shown {
		t.Fatalf("statuses %v %v %v", s.Rows[0].Disclosure, s.Rows[1].Disclosure, s.Rows[2].Disclosure)
	}
	if s.Rows[2].N != 0 || s.Rows[2].KM != nil || !math.IsNaN(s.Rows[2].Share) || s.Rows[2].Median.Defined() {
		t.Errorf("hidden row leaks: %+v", s.Rows[2])
	}
	if c.Rows[2].N != 3 || s.Rows[0].N != 30 {
		t.Error("receiver changed or shown row altered")
	}
}

// The bad-input battery: waits near the largest float64 overflowed the
// sums, so the mean was +Inf and the SD NaN, with no error. (R gives
// mean(c(1e308, 1e308)) = Inf too; here they are computed scaled.)
func TestSummariseWaitsHuge(t *testing.T) {
	s, err := SummariseWaits([]float64{1e308, 1e308, math.MaxFloat64}, WaitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := (2e308/3)*1 + math.MaxFloat64/3
	if math.IsInf(s.Mean, 0) || math.Abs(s.Mean-want)/want > 1e-12 || math.IsNaN(s.SD) || math.IsInf(s.SD, 0) {
		t.Errorf("mean %v (want %v), SD %v", s.Mean, want, s.SD)
	}
	// The SD of (a, a, b) is |b − a|/√3.
	if sd := (math.MaxFloat64 - 1e308) / math.Sqrt(3); math.Abs(s.SD-sd)/sd > 1e-12 {
		t.Errorf("SD %v, want %v", s.SD, sd)
	}
}
