package calibrate

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// The prior weights of RLM and QuantReg against R (MASS 7.3-58.2, quantreg
// 5.94, broom 1.0.3): testdata/prior_weights, made by
// testdata/rscripts/prior_weights.R. The design comes from the formula
// y ~ x1 + x2 + g and FormulaOptions.Weights "w" (one weight is 0), as a
// researcher builds it.

// pwRLM is one rlm fit of expected.json.
type pwRLM struct {
	Names                []string
	Coefficients         []float64
	StdError             []float64 `json:"std_error"`
	TValue               []float64 `json:"t_value"`
	Scale, Sigma, Stddev float64
	DFResidual           int         `json:"df_residual"`
	CovUnscaled          [][]float64 `json:"cov_unscaled"`
	Residuals, Fitted    []float64
	HuberWeights         []float64 `json:"huber_weights"`
	Iterations           int
	Converged            bool
	Glance               struct{ Sigma, LogLik, AIC, BIC, Deviance, Nobs float64 }
	Augment              *struct{ Hat, Sigma []*float64 }
	Warnings             []string
}

// nonNull returns v with null (R's NA) as 0.
func nonNull(v []*float64) []float64 {
	out := make([]float64, len(v))
	for i, p := range v {
		if p != nil {
			out[i] = *p
		}
	}
	return out
}

func nanToZero(v []float64) []float64 {
	out := slices.Clone(v)
	for i, x := range out {
		if math.IsNaN(x) {
			out[i] = 0
		}
	}
	return out
}

// pwSE is one summary.rq of expected.json.
type pwSE struct {
	StdError []float64   `json:"std_error"`
	TValue   []float64   `json:"t_value"`
	PValue   []float64   `json:"p_value"`
	Density  float64     `json:"density"`
	Cov      [][]float64 `json:"cov"`
	RDF      int         `json:"rdf"`
	Warnings []string    `json:"warnings"`
}

// pwRQ is one rq fit of expected.json.
type pwRQ struct {
	Tau               float64
	Names             []string
	Coefficients      []float64
	Rho               float64
	WeightedObjective float64 `json:"weighted_objective"`
	Residuals, Fitted []float64
	Glance            struct {
		LogLik, AIC, BIC float64
		DFResidual       float64 `json:"df_residual"`
	}
	Warnings      []string
	IID, NID, Ker pwSE `json:"-"`
}

type pwExpected struct {
	Formula, Weights string
	RLM              map[string]pwRLM
	RQ               map[string]json.RawMessage
}

func loadPriorWeights(t *testing.T) (*ModelMatrix, *pwExpected) {
	t.Helper()
	f, err := os.Open("testdata/prior_weights/data.csv")
	mustNo(t, err)
	defer f.Close()
	fr, err := ReadFrame(f, FrameOptions{})
	mustNo(t, err)
	raw, err := os.ReadFile("testdata/prior_weights/expected.json")
	mustNo(t, err)
	var want pwExpected
	mustNo(t, json.Unmarshal(raw, &want))
	mm, err := NewModelMatrix(want.Formula, fr, FormulaOptions{Weights: want.Weights})
	mustNo(t, err)
	return mm, &want
}

// decodeRQ decodes one tau block, with its se blocks under their R names.
func decodeRQ(t *testing.T, raw json.RawMessage) pwRQ {
	t.Helper()
	var q pwRQ
	mustNo(t, json.Unmarshal(raw, &q))
	var ses map[string]json.RawMessage
	mustNo(t, json.Unmarshal(raw, &ses))
	mustNo(t, json.Unmarshal(ses["iid"], &q.IID))
	mustNo(t, json.Unmarshal(ses["nid"], &q.NID))
	mustNo(t, json.Unmarshal(ses["ker"], &q.Ker))
	return q
}

// agreement compares numbers with R's at a relative tolerance and records
// the worst relative difference. An element is compared relative to its
// own magnitude, floored at 1e-6 of the largest magnitude of its vector
// (residuals that are 0 but for rounding).
type agreement struct {
	t       *testing.T
	worst   float64
	where   string
	checked int
	// the same at elements below the floor (R's value 0 but for rounding),
	// relative to the floor
	worstZero float64
	whereZero string
}

