package calibrate

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/ras"
)

// CostNeutralFrom is CostNeutral over assessments given a chunk at a time
// (see Chunks): the result, and any error, are CostNeutral's on the chunks
// put together, without holding them all as ras.Assessment values. It
// ranges over the chunks once to check them, once more for the target when
// opt.Target is zero, and once for each total of the engine's amounts (a
// handful of secant steps). With opt.Design the chunks are the design's
// input, whose rows must come in input order, as BuildDesign and
// BuildDesignFrom make them.
func CostNeutralFrom(m *ras.Model, chunks Chunks, opt NeutralOptions) (*NeutralResult, error) {
	n := 0
	var zero, missing []string
	d := opt.Design
	// The design's rows are checked against the input only when they can
	// be (any problem with the design is reported after an empty input,
	// as CostNeutral does).
	inOrder := d != nil && d.Design != nil && len(d.Index) > 0
	for k := 1; inOrder && k < len(d.Index); k++ {
		inOrder = d.Index[k] > d.Index[k-1]
	}
	k := 0 // next design row
	var mismatch error
	if chunks != nil {
		for as := range chunks {
			for j := range as {
				i := n + j
				switch {
				case d != nil:
					if inOrder && mismatch == nil && k < len(d.Index) && d.Index[k] == i {
						if as[j].ID != d.IDs[k] {
							mismatch = invalidf("cost neutral: the assessments are not the design's input: design row %d is assessment %q at index %d, the input has %s there",
								k, d.IDs[k], i, fmt.Sprintf("%q", as[j].ID))
						}
						k++
					}
				case opt.Target.IsZero():
					switch p := as[j].PlannedWeekly; {
					case p == nil:
						missing = append(missing, as[j].ID)
					case !p.IsPositive():
						zero = append(zero, as[j].ID)
					}
				}
			}
			n += len(as)
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("%w: cost neutral: no assessments", ErrEmpty)
	}
	if d == nil {
		if zero != nil || missing != nil {
			return nil, fmt.Errorf("calibrate: cost neutral: the target defaults to the planned total, which these assessments are not part of; "+
				"pass NeutralOptions.Design (the design they were built into) or a Target: %w",
				&CostError{Zero: zero, Missing: missing, Err: ErrNoCost})
		}
		return costNeutral(m, chunks, opt)
	}
	if d.Design == nil || len(d.Index) == 0 {
		return nil, invalidf("cost neutral: the design has no rows")
	}
	if !inOrder {
		return nil, invalidf("cost neutral: the design's rows are not in input order; use CostNeutral")
	}
	if mismatch != nil {
		return nil, mismatch
	}
	if k < len(d.Index) {
		return nil, invalidf("cost neutral: the assessments are not the design's input: design row %d is assessment %q at index %d, the input has none there",
			k, d.IDs[k], d.Index[k])
	}
	rows := func(yield func([]ras.Assessment) bool) {
		var buf []ras.Assessment
		base, k := 0, 0
		for as := range chunks {
			buf = buf[:0]
			for k < len(d.Index) && d.Index[k] < base+len(as) {
				buf = append(buf, as[d.Index[k]-base])
				k++
			}
			base += len(as)
			if len(buf) > 0 && !yield(buf) {
				return
			}
		}
	}
	return costNeutral(m, rows, opt)
}
