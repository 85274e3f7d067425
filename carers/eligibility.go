package carers

import (
	"fmt"

	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// CarerEligibility applies the Care Act 2014 carer eligibility criteria (SI 2015/313 reg. 3,
// package ras/eligibility) to the findings recorded in c.Eligibility. It returns
// ErrMissingField when c carries no findings, and ErrBadValue wrapping the eligibility
// package's error (test it with errors.Is against eligibility's sentinels) when the findings are
// invalid. The findings' ID is not passed on, so the message names no one.
//
// The result is the regulation's logic applied to the recorded findings; the determination
// (Care Act s.13) is the local authority's.
func CarerEligibility(c *Carer) (eligibility.CarerResult, error) {
	if c.Eligibility == nil {
		return eligibility.CarerResult{}, detail(ErrMissingField, "no carer's assessment findings")
	}
	a := *c.Eligibility
	a.ID = ""
	r, err := eligibility.EvaluateCarer(&a)
	if err != nil {
		return r, fmt.Errorf("%w: %w", ErrBadValue, err)
	}
	return r, nil
}
