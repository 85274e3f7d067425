package ras_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
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
// error; never a panic; every row is accounted for. Every accepted
// assessment validates, the engine does not reject it as invalid, and,
// read with the model, it survives WriteCSV and ReadCSV unchanged.
// composedFuzzModel composes the fuzz targets' model: a weekly add-on
// approvals give, a fixed one-off, pro-rating by days.
var composedFuzzModel = map[string]any{
	"add_ons": []any{
		map[string]any{"id": "extra", "name": "Extra", "period": "weekly", "max": "100"},
		map[string]any{"id": "once", "name": "Once", "period": "one_off", "amount": "250"},
	},
	"pro_rate": map[string]any{"name": "the year", "period_start": "2025-04-01", "period_end": "2026-03-31", "day_count": "actual"},
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(csvHeader + "A1,2025-01-02,adult_social_care,P1,70,home_alone,120.50,son|personal_care|3,some,none,2\n"))
	f.Add([]byte("\xef\xbb\xbf" + csvHeader + "A1,2025-01-02,adult_social_care,P1,70,home_alone,,,some,none,2\r\n\"unterminated\n"))
	f.Add([]byte("assessment_id,date\n1,2\n"))
	f.Add([]byte(csvHeader + "A1,2025-13-02,elves,P1,x,castle,-1,a|b,zzz,,NaN\n"))
	f.Add([]byte(csvHeader + "A1,2025-01-02,adult_social_care,P1,70,home_alone,1e400,son|meals|0x1p3,some,none,1_0\n"))
	f.Add([]byte(csvHeader + "A\x001,2025-02-29,adult_social_care,P\xff,121,home_alone,1e300,son|meals|168.5,full,some,Inf\n"))
	f.Add([]byte("assessment_id,date,cohort,person_id,date_of_birth,age,living_setting,eligibility,cared_for_id,locality\n" +
		"A1,2025-01-02,carers,P1,0000-01-01,,home_family,care_act_carer|eligible|2025-01-03,C1,North\n" +
		"A2,9999-12-31,carers,P2,1976-02-29,49,home_family,chc|pending|,C\x07,\n" +
		"A3,2025-06-01,adult_social_care,P3,1905-06-01,120,nursing,CHC|eligible|2025-06-31,,\n"))
	f.Add([]byte("assessment_id,date,cohort,person_id,age,living_setting,budget_start,add_ons,qw,qs,qh\n" +
		"A1,2025-01-02,adult_social_care,P1,70,home_alone,2025-06-01,extra|12.5|2025-01-03|REF-1;once||2025-01-04,some,none,2\n" +
		"A2,2025-01-02,adult_social_care,P2,70,home_alone,2026-06-01,extra|-1|2025-01-03;extra|1|2025-01-03,some,none,2\n" +
		"A3,2025-01-02,adult_social_care,P3,70,home_alone,,gym|1|2025-13-03|x|y,some,none,2\n"))
	tree := hoursModel()
	tree["composition"] = composedFuzzModel
	b, _ := json.Marshal(tree)
	m, err := ras.ParseModel(bytes.NewReader(b))
	if err != nil {
		f.Fatal(err)
	}
	e, err := ras.Compile(m)
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
				if _, err := e.Assess(&as[i]); errors.Is(err, ras.ErrInvalidAssessment) {
					t.Fatalf("the engine rejects as invalid an assessment Validate accepts: %v", err)
				}
			}
			if opt.Model == nil || len(as) == 0 {
				continue
			}
			var buf bytes.Buffer
			if err := ras.WriteCSV(&buf, m, as); err != nil {
				continue // a value WriteCSV cannot pack into one cell
			}
			back, rep2, err := ras.ReadCSV(&buf, opt)
			if err != nil || len(rep2.Rejected) != 0 || len(back) != len(as) {
				t.Fatalf("round trip: err %v, rejected %v\n%s", err, rep2.Rejected, buf.Bytes())
			}
			for i := range as {
				if !sameAssessment(&as[i], &back[i]) {
					t.Fatalf("round trip changed row %d:\nread %+v\nback %+v", i, as[i], back[i])
				}
			}
		}
	})
}

