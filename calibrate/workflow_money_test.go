package calibrate

import (
	"errors"
	"math"
	"testing"
)

// TestMoney checks the one float-to-money conversion: half away from zero to the penny, and
// (issue #13 item 14) an error for amounts where a float64 no longer tells one penny from the
// next (beyond 2^52 pence), not only for NaN and ±Inf: Money(1e300) was accepted.
func TestMoney(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {12.345, "12.35"}, {-12.345, "-12.35"}, {0.005, "0.01"}, {2.675, "2.68"},
		{-0.004, "0"}, {45035996273704.5, "45035996273704.5"}, {-45035996273704.96, "-45035996273704.96"},
	} {
		got, err := Money(c.in)
		if err != nil || got.String() != c.want {
			t.Errorf("Money(%v) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in   float64
		want error
	}{
		{math.NaN(), ErrNonFinite}, {math.Inf(1), ErrNonFinite}, {math.Inf(-1), ErrNonFinite},
		{1e300, ErrDomain}, {-1e300, ErrDomain}, {math.MaxFloat64, ErrDomain}, {1e17, ErrDomain},
		{45035996273705, ErrDomain}, // 2^52 pence is £45,035,996,273,704.96
	} {
		got, err := Money(c.in)
		var de *DataError
		if !errors.Is(err, c.want) || !errors.As(err, &de) || !got.IsZero() {
			t.Errorf("Money(%v) = %v, %v; want a *DataError wrapping %v", c.in, got, err, c.want)
		}
	}
}
