package ras_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

// FuzzParseModel: loading any input gives a model or an error, never a
// panic; a model that loads also compiles and assesses without panicking.
func FuzzParseModel(f *testing.F) {
	for _, tree := range []map[string]any{baseModel(), hoursModel(), regModel("sqrt", nil), regModel("logit", nil)} {
		b, _ := json.Marshal(tree)
		f.Add(b)
	}
	for _, n := range ras.ModelNames() {
		m, _ := ras.LoadModel(n)
		var buf bytes.Buffer
		m.WriteJSON(&buf)
		f.Add(buf.Bytes())
	}
	f.Add([]byte(`{"id":"x","domains":[{"questions":[{"options":[{"points":-1}]}]}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ras.ParseModel(bytes.NewReader(data))
		if err != nil {
			if m != nil {
				t.Fatal("model returned with an error")
			}
			return
		}
		e, err := ras.Compile(m)
		if err != nil {
			t.Fatalf("a parsed model does not compile: %v", err)
		}
		// Assess an assessment answering each question with its first
		// option or its minimum.
		for _, c := range m.Cohorts {
			a := &ras.Assessment{ID: "F", Date: ras.Date{Year: 2025, Month: 1, Day: 1}, Cohort: c,
				Person: ras.Person{ID: "P", Age: intp(50), LivingSetting: ras.SettingHomeAlone}}
			for _, d := range m.Domains {
				for _, q := range d.Questions {
					if q.Type == ras.QuestionNumber {
						a.Answers = append(a.Answers, value(q.ID, *q.Min))
					} else {
						a.Answers = append(a.Answers, ras.Answer{Question: q.ID, Option: q.Options[len(q.Options)-1].ID})
					}
				}
			}
			r, err := e.Assess(a)
			if err == nil {
				r.Explain(&bytes.Buffer{})
				if r.HasBudget && r.Weekly().IsNegative() {
					t.Fatalf("negative budget %s", r.Weekly())
				}
			}
		}
	})
}

// FuzzReadCSV: any input is read into assessments and a report, or a header
// error; never a panic; every row is accounted for.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(csvHeader + "A1,2025-01-02,adult_social_care,P1,70,home_alone,120.50,son|personal_care|3,some,none,2\n"))
	f.Add([]byte("\xef\xbb\xbf" + csvHeader + "A1,2025-01-02,adult_social_care,P1,70,home_alone,,,some,none,2\r\n\"unterminated\n"))
	f.Add([]byte("assessment_id,date\n1,2\n"))
	f.Add([]byte(csvHeader + "A1,2025-13-02,elves,P1,x,castle,-1,a|b,zzz,,NaN\n"))
	b, _ := json.Marshal(hoursModel())
	m, err := ras.ParseModel(bytes.NewReader(b))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []ras.ReadOptions{{}, {Model: m}} {
			as, rep, err := ras.ReadCSV(bytes.NewReader(data), opt)
			if err != nil {
				continue
			}
			if rep.Accepted != len(as) || rep.Accepted+len(rep.Rejected) != rep.Rows {
				t.Fatalf("report %v does not account for %d assessments", rep, len(as))
			}
			for i := range as {
				if err := as[i].Validate(); err != nil {
					t.Fatalf("accepted an invalid assessment: %v", err)
				}
			}
		}
	})
}

// FuzzModelNumbers puts fuzzed numbers into a valid model template (points,
// prices, bands, rounding, weeks, limits), so that the fuzzer explores
// models that load, and checks the money: never negative, the hours lines
// add up to the exact weekly amount, and the annual amount lies within one
// rounding unit of the exact weekly amount × weeks.
func FuzzModelNumbers(f *testing.F) {
	f.Add(int64(2), int64(5), "10.00", "0.01", "52", uint8(0), "30", "900", int64(4), uint8(0))
	f.Add(int64(1000000), int64(1000000), "90000000", "1000", "53", uint8(1), "0", "1", int64(0), uint8(1))
	f.Add(int64(0), int64(3), "0.00000001", "0.05", "52.143", uint8(2), "", "", int64(2), uint8(2))
	f.Fuzz(func(t *testing.T, p1, p2 int64, price, unit, weeks string, mode uint8, floor, capw string, bandCut int64, kind uint8) {
		tree := baseModel()
		set(tree, "domains.0.questions.0.options.1.points", p1)
		set(tree, "domains.1.questions.0.options.2.points", p2)
		modes := []string{"half_up", "half_even", "up", "down"}
		set(tree, "rounding", map[string]any{"mode": modes[int(mode)%4], "unit": unit})
		set(tree, "weeks_per_year", weeks)
		switch kind % 3 {
		case 0:
			set(tree, "points.schedules", []any{map[string]any{"id": "s", "price_per_point": price}})
		case 1:
			set(tree, "points.schedules", []any{map[string]any{"id": "s", "bands": []any{
				map[string]any{"min_points": 0, "max_points": bandCut, "weekly": "0"},
				map[string]any{"min_points": bandCut + 1, "weekly": price}}}})
		default:
			set(tree, "points.schedules", []any{map[string]any{"id": "s", "curve": []any{
				map[string]any{"points": 0, "weekly": "0"}, map[string]any{"points": bandCut, "weekly": price}}}})
		}
		lim := map[string]any{}
		if floor != "" {
			lim["floor_weekly"], lim["floor_support_type"] = floor, "pc"
		}
		if capw != "" {
			lim["cap_weekly"] = capw
		}
		if len(lim) > 0 {
			set(tree, "limits", lim)
		}
		b, _ := json.Marshal(tree)
		m, err := ras.ParseModel(bytes.NewReader(b))
		if err != nil {
			return
		}
		e, err := ras.Compile(m)
		if err != nil {
			t.Fatalf("a parsed model does not compile: %v", err)
		}
		for _, as := range []ras.Answers{answers("q1", "a", "q2", "a", "q3", "a"), answers("q1", "b", "q2", "b", "q3", "c"), answers("q1", "c", "q2", "b", "q3", "b")} {
			r, err := e.Assess(adult("F", as))
			if err != nil {
				if !errors.Is(err, ras.ErrInvalidAmount) {
					t.Fatalf("unexpected error %v", err)
				}
				continue
			}
			if r.Weekly().IsNegative() || r.Annual().IsNegative() {
				t.Fatalf("negative budget %s / %s", r.Weekly(), r.Annual())
			}
			sum := decimal.Zero
			for _, h := range r.Hours() {
				sum = sum.Add(h.Weekly)
			}
			if len(r.Hours()) > 0 && !sum.Equal(r.ExactWeekly()) {
				t.Fatalf("hours lines add up to %s, not %s", sum, r.ExactWeekly())
			}
			w := decimal.RequireFromString(weeks)
			if w.IsZero() {
				w = decimal.NewFromInt(52) // the default
			}
			u := decimal.RequireFromString(unit)
			if u.IsZero() {
				u = decimal.New(1, -2)
			}
			if d := r.Annual().Sub(r.ExactWeekly().Mul(w)).Abs(); d.GreaterThan(u) {
				t.Fatalf("annual %s is %s from exact weekly %s × %s", r.Annual(), d, r.ExactWeekly(), weeks)
			}
			var buf bytes.Buffer
			if err := r.Explain(&buf); err != nil {
				t.Fatal(err)
			}
		}
	})
}