func (a *agreement) vec(what string, got, want []float64, rtol float64) {
	a.t.Helper()
	if len(got) != len(want) {
		a.t.Errorf("%s: %d values, R has %d", what, len(got), len(want))
		return
	}
	var scale float64
	for _, w := range want {
		scale = math.Max(scale, math.Abs(w))
	}
	for i := range want {
		den := math.Max(math.Abs(want[i]), 1e-6*scale)
		rel := math.Abs(got[i] - want[i])
		if den > 0 {
			rel /= den
		}
		a.checked++
		if !(rel <= rtol) {
			a.t.Errorf("%s[%d]: got %.17g, R %.17g (relative difference %.3g > %.3g)", what, i, got[i], want[i], rel, rtol)
		}
		switch {
		case math.Abs(want[i]) < 1e-6*scale:
			if rel > a.worstZero {
				a.worstZero, a.whereZero = rel, fmt.Sprintf("%s[%d]", what, i)
			}
		case rel > a.worst:
			a.worst, a.where = rel, fmt.Sprintf("%s[%d]", what, i)
		}
	}
}

func (a *agreement) num(what string, got, want, rtol float64) {
	a.t.Helper()
	a.vec(what, []float64{got}, []float64{want}, rtol)
}

func (a *agreement) mat(what string, got, want [][]float64, rtol float64) {
	a.t.Helper()
	if len(got) != len(want) {
		a.t.Errorf("%s: %d rows, R has %d", what, len(got), len(want))
		return
	}
	for i := range want {
		a.vec(fmt.Sprintf("%s[%d]", what, i), got[i], want[i], rtol)
	}
}

// pValues compares p-values as the reference cases do: rtol 1e-6, atol
// 1e-12 (R computes 1 − F, exactly 0 below about 1e-16).
func (a *agreement) pValues(what string, got, want []float64) {
	a.t.Helper()
	for i := range want {
		if d := math.Abs(got[i] - want[i]); !(d <= 1e-12 || d <= 1e-6*math.Abs(want[i])) {
			a.t.Errorf("%s[%d]: got %.17g, R %.17g", what, i, got[i], want[i])
		}
	}
}

func (a *agreement) report() {
	a.t.Logf("agreement with R: %d numbers, worst relative difference %.3g (%s); where R's value is below 1e-6 of its vector's largest, worst |difference| %.3g × that 1e-6 floor (%s)",
		a.checked, a.worst, a.where, a.worstZero, a.whereZero)
}

const pwRtol = 1e-9

func TestPriorWeightsRLMAgainstR(t *testing.T) {
	mm, want := loadPriorWeights(t)
	wPos := slices.Clone(mm.Weights)
	wPos[4] = 1.5 // R's w_pos
	tight := RLMOptions{MaxIter: 1000, Acc: 1e-13}
	cases := []struct {
		name    string
		weights []float64
		opt     RLMOptions
	}{
		{"default", mm.Weights, RLMOptions{}},
		{"tight", mm.Weights, tight},
		{"positive", wPos, tight},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := want.RLM[tc.name]
			if !ok {
				t.Fatalf("no rlm fit %q in expected.json", tc.name)
			}
			opt := tc.opt
			opt.Weights = tc.weights
			f, err := RLM(mm.Design, opt)
			mustNo(t, err)
			a := &agreement{t: t}
			equal(t, r.Names, f.Names)
			equal(t, r.Names, mm.Names)
			a.vec("coefficients", f.Coefficients, r.Coefficients, pwRtol)
			se := make([]float64, len(f.Coefs))
			tv := make([]float64, len(f.Coefs))
			for j, c := range f.Coefs {
				se[j], tv[j] = c.StdErr, c.Statistic
				isTrue(t, math.IsNaN(c.PValue), "summary.rlm gives no p-value")
			}
			a.vec("std_error", se, r.StdError, pwRtol)
			a.vec("t_value", tv, r.TValue, pwRtol)
			a.num("scale", f.Scale, r.Scale, pwRtol)
			a.num("sigma", f.Sigma, r.Sigma, pwRtol)
			a.num("stddev", f.StdDev, r.Stddev, pwRtol)
			a.mat("cov_unscaled", f.CovUnscaled, r.CovUnscaled, pwRtol)
			a.vec("residuals", f.Residuals, r.Residuals, pwRtol)
			a.vec("fitted", f.Fitted, r.Fitted, pwRtol)
			a.vec("huber_weights", f.Weights, r.HuberWeights, pwRtol)
			equal(t, r.DFResidual, f.DFResidual, "df_residual")
			equal(t, r.Iterations, f.Iterations, "iterations")
			equal(t, r.Converged, f.Converged, "converged")
			equal(t, tc.weights, f.PriorWeights, "PriorWeights")
			isTrue(t, &f.PriorWeights[0] != &tc.weights[0], "PriorWeights is a copy")
			g, err := f.Glance()
			mustNo(t, err)
			a.num("glance.sigma", g.Sigma, r.Glance.Sigma, pwRtol)
			a.num("glance.logLik", g.LogLik, r.Glance.LogLik, pwRtol)
			a.num("glance.AIC", g.AIC, r.Glance.AIC, pwRtol)
			a.num("glance.BIC", g.BIC, r.Glance.BIC, pwRtol)
			a.num("glance.deviance", g.Deviance, r.Glance.Deviance, pwRtol)
			equal(t, r.Glance.Nobs, g.NObs, "glance.nobs")
			if r.Augment != nil {
				aug, err := f.Augment(AugmentOptions{Design: mm.Design})
				mustNo(t, err)
				// R's NA (null): a row of weight 0 has no leave-one-out
				// sigma.
				for i, s := range r.Augment.Sigma {
					if got := aug.Rows[i].Sigma; (s == nil) != math.IsNaN(got) {
						t.Errorf("augment.sigma[%d]: got %v, R %v", i, got, s)
					}
				}
				a.vec("augment.hat", aug.Column(".hat"), nonNull(r.Augment.Hat), pwRtol)
				a.vec("augment.sigma", nanToZero(aug.Column(".sigma")), nonNull(r.Augment.Sigma), pwRtol)
				a.vec("augment.resid", aug.Column(".resid"), r.Residuals, pwRtol)
			}
			a.report()
		})
	}
}

