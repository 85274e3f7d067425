package synth

import (
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
)

// CostModel is the known model planned weekly costs are drawn from. For
// person i with domain scores d (Case.DomainScores), living setting s,
// cohort c, age a and informal hours h a week:
//
//	MuRaw = Intercept + Σ DomainCoef[d]·d + SettingEffect[s] + CohortEffect[c]
//	        + AgeSlope·max(a − AgeKnot, 0) − InformalCoef·h
//	Mu    = max(MuRaw, Floor) if ApplyFloor, else MuRaw
//	cost  = Mu × noise               (noise = 1 if !Noise)
//	cost  = 0 with probability ZeroShare (no paid service);
//	        else × U(OutlierMin, OutlierMax) with probability OutlierShare
//
// then rounded to pence (see Case.Cost). The noise is a mixture: with
// probability GammaShare Gamma(shape GammaShape, rate GammaShape), mean 1;
// otherwise lognormal(LogMeanlog, LogSdlog), mean exp(LogMeanlog +
// LogSdlog²/2), 1 with the defaults. So E[cost | covariates] = Mu when zeros
// and outliers are off.
//
// Unlike Options, a CostModel is used exactly as given: every field is
// literal (a zero coefficient is zero) and a domain, setting or cohort
// missing from a map has effect 0. Start from DefaultCostModel and change
// what you need.
type CostModel struct {
	Intercept float64 `json:"intercept"`
	// DomainCoef gives pounds a week per point of domain score, by domain
	// id.
	DomainCoef    map[string]float64            `json:"domain_coef"`
	SettingEffect map[ras.LivingSetting]float64 `json:"setting_effect"`
	CohortEffect  map[ras.Cohort]float64        `json:"cohort_effect"`
	AgeKnot       float64                       `json:"age_knot"`
	AgeSlope      float64                       `json:"age_slope"`
	InformalCoef  float64                       `json:"informal_coef"`
	Floor         float64                       `json:"floor"`
	ApplyFloor    bool                          `json:"apply_floor"`
	Noise         bool                          `json:"noise"`
	GammaShare    float64                       `json:"gamma_share"`
	GammaShape    float64                       `json:"gamma_shape"`
	LogMeanlog    float64                       `json:"log_meanlog"`
	LogSdlog      float64                       `json:"log_sdlog"`
	ZeroShare     float64                       `json:"zero_share"`
	OutlierShare  float64                       `json:"outlier_share"`
	OutlierMin    float64                       `json:"outlier_min"`
	OutlierMax    float64                       `json:"outlier_max"`
}

// genSynthContribution is, per domain of gen_synth.R, its price per point
// times its maximum points: 18·12, 12·10, 8·6, 10·8, 6·6, 15·10, 5·4, 7·8.
// Their sum is 726 (pounds a week at the maximum in every domain).
var genSynthContribution = [...]float64{216, 120, 48, 80, 36, 150, 20, 56}

// DefaultCostModel returns the default cost model for m, mirroring
// gen_synth.R:
//
//   - Intercept 60; AgeKnot 65, AgeSlope 1.5; InformalCoef 3; Floor 25,
//     applied.
//   - DomainCoef: the n domains that can score (see Case.DomainScores)
//     share 726 pounds a week at their maxima in the proportions of
//     gen_synth.R's eight domains, w = (216, 120, 48, 80, 36, 150, 20, 56)
//     taken in turn (repeated for more than eight): the k-th scoring domain,
//     with maximum score M, gets 726·w_k/(w_0 + … + w_{n−1})/M pounds a week
//     per point, rounded to 0.0001. A model with gen_synth.R's eight domains
//     and maxima (12, 10, 6, 8, 6, 10, 4, 8) gets its prices exactly: 18,
//     12, 8, 10, 6, 15, 5, 7. Domains that cannot score get no coefficient.
//   - SettingEffect: home_alone 0, home_family −40, supported_living 220,
//     residential 380 (gen_synth.R), nursing 600 (residential plus about the
//     NHS Funded Nursing Care rate, £219.71 a week in 2023/24).
//   - CohortEffect: adult social care 0, continuing healthcare 250, carers
//     −40, children 0 (invented, for realism).
//   - Noise on: GammaShare 0.8, GammaShape 4, LogMeanlog −0.125, LogSdlog 0.5.
//   - ZeroShare 0.034; OutlierShare 0.0025 (of non-zero costs; gen_synth.R
//     has 12 in 4,829), OutlierMin 8, OutlierMax 15.
//
// A nil model gives no domain coefficients.
func DefaultCostModel(m *ras.Model) CostModel {
	cm := CostModel{
		Intercept:  60,
		DomainCoef: map[string]float64{},
		SettingEffect: map[ras.LivingSetting]float64{
			ras.SettingHomeAlone: 0, ras.SettingHomeFamily: -40, ras.SettingSupportedLiving: 220,
			ras.SettingResidential: 380, ras.SettingNursing: 600,
		},
		CohortEffect: map[ras.Cohort]float64{
			ras.CohortAdult: 0, ras.CohortCHC: 250, ras.CohortCarer: -40, ras.CohortChildren: 0,
		},
		AgeKnot: 65, AgeSlope: 1.5, InformalCoef: 3,
		Floor: 25, ApplyFloor: true,
		Noise: true, GammaShare: 0.8, GammaShape: 4, LogMeanlog: -0.125, LogSdlog: 0.5,
		ZeroShare: 0.034, OutlierShare: 0.0025, OutlierMin: 8, OutlierMax: 15,
	}
	if m == nil {
		return cm
	}
	_, ds := plan(m)
	var sum float64
	n := 0
	for _, d := range ds {
		if d.max > 0 {
			sum += genSynthContribution[n%len(genSynthContribution)]
			n++
		}
	}
	k := 0
	for _, d := range ds {
		if d.max <= 0 {
			continue
		}
		w := genSynthContribution[k%len(genSynthContribution)] / sum
		cm.DomainCoef[d.id] = math.Round(726*w/d.max*1e4) / 1e4
		k++
	}
	return cm
}

