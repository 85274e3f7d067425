package main

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/calibrate"
)

// TestLargest: the one-pass selection gives the first n of a stable sort by
// the size of the change, ties included.
func TestLargest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		cases := make([]calibrate.CaseImpact, r.IntN(40))
		for i := range cases {
			cases[i].Change = decimal.New(int64(r.IntN(9)-4), -int32(r.IntN(2))) // many ties, both signs
		}
		order := make([]int, len(cases))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cases[b].Change.Abs().Cmp(cases[a].Change.Abs()) })
		for _, n := range []int{1, 5, 50} {
			want := order[:min(n, len(order))]
			if got := largest(cases, n); !slices.Equal(got, want) {
				t.Fatalf("trial %d, n %d: %v, want %v", trial, n, got, want)
			}
		}
	}
}