func TestPriorWeightsQuantRegAgainstR(t *testing.T) {
	mm, want := loadPriorWeights(t)
	d, w := mm.Design, mm.Weights
	for _, key := range []string{"tau_0.25", "tau_0.5", "tau_0.75"} {
		raw, ok := want.RQ[key]
		if !ok {
			t.Fatalf("no rq fit %q in expected.json", key)
		}
		r := decodeRQ(t, raw)
		for _, method := range []QuantRegMethod{QuantRegSimplex, QuantRegInteriorPoint} {
			t.Run(fmt.Sprintf("%s/%s", key, map[QuantRegMethod]string{QuantRegSimplex: "simplex", QuantRegInteriorPoint: "interior_point"}[method]), func(t *testing.T) {
				f, err := QuantReg(d, QuantRegOptions{Tau: r.Tau, Method: method, Weights: w})
				mustNo(t, err)
				a := &agreement{t: t}
				equal(t, r.Names, f.Names)
				a.vec("coefficients", f.Coefficients, r.Coefficients, pwRtol)
				a.vec("residuals", f.Residuals, r.Residuals, pwRtol)
				a.vec("fitted", f.Fitted, r.Fitted, pwRtol)
				a.num("objective (weighted)", f.Objective, r.WeightedObjective, pwRtol)
				equal(t, w, f.PriorWeights, "PriorWeights")
				// R did not warn "Solution may be nonunique": the zero-weight
				// row (residual 0 on the scaled rows) must not make the
				// vertex look degenerate.
				equal(t, 0, len(r.Warnings), "R's rq warnings")
				u, err := f.Uniqueness(d)
				mustNo(t, err)
				equal(t, Unique, u, "uniqueness")
				isTrue(t, !f.Degenerate, "not degenerate")
				g, err := f.Glance()
				mustNo(t, err)
				a.num("glance.logLik (R's unweighted rho)", g.LogLik, r.Glance.LogLik, pwRtol)
				a.num("glance.AIC", g.AIC, r.Glance.AIC, pwRtol)
				a.num("glance.BIC", g.BIC, r.Glance.BIC, pwRtol)
				a.num("glance.df.residual", g.DFResidual, r.Glance.DFResidual, 0)
				for _, se := range []struct {
					typ  QuantRegSE
					want pwSE
				}{{QuantRegSEIID, r.IID}, {QuantRegSENID, r.NID}, {QuantRegSEKernel, r.Ker}} {
					inf, err := f.Inference(d, QuantRegInferenceOptions{SE: se.typ})
					mustNo(t, err)
					name := se.typ.String()
					ses := make([]float64, len(inf.Coefs))
					ts := make([]float64, len(inf.Coefs))
					ps := make([]float64, len(inf.Coefs))
					for j, c := range inf.Coefs {
						ses[j], ts[j], ps[j] = c.StdErr, c.Statistic, c.PValue
					}
					a.vec(name+".std_error", ses, se.want.StdError, pwRtol)
					a.vec(name+".t_value", ts, se.want.TValue, pwRtol)
					a.pValues(name+".p_value", ps, se.want.PValue)
					a.num(name+".density", inf.Density, se.want.Density, pwRtol)
					cov := make([][]float64, len(inf.Coefs))
					for i := range cov {
						cov[i] = make([]float64, len(inf.Coefs))
						for j := range cov[i] {
							cov[i][j] = inf.Vcov.At(i, j)
						}
					}
					a.mat(name+".cov", cov, se.want.Cov, pwRtol)
					equal(t, se.want.RDF, inf.DFResidual, name+".rdf")
					if se.typ == QuantRegSEIID {
						equal(t, Unique, inf.SparsityUniqueness, "iid sparsity regression")
					}
					if se.typ == QuantRegSENID {
						// R warns "k non-positive fis", k counting the
						// zero-weight row; rows whose sign is rounding
						// noise (NearZero) may go either way.
						var k int
						_, err := fmt.Sscanf(se.want.Warnings[0], "%d non-positive fis", &k)
						mustNo(t, err)
						isTrue(t, inf.NonPositive-inf.NearZero <= k && k <= inf.NonPositive+inf.NearZero,
							"R's %d non-positive fis, ours %d (%d near zero)", k, inf.NonPositive, inf.NearZero)
						isTrue(t, inf.NonPositive >= 1, "the zero-weight row is non-positive")
						for _, u := range inf.RefitUniqueness {
							equal(t, Unique, u, "refit at tau ± h")
						}
					} else {
						equal(t, 0, len(se.want.Warnings), "R's warnings")
					}
				}
				a.report()
			})
		}
	}
}

