package carers

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Hours is an amount of care time in hundredths of an hour (1 unit = 0.01 h = 36 seconds).
// Keeping hours in fixed point makes every valuation exact and reproducible by hand.
type Hours int64

// HoursPerHour is the number of Hours units in one hour.
const HoursPerHour Hours = 100

// MaxWeeklyHours is the most care one carer can give one person in a week: 168 hours.
const MaxWeeklyHours Hours = 168 * HoursPerHour

// HoursFromFloat converts h hours to Hours. The range is checked on h itself: NaN, ±Inf and
// more than 168 hours give ErrHoursRange (168.004 is more than 168), h < 0 gives
// ErrNegativeHours. h is then rounded to the nearest 0.01 h, halves away from zero, from its
// shortest decimal representation (the digits strconv.FormatFloat(h, 'g', -1, 64) prints, so
// 0.285 is 0.29 however 0.285 × 100 rounds in binary).
func HoursFromFloat(h float64) (Hours, error) {
	x, err := exactHoursFromFloat(h)
	if err != nil {
		return 0, err
	}
	return x.round(), nil
}

// exactHours is an amount of hours held exactly: a whole number of hundredths, the common case
// and free of allocation, or, when it has finer digits, a decimal.
type exactHours struct {
	hund int64           // the amount in hundredths of an hour, when !fine
	dec  decimal.Decimal // the amount in hours, when fine
	fine bool
}

func (x exactHours) decimal() decimal.Decimal {
	if x.fine {
		return x.dec
	}
	return decimal.New(x.hund, -2)
}

func (x exactHours) add(y exactHours) exactHours {
	if !x.fine && !y.fine {
		return exactHours{hund: x.hund + y.hund}
	}
	return exactHours{dec: x.decimal().Add(y.decimal()), fine: true}
}

func (x exactHours) equal(y exactHours) bool {
	if !x.fine && !y.fine {
		return x.hund == y.hund
	}
	return x.decimal().Equal(y.decimal())
}

// over168 reports whether x is more than 168 hours.
func (x exactHours) over168() bool {
	if !x.fine {
		return x.hund > int64(MaxWeeklyHours)
	}
	return x.dec.GreaterThan(maxHoursDecimal)
}

// round rounds x (0 ≤ x ≤ 168) to 0.01 h, halves away from zero.
func (x exactHours) round() Hours {
	if !x.fine {
		return Hours(x.hund)
	}
	return Hours(x.dec.Shift(2).Round(0).IntPart())
}

func (x exactHours) String() string { return x.decimal().String() }

var maxHoursDecimal = decimal.NewFromInt(int64(MaxWeeklyHours / HoursPerHour))

// exactHoursFromFloat is HoursFromFloat before rounding: h as its shortest decimal
// representation, checked to lie in [0, 168].
func exactHoursFromFloat(h float64) (exactHours, error) {
	switch {
	case math.IsNaN(h) || math.IsInf(h, 0):
		return exactHours{}, detail(ErrHoursRange, "not finite")
	case h < 0:
		return exactHours{}, ErrNegativeHours
	case h > float64(MaxWeeklyHours/HoursPerHour):
		return exactHours{}, detail(ErrHoursRange, "more than 168 hours a week")
	}
	// When h is the float nearest to r/100, r/100 is its shortest decimal representation (or
	// that with trailing zeros): below 168 two decimals 0.01 apart never share a float.
	if r := math.Round(h * 100); r/100 == h {
		return exactHours{hund: int64(r)}, nil
	}
	return exactHours{dec: decimal.NewFromFloat(h), fine: true}, nil
}

// maxHoursPlaces is the most decimal places an amount of hours may have as written (after
// trailing zeros): 10⁻³⁰ h is far below anything recorded, and the bound keeps the exact
// arithmetic on hours small whatever the exponent.
const maxHoursPlaces = 30

// ParseHours parses a number of hours in plain decimal notation (internal/field.Float: an
// optional sign, digits with at most one decimal point, an optional exponent, as "37.5",
// "12.25" or "1e1"). The range is checked on the value as written: negative values give
// ErrNegativeHours ("-0.001" too; "-0" is 0), values above 168 give ErrHoursRange ("168.004"
// too). The value is then rounded to 0.01 h, halves away from zero ("37.505" is 37.51).
// Hexadecimal, digit separators, Inf and NaN give ErrBadValue; a value that overflows a
// float64 gives ErrHoursRange; more than 30 decimal places give ErrBadValue.
func ParseHours(s string) (Hours, error) {
	x, err := parseExactHours(s)
	if err != nil {
		return 0, err
	}
	return x.round(), nil
}

