package ras_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stonesoup-care/stonesoup/ras"
)

// TestMatchPaths checks that every way an answer can reach its question
// and option gives the same points: ids sharing the model's strings, ids
// with their own bytes, answers out of model order, answers that skip
// questions, a question with more options than the engine's per-question
// table holds, and a question whose option ids the table cannot tell apart
// (alike in length and in the bytes it hashes).
func TestMatchPaths(t *testing.T) {
	tree := baseModel()
	// q2 gets 40 options worth 0..39 points: too many for a table.
	var many []any
	for i := range 40 {
		many = append(many, map[string]any{"id": fmt.Sprintf("o%02d", i), "label": "option", "points": i})
	}
	set(tree, "domains.0.questions.1.options", many)
	// q3's option ids differ only in their second byte.
	set(tree, "domains.1.questions.0.options", []any{
		map[string]any{"id": "axbcd", "label": "option", "points": 0},
		map[string]any{"id": "aybcd", "label": "option", "points": 4},
		map[string]any{"id": "azbcd", "label": "option", "points": 10}})
	set(tree, "missing", "default")
	set(tree, "domains.0.questions.0.default", "a")
	set(tree, "domains.0.questions.1.default", "o00")
	set(tree, "domains.1.questions.0.default", "axbcd")
	e := mustCompile(t, tree)
	m := e.Model() // ids share the engine's strings
	q1, q2, q3 := m.Domains[0].Questions[0], m.Domains[0].Questions[1], m.Domains[1].Questions[0]
	interned := func(q ras.Question, oi int) ras.Answer { return ras.Answer{Question: q.ID, Option: q.Options[oi].ID} }
	own := func(q ras.Question, oi int) ras.Answer {
		return ras.Answer{Question: strings.Clone(q.ID), Option: strings.Clone(q.Options[oi].ID)}
	}
	cases := []struct {
		name    string
		answers ras.Answers
		want    int64 // total points
	}{
		{"in order, interned", ras.Answers{interned(q1, 2), interned(q2, 37), interned(q3, 1)}, 5 + 37 + 4},
		{"in order, own bytes", ras.Answers{own(q1, 1), own(q2, 39), own(q3, 2)}, 2 + 39 + 10},
		{"reversed", ras.Answers{interned(q3, 2), interned(q2, 5), interned(q1, 1)}, 10 + 5 + 2},
		{"skips q2 (default 0)", ras.Answers{interned(q1, 2), interned(q3, 2)}, 5 + 0 + 10},
		{"only the last", ras.Answers{own(q3, 1)}, 0 + 0 + 4},
		{"mixed", ras.Answers{own(q2, 12), interned(q1, 2), own(q3, 0)}, 12 + 5 + 0},
	}
	var r ras.Result
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := e.AssessInto(adult("A1", c.answers), &r, ras.AssessOptions{}); err != nil {
				t.Fatal(err)
			}
			if r.TotalPoints != c.want {
				t.Errorf("total points %d, want %d", r.TotalPoints, c.want)
			}
			// The traced path goes through the same tables.
			res, err := e.Assess(adult("A1", c.answers))
			if err != nil {
				t.Fatal(err)
			}
			if res.TotalPoints != c.want {
				t.Errorf("traced: total points %d, want %d", res.TotalPoints, c.want)
			}
		})
	}
	// Errors found on each path.
	bad := []struct {
		name    string
		answers ras.Answers
	}{
		{"twice after a jump back", ras.Answers{interned(q3, 0), interned(q1, 0), interned(q2, 0), interned(q3, 1)}},
		{"unknown option of a big question", ras.Answers{{Question: q2.ID, Option: "o40"}}},
		{"another question's option", ras.Answers{{Question: q1.ID, Option: q2.Options[0].ID}}},
		{"a number for a choice", ras.Answers{{Question: q1.ID, Value: 1, IsValue: true}}},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			err := e.AssessInto(adult("A1", c.answers), &r, ras.AssessOptions{})
			if !errorsIs(err, ras.ErrInvalidAnswer) {
				t.Fatalf("got %v, want ErrInvalidAnswer", err)
			}
		})
	}
}

