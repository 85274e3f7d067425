package calibrate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// BootOptions controls the xy-pair bootstrap. The zero value draws R's
// default of 200 resamples of n rows with seed 0.
type BootOptions struct {
	// Replicates is the number of resamples; 0 means 200 (quantreg's R).
	Replicates int
	// Seed seeds the resampling. Replicate b draws its rows from a PCG
	// stream seeded with (Seed, b), so the result depends only on Seed,
	// never on Workers or scheduling. R's own draws cannot be reproduced.
	Seed uint64
	// M is the resample size for the m-out-of-n bootstrap (quantreg's
	// mofn); 0 means n. The replicates are scaled by √(M/n) as quantreg
	// does, so that their covariance estimates that of the n-row fit.
	M int
	// Workers is the number of goroutines refitting resamples; 0 means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Level is the level of the percentile intervals; 0 means 0.95.
	Level float64
}

// Bootstrap holds the replicates of an xy-pair bootstrap.
type Bootstrap struct {
	// Replicates holds one row of coefficients per successful resample,
	// in replicate order, scaled by √(M/n) (unscaled when M = n).
	Replicates [][]float64
	// Failed counts resamples whose design was rank-deficient (for example
	// a dummy column that is all zero in the resample). They are left out
	// rather than redrawn, and the covariance uses the others.
	Failed int
	Seed   uint64
	M      int // resample size
	// PercentileLower and PercentileUpper are the (1 ∓ Level)/2 quantiles
	// (R's type 7) of each coefficient's replicates: the percentile
	// interval, at Level. They are meaningful only for M = n.
	PercentileLower, PercentileUpper []float64
	Level                            float64
}

// cov returns the covariance of the replicates (denominator B − 1, as R's
// cov).
func (b *Bootstrap) cov() [][]float64 {
	reps := b.Replicates
	p := len(reps[0])
	mean := make([]float64, p)
	for _, r := range reps {
		for j, v := range r {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(len(reps))
	}
	out := make([][]float64, p)
	for i := range out {
		out[i] = make([]float64, p)
	}
	for _, r := range reps {
		for i := 0; i < p; i++ {
			di := r[i] - mean[i]
			for j := i; j < p; j++ {
				out[i][j] += di * (r[j] - mean[j])
			}
		}
	}
	den := float64(len(reps) - 1)
	for i := 0; i < p; i++ {
		for j := i; j < p; j++ {
			out[i][j] /= den
			out[j][i] = out[i][j]
		}
	}
	return out
}

// bootstrapQuantReg runs the xy-pair bootstrap of the τ-quantile regression
// of d, a design already validated (or the scaled rows of one: the rows of
// a weighted fit times its weights, as quantreg's boot.rq gets them from
// summary.rq), unweighted.
func bootstrapQuantReg(d *Design, tau float64, opt BootOptions) (*Bootstrap, error) {
	n, p := d.Dims()
	reps := opt.Replicates
	if reps == 0 {
		reps = 200
	}
	if reps < 2 {
		return nil, invalidf("bootstrap: %d replicates; need at least 2", opt.Replicates)
	}
	m := opt.M
	if m == 0 {
		m = n
	}
	if m < p || m > n {
		return nil, invalidf("bootstrap: resample size %d out of range [%d, %d]", opt.M, p, n)
	}
	level := opt.Level
	if level == 0 {
		level = 0.95
	}
	if !(level > 0 && level < 1) {
		return nil, invalidf("bootstrap: level %v not in (0, 1)", opt.Level)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, reps)
	out := make([][]float64, reps)
	errs := make([]error, reps)
	scale := math.Sqrt(float64(m) / float64(n))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rows := make([]int, m)
			for b := range next {
				rng := rand.New(rand.NewPCG(opt.Seed, uint64(b)))
				for k := range rows {
					rows[k] = rng.IntN(n)
				}
				sub, err := d.SubsetRows(rows)
				if err != nil {
					errs[b] = err
					continue
				}
				fit, err := quantRegFit(sub, tau, QuantRegAuto, 0)
				if err != nil {
					errs[b] = err
					continue
				}
				cf := slices.Clone(fit.Coefficients)
				for j := range cf {
					cf[j] *= scale
				}
				out[b] = cf
			}
		}()
	}
	for b := range reps {
		next <- b
	}
	close(next)
	wg.Wait()
	res := &Bootstrap{Seed: opt.Seed, M: m, Level: level}
	for b := range reps {
		switch {
		case errs[b] == nil:
			res.Replicates = append(res.Replicates, out[b])
		case errors.Is(errs[b], ErrRankDeficient):
			res.Failed++
		default:
			return nil, fmt.Errorf("calibrate: bootstrap replicate %d: %w", b, errs[b])
		}
	}
	if len(res.Replicates) < 2 {
		return nil, fmt.Errorf("%w: bootstrap: %d of %d resamples were rank-deficient", ErrRankDeficient, res.Failed, reps)
	}
	res.PercentileLower = make([]float64, p)
	res.PercentileUpper = make([]float64, p)
	col := make([]float64, len(res.Replicates))
	for j := 0; j < p; j++ {
		for b, r := range res.Replicates {
			col[b] = r[j]
		}
		slices.Sort(col)
		q, err := stats.Quantiles(col, []float64{(1 - level) / 2, (1 + level) / 2}, stats.Type7)
		if err != nil {
			return nil, fmt.Errorf("calibrate: bootstrap percentiles: %w", err)
		}
		res.PercentileLower[j], res.PercentileUpper[j] = q[0], q[1]
	}
	return res, nil
}
