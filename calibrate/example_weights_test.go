package calibrate_test

import (
	"fmt"
	"os"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

// Prior weights for the robust and quantile regressions come from the
// formula's weights expression, as for WLS and GLM: ModelMatrix.Weights
// goes to RLMOptions.Weights (MASS::rlm's inv.var weights) and
// QuantRegOptions.Weights (quantreg's rq weights). Row 5 of the data has
// weight 0. R gives the same numbers: rlm(y ~ x1 + x2 + g, data, weights =
// w) 1.72199, 0.41149, … (standard errors 0.62318, …) and rq(…, weights =
// w) 1.68426, 0.37977, … (summary.rq nid standard errors 1.72061, …); see
// testdata/rscripts/prior_weights.R. The residuals are y − ŷ on the rows
// as given, also where the weight is 0 (R's residuals), and R's summary.rq
// warns of the same 3 non-positive densities, one of them the zero-weight
// row's.
func ExampleRLM_weights() {
	f, err := os.Open("testdata/prior_weights/data.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	fr, err := calibrate.ReadFrame(f, calibrate.FrameOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	mm, err := calibrate.NewModelMatrix("y ~ x1 + x2 + g", fr, calibrate.FormulaOptions{Weights: "w"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rf, err := calibrate.RLM(mm.Design, calibrate.RLMOptions{Weights: mm.Weights})
	if err != nil {
		fmt.Println(err)
		return
	}
	qf, err := calibrate.QuantReg(mm.Design, calibrate.QuantRegOptions{Tau: 0.5, Weights: mm.Weights})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Inference takes the design as given; it scales the rows by the
	// weights itself, as summary.rq does.
	inf, err := qf.Inference(mm.Design, calibrate.QuantRegInferenceOptions{SE: calibrate.QuantRegSENID})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%-12s %9s %9s %9s %9s\n", "", "rlm", "se", "rq", "se (nid)")
	for j, name := range mm.Names {
		fmt.Printf("%-12s %9.5f %9.5f %9.5f %9.5f\n", name, rf.Coefs[j].Estimate, rf.Coefs[j].StdErr, inf.Coefs[j].Estimate, inf.Coefs[j].StdErr)
	}
	fmt.Printf("row 5: weight %g, rlm residual %.4f, rq residual %.4f\n", rf.PriorWeights[4], rf.Residuals[4], qf.Residuals[4])
	fmt.Println(inf.Warnings)
	// Output:
	//                    rlm        se        rq  se (nid)
	// (Intercept)    1.72199   0.62318   1.68426   1.72061
	// x1             0.41149   0.07708   0.37977   0.13191
	// x2            -1.22176   0.24426  -1.34445   0.52293
	// gb             1.74912   0.49845   1.70686   1.73202
	// gc             0.45508   0.50521   0.47580   1.71270
	// row 5: weight 0, rlm residual -0.8634, rq residual -0.6121
	// [3 non-positive fis]
}
