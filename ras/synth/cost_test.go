package synth

import (
	"encoding/csv"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"github.com/stonesoup-care/stonesoup/ras"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestDefaultCostModel: a model with gen_synth.R's domains gets its prices
// exactly, and the other defaults are gen_synth.R's.
func TestDefaultCostModel(t *testing.T) {
	cm := DefaultCostModel(parseModel(t, genSynthModelJSON()))
	for k, d := range genSynthDomains {
		if cm.DomainCoef[d.id] != genSynthPrices[k] {
			t.Errorf("coefficient of %s = %v, want %v", d.id, cm.DomainCoef[d.id], genSynthPrices[k])
		}
	}
	want := map[ras.LivingSetting]float64{ras.SettingHomeAlone: 0, ras.SettingHomeFamily: -40, ras.SettingSupportedLiving: 220, ras.SettingResidential: 380}
	for s, v := range want {
		if cm.SettingEffect[s] != v {
			t.Errorf("setting effect of %s = %v, want %v", s, cm.SettingEffect[s], v)
		}
	}
	if cm.Intercept != 60 || cm.AgeKnot != 65 || cm.AgeSlope != 1.5 || cm.InformalCoef != 3 || cm.Floor != 25 || !cm.ApplyFloor ||
		!cm.Noise || cm.GammaShare != 0.8 || cm.GammaShape != 4 || cm.LogMeanlog != -0.125 || cm.LogSdlog != 0.5 ||
		cm.ZeroShare != 0.034 || cm.OutlierMin != 8 || cm.OutlierMax != 15 {
		t.Errorf("defaults differ from gen_synth.R: %+v", cm)
	}
	if err := cm.Validate(); err != nil {
		t.Error(err)
	}
	// Rich model: domains contribute 726 in all at their maxima.
	m := parseModel(t, richModelJSON)
	_, ds := plan(m)
	cm = DefaultCostModel(m)
	var total float64
	for _, d := range ds {
		total += cm.DomainCoef[d.id] * d.max
	}
	if math.Abs(total-726) > 0.05 {
		t.Errorf("rich model: domains at their maxima give %v, want 726", total)
	}
	if len(DefaultCostModel(nil).DomainCoef) != 0 {
		t.Error("nil model has domain coefficients")
	}
}

// TestCostMechanics: each case's cost follows its recorded truth; turning
// zeros and outliers off changes nothing else.
func TestCostMechanics(t *testing.T) {
	m := parseModel(t, richModelJSON)
	def, err := New(m, Options{Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	cm := DefaultCostModel(m)
	cm.ZeroShare, cm.OutlierShare, cm.Noise = 0, 0, false
	plain, err := New(m, Options{Seed: 4, Cost: &cm})
	if err != nil {
		t.Fatal(err)
	}
	a, b := def.Slice(3000), plain.Slice(3000)
	for k := range a {
		x, y := &a[k], &b[k]
		if x.Mu != y.Mu || x.MuRaw != y.MuRaw || !slices.Equal(x.DomainScores, y.DomainScores) {
			t.Fatalf("case %d: truth changed with the switches", x.Index)
		}
		// Recompute Mu by hand from the documented formula.
		mu := 60.0
		for d, s := range x.DomainScores {
			mu += cm.DomainCoef[m.Domains[d].ID] * s
		}
		mu += cm.SettingEffect[x.Assessment.Person.LivingSetting] + cm.CohortEffect[x.Assessment.Cohort] +
			1.5*math.Max(float64(x.Age)-65, 0) - 3*x.Assessment.InformalHours("")
		if math.Abs(mu-x.MuRaw) > 1e-9 || math.Abs(x.Mu-math.Max(mu, 25)) > 1e-9 {
			t.Fatalf("case %d: MuRaw %v Mu %v, want %v", x.Index, x.MuRaw, x.Mu, mu)
		}
		want := x.Mu * x.Noise
		switch {
		case x.Zero:
			want = 0
		case x.Outlier:
			if x.OutlierFactor < 8 || x.OutlierFactor > 15 {
				t.Fatalf("case %d: outlier factor %v", x.Index, x.OutlierFactor)
			}
			want *= x.OutlierFactor
		}
		if math.Abs(x.Cost-want) > 0.005+1e-9 || x.Assessment.PlannedWeekly.StringFixed(2) != strconv.FormatFloat(x.Cost, 'f', 2, 64) {
			t.Fatalf("case %d: cost %v (planned %v), want %v", x.Index, x.Cost, x.Assessment.PlannedWeekly, want)
		}
		if y.Zero || y.Outlier || y.Noise != 1 || math.Abs(y.Cost-y.Mu) > 0.005+1e-9 {
			t.Fatalf("case %d: plain cost %+v", y.Index, y)
		}
	}
}

// TestCostShares: zeros 3.4 %, outliers 0.25 % of the others, noise mean 1
// and variance 0.8·(1/4) + 0.2·(e^0.25 − 1) (the mixture's components both
// have mean 1).
func TestCostShares(t *testing.T) {
	g := newGen(t, genSynthModelJSON(), Options{Seed: 10})
	const n = 40_000
	zeros, outliers, nonzero := 0, 0, 0
	var noise []float64
	for c := range g.Cases(n) {
		noise = append(noise, c.Noise)
		if c.Zero {
			zeros++
			continue
		}
		nonzero++
		if c.Outlier {
			outliers++
		}
	}
	propWithin(t, "zero share", zeros, n, 0.034)
	propWithin(t, "outlier share of non-zero costs", outliers, nonzero, 0.0025)
	v := 0.8*0.25 + 0.2*(math.Exp(0.25)-1)
	zWithin(t, "mean noise", meanOf(noise), 1, math.Sqrt(v/n))
}

// TestGammaSampler compares the gamma sampler with gonum's Gamma CDF by a
// one-sample Kolmogorov–Smirnov test at α = 0.001.
func TestGammaSampler(t *testing.T) {
	for _, tc := range []struct{ shape, rate float64 }{{4, 4}, {2, 0.12}, {0.5, 1}, {1, 2}} {
		g := newRNG(99, int(tc.shape*100), 7)
		const n = 20_000
		x := make([]float64, n)
		for k := range x {
			x[k] = g.gamma(tc.shape, tc.rate)
		}
		slices.Sort(x)
		ref := distuv.Gamma{Alpha: tc.shape, Beta: tc.rate}
		var d float64
		for k, v := range x {
			f := ref.CDF(v)
			d = math.Max(d, math.Max(float64(k+1)/n-f, f-float64(k)/n))
		}
		if crit := 1.949 / math.Sqrt(n); d > crit {
			t.Errorf("Gamma(%v, %v): KS D = %.4f > %.4f", tc.shape, tc.rate, d, crit)
		}
	}
}

// TestRecovery: with the noise on but no zeros, outliers or floor, OLS of
// cost on the cost model's covariates recovers its coefficients. The noise
// is multiplicative, so the errors are heteroscedastic and the standard
// errors are HC1 (sandwich::vcovHC type "HC1"). Each coefficient must lie
// within its Bonferroni-adjusted 99 % interval (family-wise 1 %), and the
// joint Wald test must not reject at 0.1 %.
func TestRecovery(t *testing.T) {
	n := 50_000
	if testing.Short() {
		n = 20_000
	}
	for _, tc := range []struct {
		name    string
		js      string
		cohorts []ras.Cohort
	}{
		{"gen_synth/adults", genSynthModelJSON(), nil},
		{"rich/all_cohorts", richModelJSON, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := parseModel(t, tc.js)
			cm := DefaultCostModel(m)
			cm.ZeroShare, cm.OutlierShare, cm.ApplyFloor = 0, 0, false
			g, err := New(m, Options{Seed: 2024, Cost: &cm, Cohorts: tc.cohorts})
			if err != nil {
				t.Fatal(err)
			}
			// Columns: intercept, domains (those that score), settings but
			// home_alone, cohorts but adult, max(age − 65, 0), informal hours.
			var names []string
			var truth []float64
			names, truth = append(names, "intercept"), append(truth, cm.Intercept)
			_, ds := plan(m)
			var doms []int
			for k, d := range ds {
				if d.max > 0 {
					doms = append(doms, k)
					names, truth = append(names, d.id), append(truth, cm.DomainCoef[d.id])
				}
			}
			var sets []ras.LivingSetting
			var cohs []ras.Cohort
			cases := g.Slice(n)
			seenS, seenC := map[ras.LivingSetting]bool{}, map[ras.Cohort]bool{}
			for k := range cases {
				seenS[cases[k].Assessment.Person.LivingSetting] = true
				seenC[cases[k].Assessment.Cohort] = true
			}
			for _, s := range ras.LivingSettings()[1:] {
				if seenS[s] {
					sets = append(sets, s)
					names, truth = append(names, string(s)), append(truth, cm.SettingEffect[s]-cm.SettingEffect[ras.SettingHomeAlone])
				}
			}
			for _, c := range ras.Cohorts()[1:] {
				if seenC[c] {
					cohs = append(cohs, c)
					names, truth = append(names, string(c)), append(truth, cm.CohortEffect[c]-cm.CohortEffect[ras.CohortAdult])
				}
			}
			names, truth = append(names, "age_over_65", "informal_hours"), append(truth, cm.AgeSlope, -cm.InformalCoef)
			truth[0] += cm.SettingEffect[ras.SettingHomeAlone] + cm.CohortEffect[ras.CohortAdult]
			p := len(names)
			x := mat.NewDense(n, p, nil)
			y := make([]float64, n)
			for i := range cases {
				c := &cases[i]
				row := x.RawRowView(i)
				row[0] = 1
				col := 1
				for _, d := range doms {
					row[col] = c.DomainScores[d]
					col++
				}
				for _, s := range sets {
					if c.Assessment.Person.LivingSetting == s {
						row[col] = 1
					}
					col++
				}
				for _, h := range cohs {
					if c.Assessment.Cohort == h {
						row[col] = 1
					}
					col++
				}
				row[col] = math.Max(float64(c.Age)-65, 0)
				row[col+1] = c.Assessment.InformalHours("")
				y[i] = c.Cost
			}
			beta, cov := olsHC1(t, x, y)
			zc := stats.NormalQuantile(1 - 0.01/(2*float64(p)))
			diff := make([]float64, p)
			for j := range p {
				se := math.Sqrt(cov.At(j, j))
				diff[j] = beta[j] - truth[j]
				t.Logf("%-26s truth %9.3f  estimate %9.3f  HC1 SE %7.3f  z %6.2f", names[j], truth[j], beta[j], se, diff[j]/se)
				if math.Abs(diff[j]) > zc*se {
					t.Errorf("%s: estimate %.3f, truth %.3f, HC1 SE %.3f: |z| = %.2f > %.2f", names[j], beta[j], truth[j], se, math.Abs(diff[j])/se, zc)
				}
			}
			var ch mat.Cholesky
			if !ch.Factorize(cov) {
				t.Fatal("HC1 covariance not positive definite")
			}
			var w mat.VecDense
			if err := ch.SolveVecTo(&w, mat.NewVecDense(p, diff)); err != nil {
				t.Fatal(err)
			}
			wald := mat.Dot(&w, mat.NewVecDense(p, diff))
			if pv := stats.ChiSquareSurvival(wald, float64(p)); pv < 0.001 {
				t.Errorf("joint Wald test: χ²(%d) = %.1f, p = %.2g", p, wald, pv)
			}
		})
	}
}

// olsHC1 returns the OLS coefficients of y on x and their HC1 covariance,
// (X'X)⁻¹ X' diag(e²) X (X'X)⁻¹ · n/(n − p).
func olsHC1(t *testing.T, x *mat.Dense, y []float64) ([]float64, *mat.SymDense) {
	t.Helper()
	n, p := x.Dims()
	var qr mat.QR
	qr.Factorize(x)
	var b mat.VecDense
	if err := qr.SolveVecTo(&b, false, mat.NewVecDense(n, y)); err != nil {
		t.Fatal(err)
	}
	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var ch mat.Cholesky
	if !ch.Factorize(&xtx) {
		t.Fatal("X'X is singular")
	}
	var inv mat.SymDense
	if err := ch.InverseTo(&inv); err != nil {
		t.Fatal(err)
	}
	meat := mat.NewSymDense(p, nil)
	for i := range n {
		row := x.RawRowView(i)
		e := y[i] - mat.Dot(mat.NewVecDense(p, row), &b)
		meat.SymRankOne(meat, e*e, mat.NewVecDense(p, row))
	}
	var tmp, cov mat.Dense
	tmp.Mul(&inv, meat)
	cov.Mul(&tmp, &inv)
	cov.Scale(float64(n)/float64(n-p), &cov)
	out := mat.NewSymDense(p, nil)
	for i := range p {
		for j := i; j < p; j++ {
			out.SetSym(i, j, (cov.At(i, j)+cov.At(j, i))/2)
		}
	}
	return b.RawVector().Data, out
}

// TestAgainstGenSynthR compares adults generated with a gen_synth.R-shaped
// model and the default cost model against the 5,000 rows gen_synth.R
// wrote (testdata/gen_synth_assess.csv). Means and proportions must agree
// within 4 two-sample standard errors, correlations within 4 SE of Fisher's
// z, and the cost distributions by a two-sample Kolmogorov–Smirnov test at
// α = 0.001. About 20 comparisons at about 6·10⁻⁵ each: a family-wise
// false alarm rate near 0.15 %.
func TestAgainstGenSynthR(t *testing.T) {
	r := readGenSynth(t)
	g := newGen(t, genSynthModelJSON(), Options{Seed: 77})
	const n = 20_000
	mine := map[string][]float64{}
	for c := range g.Cases(n) {
		for k, d := range genSynthDomains {
			mine[d.id] = append(mine[d.id], c.DomainScores[k])
		}
		s := c.Assessment.Person.LivingSetting
		mine["age"] = append(mine["age"], float64(c.Age))
		mine["informal_hours"] = append(mine["informal_hours"], c.InformalHours)
		mine["setting_home_family"] = append(mine["setting_home_family"], b2f(s == ras.SettingHomeFamily))
		mine["setting_supported_living"] = append(mine["setting_supported_living"], b2f(s == ras.SettingSupportedLiving))
		mine["setting_residential"] = append(mine["setting_residential"], b2f(s == ras.SettingResidential))
		mine["cost"] = append(mine["cost"], c.Cost)
	}
	for _, col := range []string{"d1_personal_care", "d2_mobility", "d3_nutrition", "d4_continence", "d5_communication",
		"d6_behaviour", "d7_medication", "d8_social", "age", "informal_hours", "setting_home_family",
		"setting_supported_living", "setting_residential"} {
		twoSample(t, "mean "+col, mine[col], r[col])
	}
	zeroOf := func(x []float64) []float64 {
		out := make([]float64, len(x))
		for i, v := range x {
			out[i] = b2f(v == 0)
		}
		return out
	}
	twoSample(t, "share of zero informal hours", zeroOf(mine["informal_hours"]), zeroOf(r["informal_hours"]))
	twoSample(t, "share of zero costs", zeroOf(mine["cost"]), zeroOf(r["cost"]))
	for _, pair := range [][2]string{{"d1_personal_care", "d2_mobility"}, {"d1_personal_care", "d6_behaviour"}, {"d3_nutrition", "d8_social"}} {
		r1, r2 := pearson(mine[pair[0]], mine[pair[1]]), pearson(r[pair[0]], r[pair[1]])
		se := math.Sqrt(1/float64(n-3) + 1/float64(len(r[pair[0]])-3))
		if z := (math.Atanh(r1) - math.Atanh(r2)) / se; math.Abs(z) > 4 {
			t.Errorf("corr(%s, %s) = %.3f, R %.3f (z = %.2f)", pair[0], pair[1], r1, r2, z)
		}
	}
	for _, col := range []string{"cost", "informal_hours"} {
		if d, crit := ks2(mine[col], r[col]); d > crit {
			t.Errorf("%s: two-sample KS D = %.4f > %.4f", col, d, crit)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func twoSample(t *testing.T, what string, a, b []float64) {
	t.Helper()
	va, vb := variance(a), variance(b)
	se := math.Sqrt(va/float64(len(a)) + vb/float64(len(b)))
	if z := (meanOf(a) - meanOf(b)) / se; math.Abs(z) > 4 {
		t.Errorf("%s = %.4g, R %.4g (z = %.2f)", what, meanOf(a), meanOf(b), z)
	}
}

func variance(x []float64) float64 {
	m := meanOf(x)
	var s float64
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return s / float64(len(x)-1)
}

// ks2 returns the two-sample Kolmogorov–Smirnov statistic and its critical
// value at α = 0.001 (c(α) = √(−ln(α/2)/2) = 1.949; conservative with ties).
func ks2(a, b []float64) (d, crit float64) {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		v := math.Min(a[i], b[j])
		for i < len(a) && a[i] == v {
			i++
		}
		for j < len(b) && b[j] == v {
			j++
		}
		d = math.Max(d, math.Abs(float64(i)/float64(len(a))-float64(j)/float64(len(b))))
	}
	na, nb := float64(len(a)), float64(len(b))
	return d, 1.949 * math.Sqrt((na+nb)/(na*nb))
}

func readGenSynth(t *testing.T) map[string][]float64 {
	t.Helper()
	f, err := os.Open("testdata/gen_synth_assess.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]float64{}
	for _, row := range rows[1:] {
		for k, name := range rows[0] {
			v, err := strconv.ParseFloat(row[k], 64)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out[name] = append(out[name], v)
		}
	}
	if len(out["cost"]) != 5000 {
		t.Fatalf("%d rows, want 5000", len(out["cost"]))
	}
	return out
}
