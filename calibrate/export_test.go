package calibrate

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/synth"
)

// synthAssessments generates n synthetic assessments of a shipped model.
func synthAssessments(t testing.TB, model string, n int, seed uint64, cm func(*synth.CostModel)) (*ras.Model, []synth.Case) {
	t.Helper()
	m, err := ras.LoadModel(model)
	mustNo(t, err)
	c := synth.DefaultCostModel(m)
	if cm != nil {
		cm(&c)
	}
	g, err := synth.New(m, synth.Options{Seed: seed, Cost: &c})
	mustNo(t, err)
	return m, g.Slice(n)
}

func assessmentsOf(cs []synth.Case) []ras.Assessment {
	out := make([]ras.Assessment, len(cs))
	for i := range cs {
		out[i] = cs[i].Assessment
	}
	return out
}

// richSpec uses every kind of column the builder makes.
func richSpec(costs CostPolicy) DesignSpec {
	return DesignSpec{
		AllDomains: true,
		Items: []ItemSpec{
			{Question: "washing", Reference: "none"},
			{Question: "school", Reference: "none"}, // children only: not applicable elsewhere
			{Question: "nights", Score: true},
		},
		AgeOver:       []int{65},
		AgeBands:      &AgeBandSpec{Cuts: []int{18, 65, 85}, Reference: "18-64"},
		InformalHours: true,
		Settings:      &LevelSpec{Reference: string(ras.SettingHomeAlone)},
		Cohorts:       &LevelSpec{Reference: string(ras.CohortAdult)},
		Interactions:  [][2]string{{"living_setting", "safety"}, {"age_over_65", "informal_hours"}, {"washing", "cohort"}},
		Costs:         costs,
	}
}

// penceHalfUp rounds pounds half up to whole pence: the rounding that the
// exported models use (ras's default), computed independently of ras.
func penceHalfUp(pounds float64) int64 {
	return decimal.NewFromFloat(math.Max(pounds, 0)).Round(2).Shift(2).IntPart()
}

