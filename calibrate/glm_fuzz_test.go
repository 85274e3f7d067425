package calibrate

import (
	"encoding/binary"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// FuzzEstimators feeds small random designs (any values, including NaN,
// ±Inf, zeros, duplicates and collinear columns) to every estimator of the
// GLM/robust/quantile/NNLS/isotonic files (the robust and quantile ones
// also with prior weights). They must return a result or an
// error, never panic, and a returned fit must not hold silent NaNs in its
// coefficients unless they are flagged as aliased.
func FuzzEstimators(f *testing.F) {
	f.Add([]byte{3, 2, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte{5, 1, 255, 0, 255, 0, 1, 1, 1, 1, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Add([]byte{8, 3, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 1, 2, 3, 4, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		n := 1 + int(data[0])%12
		p := int(data[1]) % 4
		data = data[2:]
		next := func() float64 {
			if len(data) == 0 {
				return 1
			}
			b := data[0]
			data = data[1:]
			switch b {
			case 255:
				return math.NaN()
			case 254:
				return math.Inf(1)
			case 253:
				if len(data) >= 8 {
					v := math.Float64frombits(binary.LittleEndian.Uint64(data))
					data = data[8:]
					return v
				}
			}
			return float64(int(b)%16) / 2
		}
		names := make([]string, p)
		cols := make([][]float64, p)
		for j := range cols {
			names[j] = string(rune('a' + j))
			cols[j] = make([]float64, n)
			for i := range cols[j] {
				cols[j][i] = next()
			}
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = next()
		}
		d, err := NewDesign(names, cols, y, true)
		if err != nil {
			return
		}
		checkCoefs := func(what string, c []float64, aliased func(j int) bool) {
			for j, v := range c {
				if (math.IsNaN(v) || math.IsInf(v, 0)) && !aliased(j) {
					t.Errorf("%s: coefficient %d = %v", what, j, v)
				}
			}
		}
		for _, fam := range []Family{Gaussian, Binomial, Poisson, Gamma} {
			for _, lnk := range []Link{CanonicalLink, Log, Identity, Inverse, Logit} {
				fit, err := GLM(d, GLMOptions{Family: fam, Link: lnk, MaxIter: 30})
				if fit != nil && err == nil {
					checkCoefs("glm", fit.Coefficients, func(j int) bool { return fit.Coefs[j].Aliased })
				}
			}
		}
		if fit, err := RLM(d, RLMOptions{}); err == nil {
			checkCoefs("rlm", fit.Coefficients, func(int) bool { return false })
		}
		for _, m := range []QuantRegMethod{QuantRegSimplex, QuantRegInteriorPoint} {
			if fit, err := QuantReg(d, QuantRegOptions{Tau: 0.3, Method: m}); err == nil {
				checkCoefs("quantreg", fit.Coefficients, func(int) bool { return false })
			}
		}
		// Prior weights from the same bytes (NaN, Inf, negative and zero
		// weights included): an error or a fit, and the inference of a
		// weighted quantile fit must not panic either.
		w := make([]float64, n)
		for i := range w {
			w[i] = next() - 1
		}
		if fit, err := RLM(d, RLMOptions{Weights: w}); err == nil {
			checkCoefs("weighted rlm", fit.Coefficients, func(int) bool { return false })
		}
		for _, m := range []QuantRegMethod{QuantRegSimplex, QuantRegInteriorPoint} {
			if fit, err := QuantReg(d, QuantRegOptions{Tau: 0.3, Method: m, Weights: w}); err == nil {
				checkCoefs("weighted quantreg", fit.Coefficients, func(int) bool { return false })
				for _, se := range []QuantRegSE{QuantRegSEIID, QuantRegSENID, QuantRegSEKernel} {
					_, _ = fit.Inference(d, QuantRegInferenceOptions{SE: se})
				}
				_, _ = fit.Uniqueness(d)
			}
		}
		_, q := d.Dims()
		if fit, err := NNLS(d.X, d.Y, NNLSOptions{}); err == nil {
			checkCoefs("nnls", fit.X, func(int) bool { return false })
		}
		if q > 1 {
			if fit, err := Isotonic(mat.Col(nil, 1, d.X), d.Y, nil, IsotonicOptions{Decreasing: n%2 == 0}); err == nil {
				for i := 1; i < len(fit.Fitted); i++ {
					if !fit.Decreasing && fit.Fitted[i] < fit.Fitted[i-1] {
						t.Errorf("isotonic not monotone: %v", fit.Fitted)
					}
				}
			}
		}
	})
}
