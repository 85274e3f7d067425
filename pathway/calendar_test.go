package pathway

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// govUKEnglandWales is the gov.uk "UK bank holidays" list for England and
// Wales (https://www.gov.uk/bank-holidays), 2018–2026, written out by hand.
// 2025 and 2026 were checked against published lists (Boxing Day 2026 falls
// on a Saturday, so the substitute day is Monday 28 December).
var govUKEnglandWales = map[int][]string{
	2018: {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27", "2018-12-25", "2018-12-26"},
	2019: {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26", "2019-12-25", "2019-12-26"},
	2020: {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31", "2020-12-25", "2020-12-28"},
	2021: {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"},
	2022: {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"},
	2023: {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25", "2023-12-26"},
	2024: {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"},
	2025: {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"},
	2026: {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"},
}

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestEnglandWalesHolidaysGovUK(t *testing.T) {
	for year := 2018; year <= 2026; year++ {
		want := govUKEnglandWales[year]
		got := EnglandWalesHolidays(year)
		if len(got) != len(want) {
			t.Errorf("%d: got %d holidays %v, want %d %v", year, len(got), got, len(want), want)
			continue
		}
		for i := range want {
			if got[i].Date.String() != want[i] {
				t.Errorf("%d #%d: got %v (%s), want %s", year, i, got[i].Date, got[i].Name, want[i])
			}
			if wd := got[i].Date.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Errorf("%d: holiday %v on a %v", year, got[i].Date, wd)
			}
		}
	}
}

func TestOneOffHolidays(t *testing.T) {
	for _, s := range []string{"2011-04-29", "2012-06-04", "2012-06-05", "1999-12-31", "2002-06-03", "2002-06-04", "1995-05-08"} {
		d := mustDate(t, s)
		y, _, _ := d.YMD()
		found := false
		for _, h := range EnglandWalesHolidays(y) {
			found = found || h.Date == d
		}
		if !found {
			t.Errorf("%s not a holiday", s)
		}
	}
	for _, s := range []string{"2012-05-28", "2020-05-04", "2022-05-30", "2002-05-27", "1995-05-01"} {
		d := mustDate(t, s)
		y, _, _ := d.YMD()
		for _, h := range EnglandWalesHolidays(y) {
			if h.Date == d {
				t.Errorf("%s should have been moved, got %s", s, h.Name)
			}
		}
	}
}

func TestEaster(t *testing.T) {
	// Published Easter Sundays.
	for _, s := range []string{"2000-04-23", "2008-03-23", "2011-04-24", "2018-04-01", "2019-04-21", "2024-03-31", "2025-04-20", "2038-04-25"} {
		d := mustDate(t, s)
		y, _, _ := d.YMD()
		if got := Easter(y); got != d {
			t.Errorf("Easter(%d) = %v, want %v", y, got, d)
		}
	}
	// Beyond the years ParseDate accepts as input.
	if got, want := Easter(2285), NewDate(2285, 3, 22); got != want {
		t.Errorf("Easter(2285) = %v, want %v", got, want)
	}
}

func TestDateRoundTrip(t *testing.T) {
	for d := NewDate(1600, 1, 1); d < NewDate(2400, 12, 31); d++ {
		y, m, dd := d.YMD()
		if NewDate(y, m, dd) != d {
			t.Fatalf("round trip %d -> %d-%d-%d", d, y, m, dd)
		}
		tm := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		if tm.Weekday() != d.Weekday() || DateOf(tm) != d {
			t.Fatalf("weekday/DateOf mismatch at %v", d)
		}
	}
	if NewDate(2024, 4, 31) != NewDate(2024, 5, 1) {
		t.Error("NewDate normalisation")
	}
	for _, s := range []string{"", "2024-02-30", "2023-02-29", "31/04/2024", "2024-1-01", "2024-01-01x", "abcd-ef-gh"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q) err = %v, want ErrDate", s, err)
		}
	}
	for s, want := range map[string]string{"2024-02-29": "2024-02-29", "29/02/2024": "2024-02-29", "2024-03-01T10:00:00Z": "2024-03-01", "2024-03-01 10:00": "2024-03-01"} {
		d, err := ParseDate(s)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", s, d, err, want)
		}
	}
	if NoDate.String() != "NA" {
		t.Error("NoDate string")
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cal, err := NewEnglandWalesCalendar(CalendarOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		start, end string
		want       int
	}{
		{"2024-01-05", "2024-01-05", 0},  // same day
		{"2024-01-05", "2024-01-08", 1},  // Fri -> Mon
		{"2024-01-06", "2024-01-07", 0},  // Sat -> Sun
		{"2024-01-01", "2024-01-31", 22}, // January 2024: 23 weekdays, 1 Jan excluded as start
		{"2023-12-31", "2024-01-31", 22}, // 1 Jan 2024 holiday, 22 working days
		{"2025-12-24", "2025-12-29", 1},  // Christmas, Boxing Day, weekend; Mon 29
		{"2022-05-31", "2022-06-06", 2},  // Wed 1, (Thu 2, Fri 3 jubilee), Mon 6
		{"2024-01-08", "2024-01-05", -1}, // reversed
		{"2026-12-24", "2026-12-29", 1},  // Fri 25 holiday, Mon 28 substitute, Tue 29
		{"2024-03-28", "2024-04-02", 1},  // Good Friday, Easter Monday
	}
	for _, c := range cases {
		got, err := cal.WorkingDaysBetween(mustDate(t, c.start), mustDate(t, c.end))
		if err != nil || got != c.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, %v; want %d", c.start, c.end, got, err, c.want)
		}
	}
	// brute force agreement
	start := mustDate(t, "2019-12-01")
	for end := start - 40; end < start+800; end += 7 {
		brute := 0
		lo, hi, sign := start, end, 1
		if end < start {
			lo, hi, sign = end, start, -1
		}
		for d := lo + 1; d <= hi; d++ {
			if cal.IsWorkingDay(d) {
				brute++
			}
		}
		got, _ := cal.WorkingDaysBetween(start, end)
		if got != sign*brute {
			t.Fatalf("%v..%v: got %d brute %d", start, end, got, sign*brute)
		}
	}
	if _, err := cal.WorkingDaysBetween(NewDate(1990, 1, 1), NewDate(2024, 1, 1)); !errors.Is(err, ErrCalendarRange) {
		t.Errorf("want ErrCalendarRange, got %v", err)
	}
	if _, err := cal.WorkingDaysBetween(NoDate, NewDate(2024, 1, 1)); !errors.Is(err, ErrDate) {
		t.Errorf("want ErrDate, got %v", err)
	}
}

func TestCalendarOptions(t *testing.T) {
	extra := mustDate(t, "2024-07-01")
	removed := mustDate(t, "2024-12-26")
	cal, err := NewEnglandWalesCalendar(CalendarOptions{FirstYear: 2024, LastYear: 2024, Extra: []Date{extra}, Removed: []Date{removed}})
	if err != nil {
		t.Fatal(err)
	}
	if !cal.IsHoliday(extra) || cal.IsWorkingDay(extra) {
		t.Error("extra day not a holiday")
	}
	if cal.IsHoliday(removed) || !cal.IsWorkingDay(removed) {
		t.Error("removed day still a holiday")
	}
	hs := cal.Holidays(NewDate(2024, 1, 1), NewDate(2024, 12, 31))
	if len(hs) != 8 { // 8 rules - Boxing Day + extra
		t.Errorf("got %d holidays: %v", len(hs), hs)
	}
	for _, bad := range []CalendarOptions{{FirstYear: 1970}, {FirstYear: 2030, LastYear: 2020}, {Extra: []Date{NoDate}}} {
		if _, err := NewEnglandWalesCalendar(bad); !errors.Is(err, ErrInvalidOptions) {
			t.Errorf("%+v: want ErrInvalidOptions, got %v", bad, err)
		}
	}
}

// TestParseDateTimePart: a time after an ISO date is checked, then ignored;
// anything else after the date is an error.
func TestParseDateTimePart(t *testing.T) {
	want := NewDate(2024, time.January, 31)
	for _, s := range []string{"2024-01-31", "2024-01-31T09:00", "2024-01-31 09:00:59", "2024-01-31T23:59:59.123456",
		"2024-01-31T09:00:00Z", "2024-01-31T09:00:00+01:00", "2024-01-31 00:00-05:30"} {
		if d, err := ParseDate(s); err != nil || d != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", s, d, err, want)
		}
	}
	for _, s := range []string{"2024-01-31Tgarbage", "2024-01-31T", "2024-01-31 ", "2024-01-31T24:00", "2024-01-31T09:60",
		"2024-01-31T9:00", "2024-01-31T09:00:00.", "2024-01-31T09:00:00+1", "2024-01-31x", "2024-01-31T09:00:00ZZ"} {
		if _, err := ParseDate(s); !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q) error = %v, want ErrDate", s, err)
		}
	}
}

// TestDateJSON: dates are "YYYY-MM-DD" strings in JSON, NoDate is null.
func TestDateJSON(t *testing.T) {
	type rec struct {
		A, B Date
	}
	in := rec{A: NewDate(2024, time.February, 29), B: NoDate}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"A":"2024-02-29","B":null}`; got != want {
		t.Fatalf("json = %s, want %s", got, want)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Fatalf("round trip = %+v, %v; want %+v", out, err, in)
	}
	for _, bad := range []string{`{"A":19000}`, `{"A":"2024-02-30"}`, `{"A":"0000-01-01"}`} {
		if err := json.Unmarshal([]byte(bad), &out); !errors.Is(err, ErrDate) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrDate", bad, err)
		}
	}
}
