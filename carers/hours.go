package carers

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Hours is an amount of care time in hundredths of an hour (1 unit = 0.01 h = 36 seconds).
// Keeping hours in fixed point makes every valuation exact and reproducible by hand.
type Hours int64

// HoursPerHour is the number of Hours units in one hour.
const HoursPerHour Hours = 100

// MaxWeeklyHours is the most care one carer can give one person in a week: 168 hours.
const MaxWeeklyHours Hours = 168 * HoursPerHour

// HoursFromFloat converts h hours to Hours, rounding to the nearest 0.01 h with halves away
// from zero. It returns ErrHoursRange for NaN, ±Inf or more than 168 hours, and
// ErrNegativeHours for h < 0.
func HoursFromFloat(h float64) (Hours, error) {
	switch {
	case math.IsNaN(h) || math.IsInf(h, 0):
		return 0, detail(ErrHoursRange, "not finite")
	case h < 0:
		return 0, ErrNegativeHours
	}
	u := math.Round(h * 100)
	if u > float64(MaxWeeklyHours) {
		return 0, detail(ErrHoursRange, "more than 168 hours a week")
	}
	return Hours(u), nil
}

// ParseHours parses a decimal number of hours such as "37.5" or "12.25" exactly. More than two
// decimal places are rounded half away from zero to 0.01 h. Negative values give
// ErrNegativeHours; values above 168, exponents and non-numbers give ErrHoursRange or
// ErrBadValue.
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, ErrMissingField
	}
	neg := false
	switch s[0] {
	case '-':
		neg = true
		s = s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") {
		return 0, detail(ErrBadValue, "not a number of hours")
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, detail(ErrBadValue, "not a number of hours")
			}
		}
	}
	// Strip leading zeros so that long zero-padded values still parse.
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 4 {
		if neg {
			return 0, ErrNegativeHours
		}
		return 0, detail(ErrHoursRange, "more than 168 hours a week")
	}
	var whole int64
	if intPart != "" {
		whole, _ = strconv.ParseInt(intPart, 10, 64)
	}
	var cents int64
	for i := 0; i < 2; i++ {
		cents *= 10
		if i < len(frac) {
			cents += int64(frac[i] - '0')
		}
	}
	if len(frac) > 2 && frac[2] >= '5' { // half away from zero on the third decimal
		cents++
	}
	v := whole*100 + cents
	if neg && v != 0 {
		return 0, ErrNegativeHours
	}
	if v > int64(MaxWeeklyHours) {
		return 0, detail(ErrHoursRange, "more than 168 hours a week")
	}
	return Hours(v), nil
}

// Float returns the hours as a float64 number of hours.
func (h Hours) Float() float64 { return float64(h) / 100 }

// Decimal returns the hours as an exact decimal number of hours.
func (h Hours) Decimal() decimal.Decimal { return decimal.New(int64(h), -2) }

// String formats the hours with two decimal places, e.g. "37.50".
func (h Hours) String() string { return h.Decimal().StringFixed(2) }

// PenceToMoney converts an exact amount in pence to pounds as a decimal with two places. No
// rounding happens.
func PenceToMoney(p int64) decimal.Decimal { return decimal.New(p, -2) }

// MoneyFromFloatPence is the package's one conversion from a float64 estimate to money. x is an
// amount in pence (a mean or quantile computed in float64); it is rounded to the nearest penny
// with halves rounded away from zero (math.Round: half-up for the non-negative amounts this
// package produces) and returned in pounds with two decimal places. NaN or ±Inf give
// ErrNotFinite; amounts beyond ±2^53 pence give ErrNotFinite too, because they cannot be
// rounded exactly.
func MoneyFromFloatPence(x float64) (decimal.Decimal, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1<<53 {
		return decimal.Decimal{}, ErrNotFinite
	}
	return decimal.New(int64(math.Round(x)), -2), nil
}

// mulDivHalfUp returns round(a*b/d) with halves rounded up, for a, b >= 0 and d > 0. Callers
// keep a*b well inside int64 (see the bounds on rates and weeks).
func mulDivHalfUp(a, b, d int64) int64 {
	return (2*a*b + d) / (2 * d)
}
