package calibrate

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/stonesoup-care/stonesoup/internal/stats"
	"gonum.org/v1/gonum/mat"
)

// AUCMethod is the method of a confidence interval for the area under the
// ROC curve.
type AUCMethod int

const (
	// AUCDeLong (the default) estimates the variance of the AUC by the
	// method of DeLong, DeLong and Clarke-Pearson (1988), Biometrics 44,
	// 837–845: with the placement values V₁₀ᵢ (the share of negatives that
	// positive i outscores, ties ½) and V₀₁ⱼ (the share of positives that
	// outscore negative j), Var = S₁₀/n₁ + S₀₁/n₀, S being their sample
	// variances (denominators n₁−1, n₀−1). The interval is AUC ± z·SE,
	// clipped to [0, 1], as R's pROC::ci.auc(method = "delong"). It needs
	// at least two positives and two negatives (otherwise SE and the
	// bounds are NaN, as pROC's NA).
	AUCDeLong AUCMethod = iota
	// AUCHanleyMcNeil uses the variance of Hanley and McNeil (1982),
	// Radiology 143, 29–36, equation 2, with Q₁ = A/(2−A) and
	// Q₂ = 2A²/(1+A): Var = (A(1−A) + (n₁−1)(Q₁−A²) + (n₀−1)(Q₂−A²))/(n₁n₀).
	// The interval is AUC ± z·SE clipped to [0, 1].
	AUCHanleyMcNeil
)

// String returns "DeLong" or "Hanley-McNeil".
func (m AUCMethod) String() string {
	switch m {
	case AUCDeLong:
		return "DeLong"
	case AUCHanleyMcNeil:
		return "Hanley-McNeil"
	}
	return fmt.Sprintf("AUCMethod(%d)", int(m))
}

// AUCOptions controls AUCInterval. The zero value gives a 95% DeLong
// interval.
type AUCOptions struct {
	// Method is the variance estimator; AUCDeLong when zero.
	Method AUCMethod
	// ConfLevel is the confidence level in (0, 1); 0.95 when zero.
	ConfLevel float64
}

// AUCResult is the area under the ROC curve with its confidence interval.
type AUCResult struct {
	// AUC is the Mann–Whitney area: the probability that a random positive
	// scores above a random negative, ties counting ½ (as AUC).
	AUC float64
	// SE is the standard error by Method; NaN when it is undefined.
	SE float64
	// Lower and Upper bound the interval AUC ± z·SE at ConfLevel, clipped
	// to [0, 1]; NaN when SE is.
	Lower, Upper float64
	ConfLevel    float64
	Method       AUCMethod
	// N1 and N0 count the positives (y = 1) and negatives (y = 0).
	N1, N0 int
}

