package calibrate

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

// sameBits reports whether two vectors hold the same floats, bit for bit
// (NaN of an aliased coefficient included).
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

func modelJSON(t *testing.T, m *ras.Model) string {
	t.Helper()
	var b strings.Builder
	mustNo(t, m.WriteJSON(&b))
	return b.String()
}

// TestFitEligibilityFrom: FitEligibilityFrom gives FitEligibility's model,
// or its error, whatever the chunking; exclusions index the whole input.
func TestFitEligibilityFrom(t *testing.T) {
	m, as, _ := elData(t, 1200, 3, ras.CohortAdult, FrameworkCareActAdult)
	// Some without a decision, one pending, one the model rejects.
	for _, i := range []int{0, 5, 600, 1199} {
		as[i].Eligibility = nil
	}
	as[7].Eligibility = []ras.Eligibility{{Framework: FrameworkCareActAdult, Decision: ras.DecisionPending, DecidedOn: as[7].Date}}
	as[9].Answers = append(slices.Clone(as[9].Answers), ras.Answer{Question: "bogus", Option: "x"})
	skip := CareActSpec(m)
	skip.SkipInvalid = true
	none := slices.Clone(as[:50])
	for i := range none {
		none[i].Eligibility = nil
	}
	cases := []struct {
		name string
		as   []ras.Assessment
		opt  EligibilityOptions
	}{
		{"skip invalid", as, EligibilityOptions{Framework: FrameworkCareActAdult, Spec: &skip}},
		{"invalid stops", as, EligibilityOptions{Framework: FrameworkCareActAdult}},
		{"no decisions", none, EligibilityOptions{Framework: FrameworkCareActAdult}},
		{"bad spec", as, EligibilityOptions{Framework: FrameworkCareActAdult, Spec: &DesignSpec{Costs: CostsExclude}}},
	}
	for _, c := range cases {
		want, wantErr := FitEligibility(m, c.as, c.opt)
		for _, size := range []int{1, 100, 1000} {
			t.Run(fmt.Sprintf("%s/%d", c.name, size), func(t *testing.T) {
				got, err := FitEligibilityFrom(m, chunked(c.as, size), c.opt)
				if !sameError(err, wantErr) {
					t.Fatalf("error %v, want %v", err, wantErr)
				}
				if want == nil || got == nil {
					if (want == nil) != (got == nil) {
						t.Fatalf("model %v, want %v", got, want)
					}
					return
				}
				if !sameBits(got.Fit.Coefficients, want.Fit.Coefficients) || !reflect.DeepEqual(got.Excluded, want.Excluded) ||
					got.N != want.N || got.Events != want.Events || got.Framework != want.Framework {
					t.Fatalf("fit differs: N %d/%d, events %d/%d, excluded %d/%d", got.N, want.N, got.Events, want.Events, len(got.Excluded), len(want.Excluded))
				}
				gd, wd := *got.Design, *want.Design
				gd.Spec.Response, wd.Spec.Response = nil, nil
				if !reflect.DeepEqual(gd, wd) {
					t.Fatal("design differs")
				}
				if modelJSON(t, got.Model) != modelJSON(t, want.Model) {
					t.Fatal("exported model differs")
				}
			})
		}
	}
}

// TestCostNeutralFrom: CostNeutralFrom gives CostNeutral's result, or its
// error, whatever the chunking, with and without a design.
func TestCostNeutralFrom(t *testing.T) {
	src, as, d := pointsDesign(t, 1500, DesignSpec{AllDomains: true}, nil)
	f, err := OLS(d.Design, Options{})
	mustNo(t, err)
	m, err := ExportLinear(d, f, ExportOptions{})
	mustNo(t, err)
	kept := make([]ras.Assessment, len(d.Index))
	for i, idx := range d.Index {
		kept[i] = as[idx]
	}
	wrong := slices.Clone(as)
	wrong[d.Index[10]].ID = "not this one"
	short := as[:d.Index[len(d.Index)-1]]
	unordered := *d
	unordered.Index = slices.Clone(d.Index)
	unordered.Index[0], unordered.Index[1] = unordered.Index[1], unordered.Index[0]
	cases := []struct {
		name string
		m    *ras.Model
		as   []ras.Assessment
		opt  NeutralOptions
	}{
		{"design rows", m, kept, NeutralOptions{}},
		{"points model, tolerance", src, kept, NeutralOptions{Tolerance: decimal.NewFromInt(50)}},
		{"target", m, as, NeutralOptions{Target: decimal.NewFromInt(400_000)}},
		{"with design", m, as, NeutralOptions{Design: d}},
		{"costs missing", m, as, NeutralOptions{}},
		{"not the design's input", m, wrong, NeutralOptions{Design: d}},
		{"input too short", m, short, NeutralOptions{Design: d}},
		{"empty", m, nil, NeutralOptions{Design: d}},
		{"empty design", m, as, NeutralOptions{Design: &AssessmentDesign{}}},
	}
	for _, c := range cases {
		want, wantErr := CostNeutral(c.m, c.as, c.opt)
		for _, size := range []int{1, 64, 5000} {
			t.Run(fmt.Sprintf("%s/%d", c.name, size), func(t *testing.T) {
				got, err := CostNeutralFrom(c.m, chunked(c.as, size), c.opt)
				if !sameError(err, wantErr) {
					t.Fatalf("error %v, want %v", err, wantErr)
				}
				if wantErr != nil {
					return
				}
				if got.Factor != want.Factor || got.Iterations != want.Iterations || !got.Target.Equal(want.Target) || !got.Before.Equal(want.Before) ||
					!got.After.Equal(want.After) || len(got.Amounts) != len(want.Amounts) {
					t.Fatalf("got factor %v after %d steps, %s → %s; want %v, %d, %s → %s", got.Factor, got.Iterations, got.Before, got.After,
						want.Factor, want.Iterations, want.Before, want.After)
				}
				for i := range got.Amounts {
					if !got.Amounts[i].Equal(want.Amounts[i]) {
						t.Fatalf("amount %d: %s, want %s", i, got.Amounts[i], want.Amounts[i])
					}
				}
				if modelJSON(t, got.Model) != modelJSON(t, want.Model) {
					t.Fatal("scaled model differs")
				}
			})
		}
	}
	// A design whose rows are not in input order: CostNeutral takes it,
	// CostNeutralFrom says why it does not.
	if _, err := CostNeutralFrom(m, ChunksOf(as), NeutralOptions{Design: &unordered}); err == nil || !strings.Contains(err.Error(), "not in input order") {
		t.Errorf("unordered design: %v", err)
	}
}
