package calibrate_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

// Twelve care packages: assessed points, age and planned weekly cost (£).
// The outputs of these examples were checked against R 4.2.2 (lm, anova,
// predict, influence.measures, lmtest::bptest, car::vif,
// quantreg::summary.rq) on the same data.
var (
	exPoints = []float64{4, 7, 9, 12, 15, 18, 20, 23, 27, 30, 34, 40}
	exAge    = []float64{45, 80, 62, 71, 55, 90, 66, 78, 85, 59, 73, 88}
	exCost   = []float64{120, 210, 190, 260, 300, 420, 350, 410, 560, 480, 590, 820}
)

func exampleFits() (small, big *calibrate.LinearFit) {
	ds, _ := calibrate.NewDesign([]string{"points"}, [][]float64{exPoints}, exCost, true)
	db, _ := calibrate.NewDesign([]string{"points", "age"}, [][]float64{exPoints, exAge}, exCost, true)
	ds.Response, db.Response = "cost", "cost"
	small, _ = calibrate.OLS(ds, calibrate.Options{})
	big, _ = calibrate.OLS(db, calibrate.Options{})
	return small, big
}

// Does age add to points? The F test of the nested models, as R's
// anova(small, big).
func ExampleAnovaLinear() {
	small, big := exampleFits()
	a, err := calibrate.AnovaLinear([]*calibrate.LinearFit{small, big}, calibrate.AnovaOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := a.Rows[1]
	fmt.Printf("%s vs %s: Df %v, Sum of Sq %.1f, F %.3f, p %.4f\n", a.Rows[0].Model, r.Model, r.DF, r.SumSq, r.F, r.PValue)
	// Output:
	// cost ~ points vs cost ~ points + age: Df 1, Sum of Sq 13296.5, F 8.788, p 0.0158
}

// Is the variance of the cost constant? lmtest::bptest's studentized
// test.
func ExampleLinearFit_BreuschPagan() {
	_, big := exampleFits()
	bp, err := big.BreuschPagan(calibrate.BPOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bp)
	// Output:
	// studentized Breusch-Pagan test: BP = 3.366, df = 2, p-value = 0.186
}

// How much collinearity between points and age inflates the variances,
// as car::vif.
func ExampleLinearFit_VIF() {
	_, big := exampleFits()
	v, err := big.VIF(calibrate.VIFOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range v.Rows {
		fmt.Printf("%s %.3f\n", r.Term, r.GVIF)
	}
	// Output:
	// points 1.276
	// age 1.276
}

// The packages R's influence.measures flags as influential.
func ExampleLinearFit_Influence() {
	_, big := exampleFits()
	inf, err := big.Influence()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, i := range inf.InfluentialRows() {
		fmt.Printf("row %d: leverage %.3f, Cook's distance %.3f, DFFITS %.3f\n", i+1, inf.Leverage[i], inf.Cooks[i], inf.DFFITS[i])
	}
	// Output:
	// row 1: leverage 0.431, Cook's distance 0.648, DFFITS 1.554
	// row 2: leverage 0.363, Cook's distance 0.011, DFFITS -0.175
	// row 6: leverage 0.325, Cook's distance 0.002, DFFITS 0.081
	// row 12: leverage 0.390, Cook's distance 1.089, DFFITS 2.594
}

// Visits a week, a Poisson model: does age add to points? The analysis of
// deviance, as R's anova(m1, m2, test = "Chisq").
func ExampleAnovaGLM() {
	visits := []float64{2, 3, 3, 5, 4, 7, 6, 8, 9, 8, 12, 15}
	ds, _ := calibrate.NewDesign([]string{"points"}, [][]float64{exPoints}, visits, true)
	db, _ := calibrate.NewDesign([]string{"points", "age"}, [][]float64{exPoints, exAge}, visits, true)
	opt := calibrate.GLMOptions{Family: calibrate.Poisson, Epsilon: 1e-12}
	small, _ := calibrate.GLM(ds, opt)
	big, _ := calibrate.GLM(db, opt)
	a, err := calibrate.AnovaGLM([]*calibrate.GLMFit{small, big}, calibrate.AnovaOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range a.Rows {
		fmt.Printf("resid. df %v, resid. dev %.5f\n", r.ResidDF, r.ResidDev)
	}
	fmt.Printf("deviance %.5f on %v df, p %.4f\n", a.Rows[1].Deviance, a.Rows[1].DF, a.Rows[1].ChisqPValue)
	// Output:
	// resid. df 10, resid. dev 1.60399
	// resid. df 9, resid. dev 0.73841
	// deviance 0.86558 on 1 df, p 0.3522
}

// The xy-pair bootstrap of the median regression: 4000 resamples, seeded.
// quantreg's summary.rq(se = "boot", R = 20000) on the same data gives
// standard errors 34.5 and 2.54; the bootstrap's own Monte Carlo error is
// about 2% here.
func ExampleQuantRegFit_Inference_bootstrap() {
	d, _ := calibrate.NewDesign([]string{"points"}, [][]float64{exPoints}, exCost, true)
	f, _ := calibrate.QuantReg(d, calibrate.QuantRegOptions{Tau: 0.5})
	inf, err := f.Inference(d, calibrate.QuantRegInferenceOptions{SE: calibrate.QuantRegSEBoot,
		Boot: calibrate.BootOptions{Replicates: 4000, Seed: 1}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range inf.Coefs {
		fmt.Printf("%s: se %.2g\n", c.Name, c.StdErr)
	}
	fmt.Println("rank-deficient resamples:", inf.Boot.Failed)
	// Output:
	// (Intercept): se 34
	// points: se 2.5
	// rank-deficient resamples: 0
}

// The cost of a new package of 25 points at age 70: the mean cost of such
// packages, and the range for one package, at 90%.
func ExampleLinearFit_PredictInterval() {
	_, big := exampleFits()
	x0 := mat.NewDense(1, 3, []float64{1, 25, 70})
	for _, typ := range []calibrate.IntervalType{calibrate.ConfidenceInterval, calibrate.PredictionInterval} {
		p, _ := big.PredictInterval(x0, calibrate.PredictOptions{Interval: typ, Level: 0.9})
		fmt.Printf("%s: £%.2f (se %.2f), 90%% interval £%.2f to £%.2f\n", typ, p.Fit[0], p.SEFit[0], p.Lower[0], p.Upper[0])
	}
	// Output:
	// confidence: £468.46 (se 12.96), 90% interval £444.70 to £492.22
	// prediction: £468.46 (se 12.96), 90% interval £393.30 to £543.62
}

// Standard errors of a median regression of cost on points, as
// quantreg's summary.rq(fit, se = "nid") and se = "ker". (Its iid sparsity
// regression has several optimal slopes here; R reports another of them.)
func ExampleQuantRegFit_Inference() {
	d, _ := calibrate.NewDesign([]string{"points"}, [][]float64{exPoints}, exCost, true)
	f, _ := calibrate.QuantReg(d, calibrate.QuantRegOptions{Tau: 0.5})
	for _, se := range []calibrate.QuantRegSE{calibrate.QuantRegSENID, calibrate.QuantRegSEKernel} {
		inf, err := f.Inference(d, calibrate.QuantRegInferenceOptions{SE: se})
		if err != nil {
			fmt.Println(err)
			return
		}
		c := inf.Coefs[1]
		fmt.Printf("%s: points %.4f, se %.4f, t %.3f, p %.2g\n", se, c.Estimate, c.StdErr, c.Statistic, c.PValue)
	}
	// Output:
	// nid: points 15.2632, se 1.8731, t 8.149, p 1e-05
	// ker: points 15.2632, se 4.8788, t 3.128, p 0.011
}