// AUCInterval returns the area under the ROC curve of scores p for 0/1
// outcomes y, with a confidence interval by opt.Method. Both classes must
// be present. Errors: ErrLength, ErrEmpty, ErrNonFinite (a *DataError), a
// y other than 0 or 1 (a *DataError wrapping ErrDomain), one class only or
// a bad option (ErrInvalidInput).
func AUCInterval(y, p []float64, opt AUCOptions) (AUCResult, error) {
	nan := math.NaN()
	bad := AUCResult{AUC: nan, SE: nan, Lower: nan, Upper: nan}
	level, err := confLevel(opt.ConfLevel)
	if err != nil {
		return bad, err
	}
	if opt.Method != AUCDeLong && opt.Method != AUCHanleyMcNeil {
		return bad, invalidf("unknown AUC method %d", int(opt.Method))
	}
	if err := checkBinaryPredictions(y, p, true); err != nil {
		return bad, err
	}
	r := stats.MidRanks(p)
	var pos, neg []float64 // scores of each class
	for i, v := range y {
		if v == 1 {
			pos = append(pos, p[i])
		} else {
			neg = append(neg, p[i])
		}
	}
	n1, n0 := float64(len(pos)), float64(len(neg))
	if len(pos) == 0 || len(neg) == 0 {
		return bad, invalidf("auc needs both outcomes (have %d ones, %d zeros)", len(pos), len(neg))
	}
	var s neumaier
	for i, v := range y {
		if v == 1 {
			s.add(r[i])
		}
	}
	auc := (s.sum() - n1*(n1+1)/2) / (n1 * n0)
	res := AUCResult{AUC: auc, SE: nan, Lower: nan, Upper: nan, ConfLevel: level, Method: opt.Method, N1: len(pos), N0: len(neg)}
	var variance float64
	switch opt.Method {
	case AUCDeLong:
		if len(pos) < 2 || len(neg) < 2 {
			return res, nil
		}
		// Placement values from ranks (Sun and Xu 2014): for positive i,
		// V₁₀ = (rank among all − rank among positives)/n₀; for negative j,
		// V₀₁ = 1 − (rank among all − rank among negatives)/n₁.
		r1 := stats.MidRanks(pos)
		r0 := stats.MidRanks(neg)
		var s10, s01 neumaier
		i1, i0 := 0, 0
		for i, v := range y {
			if v == 1 {
				d := (r[i]-r1[i1])/n0 - auc
				s10.add(d * d)
				i1++
			} else {
				d := 1 - (r[i]-r0[i0])/n1 - auc
				s01.add(d * d)
				i0++
			}
		}
		variance = s10.sum()/(n1-1)/n1 + s01.sum()/(n0-1)/n0
	case AUCHanleyMcNeil:
		q1 := auc / (2 - auc)
		q2 := 2 * auc * auc / (1 + auc)
		a2 := auc * auc
		variance = (auc*(1-auc) + (n1-1)*(q1-a2) + (n0-1)*(q2-a2)) / (n1 * n0)
	}
	res.SE = math.Sqrt(max(variance, 0))
	z := stats.NormalQuantile(1 - (1-level)/2)
	res.Lower = min(max(auc-z*res.SE, 0), 1)
	res.Upper = min(max(auc+z*res.SE, 0), 1)
	return res, nil
}

// checkProbabilities validates outcomes y and probabilities p as
// checkBinaryPredictions does, and also that every p lies in [0, 1] and,
// when needBinary is false, every y too: a *DataError naming the row,
// wrapping ErrDomain, otherwise. A measure of probabilities is undefined
// for a "probability" of 1.5.
func checkProbabilities(y, p []float64, needBinary bool) error {
	if err := checkBinaryPredictions(y, p, needBinary); err != nil {
		return err
	}
	for i := range p {
		if !needBinary && !(y[i] >= 0 && y[i] <= 1) {
			return &DataError{Row: i, Column: "y", Value: y[i], Err: fmt.Errorf("%w: an outcome must lie in [0, 1]", ErrDomain)}
		}
		if !(p[i] >= 0 && p[i] <= 1) {
			return &DataError{Row: i, Column: "prediction", Value: p[i], Err: fmt.Errorf("%w: a probability must lie in [0, 1]", ErrDomain)}
		}
	}
	return nil
}

func confLevel(l float64) (float64, error) {
	if l == 0 {
		return 0.95, nil
	}
	if !(l > 0 && l < 1) {
		return math.NaN(), invalidf("confidence level %v must be in (0, 1)", l)
	}
	return l, nil
}

// Recalibration is the logistic recalibration of outcomes on the logit of
// predicted probabilities: logit P(y = 1) = Intercept + Slope·logit(p),
// fitted by maximum likelihood (R: glm(y ~ qlogis(p), binomial)). A slope
// below 1 means predictions too extreme (over-fitting), above 1 too modest;
// perfect calibration has intercept 0 and slope 1.
type Recalibration struct {
	Intercept, Slope float64
	// SlopeSE is the slope's standard error; SlopeLower and SlopeUpper its
	// Wald interval at ConfLevel.
	SlopeSE, SlopeLower, SlopeUpper float64
	ConfLevel                       float64
}

