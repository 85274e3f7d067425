package cld

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestParseCost(t *testing.T) {
	ok := map[string]int64{"21.50": 21_500_000, "£21.5": 21_500_000, "+5": 5_000_000, ".5": 500_000, "5.": 5_000_000,
		"0": 0, "999999999999.999999": 999_999_999_999_999_999, "1.000001": 1_000_001}
	for in, want := range ok {
		if got, err := parseCost([]byte(in)); err != nil || got != want {
			t.Errorf("parseCost(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", ".", "-1", "-0", "1e3", "+1e3", "1.0000001", "1000000000000", "12,50", "0x10", "NaN", "£", "1 2"} {
		if _, err := parseCost([]byte(in)); !errors.Is(err, ErrNumber) {
			t.Errorf("parseCost(%q) = %v, want ErrNumber", in, err)
		}
	}
}

// TestParseUnits: the direct conversion agrees with strconv.ParseFloat
// bit for bit.
func TestParseUnits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		whole := strconv.FormatUint(r.Uint64N(1_000_000), 10)
		frac := strconv.FormatUint(1_000_000_000+r.Uint64N(1_000_000_000), 10)[1 : 2+r.IntN(9)]
		s := whole + "." + frac
		want, _ := strconv.ParseFloat(s, 64)
		if got, err := parseUnits([]byte(s)); err != nil || got != want {
			t.Fatalf("parseUnits(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for in, want := range map[string]float64{"10.5": 10.5, "1e3": 1000, "+2": 2, "-0": 0, "0.25": 0.25, "7": 7} {
		if got, err := parseUnits([]byte(in)); err != nil || got != want {
			t.Errorf("parseUnits(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "-2", "NaN", "1e400", "1,5", "."} {
		if _, err := parseUnits([]byte(in)); !errors.Is(err, ErrNumber) {
			t.Errorf("parseUnits(%q) = %v, want ErrNumber", in, err)
		}
	}
}
