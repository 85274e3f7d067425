package carers

import "fmt"

// Activity is the kind of unpaid care an hour was spent on, for rate cards whose replacement
// rate depends on the activity. ActivityAny (the zero value) means unspecified.
type Activity uint8

// Activities. The set is fixed so that rate look-ups are array indexing; a rate card may price
// any subset of them.
const (
	ActivityAny          Activity = iota // unspecified or all activities
	ActivityPersonalCare                 // washing, dressing, toileting, eating
	ActivityHealthTasks                  // medication, treatments, health appointments
	ActivitySupervision                  // keeping an eye on, keeping safe, including overnight
	ActivityDomestic                     // housework, cooking, laundry
	ActivityPractical                    // shopping, transport, paperwork, finances
	ActivityEmotional                    // company and emotional support
	numActivities
)

var activityNames = [numActivities]string{
	"any", "personal_care", "health_tasks", "supervision", "domestic", "practical", "emotional_support",
}

// String returns the snake_case name used in JSON and CSV, e.g. "personal_care".
func (a Activity) String() string {
	if a < numActivities {
		return activityNames[a]
	}
	return fmt.Sprintf("Activity(%d)", uint8(a))
}

// MarshalText implements encoding.TextMarshaler.
func (a Activity) MarshalText() ([]byte, error) {
	if a >= numActivities {
		return nil, detail(ErrBadValue, "activity %d", uint8(a))
	}
	return []byte(a.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; the empty string means ActivityAny.
func (a *Activity) UnmarshalText(b []byte) error {
	v, err := ParseActivity(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ParseActivity parses an activity name; "" and "any" give ActivityAny.
func ParseActivity(s string) (Activity, error) {
	if s == "" {
		return ActivityAny, nil
	}
	for i, n := range activityNames {
		if n == s {
			return Activity(i), nil
		}
	}
	return 0, detail(ErrBadValue, "unknown activity %q", s)
}

// Period is the time at which care was given, for rate cards with time-of-day or weekend
// rates. PeriodAny (the zero value) means unspecified.
type Period uint8

// Periods.
const (
	PeriodAny         Period = iota // unspecified or all times
	PeriodDay                       // weekday daytime
	PeriodEvening                   // weekday evening
	PeriodNight                     // night (waking or sleeping)
	PeriodWeekend                   // Saturday and Sunday, any time
	PeriodBankHoliday               // public holidays
	numPeriods
)

var periodNames = [numPeriods]string{"any", "day", "evening", "night", "weekend", "bank_holiday"}

// String returns the snake_case name used in JSON and CSV, e.g. "night".
func (p Period) String() string {
	if p < numPeriods {
		return periodNames[p]
	}
	return fmt.Sprintf("Period(%d)", uint8(p))
}

// MarshalText implements encoding.TextMarshaler.
func (p Period) MarshalText() ([]byte, error) {
	if p >= numPeriods {
		return nil, detail(ErrBadValue, "period %d", uint8(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; the empty string means PeriodAny.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParsePeriod parses a period name; "" and "any" give PeriodAny.
func ParsePeriod(s string) (Period, error) {
	if s == "" {
		return PeriodAny, nil
	}
	for i, n := range periodNames {
		if n == s {
			return Period(i), nil
		}
	}
	return 0, detail(ErrBadValue, "unknown period %q", s)
}