// FuzzReadJSON: any input gives assessments and a report, or an error with
// the records before the fault; never a panic; every record is accounted
// for; every accepted assessment validates, is accepted by the engine's
// checks, and survives WriteJSON and ReadJSON unchanged.
func FuzzReadJSON(f *testing.F) {
	rec := `{"id":"J1","date":"2025-01-01","cohort":"adult_social_care","model":"h","model_version":"1",` +
		`"person":{"id":"P1","date_of_birth":"1950-02-28","living_setting":"home_alone","locality":"North"},` +
		`"answers":{"qw":"some","qh":3},"safety":"regular","informal_help":[{"helper":"son","activity":"personal_care","hours_per_week":2.5,"lives_with":true}],` +
		`"planned_weekly":"120.50","eligibility":[{"framework":"care_act_adult","decision":"eligible","decided_on":"2025-01-02"}]}`
	for _, s := range []string{
		"[" + rec + "]",
		"\xef\xbb\xbf[" + rec + "," + strings.Replace(rec, `"J1"`, `"J2"`, 1) + "]",
		"[" + rec + "]\n[" + rec + "]",
		"[" + strings.Replace(rec, `"id":"J1"`, `"id":"J1","id":"J9"`, 1) + "]",
		"[" + strings.Replace(rec, `"cohort"`, `"Cohort"`, 1) + "]",
		"[" + strings.Replace(rec, `"120.50"`, `1e400`, 1) + "]",
		"[" + strings.Replace(rec, `"1950-02-28"`, `"0000-01-01"`, 1) + "]",
		"[" + strings.Replace(rec, `"2025-01-01"`, `"2025-02-30"`, 1) + "]",
		"[" + strings.Replace(rec, `"J1"`, `"J\u0000"`, 1) + "]",
		"[" + strings.Replace(rec, `"J1"`, "\"J\xff\"", 1) + "]",
		"[" + strings.Replace(rec, `"care_act_adult"`, `"care act"`, 1) + "]",
		`[{}]`, `[null]`, `[]`, `{}`, `[1,"x",[]]`,
		"[" + strings.Replace(rec, `"planned_weekly"`, `"budget_start":"2025-06-01","add_ons":[{"add_on":"extra","amount":"12.50","approved_on":"2025-01-03","reference":"R-1"},{"add_on":"once","approved_on":"2025-01-04"}],"planned_weekly"`, 1) + "]",
		"[" + strings.Replace(rec, `"planned_weekly"`, `"budget_start":"2025-02-30","add_ons":[{"add_on":"extra","amount":1e-9,"approved_on":"2025-01-03"},{"add_on":"extra","approved_on":null}],"planned_weekly"`, 1) + "]",
	} {
		f.Add([]byte(s))
	}
	tree := hoursModel()
	tree["composition"] = composedFuzzModel
	b, _ := json.Marshal(tree)
	m, err := ras.ParseModel(bytes.NewReader(b))
	if err != nil {
		f.Fatal(err)
	}
	e, err := ras.Compile(m)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []ras.ReadOptions{{}, {Model: m}} {
			as, rep, err := ras.ReadJSON(bytes.NewReader(data), opt)
			if rep == nil {
				if err == nil || as != nil {
					t.Fatalf("no report, but err %v and %d assessments", err, len(as))
				}
				continue
			}
			if rep.Accepted != len(as) || rep.Accepted+len(rep.Rejected) != rep.Rows {
				t.Fatalf("report %v does not account for %d assessments", rep, len(as))
			}
			for i, re := range rep.Rejected {
				if re == nil || re.Err == nil || !errors.Is(re, ras.ErrRow) {
					t.Fatalf("rejection %d: %#v", i, re)
				}
			}
			for i := range as {
				if err := as[i].Validate(); err != nil {
					t.Fatalf("accepted an invalid assessment: %v", err)
				}
				if _, err := e.Assess(&as[i]); errors.Is(err, ras.ErrInvalidAssessment) {
					t.Fatalf("the engine rejects as invalid an assessment Validate accepts: %v", err)
				}
			}
			if err != nil || len(as) == 0 {
				continue
			}
			var buf bytes.Buffer
			if err := ras.WriteJSON(&buf, as); err != nil {
				t.Fatalf("WriteJSON: %v", err)
			}
			back, rep2, err := ras.ReadJSON(&buf, opt)
			if err != nil || len(rep2.Rejected) != 0 || len(back) != len(as) {
				t.Fatalf("round trip: err %v, rejected %v\n%s", err, rep2.Rejected, buf.Bytes())
			}
			for i := range as {
				if !sameAssessment(&as[i], &back[i]) {
					t.Fatalf("round trip changed record %d:\nread %+v\nback %+v", i, as[i], back[i])
				}
			}
		}
	})
}

