package ras

import (
	"strings"

	"github.com/shopspring/decimal"
)

// minusSign is the true minus sign (U+2212) that FormatMoney puts before the
// currency symbol of a negative amount.
const minusSign = "\u2212"

// CurrencySymbol returns the symbol FormatMoney writes for an ISO 4217 code:
// "£" for "GBP" and for the empty code, "$" for "USD", "€" for "EUR", and
// otherwise the code itself followed by a space ("CHF ").
func CurrencySymbol(currency string) string {
	switch currency {
	case "", "GBP":
		return "£"
	case "USD":
		return "$"
	case "EUR":
		return "€"
	}
	return currency + " "
}

// FormatMoney formats an amount of money the one way stonesoup shows money
// to people: the currency symbol, thousands separators, the minor unit
// (pence, cents) always shown, and a true minus sign (U+2212) before the
// symbol of a negative amount, as in "−£3,566,761.34" or "£0.50".
//
// The amount is first rounded to two decimal places, half away from zero
// (decimal.Decimal.Round); an amount that rounds to zero is shown without a
// sign. currency is an ISO 4217 code as in Model.Currency ("" means GBP); see
// CurrencySymbol.
func FormatMoney(amount decimal.Decimal, currency string) string {
	return formatMoneyPlaces(amount, currency, 2)
}

// formatMoneyPlaces formats an amount as FormatMoney does, rounded to places
// (≥ 2) decimal places: "£114.6667".
func formatMoneyPlaces(amount decimal.Decimal, currency string, places int32) string {
	r := amount.Round(places)
	neg := r.IsNegative()
	digits := r.Abs().StringFixed(places) // "3566761.34"
	whole, frac, _ := strings.Cut(digits, ".")
	var b strings.Builder
	b.Grow(len(digits) + len(whole)/3 + 6)
	if neg {
		b.WriteString(minusSign)
	}
	b.WriteString(CurrencySymbol(currency))
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(whole[i])
	}
	b.WriteByte('.')
	b.WriteString(frac)
	return b.String()
}
