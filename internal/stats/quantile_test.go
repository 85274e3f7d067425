package stats

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// Hand-worked quantiles (each value derived on paper from the Hyndman–Fan
// definitions; see the comments).
func TestQuantileHandWorked(t *testing.T) {
	x5 := []float64{2, 4, 7, 11, 16}
	x4 := []float64{2, 4, 7, 11}
	tests := []struct {
		name string
		x    []float64
		typ  QuantileType
		p    float64
		want float64
	}{
		// n = 5, type 7: index = 1 + 4p.
		{"t7 p0", x5, Type7, 0, 2},
		{"t7 p.125", x5, Type7, 0.125, 3},    // index 1.5: 2 + .5·2
		{"t7 p.25", x5, Type7, 0.25, 4},      // index 2
		{"t7 p.375", x5, Type7, 0.375, 5.5},  // index 2.5: 4 + .5·3
		{"t7 p.875", x5, Type7, 0.875, 13.5}, // index 4.5: 11 + .5·5
		{"t7 p1", x5, Type7, 1, 16},
		// type 6: nppm = 6p.
		{"t6 p.125", x5, Type6, 0.125, 2},  // 0.75: x[0]=x[1]=2
		{"t6 p.25", x5, Type6, 0.25, 3},    // 1.5: 2 + .5·(4 − 2)
		{"t6 p.5", x5, Type6, 0.5, 7},      // 3
		{"t6 p.875", x5, Type6, 0.875, 16}, // 5.25: x[5]=x[6]=16
		{"t6 p.625", x5, Type6, 0.625, 10}, // 3.75: 7 + .75·(11 − 7)
		// type 4: nppm = 5p.
		{"t4 p.25", x5, Type4, 0.25, 2.5}, // 1.25: 2 + .25·2
		{"t4 p.5", x5, Type4, 0.5, 5.5},   // 2.5: 4 + .5·3
		{"t4 p.125", x5, Type4, 0.125, 2}, // 0.625: x[0]=x[1]=2
		// type 5: nppm = 1/2 + 5p.
		{"t5 p.25", x5, Type5, 0.25, 3.5}, // 1.75: 2 + .75·2
		{"t5 p.5", x5, Type5, 0.5, 7},     // 3
		// type 8: nppm = 1/3 + p·16/3.
		{"t8 p.5", x5, Type8, 0.5, 7},                     // 3
		{"t8 p.25", x5, Type8, 0.25, 2 + 2.0/3*2},         // 5/3: 2 + (2/3)·2
		{"t9 p.5", x5, Type9, 0.5, 7},                     // 3/8 + 2.625 = 3
		{"t9 p.25", x5, Type9, 0.25, 3.375},               // 1.6875: 2 + .6875·2
		{"t1 p.25 n5", x5, Type1, 0.25, 4},                // np = 1.25 -> x[2]
		{"t1 p.5 n5", x5, Type1, 0.5, 7},                  // 2.5 -> x[3]
		{"t2 p.5 n5", x5, Type2, 0.5, 7},                  // 2.5 -> x[3]
		{"t3 p.5 n5", x5, Type3, 0.5, 4},                  // nppm 2, j even -> x[2]
		{"t3 p.625 n5", x5, Type3, 0.625, 7},              // 2.625: j=2, h=1 -> x[3]
		{"t1 p.25 n4", x4, Type1, 0.25, 2},                // np = 1 -> x[1]
		{"t1 p.5 n4", x4, Type1, 0.5, 4},                  // np = 2 -> x[2]
		{"t2 p.25 n4", x4, Type2, 0.25, 3},                // (x[1]+x[2])/2
		{"t2 p.5 n4", x4, Type2, 0.5, 5.5},                // (4+7)/2
		{"t2 p.75 n4", x4, Type2, 0.75, 9},                // (7+11)/2
		{"t3 p.25 n4", x4, Type3, 0.25, 2},                // nppm .5: j=0, h=1 -> x[1]
		{"t3 p.5 n4", x4, Type3, 0.5, 4},                  // 1.5 -> x[2]
		{"t3 p.625 n4", x4, Type3, 0.625, 4},              // 2.0, j even -> x[2]
		{"t3 p.875 n4", x4, Type3, 0.875, 11},             // 3.0, j odd -> x[4]
		{"t3 p0 n4", x4, Type3, 0, 2},                     // nppm -.5: j=-1 (odd) -> x[0]=x[1]
		{"t6 p1 n4", x4, Type6, 1, 11},                    // 5: clamped
		{"t7 n1", []float64{3}, Type7, 0.3, 3},            // single value
		{"t6 n1", []float64{3}, Type6, 0.3, 3},            // single value
		{"t7 ties", []float64{1, 1, 1, 5}, Type7, 0.5, 1}, // index 2.5 between equal values
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Quantile(tt.x, tt.p, tt.typ)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-tt.want) > 1e-14*math.Abs(tt.want) {
				t.Errorf("Quantile(%v, %v, %v) = %.17g, want %.17g", tt.x, tt.p, tt.typ, got, tt.want)
			}
		})
	}
}