// naiveMatch is a reference for the engine's matching: it finds each
// answer's question and option by comparing bytes, in the plainest way,
// and returns the points per domain, or whether the answers must be
// rejected. It follows the rules the engine documents: an unknown question
// or option, an answer given twice, a number for a choice question or an
// option for a number question, or a number out of range is invalid; a
// question that does not apply to the cohort is checked and left out; a
// missing question that applies takes its default, or is an error.
func naiveMatch(m *ras.Model, c ras.Cohort, answers ras.Answers) (pts []int64, ok bool) {
	type qref struct {
		q      *ras.Question
		domain int
	}
	byID := map[string]qref{}
	for di := range m.Domains {
		for qi := range m.Domains[di].Questions {
			q := &m.Domains[di].Questions[qi]
			byID[q.ID] = qref{q, di}
		}
	}
	applies := func(q *ras.Question) bool {
		if len(q.Cohorts) == 0 {
			return true
		}
		for _, qc := range q.Cohorts {
			if qc == c {
				return true
			}
		}
		return false
	}
	pts = make([]int64, len(m.Domains))
	seen := map[string]bool{}
	for _, a := range answers {
		ref, found := byID[a.Question]
		if !found || seen[a.Question] {
			return nil, false
		}
		seen[a.Question] = true
		q := ref.q
		oi := -1
		if q.Type == ras.QuestionNumber {
			if !a.IsValue || a.Value < *q.Min || a.Value > *q.Max {
				return nil, false
			}
		} else {
			if a.IsValue {
				return nil, false
			}
			for i := range q.Options {
				if q.Options[i].ID == a.Option {
					oi = i
				}
			}
			if oi < 0 {
				return nil, false
			}
		}
		if applies(q) && oi >= 0 {
			pts[ref.domain] += int64(q.Options[oi].Points)
		}
	}
	for di := range m.Domains {
		for qi := range m.Domains[di].Questions {
			q := &m.Domains[di].Questions[qi]
			if seen[q.ID] || !applies(q) {
				continue
			}
			if m.Missing != ras.MissingDefault || (q.Default == "" && q.DefaultValue == nil) {
				return nil, false
			}
			for i := range q.Options {
				if q.Options[i].ID == q.Default {
					pts[di] += int64(q.Options[i].Points)
				}
			}
		}
	}
	return pts, true
}

