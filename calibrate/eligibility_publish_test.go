package calibrate

import (
	"errors"
	"math"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Worked by hand with the threshold 5 rule: the table (eligible, not) is
// [0 20] [2 18] [10 10] [30 10]. Primary: the 2. Row 2 then has one hidden
// cell: hide its 18. Column 1 has one hidden cell (the 2): hide its
// smallest shown non-zero count, the 10 of row 3. Column 2 has one hidden
// cell (the 18): hide its smallest shown non-zero count, 10, the tie going
// to row 3. Every line now has zero or two hidden cells: rows 2 and 3 are
// hidden, rows 1 and 4 shown.
func TestPublishCalibrationTableHandWorked(t *testing.T) {
	groups := []CalibrationGroup{
		{Group: 1, N: 20, Events: 0, MeanPredicted: 0.05, ObservedRate: 0},
		{Group: 2, N: 20, Events: 2, MeanPredicted: 0.2, ObservedRate: 0.1},
		{Group: 3, N: 20, Events: 10, MeanPredicted: 0.45, ObservedRate: 0.5},
		{Group: 4, N: 40, Events: 30, MeanPredicted: 0.8, ObservedRate: 0.75},
	}
	got, err := PublishCalibrationTable(groups, disclosure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantHidden := []bool{false, true, true, false}
	for i, g := range got {
		if g.Hidden != wantHidden[i] || g.N != groups[i].N || g.MeanPredicted != groups[i].MeanPredicted {
			t.Errorf("group %d: %+v, hidden want %v", i+1, g, wantHidden[i])
		}
		if g.Hidden {
			if g.Events != -1 || g.NonEvents != -1 || !math.IsNaN(g.ObservedRate) || g.EventsText != "*" || g.NonEventsText != "*" {
				t.Errorf("hidden group %d shows %+v", i+1, g)
			}
		} else if g.Events != groups[i].Events || g.ObservedRate != groups[i].ObservedRate {
			t.Errorf("shown group %d: %+v", i+1, g)
		}
	}
	if got[0].EventsText != "0" || got[3].NonEventsText != "10" {
		t.Errorf("texts %q, %q", got[0].EventsText, got[3].NonEventsText)
	}
	if _, err := PublishCalibrationTable(nil, disclosure.Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("no groups: %v", err)
	}
	if _, err := PublishCalibrationTable(groups, disclosure.Options{Threshold: -1}); !errors.Is(err, disclosure.ErrThreshold) {
		t.Errorf("bad threshold: %v", err)
	}
}
