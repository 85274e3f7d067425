package calibrate

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
	"github.com/stonesoup-care/stonesoup/internal/stats"
)

var bootCoverage = flag.Int("bootcoverage", 0, "simulated data sets for the bootstrap coverage study (0: the short default)")

// The replicates depend only on the seed: not on the number of workers.
func TestBootstrapDeterministic(t *testing.T) {
	d := heteroDesign(11, 80)
	f, err := QuantReg(d, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	run := func(seed uint64, workers int) *QuantRegInference {
		inf, err := f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEBoot,
			Boot: BootOptions{Replicates: 40, Seed: seed, Workers: workers}})
		mustNo(t, err)
		return inf
	}
	a, b, c := run(1, 1), run(1, 3), run(2, 2)
	equal(t, a.Boot.Replicates, b.Boot.Replicates, "same seed, different workers")
	isTrue(t, !slices.Equal(a.Boot.Replicates[0], c.Boot.Replicates[0]), "another seed draws other rows")
	equal(t, 40, len(a.Boot.Replicates))
	// The standard errors are the standard deviations of the replicates.
	for j := range a.Coefs {
		var m, s float64
		for _, r := range a.Boot.Replicates {
			m += r[j]
		}
		m /= 40
		for _, r := range a.Boot.Replicates {
			s += (r[j] - m) * (r[j] - m)
		}
		inDelta(t, math.Sqrt(s/39), a.Coefs[j].StdErr, 1e-12*a.Coefs[j].StdErr, "se %d", j)
		isTrue(t, a.Boot.PercentileLower[j] < a.Boot.PercentileUpper[j], "percentile interval %d", j)
	}
	isTrue(t, math.IsNaN(a.Density) && math.IsNaN(a.Bandwidth), "no density for the bootstrap")
}

// A dummy that is 1 in two rows only is all 0 in many resamples: those are
// counted in Failed and left out.
func TestBootstrapRankDeficientResamples(t *testing.T) {
	r := newTestRand(5)
	n := 30
	x := make([]float64, n)
	dummy := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		x[i] = r.Float64() * 5
		y[i] = x[i] + r.NormFloat64()
	}
	dummy[3], dummy[17] = 1, 1
	y[3] += 4
	d := mustDesign(t, []string{"x", "rare"}, [][]float64{x, dummy}, y, true)
	f, err := QuantReg(d, QuantRegOptions{Tau: 0.5})
	mustNo(t, err)
	inf, err := f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEBoot, Boot: BootOptions{Replicates: 100, Seed: 3}})
	mustNo(t, err)
	// P(neither row drawn) = (28/30)^30 ≈ 0.126.
	isTrue(t, inf.Boot.Failed > 2 && inf.Boot.Failed < 30, "failed %d of 100", inf.Boot.Failed)
	equal(t, 100-inf.Boot.Failed, len(inf.Boot.Replicates))
	_, err = f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEBoot, Boot: BootOptions{Replicates: 1}})
	errIs(t, err, ErrInvalidInput)
	_, err = f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEBoot, Boot: BootOptions{M: 2}})
	errIs(t, err, ErrInvalidInput)
}

