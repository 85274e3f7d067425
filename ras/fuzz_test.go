package ras_test

import (
	"bytes"
	"encoding/json"
	"testing"

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
