package calibrate

import (
	"fmt"
	"math"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// PublishedGroup is a row of a calibration table ready to publish: the
// counts of eligible and not-eligible cases have been through small-number
// suppression, and figures derived from a hidden count are hidden too.
type PublishedGroup struct {
	Group int
	// N is the group's size (a row total: always shown).
	N int
	// MinPredicted, MaxPredicted and MeanPredicted are model outputs, not
	// counts of people, and are always shown.
	MinPredicted, MaxPredicted, MeanPredicted float64
	// Events and NonEvents count eligible and not-eligible cases;
	// ObservedRate is Events/N. When Hidden is set they must not be
	// published: Events and NonEvents are then −1 and ObservedRate NaN.
	Events, NonEvents int
	ObservedRate      float64
	Hidden            bool
	// EventsText and NonEventsText are the counts as published: the
	// number, or the suppression mark.
	EventsText, NonEventsText string
}

// PublishCalibrationTable applies small-number suppression (package
// ras/disclosure, rule and options as documented there: by default counts
// of 1–4 hidden, and complementary cells hidden so that none can be
// recovered from the published totals) to a calibration table, seen as
// the two-way table groups × (eligible, not eligible) whose row totals (N)
// and column totals are published. Errors are those of
// disclosure.SuppressTable, wrapped.
func PublishCalibrationTable(groups []CalibrationGroup, opt disclosure.Options) ([]PublishedGroup, error) {
	if len(groups) == 0 {
		return nil, fmt.Errorf("%w: no groups to publish", ErrEmpty)
	}
	counts := make([][]int, len(groups))
	for i, g := range groups {
		counts[i] = []int{g.Events, g.N - g.Events}
	}
	tab, err := disclosure.SuppressTable(counts, opt)
	if err != nil {
		return nil, fmt.Errorf("calibrate: publishing a calibration table: %w", err)
	}
	out := make([]PublishedGroup, len(groups))
	for i, g := range groups {
		hidden := tab.Hidden(i, 0) || tab.Hidden(i, 1)
		pg := PublishedGroup{
			Group: g.Group, N: g.N, MinPredicted: g.MinPredicted, MaxPredicted: g.MaxPredicted, MeanPredicted: g.MeanPredicted,
			Events: g.Events, NonEvents: g.N - g.Events, ObservedRate: g.ObservedRate, Hidden: hidden,
			EventsText: tab.Format(i, 0), NonEventsText: tab.Format(i, 1),
		}
		if hidden {
			pg.Events, pg.NonEvents, pg.ObservedRate = -1, -1, math.NaN()
		}
		out[i] = pg
	}
	return out, nil
}