// The bootstrap standard errors of the Engel median and 0.9 regressions
// agree with quantreg's summary.rq(se = "boot") (xy pairs, R = 20000;
// testdata/rinfer/boot_engel.R) within Monte Carlo error: ours with 2000
// replicates have a relative sd of about 2-3%, R's about 0.5-1%.
func TestBootstrapEngelAgainstR(t *testing.T) {
	if testing.Short() {
		t.Skip("4000 refits")
	}
	cases, err := reftest.Load("testdata/reference")
	mustNo(t, err)
	var c *reftest.Case
	for _, x := range cases {
		if x.ID == "rq_summary_engel" {
			c = x
		}
	}
	if c == nil {
		t.Fatal("case rq_summary_engel missing")
	}
	data, err := c.Table()
	mustNo(t, err)
	income, err := data.Num("income")
	mustNo(t, err)
	food, err := data.Num("foodexp")
	mustNo(t, err)
	d := mustDesign(t, []string{"income"}, [][]float64{income}, food, true)
	raw, err := os.ReadFile("testdata/rinfer/boot_engel.json")
	mustNo(t, err)
	type block struct {
		SE []float64 `json:"std_error"`
	}
	var want struct {
		Tau05 block `json:"tau_0.5"`
		Tau09 block `json:"tau_0.9"`
	}
	mustNo(t, json.Unmarshal(raw, &want))
	for _, tau := range []float64{0.5, 0.9} {
		f, err := QuantReg(d, QuantRegOptions{Tau: tau})
		mustNo(t, err)
		inf, err := f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEBoot, Boot: BootOptions{Replicates: 2000, Seed: 42}})
		mustNo(t, err)
		w := want.Tau05.SE
		if tau == 0.9 {
			w = want.Tau09.SE
		}
		for j, c := range inf.Coefs {
			rel := c.StdErr/w[j] - 1
			t.Logf("tau %v coef %d: bootstrap se %.5g, R %.5g (%+.1f%%)", tau, j, c.StdErr, w[j], 100*rel)
			le(t, math.Abs(rel), 0.10, "tau %v coef %d", tau, j)
		}
	}
}

// Coverage of the xy-pair bootstrap intervals by simulation. The data have
// heteroskedastic errors, y = 1 + 2x + (1 + x/2)·e, e ~ N(0, 1), x ~ U(0,
// 10), so the τ-quantile line is known: intercept 1 + z_τ, slope
// 2 + z_τ/2. Each simulated data set is fitted and bootstrapped; the study
// counts how often the 95% intervals (estimate ± t·se_boot, as
// summary.rq(se = "boot") implies, and the percentile interval) cover the
// true coefficients. Run the full study with -bootcoverage=2000.
func TestBootstrapCoverage(t *testing.T) {
	sets, reps, n := 100, 120, 60
	if *bootCoverage > 0 {
		sets, reps, n = *bootCoverage, 200, 100
	} else if testing.Short() || raceEnabled {
		t.Skip("simulation: 18000 refits (run without -race, or with -bootcoverage)")
	}
	for _, tau := range []float64{0.5, 0.75} {
		z := stats.NormalQuantile(tau)
		truth := []float64{1 + z, 2 + z/2}
		var wald, pct [2]int
		r := newTestRand(uint64(1000 * tau))
		for s := 0; s < sets; s++ {
			x := make([]float64, n)
			y := make([]float64, n)
			for i := range y {
				x[i] = 10 * r.Float64()
				y[i] = 1 + 2*x[i] + (1+x[i]/2)*r.NormFloat64()
			}
			d := mustDesign(t, []string{"x"}, [][]float64{x}, y, true)
			f, err := QuantReg(d, QuantRegOptions{Tau: tau})
			mustNo(t, err)
			inf, err := f.Inference(d, QuantRegInferenceOptions{SE: QuantRegSEBoot,
				Boot: BootOptions{Replicates: reps, Seed: uint64(s)}})
			mustNo(t, err)
			for j, c := range inf.Coefs {
				if c.Lower <= truth[j] && truth[j] <= c.Upper {
					wald[j]++
				}
				if inf.Boot.PercentileLower[j] <= truth[j] && truth[j] <= inf.Boot.PercentileUpper[j] {
					pct[j]++
				}
			}
		}
		mc := math.Sqrt(0.95 * 0.05 / float64(sets))
		for j, name := range []string{"intercept", "slope"} {
			cw, cp := float64(wald[j])/float64(sets), float64(pct[j])/float64(sets)
			t.Logf("tau %v %s: coverage of the 95%% t interval %.3f, percentile %.3f (%d data sets of %d rows, %d replicates; Monte Carlo se %.3f)",
				tau, name, cw, cp, sets, n, reps, mc)
			// Four Monte Carlo standard errors, plus 1.5 points for the
			// known small-sample undercoverage of bootstrap intervals.
			le(t, math.Abs(cw-0.95), 4*mc+0.015, "tau %v %s t interval", tau, name)
			le(t, math.Abs(cp-0.95), 4*mc+0.015, "tau %v %s percentile interval", tau, name)
		}
	}
}