// CalibrationSlope fits the logistic recalibration of 0/1 outcomes y on
// logit(p) (see Recalibration) with a 95% Wald interval for the slope.
// Every p must lie strictly between 0 and 1 (otherwise a *DataError
// wrapping ErrDomain names the row). Both outcomes must be present and
// the logits must not all be equal (ErrInvalidInput). A fit that does not
// converge in 25 iterations returns the last estimates with an error
// wrapping ErrNotConverged.
func CalibrationSlope(y, p []float64) (Recalibration, error) {
	if err := checkBinaryPredictions(y, p, true); err != nil {
		return badRecalibration(), err
	}
	eta := make([]float64, len(p))
	for i, v := range p {
		if !(v > 0 && v < 1) {
			return badRecalibration(), &DataError{Row: i, Column: "prediction", Value: v, Err: fmt.Errorf("%w: a probability must lie strictly between 0 and 1", ErrDomain)}
		}
		eta[i] = math.Log(v / (1 - v))
	}
	return recalibrate(y, eta)
}

func badRecalibration() Recalibration {
	nan := math.NaN()
	return Recalibration{Intercept: nan, Slope: nan, SlopeSE: nan, SlopeLower: nan, SlopeUpper: nan}
}

// recalibrate fits y ~ 1 + eta by the binomial/logit GLM. y and eta are
// already checked (finite, y 0/1).
func recalibrate(y, eta []float64) (Recalibration, error) {
	n := len(y)
	var ones int
	same := true
	for i := range y {
		if y[i] == 1 {
			ones++
		}
		if eta[i] != eta[0] {
			same = false
		}
	}
	if ones == 0 || ones == n {
		return badRecalibration(), invalidf("calibration slope needs both outcomes (have %d ones of %d)", ones, n)
	}
	if same {
		return badRecalibration(), invalidf("calibration slope needs predictions that differ")
	}
	x := mat.NewDense(n, 2, nil)
	for i, v := range eta {
		x.Set(i, 0, 1)
		x.Set(i, 1, v)
	}
	d := &Design{Names: []string{InterceptName, "logit_p"}, X: x, Y: append([]float64(nil), y...), Response: "y"}
	fit, err := GLM(d, GLMOptions{Family: Binomial, Link: Logit})
	if fit == nil {
		return badRecalibration(), err
	}
	c := fit.Coefs[1]
	return Recalibration{
		Intercept: fit.Coefs[0].Estimate, Slope: c.Estimate,
		SlopeSE: c.StdErr, SlopeLower: c.Lower, SlopeUpper: c.Upper, ConfLevel: fit.ConfLevel,
	}, err
}

// CalibrationGroup is one row of a table of observed against predicted
// risk: the cases in one group of predicted probability.
type CalibrationGroup struct {
	// Group is 1 for the lowest predictions.
	Group int
	// N counts the cases in the group and Events those with y = 1.
	N, Events int
	// MinPredicted and MaxPredicted are the group's smallest and largest
	// predictions; MeanPredicted their mean (the expected rate).
	MinPredicted, MaxPredicted, MeanPredicted float64
	// ObservedRate is Events/N.
	ObservedRate float64
}

