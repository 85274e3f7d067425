// Package field holds the checks every stonesoup reader applies to one
// field of an input record, so that the packages reject the same bad input
// in the same way:
//
//   - Float accepts a number only in plain decimal notation (an optional
//     sign, digits with at most one decimal point, an optional exponent
//     e±N) and only when it is finite. Go's strconv.ParseFloat also accepts
//     hexadecimal floats ("0x1p3"), digit separators ("1_0"), "Inf",
//     "Infinity" and "NaN"; none of these is how a council's extract writes a
//     number, so each is rejected, as is a value that overflows to ±Inf
//     ("1e400").
//   - ID accepts an identifier only when it is valid UTF-8 without control
//     characters (U+0000–U+001F, U+007F–U+009F) or a byte-order mark
//     (U+FEFF): a NUL byte or a broken encoding in an id means the extract
//     is damaged, and two such ids can collide once a tool repairs them; a
//     byte-order mark inside a file is left by joining files, and makes an
//     id that looks like another but does not match it.
//   - Year accepts a calendar year only in [MinYear, MaxYear]: a year 0 date
//     of birth or a 9999-12-31 assessment date is a placeholder, not a date.
//
// The errors unwrap to the sentinels below; each package wraps them in its
// own row or field error naming the record, line and column.
package field

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Sentinel errors.
var (
	// ErrNotDecimal: the text is not a number in plain decimal notation.
	ErrNotDecimal = errors.New("not a number in plain decimal notation")
	// ErrNotFinite: the number overflows to ±Inf.
	ErrNotFinite = errors.New("number out of range")
	// ErrText: the text is not valid UTF-8 or holds a control character or
	// a byte-order mark.
	ErrText = errors.New("invalid text")
	// ErrYear: a year outside [MinYear, MaxYear].
	ErrYear = errors.New("year outside the accepted range")
)

// The accepted range of calendar years for any date in an input record.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Float parses s, a number in plain decimal notation, and returns it. It
// returns an error wrapping ErrNotDecimal for any other form (including an
// empty string, surrounding spaces, hexadecimal, digit separators, Inf and
// NaN) and one wrapping ErrNotFinite when the value overflows to ±Inf. A
// value too small for a float64 becomes 0 or a subnormal, as in
// strconv.ParseFloat.
func Float(s string) (float64, error) {
	if !plainDecimal(s) {
		return 0, fmt.Errorf("%q: %w", s, ErrNotDecimal)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil { // only ErrRange can remain
		return 0, fmt.Errorf("%q: %w", s, ErrNotFinite)
	}
	return x, nil
}

// plainDecimal reports whether s matches [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?.
func plainDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// ID returns nil when s is valid UTF-8 without control characters or a
// byte-order mark (U+FEFF), and an error wrapping ErrText otherwise, saying
// what is wrong and where (the byte offset) without repeating the text
// itself.
func ID(s string) error {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return fmt.Errorf("byte %d is not valid UTF-8: %w", i, ErrText)
		case r < 0x20 || (0x7f <= r && r <= 0x9f):
			return fmt.Errorf("byte %d is the control character %U: %w", i, r, ErrText)
		case r == 0xfeff:
			return fmt.Errorf("byte %d is a byte-order mark (U+FEFF): %w", i, ErrText)
		}
		i += size
	}
	return nil
}

// Year returns nil when MinYear ≤ y ≤ MaxYear, and an error wrapping ErrYear
// otherwise.
func Year(y int) error {
	if y < MinYear || y > MaxYear {
		return fmt.Errorf("year %d is outside %d–%d: %w", y, MinYear, MaxYear, ErrYear)
	}
	return nil
}
