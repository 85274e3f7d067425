package calibrate

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

var conformalCoverage = flag.Int("conformalcoverage", 0, "replications of the budget-range coverage simulation (0: the short default; the study in the package doc used 200)")

// The coverage of budget ranges, by simulation.
//
// Each replication draws n assessments with planned costs from package
// synth's known cost model (the points model's questionnaire; linear mean
// in the domain scores, setting, cohort, age and informal help;
// multiplicative skewed noise, 3.4% zero costs, 0.25% outliers ×8–15),
// builds a design (zero costs excluded), calibrates a range with Conformal
// and assesses m further synthetic people (indices n to n+m−1 of the same
// population: held out, never seen by the fit or the calibration), with a
// positive planned cost, counting those whose planned cost lies in the
// range the engine shows (ends included).
//
// Monte Carlo error. For split conformal with n_g calibration cases in a
// group and continuous scores, the coverage given the calibration cases is
// Beta(k, n_g + 1 − k), k = ⌈(n_g+1)·level⌉, with variance k(n_g+1−k) /
// ((n_g+1)²(n_g+2)) (Vovk 2012; Angelopoulos and Bates 2023, Section 3.2);
// the share covered among m_g test people adds level(1 − level)/m_g. The
// standard error of the mean coverage over R replications is the root of
// the summed variances over R; overall, the groups' Beta variances are
// weighted by the squares of their test shares. The expected coverage lies
// in [level, level + 1/(n_g+1)] (no ties), so each mean must lie within 3
// standard errors of that interval: a test that fails with probability
// about 0.3% per check when the method is right. The same standard errors
// are printed for cross-validation, which has no exact theory (see
// Conformal), beside the empirical standard error across replications; its
// check uses the larger of the two.
type simConfig struct {
	name   string
	method ConformalMethod
	score  ras.RangeScore
	fit    ModelFitter
}

type simCell struct {
	cv                         bool // cross-validation: no exact theory
	info                       bool // by amount: reported, not checked (no guarantee)
	cov, theoVar, upper, width []float64
}

type simKey struct {
	config string
	level  float64
	group  string
}