// parseExactHours is ParseHours before rounding: the exact value written, checked.
func parseExactHours(s string) (exactHours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return exactHours{}, ErrMissingField
	}
	if _, err := field.Float(s); err != nil {
		// The field's own message quotes the text; carers' messages never carry values.
		if errors.Is(err, field.ErrNotFinite) {
			return exactHours{}, fmt.Errorf("%w: a number too large for a float64 (%w)", ErrHoursRange, field.ErrNotFinite)
		}
		return exactHours{}, fmt.Errorf("%w: not a number of hours in plain decimal notation (%w)", ErrBadValue, field.ErrNotDecimal)
	}
	// s is [+-]?digits[.digits][e[+-]digits]: value = ±mant × 10^exp, computed without
	// ever forming 10^exp for the exponent as written, which may be huge.
	neg := s[0] == '-'
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	num, expText, _ := strings.Cut(s, "e")
	if len(num) == len(s) {
		num, expText, _ = strings.Cut(s, "E")
	}
	intPart, frac, _ := strings.Cut(num, ".")
	mant := strings.TrimLeft(intPart+frac, "0")
	if mant == "" {
		return exactHours{}, nil // 0, -0, 0e999…
	}
	if neg {
		return exactHours{}, ErrNegativeHours
	}
	zeros := len(mant) - len(strings.TrimRight(mant, "0"))
	mant = mant[:len(mant)-zeros]
	// exp = e − len(frac) + zeros, with e saturated: any |e| beyond a million is already far
	// outside what the checks below accept.
	e := 0
	if expText != "" {
		eneg := expText[0] == '-'
		if expText[0] == '-' || expText[0] == '+' {
			expText = expText[1:]
		}
		for i := 0; i < len(expText) && e < 1_000_000; i++ {
			e = e*10 + int(expText[i]-'0')
		}
		if eneg {
			e = -e
		}
	}
	exp := e - len(frac) + zeros
	var x exactHours
	switch {
	case len(mant)+exp > 3: // at least 1000 hours
		return exactHours{}, detail(ErrHoursRange, "more than 168 hours a week")
	case -exp > maxHoursPlaces:
		// Out of range comes first: with a fraction, the value is over 168 when its whole
		// hours (at most 3 digits here) are 168 or more.
		whole := 0
		for i := 0; i < len(mant)+exp; i++ {
			whole = whole*10 + int(mant[i]-'0')
		}
		if whole >= int(MaxWeeklyHours/HoursPerHour) {
			return exactHours{}, detail(ErrHoursRange, "more than 168 hours a week")
		}
		return exactHours{}, detail(ErrBadValue, "more than %d decimal places of an hour", maxHoursPlaces)
	case exp >= -2: // whole hundredths: at most 5 digits
		for i := 0; i < len(mant); i++ {
			x.hund = x.hund*10 + int64(mant[i]-'0')
		}
		for range exp + 2 {
			x.hund *= 10
		}
	default:
		m, _ := new(big.Int).SetString(mant, 10) // len(mant) ≤ 3 + maxHoursPlaces digits
		x = exactHours{dec: decimal.NewFromBigInt(m, int32(exp)), fine: true}
	}
	if x.over168() {
		return exactHours{}, detail(ErrHoursRange, "more than 168 hours a week")
	}
	return x, nil
}

// apportion rounds parts, exact amounts of hours adding up to total, so that they add up to
// total.round(): each part is rounded down to 0.01 h and the hundredths left over go, one
// each, to the parts with the largest remainders (ties to the earlier part), the largest
// remainder method. Every part ends within 0.01 h of its exact value. dst must have
// len(parts).
func apportion(total exactHours, parts []exactHours, dst []Hours) {
	fine := false
	for i, p := range parts {
		dst[i] = Hours(p.hund)
		fine = fine || p.fine
	}
	if !fine {
		return // whole hundredths: nothing to round
	}
	rem := make([]decimal.Decimal, len(parts))
	var sum Hours
	for i, p := range parts {
		c := p.decimal().Shift(2)
		f := c.Floor()
		dst[i], rem[i] = Hours(f.IntPart()), c.Sub(f)
		sum += dst[i]
	}
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rem[b].Cmp(rem[a]) })
	for k := range int(total.round() - sum) {
		dst[order[k]]++
	}
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
