package pathway

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b))
}

// Hand-computed example: times 1,2,2+,3,4+,5.
func TestKaplanMeierHand(t *testing.T) {
	f, err := KaplanMeier([]float64{1, 2, 2, 3, 4, 5}, []bool{true, true, false, true, false, true}, KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantS := []float64{5.0 / 6, 4.0 / 6, 4.0 / 9, 4.0 / 9, 0}
	wantRisk := []int{6, 5, 3, 2, 1}
	wantVar := []float64{1.0 / 30, 1.0/30 + 1.0/20, 0.25, 0.25, math.Inf(1)}
	for i := range wantS {
		if !near(f.Surv[i], wantS[i], 1e-14) || f.NRisk[i] != wantRisk[i] {
			t.Errorf("row %d: S=%v n=%d, want %v %d", i, f.Surv[i], f.NRisk[i], wantS[i], wantRisk[i])
		}
		if se := math.Sqrt(wantVar[i]); f.StdErrLogSurv[i] != se && !near(f.StdErrLogSurv[i], se, 1e-14) {
			t.Errorf("row %d: se %v want %v", i, f.StdErrLogSurv[i], se)
		}
	}
	// S = 0: SE of S and all bounds undefined
	if !math.IsNaN(f.StdErrSurv[4]) || !math.IsNaN(f.Lower[4]) || !math.IsNaN(f.Upper[4]) {
		t.Errorf("S=0 row: se %v lower %v upper %v, want NaN", f.StdErrSurv[4], f.Lower[4], f.Upper[4])
	}
	// log CI at t=3: S·exp(∓1.959964·0.5)
	z := 1.959963984540054
	if !near(f.Lower[2], 4.0/9*math.Exp(-z*0.5), 1e-12) || !near(f.Upper[2], math.Min(1, 4.0/9*math.Exp(z*0.5)), 1e-12) {
		t.Errorf("log CI at 3: %v %v", f.Lower[2], f.Upper[2])
	}
	if m := f.Median(); m.Value != 3 {
		t.Errorf("median %v want 3", m.Value)
	}
	qs, _ := f.Quantiles([]float64{0.25, 0.5})
	if qs[0].Value != 2 || qs[1].Value != 3 {
		t.Errorf("quantiles %v", qs)
	}
	mean, se, err := f.RestrictedMean(5)
	wantMean := 61.0 / 18
	wantSE := math.Sqrt(math.Pow(43.0/18, 2)/30 + math.Pow(28.0/18, 2)/20 + math.Pow(16.0/18, 2)/6)
	if err != nil || !near(mean, wantMean, 1e-14) || !near(se, wantSE, 1e-14) {
		t.Errorf("rmean %v (%v) want %v (%v), err %v", mean, se, wantMean, wantSE, err)
	}
	if p := f.ProbWithin(2.5); !near(p.Value, 1-4.0/6, 1e-14) {
		t.Errorf("ProbWithin(2.5) = %v", p)
	}
	if p := f.ProbWithin(0.5); p.Value != 0 || p.Lower != 0 || p.Upper != 0 {
		t.Errorf("ProbWithin(0.5) = %+v", p)
	}
	if s := f.SurvivalAt(4.9); !near(s, 4.0/9, 1e-14) {
		t.Errorf("SurvivalAt %v", s)
	}
}

// survfit(Surv(1:4) ~ 1): S hits exactly 0.5 on [2, 3): median 2.5.
func TestKaplanMeierMidpoint(t *testing.T) {
	f, _ := KaplanMeier([]float64{1, 2, 3, 4}, []bool{true, true, true, true}, KMOptions{ConfType: ConfPlain})
	if m := f.Median(); m.Value != 2.5 {
		t.Errorf("median %v want 2.5", m.Value)
	}
	qs, _ := f.Quantiles([]float64{0.5, 0.75, 1})
	if qs[0].Value != 2.5 || qs[1].Value != 3.5 || qs[2].Value != 4 {
		t.Errorf("quantiles %+v want 2.5, 3.5, 4", qs)
	}
}

func TestKaplanMeierNotReached(t *testing.T) {
	// all censored
	f, err := KaplanMeier([]float64{3, 5, 8}, []bool{false, false, false}, KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f.Events != 0 || f.Surv[2] != 1 {
		t.Errorf("all censored: events %d S %v", f.Events, f.Surv)
	}
	m := f.Median()
	if m.Defined() || !math.IsNaN(m.Lower) || !math.IsNaN(m.Upper) {
		t.Errorf("median of all-censored = %+v, want NaN", m)
	}
	qs, _ := f.Quantiles([]float64{0.5, 0.9})
	for _, q := range qs {
		if q.Defined() {
			t.Errorf("quantile %v defined: %+v", q.P, q)
		}
	}
	// curve that stays above 0.5
	f, _ = KaplanMeier([]float64{1, 2, 3, 4, 5}, []bool{true, false, false, false, false}, KMOptions{ConfType: ConfLogLog})
	if f.Median().Defined() {
		t.Error("median should not be reached")
	}
	// log-log bounds undefined where S = 1
	f, _ = KaplanMeier([]float64{1, 2, 3}, []bool{false, true, true}, KMOptions{ConfType: ConfLogLog})
	if !math.IsNaN(f.Lower[0]) || !math.IsNaN(f.Upper[0]) {
		t.Errorf("log-log at S=1: %v %v", f.Lower[0], f.Upper[0])
	}
}

func TestKaplanMeierErrors(t *testing.T) {
	cases := []struct {
		times  []float64
		events []bool
		opts   KMOptions
		want   error
	}{
		{nil, nil, KMOptions{}, ErrEmpty},
		{[]float64{1}, []bool{true, false}, KMOptions{}, ErrLength},
		{[]float64{math.NaN()}, []bool{true}, KMOptions{}, ErrTime},
		{[]float64{-1}, []bool{true}, KMOptions{}, ErrTime},
		{[]float64{math.Inf(1)}, []bool{true}, KMOptions{}, ErrTime},
		{[]float64{1}, []bool{true}, KMOptions{ConfLevel: 1.5}, ErrInvalidOptions},
		{[]float64{1}, []bool{true}, KMOptions{ConfType: 9}, ErrInvalidOptions},
	}
	for i, c := range cases {
		if _, err := KaplanMeier(c.times, c.events, c.opts); !errors.Is(err, c.want) {
			t.Errorf("case %d: err %v want %v", i, err, c.want)
		}
	}
	f, _ := KaplanMeier([]float64{1}, []bool{true}, KMOptions{})
	if _, err := f.Quantiles([]float64{1.5}); !errors.Is(err, ErrProbability) {
		t.Errorf("Quantiles(1.5) err %v", err)
	}
	if _, _, err := f.RestrictedMean(math.NaN()); !errors.Is(err, ErrTime) {
		t.Errorf("RestrictedMean(NaN) err %v", err)
	}
	if _, err := KaplanMeierByGroup([]float64{1}, []bool{true}, nil, KMOptions{}); !errors.Is(err, ErrLength) {
		t.Errorf("by group err %v", err)
	}
}

// Property: without censoring, S equals 1 − ECDF.
func TestKaplanMeierECDF(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 500
	times := make([]float64, n)
	ev := make([]bool, n)
	for i := range times {
		times[i] = float64(r.IntN(60))
		ev[i] = true
	}
	f, _ := KaplanMeier(times, ev, KMOptions{})
	for k, tk := range f.Time {
		le := 0
		for _, x := range times {
			if x <= tk {
				le++
			}
		}
		if !near(f.Surv[k], 1-float64(le)/float64(n), 1e-12) {
			t.Fatalf("t=%v S=%v ECDF=%v", tk, f.Surv[k], float64(le)/float64(n))
		}
	}
}

// The counting path (integer days) and the sorting path agree exactly.
func TestKaplanMeierPathsAgree(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	n := 2000
	times := make([]float64, n)
	ev := make([]bool, n)
	for i := range times {
		times[i] = float64(r.IntN(200))
		ev[i] = r.Float64() < 0.8
	}
	a := kmCounting(times, ev, 199)
	b := kmSorted(times, ev, true) // whole days: the fix changes nothing
	a.finish(KMOptions{})
	b.finish(KMOptions{})
	if len(a.Time) != len(b.Time) {
		t.Fatalf("rows %d vs %d", len(a.Time), len(b.Time))
	}
	for k := range a.Time {
		if a.Time[k] != b.Time[k] || a.NRisk[k] != b.NRisk[k] || a.NEvent[k] != b.NEvent[k] || a.NCensor[k] != b.NCensor[k] || a.Surv[k] != b.Surv[k] || a.Lower[k] != b.Lower[k] {
			t.Fatalf("row %d differs", k)
		}
	}
}

func TestKaplanMeierByGroupOrder(t *testing.T) {
	g, err := KaplanMeierByGroup([]float64{1, 2, 3, 4}, []bool{true, true, true, true}, []string{"10", "9", "10", "2"}, KMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Groups) != 3 || g.Groups[0] != "2" || g.Groups[1] != "9" || g.Groups[2] != "10" {
		t.Errorf("numeric order: %v", g.Groups)
	}
	g, _ = KaplanMeierByGroup([]float64{1, 2, 3}, []bool{true, true, true}, []string{"b", "a", "b"}, KMOptions{})
	if g.Groups[0] != "a" || g.Fits[1].N != 2 {
		t.Errorf("string order: %v", g.Groups)
	}
}

func TestLogRankErrors(t *testing.T) {
	if _, err := LogRank([]float64{1, 2}, []bool{true, true}, []string{"a", "a"}, LogRankOptions{}); !errors.Is(err, ErrGroups) {
		t.Errorf("one group: %v", err)
	}
	if _, err := LogRank([]float64{1, 2}, []bool{true, true}, []string{"a", "b"}, LogRankOptions{Rho: -1}); !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("rho: %v", err)
	}
	// no events: no test possible, reported as NaN p
	r, err := LogRank([]float64{1, 2}, []bool{false, false}, []string{"a", "b"}, LogRankOptions{})
	if err != nil || r.DF != 0 || !math.IsNaN(r.PValue) {
		t.Errorf("no events: %+v %v", r, err)
	}
}

// Hand-computed two-group log-rank: A = {1, 3}, B = {2, 4}, all events.
// t=1: n=4 (2,2) d=1 → E_A=.5, V=.25; t=2: n=3 (1,2) d=1 → E_A=1/3, V=2/9;
// t=3: n=2 (1,1) d=1 → E_A=.5, V=.25; t=4: n=1 → E_A=0.
// O_A=2, E_A=4/3, V=.25+2/9+.25=13/18, χ² = (2/3)²/(13/18) = 8/13.
func TestLogRankHand(t *testing.T) {
	r, err := LogRank([]float64{1, 2, 3, 4}, []bool{true, true, true, true}, []string{"A", "B", "A", "B"}, LogRankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Expected[0], 4.0/3, 1e-14) || !near(r.Var[0][0], 13.0/18, 1e-14) || !near(r.ChiSq, 8.0/13, 1e-14) || r.DF != 1 {
		t.Errorf("got E=%v V=%v chi=%v df=%d", r.Expected, r.Var, r.ChiSq, r.DF)
	}
	if !near(r.PValue, math.Erfc(math.Sqrt(8.0/13/2)), 1e-12) {
		t.Errorf("p %v", r.PValue)
	}
}

func TestSortNonNegative(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for _, n := range []int{0, 1, 10, 5000, 100000} {
		x := make([]float64, n)
		for i := range x {
			switch r.IntN(4) {
			case 0:
				x[i] = float64(r.IntN(50))
			case 1:
				x[i] = math.Copysign(0, -1)
			default:
				x[i] = r.ExpFloat64() * math.Pow(10, float64(r.IntN(12)-6))
			}
		}
		want := slices.Clone(x)
		slices.Sort(want)
		sortNonNegative(x)
		for i := range x {
			if x[i] != want[i] {
				t.Fatalf("n=%d: x[%d] = %v, want %v", n, i, x[i], want[i])
			}
		}
	}
}
