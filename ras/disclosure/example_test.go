package disclosure_test

import (
	"fmt"
	"strings"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

func ExampleSuppressTable() {
	// People assessed, by age band (rows) and cohort (columns). Row and
	// column totals are published alongside.
	counts := [][]int{
		{20, 3, 15, 30},
		{12, 25, 9, 40},
		{18, 22, 35, 11},
	}
	tab, err := disclosure.SuppressTable(counts, disclosure.Options{PrimaryMark: "<5"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range tab.Counts {
		cells := make([]string, len(tab.Counts[i]))
		for j := range cells {
			cells[j] = fmt.Sprintf("%3s", tab.Format(i, j))
		}
		fmt.Println(strings.Join(cells, " "))
	}
	// Output:
	//  20  <5   *   *
	//   *  25   *  40
	//   *   *  35   *
}

func ExampleSuppressList() {
	// Counts by cohort with a published total of 43.
	l, _ := disclosure.SuppressList([]int{12, 3, 0, 8, 20}, disclosure.Options{})
	for i, c := range l.Counts {
		share := "—"
		if !l.Hidden(i) { // a share of a hidden count would disclose it
			share = fmt.Sprintf("%.0f%%", 100*float64(c)/43)
		}
		fmt.Printf("%-2s %-9s %s\n", l.Format(i), l.Status[i], share)
	}
	// Output:
	// 12 shown     28%
	// *  primary   —
	// 0  shown     0%
	// *  secondary —
	// 20 shown     47%
}