// FuzzMatch checks the engine's matching against naiveMatch on answers
// built from fuzzed bytes: each answer picks a question (or an unknown id),
// an option (or an unknown one, another question's, or a number), and
// whether its ids share the model's strings, so that every path through
// the hot loop and its slow paths is taken, in any order.
func FuzzMatch(f *testing.F) {
	f.Add(uint8(0), []byte{})
	f.Add(uint8(1), []byte{0, 1, 0, 1, 2, 1, 2, 0, 0})
	f.Add(uint8(2), []byte{5, 7, 1, 5, 7, 1, 200, 3, 2, 9, 250, 0})
	f.Add(uint8(3), []byte{30, 1, 0, 31, 1, 0, 32, 1, 0, 33, 1, 0, 34, 1, 0, 29, 1, 0})
	type model struct {
		e  *ras.Engine
		m  *ras.Model // sharing the engine's id strings
		qs []ras.Question
	}
	var models []model
	for _, name := range ras.ModelNames() {
		e, err := ras.Load(name)
		if err != nil {
			f.Fatal(err)
		}
		md := model{e: e, m: e.Model()}
		for _, d := range md.m.Domains {
			md.qs = append(md.qs, d.Questions...)
		}
		models = append(models, md)
	}
	f.Fuzz(func(t *testing.T, pick uint8, data []byte) {
		md := models[int(pick)%len(models)]
		e, m, qs := md.e, md.m, md.qs
		c := m.Cohorts[int(pick>>2)%len(m.Cohorts)]
		var answers ras.Answers
		if pick&0x80 != 0 {
			// Start from a complete set of answers in model order.
			for _, q := range qs {
				if q.Type == ras.QuestionNumber {
					answers = append(answers, ras.Answer{Question: q.ID, Value: *q.Min, IsValue: true})
				} else {
					answers = append(answers, ras.Answer{Question: q.ID, Option: q.Options[len(q.Options)-1].ID})
				}
			}
		}
		for len(data) >= 3 {
			qb, ob, how := data[0], data[1], data[2]
			data = data[3:]
			var a ras.Answer
			if int(qb) < len(qs) {
				a.Question = qs[qb].ID
			} else {
				a.Question = fmt.Sprintf("q%d", qb)
			}
			switch q := qs[int(qb)%len(qs)]; {
			case how&3 == 3:
				a.Value, a.IsValue = float64(ob%8), true
			case q.Type == ras.QuestionNumber && how&3 != 2:
				a.Value, a.IsValue = float64(ob), true
			case int(ob) < len(q.Options):
				a.Option = q.Options[ob].ID
			case how&3 == 1:
				o := qs[int(ob)%len(qs)].Options
				if len(o) > 0 {
					a.Option = o[0].ID // another question's option
				}
			default:
				a.Option = fmt.Sprintf("o%d", ob)
			}
			if how&4 != 0 {
				a.Question, a.Option = strings.Clone(a.Question), strings.Clone(a.Option)
			}
			if how&8 != 0 && len(answers) > 0 {
				// Replace an earlier answer, keeping the order otherwise.
				answers[int(how>>4)%len(answers)] = a
			} else {
				answers = append(answers, a)
			}
		}
		wantPts, wantOK := naiveMatch(m, c, answers)
		age := 40
		if c == ras.CohortChildren {
			age = 10
		}
		as := &ras.Assessment{ID: "F", Date: ras.Date{Year: 2025, Month: 1, Day: 6}, Cohort: c,
			Person: ras.Person{ID: "P", Age: &age, LivingSetting: ras.SettingHomeAlone}, Answers: answers}
		var r ras.Result
		for _, trace := range []bool{false, true} {
			err := e.AssessInto(as, &r, ras.AssessOptions{Trace: trace})
			if !wantOK {
				if err == nil {
					t.Fatalf("trace %v: accepted answers the reference rejects: %+v", trace, answers)
				}
				continue
			}
			if err != nil {
				if errorsIs(err, ras.ErrInvalidAnswer) || errorsIs(err, ras.ErrMissingAnswer) {
					t.Fatalf("trace %v: rejected answers the reference accepts: %v", trace, err)
				}
				continue // an amount the model cannot price is not matching's concern
			}
			got := r.DomainPoints()
			for di := range wantPts {
				if got[di] != wantPts[di] {
					t.Fatalf("trace %v: domain %d points %d, want %d", trace, di, got[di], wantPts[di])
				}
			}
		}
	})
}

// TestEngineNotCompiled checks that a nil or zero Engine reports an error
// instead of panicking.
func TestEngineNotCompiled(t *testing.T) {
	age := 40
	a := &ras.Assessment{ID: "A", Date: ras.Date{Year: 2025, Month: 1, Day: 6}, Cohort: ras.CohortAdult,
		Person: ras.Person{ID: "P", Age: &age, LivingSetting: ras.SettingHomeAlone}}
	for _, e := range []*ras.Engine{nil, {}} {
		var r ras.Result
		if err := e.AssessInto(a, &r, ras.AssessOptions{}); !errorsIs(err, ras.ErrInvalidModel) {
			t.Errorf("AssessInto: got %v, want ErrInvalidModel", err)
		}
		if _, err := e.Assess(a); !errorsIs(err, ras.ErrInvalidModel) {
			t.Errorf("Assess: got %v, want ErrInvalidModel", err)
		}
		if _, err := e.AssessBatch(context.Background(), []ras.Assessment{*a}, ras.BatchOptions{}); !errorsIs(err, ras.ErrInvalidModel) {
			t.Errorf("AssessBatch: got %v, want ErrInvalidModel", err)
		}
		for _, err := range e.AssessSeq(func(yield func(*ras.Assessment) bool) { yield(a) }, ras.AssessOptions{}) {
			if !errorsIs(err, ras.ErrInvalidModel) {
				t.Errorf("AssessSeq: got %v, want ErrInvalidModel", err)
			}
		}
	}
}

