package synth

import (
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// TestStartWindow: at the earliest and the latest start Options accept,
// every generated assessment validates (its dates and dates of birth lie
// in the years an assessment may hold), so the bounds are not too loose;
// a day outside either bound is rejected (TestNewErrors), so they are not
// too tight to matter.
func TestStartWindow(t *testing.T) {
	m := parseModel(t, allModels[0].js())
	for _, start := range []ras.Date{{Year: 1999, Month: 1, Day: 1}, lastStart()} {
		g, err := New(m, Options{Seed: 3, Start: start})
		if err != nil {
			t.Fatalf("start %s: %v", start, err)
		}
		for c := range g.Cases(5000) {
			if err := c.Assessment.Validate(); err != nil {
				t.Fatalf("start %s: %v", start, err)
			}
		}
	}
	if after := lastStart().AddDays(1); (&Options{Start: after}).Validate() == nil {
		t.Errorf("start %s, a day after the last, accepted", after)
	}
}
