package calibrate

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// chunked returns as in chunks of size n, each a fresh copy that is
// overwritten after it has been handed over (as a caller decoding into
// reused storage would), so that a builder keeping a slice of an
// assessment shows.
func chunked(as []ras.Assessment, n int) Chunks {
	return func(yield func([]ras.Assessment) bool) {
		for from := 0; from < len(as); from += n {
			chunk := make([]ras.Assessment, 0, n)
			for i := from; i < min(from+n, len(as)); i++ {
				a := as[i]
				a.Answers = slices.Clone(a.Answers)
				a.InformalHelp = slices.Clone(a.InformalHelp)
				a.Eligibility = slices.Clone(a.Eligibility)
				chunk = append(chunk, a)
			}
			more := yield(chunk)
			for i := range chunk {
				clear(chunk[i].Answers)
				clear(chunk[i].InformalHelp)
				clear(chunk[i].Eligibility)
				chunk[i] = ras.Assessment{}
			}
			if !more {
				return
			}
		}
	}
}

// sameError reports whether two errors say the same and match the same
// sentinels and types.
func sameError(a, b error) bool {
	if (a == nil) != (b == nil) {
		return false
	}
	if a == nil {
		return true
	}
	var ea, eb *AssessmentError
	if errors.As(a, &ea) != errors.As(b, &eb) || (ea != nil && (ea.Index != eb.Index || ea.ID != eb.ID)) {
		return false
	}
	for _, s := range []error{ErrInvalidInput, ErrEmpty, ErrNoCost, ErrNonFinite, ras.ErrInvalidAnswer} {
		if errors.Is(a, s) != errors.Is(b, s) {
			return false
		}
	}
	return a.Error() == b.Error()
}

// synthData returns n synthetic assessments answering the shipped model
// name, with some made invalid and some costs zero or missing.
func synthData(t testing.TB, name string, n int) (*ras.Model, []ras.Assessment) {
	t.Helper()
	m, err := ras.LoadModel(name)
	mustNo(t, err)
	g, err := synth.New(m, synth.Options{Seed: 11})
	mustNo(t, err)
	var as []ras.Assessment
	for a := range g.Assessments(n) {
		as = append(as, *a)
	}
	return m, as
}

// TestBuildDesignFrom: BuildDesignFrom gives BuildDesign's design, or its
// error, whatever the chunking.
func TestBuildDesignFrom(t *testing.T) {
	m, as := synthData(t, ras.ModelPoints, 1500)
	spoilt := slices.Clone(as)
	spoilt[3].Answers = append(slices.Clone(spoilt[3].Answers), ras.Answer{Question: "bogus", Option: "x"})
	spoilt[700].Person.Age, spoilt[700].Person.DateOfBirth = nil, ras.Date{}
	spoilt[900].PlannedWeekly = nil
	tm, tiny := tinyData(t)
	calib := DesignSpec{AllDomains: true, AgeOver: []int{65}, AgeBands: &AgeBandSpec{Cuts: []int{65, 85}, Reference: "0-64"}, InformalHours: true,
		Settings: &LevelSpec{Reference: string(ras.SettingHomeAlone)}, Cohorts: &LevelSpec{Reference: string(ras.CohortAdult)}, Costs: CostsExclude, SkipInvalid: true}
	adult := func(a *ras.Assessment) (float64, bool) {
		if a.Cohort == ras.CohortCarer {
			return 0, false
		}
		return float64(len(a.Answers) % 2), true
	}
	cases := []struct {
		name string
		m    *ras.Model
		as   []ras.Assessment
		spec DesignSpec
	}{
		{"calibration", m, as, calib},
		{"calibration, spoilt", m, spoilt, calib},
		{"spoilt, not skipped", m, spoilt, DesignSpec{AllDomains: true, Costs: CostsExclude}},
		{"costs error", m, spoilt[500:], DesignSpec{AllDomains: true}},
		{"two-part", m, as, DesignSpec{TotalPoints: true, Age: true, Costs: CostsTwoPart}},
		{"care act items", m, as, func() DesignSpec { s := CareActSpec(m); s.Costs = CostsExclude; return s }()},
		{"response", m, spoilt, DesignSpec{Items: itemsOf(m), Response: adult, ResponseName: "r", Costs: CostsExclude, SkipInvalid: true}},
		{"non-finite response", m, as, DesignSpec{Response: func(*ras.Assessment) (float64, bool) { return math.Inf(1), true }}},
		{"tiny", tm, tiny, DesignSpec{Domains: []string{"care"}, Items: []ItemSpec{{Question: "wash", Reference: "none"}}, Costs: CostsTwoPart}},
		{"tiny, nothing left", tm, tiny[2:4], DesignSpec{Costs: CostsExclude}},
		{"bad spec", tm, tiny, DesignSpec{Settings: &LevelSpec{}}},
		{"empty", tm, nil, DesignSpec{}},
	}
	for _, c := range cases {
		want, wantErr := BuildDesign(c.m, c.as, c.spec)
		for _, size := range []int{1, 7, 256, len(c.as) + 1} {
			t.Run(fmt.Sprintf("%s/%d", c.name, size), func(t *testing.T) {
				got, err := BuildDesignFrom(c.m, chunked(c.as, size), c.spec)
				if !sameError(err, wantErr) {
					t.Fatalf("error %v, want %v", err, wantErr)
				}
				if wantErr != nil {
					return
				}
				// Response funcs are not comparable: compare the rest.
				got.Spec.Response, want.Spec.Response = nil, nil
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("design differs from BuildDesign's")
				}
				want.Spec.Response = c.spec.Response
			})
		}
	}
	// More rows than a block of facts (factBlock), in chunks that do not
	// line up with the blocks.
	_, big := synthData(t, ras.ModelPoints, 2*factBlock+500)
	want, err := BuildDesign(m, big, calib)
	mustNo(t, err)
	got, err := BuildDesignFrom(m, chunked(big, 1000), calib)
	mustNo(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("several blocks: design differs from BuildDesign's")
	}

	if _, err := BuildDesignFrom(nil, ChunksOf(as), calib); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil model: %v", err)
	}
}