// TestInvalidUTF8IDs checks that a model built in Go with ids that are not
// valid UTF-8 is rejected with the id's path: such ids cannot survive the
// JSON a model is stored as, and two of them could become one.
func TestInvalidUTF8IDs(t *testing.T) {
	tests := []struct{ path, value string }{
		{"domains.0.questions.0.id", "q\xff"},
		{"domains.0.questions.1.options.0.id", "a\xfe"},
		{"domains.1.id", "d\xff"},
		{"id", "model\xff"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			b, err := json.Marshal(baseModel())
			if err != nil {
				t.Fatal(err)
			}
			m, err := ras.ParseModel(strings.NewReader(string(b)))
			if err != nil {
				t.Fatal(err)
			}
			switch tt.path {
			case "domains.0.questions.0.id":
				m.Domains[0].Questions[0].ID = tt.value
			case "domains.0.questions.1.options.0.id":
				m.Domains[0].Questions[1].Options[0].ID = tt.value
			case "domains.1.id":
				m.Domains[1].ID = tt.value
			case "id":
				m.ID = tt.value
			}
			_, err = ras.Compile(m)
			if !errorsIs(err, ras.ErrInvalidModel) || !strings.Contains(err.Error(), "not valid UTF-8") {
				t.Fatalf("got %v, want an invalid UTF-8 error", err)
			}
		})
	}
}

// TestAdditionTooLarge checks that a night or respite addition whose price
// leaves the engine's range is an error, not a zero.
func TestAdditionTooLarge(t *testing.T) {
	m := &ras.Model{ID: "h", Version: "1", Name: "H", Family: ras.FamilyHours, Cohorts: []ras.Cohort{ras.CohortAdult},
		SupportTypes: []ras.SupportType{{ID: "pc", Name: "PC", HourlyRate: decimal.RequireFromString("20")},
			{ID: "big", Name: "Big", HourlyRate: decimal.RequireFromString("500000")}},
		Hours: &ras.HoursRules{Activities: []ras.Activity{{ID: "act", Name: "Act", SupportType: "pc"}},
			Additions: []ras.Addition{{ID: "add", Name: "Add", Question: "q", SupportType: "big",
				Hours: map[string]decimal.Decimal{"b": decimal.RequireFromString("1000000")}}}},
		Domains: []ras.Domain{{ID: "d", Name: "D", Questions: []ras.Question{
			{ID: "q", Text: "t", Activity: "act", Options: []ras.Option{{ID: "a", Label: "a"}, {ID: "b", Label: "b"}}}}}}}
	e, err := ras.Compile(m)
	if err != nil {
		t.Fatal(err)
	}
	var r ras.Result
	for _, trace := range []bool{false, true} {
		err := e.AssessInto(adult("A", ras.Answers{{Question: "q", Option: "b"}}), &r, ras.AssessOptions{Trace: trace})
		if !errorsIs(err, ras.ErrInvalidAmount) || r.OK() {
			t.Errorf("trace %v: got %v (OK %v), want ErrInvalidAmount", trace, err, r.OK())
		}
	}
}

// TestFailedAssessIntoNotOK checks that a Result whose last AssessInto
// failed, for any reason, is not OK.
func TestFailedAssessIntoNotOK(t *testing.T) {
	e := mustCompile(t, baseModel())
	good := adult("A", answers("q1", "b", "q2", "b", "q3", "b"))
	var zero ras.Engine
	fails := []struct {
		name string
		run  func(r *ras.Result) error
	}{
		{"nil assessment", func(r *ras.Result) error { return e.AssessInto(nil, r, ras.AssessOptions{}) }},
		{"zero engine", func(r *ras.Result) error { return zero.AssessInto(good, r, ras.AssessOptions{}) }},
		{"unknown question", func(r *ras.Result) error {
			return e.AssessInto(adult("B", answers("q9", "a")), r, ras.AssessOptions{})
		}},
	}
	for _, f := range fails {
		t.Run(f.name, func(t *testing.T) {
			var r ras.Result
			if err := e.AssessInto(good, &r, ras.AssessOptions{}); err != nil || !r.OK() {
				t.Fatalf("setting up: %v", err)
			}
			if err := f.run(&r); err == nil {
				t.Fatal("no error")
			}
			if r.OK() {
				t.Errorf("OK after a failed AssessInto")
			}
		})
	}
}
