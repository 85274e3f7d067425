package calibrate_test

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

// Weekly cost against assessed points: a price per point with an intercept.
func ExampleOLS() {
	points := []float64{1, 2, 3, 4, 5}
	cost := []float64{2, 4, 5, 4, 5}
	d, err := calibrate.NewDesign([]string{"points"}, [][]float64{points}, cost, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	fit, err := calibrate.OLS(d, calibrate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range fit.Coefs {
		fmt.Printf("%-11s %6.3f (se %.4f, p %.4f)\n", c.Name, c.Estimate, c.StdErr, c.PValue)
	}
	fmt.Printf("R² %.3f, σ %.4f on %v df, AIC %.3f\n", fit.RSquared, fit.Sigma, fit.DFResidual, fit.AIC)
	// Checked by hand: slope Sxy/Sxx = 6/10, σ² = RSS/3 = 2.4/3,
	// p from the closed-form t(3) CDF, AIC = −2·logLik + 2·(2+1).

	// Output:
	// (Intercept)  2.200 (se 0.9381, p 0.1007)
	// points       0.600 (se 0.2828, p 0.1240)
	// R² 0.600, σ 0.8944 on 3 df, AIC 16.520
}

// A collinear design reports the aliased column as R reports NA.
func ExampleOLS_aliased() {
	a := []float64{1, 2, 3, 4, 5, 6}
	b := []float64{2, 4, 6, 8, 10, 12} // = 2a
	y := []float64{1, 3, 2, 5, 4, 6}
	d, _ := calibrate.NewDesign([]string{"a", "b"}, [][]float64{a, b}, y, true)
	fit, _ := calibrate.OLS(d, calibrate.Options{})
	fmt.Println("aliased:", fit.Aliased, "rank:", fit.Rank)
	_, err := calibrate.OLS(d, calibrate.Options{Aliased: calibrate.AliasError})
	fmt.Println(err)
	// Output:
	// aliased: [b] rank: 2
	// calibrate: rank-deficient design: aliased column(s) "b"
}

// Log-cost model retransformed to pounds with Duan's smearing factor.
func ExampleLogOLS() {
	points := []float64{2, 4, 6, 8, 10, 12}
	cost := []float64{110, 160, 300, 390, 700, 1000}
	d, _ := calibrate.NewDesign([]string{"points"}, [][]float64{points}, cost, true)
	fit, err := calibrate.LogOLS(d, calibrate.LogOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := fit.FittedCost(calibrate.LogSmearing)
	fmt.Printf("smearing %.4f; first prediction £%.2f\n", fit.Smearing, pred[0])
	// Checked with an independent closed-form simple regression on log(cost).

	// Output:
	// smearing 1.0023; first prediction £109.55
}

// Profile-likelihood intervals for a Poisson GLM: Dobson's (1990) counts by
// outcome and treatment, as in R's ?glm. R gives the same Wald intervals
// (confint.default) and profile intervals (confint).
func ExampleGLMFit_ConfintProfile() {
	counts := []float64{18, 17, 15, 20, 10, 20, 25, 13, 12}
	outcome2 := []float64{0, 1, 0, 0, 1, 0, 0, 1, 0}
	outcome3 := []float64{0, 0, 1, 0, 0, 1, 0, 0, 1}
	treatment2 := []float64{0, 0, 0, 1, 1, 1, 0, 0, 0}
	treatment3 := []float64{0, 0, 0, 0, 0, 0, 1, 1, 1}
	d, err := calibrate.NewDesign([]string{"outcome2", "outcome3", "treatment2", "treatment3"},
		[][]float64{outcome2, outcome3, treatment2, treatment3}, counts, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := calibrate.GLM(d, calibrate.GLMOptions{Family: calibrate.Poisson})
	if err != nil {
		fmt.Println(err)
		return
	}
	ci, err := f.ConfintProfile(d, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	for j := 1; j <= 2; j++ {
		c := f.Coefs[j]
		fmt.Printf("%s: %.3f, Wald (%.3f, %.3f), profile (%.3f, %.3f)\n", c.Name, c.Estimate, c.Lower, c.Upper, ci[j][0], ci[j][1])
	}
	// Output:
	// outcome2: -0.454, Wald (-0.851, -0.058), profile (-0.858, -0.063)
	// outcome3: -0.293, Wald (-0.671, 0.085), profile (-0.675, 0.082)
}
