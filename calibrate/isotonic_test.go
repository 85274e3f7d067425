package calibrate

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

func TestPAVAHand(t *testing.T) {
	tests := []struct {
		name string
		y, w []float64
		dec  bool
		want []float64
	}{
		{"already monotone", []float64{1, 2, 3}, nil, false, []float64{1, 2, 3}},
		{"one violation", []float64{1, 3, 2, 4}, nil, false, []float64{1, 2.5, 2.5, 4}},
		{"cascade", []float64{3, 2, 1}, nil, false, []float64{2, 2, 2}},
		{"weighted", []float64{1, 3, 2}, []float64{1, 1, 3}, false, []float64{1, 2.25, 2.25}},
		{"decreasing", []float64{1, 3, 2}, nil, true, []float64{2, 2, 2}},
		{"decreasing ok", []float64{5, 3, 3, 1}, nil, true, []float64{5, 3, 3, 1}},
	}
	for _, tc := range tests {
		got, err := PAVA(tc.y, tc.w, tc.dec)
		if err != nil || len(got) != len(tc.want) {
			t.Errorf("%s: got %v, %v; want %v", tc.name, got, err, tc.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-15 {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
}

// gcmSlopes is R's isoreg algorithm (greatest convex minorant of the
// cumulative sums), written independently of PAVA.
func gcmSlopes(y []float64) []float64 {
	n := len(y)
	yc := make([]float64, n+1)
	for i, v := range y {
		yc[i+1] = yc[i] + v
	}
	yf := make([]float64, n)
	known := 0
	for known < n {
		slope, ip := math.Inf(1), 0
		for i := known + 1; i <= n; i++ {
			if s := (yc[i] - yc[known]) / float64(i-known); s < slope {
				slope, ip = s, i
			}
		}
		for i := known; i < ip; i++ {
			yf[i] = (yc[ip] - yc[known]) / float64(ip-known)
		}
		known = ip
	}
	return yf
}

func TestPAVAMatchesGCM(t *testing.T) {
	rng := newTestRand(3)
	for trial := 0; trial < 300; trial++ {
		n := 1 + rng.IntN(30)
		y := make([]float64, n)
		for i := range y {
			y[i] = float64(rng.IntN(10)) // many ties
		}
		got, err := PAVA(y, nil, false)
		mustNo(t, err)
		want := gcmSlopes(y)
		for i := range got {
			if math.Abs(got[i]-want[i]) > 1e-12 {
				t.Fatalf("y=%v: got %v, want %v", y, got, want)
			}
		}
		// decreasing fit of y equals minus the increasing fit of -y
		neg := make([]float64, n)
		for i := range y {
			neg[i] = -y[i]
		}
		dec, err := PAVA(y, nil, true)
		mustNo(t, err)
		inc := gcmSlopes(neg)
		for i := range dec {
			if math.Abs(dec[i]+inc[i]) > 1e-12 {
				t.Fatalf("decreasing y=%v: got %v", y, dec)
			}
		}
	}
}

func TestIsotonicTiesAndPredict(t *testing.T) {
	// x has a tie at 2 whose mean (4) exceeds the next value: pooled.
	x := []float64{2, 1, 2, 3}
	y := []float64{5, 1, 3, 2}
	fit, err := Isotonic(x, y, nil, IsotonicOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// per-x means: 1, 4 (n=2), 2 -> pool {4 (w2), 2 (w1)} = 10/3
	want := []float64{1, 10.0 / 3, 10.0 / 3}
	for i := range want {
		if math.Abs(fit.Fitted[i]-want[i]) > 1e-15 {
			t.Fatalf("fitted = %v, want %v", fit.Fitted, want)
		}
	}
	if fit.Blocks != 2 {
		t.Errorf("blocks = %d, want 2", fit.Blocks)
	}
	sse := 0.0 + (5-10.0/3)*(5-10.0/3) + (3-10.0/3)*(3-10.0/3) + (2-10.0/3)*(2-10.0/3)
	if math.Abs(fit.SSE-sse) > 1e-12 {
		t.Errorf("sse = %v, want %v", fit.SSE, sse)
	}
	for _, c := range []struct{ v, want float64 }{{0, 1}, {1, 1}, {1.5, 1}, {2, 10.0 / 3}, {9, 10.0 / 3}} {
		if got := fit.Predict(c.v); got != c.want {
			t.Errorf("Predict(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}

func TestIsotonicErrors(t *testing.T) {
	_, err := Isotonic([]float64{1, math.Inf(1)}, []float64{1, 2}, nil, IsotonicOptions{})
	var de *DataError
	if !errors.As(err, &de) || de.Row != 1 || de.Column != "x" {
		t.Errorf("Inf x: err = %v", err)
	}
	if _, err := Isotonic(nil, nil, nil, IsotonicOptions{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: err = %v", err)
	}
	if _, err := Isotonic([]float64{1}, []float64{1}, []float64{0}, IsotonicOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero weight: err = %v", err)
	}
}

// TestPAVAErrors is issue #13 item 14: PAVA returned all NaN for one NaN in y and had no
// error; a short w panicked. Every undefined fit is now an error naming the row.
func TestPAVAErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name   string
		y, w   []float64
		want   error
		row    int
		column string
	}{
		{"NaN in y", []float64{1, nan, 3}, nil, ErrNonFinite, 1, "y"},
		{"Inf in y", []float64{1, 2, -inf}, nil, ErrNonFinite, 2, "y"},
		{"NaN weight", []float64{1, 2, 3}, []float64{1, nan, 1}, ErrNonFinite, 1, "weight"},
		{"zero weight", []float64{1, 2, 3}, []float64{1, 1, 0}, ErrInvalidInput, 2, "weight"},
		{"negative weight", []float64{1, 2, 3}, []float64{-1, 1, 1}, ErrInvalidInput, 0, "weight"},
		{"short w", []float64{1, 2, 3}, []float64{1, 1}, ErrLength, -1, ""},
		{"empty", nil, nil, ErrEmpty, -1, ""},
		// Finite input whose weighted sums overflow: the pooled mean would be +Inf.
		{"overflow", []float64{1.5e308, 1.5e308, 0}, nil, ErrInvalidInput, -1, ""},
		{"weighted overflow", []float64{1e300, 2}, []float64{1e300, 1}, ErrInvalidInput, -1, ""},
		// The pooled weight overflows while the sums do not: the mean would come out as 0.
		{"pooled weight overflow", []float64{1e-10, 0}, []float64{1e308, 1e308}, ErrInvalidInput, -1, ""},
	}
	for _, tc := range tests {
		got, err := PAVA(tc.y, tc.w, false)
		if !errors.Is(err, tc.want) || got != nil {
			t.Errorf("%s: got %v, %v; want nil and an error wrapping %v", tc.name, got, err, tc.want)
			continue
		}
		if tc.row >= 0 {
			var de *DataError
			if !errors.As(err, &de) || de.Row != tc.row || de.Column != tc.column {
				t.Errorf("%s: %v does not name row %d, column %q", tc.name, err, tc.row, tc.column)
			}
		}
	}
}

// TestIsotonicOverflow: finite input whose sums overflow gives an error, not an Inf or NaN fit.
func TestIsotonicOverflow(t *testing.T) {
	for _, c := range []struct{ y, w []float64 }{
		{[]float64{1.5e308, 1.5e308, 0}, nil},
		{[]float64{1e200, -1e200, 0}, nil}, // the fit is 0 but the SSE overflows
		{[]float64{1, 2, 3}, []float64{1e308, 1e308, 1}},
	} {
		fit, err := Isotonic([]float64{1, 2, 3}, c.y, c.w, IsotonicOptions{})
		if !errors.Is(err, ErrInvalidInput) || fit != nil {
			t.Errorf("y %v, w %v: got %+v, %v; want an error wrapping ErrInvalidInput", c.y, c.w, fit, err)
		}
	}
}

// FuzzPAVA feeds arbitrary values and weights to PAVA: it returns an error (wrapping one of
// the documented sentinels) or a finite, monotone fit that keeps the weighted sum of y.
func FuzzPAVA(f *testing.F) {
	le := func(v ...float64) []byte {
		var b []byte
		for _, x := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
		return b
	}
	f.Add(le(1, 3, 2, 4), le(), false)
	f.Add(le(1.5e308, 1.5e308, 0), le(), false)
	f.Add(le(1e-10, 0), le(1e308, 1e308), true)
	f.Add(le(1, math.NaN(), 3), le(1, 1, 1), false)
	f.Fuzz(func(t *testing.T, yb, wb []byte, decreasing bool) {
		floats := func(b []byte) []float64 {
			var v []float64
			for ; len(b) >= 8; b = b[8:] {
				v = append(v, math.Float64frombits(binary.LittleEndian.Uint64(b)))
			}
			return v
		}
		y, w := floats(yb), floats(wb)
		if len(w) == 0 {
			w = nil
		}
		out, err := PAVA(y, w, decreasing)
		if err != nil {
			if out != nil || !(errors.Is(err, ErrEmpty) || errors.Is(err, ErrLength) || errors.Is(err, ErrNonFinite) || errors.Is(err, ErrInvalidInput)) {
				t.Fatalf("PAVA: %v, %v", out, err)
			}
			return
		}
		if len(out) != len(y) {
			t.Fatalf("%d values for %d", len(out), len(y))
		}
		// The fit keeps Σ w·y up to rounding, and up to underflow: a pooled mean below the
		// smallest float64 becomes 0 (found by the fuzzer: y = 1.06e6, 0 with weights 1.4e-76,
		// 8.6e270 pool to 1.7e-341).
		var sy, sf, scale, sw float64
		for i := range out {
			wi := 1.0
			if w != nil {
				wi = w[i]
			}
			if math.IsNaN(out[i]) || math.IsInf(out[i], 0) {
				t.Fatalf("out[%d] = %v", i, out[i])
			}
			if i > 0 && ((!decreasing && out[i] < out[i-1]) || (decreasing && out[i] > out[i-1])) {
				t.Fatalf("not monotone at %d: %v", i, out)
			}
			sy += wi * y[i]
			sf += wi * out[i]
			scale += math.Abs(wi * y[i])
			sw += wi
		}
		if math.Abs(sy-sf) > 1e-9*scale+2*math.SmallestNonzeroFloat64*sw {
			t.Fatalf("weighted sum %v, fit's %v", sy, sf)
		}
	})
}