// sameAssessment compares two assessments, decimals by value.
func sameAssessment(a, b *ras.Assessment) bool {
	x, y := *a, *b
	if (x.PlannedWeekly == nil) != (y.PlannedWeekly == nil) || (x.PlannedWeekly != nil && !x.PlannedWeekly.Equal(*y.PlannedWeekly)) {
		return false
	}
	x.PlannedWeekly, y.PlannedWeekly = nil, nil
	if (x.Estimate == nil) != (y.Estimate == nil) {
		return false
	}
	if x.Estimate != nil {
		ex, ey := *x.Estimate, *y.Estimate
		if !ex.Weekly.Equal(ey.Weekly) || !ex.Annual.Equal(ey.Annual) || len(ex.Hours) != len(ey.Hours) {
			return false
		}
		for i := range ex.Hours {
			if !ex.Hours[i].Hours.Equal(ey.Hours[i].Hours) || !ex.Hours[i].Weekly.Equal(ey.Hours[i].Weekly) ||
				ex.Hours[i].SupportType != ey.Hours[i].SupportType || ex.Hours[i].Name != ey.Hours[i].Name {
				return false
			}
		}
		x.Estimate, y.Estimate = nil, nil
		if ex.Model != ey.Model || ex.ModelVersion != ey.ModelVersion {
			return false
		}
	}
	// An empty list and no list are the same (JSON leaves out an empty one).
	if len(x.Answers) == 0 && len(y.Answers) == 0 {
		x.Answers, y.Answers = nil, nil
	}
	if len(x.Independence) == 0 && len(y.Independence) == 0 {
		x.Independence, y.Independence = nil, nil
	}
	if len(x.InformalHelp) == 0 && len(y.InformalHelp) == 0 {
		x.InformalHelp, y.InformalHelp = nil, nil
	}
	if len(x.Eligibility) == 0 && len(y.Eligibility) == 0 {
		x.Eligibility, y.Eligibility = nil, nil
	}
	if len(x.AddOns) != len(y.AddOns) {
		return false
	}
	for i := range x.AddOns {
		ax, ay := x.AddOns[i], y.AddOns[i]
		if (ax.Amount == nil) != (ay.Amount == nil) || ax.Amount != nil && !ax.Amount.Equal(*ay.Amount) {
			return false
		}
		ax.Amount, ay.Amount = nil, nil
		if ax != ay {
			return false
		}
	}
	x.AddOns, y.AddOns = nil, nil
	return reflect.DeepEqual(x, y)
}

