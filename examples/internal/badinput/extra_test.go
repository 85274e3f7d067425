package badinput

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/pathway/cld"
	"github.com/stonesoup-care/stonesoup/ras"
)

// TestCalibrateFormulas: hostile formulas on a clean frame. A formula is
// refused with a *FormulaError, or fits.
func TestCalibrateFormulas(t *testing.T) {
	fr, err := calibrate.ReadFrame(strings.NewReader("y,x,g,z\n1,1,a,0\n2,2,b,1\n4,3,a,-1\n5,5,b,2\n7,6,a,0\n"), calibrate.FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range []string{"", "y", "y ~", "~", "~~", "y ~ x ~ g", "y ~ x +", "y ~ + x", "y ~ log(x", "y ~ log(z)", "y ~ sqrt(z)",
		"y ~ I(1/z)", "y ~ I(x^1e400)", "y ~ x^2", "y ~ x^-1", "y ~ x^0.5", "y ~ factor(", "y ~ factor(x, 3)", "y ~ nope",
		"y ~ g", "g ~ x", "y ~ x:g:z:x", "y ~ (x + g)^5", "y ~ x \x00", "y ~ x\xff", "Y ~ X", "y ~ 0", "y ~ -1", "y ~ x - x",
		"y ~ " + strings.Repeat("(", 10000) + "x" + strings.Repeat(")", 10000), "y ~ " + strings.Repeat("x + ", 5000) + "x",
		"y ~ I(x * 1e308 * 10)", "y ~ log(x) + log(-x)", "y ~ x %in% g", "y ~ x / g", "y ~ .", "y ~ offset(x)", "y ~ 1e400"} {
		n++
		what := fmt.Sprintf("calibrate.NewModelMatrix(%q)", short(f))
		safely(t, what, func() {
			mm, err := calibrate.NewModelMatrix(f, fr, calibrate.FormulaOptions{})
			if err != nil {
				var fe *calibrate.FormulaError
				if !errors.As(err, &fe) || !isAny(err, calibrateSentinels) {
					reportf(t, "%s: %v is not a *FormulaError wrapping a sentinel", what, err)
				}
				return
			}
			if p := nonFinite(mm.X.RawMatrix().Data); p != "" {
				reportf(t, "%s: NON-FINITE design value %s", what, p)
			}
			if mm.Design != nil {
				calibrateCall(t, what+" → OLS", false, func() (any, error) { return calibrate.OLS(mm.Design, calibrate.Options{}) })
			}
		})
	}
	fed("calibrate.NewModelMatrix (formulas)", n)
}

// TestBuildDesign: hostile assessments into a design. Each is refused
// naming the assessment, or, with SkipInvalid, excluded and listed.
func TestBuildDesign(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	good := validAssessment(t)
	good.ID = "G"
	for k, h := range hostileAssessments(t) {
		if k%3 != 0 {
			continue // a third of them: BuildDesign compiles the model and builds the design each time
		}
		as := []ras.Assessment{good, h.a}
		for _, skip := range []bool{k%2 == 0} {
			n++
			what := fmt.Sprintf("calibrate.BuildDesign(%s, skip %v)", h.name, skip)
			spec := calibrate.CareActSpec(m)
			spec.SkipInvalid = skip
			safely(t, what, func() {
				d, err := calibrate.BuildDesign(m, as, spec)
				if err != nil {
					var ae *calibrate.AssessmentError
					if !isAny(err, calibrateSentinels) {
						reportf(t, "%s: %v unwraps to no sentinel", what, err)
					}
					if !skip && as[1].Validate() != nil && !errors.As(err, &ae) && !errors.Is(err, calibrate.ErrEmpty) && !errors.Is(err, calibrate.ErrRankDeficient) {
						reportf(t, "%s: UNLOCATED: %v names no assessment", what, err)
					}
					return
				}
				if !skip && as[1].Validate() != nil && !unscored(h.name) && !strings.HasPrefix(h.name, "budget_start") {
					reportf(t, "%s: SILENTLY ACCEPTED: an assessment Validate rejects is in the design", what)
				}
				if p := nonFinite(d.Design.Y); p != "" {
					reportf(t, "%s: NON-FINITE response %s", what, p)
				}
			})
		}
	}
	fed("calibrate.BuildDesign", n)
}

// TestRASModelsByName: names and models that are not models.
func TestRASModelsByName(t *testing.T) {
	n := 0
	for _, name := range []string{"", "nope", "STONESOUP-POINTS", "../ras/models/stonesoup-points", "stonesoup-points.json", "stonesoup-points\x00", " stonesoup-points"} {
		n += 2
		safely(t, "ras.Load("+name+")", func() {
			if _, err := ras.Load(name); !errors.Is(err, ras.ErrUnknownModel) {
				reportf(t, "ras.Load(%q): %v, want ErrUnknownModel", name, err)
			}
		})
		safely(t, "ras.ReadModelFile("+name+")", func() {
			if _, err := ras.ReadModelFile("/nonexistent/" + name); err == nil {
				reportf(t, "ras.ReadModelFile(%q): no error", name)
			}
		})
	}
	for _, m := range []*ras.Model{nil, {}, {ID: "x", Version: "1", Name: "x", Family: ras.FamilyPoints}} {
		n++
		safely(t, fmt.Sprintf("ras.Compile(%v)", m), func() {
			if _, err := ras.Compile(m); !errors.Is(err, ras.ErrInvalidModel) {
				reportf(t, "ras.Compile(%+v): %v, want ErrInvalidModel", m, err)
			}
		})
	}
	var e ras.Engine
	n++
	safely(t, "zero Engine", func() {
		a := validAssessment(t)
		if _, err := e.Assess(&a); !errors.Is(err, ras.ErrInvalidModel) {
			reportf(t, "a zero Engine: %v, want ErrInvalidModel", err)
		}
	})
	fed("ras.Load/ReadModelFile/Compile", n)
}

// TestCLDOptions: options cld.Read must refuse.
func TestCLDOptions(t *testing.T) {
	doc := csvText(strings.Split(cldLayouts[1].header, ","), strings.Split(cldLayouts[1].row, ","))
	n := 0
	for _, o := range []cld.Options{{MaxRecordBytes: -1}, {MaxRecordLines: -1}, {Layout: 99}, {MaxErrors: math.MinInt},
		{Aliases: map[cld.List]map[string]string{cld.ListEventType: {"x": "not a canonical value"}}},
		{Aliases: map[cld.List]map[string]string{99: {"x": "Request"}}}} {
		n++
		what := fmt.Sprintf("cld.Read(options %+v)", o)
		safely(t, what, func() {
			_, err := cld.Read(strings.NewReader(doc), o)
			if o.Validate() != nil && !errors.Is(err, cld.ErrInvalidOptions) {
				reportf(t, "%s: %v, want ErrInvalidOptions", what, err)
			}
			if o.Validate() == nil && err != nil && o.Layout != 99 {
				reportf(t, "%s: %v", what, err)
			}
		})
	}
	fed("cld.Read (options)", n)
}

// sameIDRows is the number of rows of one id in TestManyRowsOfOneID: 10^6,
// or 10^5 under the race detector or -short (to keep CI quick).
func sameIDRows() int {
	if raceEnabled || testing.Short() {
		return 100_000
	}
	return 1_000_000
}

// TestManyRowsOfOneID: a file of one id repeated: every row is accounted
// for, duplicates rejected where ids must be unique, and the join and the
// money comparison keep up.
func TestManyRowsOfOneID(t *testing.T) {
	n := sameIDRows()
	var b strings.Builder
	b.WriteString("assessment_id,date,cohort,person_id,living_setting\n")
	for range n {
		b.WriteString("A1,2024-11-13,adult_social_care,P1,home_alone\n")
	}
	as, rep, err := ras.ReadCSV(strings.NewReader(b.String()), ras.ReadOptions{})
	if err != nil || rep.Rows != n || rep.Accepted != 1 || len(rep.Rejected) != n-1 || len(as) != 1 {
		reportf(t, "ras.ReadCSV of %d rows of A1: %v %v, want 1 accepted and %d rejected as duplicates", n, rep, err, n-1)
	}
	b.Reset()
	b.WriteString("person_id,event_type,event_date\n")
	for i := range n {
		fmt.Fprintf(&b, "P1,%s,2024-%02d-%02d\n", []string{"request", "assessment_start", "assessment_end", "service_start"}[i%4], 1+i%12, 1+i%28)
	}
	evs, erep, err := pathway.ReadEvents(strings.NewReader(b.String()))
	if err != nil || erep.Rows != n || erep.Accepted != n {
		reportf(t, "pathway.ReadEvents of %d rows of P1: %+v %v", n, erep, err)
	}
	safely(t, "pathway.Join of one person's events", func() {
		j, err := pathway.Join(evs, nil, nil, pathway.JoinOptions{})
		if err != nil {
			reportf(t, "pathway.Join: %v", err)
			return
		}
		if x := j.Report.Events; x.Input != n || x.Input != x.Linked+x.Unmatched+x.Duplicate {
			reportf(t, "pathway.Join: ACCOUNTING of events %+v for %d", x, n)
		}
		if _, err := pathway.CompareMoney(j, map[string]decimal.Decimal{"P1": decimal.RequireFromString("100")}, pathway.MoneyOptions{}); err != nil {
			t.Logf("CompareMoney: %v", err)
		}
	})
	b.Reset()
	b.WriteString("carer_id,person_id,weekly_hours,assessed_on\n")
	for range n {
		b.WriteString("C1,P1,10,2024-01-01\n")
	}
	res, err := carers.ReadCSV(strings.NewReader(b.String()), carers.ReadOptions{})
	if err != nil || res.Rows != n || len(res.Carers) != 1 || len(res.Rejected) != n-1 {
		reportf(t, "carers.ReadCSV of %d rows of C1: %v, want 1 accepted and %d duplicates", n, err, n-1)
	}
	fed("10^5–10^6 rows of one id (ras, pathway, carers)", 4)
}
