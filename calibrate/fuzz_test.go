package calibrate

import (
	"encoding/binary"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// FuzzLinear builds small designs from the fuzzer's bytes (including NaN,
// ±Inf, huge, tiny, repeated and collinear columns) and runs every linear
// estimator on them. None may panic; a fit that returns no error must have
// finite estimates for its non-aliased columns.
func FuzzLinear(f *testing.F) {
	f.Add([]byte{5, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{3, 3, 0, 0xff, 0xf0, 0, 0, 0, 0, 0, 0, 1, 2, 3})          // Inf/NaN patterns
	f.Add([]byte{8, 4, 2, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7}) // constant columns
	f.Add([]byte{1, 1, 1, 9})
	f.Add([]byte{12, 3, 3, 1, 2, 3, 4, 200, 100, 0, 0, 1, 1, 128, 64, 32})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		n := int(data[0]%24) + 1
		p := int(data[1]%6) + 1
		mode := data[2]
		data = data[3:]
		next := func(k int) float64 {
			if len(data) == 0 {
				return float64(k % 7)
			}
			b := data[k%len(data)]
			switch {
			case mode&1 != 0 && b == 0xff:
				return math.NaN()
			case mode&1 != 0 && b == 0xfe:
				return math.Inf(1)
			case mode&2 != 0 && b >= 0xf0:
				return math.Ldexp(float64(b), int(int8(data[(k+1)%len(data)])))
			case len(data) >= 8 && mode&4 != 0 && b == 0xf1:
				var buf [8]byte
				for i := range buf {
					buf[i] = data[(k+i)%len(data)]
				}
				return math.Float64frombits(binary.LittleEndian.Uint64(buf[:]))
			}
			return float64(b)/16 - 4
		}
		names := make([]string, p)
		cols := make([][]float64, p)
		for j := range cols {
			names[j] = string(rune('a' + j))
			cols[j] = make([]float64, n)
			for i := range cols[j] {
				cols[j][i] = next(i*p + j)
			}
			if mode&8 != 0 && j > 0 { // collinear copy
				copy(cols[j], cols[j-1])
			}
		}
		y := make([]float64, n)
		w := make([]float64, n)
		for i := range y {
			y[i] = next(7*i + 3)
			w[i] = math.Abs(next(5*i + 1))
		}
		d, err := NewDesign(names, cols, y, mode&16 == 0)
		if err != nil {
			// Bad values must be caught by NewDesign; the raw design too.
			raw := &Design{Names: names, X: mat.NewDense(n, p, flatten(cols, n)), Y: y}
			if _, err2 := OLS(raw, Options{}); err2 == nil {
				t.Fatalf("NewDesign rejected (%v) but OLS accepted", err)
			}
			return
		}
		check := func(fit *LinearFit, err error) {
			if err != nil {
				return
			}
			for _, c := range fit.Coefs {
				if !c.Aliased && (math.IsNaN(c.Estimate) || math.IsInf(c.Estimate, 0)) {
					t.Fatalf("non-finite estimate %v for %s without error", c.Estimate, c.Name)
				}
			}
			_ = fit.Summary()
			_ = fit.Leverage()
			for _, ht := range []HCType{HC0, HC1, HC2, HC3} {
				_, _ = fit.VcovHC(ht)
			}
			_, _ = fit.Predict(d.X)
		}
		check(OLS(d, Options{}))
		check(WLS(d, w, Analytic, Options{}))
		check(WLS(d, w, Frequency, Options{}))
		if lf, err := LogOLS(d, LogOptions{}); err == nil {
			_, _ = lf.FittedCost(LogSmearing)
		}
		if sf, err := SqrtOLS(d, Options{}); err == nil {
			_, _ = sf.FittedCost(SqrtVariance)
		}
		_, _ = CrossValidateOLS(d, CVOptions{K: 2 + int(mode%3)})
	})
}

func flatten(cols [][]float64, n int) []float64 {
	p := len(cols)
	out := make([]float64, n*p)
	for j, c := range cols {
		for i, v := range c {
			out[i*p+j] = v
		}
	}
	return out
}
