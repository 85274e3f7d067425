package calibrate

import (
	"fmt"
	"math"
	"strings"
)

// Workflow 5: outlier policies. Cases are never dropped silently: every
// exclusion is listed with the rule and the value that triggered it.

// OutlierPolicy says which cases to exclude from a refit. A rule whose
// threshold is 0 is off; at least one must be on.
type OutlierPolicy struct {
	// MaxStudentized excludes cases with |studentized residual| > k
	// (R's rstudent, externally studentised; Florida's iBudget used 3).
	MaxStudentized float64
	// Internal uses the internally standardised residual (R's rstandard)
	// for MaxStudentized instead.
	Internal bool
	// MaxCooks excludes cases with Cook's distance above the threshold.
	// CooksFourOverN sets the threshold to 4/n (n the number of rows).
	MaxCooks       float64
	CooksFourOverN bool
}

func (p OutlierPolicy) validate() error {
	if p.MaxStudentized < 0 || p.MaxCooks < 0 || math.IsNaN(p.MaxStudentized) || math.IsNaN(p.MaxCooks) {
		return invalidf("outliers: thresholds must not be negative")
	}
	if p.MaxStudentized == 0 && p.MaxCooks == 0 && !p.CooksFourOverN {
		return invalidf("outliers: no rule is on")
	}
	return nil
}

// OutlierResult lists the excluded cases and holds the design without them.
type OutlierResult struct {
	Policy OutlierPolicy
	// Excluded lists every excluded case (Index is the assessment's index in
	// the input of BuildDesign) with the rule(s) and values; Rows are their
	// rows in the design given.
	Excluded []Exclusion
	Rows     []int
	// Share is the fraction of rows excluded.
	Share float64
	// Kept is the design without the excluded rows.
	Kept *AssessmentDesign
	// CooksThreshold is the Cook's distance threshold used (0 if off).
	CooksThreshold float64
}

// Outliers applies the policy to a linear fit of d (OLS or WLS with analytic
// weights on d.Design, or on a transform of its response) and returns the
// excluded cases and the remaining design. Refit on Kept.
func Outliers(d *AssessmentDesign, f *LinearFit, p OutlierPolicy) (*OutlierResult, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	if d == nil || d.Design == nil || f == nil {
		return nil, invalidf("outliers: no design or fit")
	}
	n, _ := d.Design.Dims()
	if len(f.Residuals) != n {
		return nil, lengthf("outliers: the fit has %d rows, the design %d", len(f.Residuals), n)
	}
	inf, err := f.Influence()
	if err != nil {
		return nil, fmt.Errorf("calibrate: outliers: %w", err)
	}
	res := &OutlierResult{Policy: p, CooksThreshold: p.MaxCooks}
	if p.CooksFourOverN {
		res.CooksThreshold = 4 / float64(n)
	}
	resid, what := inf.Studentized, "|studentized residual|"
	if p.Internal {
		resid, what = inf.Standardized, "|standardized residual|"
	}
	var keep []int
	for i := 0; i < n; i++ {
		var why []string
		if p.MaxStudentized > 0 && math.Abs(resid[i]) > p.MaxStudentized {
			why = append(why, fmt.Sprintf("%s %.3f > %g", what, math.Abs(resid[i]), p.MaxStudentized))
		}
		if res.CooksThreshold > 0 && inf.Cooks[i] > res.CooksThreshold {
			why = append(why, fmt.Sprintf("Cook's distance %.4g > %.4g", inf.Cooks[i], res.CooksThreshold))
		}
		if why == nil {
			keep = append(keep, i)
			continue
		}
		res.Rows = append(res.Rows, i)
		res.Excluded = append(res.Excluded, Exclusion{Index: d.Index[i], ID: d.IDs[i], Reason: "outlier: " + strings.Join(why, "; ")})
	}
	res.Share = float64(len(res.Rows)) / float64(n)
	if len(keep) == 0 {
		return nil, fmt.Errorf("%w: outliers: the policy excludes every case", ErrEmpty)
	}
	kept, err := d.Subset(keep)
	if err != nil {
		return nil, err
	}
	kept.Excluded = append(append([]Exclusion(nil), d.Excluded...), res.Excluded...)
	res.Kept = kept
	return res, nil
}
