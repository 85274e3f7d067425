package calibrate

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// VIFTerm names a term of a model and the design columns that code it, for
// example a factor and its treatment dummies.
type VIFTerm struct {
	Name    string
	Columns []string
}

// VIFOptions controls LinearFit.VIF and GLMFit.VIF. The zero value treats
// every design column except the intercept as a term of its own.
type VIFOptions struct {
	// Terms groups the design columns into terms (R's assign attribute):
	// every column but the intercept must be in exactly one term. A term
	// of several columns gets Fox and Monette's generalized VIF. nil means
	// one term per column, named as the column.
	Terms []VIFTerm
}

// VIF is the (generalized) variance inflation factor of one term.
type VIF struct {
	Term    string
	Columns []string
	// GVIF is det(R_tt)·det(R_oo)/det(R), R the correlation matrix of the
	// coefficient estimates without the intercept, t the term's columns and
	// o the others (Fox and Monette 1992). For a one-column term it is the
	// classical VIF 1/(1 − R²), R² that of the column regressed on the
	// other columns.
	GVIF float64
	// DF is the number of columns of the term.
	DF int
	// GVIFScaled is GVIF^(1/(2·DF)), comparable across terms of different
	// sizes (for one column, √VIF: the inflation of the standard error).
	GVIFScaled float64
}

// VIFTable is the result of VIF: one row per term, in the order of the
// terms (or of the design columns).
type VIFTable struct {
	Rows []VIF
	// Warnings holds car's warning for a model without intercept ("No
	// intercept: vifs may not be sensible."); the values are still car's.
	Warnings []string
}

// VIF returns the variance inflation factors of the fit's terms, as
// car::vif: for numeric predictors (one column per term) the classical
// VIFs, for terms of several columns (factors) the generalized VIF with its
// degrees of freedom and GVIF^(1/(2·DF)). They depend only on the design
// (and, for WLS, the weights), not on the response.
//
// Errors (as car): aliased coefficients (*AliasedError); fewer than two
// terms; Terms that do not partition the non-intercept columns.
func (f *LinearFit) VIF(opt VIFOptions) (*VIFTable, error) {
	if len(f.Aliased) > 0 {
		return nil, &AliasedError{Columns: f.Aliased, Err: ErrRankDeficient}
	}
	return vifFromVcov(f.Names, f.Vcov, opt)
}

// VIF returns the generalized variance inflation factors of the GLM's
// terms from the correlation of its coefficient estimates, as car::vif for
// a glm. See LinearFit.VIF.
func (f *GLMFit) VIF(opt VIFOptions) (*VIFTable, error) {
	if len(f.Aliased) > 0 {
		return nil, &AliasedError{Columns: f.Aliased, Err: ErrRankDeficient}
	}
	return vifFromVcov(f.Names, f.Vcov, opt)
}

func vifFromVcov(names []string, v mat.Symmetric, opt VIFOptions) (*VIFTable, error) {
	out := &VIFTable{}
	var cols []int // design columns without the intercept
	for j, nm := range names {
		if nm != InterceptName {
			cols = append(cols, j)
		}
	}
	if len(cols) == len(names) {
		out.Warnings = append(out.Warnings, "No intercept: vifs may not be sensible.")
	}
	pos := make(map[string]int, len(cols)) // column name -> index in cols
	for k, j := range cols {
		pos[names[j]] = k
	}
	terms := opt.Terms
	if terms == nil {
		for _, j := range cols {
			terms = append(terms, VIFTerm{Name: names[j], Columns: []string{names[j]}})
		}
	}
	used := make([]bool, len(cols))
	idx := make([][]int, len(terms))
	for t, term := range terms {
		if len(term.Columns) == 0 {
			return nil, invalidf("vif: term %q has no columns", term.Name)
		}
		for _, c := range term.Columns {
			k, ok := pos[c]
			if !ok {
				return nil, invalidf("vif: term %q: no design column %q (or it is the intercept)", term.Name, c)
			}
			if used[k] {
				return nil, invalidf("vif: column %q is in two terms", c)
			}
			used[k] = true
			idx[t] = append(idx[t], k)
		}
	}
	for k, u := range used {
		if !u {
			return nil, invalidf("vif: column %q is in no term", names[cols[k]])
		}
	}
	if len(terms) < 2 {
		return nil, invalidf("vif: the model contains fewer than 2 terms")
	}
	q := len(cols)
	r := mat.NewSymDense(q, nil)
	for a, i := range cols {
		for b := a; b < q; b++ {
			j := cols[b]
			r.SetSym(a, b, v.At(i, j)/math.Sqrt(v.At(i, i)*v.At(j, j)))
		}
	}
	logdet := func(keep []int) float64 {
		m := mat.NewDense(len(keep), len(keep), nil)
		for a, i := range keep {
			for b, j := range keep {
				m.Set(a, b, r.At(i, j))
			}
		}
		ld, sign := mat.LogDet(m)
		if sign <= 0 {
			return math.NaN()
		}
		return ld
	}
	all := make([]int, q)
	for k := range all {
		all[k] = k
	}
	ldR := logdet(all)
	for t, term := range terms {
		var other []int
		for k := range all {
			if !slices.Contains(idx[t], k) {
				other = append(other, k)
			}
		}
		g := math.Exp(logdet(idx[t]) + logdet(other) - ldR)
		df := len(idx[t])
		out.Rows = append(out.Rows, VIF{Term: term.Name, Columns: slices.Clone(term.Columns), GVIF: g, DF: df,
			GVIFScaled: math.Pow(g, 1/(2*float64(df)))})
	}
	for _, row := range out.Rows {
		if math.IsNaN(row.GVIF) {
			return nil, fmt.Errorf("%w: vif: the correlation matrix of the estimates is singular", ErrRankDeficient)
		}
	}
	return out, nil
}