// The weighted rq fit's Summary says which objective it prints.
func TestPriorWeightsQuantRegSummary(t *testing.T) {
	mm, _ := loadPriorWeights(t)
	f, err := QuantReg(mm.Design, QuantRegOptions{Weights: mm.Weights})
	mustNo(t, err)
	contains(t, f.Summary(), "weighted sum of check losses")
	u, err := QuantReg(mm.Design, QuantRegOptions{})
	mustNo(t, err)
	isTrue(t, !strings.Contains(u.Summary(), "weighted"), "an unweighted fit's summary")
}

func TestPriorWeightsErrors(t *testing.T) {
	mm, _ := loadPriorWeights(t)
	d := mm.Design
	n, p := d.Dims()
	with := func(i int, v float64) []float64 {
		w := slices.Clone(mm.Weights)
		w[i] = v
		return w
	}
	zeros := make([]float64, n)
	few := make([]float64, n) // p − 1 positive weights
	for i := 0; i < p-1; i++ {
		few[i+10] = 1
	}
	// p positive weights on rows of full rank (one of level b, one of c,
	// the others of a): enough for rq, not for rlm.
	exactlyP := make([]float64, n)
	jb, jc := slices.Index(mm.Names, "gb"), slices.Index(mm.Names, "gc")
	var nb, nc, na int
	for i := 0; i < n; i++ {
		switch {
		case d.X.At(i, jb) == 1 && nb == 0:
			nb++
			exactlyP[i] = 1
		case d.X.At(i, jc) == 1 && nc == 0:
			nc++
			exactlyP[i] = 1
		case d.X.At(i, jb) == 0 && d.X.At(i, jc) == 0 && na < p-2:
			na++
			exactlyP[i] = 1
		}
	}
	cases := []struct {
		name   string
		w      []float64
		target error
		row    int // the row a *DataError must name; −1 for none
		rqOK   bool
	}{
		{"short", mm.Weights[:n-1], ErrLength, -1, false},
		{"long", append(slices.Clone(mm.Weights), 1), ErrLength, -1, false},
		{"NaN", with(3, math.NaN()), ErrNonFinite, 3, false},
		{"+Inf", with(7, math.Inf(1)), ErrNonFinite, 7, false},
		{"-Inf", with(0, math.Inf(-1)), ErrNonFinite, 0, false},
		{"negative", with(12, -0.5), ErrInvalidInput, 12, false},
		{"negative zero is zero", with(12, math.Copysign(0, -1)), nil, -1, true},
		{"all zero", zeros, ErrEmpty, -1, false},
		{"p-1 positive", few, ErrNoResidualDF, -1, false},
		{"p positive", exactlyP, ErrNoResidualDF, -1, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			check := func(method string, err error, wantErr error) {
				t.Helper()
				if wantErr == nil {
					if err != nil {
						t.Errorf("%s: unexpected error %v", method, err)
					}
					return
				}
				if !errors.Is(err, wantErr) {
					t.Fatalf("%s: error %v, want one wrapping %v", method, err, wantErr)
				}
				contains(t, err.Error(), "calibrate: ")
				var de *DataError
				if tc.row >= 0 {
					if !errors.As(err, &de) {
						t.Fatalf("%s: error %v is not a *DataError", method, err)
					}
					equal(t, tc.row, de.Row, "row")
					equal(t, "weights", de.Column, "column")
				} else if errors.As(err, &de) {
					t.Errorf("%s: unexpected *DataError %v", method, err)
				}
			}
			_, err := RLM(d, RLMOptions{Weights: tc.w})
			check("rlm", err, tc.target)
			_, err = QuantReg(d, QuantRegOptions{Weights: tc.w})
			if tc.rqOK {
				check("quantreg", err, nil)
			} else {
				check("quantreg", err, tc.target)
			}
		})
	}
}