// FuzzModelAssess puts fuzzed model JSON through ParseModel, Compile and
// Assess, with answers built from the model (each question answered with
// an option or a value chosen by the fuzzed choices, or left out) and a
// person drawn from the choices, so that scoring is exercised whatever the
// model. Properties: no panic; an assessment the engine scores validates
// in every field scoring uses; AssessInto without the trace gives the same
// amounts as Assess; amounts are never negative; hours lines add up to
// the exact weekly amount; an explanation is written.
func FuzzModelAssess(f *testing.F) {
	composed := hoursModel()
	composed["composition"] = composedFuzzModel
	ranged := regModel("log", nil)
	ranged["range"] = map[string]any{"level": "0.8", "method": "split_conformal", "score": "log", "min_scale": "10", "by": "cohort",
		"groups": map[string]any{"adult_social_care": map[string]any{"quantile": 0.7, "n": 40}}}
	rangedPoints := baseModel()
	rangedPoints["range"] = map[string]any{"level": "0.9", "method": "cross_validation", "score": "absolute",
		"groups": map[string]any{"all": map[string]any{"quantile": 120.5, "n": 400}}}
	rangedHours := hoursModel()
	rangedHours["range"] = map[string]any{"level": "0.95", "method": "split_conformal", "score": "relative", "min_scale": "25", "by": "living_setting",
		"groups": map[string]any{"home_alone": map[string]any{"quantile": 0.8, "n": 19}, "residential": map[string]any{"quantile": 3, "n": 40}}}
	for _, tree := range []map[string]any{baseModel(), hoursModel(), regModel("sqrt", nil), regModel("logit", nil), regModel("log", nil), regModel("identity", nil), composed, ranged, rangedPoints, rangedHours} {
		b, _ := json.Marshal(tree)
		f.Add(b, []byte{0, 1, 2, 3, 4, 5, 6, 7, 8})
		f.Add(b, []byte{255, 254, 253, 9, 9, 9, 0, 1})
	}
	for _, n := range ras.ModelNames() {
		m, _ := ras.LoadModel(n)
		var buf bytes.Buffer
		m.WriteJSON(&buf)
		f.Add(buf.Bytes(), []byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9})
	}
	f.Fuzz(func(t *testing.T, data, choices []byte) {
		m, err := ras.ParseModel(bytes.NewReader(data))
		if err != nil {
			return
		}
		e, err := ras.Compile(m)
		if err != nil {
			t.Fatalf("a parsed model does not compile: %v", err)
		}
		k := 0
		next := func() int {
			if len(choices) == 0 {
				return 0
			}
			c := int(choices[k%len(choices)])
			k++
			return c
		}
		settings := ras.LivingSettings()
		for ci, c := range m.Cohorts {
			age := next() % 125 // 121 to 124 are invalid ages
			a := &ras.Assessment{ID: fmt.Sprintf("F%d", ci), Date: ras.Date{Year: 2025, Month: 1, Day: 1 + next()%31}, Cohort: c,
				Person: ras.Person{ID: "P", Age: &age, LivingSetting: settings[next()%len(settings)]}}
			if h := next(); h%4 == 0 {
				a.InformalHelp = []ras.InformalHelp{{Helper: "son", Activity: ras.InformalPersonalCare, HoursPerWeek: float64(h % 200)}}
			}
			if c := m.Composition; c != nil {
				// A budget start near the period (sometimes outside it),
				// and approvals of the add-ons, with or without amounts.
				if p := c.ProRate; p != nil && next()%8 != 0 {
					a.BudgetStart = p.PeriodStart.AddDays(next()*3 - 20)
				}
				for _, ad := range c.AddOns {
					switch pick := next(); pick % 3 {
					case 0:
					case 1:
						a.AddOns = append(a.AddOns, ras.ApprovedAddOn{AddOn: ad.ID, ApprovedOn: a.Date})
					default:
						amt := decimal.New(int64(pick)*1013, -3)
						a.AddOns = append(a.AddOns, ras.ApprovedAddOn{AddOn: ad.ID, Amount: &amt, ApprovedOn: a.Date})
					}
				}
			}
			for _, d := range m.Domains {
				for _, q := range d.Questions {
					pick := next()
					switch {
					case pick%16 == 15:
						// left out: the model's missing-answer policy applies
					case q.Type == ras.QuestionNumber:
						v := *q.Min + (*q.Max-*q.Min)*float64(pick)/255
						a.Answers = append(a.Answers, value(q.ID, v))
					default:
						a.Answers = append(a.Answers, ras.Answer{Question: q.ID, Option: q.Options[pick%len(q.Options)].ID})
					}
				}
			}
			r, err := e.Assess(a)
			if err != nil {
				if r != nil {
					t.Fatal("a result with an error")
				}
				continue
			}
			if verr := a.Validate(); verr != nil {
				t.Fatalf("the engine scored an assessment Validate rejects: %v", verr)
			}
			var r2 ras.Result
			if err := e.AssessInto(a, &r2, ras.AssessOptions{}); err != nil {
				t.Fatalf("AssessInto fails where Assess succeeds: %v", err)
			}
			if r.HasBudget != r2.HasBudget || r.TotalPoints != r2.TotalPoints || r.Probability != r2.Probability ||
				(r.HasBudget && (!r.Weekly().Equal(r2.Weekly()) || !r.Annual().Equal(r2.Annual()) || !r.ExactWeekly().Equal(r2.ExactWeekly()) || !r.Total().Equal(r2.Total()))) {
				t.Fatalf("Assess and AssessInto differ: %+v / %+v", r, &r2)
			}
			if r.HasBudget {
				if r.Weekly().IsNegative() || r.Annual().IsNegative() || r.Total().IsNegative() {
					t.Fatalf("negative budget %s / %s / %s", r.Weekly(), r.Annual(), r.Total())
				}
				if !r.Composed() && !r.Total().Equal(r.Annual()) {
					t.Fatalf("total %s without composition, annual %s", r.Total(), r.Annual())
				}
				// A range holds the amount before the limits, and its ends
				// are ordered, weekly and annual.
				if lo, hi, ok := r.RangePence(); ok {
					a := r.ExactBeforeLimits().Shift(2)
					br, _ := r.Range()
					if lo < 0 || decimal.NewFromInt(lo).GreaterThan(a) || decimal.NewFromInt(hi).LessThan(a) ||
						!br.WeeklyLower.Equal(decimal.New(lo, -2)) || !br.WeeklyUpper.Equal(decimal.New(hi, -2)) || br.AnnualLower.GreaterThan(br.AnnualUpper) || br.AnnualLower.IsNegative() {
						t.Fatalf("range %d–%d pence (%+v) for an amount of %s pence", lo, hi, br, a)
					}
				} else if m.Range != nil && r.HasBudget {
					if _, has := m.Range.Groups[ras.RangeAll]; has {
						t.Fatal("a model with one range for everyone gives no range")
					}
				}
				sum := decimal.Zero
				for _, h := range r.Hours() {
					sum = sum.Add(h.Weekly)
				}
				if len(r.Hours()) > 0 && !sum.Equal(r.ExactWeekly()) {
					t.Fatalf("hours lines add up to %s, not %s", sum, r.ExactWeekly())
				}
			} else if !(r.Probability >= 0 && r.Probability <= 1) {
				t.Fatalf("probability %v", r.Probability)
			}
			var buf bytes.Buffer
			if err := r.Explain(&buf); err != nil {
				t.Fatalf("Explain: %v", err)
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
