package calibrate

import (
	"math"
	"testing"
)

// NIST StRD "Longley" (higher difficulty): y = total employment on six
// highly collinear predictors (GNP deflator, GNP, unemployed, armed forces,
// population, year). Certified values from the NIST Statistical Reference
// Datasets (https://www.itl.nist.gov/div898/strd/lls/data/Longley.shtml).
var longleyData = [16][7]float64{
	{60323, 83.0, 234289, 2356, 1590, 107608, 1947},
	{61122, 88.5, 259426, 2325, 1456, 108632, 1948},
	{60171, 88.2, 258054, 3682, 1616, 109773, 1949},
	{61187, 89.5, 284599, 3351, 1650, 110929, 1950},
	{63221, 96.2, 328975, 2099, 3099, 112075, 1951},
	{63639, 98.1, 346999, 1932, 3594, 113270, 1952},
	{64989, 99.0, 365385, 1870, 3547, 115094, 1953},
	{63761, 100.0, 363112, 3578, 3350, 116219, 1954},
	{66019, 101.2, 397469, 2904, 3048, 117388, 1955},
	{67857, 104.6, 419180, 2822, 2857, 118734, 1956},
	{68169, 108.4, 442769, 2936, 2798, 120445, 1957},
	{66513, 110.8, 444546, 4681, 2637, 121950, 1958},
	{68655, 112.6, 482704, 3813, 2552, 123366, 1959},
	{69564, 114.2, 502601, 3931, 2514, 125368, 1960},
	{69331, 115.7, 518173, 4806, 2572, 127852, 1961},
	{70551, 116.9, 554894, 4007, 2827, 130081, 1962},
}

func TestLongleyNIST(t *testing.T) {
	certB := []float64{-3482258.63459582, 15.0618722713733, -0.358191792925910e-01,
		-2.02022980381683, -1.03322686717359, -0.511041056535807e-01, 1829.15146461355}
	certSE := []float64{890420.383607373, 84.9149257747669, 0.334910077722432e-01,
		0.488399681651699, 0.214274163161675, 0.226073200069370, 455.478499142212}
	const (
		certSigma = 304.854073561965
		certR2    = 0.995479004577296
		certF     = 330.285339234588
		certRSS   = 836424.055505915
	)
	y := make([]float64, 16)
	cols := make([][]float64, 6)
	for j := range cols {
		cols[j] = make([]float64, 16)
	}
	for i, r := range longleyData {
		y[i] = r[0]
		for j := range cols {
			cols[j][i] = r[j+1]
		}
	}
	d, err := NewDesign([]string{"deflator", "gnp", "unemployed", "armed", "population", "year"}, cols, y, true)
	mustNo(t, err)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	equal(t, 7, f.Rank)
	// Tolerance 1e-9 relative: about 6 digits better than the 15 digits NIST
	// certifies minus Longley's conditioning loss, and far tighter than any
	// wrong algorithm could pass.
	rel := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Errorf("%s: got %.15g, want %.15g (rel %.2g)", what, got, want, math.Abs(got-want)/math.Abs(want))
		}
	}
	for j := range certB {
		rel("b"+f.Names[j], f.Estimates[j], certB[j])
		rel("se "+f.Names[j], f.Coefs[j].StdErr, certSE[j])
	}
	rel("sigma", f.Sigma, certSigma)
	rel("R2", f.RSquared, certR2)
	rel("F", f.FStatistic, certF)
	rel("RSS", f.RSS, certRSS)
}