// runCoverageSim runs the simulation; with byAmount it also reports the
// coverage by thirds of the model's amount (the terciles of the held-out
// people's amounts in each replication), which no method guarantees.
func runCoverageSim(t *testing.T, configs []simConfig, levels []float64, reps, n, m int, seed0 uint64, byAmount bool) (map[simKey]*simCell, []simKey) {
	t.Helper()
	cells := map[simKey]*simCell{}
	var order []simKey
	cell := func(k simKey) *simCell {
		c := cells[k]
		if c == nil {
			c = &simCell{}
			cells[k] = c
			order = append(order, k)
		}
		return c
	}
	for rep := range reps {
		seed := seed0 + uint64(rep)
		src, cs := synthAssessments(t, ras.ModelPoints, n+m, seed, nil)
		as := assessmentsOf(cs)
		d, err := BuildDesign(src, as[:n], simSpec())
		mustNo(t, err)
		var test []*ras.Assessment
		for i := n; i < n+m; i++ {
			if as[i].PlannedWeekly != nil && as[i].PlannedWeekly.IsPositive() {
				test = append(test, &as[i])
			}
		}
		for _, cfg := range configs {
			for _, level := range levels {
				res, err := Conformal(d, as[:n], cfg.fit, ConformalOptions{Level: level, Method: cfg.method, Score: cfg.score, Seed: seed})
				if err != nil {
					t.Fatalf("%s, level %v, replication %d: %v", cfg.name, level, rep, err)
				}
				eng, err := ras.Compile(res.Model)
				mustNo(t, err)
				type count struct {
					n, in int
					width float64
				}
				counts := map[string]*count{}
				type person struct {
					amount, width float64
					in            bool
				}
				people := make([]person, 0, len(test))
				var r ras.Result
				for _, a := range test {
					mustNo(t, eng.AssessInto(a, &r, ras.AssessOptions{}))
					lo, hi, ok := r.RangePence()
					if !ok {
						t.Fatalf("%s: test assessment %s (%s) has no range", cfg.name, a.ID, a.Cohort)
					}
					y := a.PlannedWeekly.Shift(2).IntPart() // whole pence (synth rounds to pence)
					for _, g := range []string{"overall", string(a.Cohort)} {
						c := counts[g]
						if c == nil {
							c = &count{}
							counts[g] = c
						}
						c.n++
						c.width += float64(hi-lo) / 100
						if lo <= y && y <= hi {
							c.in++
						}
					}
					people = append(people, person{r.ExactBeforeLimits().InexactFloat64(), float64(hi-lo) / 100, lo <= y && y <= hi})
				}
				if byAmount {
					amounts := make([]float64, len(people))
					for i, p := range people {
						amounts[i] = p.amount
					}
					slices.Sort(amounts)
					cut1, cut2 := amounts[len(amounts)/3], amounts[2*len(amounts)/3]
					for _, p := range people {
						g := "amount: lowest third"
						switch {
						case p.amount >= cut2:
							g = "amount: highest third"
						case p.amount >= cut1:
							g = "amount: middle third"
						}
						x := cell(simKey{cfg.name, level, g})
						x.info = true
						if len(x.cov) <= rep {
							x.cov, x.width, x.theoVar, x.upper = append(x.cov, 0), append(x.width, 0), append(x.theoVar, 0), append(x.upper, 0)
						}
						// Sums for now; divided by the count below.
						if p.in {
							x.cov[rep]++
						}
						x.width[rep] += p.width
						x.upper[rep]++ // the count
					}
					for _, g := range []string{"amount: lowest third", "amount: middle third", "amount: highest third"} {
						x := cells[simKey{cfg.name, level, g}]
						x.cov[rep] /= x.upper[rep]
						x.width[rep] /= x.upper[rep]
						x.upper[rep] = 0
					}
				}
				// Beta variances and upper bounds per group.
				betaVar := map[string]float64{}
				upper := map[string]float64{}
				for _, g := range res.Groups {
					nn, k := float64(g.N), float64(g.Rank)
					betaVar[g.Group] = k * (nn + 1 - k) / ((nn + 1) * (nn + 1) * (nn + 2))
					upper[g.Group] = 1 / (nn + 1)
				}
				total := float64(counts["overall"].n)
				var overallVar, overallUpper float64
				for g, c := range counts {
					if g == "overall" {
						continue
					}
					w := float64(c.n) / total
					overallVar += w * w * betaVar[g]
					overallUpper += w * upper[g]
				}
				for g, c := range counts {
					p := float64(c.in) / float64(c.n)
					x := cell(simKey{cfg.name, level, g})
					x.cv = cfg.method == CrossValidationConformal
					x.cov = append(x.cov, p)
					x.width = append(x.width, c.width/float64(c.n))
					binom := level * (1 - level) / float64(c.n)
					if g == "overall" {
						x.theoVar = append(x.theoVar, overallVar+binom)
						x.upper = append(x.upper, overallUpper)
					} else {
						x.theoVar = append(x.theoVar, betaVar[g]+binom)
						x.upper = append(x.upper, upper[g])
					}
				}
			}
		}
	}
	return cells, order
}