// More than half the rows of weight 0: the MAD scale is 0, as R's rlm
// stops; an error naming the zero weights, never a NaN.
func TestPriorWeightsRLMZeroScale(t *testing.T) {
	mm, _ := loadPriorWeights(t)
	n, _ := mm.Design.Dims()
	w := make([]float64, n)
	for i := 0; i < n/3; i++ {
		w[i] = 1
	}
	_, err := RLM(mm.Design, RLMOptions{Weights: w})
	errIs(t, err, ErrInvalidInput)
	contains(t, err.Error(), "rows of weight 0")
}

// Weights that remove every row of a factor level leave its column zero:
// an *AliasedError naming it.
func TestPriorWeightsAliased(t *testing.T) {
	mm, _ := loadPriorWeights(t)
	g := mm.Names
	j := slices.Index(g, "gc")
	w := slices.Clone(mm.Weights)
	n, _ := mm.Design.Dims()
	for i := 0; i < n; i++ {
		if mm.Design.X.At(i, j) == 1 {
			w[i] = 0
		}
	}
	var ae *AliasedError
	_, err := RLM(mm.Design, RLMOptions{Weights: w})
	if !errors.As(err, &ae) {
		t.Fatalf("rlm: error %v, want an *AliasedError", err)
	}
	equal(t, []string{"gc"}, ae.Columns)
	_, err = QuantReg(mm.Design, QuantRegOptions{Weights: w})
	if !errors.As(err, &ae) {
		t.Fatalf("quantreg: error %v, want an *AliasedError", err)
	}
	equal(t, []string{"gc"}, ae.Columns)
}

