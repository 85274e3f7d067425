package cld

import (
	"time"

	"github.com/stonesoup-care/stonesoup/pathway"
)

// ProxyBirth returns the proxy date of birth of the principles: the 1st
// of the birth month.
func ProxyBirth(year int, month time.Month) Date { return pathway.NewDate(year, month, 1) }

// AgeAt returns the derived age on date on of a person whose proxy date
// of birth is birth, as NHS England's replication code computes it: the
// whole number of 365.25-day years between the two dates,
// floor((on − birth) / 365.25) (negative before birth). ok is false when
// either date is missing.
//
// This can be one less than the age in completed calendar years
// (CalendarAge) on and just after a birthday: on 1 April 2023 a person
// with proxy birth 1 April 2005 is 18 in calendar years but 17 by the
// code (6,574 days, 17.998 years). The measures follow the code.
func AgeAt(birth, on Date) (age int, ok bool) {
	if !birth.Valid() || !on.Valid() {
		return 0, false
	}
	days := int64(on - birth)
	// floor(days / 365.25) = floor(4·days / 1461)
	q := 4 * days / 1461
	if 4*days%1461 < 0 {
		q--
	}
	return int(q), true
}

// CalendarAge returns the age in completed calendar years on date on
// (the principles' wording: "the difference between the date of interest
// and the proxy date of birth"). ok is false when either date is missing.
func CalendarAge(birth, on Date) (age int, ok bool) {
	if !birth.Valid() || !on.Valid() {
		return 0, false
	}
	by, bm, bd := birth.YMD()
	y, m, d := on.YMD()
	age = y - by
	if m < bm || (m == bm && d < bd) {
		age--
	}
	return age, true
}

// Age returns the derived age (AgeAt) of row i's person on date on.
func (d *Data) Age(i int, on Date) (int, bool) { return AgeAt(d.Birth[i], on) }

// AgeBand is an age band of the SALT and ASCOF tables.
type AgeBand uint8

// Age bands. SALT and ASCOF tables show 18 to 64 and 65 and over (the
// code's "between 18 and 64" and "> 64"); the code keeps younger clients
// in the measures that do not filter on age, and some measures keep
// clients whose age is unknown.
const (
	AgeUnknown AgeBand = iota
	AgeUnder18
	Age18To64
	Age65Plus
)

// BandOf returns the age band of a derived age (AgeAt); ok false is an
// unknown age.
func BandOf(age int, ok bool) AgeBand {
	switch {
	case !ok:
		return AgeUnknown
	case age < 18:
		return AgeUnder18
	case age <= 64:
		return Age18To64
	}
	return Age65Plus
}

// String returns the band's label ("18 to 64").
func (b AgeBand) String() string {
	if int(b) < len(ageBandLabels) {
		return ageBandLabels[b]
	}
	return "Age unknown"
}

// adult reports whether the band is 18 to 64 or 65 and over.
func (b AgeBand) adult() bool { return b == Age18To64 || b == Age65Plus }