// checkPennies runs the exported model through the engine on the design's
// assessments and compares each weekly amount with the fit's prediction.
func checkPennies(t *testing.T, m *ras.Model, as []ras.Assessment, d *AssessmentDesign, pred []float64) {
	t.Helper()
	eng, err := ras.Compile(m)
	if err != nil {
		t.Fatalf("ras.Compile rejects the exported model: %v", err)
	}
	var r ras.Result
	bad := 0
	for i, idx := range d.Index {
		mustNo(t, eng.AssessInto(&as[idx], &r, ras.AssessOptions{}))
		want := penceHalfUp(pred[i])
		if got := r.WeeklyPence(); got != want {
			bad++
			if bad <= 5 {
				t.Errorf("assessment %s: engine %d pence, fit %.10f pounds (%d pence)", d.IDs[i], got, pred[i], want)
			}
		}
		if !r.Weekly().Equal(decimal.New(want, -2)) {
			t.Fatalf("Weekly() %s disagrees with WeeklyPence %d", r.Weekly(), r.WeeklyPence())
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d amounts differ from the fit", bad, len(d.Index))
	}
	t.Logf("%s: %d of %d weekly amounts equal to the penny", m.ID, len(d.Index)-bad, len(d.Index))
}

const pennyN = 6000

func TestExportReproducesFitToThePenny(t *testing.T) {
	src, cs := synthAssessments(t, ras.ModelPoints, pennyN, 11, nil)
	as := assessmentsOf(cs)
	d, err := BuildDesign(src, as, richSpec(CostsExclude))
	mustNo(t, err)
	if len(d.Excluded) == 0 {
		t.Fatalf("expected some zero costs to be excluded")
	}
	n, p := d.Design.Dims()
	t.Logf("design %d × %d, %d excluded", n, p, len(d.Excluded))

	t.Run("ols", func(t *testing.T) {
		f, err := OLS(d.Design, Options{})
		mustNo(t, err)
		if len(f.Aliased) == 0 {
			t.Logf("no aliased columns")
		}
		m, err := ExportLinear(d, f, ExportOptions{Version: "2026.1", Method: "OLS"})
		mustNo(t, err)
		checkPennies(t, m, as, d, f.Fitted)
	})
	t.Run("wls", func(t *testing.T) {
		w := make([]float64, n)
		for i := range w {
			w[i] = 1 / (1 + d.TotalPoints[i])
		}
		f, err := WLS(d.Design, w, Analytic, Options{})
		mustNo(t, err)
		m, err := ExportLinear(d, f, ExportOptions{})
		mustNo(t, err)
		checkPennies(t, m, as, d, f.Fitted)
	})
	t.Run("sqrt", func(t *testing.T) {
		f, err := SqrtOLS(d.Design, Options{})
		mustNo(t, err)
		for _, how := range []SqrtRetransform{SqrtVariance, SqrtVarianceMLE, SqrtNaive} {
			m, err := ExportSqrt(d, f, how, ExportOptions{})
			mustNo(t, err)
			pred, err := f.FittedCost(how)
			mustNo(t, err)
			checkPennies(t, m, as, d, pred)
		}
	})
	t.Run("log", func(t *testing.T) {
		for _, by := range []string{"", "living_setting", "cohort"} {
			var groups []string
			if by != "" {
				groups, err = d.Group(by)
				mustNo(t, err)
			}
			f, err := LogOLS(d.Design, LogOptions{Groups: groups})
			mustNo(t, err)
			m, err := ExportLog(d, f, LogSmearing, by, ExportOptions{})
			mustNo(t, err)
			pred, err := f.FittedCost(LogSmearing)
			mustNo(t, err)
			checkPennies(t, m, as, d, pred)
		}
	})
	t.Run("gamma", func(t *testing.T) {
		f, err := GLM(d.Design, GLMOptions{Family: Gamma, Link: Log})
		mustNo(t, err)
		m, err := ExportGLM(d, f, ExportOptions{})
		mustNo(t, err)
		checkPennies(t, m, as, d, f.Fitted)
	})
	t.Run("logit", func(t *testing.T) {
		d2, err := BuildDesign(src, as, richSpec(CostsTwoPart))
		mustNo(t, err)
		any := d2.AnyCost()
		f, err := GLM(any.Design, GLMOptions{Family: Binomial})
		if err != nil && !errors.Is(err, ErrNotConverged) {
			t.Fatal(err)
		}
		m, err := ExportGLM(any, f, ExportOptions{})
		mustNo(t, err)
		eng, err := ras.Compile(m)
		mustNo(t, err)
		var r ras.Result
		for i, idx := range any.Index {
			mustNo(t, eng.AssessInto(&as[idx], &r, ras.AssessOptions{}))
			if r.HasBudget {
				t.Fatal("a logit model has no budget")
			}
			if math.Abs(r.Probability-f.Fitted[i]) > 1e-12 {
				t.Fatalf("assessment %s: engine probability %v, fit %v", any.IDs[i], r.Probability, f.Fitted[i])
			}
		}
	})
}

func TestExportErrors(t *testing.T) {
	src, cs := synthAssessments(t, ras.ModelPoints, 300, 3, nil)
	d, err := BuildDesign(src, assessmentsOf(cs), DesignSpec{Domains: []string{"personal_care"}, Costs: CostsExclude})
	mustNo(t, err)
	if _, err := ExportCoefficients(d, []float64{1}, ras.RegressionRules{Link: ras.LinkIdentity}, ExportOptions{}); !errors.Is(err, ErrLength) {
		t.Errorf("wrong coefficient count: got %v, want ErrLength", err)
	}
	if _, err := ExportCoefficients(d, []float64{1, math.Inf(1)}, ras.RegressionRules{Link: ras.LinkIdentity}, ExportOptions{}); !errors.Is(err, ErrNonFinite) {
		t.Errorf("infinite coefficient: got %v, want ErrNonFinite", err)
	}
	if _, err := ExportCoefficients(&AssessmentDesign{}, nil, ras.RegressionRules{}, ExportOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("design not from BuildDesign: got %v", err)
	}
	f, err := GLM(d.Design, GLMOptions{Family: Gamma, Link: Inverse})
	if err == nil {
		if _, err := ExportGLM(d, f, ExportOptions{}); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("inverse link: got %v, want ErrInvalidInput", err)
		}
	}
	// Grouped smearing must name its grouping, and the right one.
	groups, err := d.Group("cohort")
	mustNo(t, err)
	lf, err := LogOLS(d.Design, LogOptions{Groups: groups})
	mustNo(t, err)
	if _, err := ExportLog(d, lf, LogSmearing, "", ExportOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("grouped smearing without by: got %v", err)
	}
	if _, err := ExportLog(d, lf, LogSmearing, "living_setting", ExportOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("smearing groups of the wrong grouping: got %v", err)
	}
	if _, err := ExportLog(d, lf, LogSmearingGlobal, "", ExportOptions{}); err != nil {
		t.Errorf("global smearing of a grouped fit: %v", err)
	}
	// A model that ras rejects is reported with ras's field path.
	_, err = ExportCoefficients(d, []float64{1, 2}, ras.RegressionRules{Link: "cube"}, ExportOptions{})
	if !errors.Is(err, ras.ErrInvalidModel) {
		t.Errorf("bad link: got %v, want ras.ErrInvalidModel", err)
	}
	// Aliased coefficients count as zero.
	m, err := ExportCoefficients(d, []float64{3, math.NaN()}, ras.RegressionRules{Link: ras.LinkIdentity}, ExportOptions{ID: "x", Version: "7"})
	mustNo(t, err)
	if m.ID != "x" || m.Version != "7" || len(m.Regression.Terms) != 0 || m.Regression.Intercept != 3 {
		t.Errorf("aliased export: got id %q version %q terms %d intercept %v", m.ID, m.Version, len(m.Regression.Terms), m.Regression.Intercept)
	}
}
