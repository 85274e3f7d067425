package ras

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Fixed-point money.
//
// Inside the engine an amount of money is an int64 count of micro-pence
// (10⁻⁶ penny, 10⁻⁸ pound). Sums and integer products are exact; a
// multiplication by a fractional factor or a division (minutes to hours, a
// price interpolated between two knots) is rounded half to even to the nearest
// micro-penny, which is 10⁻⁶ of the smallest amount ever shown to a person and
// is stated here as part of the contract. The amounts handed to users are
// decimal.Decimal values, rounded once by the model's Rounding rule.
//
// The one conversion from float64 (the output of a regression formula) to
// money is MicroPenceFromFloat: the float is rounded half to even to the
// nearest micro-penny.

// microPerPenny is the number of fixed-point units in one penny.
const microPerPenny = 1_000_000

// microPerPound is the number of fixed-point units in one pound.
const microPerPound = 100 * microPerPenny

// maxMicro bounds amounts the engine handles (about £92 million a week) so
// that products with weeks and factors cannot overflow int64.
const maxMicro = int64(1) << 53

// mulDivRound returns a*b/c rounded half to even, for c > 0. ok is false on
// overflow of the int64 result.
func mulDivRound(a, b, c int64) (r int64, ok bool) {
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(a), abs64(b)
	hi, lo := bits.Mul64(ua, ub)
	uc := uint64(c)
	if hi >= uc {
		return 0, false
	}
	var q, rem uint64
	if hi == 0 {
		q, rem = lo/uc, lo%uc // the common case: a 64-bit division is cheaper
	} else {
		q, rem = bits.Div64(hi, lo, uc)
	}
	// Round half to even.
	twice := rem << 1
	if rem>>63 == 1 || twice > uc || (twice == uc && q&1 == 1) {
		q++
	}
	if q > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(q), true
	}
	return int64(q), true
}

func abs64(a int64) uint64 {
	if a < 0 {
		return uint64(-a)
	}
	return uint64(a)
}

// MicroPenceFromFloat converts an amount in pounds held as a float64 to the
// engine's fixed point (10⁻⁸ pound), rounding half to even. It returns an
// error for NaN, ±Inf and amounts beyond the engine's range. It is the only
// place where a float64 becomes money.
func MicroPenceFromFloat(pounds float64) (int64, error) {
	if math.IsNaN(pounds) || math.IsInf(pounds, 0) {
		return 0, wrapf(ErrInvalidAmount, "amount %v is not a finite number", pounds)
	}
	v := math.RoundToEven(pounds * microPerPound)
	if math.Abs(v) > float64(maxMicro) {
		return 0, wrapf(ErrInvalidAmount, "amount %v is out of range", pounds)
	}
	return int64(v), nil
}

func decimalToMicro(d decimal.Decimal) (int64, error) {
	m := d.Shift(8)
	if !m.Equal(m.Truncate(0)) {
		return 0, fmt.Errorf("amount %s has more than 8 decimal places", d.String())
	}
	if m.Abs().GreaterThan(decimal.NewFromInt(maxMicro)) {
		return 0, fmt.Errorf("amount %s is out of range", d.String())
	}
	return m.IntPart(), nil
}

// microToDecimal converts micro-pence to an exact decimal amount of pounds.
func microToDecimal(u int64) decimal.Decimal { return decimal.New(u, -8) }

// penceToDecimal converts whole pence to pounds.
func penceToDecimal(p int64) decimal.Decimal { return decimal.New(p, -2) }

// RoundingMode says how an amount is rounded to the rounding unit.
type RoundingMode string

// Rounding modes.
const (
	// RoundHalfUp rounds to the nearest unit, halves away from zero. It is
	// the default and what most councils' spreadsheets do.
	RoundHalfUp RoundingMode = "half_up"
	// RoundHalfEven rounds to the nearest unit, halves to the even unit
	// (banker's rounding).
	RoundHalfEven RoundingMode = "half_even"
	// RoundUp rounds towards +∞ (a budget is never rounded down).
	RoundUp RoundingMode = "up"
	// RoundDown rounds towards −∞.
	RoundDown RoundingMode = "down"
)

func (m RoundingMode) valid() bool {
	switch m {
	case RoundHalfUp, RoundHalfEven, RoundUp, RoundDown:
		return true
	}
	return false
}

// roundMicro rounds u (micro-pence) to a multiple of unit (micro-pence, > 0)
// by mode and returns the result in micro-pence.
func roundMicro(u, unit int64, mode RoundingMode) int64 {
	q, r := u/unit, u%unit
	if r == 0 {
		return u
	}
	// Go's division truncates towards zero; bring r to [0, unit).
	if r < 0 {
		q--
		r += unit
	}
	switch mode {
	case RoundUp:
		q++
	case RoundDown:
	case RoundHalfEven:
		if 2*r > unit || (2*r == unit && q&1 != 0) {
			q++
		}
	default: // RoundHalfUp: halves away from zero.
		if 2*r > unit || (2*r == unit && q >= 0) {
			q++
		}
	}
	return q * unit
}

func mul128(a, b uint64) (hi, lo uint64) { return bits.Mul64(a, b) }

// div128 divides the 128-bit hi:lo by d; the quotient must fit in 64 bits.
func div128(hi, lo, d uint64) (q, r uint64) {
	if hi >= d {
		// Out of range for the engine's amounts; saturate.
		return math.MaxInt64, 0
	}
	return bits.Div64(hi, lo, d)
}

// perMillion divides a quantity times a factor held in millionths
// (adjustments, deductions); perHourMicro divides micro-minutes times a
// rate in micro-pence an hour (pricing hours). As constants, they let
// mulDivFast divide by multiplying.
const (
	perMillion   = 1_000_000
	perHourMicro = 60_000_000
)

// mulSmall returns a·b when a and b are non-negative and the product is
// below 2⁶³; ok is false otherwise, and the caller then uses
// mulDivRound(a, b, 1). It is small enough to inline.
func mulSmall(a, b int64) (p int64, ok bool) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	if a < 0 || b < 0 || hi != 0 || lo >= 1<<63 {
		return 0, false
	}
	return int64(lo), true
}

// mulDivFast returns a·b/d rounded half to even, as mulDivRound gives it,
// for d > 0. It is small enough to inline, and with a constant d (see
// perMillion) the division becomes a multiplication: ok is false when a or
// b is negative or their product reaches 2⁶³, and the caller then uses
// mulDivRound.
func mulDivFast(a, b int64, d uint64) (q int64, ok bool) {
	hi, p := bits.Mul64(uint64(a), uint64(b))
	if a < 0 || b < 0 || hi != 0 || p >= 1<<63 {
		return 0, false
	}
	// Round half up, then a tie (only possible for an even d) that went up
	// to an odd number goes back down: half to even.
	p += d / 2
	uq := p / d
	if d&1 == 0 && uq&1 == 1 && p == uq*d {
		uq--
	}
	return int64(uq), true
}
