package ras_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

func TestFormatMoney(t *testing.T) {
	cases := []struct {
		in       string
		currency string
		want     string
	}{
		{"0", "", "£0.00"},
		{"0.5", "GBP", "£0.50"},
		{"-0.004", "", "£0.00"}, // rounds to zero: no sign
		{"-0.005", "", "\u2212£0.01"},
		{"0.005", "", "£0.01"}, // half away from zero
		{"999.999", "", "£1,000.00"},
		{"1000", "", "£1,000.00"},
		{"-3566761.34", "", "\u2212£3,566,761.34"},
		{"123456789012.3", "USD", "$123,456,789,012.30"},
		{"14.6195", "EUR", "€14.62"},
		{"100", "CHF", "CHF 100.00"},
		{"12", "", "£12.00"},
		{"123", "", "£123.00"},
		{"123456", "", "£123,456.00"},
	}
	for _, c := range cases {
		got := ras.FormatMoney(decimal.RequireFromString(c.in), c.currency)
		if got != c.want {
			t.Errorf("FormatMoney(%s, %q) = %q, want %q", c.in, c.currency, got, c.want)
		}
	}
}