// Properties: weights all 1 are the unweighted fit; scaling the weights by
// c changes neither the coefficients nor (rq) the vertex; integer rq
// weights are duplicated rows (Σ wᵢρτ(rᵢ) is the check loss of the
// duplicated data).
func TestPriorWeightsProperties(t *testing.T) {
	mm, _ := loadPriorWeights(t)
	d := mm.Design
	n, _ := d.Dims()
	ones := make([]float64, n)
	for i := range ones {
		ones[i] = 1
	}
	t.Run("rlm ones", func(t *testing.T) {
		a, err := RLM(d, RLMOptions{})
		mustNo(t, err)
		b, err := RLM(d, RLMOptions{Weights: ones})
		mustNo(t, err)
		equal(t, a.Coefficients, b.Coefficients)
		for j := range a.Coefs {
			equal(t, a.Coefs[j].StdErr, b.Coefs[j].StdErr, "std error %d", j)
		}
		equal(t, a.Residuals, b.Residuals)
		equal(t, a.Weights, b.Weights)
	})
	t.Run("rlm scaled weights", func(t *testing.T) {
		a, err := RLM(d, RLMOptions{Weights: mm.Weights, MaxIter: 1000, Acc: 1e-13})
		mustNo(t, err)
		w4 := slices.Clone(mm.Weights)
		for i := range w4 {
			w4[i] *= 4
		}
		b, err := RLM(d, RLMOptions{Weights: w4, MaxIter: 1000, Acc: 1e-13})
		mustNo(t, err)
		for j := range a.Coefficients {
			inDelta(t, a.Coefficients[j], b.Coefficients[j], 1e-10*(1+math.Abs(a.Coefficients[j])), "coefficient %d", j)
			// S grows by 4 and (X'X)⁻¹ shrinks by 4.
			inDelta(t, a.Coefs[j].StdErr, b.Coefs[j].StdErr, 1e-9*a.Coefs[j].StdErr, "std error %d", j)
		}
		inDelta(t, 2*a.Scale, b.Scale, 1e-10*a.Scale, "scale ×√4")
		inDelta(t, 2*a.StdDev, b.StdDev, 1e-10*a.StdDev, "stddev ×√4")
	})
	t.Run("rq ones", func(t *testing.T) {
		a, err := QuantReg(d, QuantRegOptions{Tau: 0.3})
		mustNo(t, err)
		b, err := QuantReg(d, QuantRegOptions{Tau: 0.3, Weights: ones})
		mustNo(t, err)
		equal(t, a.Coefficients, b.Coefficients)
		equal(t, a.Objective, b.Objective)
		for _, se := range []QuantRegSE{QuantRegSEIID, QuantRegSENID, QuantRegSEKernel} {
			ia, err := a.Inference(d, QuantRegInferenceOptions{SE: se})
			mustNo(t, err)
			ib, err := b.Inference(d, QuantRegInferenceOptions{SE: se})
			mustNo(t, err)
			equal(t, ia.Coefs, ib.Coefs, se.String())
		}
		// The bootstrap resamples the same rows with the same seed.
		opt := QuantRegInferenceOptions{SE: QuantRegSEBoot, Boot: BootOptions{Replicates: 30, Seed: 7, Workers: 1}}
		ia, err := a.Inference(d, opt)
		mustNo(t, err)
		ib, err := b.Inference(d, opt)
		mustNo(t, err)
		equal(t, ia.Boot.Replicates, ib.Boot.Replicates, "bootstrap replicates")
	})
	t.Run("rq integer weights are duplicated rows", func(t *testing.T) {
		w := make([]float64, n)
		var rows []int
		for i := range w {
			w[i] = float64(i % 3) // 0, 1 or 2 copies
			for range int(w[i]) {
				rows = append(rows, i)
			}
		}
		dup, err := d.SubsetRows(rows)
		mustNo(t, err)
		for _, tau := range []float64{0.25, 0.5, 0.8} {
			a, err := QuantReg(d, QuantRegOptions{Tau: tau, Weights: w})
			mustNo(t, err)
			b, err := QuantReg(dup, QuantRegOptions{Tau: tau})
			mustNo(t, err)
			inDelta(t, b.Objective, a.Objective, 1e-10*b.Objective, "tau %v: objective", tau)
			u, err := b.Uniqueness(dup)
			mustNo(t, err)
			if u == Unique {
				for j := range a.Coefficients {
					inDelta(t, b.Coefficients[j], a.Coefficients[j], 1e-9*(1+math.Abs(b.Coefficients[j])), "tau %v: coefficient %d", tau, j)
				}
			}
		}
	})
	t.Run("rq scaled weights", func(t *testing.T) {
		a, err := QuantReg(d, QuantRegOptions{Tau: 0.6, Weights: mm.Weights})
		mustNo(t, err)
		w3 := slices.Clone(mm.Weights)
		for i := range w3 {
			w3[i] *= 3
		}
		b, err := QuantReg(d, QuantRegOptions{Tau: 0.6, Weights: w3})
		mustNo(t, err)
		equal(t, a.Basis, b.Basis, "the same vertex")
		inDelta(t, 3*a.Objective, b.Objective, 1e-12*b.Objective, "objective ×3")
	})
}

// The bootstrap of a weighted fit resamples the scaled rows (summary.rq's
// boot.rq on x·w, y·w): its replicates scatter around the weighted
// estimates, not the unweighted ones.
func TestPriorWeightsQuantRegBootstrap(t *testing.T) {
	mm, _ := loadPriorWeights(t)
	f, err := QuantReg(mm.Design, QuantRegOptions{Tau: 0.5, Weights: mm.Weights})
	mustNo(t, err)
	inf, err := f.Inference(mm.Design, QuantRegInferenceOptions{SE: QuantRegSEBoot, Boot: BootOptions{Replicates: 200, Seed: 3}})
	mustNo(t, err)
	for j, c := range inf.Coefs {
		isTrue(t, c.StdErr > 0 && !math.IsInf(c.StdErr, 0), "coefficient %d: bootstrap SE %v", j, c.StdErr)
		isTrue(t, inf.Boot.PercentileLower[j] < f.Coefficients[j] && f.Coefficients[j] < inf.Boot.PercentileUpper[j],
			"coefficient %d: %v within its percentile interval [%v, %v]", j, f.Coefficients[j], inf.Boot.PercentileLower[j], inf.Boot.PercentileUpper[j])
	}
}
