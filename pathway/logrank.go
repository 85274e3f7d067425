package pathway

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ErrGroups: a comparison needs at least two groups.
var ErrGroups = errors.New("pathway: need at least two groups")

// ErrSingular: the variance matrix of a test statistic is singular.
var ErrSingular = errors.New("pathway: singular variance matrix")

// LogRankOptions configures LogRank. The zero value is the log-rank test.
type LogRankOptions struct {
	// Rho is the exponent of the Fleming–Harrington G^rho weights S(t−)^rho,
	// S being the pooled Kaplan–Meier curve (left-continuous): 0 is the
	// log-rank test, 1 the Peto & Peto modification of the Gehan–Wilcoxon
	// test; as R's survdiff(rho =). Must be finite and >= 0.
	Rho float64
	// NoTimeFix keeps times that differ only by rounding noise apart; by
	// default they are tied, as R's survdiff (timefix = TRUE) does. See
	// KMOptions.NoTimeFix.
	NoTimeFix bool
}

// LogRankResult is the result of a log-rank (or G^rho) test, with the
// quantities R's survdiff reports.
type LogRankResult struct {
	Rho    float64
	Groups []string // group labels, ordered as KaplanMeierByGroup orders them
	N      []int    // observations per group
	// Observed and Expected are the (weighted) observed and expected events
	// per group; for Rho = 0 Observed are the event counts.
	Observed, Expected []float64
	// Var is the variance matrix of Observed − Expected.
	Var [][]float64
	// ChiSq is the test statistic on DF degrees of freedom: the groups with
	// Expected > 0, minus 1. PValue = P(χ²_DF > ChiSq). When fewer than two
	// groups have Expected > 0, ChiSq is 0, DF is 0 and PValue is NaN (no
	// test is possible).
	ChiSq  float64
	DF     int
	PValue float64
}

// LogRank tests whether the survival (wait) distributions of the groups
// differ, as R's survdiff(Surv(times, events) ~ groups, rho = opts.Rho).
// Errors wrap ErrLength, ErrEmpty, ErrTime, ErrGroups (fewer than two
// groups), ErrInvalidOptions or ErrSingular.
func LogRank(times []float64, events []bool, groups []string, opts LogRankOptions) (*LogRankResult, error) {
	if !(opts.Rho >= 0) || math.IsInf(opts.Rho, 1) {
		return nil, fmt.Errorf("%w: Rho %v", ErrInvalidOptions, opts.Rho)
	}
	if len(times) != len(events) || len(times) != len(groups) {
		return nil, fmt.Errorf("%w: %d times, %d event flags, %d groups", ErrLength, len(times), len(events), len(groups))
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("pathway: log-rank: %w", ErrEmpty)
	}
	integer, maxT, err := checkTimes(times)
	if err != nil {
		return nil, err
	}
	if !opts.NoTimeFix {
		times = fixTimes(times, integer, maxT)
	}
	labels, gi := groupIndex(groups)
	ng := len(labels)
	if ng < 2 {
		return nil, fmt.Errorf("%w: log-rank got %d", ErrGroups, ng)
	}
	n := len(times)
	ord := make([]int32, n)
	for i := range ord {
		ord[i] = int32(i)
	}
	slices.SortFunc(ord, func(a, b int32) int {
		ta, tb := times[a], times[b]
		switch {
		case ta < tb:
			return -1
		case ta > tb:
			return 1
		}
		return 0
	})
	// pooled left-continuous Kaplan–Meier (only needed for rho != 0)
	var kaplan []float64
	if opts.Rho != 0 {
		kaplan = make([]float64, n)
		km := 1.0
		for i := 0; i < n; {
			t := times[ord[i]]
			deaths := 0
			j := i
			for ; j < n && times[ord[j]] == t; j++ {
				kaplan[j] = km
				if events[ord[j]] {
					deaths++
				}
			}
			nrisk := float64(n - i)
			km = km * (nrisk - float64(deaths)) / nrisk
			i = j
		}
	}
	r := &LogRankResult{Rho: opts.Rho, Groups: labels, N: make([]int, ng),
		Observed: make([]float64, ng), Expected: make([]float64, ng), Var: make([][]float64, ng)}
	for g := range r.Var {
		r.Var[g] = make([]float64, ng)
	}
	for _, g := range gi {
		r.N[g]++
	}
	risk := make([]float64, ng)
	for i := n - 1; i >= 0; {
		wt := 1.0
		if opts.Rho != 0 {
			wt = math.Pow(kaplan[i], opts.Rho)
		}
		t := times[ord[i]]
		deaths := 0.0
		j := i
		for ; j >= 0 && times[ord[j]] == t; j-- {
			k := gi[ord[j]]
			risk[k]++
			if events[ord[j]] {
				deaths++
				r.Observed[k] += wt
			}
		}
		i = j
		nrisk := float64(n - (j + 1))
		if deaths > 0 {
			for k := range ng {
				r.Expected[k] += wt * deaths * risk[k] / nrisk
			}
			if nrisk == 1 {
				continue
			}
			w2 := wt * wt
			for a := range ng {
				tmp := w2 * deaths * risk[a] * (nrisk - deaths) / (nrisk * (nrisk - 1))
				r.Var[a][a] += tmp
				for b := range ng {
					r.Var[b][a] -= tmp * risk[b] / nrisk
				}
			}
		}
	}
	// chi-square on the groups with expected > 0, dropping the first of them
	var keep []int
	for g := range ng {
		if r.Expected[g] > 0 {
			keep = append(keep, g)
		}
	}
	if len(keep) < 2 {
		r.ChiSq, r.DF, r.PValue = 0, 0, math.NaN()
		return r, nil
	}
	m := len(keep) - 1
	a := make([][]float64, m)
	bv := make([]float64, m)
	for i := range m {
		g := keep[i+1]
		bv[i] = r.Observed[g] - r.Expected[g]
		a[i] = make([]float64, m)
		for j := range m {
			a[i][j] = r.Var[g][keep[j+1]]
		}
	}
	sol, ok := solve(a, slices.Clone(bv))
	if !ok {
		return nil, fmt.Errorf("%w: log-rank", ErrSingular)
	}
	for i := range m {
		r.ChiSq += sol[i] * bv[i]
	}
	r.DF = m
	r.PValue = chiSquareSurvival(r.ChiSq, float64(m))
	return r, nil
}

// solve solves a·x = b by Gaussian elimination with partial pivoting; a and
// b are overwritten. ok is false for a (numerically) singular a.
func solve(a [][]float64, b []float64) ([]float64, bool) {
	n := len(b)
	scale := 0.0
	for i := range a {
		for _, v := range a[i] {
			scale = max(scale, math.Abs(v))
		}
	}
	if scale == 0 {
		return nil, false
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) <= 1e-13*scale {
			return nil, false
		}
		a[c], a[p] = a[p], a[c]
		b[c], b[p] = b[p], b[c]
		for r := c + 1; r < n; r++ {
			f := a[r][c] / a[c][c]
			for k := c; k < n; k++ {
				a[r][k] -= f * a[c][k]
			}
			b[r] -= f * b[c]
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := b[r]
		for k := r + 1; k < n; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return x, true
}
