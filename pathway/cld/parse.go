package cld

import (
	"fmt"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/pathway"
)

// trim removes ASCII spaces and tabs around b and reads a literal NULL
// (any case), as some SQL extracts write it, as blank.
func trim(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	if len(b) == 4 && (b[0]|0x20) == 'n' && (b[1]|0x20) == 'u' && (b[2]|0x20) == 'l' && (b[3]|0x20) == 'l' {
		return nil
	}
	return b
}

func digits(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// splitDate reads the date part of b: YYYY-MM-DD or DD/MM/YYYY, followed
// by nothing or by a time part starting with a space or "T". It returns
// the date, the rest (the time part, without its separator) and an error
// wrapping ErrDate.
func splitDate(b []byte) (Date, []byte, error) {
	var y, m, d int
	var ok1, ok2, ok3 bool
	switch {
	case len(b) >= 10 && b[4] == '-' && b[7] == '-':
		y, ok1 = digits(b[0:4])
		m, ok2 = digits(b[5:7])
		d, ok3 = digits(b[8:10])
	case len(b) >= 10 && b[2] == '/' && b[5] == '/':
		d, ok1 = digits(b[0:2])
		m, ok2 = digits(b[3:5])
		y, ok3 = digits(b[6:10])
	default:
		return NoDate, nil, fmt.Errorf("%w: %q (want YYYY-MM-DD or DD/MM/YYYY)", ErrDate, clip(b))
	}
	rest := b[10:]
	if len(rest) > 0 {
		if rest[0] != ' ' && rest[0] != 'T' {
			return NoDate, nil, fmt.Errorf("%w: %q (want YYYY-MM-DD or DD/MM/YYYY)", ErrDate, clip(b))
		}
		rest = rest[1:]
	}
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return NoDate, nil, fmt.Errorf("%w: %q is not a calendar date", ErrDate, clip(b))
	}
	if err := field.Year(y); err != nil {
		return NoDate, nil, fmt.Errorf("%w: %q: %v", ErrDate, clip(b), err)
	}
	return pathway.NewDate(y, time.Month(m), d), rest, nil
}

// parseDate reads a date; a time part is accepted when it is a valid time
// of day and ignored.
func parseDate(b []byte) (Date, error) {
	d, rest, err := splitDate(b)
	if err != nil {
		return NoDate, err
	}
	if len(rest) > 0 {
		if _, ok := timeOfDay(rest); !ok {
			return NoDate, fmt.Errorf("%w: %q has an invalid time part", ErrDate, clip(b))
		}
	}
	return d, nil
}

// timeOfDay reads HH:MM[:SS[.fraction]] (an optional trailing "Z") and
// returns milliseconds since midnight.
func timeOfDay(b []byte) (int64, bool) {
	if len(b) > 0 && b[len(b)-1] == 'Z' {
		b = b[:len(b)-1]
	}
	if len(b) < 5 || b[2] != ':' {
		return 0, false
	}
	h, ok1 := digits(b[0:2])
	mi, ok2 := digits(b[3:5])
	if !ok1 || !ok2 || h > 23 || mi > 59 {
		return 0, false
	}
	ms := int64(h*3600+mi*60) * 1000
	b = b[5:]
	if len(b) == 0 {
		return ms, true
	}
	if len(b) < 3 || b[0] != ':' {
		return 0, false
	}
	sec, ok := digits(b[1:3])
	if !ok || sec > 59 {
		return 0, false
	}
	ms += int64(sec) * 1000
	b = b[3:]
	if len(b) == 0 {
		return ms, true
	}
	if b[0] != '.' || len(b) < 2 || len(b) > 10 {
		return 0, false
	}
	frac := 0
	scale := 100
	for _, c := range b[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		frac += int(c-'0') * scale
		scale /= 10
	}
	return ms + int64(frac), true
}

// parseDateTime reads an ImportDate: a date with an optional time of day;
// it returns milliseconds since 1970-01-01 UTC.
func parseDateTime(b []byte) (int64, error) {
	d, rest, err := splitDate(b)
	if err != nil {
		return 0, err
	}
	var ms int64
	if len(rest) > 0 {
		var ok bool
		if ms, ok = timeOfDay(rest); !ok {
			return 0, fmt.Errorf("%w: %q has an invalid time part", ErrDate, clip(b))
		}
	}
	return dayMillis(d) + ms, nil
}

// epoch is 1970-01-01 as a Date.
var epoch = pathway.NewDate(1970, time.January, 1)