// checkCoverage checks every cell and writes the table.
func checkCoverage(t *testing.T, cells map[simKey]*simCell, order []simKey, reps int) string {
	t.Helper()
	slices.SortStableFunc(order, func(a, b simKey) int {
		if a.config != b.config {
			return 0 // keep the configurations in the order they ran
		}
		if a.level != b.level {
			return int(math.Copysign(1, a.level-b.level))
		}
		rank := func(g string) int {
			switch {
			case g == "overall":
				return 0
			case strings.HasPrefix(g, "amount: "):
				return 2
			}
			return 1
		}
		if ra, rb := rank(a.group), rank(b.group); ra != rb || ra == 2 {
			return ra - rb // the thirds keep their order
		}
		return strings.Compare(a.group, b.group)
	})
	var b strings.Builder
	fmt.Fprintf(&b, "| method | level | group | coverage | MC s.e. (theory) | s.e. (empirical) | expected | mean width £/week |\n|---|---|---|---|---|---|---|---|\n")
	for _, k := range order {
		c := cells[k]
		if c.info {
			cov := mean(c.cov)
			var ss float64
			for _, x := range c.cov {
				ss += (x - cov) * (x - cov)
			}
			r := float64(len(c.cov))
			fmt.Fprintf(&b, "| %s | %.0f%% | %s | %.4f | — | %.4f | (not guaranteed) | %.2f |\n", k.config, 100*k.level, k.group, cov, math.Sqrt(ss/(r-1)/r), mean(c.width))
			continue
		}
		r := float64(len(c.cov))
		cov := mean(c.cov)
		se := math.Sqrt(mean(c.theoVar) / r)
		var ss float64
		for _, x := range c.cov {
			ss += (x - cov) * (x - cov)
		}
		seEmp := math.Sqrt(ss / (r - 1) / r)
		hi := k.level + mean(c.upper)
		tol := se
		if c.cv {
			tol = max(se, seEmp)
		}
		fmt.Fprintf(&b, "| %s | %.0f%% | %s | %.4f | %.4f | %.4f | %.4f–%.4f | %.2f |\n", k.config, 100*k.level, k.group, cov, se, seEmp, k.level, hi, mean(c.width))
		if cov < k.level-3*tol || cov > hi+3*tol {
			t.Errorf("%s, level %v, %s: mean coverage %.4f over %d replications is outside [%.4f, %.4f] ± 3 × %.4f", k.config, k.level, k.group, cov, reps, k.level, hi, tol)
		}
	}
	return b.String()
}

// TestConformalCoverage: the stated coverage holds, within Monte Carlo
// error, overall and in each cohort, at 80% and 90%, on held-out synthetic
// people. The default is short (split conformal with OLS and the log score);
// -conformalcoverage=R runs R replications of every method and score (the
// table in the package doc).
func TestConformalCoverage(t *testing.T) {
	reps, n, m := 10, 1500, 2000
	configs := []simConfig{{"split, OLS, log score", SplitConformal, ras.ScoreLog, FitOLS(ExportOptions{})}}
	if raceEnabled {
		reps = 3
	}
	if *conformalCoverage > 0 {
		reps, n, m = *conformalCoverage, 4000, 4000
		configs = append(configs,
			simConfig{"split, OLS, absolute score", SplitConformal, ras.ScoreAbsolute, FitOLS(ExportOptions{})},
			simConfig{"split, OLS on log cost (smearing by cohort), relative score", SplitConformal, ras.ScoreRelative, FitLog(LogSmearing, "cohort", ExportOptions{})},
			simConfig{"split, OLS on √cost (+σ²), log score", SplitConformal, ras.ScoreLog, FitSqrt(SqrtVariance, ExportOptions{})},
			simConfig{"split, Gamma GLM (log link), log score", SplitConformal, ras.ScoreLog, FitGLM(GLMOptions{Family: Gamma, Link: Log}, ExportOptions{})},
			simConfig{"10-fold CV, OLS, log score", CrossValidationConformal, ras.ScoreLog, FitOLS(ExportOptions{})},
			simConfig{"10-fold CV, OLS, absolute score", CrossValidationConformal, ras.ScoreAbsolute, FitOLS(ExportOptions{})},
		)
	}
	cells, order := runCoverageSim(t, configs, []float64{0.8, 0.9}, reps, n, m, 1000, *conformalCoverage > 0)
	table := checkCoverage(t, cells, order, reps)
	t.Logf("coverage over %d replications (n = %d assessments to fit and calibrate, %d held-out people each):\n%s", reps, n, m, table)
}
