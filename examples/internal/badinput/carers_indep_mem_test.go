package badinput

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

var carersAllSentinels = append([]error{carers.ErrInvalidConfig, carers.ErrMismatch, carers.ErrHeader}, carersSentinels...)

func TestCarersInMemory(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	n := 0
	for _, h := range []float64{nan, inf, -inf, -1, -0.0, 0, 168, 168.004, 168.006, 1e-400, 5e-324, 2.005, 1e300} {
		bad := !(h >= 0 && h < 168.005)
		n += memCall(t, "carers", carersAllSentinels, fmt.Sprintf("carers.HoursFromFloat(%v)", h), bad,
			func() (any, error) { return carers.HoursFromFloat(h) }, nil)
	}
	for _, hv := range hostileValues {
		x, ok := plainNumber(hv.v)
		bad := !ok || x < 0 || x > 168 || strings.HasPrefix(trim(hv.v), "-") && x != 0
		if strings.Contains(hv.v, "123456789012345678901234567890") || trim(hv.v) == "1e-400" || trim(hv.v) == "-0" {
			bad = true // more than 30 decimal places; −0 is negative as written? either way it is 0
			if trim(hv.v) == "-0" {
				bad = false
			}
		}
		n += memCall(t, "carers", carersAllSentinels, fmt.Sprintf("carers.ParseHours(%q)", short(hv.v)), bad,
			func() (any, error) { return carers.ParseHours(hv.v) }, nil)
		n += memCall(t, "carers", carersAllSentinels, fmt.Sprintf("carers.Date(%q)", short(hv.v)), !isoDate(hv.v) || hv.v != trim(hv.v),
			func() (any, error) { return carers.Date(hv.v) }, nil)
	}
	for _, p := range []float64{nan, inf, -inf, -1, 1e300, 0.5, 1.5, -0.5, 1 << 53} {
		n += memCall(t, "carers", carersAllSentinels, fmt.Sprintf("carers.MoneyFromFloatPence(%v)", p), math.IsNaN(p) || math.IsInf(p, 0) || math.Abs(p) > 1<<53,
			func() (any, error) { return carers.MoneyFromFloatPence(p) }, nil)
	}
	// Rate cards, wages and weeks per year.
	card := carers.DefaultRateCard()
	for _, c := range []struct {
		name string
		f    func(c *carers.RateCard)
		bad  bool
	}{
		{"default", func(*carers.RateCard) {}, false},
		{"zero default", func(c *carers.RateCard) { c.Default = decimal.Zero }, true},
		{"negative default", func(c *carers.RateCard) { c.Default = decimal.RequireFromString("-1") }, true},
		{"fraction of a penny", func(c *carers.RateCard) { c.Default = decimal.RequireFromString("25.001") }, true},
		{"£10,000.01", func(c *carers.RateCard) { c.Default = decimal.RequireFromString("10000.01") }, true},
		{"no source", func(c *carers.RateCard) { c.Source = "" }, true},
		{"source with NUL", func(c *carers.RateCard) { c.Source = "a\x00b" }, true},
		{"name with invalid UTF-8", func(c *carers.RateCard) { c.Name = "\xff" }, true},
	} {
		cc := card
		c.f(&cc)
		n += memCall(t, "carers", carersAllSentinels, "carers.NewReplacementCost("+c.name+")", c.bad,
			func() (any, error) { return carers.NewReplacementCost(cc, carers.ValuationOptions{}) }, nil)
	}
	for _, w := range []string{"0", "-1", "12.345", "1e6", "15.00"} {
		n += memCall(t, "carers", carersAllSentinels, "carers.NewOpportunityCost("+w+")", w != "15.00",
			func() (any, error) {
				return carers.NewOpportunityCost(carers.Wage{PerHour: decimal.RequireFromString(w), Source: "ONS"}, carers.ValuationOptions{})
			}, nil)
	}
	for _, wk := range []string{"0", "-52", "1000", "52.143", "52.1428571"} {
		// 0 is the default (52.143).
		n += memCall(t, "carers", carersAllSentinels, "carers.NewReplacementCost(weeks "+wk+")", wk != "52.143" && wk != "52.1428571" && wk != "0",
			func() (any, error) {
				return carers.NewReplacementCost(card, carers.ValuationOptions{WeeksPerYear: decimal.RequireFromString(wk)})
			}, nil)
	}
	// Records in memory: Validate, Value, Assess, Summarise.
	v, err := carers.NewReplacementCost(card, carers.ValuationOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rm, err := carers.NewRiskModel(carers.DefaultRiskConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	base := carers.Carer{CarerID: "C1", PersonID: "P1", WeeklyHours: 1800, StrainScore: carers.NoScore,
		AssessedOn: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)}
	recs := []struct {
		name string
		f    func(c *carers.Carer)
		bad  bool
	}{
		{"clean", func(*carers.Carer) {}, false},
		{"empty carer id", func(c *carers.Carer) { c.CarerID = "" }, true},
		{"person id with NUL", func(c *carers.Carer) { c.PersonID = "P\x00" }, true},
		{"person id with a BOM", func(c *carers.Carer) { c.PersonID = "\uFEFFP1" }, true},
		{"negative hours", func(c *carers.Carer) { c.WeeklyHours = -1 }, true},
		{"169 hours", func(c *carers.Carer) { c.WeeklyHours = 16900 }, true},
		{"split that does not add up", func(c *carers.Carer) {
			c.Split = []carers.CareHours{{Activity: carers.ActivityAny, Hours: 100}}
		}, true},
		{"year 0", func(c *carers.Carer) { c.AssessedOn = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC) }, true},
		{"caring since after assessed", func(c *carers.Carer) { c.CaringSince = c.AssessedOn.AddDate(1, 0, 0) }, true},
		{"unknown instrument", func(c *carers.Carer) { c.StrainInstrument = "nope"; c.StrainScore = 3 }, true},
		{"score without instrument", func(c *carers.Carer) { c.StrainScore = 3 }, true},
		{"score out of range", func(c *carers.Carer) { c.StrainInstrument = "csi"; c.StrainScore = 99 }, true},
		{"behaviour 200", func(c *carers.Carer) { c.BehaviourToCarer = 200 }, true},
		{"tri 9", func(c *carers.Carer) { c.LivesWith = 9 }, true},
	}
	var people []carers.Person
	var cs []carers.Carer
	for i, r := range recs {
		c := base
		c.CarerID = fmt.Sprintf("C%d", i)
		r.f(&c)
		// Validate does not check a score against its instrument (documented:
		// see Instrument.CheckTotal), nor whether the instrument exists;
		// Value checks only the hours and their breakdown (documented).
		instr := strings.Contains(r.name, "instrument") || strings.Contains(r.name, "score out of range")
		n += memCall(t, "carers", carersAllSentinels, "carers.Carer.Validate("+r.name+")", r.bad && !instr,
			func() (any, error) { return nil, c.Validate() }, nil)
		hours := strings.Contains(r.name, "hours") || strings.Contains(r.name, "split")
		n += memCall(t, "carers", carersAllSentinels, "carers.Valuer.Value("+r.name+")", r.bad && hours,
			func() (any, error) { return v.Value(&c) }, nil)
		safely(t, "carers.RiskModel.Assess("+r.name+")", func() {
			risk := rm.Assess(&c)
			if r.bad && risk.Unknown == 0 && risk.Score > 0 {
				// Assess takes records as read; Validate is the check.
				_ = risk
			}
		})
		n++
		if !r.bad {
			people = append(people, carers.Person{PersonID: c.PersonID})
			cs = append(cs, c)
		}
	}
	for _, s := range []struct {
		name   string
		people []carers.Person
		cs     []carers.Carer
		vals   func() []carers.Valuation
		bad    bool
	}{
		{"no people", nil, nil, func() []carers.Valuation { return nil }, false},
		{"people without carers", []carers.Person{{PersonID: "P1"}, {PersonID: "P2"}}, nil, func() []carers.Valuation { return nil }, false},
		{"valuations of the wrong length", people[:1], cs[:1], func() []carers.Valuation { return nil }, true},
		{"a person twice", []carers.Person{{PersonID: "P1"}, {PersonID: "P1"}}, nil, func() []carers.Valuation { return nil }, true},
		{"a person id with NUL", []carers.Person{{PersonID: "P\x00"}}, nil, func() []carers.Valuation { return nil }, true},
		{"a carer of nobody listed", []carers.Person{{PersonID: "Q"}}, cs[:1], func() []carers.Valuation { x, _ := v.ValueAll(nil, cs[:1]); return x }, true},
		{"clean", people[:1], cs[:1], func() []carers.Valuation { x, _ := v.ValueAll(nil, cs[:1]); return x }, false},
	} {
		n += memCall(t, "carers", carersAllSentinels, "carers.Summarise("+s.name+")", s.bad,
			func() (any, error) {
				sum, err := carers.Summarise(s.people, s.cs, s.vals(), carers.SummaryOptions{})
				if err != nil {
					return nil, err
				}
				if strings.Contains(sum.Basis.String(), "NaN") {
					reportf(t, "carers.Summarise(%s): the basis prints NaN", s.name)
				}
				for _, g := range append([]carers.GroupSummary{sum.All}, sum.ByCohort...) {
					if g.People == 0 && !math.IsNaN(g.ShareWithCarer) {
						continue
					}
				}
				p, err := sum.Publish("cohort", disclosure.Options{})
				_ = p
				return sum.All.ShareWithCarer, err
			}, func(v any) any {
				if x, ok := v.(float64); ok && math.IsNaN(x) {
					return nil // ShareWithCarer of no people: documented?
				}
				return v
			})
	}
	// Conversions from ras assessments.
	cv, err := carers.NewConverter(carers.ConvertOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hostileAssessments(t) {
		a := h.a
		n += memCall(t, "carers", carersAllSentinels, "carers.Converter.Convert("+h.name+")", false,
			func() (any, error) {
				c, err := cv.Convert(&a)
				if err == nil {
					for _, r := range c.Carers {
						if err := r.Validate(); err != nil {
							reportf(t, "carers.Converter.Convert(%s): SILENTLY ACCEPTED: gives a record Validate rejects: %v", h.name, err)
						}
					}
				}
				return nil, err
			}, nil)
	}
	fed("carers in memory (hours, money, rate cards, records, valuation, risk, summaries, conversion)", n)
}

var indepAllSentinels = append([]error{independence.ErrInvalidInstrument, independence.ErrUnknownItem, independence.ErrMissingItem,
	independence.ErrInvalidLMS, independence.ErrTooFew, independence.ErrLength, independence.ErrInvalidOptions}, indepSentinels...)

func TestIndependenceInMemory(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	n := 0
	in, err := independence.Builtin("personal-care-4")
	if err != nil {
		t.Fatal(err)
	}
	// LMS tables and centiles.
	good := []independence.LMSRow{{Age: 1, LMS: independence.LMS{L: 0.1, M: 10, S: 0.1}}, {Age: 2, LMS: independence.LMS{L: -0.5, M: 11, S: 0.1}}, {Age: 3, LMS: independence.LMS{L: 0, M: 12, S: 0.12}}}
	tab, err := independence.NewLMSTable("t", good)
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range [][]independence.LMSRow{nil, {{Age: nan}}, {{Age: 1, LMS: independence.LMS{M: -1, S: 0.1}}}, {{Age: 1, LMS: independence.LMS{M: 1, S: 0}}},
		{{Age: 2, LMS: independence.LMS{M: 1, S: 0.1}}, {Age: 1, LMS: independence.LMS{M: 1, S: 0.1}}}, {{Age: 1, LMS: independence.LMS{L: inf, M: 1, S: 0.1}}}} {
		n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.NewLMSTable(%v)", rows), true,
			func() (any, error) { return independence.NewLMSTable("x", rows) }, nil)
	}
	for _, age := range []float64{nan, inf, -1, 0, 1, 2.5, 3, 3.5, 1e300} {
		for _, y := range []float64{nan, inf, -1, 0, 1e-300, 10, 1e300} {
			bad := !(age >= 1 && age <= 3) || !(y > 0) || math.IsInf(y, 0)
			n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.LMSTable.Z(%v, %v)", age, y), bad && !(y == 1e300 || y == 1e-300),
				func() (any, error) { return tab.Z(age, y, independence.LMSOptions{}) }, nil)
			n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.LMSTable.Centile(%v, %v)", age, y), bad && !(y == 1e300 || y == 1e-300),
				func() (any, error) { return tab.Centile(age, y, independence.LMSOptions{}) }, nil)
		}
		for _, c := range []float64{nan, -1, 0, 50, 100, 101} {
			n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.LMSTable.ValueAtCentile(%v, %v)", age, c),
				!(age >= 1 && age <= 3) || !(c > 0 && c < 100),
				func() (any, error) { return tab.ValueAtCentile(age, c, independence.LMSOptions{}) }, nil)
		}
	}
	// Centiles by age band, year bands, trend tests.
	for _, b := range []struct{ from, to, width float64 }{{0, 18, 1}, {18, 0, 1}, {0, 18, 0}, {0, 18, -1}, {0, 18, nan}, {nan, 18, 1}, {0, inf, 1}, {0, 1e9, 1e-9}} {
		bad := !(b.from < b.to) || !(b.width > 0) || math.IsInf(b.to, 0) || math.IsNaN(b.from) || (b.to-b.from)/b.width > 1e6
		n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.YearBands(%v, %v, %v)", b.from, b.to, b.width), bad,
			func() (any, error) { return independence.YearBands(b.from, b.to, b.width) }, nil)
	}
	bands, _ := independence.YearBands(0, 18, 6)
	for _, d := range []struct {
		name         string
		ages, scores []float64
		bad          bool
	}{
		{"clean", []float64{1, 2, 3, 7, 8, 13}, []float64{3, 4, 5, 6, 7, 8}, false},
		{"empty", nil, nil, false},
		{"lengths differ", []float64{1}, nil, true},
		{"NaN age", []float64{nan, 2}, []float64{1, 2}, true},
		{"NaN score", []float64{1, 2}, []float64{nan, 2}, true},
		{"Inf score", []float64{1, 2}, []float64{inf, 2}, true},
		{"age out of every band", []float64{-5, 99}, []float64{1, 2}, false},
	} {
		for _, probs := range [][]float64{nil, {0.5}, {nan}, {1.5}} {
			bad := d.bad || len(probs) == 1 && !(probs[0] > 0 && probs[0] < 1)
			n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.AgeBandCentiles(%s, %v)", d.name, probs), bad,
				func() (any, error) {
					return independence.AgeBandCentiles(d.ages, d.scores, bands, independence.CentileOptions{Probs: probs})
				}, centilesFinite)
		}
		for _, o := range []independence.TestOptions{{}, {Alternative: 42}, {Exact: 42}} {
			bad := d.bad || len(d.ages) < 3 || o.Validate() != nil
			n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.SpearmanTest(%s, %+v)", d.name, o), bad,
				func() (any, error) { return independence.SpearmanTest(d.ages, d.scores, o) }, func(v any) any {
					r := v.(independence.SpearmanResult)
					return []float64{r.Rho, r.S, r.PValue} // T is ±Inf when |ρ| = 1, as documented
				})
			n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.MannKendallTest(%s, %+v)", d.name, o), bad,
				func() (any, error) { return independence.MannKendallTest(d.ages, d.scores, o) }, nil)
		}
		n += memCall(t, "independence", indepAllSentinels, "independence.Spearman(constant y)", false,
			func() (any, error) { return independence.Spearman([]float64{1, 2, 3, 4}, []float64{5, 5, 5, 5}) }, nil)
	}
	// Scores of hostile assessments, and conversions from ras.
	for _, hv := range hostileValues {
		a := independence.Assessment{PersonID: "P1", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), AgeYears: 7,
			Levels: map[string]string{"nutrition": hv.v, "hygiene": "0", "toilet": "1", "clothing": "2", "home_safety": "3"}}
		bad := level(hv.v) == no && trim(hv.v) != "1e-400"
		n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.Instrument.Score(nutrition %q)", short(hv.v)), bad,
			func() (any, error) { return in.Score(a) }, nil)
		a.PersonID = hv.v
		a.Levels["nutrition"] = "3"
		// The person id, if any, must be valid text (Score's documentation).
		n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.Instrument.Score(person %q)", short(hv.v)), field.ID(hv.v) != nil,
			func() (any, error) { return in.Score(a) }, nil)
	}
	for _, age := range []float64{nan, inf, -1, 131, 1e300} {
		a := independence.Assessment{PersonID: "P1", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), AgeYears: age,
			Levels: map[string]string{"nutrition": "0", "hygiene": "0", "toilet": "1", "clothing": "2", "home_safety": "3"}}
		n += memCall(t, "independence", indepAllSentinels, fmt.Sprintf("independence.Instrument.Score(age %v)", age), true,
			func() (any, error) { return in.Score(a) }, nil)
	}
	for _, h := range hostileAssessments(t) {
		a := h.a
		n += memCall(t, "independence", indepAllSentinels, "independence.FromRAS("+h.name+")", false,
			func() (any, error) {
				as, help, err := independence.FromRAS(&a, independence.RASOptions{})
				if err == nil {
					for i, e := range help {
						if err := e.Validate(i); err != nil {
							reportf(t, "independence.FromRAS(%s): SILENTLY ACCEPTED: gives help Validate rejects: %v", h.name, err)
						}
					}
				}
				return as, err
			}, nil)
	}
	fed("independence in memory (LMS, centiles, bands, trend tests, scores, FromRAS)", n)
}

// level is the rule of a level cell of personal-care-4.
var level = must(oneOf("full_help", "some_help", "prompting", "independent", "0", "1", "2", "3", "-0", "0.0", "3e0"))

func centilesFinite(v any) any {
	t, ok := v.(independence.CentileTable)
	if !ok {
		return v
	}
	var out []any
	for _, b := range t.Bands {
		if b.N > 0 {
			out = append(out, b.Mean, b.Centiles)
		}
	}
	return out
}

var _ = ras.ModelPoints
