package carers

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

var sentinels = []error{ErrNegativeHours, ErrHoursRange, ErrHoursMismatch, ErrScoreRange, ErrDateOrder,
	ErrMissingField, ErrBadValue, ErrUnknownInstrument, ErrHeader, ErrFieldCount, ErrInvalidConfig,
	ErrDuplicate}

func isSentinel(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(goodCSV))
	f.Add([]byte("carer_id,person_id,weekly_hours\nC,P,-1\nC,P,\"1\n"))
	f.Add([]byte("carer_id,person_id,weekly_hours,hours.any.night,hours.personal_care.any\nC,P,3,1,2\nC,P,3,1,1\n"))
	f.Add([]byte("carer_id,person_id,weekly_hours,strain_instrument,strain_score,assessed_on,caring_since\nC,P,1,csi,14,2024-01-01,2025-01-01\n"))
	f.Add([]byte("\xef\xbb\xbfcarer_id,person_id,weekly_hours\r\nC,P,168.005\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadCSV(bytes.NewReader(data), ReadOptions{})
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) || !isSentinel(err) {
				t.Fatalf("fatal error not a *RowError with a sentinel: %v", err)
			}
			if res == nil {
				return
			}
		}
		if res.Rows != len(res.Carers)+len(res.Rejected) || len(res.Lines) != len(res.Carers) {
			t.Fatalf("rows %d, accepted %d, rejected %d, lines %d", res.Rows, len(res.Carers), len(res.Rejected), len(res.Lines))
		}
		for _, rej := range res.Rejected {
			if len(rej.Errors) == 0 || rej.Line < 2 {
				t.Fatalf("rejection without reason or line: %+v", rej)
			}
			for _, e := range rej.Errors {
				if !isSentinel(e) || e.Line != rej.Line {
					t.Fatalf("row error %v does not unwrap to a sentinel", e)
				}
			}
		}
		v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
		m, _ := NewRiskModel(DefaultRiskConfig(), nil)
		for i := range res.Carers {
			c := &res.Carers[i]
			if err := c.Validate(); err != nil {
				t.Fatalf("accepted record %d invalid: %v", i, err)
			}
			if _, err := v.Value(c); err != nil {
				t.Fatalf("accepted record %d cannot be valued: %v", i, err)
			}
			_ = m.Reasons(c, m.Assess(c))
		}
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, res.Carers); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		back, err := ReadCSV(&buf, ReadOptions{})
		if err != nil || len(back.Carers) != len(res.Carers) {
			t.Fatalf("round trip: %v, %d of %d (rejected %v)", err, len(back.Carers), len(res.Carers), back.Rejected)
		}
	})
}

