package pathway

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Holiday is one bank holiday.
type Holiday struct {
	Date Date
	Name string
}

// ErrCalendarRange is returned when a date lies outside the years a Calendar covers.
var ErrCalendarRange = errors.New("pathway: date outside the calendar's years")

// ErrInvalidOptions is returned (wrapped) by Validate methods of option types.
var ErrInvalidOptions = errors.New("pathway: invalid options")

// Easter returns Easter Sunday of year in the Gregorian calendar, by the
// anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b := year / 100
	c := year % 100
	d := b / 4
	e := b % 4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i := c / 4
	k := c % 4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(year, time.Month(month), day)
}

// firstMonday returns the first Monday of month in year.
func firstMonday(year int, month time.Month) Date {
	d := NewDate(year, month, 1)
	return d + Date((int(time.Monday)-int(d.Weekday())+7)%7)
}

// lastMonday returns the last Monday of month in year.
func lastMonday(year int, month time.Month) Date {
	d := NewDate(year, month, daysIn(year, int(month)))
	return d - Date((int(d.Weekday())-int(time.Monday)+7)%7)
}

// EnglandWalesHolidays returns the bank holidays of England and Wales in
// year, in date order, computed by rule:
//
//   - New Year's Day, 1 January, or the Monday after when it falls at a weekend;
//   - Good Friday and Easter Monday (Easter by the anonymous Gregorian algorithm);
//   - early May bank holiday, the first Monday in May (8 May in 1995 and, a
//     Friday, in 2020 for the VE Day anniversaries);
//   - spring bank holiday, the last Monday in May (4 June in 2002 and 2012,
//     2 June in 2022, for the jubilees);
//   - summer bank holiday, the last Monday in August;
//   - Christmas Day and Boxing Day, with substitute weekdays when they fall at
//     a weekend (Christmas on Saturday: Monday 27 and Tuesday 28; Christmas on
//     Sunday: Monday 26 and Tuesday 27; Boxing Day on Saturday: Monday 28);
//
// and the one-off days: 1999-12-31 (millennium), 2002-06-03 (Golden Jubilee),
// 2011-04-29 (royal wedding), 2012-06-05 (Diamond Jubilee), 2022-06-03
// (Platinum Jubilee), 2022-09-19 (state funeral of Queen Elizabeth II) and
// 2023-05-08 (coronation of King Charles III).
//
// The rules are those in force since 1978 (when the early May holiday
// began); one-off days before 1995 (for example 1981-07-29) are not included.
// Years after the last published list assume no further one-off changes.
func EnglandWalesHolidays(year int) []Holiday {
	var hs []Holiday
	add := func(d Date, name string) { hs = append(hs, Holiday{d, name}) }

	ny := NewDate(year, time.January, 1)
	switch ny.Weekday() {
	case time.Saturday:
		add(ny+2, "New Year's Day (substitute day)")
	case time.Sunday:
		add(ny+1, "New Year's Day (substitute day)")
	default:
		add(ny, "New Year's Day")
	}
	e := Easter(year)
	add(e-2, "Good Friday")
	add(e+1, "Easter Monday")
	switch year {
	case 1995:
		add(NewDate(1995, time.May, 8), "Early May bank holiday (VE day)")
	case 2020:
		add(NewDate(2020, time.May, 8), "Early May bank holiday (VE day)")
	default:
		if year >= 1978 {
			add(firstMonday(year, time.May), "Early May bank holiday")
		}
	}
	if year == 2011 {
		add(NewDate(2011, time.April, 29), "Royal wedding")
	}
	if year == 2023 {
		add(NewDate(2023, time.May, 8), "Bank holiday for the coronation of King Charles III")
	}
	switch year {
	case 2002:
		add(NewDate(2002, time.June, 3), "Golden Jubilee bank holiday")
		add(NewDate(2002, time.June, 4), "Spring bank holiday")
	case 2012:
		add(NewDate(2012, time.June, 4), "Spring bank holiday")
		add(NewDate(2012, time.June, 5), "Queen's Diamond Jubilee")
	case 2022:
		add(NewDate(2022, time.June, 2), "Spring bank holiday")
		add(NewDate(2022, time.June, 3), "Platinum Jubilee bank holiday")
	default:
		add(lastMonday(year, time.May), "Spring bank holiday")
	}
	add(lastMonday(year, time.August), "Summer bank holiday")
	if year == 2022 {
		add(NewDate(2022, time.September, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II")
	}
	xmas := NewDate(year, time.December, 25)
	switch xmas.Weekday() {
	case time.Saturday:
		add(xmas+2, "Christmas Day (substitute day)")
		add(xmas+3, "Boxing Day (substitute day)")
	case time.Sunday:
		add(xmas+1, "Boxing Day")
		add(xmas+2, "Christmas Day (substitute day)")
	case time.Friday:
		add(xmas, "Christmas Day")
		add(xmas+3, "Boxing Day (substitute day)")
	default:
		add(xmas, "Christmas Day")
		add(xmas+1, "Boxing Day")
	}
	if year == 1999 {
		add(NewDate(1999, time.December, 31), "Millennium Eve")
	}
	slices.SortStableFunc(hs, func(a, b Holiday) int { return int(a.Date) - int(b.Date) })
	return hs
}

// CalendarOptions configures a Calendar. The zero value gives England and
// Wales bank holidays for 1995–2099 with no local changes.
type CalendarOptions struct {
	// FirstYear and LastYear bound the years covered (inclusive). Zero means
	// 1995 and 2099. FirstYear may not be before 1978.
	FirstYear, LastYear int
	// Extra are non-working days added to the bank holidays (for example a
	// council's own closure days or a newly announced one-off holiday).
	Extra []Date
	// Removed are days that are not to be treated as holidays even though the
	// rules make them bank holidays.
	Removed []Date
}

// Validate checks the options.
func (o CalendarOptions) Validate() error {
	first, last := o.years()
	if first < 1978 || last < first || last > 9999 {
		return fmt.Errorf("%w: calendar years %d–%d (need 1978 <= first <= last <= 9999)", ErrInvalidOptions, first, last)
	}
	for _, d := range append(slices.Clone(o.Extra), o.Removed...) {
		if !d.Valid() {
			return fmt.Errorf("%w: calendar extra/removed day is NoDate", ErrInvalidOptions)
		}
	}
	return nil
}

func (o CalendarOptions) years() (int, int) {
	first, last := o.FirstYear, o.LastYear
	if first == 0 {
		first = 1995
	}
	if last == 0 {
		last = 2099
	}
	return first, last
}

// Calendar answers working-day questions for a fixed range of years. It is
// read-only after construction and safe for concurrent use.
type Calendar struct {
	first, last Date    // first and last day covered
	holiday     []bool  // by day offset from first
	cum         []int32 // cum[i] = working days in [first, first+i)
}

// NewEnglandWalesCalendar builds the England and Wales calendar for the
// years in opts.
func NewEnglandWalesCalendar(opts CalendarOptions) (*Calendar, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	fy, ly := opts.years()
	c := &Calendar{first: NewDate(fy, time.January, 1), last: NewDate(ly, time.December, 31)}
	n := int(c.last-c.first) + 1
	c.holiday = make([]bool, n)
	for y := fy; y <= ly; y++ {
		for _, h := range EnglandWalesHolidays(y) {
			c.holiday[h.Date-c.first] = true
		}
	}
	for _, d := range opts.Extra {
		if d >= c.first && d <= c.last {
			c.holiday[d-c.first] = true
		}
	}
	for _, d := range opts.Removed {
		if d >= c.first && d <= c.last {
			c.holiday[d-c.first] = false
		}
	}
	c.cum = make([]int32, n+1)
	for i := 0; i < n; i++ {
		w := int32(0)
		if c.working(c.first + Date(i)) {
			w = 1
		}
		c.cum[i+1] = c.cum[i] + w
	}
	return c, nil
}

func (c *Calendar) working(d Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !c.holiday[d-c.first]
}

// Covers reports whether d is inside the calendar's years.
func (c *Calendar) Covers(d Date) bool { return d >= c.first && d <= c.last }

// IsHoliday reports whether d is a bank holiday (or an Extra day, and not a
// Removed one). Dates outside the calendar's years report false.
func (c *Calendar) IsHoliday(d Date) bool {
	return c.Covers(d) && c.holiday[d-c.first]
}

// IsWorkingDay reports whether d is Monday to Friday and not a holiday.
// Outside the calendar's years only the weekday is considered.
func (c *Calendar) IsWorkingDay(d Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday && !c.IsHoliday(d)
}

// WorkingDaysBetween counts the working days after start up to and including
// end: the days d with start < d <= end that are Monday to Friday and not
// holidays. So a request on Friday answered on the next Monday took 1 working
// day, and the same day takes 0. When end is before start the result is
// minus the count from end to start. Errors wrap ErrCalendarRange (either
// date outside the calendar's years) or ErrDate (NoDate).
func (c *Calendar) WorkingDaysBetween(start, end Date) (int, error) {
	if !start.Valid() || !end.Valid() {
		return 0, fmt.Errorf("%w: missing date", ErrDate)
	}
	if !c.Covers(start) || !c.Covers(end) {
		return 0, fmt.Errorf("%w: %v to %v (calendar covers %v to %v)", ErrCalendarRange, start, end, c.first, c.last)
	}
	// working days in (start, end] = cum[end+1] - cum[start+1]
	return int(c.cum[end-c.first+1] - c.cum[start-c.first+1]), nil
}

// Holidays returns the calendar's holidays (rules, Extra and Removed
// applied) from..to inclusive, in date order.
func (c *Calendar) Holidays(from, to Date) []Holiday {
	var out []Holiday
	if from < c.first {
		from = c.first
	}
	if to > c.last {
		to = c.last
	}
	if from > to {
		return nil
	}
	fy, _, _ := from.YMD()
	ty, _, _ := to.YMD()
	names := map[Date]string{}
	for y := fy; y <= ty; y++ {
		for _, h := range EnglandWalesHolidays(y) {
			names[h.Date] = h.Name
		}
	}
	for d := from; d <= to; d++ {
		if c.holiday[d-c.first] {
			name, ok := names[d]
			if !ok {
				name = "Extra non-working day"
			}
			out = append(out, Holiday{d, name})
		}
	}
	return out
}
