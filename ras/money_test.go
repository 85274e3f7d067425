package ras

import (
	"math/rand/v2"
	"testing"
)

// TestScaleMicro checks the fast path against the 128-bit mulDivRound.
func TestScaleMicro(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	cases := [][2]int64{{0, 0}, {1, 500_000}, {3, 500_000}, {2_999_999_999, 2_999_999_999}, {3_000_000_000, 7}, {-5, 1_500_000}}
	for range 200_000 {
		cases = append(cases, [2]int64{rng.Int64N(20_000_000_000), rng.Int64N(10_000_000)})
	}
	for _, c := range cases {
		got, fast := scaleMicro(c[0], c[1])
		want, ok := mulDivRound(c[0], c[1], 1_000_000)
		if inFast := c[0] >= 0 && c[1] >= 0 && c[0] < 3_000_000_000 && c[1] < 3_000_000_000; fast != inFast {
			t.Fatalf("(%d, %d): fast path %v, want %v", c[0], c[1], fast, inFast)
		}
		if fast && (got != want || !ok) {
			t.Fatalf("scaleMicro(%d, %d) = %d, want %d", c[0], c[1], got, want)
		}
	}
}

// TestPriceMinutes checks the fast path against the 128-bit mulDivRound.
func TestPriceMinutes(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cases := [][2]int64{{0, 0}, {1, 30_000_000}, {3, 30_000_000}, {30_000_000, 1}, {90_000_000, 1}, {2_999_999_999, 2_999_999_999}, {3_000_000_000, 7}, {-5, 1_500_000}, {1 << 40, 1 << 40}}
	for range 200_000 {
		cases = append(cases, [2]int64{rng.Int64N(20_000_000_000), rng.Int64N(10_000_000_000)})
	}
	for _, c := range cases {
		got, fast := priceMinutes(c[0], c[1])
		want, ok := mulDivRound(c[0], c[1], 60_000_000)
		if inFast := c[0] >= 0 && c[1] >= 0 && c[0] < 3_000_000_000 && c[1] < 3_000_000_000; fast != inFast {
			t.Fatalf("(%d, %d): fast path %v, want %v", c[0], c[1], fast, inFast)
		}
		if fast && (got != want || !ok) {
			t.Fatalf("priceMinutes(%d, %d) = %d, want %d, %v", c[0], c[1], got, want, ok)
		}
	}
}