// CalibrationTable groups cases by predicted probability into groups of as
// equal size as possible (10 for deciles) and returns, for each, the count,
// the events, and the mean predicted against the observed rate.
//
// The cases are sorted by p (ties in the order given) and group g (1-based)
// takes the sorted positions ⌊(g−1)·n/groups⌋ to ⌊g·n/groups⌋−1, so every
// group has ⌊n/groups⌋ or ⌈n/groups⌉ cases and tied predictions may fall
// in two neighbouring groups. groups must be between 1 and n
// (ErrInvalidInput); y must be 0 or 1 and p in [0, 1] (a *DataError
// wrapping ErrDomain otherwise).
func CalibrationTable(y, p []float64, groups int) ([]CalibrationGroup, error) {
	if err := checkProbabilities(y, p, true); err != nil {
		return nil, err
	}
	n := len(y)
	if groups < 1 || groups > n {
		return nil, invalidf("%d groups for %d cases: need 1 to %d", groups, n, n)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	out := make([]CalibrationGroup, groups)
	for g := range out {
		lo, hi := g*n/groups, (g+1)*n/groups
		var sp neumaier
		row := CalibrationGroup{Group: g + 1, N: hi - lo, MinPredicted: p[idx[lo]], MaxPredicted: p[idx[hi-1]]}
		for _, i := range idx[lo:hi] {
			sp.add(p[i])
			if y[i] == 1 {
				row.Events++
			}
		}
		row.MeanPredicted = sp.sum() / float64(row.N)
		row.ObservedRate = float64(row.Events) / float64(row.N)
		out[g] = row
	}
	return out, nil
}

// ThresholdMetrics describe a referral rule "refer when the predicted
// probability is at least Threshold" applied to cases with known outcomes.
type ThresholdMetrics struct {
	Threshold float64
	// TP: referred and eligible; FP: referred, not eligible; TN: not
	// referred, not eligible; FN: not referred but eligible.
	TP, FP, TN, FN int
	// Sensitivity = TP/(TP+FN), the share of eligible cases referred;
	// NaN without eligible cases.
	Sensitivity float64
	// Specificity = TN/(TN+FP), the share of ineligible cases not
	// referred; NaN without ineligible cases.
	Specificity float64
	// PPV = TP/(TP+FP), the share of referrals found eligible; NaN when
	// nobody is referred.
	PPV float64
	// NPV = TN/(TN+FN), the share of cases not referred that were indeed
	// not eligible; NaN when everybody is referred.
	NPV float64
	// ReferralRate = (TP+FP)/n, the share of cases referred.
	ReferralRate float64
}

// DefaultThresholds returns the grid 0.05, 0.10, …, 0.95.
func DefaultThresholds() []float64 {
	t := make([]float64, 19)
	for i := range t {
		t[i] = float64(i+1) / 20
	}
	return t
}

// AtThreshold returns the metrics of referring every case with p ≥ t. t
// must be a number (±Inf allowed: refer everybody or nobody); y must be 0 or
// 1 and p a probability in [0, 1] (a *DataError wrapping ErrDomain
// otherwise).
func AtThreshold(y, p []float64, t float64) (ThresholdMetrics, error) {
	rows, err := ThresholdTable(y, p, []float64{t})
	if err != nil {
		return ThresholdMetrics{Threshold: t}, err
	}
	return rows[0], nil
}

// ThresholdTable returns AtThreshold for each threshold, in the order given
// (DefaultThresholds when nil). It sorts the predictions once: O((n + k)
// log n) for k thresholds.
func ThresholdTable(y, p []float64, thresholds []float64) ([]ThresholdMetrics, error) {
	if err := checkProbabilities(y, p, true); err != nil {
		return nil, err
	}
	if thresholds == nil {
		thresholds = DefaultThresholds()
	}
	for k, t := range thresholds {
		if math.IsNaN(t) {
			return nil, invalidf("threshold %d is NaN", k)
		}
	}
	n := len(y)
	// Sort predictions descending with the outcomes alongside; cumulative
	// positives give TP for "the first m cases referred".
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(p[b], p[a]) })
	cumPos := make([]int, n+1)
	for m, i := range idx {
		cumPos[m+1] = cumPos[m]
		if y[i] == 1 {
			cumPos[m+1]++
		}
	}
	pos := cumPos[n]
	neg := n - pos
	out := make([]ThresholdMetrics, len(thresholds))
	for k, t := range thresholds {
		// m = number of cases with p ≥ t.
		m, _ := slices.BinarySearchFunc(idx, t, func(i int, t float64) int {
			if p[i] >= t {
				return -1
			}
			return 1
		})
		tp := cumPos[m]
		fp := m - tp
		fn := pos - tp
		tn := neg - fp
		out[k] = ThresholdMetrics{
			Threshold: t, TP: tp, FP: fp, TN: tn, FN: fn,
			Sensitivity:  ratio(tp, tp+fn),
			Specificity:  ratio(tn, tn+fp),
			PPV:          ratio(tp, tp+fp),
			NPV:          ratio(tn, tn+fn),
			ReferralRate: ratio(tp+fp, n),
		}
	}
	return out, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}
