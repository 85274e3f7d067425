package calibrate_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// A recalibrated model with an 80% budget range by cohort: fitted by OLS on
// three quarters of each cohort's assessments, its range calibrated on the
// quarter held out (split conformal, log score), then given to a new person.
func ExampleConformal() {
	src, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := synth.New(src, synth.Options{Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	cases := g.Slice(4001)
	as := make([]ras.Assessment, 4000)
	for i := range as {
		as[i] = cases[i].Assessment
	}
	d, err := calibrate.BuildDesign(src, as, calibrate.DesignSpec{
		AllDomains: true, AgeOver: []int{65}, InformalHours: true,
		Settings: &calibrate.LevelSpec{Reference: string(ras.SettingHomeAlone)},
		Cohorts:  &calibrate.LevelSpec{Reference: string(ras.CohortAdult)},
		Costs:    calibrate.CostsExclude,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := calibrate.Conformal(d, as, calibrate.FitOLS(calibrate.ExportOptions{Method: "OLS"}),
		calibrate.ConformalOptions{Level: 0.8, By: "cohort"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s, level %s, %s score, by %s\n", res.Method, res.Level, res.Score, res.By)
	for _, g := range res.Groups {
		fmt.Printf("%-22s n = %3d  k = %3d  q = %.2f\n", g.Group, g.N, g.Rank, g.Quantile)
	}

	// A new person, not among the 4,000.
	eng, err := ras.Compile(res.Model)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := eng.Assess(&cases[4000].Assessment)
	if err != nil {
		fmt.Println(err)
		return
	}
	br, _ := r.Range()
	fmt.Printf("%s: £%s a week; 80%% range £%s to £%s (%s, n = %d)\n", r.Cohort, r.Weekly().StringFixed(2),
		br.WeeklyLower.StringFixed(2), br.WeeklyUpper.StringFixed(2), br.Group, br.N)
	var buf bytes.Buffer
	if err := r.Explain(&buf); err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(line, "People assessed like you") {
			fmt.Println(line)
		}
	}
	// Output:
	// split conformal, level 0.8, log score, by cohort
	// adult_social_care      n = 674  k = 540  q = 0.72
	// carers                 n = 144  k = 116  q = 0.83
	// children               n = 102  k =  83  q = 0.90
	// continuing_healthcare  n =  49  k =  40  q = 0.77
	// carers: £386.93 a week; 80% range £168.59 to £888.03 (carers, n = 144)
	// People assessed like you were planned between £168.59 and £888.03 a week (£8,766.78 to £46,177.27 a year): 80% of similar people's plans fall in such a range (calibrated on 144 assessments of the Carers cohort, 2023 to 2024; the lower end is rounded down and the upper end up, to the penny).
}