// Validate checks that every number is finite, shares lie in [0, 1], the
// noise parameters are positive when the noise is on, the outlier factors
// are positive and ordered, and the map keys are known settings and
// cohorts. Errors unwrap to ErrInvalidOptions.
func (cm *CostModel) Validate() error {
	bad := func(field, msg string, args ...any) error {
		return fmt.Errorf("synth: cost.%s: %s: %w", field, fmt.Sprintf(msg, args...), ErrInvalidOptions)
	}
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	for _, f := range []struct {
		name string
		v    float64
	}{{"intercept", cm.Intercept}, {"age_knot", cm.AgeKnot}, {"age_slope", cm.AgeSlope},
		{"informal_coef", cm.InformalCoef}, {"floor", cm.Floor}, {"log_meanlog", cm.LogMeanlog}} {
		if !finite(f.v) {
			return bad(f.name, "%v is not finite", f.v)
		}
	}
	for _, k := range sortedKeys(cm.DomainCoef) {
		if v := cm.DomainCoef[k]; !finite(v) {
			return bad("domain_coef."+k, "%v is not finite", v)
		}
	}
	for _, s := range ras.LivingSettings() {
		if v, ok := cm.SettingEffect[s]; ok && !finite(v) {
			return bad("setting_effect."+string(s), "%v is not finite", v)
		}
	}
	for s := range cm.SettingEffect {
		if !s.Valid() {
			return bad("setting_effect", "unknown living setting %q", s)
		}
	}
	for _, c := range ras.Cohorts() {
		if v, ok := cm.CohortEffect[c]; ok && !finite(v) {
			return bad("cohort_effect."+string(c), "%v is not finite", v)
		}
	}
	for c := range cm.CohortEffect {
		if !c.Valid() {
			return bad("cohort_effect", "unknown cohort %q", c)
		}
	}
	share := func(name string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return bad(name, "%v is not between 0 and 1", v)
		}
		return nil
	}
	if err := share("zero_share", cm.ZeroShare); err != nil {
		return err
	}
	if err := share("outlier_share", cm.OutlierShare); err != nil {
		return err
	}
	if cm.Noise {
		if err := share("gamma_share", cm.GammaShare); err != nil {
			return err
		}
		if !(cm.GammaShape > 0) || !finite(cm.GammaShape) {
			return bad("gamma_shape", "%v must be positive and finite", cm.GammaShape)
		}
		if !(cm.LogSdlog >= 0) || !finite(cm.LogSdlog) {
			return bad("log_sdlog", "%v must be non-negative and finite", cm.LogSdlog)
		}
	}
	if cm.OutlierShare > 0 {
		if !(cm.OutlierMin > 0) || !finite(cm.OutlierMax) || cm.OutlierMax < cm.OutlierMin {
			return bad("outlier_min", "outlier factors must satisfy 0 < outlier_min ≤ outlier_max < ∞, not %v and %v", cm.OutlierMin, cm.OutlierMax)
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// drawCost draws the planned cost of case c from its own random stream. The
// stream draws the same numbers whatever the switches, so turning zeros,
// outliers or noise off changes nothing else.
func (g *Generator) drawCost(r *rng, c *Case) {
	cm := &g.cm
	uZero, uOut, uFactor, uMix := r.float(), r.float(), r.float(), r.float()
	var noise float64
	if uMix < cm.GammaShare {
		noise = r.gamma(cm.GammaShape, cm.GammaShape)
	} else {
		noise = r.lognormal(cm.LogMeanlog, cm.LogSdlog)
	}
	a := &c.Assessment
	mu := cm.Intercept
	for k, s := range c.DomainScores {
		mu += g.coef[k] * s
	}
	mu += cm.SettingEffect[a.Person.LivingSetting] + cm.CohortEffect[a.Cohort]
	mu += cm.AgeSlope*math.Max(float64(c.Age)-cm.AgeKnot, 0) - cm.InformalCoef*c.InformalHours
	c.MuRaw = mu
	if cm.ApplyFloor {
		mu = math.Max(mu, cm.Floor)
	}
	c.Mu = mu
	c.Noise, c.OutlierFactor = 1, 1
	if cm.Noise {
		c.Noise = noise
	}
	cost := mu * c.Noise
	switch {
	case uZero < cm.ZeroShare:
		c.Zero, cost = true, 0
	case uOut < cm.OutlierShare:
		c.Outlier = true
		c.OutlierFactor = cm.OutlierMin + (cm.OutlierMax-cm.OutlierMin)*uFactor
		cost *= c.OutlierFactor
	}
	c.CostPence = penceOf(cost)
	c.Cost = float64(c.CostPence) / 100
	if c.CostPence >= 0 {
		d := decimal.New(c.CostPence, -2)
		a.PlannedWeekly = &d
	}
}

// penceOf is the one conversion from a float amount of pounds to money:
// the nearest whole number of pence, halves away from zero (math.Round of
// pounds × 100, as R's round(x, 2) up to the representation of halves).
func penceOf(pounds float64) int64 { return int64(math.Round(pounds * 100)) }
