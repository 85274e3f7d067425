package calibrate

import (
	"math"

	"github.com/shopspring/decimal"
)

// Money converts an amount of pounds held as a float64 (an estimate, a
// statistic) into money handed to people: a decimal rounded half away from
// zero to the penny. It is the package's one float-to-money conversion;
// NaN or ±Inf gives an error wrapping ErrNonFinite.
func Money(pounds float64) (decimal.Decimal, error) {
	return roundMoney(pounds, decimal.New(1, -2))
}

// roundMoney rounds pounds half away from zero to a multiple of unit (a
// positive decimal number of pounds, such as 0.01 or 0.0001).
func roundMoney(pounds float64, unit decimal.Decimal) (decimal.Decimal, error) {
	if math.IsNaN(pounds) || math.IsInf(pounds, 0) {
		return decimal.Decimal{}, &DataError{Row: -1, Column: "amount", Value: pounds, Err: ErrNonFinite}
	}
	if !unit.IsPositive() {
		return decimal.Decimal{}, invalidf("rounding unit %s must be positive", unit)
	}
	q := decimal.NewFromFloat(pounds).Div(unit).Round(0)
	return q.Mul(unit), nil
}

// pounds converts money to float64 pounds for statistics.
func pounds(d decimal.Decimal) float64 { return d.InexactFloat64() }
