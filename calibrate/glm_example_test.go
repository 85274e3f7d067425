package calibrate_test

import (
	"fmt"
	"math"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"gonum.org/v1/gonum/mat"
)

// A Gamma GLM with log link on McCullagh & Nelder's clotting data (R's ?glm
// example): the standard cost model's family.
func ExampleGLM() {
	u := []float64{5, 10, 15, 20, 30, 40, 60, 80, 100}
	lot1 := []float64{118, 58, 42, 35, 27, 25, 21, 19, 18}
	logu := make([]float64, len(u))
	for i, v := range u {
		logu[i] = math.Log(v)
	}
	d, err := calibrate.NewDesign([]string{"log(u)"}, [][]float64{logu}, lot1, true)
	if err != nil {
		fmt.Println(err)
		return
	}
	fit, err := calibrate.GLM(d, calibrate.GLMOptions{Family: calibrate.Gamma, Link: calibrate.Log})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range fit.Coefs {
		fmt.Printf("%-12s %8.4f %7.4f %s=%7.3f\n", c.Name, c.Estimate, c.StdErr, fit.StatisticName, c.Statistic)
	}
	fmt.Printf("deviance %.4f on %d df, dispersion %.5f, AIC %.2f, %d iterations\n",
		fit.Deviance, fit.DFResidual, fit.Dispersion, fit.AIC, fit.Iterations)
	sh, _ := fit.ShapeMLE()
	fmt.Printf("shape MLE %.2f\n", sh.Alpha)
	// Output:
	// (Intercept)    5.5032  0.1903 t= 28.919
	// log(u)        -0.6019  0.0553 t=-10.883
	// deviance 0.1626 on 7 df, dispersion 0.02435, AIC 58.48, 5 iterations
	// shape MLE 55.51
}

// Median regression through an exact vertex: two observations are fitted
// exactly.
func ExampleQuantReg() {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8}
	y := []float64{2.1, 3.9, 6.2, 7.8, 30, 12.1, 14.2, 15.8}
	d, _ := calibrate.NewDesign([]string{"x"}, [][]float64{x}, y, true)
	fit, err := calibrate.QuantReg(d, calibrate.QuantRegOptions{Tau: 0.5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("intercept %.4f slope %.4f objective %.4f zero residuals %d\n",
		fit.Coefficients[0], fit.Coefficients[1], fit.Objective, fit.NZero)
	// Output:
	// intercept 0.1000 slope 2.0000 objective 10.4500 zero residuals 2
}

// Non-negative least squares on the MATLAB lsqnonneg documentation example.
func ExampleNNLS() {
	A := mat.NewDense(4, 2, []float64{0.0372, 0.2869, 0.6861, 0.7071, 0.6233, 0.6245, 0.6344, 0.6170})
	b := []float64{0.8587, 0.1781, 0.0747, 0.8405}
	fit, err := calibrate.NNLS(A, b, calibrate.NNLSOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("x = [%.4f %.4f], passive %v, RSS %.4f\n", fit.X[0], fit.X[1], fit.Passive, fit.RSS)
	// Output:
	// x = [0.0000 0.6929], passive [1], RSS 0.8315
}

// Budget bands that must rise with need: an isotonic fit of cost on points.
func ExampleIsotonic() {
	points := []float64{1, 2, 2, 3, 4, 5}
	cost := []float64{100, 140, 120, 125, 200, 190}
	fit, err := calibrate.Isotonic(points, cost, nil, calibrate.IsotonicOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, x := range fit.X {
		fmt.Printf("points %.0f: %.2f\n", x, fit.Fitted[k])
	}
	fmt.Printf("blocks %d, at 4.5 points: %.2f\n", fit.Blocks, fit.Predict(4.5))
	// Output:
	// points 1: 100.00
	// points 2: 128.33
	// points 3: 128.33
	// points 4: 195.00
	// points 5: 195.00
	// blocks 3, at 4.5 points: 195.00
}

// Huber M-estimation as MASS::rlm on the stackloss data.
func ExampleRLM() {
	air := []float64{80, 80, 75, 62, 62, 62, 62, 62, 58, 58, 58, 58, 58, 58, 50, 50, 50, 50, 50, 56, 70}
	water := []float64{27, 27, 25, 24, 22, 23, 24, 24, 23, 18, 18, 17, 18, 19, 18, 18, 19, 19, 20, 20, 20}
	acid := []float64{89, 88, 90, 87, 87, 87, 93, 93, 87, 80, 89, 88, 82, 93, 89, 86, 72, 79, 80, 82, 91}
	loss := []float64{42, 37, 37, 28, 18, 18, 19, 20, 15, 14, 14, 13, 11, 12, 8, 7, 8, 8, 9, 15, 15}
	d, _ := calibrate.NewDesign([]string{"air_flow", "water_temp", "acid_conc"}, [][]float64{air, water, acid}, loss, true)
	fit, err := calibrate.RLM(d, calibrate.RLMOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range fit.Coefs {
		fmt.Printf("%-12s %9.4f %8.4f\n", c.Name, c.Estimate, c.StdErr)
	}
	fmt.Printf("scale %.4f after %d iterations\n", fit.Scale, fit.Iterations)
	// Output:
	// (Intercept)   -41.0265   9.8073
	// air_flow        0.8294   0.1112
	// water_temp      0.9261   0.3034
	// acid_conc      -0.1278   0.1289
	// scale 2.4407 after 9 iterations
}
