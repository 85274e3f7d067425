package pathway

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

func TestRadixSortKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 17, 5000, 70000} {
		keys := make([]uint64, n)
		for i := range keys {
			switch i % 4 {
			case 0:
				keys[i] = r.Uint64()
			case 1:
				keys[i] = uint64(r.IntN(50)) // duplicates, digits constant above
			case 2:
				keys[i] = eventKey(r.ExpFloat64()*30, r.IntN(2) == 0)
			default:
				keys[i] = eventKey(float64(r.IntN(100)), true)
			}
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		radixSortKeys(keys, make([]uint64, n))
		if !slices.Equal(keys, want) {
			t.Errorf("n %d: keys not sorted as slices.Sort sorts them", n)
		}
	}
	// −0 sorts as +0.
	if eventKey(math.Copysign(0, -1), false) != eventKey(0, false) {
		t.Error("−0 and +0 have different keys")
	}
}

// naiveKM is a direct Kaplan–Meier table: observations sorted by time,
// times tied by fixTimes (R's timefix) first, one row per distinct time.
func naiveKM(times []float64, events []bool) (tm []float64, risk, ev, ce []int) {
	fixed := fixTimes(times, false, slices.Max(times))
	idx := make([]int, len(times))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case fixed[a] < fixed[b]:
			return -1
		case fixed[a] > fixed[b]:
			return 1
		}
		return 0
	})
	atRisk := len(times)
	for k := 0; k < len(idx); {
		t0 := fixed[idx[k]]
		e, c := 0, 0
		for ; k < len(idx) && fixed[idx[k]] == t0; k++ {
			if events[idx[k]] {
				e++
			} else {
				c++
			}
		}
		tm, risk, ev, ce = append(tm, t0), append(risk, atRisk), append(ev, e), append(ce, c)
		atRisk -= e + c
	}
	return tm, risk, ev, ce
}

// TestKaplanMeierContinuousLarge checks the sorted path on continuous
// times large enough to be sorted in halves and tabulated in parallel
// ranges: against a direct table (with repeated times and times tied only
// by the time fix), and bit-identical whatever GOMAXPROCS is.
func TestKaplanMeierContinuousLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	n := 3*parallelSortMin + 11
	times := make([]float64, n)
	events := make([]bool, n)
	for i := range times {
		switch {
		case i%10 == 0 && i > 0:
			times[i] = times[i-1] // repeated
		case i%10 == 5 && i > 0:
			times[i] = times[i-1] * (1 + 1e-12) // tied by the time fix only
		default:
			times[i] = 35 * math.Pow(r.ExpFloat64(), 1/1.1)
		}
		events[i] = r.Float64() < 0.8
	}
	wt, wr, we, wc := naiveKM(times, events)
	var first *KMFit
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		f, err := KaplanMeier(times, events, KMOptions{})
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(f.Time, wt) || !slices.Equal(f.NRisk, wr) || !slices.Equal(f.NEvent, we) || !slices.Equal(f.NCensor, wc) {
			t.Fatalf("GOMAXPROCS %d: table differs from the direct one (%d rows, want %d)", procs, len(f.Time), len(wt))
		}
		if first == nil {
			first = f
			continue
		}
		for _, c := range [][2][]float64{{first.Surv, f.Surv}, {first.StdErrLogSurv, f.StdErrLogSurv}, {first.Lower, f.Lower}, {first.Upper, f.Upper}} {
			for k := range c[0] {
				if math.Float64bits(c[0][k]) != math.Float64bits(c[1][k]) {
					t.Fatalf("GOMAXPROCS %d: row %d differs: %v and %v", procs, k, c[0][k], c[1][k])
				}
			}
		}
	}
	if len(wt) >= n-n/10 {
		t.Errorf("the data should have repeated and tied times: %d rows for %d times", len(wt), n)
	}
}
