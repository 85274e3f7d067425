package ras

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestMulDivFast checks the inlined fast paths against the 128-bit
// mulDivRound, and that each applies exactly where the product fits.
func TestMulDivFast(t *testing.T) {
	tests := []struct {
		name string
		f    func(a, b int64) (int64, bool)
		d    int64
		// seed cases: ties both ways, the edge of 63 bits, negatives
		cases [][2]int64
		maxB  int64 // random b below this (a below 2·10¹⁰)
	}{
		{"per million", func(a, b int64) (int64, bool) { return mulDivFast(a, b, perMillion) }, perMillion, [][2]int64{{0, 0}, {1, 500_000}, {3, 500_000}, {2_999_999_999, 2_999_999_999}, {3_000_000_000, 7}, {-5, 1_500_000}, {1 << 40, 1<<23 - 1}, {1 << 40, 1 << 23}, {9_000_000_000_000, 1_000_000}}, 10_000_000},
		{"per hour", func(a, b int64) (int64, bool) { return mulDivFast(a, b, perHourMicro) }, perHourMicro, [][2]int64{{0, 0}, {1, 30_000_000}, {3, 30_000_000}, {30_000_000, 1}, {90_000_000, 1}, {2_999_999_999, 2_999_999_999}, {3_000_000_000, 7}, {-5, 1_500_000}, {1 << 40, 1 << 40}}, 10_000_000_000},
		// odd divisors: a remainder of (d+1)/2 is above half, not a tie
		{"odd 3", func(a, b int64) (int64, bool) { return mulDivFast(a, b, 3) }, 3, [][2]int64{{1, 1}, {2, 1}, {4, 1}, {5, 1}, {7, 1}}, 1000},
		{"odd 999", func(a, b int64) (int64, bool) { return mulDivFast(a, b, 999) }, 999, [][2]int64{{499, 1}, {500, 1}, {1498, 1}, {1499, 1}}, 1_000_000},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, uint64(i)))
			cases := tt.cases
			for range 200_000 {
				cases = append(cases, [2]int64{rng.Int64N(20_000_000_000), rng.Int64N(tt.maxB)})
			}
			for _, c := range cases {
				got, fast := tt.f(c[0], c[1])
				if inFast := fitsProduct(c[0], c[1]); fast != inFast {
					t.Fatalf("(%d, %d): fast path %v, want %v", c[0], c[1], fast, inFast)
				}
				if want, ok := mulDivRound(c[0], c[1], int64(tt.d)); fast && (got != want || !ok) {
					t.Fatalf("(%d, %d) = %d, want %d", c[0], c[1], got, want)
				}
			}
		})
	}
}

// fitsProduct reports whether a and b are non-negative with a·b below 2⁶³:
// where the fast paths apply.
func fitsProduct(a, b int64) bool {
	if a < 0 || b < 0 {
		return false
	}
	p := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	return p.Cmp(new(big.Int).Lsh(big.NewInt(1), 63)) < 0
}

// TestMulSmall checks mulSmall against mulDivRound(a, b, 1) and that it
// applies wherever the product fits.
func TestMulSmall(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	cases := [][2]int64{{0, 0}, {1, 1}, {3_037_000_499, 3_037_000_499}, {3_037_000_500, 3_037_000_500}, {1 << 32, 1 << 31}, {1 << 32, 1<<31 - 1}, {-1, 5}, {5, -1}}
	for range 100_000 {
		cases = append(cases, [2]int64{rng.Int64N(1 << 40), rng.Int64N(1 << 30)})
	}
	for _, c := range cases {
		got, fast := mulSmall(c[0], c[1])
		if want := fitsProduct(c[0], c[1]); fast != want {
			t.Fatalf("mulSmall(%d, %d): fast %v, want %v", c[0], c[1], fast, want)
		}
		if want, _ := mulDivRound(c[0], c[1], 1); fast && got != want {
			t.Fatalf("mulSmall(%d, %d) = %d, want %d", c[0], c[1], got, want)
		}
	}
}
