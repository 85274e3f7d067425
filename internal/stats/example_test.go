package stats_test

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

func ExampleQuantiles() {
	sorted := []float64{2, 4, 7, 11, 16}
	q7, _ := stats.Quantiles(sorted, []float64{0.25, 0.5, 0.9}, stats.Type7)
	q6, _ := stats.Quantiles(sorted, []float64{0.25, 0.5, 0.9}, stats.Type6)
	fmt.Printf("type 7: %.6g\n", q7)
	fmt.Printf("type 6: %.6g\n", q6)
	// Output:
	// type 7: [4 7 14]
	// type 6: [3 7 16]
}

func ExampleStudentTSurvival() {
	// Two-sided p-value of t = 2.5 on 12 degrees of freedom.
	p := 2 * stats.StudentTSurvival(2.5, 12)
	fmt.Printf("p = %.4f\n", p)
	fmt.Printf("P(Z > 10) = %.6g\n", stats.NormalSurvival(10))
	// Output:
	// p = 0.0279
	// P(Z > 10) = 7.61985e-24
}