// TestQuantileLungR compares with R 4.2.2's quantile(lung$time, p, type = 6/7)
// (values from testdata/reference/quantiles_lung_time/expected.json).
func TestQuantileLungR(t *testing.T) {
	x := readLungTime(t)
	slices.Sort(x)
	p := []float64{0, 0.01, 0.050000000000000003, 0.10000000000000001, 0.25, 0.5, 0.75,
		0.90000000000000002, 0.94999999999999996, 0.98999999999999999, 1}
	want := map[QuantileType][]float64{
		Type7: {5, 11, 53, 80.400000000000006, 166.75, 255.5, 396.5, 616.30000000000018,
			733.59999999999991, 942.85999999999922, 1022},
		Type6: {5, 11, 40.900000000000027, 78.200000000000017, 166.25, 255.5, 401.5,
			625.69999999999993, 737.74999999999989, 996.95000000000039, 1022},
	}
	for typ, w := range want {
		got, err := Quantiles(x, p, typ)
		if err != nil {
			t.Fatal(err)
		}
		for i := range w {
			// R's reference case asks for rtol 1e-10; we are bit-identical.
			if got[i] != w[i] {
				t.Errorf("%v p=%v: got %.17g, want %.17g (R)", typ, p[i], got[i], w[i])
			}
		}
	}
}

// hfExact is an independent implementation of the Hyndman–Fan definitions in
// exact rational arithmetic (p and x exact binary fractions).
func hfExact(x []float64, p float64, typ QuantileType) float64 {
	n := int64(len(x))
	rp := new(big.Rat).SetFloat64(p)
	np := new(big.Rat).Mul(rp, big.NewRat(n, 1))
	at := func(j int64) *big.Rat { // 1-based, clamped
		j = max(1, min(n, j))
		return new(big.Rat).SetFloat64(x[j-1])
	}
	floor := func(r *big.Rat) int64 {
		q := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: floor for positive denom
		return q.Int64()
	}
	var j int64
	var g *big.Rat
	switch typ {
	case Type1, Type2, Type3:
		m := big.NewRat(0, 1)
		if typ == Type3 {
			m = big.NewRat(-1, 2)
		}
		v := new(big.Rat).Add(np, m)
		j = floor(v)
		frac := new(big.Rat).Sub(v, big.NewRat(j, 1))
		switch {
		case frac.Sign() > 0:
			g = big.NewRat(1, 1)
		case typ == Type1:
			g = big.NewRat(0, 1)
		case typ == Type2:
			g = big.NewRat(1, 2)
		case j%2 == 0:
			g = big.NewRat(0, 1)
		default:
			g = big.NewRat(1, 1)
		}
	default:
		ab := map[QuantileType][2]*big.Rat{
			Type4: {big.NewRat(0, 1), big.NewRat(1, 1)},
			Type5: {big.NewRat(1, 2), big.NewRat(1, 2)},
			Type6: {big.NewRat(0, 1), big.NewRat(0, 1)},
			Type7: {big.NewRat(1, 1), big.NewRat(1, 1)},
			Type8: {big.NewRat(1, 3), big.NewRat(1, 3)},
			Type9: {big.NewRat(3, 8), big.NewRat(3, 8)},
		}[typ]
		// m = a + p(1 − a − b); np + m
		m := new(big.Rat).Sub(big.NewRat(1, 1), ab[0])
		m.Sub(m, ab[1])
		m.Mul(m, rp)
		m.Add(m, ab[0])
		v := new(big.Rat).Add(np, m)
		j = floor(v)
		g = new(big.Rat).Sub(v, big.NewRat(j, 1))
	}
	q := new(big.Rat).Mul(new(big.Rat).Sub(big.NewRat(1, 1), g), at(j))
	q.Add(q, new(big.Rat).Mul(g, at(j+1)))
	f, _ := q.Float64()
	return f
}

func TestQuantileMatchesExactDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 80 {
		n := 1 + rng.IntN(12)
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(200)-100) / 4 // exact, with ties
		}
		slices.Sort(x)
		scale := math.Max(math.Abs(x[0]), math.Abs(x[n-1]))
		for k := 0; k <= 32; k++ {
			p := float64(k) / 32 // exact, hits the integer cases of np
			for typ := Type1; typ <= Type9; typ++ {
				got, err := Quantile(x, p, typ)
				if err != nil {
					t.Fatal(err)
				}
				want := hfExact(x, p, typ)
				if math.Abs(got-want) > 4e-15*scale {
					t.Fatalf("trial %d %v p=%v x=%v: got %.17g, want %.17g", trial, typ, p, x, got, want)
				}
			}
		}
	}
}

func TestQuantileInf(t *testing.T) {
	x := []float64{1, 1, math.Inf(1)}
	if q, _ := Quantile(x, 0.25, Type7); q != 1 {
		t.Errorf("ties next to Inf: got %v, want 1", q)
	}
	if q, _ := Quantile(x, 0.75, Type7); !math.IsInf(q, 1) {
		t.Errorf("got %v, want +Inf", q)
	}
	if q, _ := Quantile([]float64{math.Inf(-1), math.Inf(1)}, 0.5, Type6); !math.IsNaN(q) {
		t.Errorf("between -Inf and +Inf: got %v, want NaN (as R)", q)
	}
}

func TestQuantileErrors(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		p    float64
		typ  QuantileType
		want error
	}{
		{"empty", nil, 0.5, Type7, ErrEmpty},
		{"unsorted", []float64{1, 3, 2}, 0.5, Type7, ErrUnsorted},
		{"nan first", []float64{math.NaN(), 1}, 0.5, Type7, ErrNaN},
		{"nan later", []float64{1, math.NaN()}, 0.5, Type7, ErrNaN},
		{"p nan", []float64{1, 2}, math.NaN(), Type7, ErrProbability},
		{"p < 0", []float64{1, 2}, -0.01, Type7, ErrProbability},
		{"p > 1", []float64{1, 2}, 1.01, Type6, ErrProbability},
		{"type 0", []float64{1, 2}, 0.5, 0, ErrType},
		{"type 10", []float64{1, 2}, 0.5, 10, ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Quantile(tt.x, tt.p, tt.typ)
			if !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if err != nil && err.Error()[:7] != "stats: " {
				t.Errorf("message %q does not start with stats:", err)
			}
		})
	}
	// R clamps probabilities within 100 eps of [0, 1].
	if q, err := Quantile([]float64{1, 2}, 1+1e-15, Type7); err != nil || q != 2 {
		t.Errorf("slight overshoot: got %v, %v; want 2, nil", q, err)
	}
	if _, err := Quantiles([]float64{1, 2}, []float64{0.5, 2}, Type7); !errors.Is(err, ErrProbability) {
		t.Errorf("Quantiles bad p: %v", err)
	}
}

func BenchmarkQuantile(b *testing.B) {
	const n = 1_000_000
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i) * 0.37
	}
	ps := []float64{0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1}
	b.Run("Quantile/n=1e6", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = Quantile(x, 0.9, Type7)
		}
	})
	b.Run("Quantiles/n=1e6/probs=11", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = Quantiles(x, ps, Type7)
		}
	})
	for _, typ := range []QuantileType{Type6, Type7} {
		b.Run("QuantileUnchecked/n=1e6/"+typ.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = QuantileUnchecked(x, 0.9, typ)
			}
		})
	}
}
