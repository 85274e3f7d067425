package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

// Undefined is what a report shows for a statistic that has no value: a
// ratio over nothing, an R² of a constant response, a median never reached
// is written in words where it occurs.
const Undefined = "undefined"

// minus is the true minus sign (U+2212) reports put before a negative
// number, as ras.FormatMoney does before a negative amount.
const minus = "\u2212"

// defined reports whether x is a number (not NaN, not infinite).
func defined(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Money formats an amount of money: ras.FormatMoney, in pounds.
func Money(d decimal.Decimal) string { return ras.FormatMoney(d, "") }

// Pounds formats a float64 amount of pounds (an estimator's output) as
// money, correctly rounded to the penny from its binary value (as
// strconv.FormatFloat rounds); Undefined when x is NaN or infinite.
func Pounds(x float64) string {
	if !defined(x) {
		return Undefined
	}
	return Money(decimal.RequireFromString(strconv.FormatFloat(x, 'f', 2, 64)))
}

// Pence formats a whole number of pence as money.
func Pence(p int64) string { return Money(decimal.New(p, -2)) }

// Num formats x with prec decimals and a true minus sign; Undefined when x
// is NaN or infinite. A value that rounds to zero has no sign.
func Num(x float64, prec int) string {
	if !defined(x) {
		return Undefined
	}
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s, "-0.") == "" {
			return s[1:]
		}
		return minus + s[1:]
	}
	return s
}

// Signed formats x as Num with a plus sign before a positive value (a
// change, a drift).
func Signed(x float64, prec int) string {
	s := Num(x, prec)
	if defined(x) && !strings.HasPrefix(s, minus) && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// Pct formats a percentage (12.34 is "12.3%") with prec decimals.
func Pct(x float64, prec int) string {
	if !defined(x) {
		return Undefined
	}
	return Num(x, prec) + "%"
}

// Share formats a proportion (0.1234 is "12.3%") with one decimal.
func Share(x float64) string { return Pct(100*x, 1) }

// Int formats a count with thousands separators: 193,260.
func Int(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteString(minus)
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Count formats n followed by the word for one or for many:
// Count(1, "engine pass", "engine passes") is "1 engine pass".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Int(n) + " " + many
}

// PValue formats a p-value for a sentence: "p < 0.001" below 0.001, else
// "p = 0.023" (three decimals); Undefined when p is not a probability.
func PValue(p float64) string {
	switch {
	case !defined(p) || p < 0 || p > 1:
		return "p " + Undefined
	case p < 0.001:
		return "p < 0.001"
	}
	return "p = " + strconv.FormatFloat(p, 'f', 3, 64)
}

// Clean returns x with values within 1e-12 of 0 or of 1 set to exactly 0
// or 1: the last bits of floating-point rounding (a Wilson lower bound of
// 2e-19 for no successes) are not results.
func Clean(x float64) float64 {
	switch {
	case math.Abs(x) < 1e-12:
		return 0
	case math.Abs(x-1) < 1e-12:
		return 1
	}
	return x
}
