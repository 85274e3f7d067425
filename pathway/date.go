package pathway

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Date is a civil (calendar) date with no time of day and no time zone,
// stored as a day number. Differences of Dates are calendar days, and
// Dates compare in time order. The zero value is NoDate, a missing date
// (for example a service that has not ended), which sorts before every real
// date.
type Date int32

// NoDate marks a missing date; it is the zero value of Date.
const NoDate Date = 0

// dateBias makes every date from about 900 BC onwards positive, keeping 0
// free for NoDate: Date = days since 1970-01-01 + dateBias.
const dateBias = 1 << 20

// ErrDate is returned (wrapped) for a date that is missing or cannot be parsed.
var ErrDate = errors.New("pathway: invalid date")

// NewDate returns the Date of year, month and day in the proleptic Gregorian
// calendar. Out-of-range days and months are normalised as by time.Date
// (for example 31 April is 1 May).
func NewDate(year int, month time.Month, day int) Date {
	if month < 1 || month > 12 || day < 1 || day > 28 {
		t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
		year, month, day = t.Date()
	}
	return Date(daysFromCivil(year, int(month), day) + dateBias)
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// daysFromCivil is Howard Hinnant's days_from_civil algorithm.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// YMD returns the year, month and day of d. For NoDate the result is
// meaningless; check d.Valid first.
func (d Date) YMD() (year int, month time.Month, day int) {
	z := int(d) - dateBias + 719468
	era := z
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		y++
	}
	return y, time.Month(mm), dd
}

// Valid reports whether d is a real date (not NoDate).
func (d Date) Valid() bool { return d != NoDate }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	w := (int(d) - dateBias + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns d plus n calendar days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time {
	y, m, dd := d.YMD()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// String formats d as YYYY-MM-DD, or "NA" for NoDate.
func (d Date) String() string {
	if d == NoDate {
		return "NA"
	}
	y, m, dd := d.YMD()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd)
}

// ParseDate parses an ISO date "YYYY-MM-DD" (an ISO date-time such as
// "2024-01-31T09:00:00" or "2024-01-31 09:00" is accepted and its time part
// ignored) or a UK date "DD/MM/YYYY". Errors wrap ErrDate; a calendar date
// whose year is outside 1900–2100 (a placeholder such as 0000-01-01 or
// 9999-12-31) also wraps field.ErrYear.
func ParseDate(s string) (Date, error) {
	d, y, err := parseDate(s)
	if err != nil {
		return NoDate, err
	}
	if field.Year(y) != nil {
		return NoDate, fmt.Errorf("%w: %q: the year is outside %d–%d (%w)", ErrDate, s, field.MinYear, field.MaxYear, field.ErrYear)
	}
	return d, nil
}

// parseDate is ParseDate without the check of the year, which it returns.
func parseDate(s string) (Date, int, error) {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		if len(s) > 10 && (s[10] != 'T' && s[10] != ' ' || !validClock(s[11:])) {
			return NoDate, 0, fmt.Errorf("%w: %q (a time after the date must be hh:mm, hh:mm:ss or hh:mm:ss.fff, with an optional Z or ±hh:mm)", ErrDate, s)
		}
		y, ok1 := atoiN(s[0:4])
		m, ok2 := atoiN(s[5:7])
		d, ok3 := atoiN(s[8:10])
		if ok1 && ok2 && ok3 && validYMD(y, m, d) {
			return Date(daysFromCivil(y, m, d) + dateBias), y, nil
		}
	} else if len(s) == 10 && s[2] == '/' && s[5] == '/' {
		d, ok1 := atoiN(s[0:2])
		m, ok2 := atoiN(s[3:5])
		y, ok3 := atoiN(s[6:10])
		if ok1 && ok2 && ok3 && validYMD(y, m, d) {
			return Date(daysFromCivil(y, m, d) + dateBias), y, nil
		}
	}
	return NoDate, 0, fmt.Errorf("%w: %q (want YYYY-MM-DD or DD/MM/YYYY)", ErrDate, s)
}

// validClock reports whether s is a time of day as ISO 8601 writes it after
// a date: hh:mm, hh:mm:ss or hh:mm:ss.f… (24-hour), then optionally Z or an
// offset ±hh:mm. The time is checked, then ignored: a wait is counted in
// days.
func validClock(s string) bool {
	two := func(t string, max int) bool {
		n, ok := atoiN(t)
		return len(t) == 2 && ok && n <= max
	}
	if len(s) < 5 || !two(s[0:2], 23) || s[2] != ':' || !two(s[3:5], 59) {
		return false
	}
	s = s[5:]
	if len(s) >= 3 && s[0] == ':' {
		if !two(s[1:3], 59) {
			return false
		}
		s = s[3:]
		if len(s) >= 2 && s[0] == '.' {
			i := 1
			for i < len(s) && '0' <= s[i] && s[i] <= '9' {
				i++
			}
			if i == 1 {
				return false
			}
			s = s[i:]
		}
	}
	switch {
	case s == "" || s == "Z":
		return true
	case len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':':
		return two(s[1:3], 23) && two(s[4:6], 59)
	}
	return false
}

func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// validYMD reports whether y-m-d is a day of the proleptic Gregorian
// calendar (year 0 included: ParseDate then rejects its year).
func validYMD(y, m, d int) bool {
	if y < 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
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

// MarshalJSON writes d as a "YYYY-MM-DD" string, and NoDate as null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == NoDate {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads a "YYYY-MM-DD" string (as ParseDate) or null
// (NoDate).
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = NoDate
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%w: %s is not a date string", ErrDate, b)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
