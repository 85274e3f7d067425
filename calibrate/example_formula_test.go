package calibrate_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

// A formula on a frame read from CSV: a text column is a factor with
// treatment contrasts (its reference chosen here), interactions and I()
// arithmetic are expanded and named exactly as R's model.matrix, and the
// design goes to any estimator. R 4.2.2 gives the same names, assign and,
// to 1e-10, the same coefficients (6.2135191, 2.5575803, 1.8463682, …).
func ExampleNewModelMatrix() {
	data := `cost,setting,age,hours
310.5,home,71,0
420,supported,45,10
250.25,home,83,4
980,residential,90,0
515,supported,38,12
275,home,66,2
1020,residential,88,1
300,home,59,6
`
	fr, err := calibrate.ReadFrame(strings.NewReader(data), calibrate.FrameOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	mm, err := calibrate.NewModelMatrix("log(cost) ~ setting * age + I(hours^2)", fr,
		calibrate.FormulaOptions{Reference: map[string]string{"setting": "home"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(mm.Formula.TermLabels)
	fmt.Println(mm.Levels["setting"])
	fit, err := calibrate.OLS(mm.Design, calibrate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range mm.Names {
		fmt.Printf("%-24s assign %d  %9.6f\n", name, mm.Assign[j], fit.Estimates[j])
	}

	// A term whose data a function cannot take is named, with its rows.
	_, err = calibrate.NewModelMatrix("cost ~ log(hours)", fr, calibrate.FormulaOptions{})
	fmt.Println(err)
	// Output:
	// [setting age I(hours^2) setting:age]
	// [home residential supported]
	// (Intercept)              assign 0   6.213519
	// settingresidential       assign 1   2.557580
	// settingsupported         assign 1   1.846368
	// age                      assign 2  -0.007775
	// I(hours^2)               assign 3  -0.001851
	// settingresidential:age   assign 4  -0.013153
	// settingsupported:age     assign 4  -0.032992
	// calibrate: formula "cost ~ log(hours)", term log(hours), column "hours", 2 rows 0, 3 (0-based), first at line 2: value outside the domain: log(hours) is -Inf where hours = 0
}

// Tidy, Glance and Augment give broom's three tables of a fit, as Go
// values or as CSV and JSON with broom's column names (NA and null where a
// value is undefined). The numbers are R's, to the digits shown:
// broom::tidy(lm(mpg ~ factor(cyl) + wt * hp + log(disp), mtcars),
// conf.int = TRUE), R² 0.8898569 and AIC 150.1643 from broom::glance.
func ExampleLinearFit_Tidy() {
	f, err := os.Open("testdata/reference/lm_formula_mtcars/data.csv")
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
	mm, err := calibrate.NewModelMatrix("mpg ~ factor(cyl) + wt * hp + log(disp)", fr, calibrate.FormulaOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fit, err := calibrate.OLS(mm.Design, calibrate.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	tidy, err := fit.Tidy(calibrate.TidyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Join(calibrate.TidyColumns, " "))
	for _, r := range tidy.Rows {
		fmt.Printf("%-12s %8.4f %7.4f %7.3f %.3g [%.4g, %.4g]\n", r.Term, r.Estimate, r.StdError, r.Statistic, r.PValue, r.ConfLow, r.ConfHigh)
	}
	g, _ := fit.Glance()
	fmt.Printf("r.squared %.4f  AIC %.2f  nobs %v\n", g.RSquared, g.AIC, g.NObs)
	aug, _ := fit.Augment(calibrate.AugmentOptions{})
	var csv strings.Builder
	_ = aug.WriteCSV(&csv)
	fmt.Println(strings.SplitN(csv.String(), "\n", 2)[0])
	// Output:
	// term estimate std.error statistic p.value conf.low conf.high
	// (Intercept)   53.6470 10.7318   4.999 3.74e-05 [31.54, 75.75]
	// factor(cyl)6  -0.8534  1.6285  -0.524 0.605 [-4.207, 2.501]
	// factor(cyl)8  -0.2478  2.7834  -0.089 0.93 [-5.98, 5.485]
	// wt            -6.3569  2.2294  -2.851 0.0086 [-10.95, -1.765]
	// hp            -0.0927  0.0361  -2.563 0.0168 [-0.1671, -0.01822]
	// log(disp)     -1.9065  2.9104  -0.655 0.518 [-7.901, 4.088]
	// wt:hp          0.0211  0.0101   2.096 0.0463 [0.0003707, 0.04182]
	// r.squared 0.8899  AIC 150.16  nobs 32
	// .row,mpg,.fitted,.resid,.hat,.sigma,.cooksd,.std.resid
}
