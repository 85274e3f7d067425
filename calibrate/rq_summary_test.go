package calibrate

import (
	"math"
	"strings"
	"testing"
)

// QuantRegBandwidthAt against quantreg::bandwidth.rq (R 4.2.2, quantreg
// 5.94): sprintf("%.17g", bandwidth.rq(tau, n, hs)).
func TestQuantRegBandwidthAt(t *testing.T) {
	for _, c := range []struct {
		tau  float64
		n    int
		rule QuantRegBandwidth
		want float64
	}{
		{0.5, 235, BandwidthHallSheather, 0.15743933142023736},
		{0.25, 235, BandwidthHallSheather, 0.10904011295465676},
		{0.5, 235, BandwidthBofinger, 0.21734866797678468},
		{0.05, 1000, BandwidthBofinger, 0.026217836614024253},
		{0.9, 5000, BandwidthHallSheather, 0.020233888444242176},
	} {
		inDelta(t, c.want, QuantRegBandwidthAt(c.tau, c.n, c.rule), 1e-14*c.want, "tau %v n %d rule %d", c.tau, c.n, c.rule)
	}
	isTrue(t, math.IsNaN(QuantRegBandwidthAt(0, 10, BandwidthHallSheather)), "tau 0 is NaN")
	isTrue(t, math.IsNaN(QuantRegBandwidthAt(0.5, 0, BandwidthHallSheather)), "n 0 is NaN")
}

// Equivariance: scaling the response by c scales coefficients and every
// standard error by |c| (t values unchanged), for each estimator. nid is
// equivariant only to about 1e-8: R's densities 2h/(dᵢ − ε) subtract an
// absolute ε = 1.5e-8.
func TestQuantRegInferenceScale(t *testing.T) {
	d := heteroDesign(7, 300)
	d2, err := NewDesign([]string{"x", "z"}, [][]float64{colOf(d, 1), colOf(d, 2)}, scaled(d.Y, 4), true)
	mustNo(t, err)
	for _, se := range []QuantRegSE{QuantRegSEIID, QuantRegSENID, QuantRegSEKernel} {
		f, err := QuantReg(d, QuantRegOptions{Tau: 0.3, Method: QuantRegSimplex})
		mustNo(t, err)
		f2, err := QuantReg(d2, QuantRegOptions{Tau: 0.3, Method: QuantRegSimplex})
		mustNo(t, err)
		a, err := f.Inference(d, QuantRegInferenceOptions{SE: se})
		mustNo(t, err)
		b, err := f2.Inference(d2, QuantRegInferenceOptions{SE: se})
		mustNo(t, err)
		tol := 1e-9
		if se == QuantRegSENID {
			tol = 1e-6
		}
		for j := range a.Coefs {
			inDelta(t, 4*a.Coefs[j].StdErr, b.Coefs[j].StdErr, tol*a.Coefs[j].StdErr, "%v se %d", se, j)
			inDelta(t, a.Coefs[j].Statistic, b.Coefs[j].Statistic, tol*math.Abs(a.Coefs[j].Statistic), "%v t %d", se, j)
		}
		inDelta(t, a.Density/4, b.Density, tol*a.Density, "%v density", se)
		// Intervals at the level asked for.
		c := a.Coefs[1]
		inDelta(t, c.Estimate-c.Lower, c.Upper-c.Estimate, 1e-12, "symmetric interval")
	}
}

// The iid covariance is s²·τ(1−τ)·(X'X)⁻¹: proportional to OLS's unscaled
// covariance.
func TestQuantRegInferenceIIDShape(t *testing.T) {
	d := heteroDesign(3, 200)
	f, err := QuantReg(d, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	inf, err := f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEIID})
	mustNo(t, err)
	ols, err := OLS(d, Options{})
	mustNo(t, err)
	k := inf.Vcov.At(0, 0) / ols.Vcov.At(0, 0)
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			inDelta(t, k*ols.Vcov.At(i, j), inf.Vcov.At(i, j), 1e-10*math.Abs(k*ols.Vcov.At(i, i)), "vcov %d %d", i, j)
		}
	}
	s := 1 / inf.Density
	inDelta(t, s*s*0.25/(ols.Sigma*ols.Sigma), k, 1e-10*k, "sparsity² τ(1−τ)/σ²")
	isTrue(t, inf.BandwidthIID >= inf.Bandwidth, "iid bandwidth unhalved")
	sum := inf.Summary()
	for _, want := range []string{"tau = 0.5, standard errors: iid", "Std. Error", "(Intercept)", "Degrees of freedom: 197"} {
		contains(t, sum, want)
	}
	isTrue(t, !strings.Contains(sum, "NaN"), "no NaN in:\n%s", sum)
}

func TestQuantRegInferenceErrors(t *testing.T) {
	d := heteroDesign(5, 60)
	f, err := QuantReg(d, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	_, err = f.Inference(d, QuantRegInferenceOptions{Level: 1.5})
	errIs(t, err, ErrInvalidInput)
	_, err = f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSE(9)})
	errIs(t, err, ErrInvalidInput)
	_, err = f.Inference(d, QuantRegInferenceOptions{Bandwidth: QuantRegBandwidth(9)})
	errIs(t, err, ErrInvalidInput)
	other := heteroDesign(6, 60)
	_, err = f.Inference(other, QuantRegInferenceOptions{})
	errIs(t, err, ErrInvalidInput)
	short := heteroDesign(5, 30)
	_, err = f.Inference(short, QuantRegInferenceOptions{})
	errIs(t, err, ErrLength)
	// iid needs pz + m + 1 rows: with 5 rows and 3 columns there are too few.
	tiny := heteroDesign(8, 5)
	g, err := QuantReg(tiny, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	_, err = g.Inference(tiny, QuantRegInferenceOptions{SE: QuantRegSEIID})
	errIs(t, err, ErrInvalidInput)
}

func colOf(d *Design, j int) []float64 {
	n, _ := d.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = d.X.At(i, j)
	}
	return out
}

func scaled(v []float64, c float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = c * x
	}
	return out
}
