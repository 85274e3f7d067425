package calibrate

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/ras"
)

// neutralRows returns the assessments CostNeutral works on: the design's
// rows of as when opt.Design is set (as must be the design's input), else
// as itself, after checking that a default target (the planned total)
// covers every assessment.
func neutralRows(as []ras.Assessment, opt NeutralOptions) ([]ras.Assessment, error) {
	d := opt.Design
	if d == nil {
		if !opt.Target.IsZero() {
			return as, nil
		}
		var zero, missing []string
		for i := range as {
			switch p := as[i].PlannedWeekly; {
			case p == nil:
				missing = append(missing, as[i].ID)
			case !p.IsPositive():
				zero = append(zero, as[i].ID)
			}
		}
		if zero != nil || missing != nil {
			return nil, fmt.Errorf("calibrate: cost neutral: the target defaults to the planned total, which these assessments are not part of; "+
				"pass NeutralOptions.Design (the design they were built into) or a Target: %w",
				&CostError{Zero: zero, Missing: missing, Err: ErrNoCost})
		}
		return as, nil
	}
	if d.Design == nil || len(d.Index) == 0 {
		return nil, invalidf("cost neutral: the design has no rows")
	}
	out := make([]ras.Assessment, len(d.Index))
	for k, i := range d.Index {
		if i < 0 || i >= len(as) || as[i].ID != d.IDs[k] {
			got := "none"
			if i >= 0 && i < len(as) {
				got = fmt.Sprintf("%q", as[i].ID)
			}
			return nil, invalidf("cost neutral: the assessments are not the design's input: design row %d is assessment %q at index %d, the input has %s there",
				k, d.IDs[k], i, got)
		}
		out[k] = as[i]
	}
	return out, nil
}