func FuzzReadInstrument(f *testing.F) {
	for _, name := range []string{"instruments/csi.json", "instruments/mcsi.json"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","name":"X","source":"S","items":[{"id":"a","label":"A"}],"responses":[{"code":"n","label":"n","score":0},{"code":"y","label":"y","score":1}],"bands":[{"label":"h","min":1,"max":1,"high":true}]}`))
	f.Add([]byte(`{"id":"x","items":[{"id":"a"},{"id":"a"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := ReadInstrument(bytes.NewReader(data))
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalidConfig) || !strings.HasPrefix(err.Error(), "carers: ") {
				t.Fatalf("error not a *ConfigError wrapping ErrInvalidConfig: %v", err)
			}
			return
		}
		if err := in.Validate(); err != nil {
			t.Fatalf("accepted instrument fails Validate: %v", err)
		}
		lo, hi := in.MinTotal(), in.MaxTotal()
		if lo > hi {
			t.Fatalf("min %d > max %d", lo, hi)
		}
		// Scoring every item at the first response lies within range and classifies.
		codes := make([]string, len(in.Items))
		for i := range codes {
			codes[i] = in.Responses[0].Code
		}
		s, err := in.Score(codes)
		if err != nil || s.Total < lo || s.Total > hi {
			t.Fatalf("score %+v %v outside %d..%d", s, err, lo, hi)
		}
		if th, ok := in.HighThreshold(); ok {
			if _, err := NewRiskModel(DefaultRiskConfig(), map[string]*Instrument{in.ID: in}); err != nil {
				t.Fatalf("risk model with instrument (threshold %d): %v", th, err)
			}
		}
	})
}

func FuzzReadRiskConfig(f *testing.F) {
	f.Add(defaultRiskJSON)
	f.Add([]byte(`{"indicators":[{"id":"high_strain","weight":4,"thresholds":{"mcsi":14}}],"levels":[{"name":"a","min_score":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ReadRiskConfig(bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("error does not wrap ErrInvalidConfig: %v", err)
			}
			return
		}
		m, err := NewRiskModel(cfg, nil)
		if err != nil {
			if !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("error does not wrap ErrInvalidConfig: %v", err)
			}
			return
		}
		c := Carer{CarerID: "c", PersonID: "p", WeeklyHours: MaxWeeklyHours, BehaviourToCarer: BehaviourSevere,
			LivesWith: Yes, OtherSupport: No, HealthDeteriorating: Yes, BreaksRefused: Yes, StrainInstrument: "csi", StrainScore: 13}
		r := m.Assess(&c)
		if r.Score < 0 || len(m.Reasons(&c, r)) != r.Count() {
			t.Fatalf("risk %+v", r)
		}
	})
}

// FuzzConvert feeds arbitrary informal help to the converter: no panic, every error is a
// sentinel naming a field, and accepted records are valid with a breakdown that adds up.
func FuzzConvert(f *testing.F) {
	f.Add(10.5, "personal_care", "daughter", "C9", 3.25, "meals", "son", "")
	f.Add(-1.0, "", "", "", 0.0, "x", "", "")
	f.Add(168.0, "supervision", "spouse", "C1", 0.004, "supervision", "spouse", "C1")
	f.Fuzz(func(t *testing.T, h1 float64, a1, r1, id1 string, h2 float64, a2, r2, id2 string) {
		a := ras.Assessment{Cohort: ras.CohortAdult, Person: ras.Person{ID: "P1"}, Date: ras.Date{Year: 2024, Month: 1, Day: 1},
			InformalHelp: []ras.InformalHelp{{Helper: r1, HelperID: id1, Activity: a1, HoursPerWeek: h1},
				{Helper: r2, HelperID: id2, Activity: a2, HoursPerWeek: h2}}}
		for _, strict := range []bool{false, true} {
			x, err := FromAssessment(&a, ConvertOptions{StrictActivities: strict})
			if err != nil {
				var re *RecordError
				if !isSentinel(err) || !errors.As(err, &re) || re.Field == "" {
					t.Fatalf("error %v", err)
				}
				continue
			}
			if len(x.Carers) == 0 || len(x.Carers) > 2 {
				t.Fatalf("%d carers", len(x.Carers))
			}
			for i := range x.Carers {
				if err := x.Carers[i].Validate(); err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
			}
		}
	})
}

// FuzzReadCSVSummarise takes what ReadCSV accepts through valuation and Summarise, as a
// council's carers.csv goes through the main job: every row accepted or rejected, every
// accepted record valued, the summary's counts and money adding up with no NaN where a
// statistic is defined, and the published table free of "NaN". A header-only input (no
// valuations) must summarise too (issue #13 item 1).
func FuzzReadCSVSummarise(f *testing.F) {
	f.Add([]byte(goodCSV), uint8(0))
	f.Add([]byte("carer_id,person_id,weekly_hours\n"), uint8(1))
	f.Add([]byte("carer_id,person_id,weekly_hours,assessed_on\nC,P,10,2024-01-01\nC,P,20,2024-06-01\nD,P,0,\nE,Q,168,\n"), uint8(2))
	f.Add([]byte("carer_id,person_id,weekly_hours,hours.personal_care.day,hours.any.night\nC,P,10.008,5.004,5.004\nC\x00,P,1,1,\nC,P,1e1,2.505,7.495\n"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, opt uint8) {
		res, err := ReadCSV(bytes.NewReader(data), ReadOptions{IgnoreUnknownColumns: opt&4 != 0})
		if err != nil {
			if !isSentinel(err) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		if res.Rows != len(res.Carers)+len(res.Rejected) {
			t.Fatalf("rows %d, accepted %d, rejected %d", res.Rows, len(res.Carers), len(res.Rejected))
		}
		// The current record of each relationship (the last read), and everyone named, plus an
		// adult with no carer.
		type rel struct{ c, p string }
		last := map[rel]int{}
		var people []Person
		seen := map[string]bool{}
		for i, c := range res.Carers {
			last[rel{c.CarerID, c.PersonID}] = i
			if !seen[c.PersonID] {
				seen[c.PersonID] = true
				people = append(people, Person{PersonID: c.PersonID, Cohort: fmt.Sprint(len(c.PersonID) % 3), Locality: c.PersonID[:1]})
			}
		}
		if !seen["\u2603 no carer"] {
			people = append(people, Person{PersonID: "\u2603 no carer", Cohort: "0"})
		}
		var current []Carer
		for i, c := range res.Carers {
			if last[rel{c.CarerID, c.PersonID}] == i {
				current = append(current, c)
			}
		}
		v, _ := NewReplacementCost(DefaultRateCard(), ValuationOptions{})
		vals, err := v.ValueAll(nil, current)
		if err != nil {
			t.Fatalf("accepted records cannot be valued: %v", err)
		}
		bands := [][]HoursBand{nil, CensusBands5()}[opt&1]
		sopt := SummaryOptions{Bands: bands}
		if opt&2 != 0 {
			sopt.Basis = v.Basis()
		}
		s, err := Summarise(people, current, vals, sopt)
		if err != nil {
			t.Fatalf("Summarise: %v", err)
		}
		if s.Basis.String() == "" || (len(vals) > 0 || opt&2 != 0) != (s.Basis == v.Basis()) {
			t.Fatalf("basis %v", s.Basis)
		}
		var weekly int64
		for _, x := range vals {
			weekly += x.WeeklyPence
		}
		checkGroup := func(g GroupSummary) {
			t.Helper()
			n := 0
			for _, b := range g.HoursBands {
				n += b
			}
			if n != g.CarerRecords || g.WithCarer > g.People || g.CarersEligible > g.CarersAssessed ||
				g.PerAdult.N != g.People || g.PerAdultWithCarer.N != g.WithCarer || g.People == 0 ||
				math.IsNaN(g.ShareWithCarer) || g.ShareWithCarer < 0 || g.ShareWithCarer > 1 {
				t.Fatalf("group %s %q: %+v", g.By, g.Group, g)
			}
			for _, vs := range []ValueStats{g.PerAdult, g.PerAdultWithCarer} {
				if vs.Defined != (vs.N > 0) || vs.Q1.GreaterThan(vs.Median) || vs.Median.GreaterThan(vs.Q3) || vs.Mean.IsNegative() {
					t.Fatalf("group %s %q: stats %+v", g.By, g.Group, vs)
				}
			}
		}
		checkGroup(s.All)
		if s.All.People != len(people) || s.All.CarerRecords != len(current) || !s.All.PerAdult.Total.Equal(PenceToMoney(weekly)) {
			t.Fatalf("all: %+v for %d people, %d records, %d pence", s.All, len(people), len(current), weekly)
		}
		for _, gs := range [][]GroupSummary{s.ByCohort, s.ByLocality} {
			np, nr := 0, 0
			for _, g := range gs {
				checkGroup(g)
				np, nr = np+g.People, nr+g.CarerRecords
			}
			if np != s.All.People || nr != s.All.CarerRecords {
				t.Fatalf("groups add up to %d people, %d records; want %d, %d", np, nr, s.All.People, s.All.CarerRecords)
			}
		}
		p, err := s.Publish("cohort", disclosure.Options{})
		if err != nil {
			t.Fatalf("Publish: %v", err)
		}
		var buf bytes.Buffer
		if err := p.WriteCSV(&buf); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		if strings.Contains(buf.String(), "NaN") || strings.Contains(buf.String(), "Inf") {
			t.Fatalf("published table prints NaN or Inf:\n%s", buf.String())
		}
	})
}

// FuzzParseHours checks ParseHours against exact decimal arithmetic (shopspring/decimal) on
// every input both accept: the range is decided on the value as written and the result is
// that value rounded to 0.01 h, halves away from zero; the whole-hundredths fast path and the
// decimal path must agree. It also checks HoursFromFloat the same way.
func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"37.5", "168.004", "-0.001", "1e1", "2.5e-2", "5.004", "0.285", "1E2", "168", "-0", "007.50"} {
		f.Add(s, 0.0)
	}
	f.Add("", 0.285)
	f.Add("", 168.00000000000003)
	f.Fuzz(func(t *testing.T, s string, x float64) {
		got, err := ParseHours(s)
		if _, ferr := field.Float(strings.TrimSpace(s)); ferr != nil {
			if err == nil {
				t.Fatalf("ParseHours(%q) = %v, but it is not plain decimal", s, got)
			}
		} else if d, derr := decimal.NewFromString(strings.TrimSpace(s)); derr == nil && d.Exponent() > -1000 && d.Exponent() < 1000 {
			switch {
			case d.IsNegative():
				if !errors.Is(err, ErrNegativeHours) {
					t.Fatalf("ParseHours(%q) = %v, %v; want ErrNegativeHours", s, got, err)
				}
			case d.GreaterThan(decimal.NewFromInt(168)):
				if !errors.Is(err, ErrHoursRange) {
					t.Fatalf("ParseHours(%q) = %v, %v; want ErrHoursRange", s, got, err)
				}
			case !d.Shift(maxHoursPlaces).Equal(d.Shift(maxHoursPlaces).Truncate(0)):
				if !errors.Is(err, ErrBadValue) {
					t.Fatalf("ParseHours(%q) = %v, %v; want ErrBadValue (too many places)", s, got, err)
				}
			default:
				if want := Hours(d.Shift(2).Round(0).IntPart()); err != nil || got != want {
					t.Fatalf("ParseHours(%q) = %v, %v; want %v", s, got, err, want)
				}
			}
		}
		h, err := HoursFromFloat(x)
		switch {
		case math.IsNaN(x) || x > 168:
			if !errors.Is(err, ErrHoursRange) {
				t.Fatalf("HoursFromFloat(%v) = %v, %v; want ErrHoursRange", x, h, err)
			}
		case x < 0:
			if !errors.Is(err, ErrNegativeHours) {
				t.Fatalf("HoursFromFloat(%v) = %v, %v; want ErrNegativeHours", x, h, err)
			}
		default:
			if want := Hours(decimal.NewFromFloat(x).Shift(2).Round(0).IntPart()); err != nil || h != want {
				t.Fatalf("HoursFromFloat(%v) = %v, %v; want %v", x, h, err, want)
			}
		}
	})
}
