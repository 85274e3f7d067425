package stats

import (
	"math"
	"testing"
)

func TestMidRanks(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		x    []float64
		want []float64
	}{
		{"empty", nil, []float64{}},
		{"single", []float64{7}, []float64{1}},
		// sorted: 1 1 2 3 3 4 5 5 5 6 9 -> ranks 1.5 1.5 3 4.5 4.5 6 8 8 8 10 11
		{"ties", []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5}, []float64{4.5, 1.5, 6, 1.5, 8, 11, 3, 10, 8, 4.5, 8}},
		{"all equal", []float64{2, 2, 2, 2}, []float64{2.5, 2.5, 2.5, 2.5}},
		{"nan kept", []float64{5, nan, 1, 5}, []float64{2.5, nan, 1, 2.5}},
		{"inf", []float64{math.Inf(1), 0, math.Inf(-1)}, []float64{3, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.x...)
			got := MidRanks(tt.x)
			if got == nil || len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] && !(math.IsNaN(got[i]) && math.IsNaN(tt.want[i])) {
					t.Errorf("rank[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
			for i := range in {
				if in[i] != tt.x[i] && !math.IsNaN(in[i]) {
					t.Errorf("input modified")
				}
			}
		})
	}
}
