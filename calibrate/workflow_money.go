package calibrate

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"
)

// Money converts an amount of pounds held as a float64 (an estimate, a
// statistic) into money handed to people: a decimal rounded half away from
// zero to the penny, from the float's shortest decimal representation (so
// 2.675 is £2.68). It is the package's one float-to-money conversion.
// NaN or ±Inf gives a *DataError wrapping ErrNonFinite; an amount beyond
// ±2^52 pence (£45,035,996,273,704.96), where a float64 no longer tells one
// penny from the next, a *DataError wrapping ErrDomain.
func Money(pounds float64) (decimal.Decimal, error) {
	return roundMoney(pounds, decimal.New(1, -2))
}

// maxUnits is the largest number of rounding units an amount may hold: up
// to 2^52 units a float64's spacing is at most one unit.
var maxUnits = decimal.NewFromInt(1 << 52)

// roundMoney rounds pounds half away from zero to a multiple of unit (a
// positive decimal number of pounds, such as 0.01 or 0.0001), refusing
// amounts beyond ±2^52 units.
func roundMoney(pounds float64, unit decimal.Decimal) (decimal.Decimal, error) {
	if math.IsNaN(pounds) || math.IsInf(pounds, 0) {
		return decimal.Decimal{}, &DataError{Row: -1, Column: "amount", Value: pounds, Err: ErrNonFinite}
	}
	if !unit.IsPositive() {
		return decimal.Decimal{}, invalidf("rounding unit %s must be positive", unit)
	}
	d := decimal.NewFromFloat(pounds)
	if limit := maxUnits.Mul(unit); d.Abs().GreaterThan(limit) {
		return decimal.Decimal{}, &DataError{Row: -1, Column: "amount", Value: pounds,
			Err: fmt.Errorf("%w: beyond ±%s (2^52 rounding units of %s), where a float64 no longer tells one unit from the next", ErrDomain, limit, unit)}
	}
	q := d.Div(unit).Round(0)
	return q.Mul(unit), nil
}

// pounds converts money to float64 pounds for statistics.
func pounds(d decimal.Decimal) float64 { return d.InexactFloat64() }
