package ras

import (
	"fmt"
	"time"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// Date is a calendar date without a time of day or a zone. Its JSON and CSV
// form is ISO 8601, "2006-01-02". The zero Date means "not recorded".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses an ISO 8601 calendar date ("2024-03-31"): four digits
// of year, two of month and two of day. A string of another form is an
// error saying so; a month or day that does not exist is an error naming it
// ("month 13 is not a month", "day 30 is not a day of February 2025").
// Errors unwrap to ErrInvalidDate. ParseDate accepts any year from 0000 to
// 9999; Assessment.Validate, and so the readers, accept only the years
// 1900–2100.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, dateError(s, " is not a date in the form YYYY-MM-DD")
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, dateError(s, " is not a date in the form YYYY-MM-DD")
	}
	v := Date{y, time.Month(m), d}
	if c := v.calendar(); c != dateOK {
		return Date{}, dateError(s, ": "+v.problem(c))
	}
	return v, nil
}

func dateError(s, msg string) error {
	return &classError{msg: "ras: " + quoteText(s) + msg, class: ErrInvalidDate}
}

// digits parses s, made of ASCII digits only.
func digits(s string) (int, bool) {
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

// What calendar finds wrong with a date.
const (
	dateOK = iota
	dateBadMonth
	dateBadDay
	dateBadYear // outside field.MinYear..field.MaxYear (checked by window)
)

// calendar reports whether d is a day of the proleptic Gregorian calendar
// (any year): a month 1–12 and a day of that month. It does not allocate.
func (d Date) calendar() int {
	if d.Month < time.January || d.Month > time.December {
		return dateBadMonth
	}
	if d.Day < 1 || d.Day > daysIn(d.Month, d.Year) {
		return dateBadDay
	}
	return dateOK
}

// check is calendar, and also requires the year to lie in the window of
// years an input record may hold (field.MinYear..field.MaxYear).
func (d Date) check() int {
	if c := d.calendar(); c != dateOK {
		return c
	}
	if d.Year < field.MinYear || d.Year > field.MaxYear {
		return dateBadYear
	}
	return dateOK
}

// inWindow reports whether d.check() == dateOK, quickly for the days 1–28
// of a month.
func (d Date) inWindow() bool {
	if uint(d.Year-field.MinYear) > field.MaxYear-field.MinYear || uint(d.Month-1) > 11 || d.Day < 1 {
		return false
	}
	return d.Day <= 28 || d.Day <= daysIn(d.Month, d.Year)
}

// problem says in words what check found (c ≠ dateOK).
func (d Date) problem(c int) string {
	switch c {
	case dateBadMonth:
		return fmt.Sprintf("month %d is not a month", int(d.Month))
	case dateBadDay:
		return fmt.Sprintf("day %d is not a day of %s %d", d.Day, d.Month, d.Year)
	}
	return field.Year(d.Year).Error()
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String returns d as "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysSince returns the number of days from e to d (d − e).
func (d Date) DaysSince(e Date) int {
	return int(d.Time().Sub(e.Time()).Hours() / 24)
}

// AgeOn returns the age in completed years on date on of a person born on d.
func (d Date) AgeOn(on Date) int {
	age := on.Year - d.Year
	if on.Month < d.Month || (on.Month == d.Month && on.Day < d.Day) {
		age--
	}
	return age
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. The empty string is the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