func dayMillis(d Date) int64 { return int64(d-epoch) * 86_400_000 }

func millisTime(ms int64) time.Time {
	return time.UnixMilli(ms).UTC()
}

// plainDigits splits b, digits with at most one decimal point and at
// least one digit, into its whole and fractional digits; ok is false for
// anything else (signs, exponents, other characters), which the callers
// then hand to field.Float.
func plainDigits(b []byte) (whole, frac []byte, ok bool) {
	point := -1
	for i, c := range b {
		switch {
		case '0' <= c && c <= '9':
		case c == '.' && point < 0:
			point = i
		default:
			return nil, nil, false
		}
	}
	if point < 0 {
		return b, nil, len(b) > 0
	}
	return b[:point], b[point+1:], len(b) > 1
}

// parseCost reads a unit cost in pounds as a plain decimal (an optional
// leading "£"), non-negative, with at most twelve digits before the point
// and six after, and returns it in MicroPounds. The usual form (digits
// and a point) is read directly; any other goes through field.Float,
// which says why it is not a plain decimal.
func parseCost(b []byte) (int64, error) {
	s := b
	if len(s) >= 2 && s[0] == 0xC2 && s[1] == 0xA3 { // £
		s = s[2:]
	}
	whole, frac, ok := plainDigits(s)
	if !ok {
		if _, err := field.Float(string(s)); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrNumber, err)
		}
		switch {
		case s[0] == '-':
			return 0, fmt.Errorf("%w: %q is negative", ErrNumber, clip(b))
		case s[0] == '+':
			return parseCost(s[1:])
		}
		return 0, fmt.Errorf("%w: %q has an exponent (want a plain decimal such as 123.45)", ErrNumber, clip(b))
	}
	if len(whole) > 12 || len(frac) > 6 {
		return 0, fmt.Errorf("%w: %q has more than 12 digits before the point or 6 after", ErrNumber, clip(b))
	}
	var v int64
	for _, c := range whole {
		v = v*10 + int64(c-'0')
	}
	for k := range 6 {
		v *= 10
		if k < len(frac) {
			v += int64(frac[k] - '0')
		}
	}
	return v, nil
}

// pow10 holds the powers of ten a float64 represents exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseUnits reads planned units per week: a plain, finite, non-negative
// decimal. Digits and a point with at most 15 significant digits and 22
// decimals are converted directly (an exact integer divided by an exact
// power of ten, so correctly rounded, as strconv.ParseFloat would);
// anything else goes through field.Float.
func parseUnits(b []byte) (float64, error) {
	if whole, frac, ok := plainDigits(b); ok && len(whole)+len(frac) <= 15 && len(frac) < len(pow10) {
		var m uint64
		for _, c := range whole {
			m = m*10 + uint64(c-'0')
		}
		for _, c := range frac {
			m = m*10 + uint64(c-'0')
		}
		return float64(m) / pow10[len(frac)], nil
	}
	x, err := field.Float(string(b))
	if err != nil {
		return 0, fmt.Errorf("%w: %v", ErrNumber, err)
	}
	if x < 0 {
		return 0, fmt.Errorf("%w: %q is negative", ErrNumber, clip(b))
	}
	return x + 0, nil // + 0 turns −0 into 0
}

// nhsNumberOK reports whether b is an NHS number: ten digits (spaces
// between groups allowed) whose tenth is the modulus-11 check digit of
// the first nine. It returns the ten digits.
func nhsNumberOK(b []byte, buf *[10]byte) ([]byte, bool) {
	n := 0
	for _, c := range b {
		switch {
		case c == ' ':
		case '0' <= c && c <= '9' && n < 10:
			buf[n] = c
			n++
		default:
			return nil, false
		}
	}
	if n != 10 {
		return nil, false
	}
	sum := 0
	for i := range 9 {
		sum += int(buf[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	if check == 10 || check != int(buf[9]-'0') {
		return nil, false
	}
	return buf[:], true
}

// clip shortens a value quoted in an error message.
func clip(b []byte) string {
	if len(b) > 64 {
		return string(b[:64]) + "…"
	}
	return string(b)
}

// NHSNumberCheckDigit returns the modulus-11 check digit of the nine
// digits of an NHS number, and false when no check digit exists (the
// remainder gives 10: such a number is never issued).
func NHSNumberCheckDigit(nine [9]int) (int, bool) {
	sum := 0
	for i, d := range nine {
		sum += d * (10 - i)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c, c != 10
}
