package pathway

import (
	"fmt"
	"math"
)

// DayCount chooses how durations are counted.
type DayCount int

const (
	// CalendarDays counts calendar days: End − Start (zero value).
	CalendarDays DayCount = iota
	// WorkingDays counts working days by Calendar.WorkingDaysBetween: days
	// after Start up to and including End that are Monday–Friday and not
	// holidays.
	WorkingDays
)

// String returns "calendar days" or "working days".
func (d DayCount) String() string {
	if d == WorkingDays {
		return "working days"
	}
	return "calendar days"
}

// Wait is one clock: from Start (for example assessment completed) to End
// (service started). End is NoDate while the person is still waiting.
// Closed, when set and End is not, is the date the clock stopped without
// reaching End (no further action, death, moved away): the wait is
// right-censored there, not at the extract date.
type Wait struct {
	PersonID string
	Group    string // for breakdowns: service type, team, locality…
	Start    Date
	End      Date
	Closed   Date
}

// stop returns the date the wait stopped at or before extract and whether it
// reached End (an event): End if on or before extract, else Closed if on or
// before extract (censored), else extract (censored).
func (w Wait) stop(extract Date) (Date, bool) {
	if w.End.Valid() && w.End <= extract {
		return w.End, true
	}
	if !w.End.Valid() && w.Closed.Valid() && w.Closed <= extract && w.Closed >= w.Start {
		return w.Closed, false
	}
	return extract, false
}

// days counts the duration from a to b in the chosen unit.
func countDays(a, b Date, unit DayCount, cal *Calendar) (int, error) {
	if unit == WorkingDays {
		if cal == nil {
			return 0, fmt.Errorf("%w: working days need a Calendar", ErrInvalidOptions)
		}
		return cal.WorkingDaysBetween(a, b)
	}
	return int(b - a), nil
}

// CensorWaits turns waits into Kaplan–Meier input at an extract date:
// a wait that ended on or before extract is an event at its length; a wait
// closed without reaching its end (Closed set, End not) is right-censored at
// Closed − Start; a wait still open (End is NoDate, or ends after extract)
// is right-censored at extract − Start. Lengths are in unit (cal is needed for WorkingDays).
// Errors name the wait's index and wrap ErrDate (missing Start, End before
// Start, Start after extract) or ErrCalendarRange.
func CensorWaits(waits []Wait, extract Date, unit DayCount, cal *Calendar) (times []float64, events []bool, err error) {
	if !extract.Valid() {
		return nil, nil, fmt.Errorf("%w: extract date missing", ErrDate)
	}
	times = make([]float64, len(waits))
	events = make([]bool, len(waits))
	for i, w := range waits {
		if !w.Start.Valid() {
			return nil, nil, fmt.Errorf("pathway: wait %d (%s): %w: start missing", i, w.PersonID, ErrDate)
		}
		if w.Start > extract {
			return nil, nil, fmt.Errorf("pathway: wait %d (%s): %w: starts %v after the extract date %v", i, w.PersonID, ErrDate, w.Start, extract)
		}
		if w.End.Valid() && w.End < w.Start {
			return nil, nil, fmt.Errorf("pathway: wait %d (%s): %w: ends %v before it starts %v", i, w.PersonID, ErrDate, w.End, w.Start)
		}
		end, ev := w.stop(extract)
		d, err := countDays(w.Start, end, unit, cal)
		if err != nil {
			return nil, nil, fmt.Errorf("pathway: wait %d (%s): %w", i, w.PersonID, err)
		}
		times[i], events[i] = float64(d), ev
	}
	return times, events, nil
}

// SnapshotOptions configures OpenWaits.
type SnapshotOptions struct {
	// TargetDays is the target length (for example 28); the share of current
	// waits of at most TargetDays is reported. Zero means 28.
	TargetDays int
	// Unit counts days (CalendarDays by default); WorkingDays needs Calendar.
	Unit     DayCount
	Calendar *Calendar
	// Type is the quantile definition for the median and 92nd percentile,
	// one of R's types 1 to 9; zero means Type7.
	Type QuantileType
}

// Snapshot describes the people waiting on one date (an RTT-style census of
// incomplete pathways).
type Snapshot struct {
	On           Date
	Waiting      int // clocks started on or before On and not stopped by On
	TargetDays   int
	WithinTarget int // current waits of at most TargetDays
	// ShareWithin = WithinTarget/Waiting; NaN when nobody is waiting.
	ShareWithin float64
	// Median and P92 of the current wait lengths; NaN when nobody is waiting.
	Median, P92 float64
	Max         float64
}

// OpenWaits counts who is waiting on date on: waits with Start <= on, End
// missing or after on, and not Closed on or before on. The current wait is on − Start (in opts.Unit).
// Errors wrap ErrDate, ErrInvalidOptions or ErrCalendarRange.
func OpenWaits(waits []Wait, on Date, opts SnapshotOptions) (*Snapshot, error) {
	if !on.Valid() {
		return nil, fmt.Errorf("%w: snapshot date missing", ErrDate)
	}
	target := opts.TargetDays
	if target == 0 {
		target = 28
	}
	if target < 0 {
		return nil, fmt.Errorf("%w: TargetDays %d", ErrInvalidOptions, opts.TargetDays)
	}
	typ := opts.Type
	if typ == 0 {
		typ = Type7
	}
	if !validType(typ) {
		return nil, fmt.Errorf("%w: quantile type %d (want 1 to 9)", ErrInvalidOptions, int(opts.Type))
	}
	s := &Snapshot{On: on, TargetDays: target, ShareWithin: math.NaN(), Median: math.NaN(), P92: math.NaN(), Max: math.NaN()}
	var cur []float64
	for i, w := range waits {
		if !w.Start.Valid() {
			return nil, fmt.Errorf("pathway: wait %d (%s): %w: start missing", i, w.PersonID, ErrDate)
		}
		if w.Start > on || (w.End.Valid() && w.End <= on) || (!w.End.Valid() && w.Closed.Valid() && w.Closed <= on) {
			continue
		}
		d, err := countDays(w.Start, on, opts.Unit, opts.Calendar)
		if err != nil {
			return nil, fmt.Errorf("pathway: wait %d (%s): %w", i, w.PersonID, err)
		}
		cur = append(cur, float64(d))
		if d <= target {
			s.WithinTarget++
		}
	}
	s.Waiting = len(cur)
	if s.Waiting == 0 {
		return s, nil
	}
	_, maxT, _ := checkTimes(cur)
	sorted := sortedCopy(cur, true, maxT)
	s.ShareWithin = float64(s.WithinTarget) / float64(s.Waiting)
	s.Median = sampleQuantile(sorted, 0.5, typ)
	s.P92 = sampleQuantile(sorted, 0.92, typ)
	s.Max = sorted[len(sorted)-1]
	return s, nil
}
