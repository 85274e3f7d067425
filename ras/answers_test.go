package ras_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

func TestChoiceAndNumber(t *testing.T) {
	if got, want := ras.Choice("q", "o"), (ras.Answer{Question: "q", Option: "o"}); got != want {
		t.Errorf("Choice = %+v, want %+v", got, want)
	}
	if got, want := ras.Number("q", 2.5), (ras.Answer{Question: "q", Value: 2.5, IsValue: true}); got != want {
		t.Errorf("Number = %+v, want %+v", got, want)
	}
}

// TestAnswerBuilder: answers built in any order come back in the model's
// order and give the same budget as the same answers written out.
func TestAnswerBuilder(t *testing.T) {
	e := mustLoad(t, ras.ModelHours)
	m := e.Model()
	var want ras.Answers
	b := e.NewAnswers()
	// Add the answers in reverse order of the model: the first option of
	// each choice question, or the maximum of each number question.
	var qs []ras.Question
	for _, d := range m.Domains {
		qs = append(qs, d.Questions...)
	}
	for i := len(qs) - 1; i >= 0; i-- {
		q := qs[i]
		if q.Type == ras.QuestionNumber {
			b.Number(strings.Clone(q.ID), *q.Max)
		} else {
			b.Choice(strings.Clone(q.ID), strings.Clone(q.Options[len(q.Options)-1].ID))
		}
	}
	for _, q := range qs {
		if q.Type == ras.QuestionNumber {
			want = append(want, ras.Number(q.ID, *q.Max))
		} else {
			want = append(want, ras.Choice(q.ID, q.Options[len(q.Options)-1].ID))
		}
	}
	got, err := b.Answers()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d answers, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("answer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	r1, err := e.Assess(adult("A", got))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := e.Assess(adult("A", want))
	if err != nil {
		t.Fatal(err)
	}
	if !r1.ExactWeekly().Equal(r2.ExactWeekly()) {
		t.Errorf("built answers give %s a week, written ones %s", r1.ExactWeekly(), r2.ExactWeekly())
	}
}

func TestAnswerBuilderErrors(t *testing.T) {
	e := mustLoad(t, ras.ModelHours)
	tests := []struct {
		name  string
		build func(b *ras.AnswerBuilder)
		path  string
		msg   string
	}{
		{"unknown question", func(b *ras.AnswerBuilder) { b.Choice("nope", "none") }, "answers.nope", "no such question in model stonesoup-hours"},
		{"unknown option", func(b *ras.AnswerBuilder) { b.Choice("wash_morning", "lots") }, "answers.wash_morning", `"lots" is not an option (options none, prompt, some, full)`},
		{"number for a choice", func(b *ras.AnswerBuilder) { b.Number("wash_morning", 1) }, "answers.wash_morning", "is a choice question (options none, prompt, some, full): use Choice"},
		{"choice for a number", func(b *ras.AnswerBuilder) { b.Choice("informal_household_hours", "none") }, "answers.informal_household_hours", "is a number question, from 0 to 70: use Number"},
		{"out of range", func(b *ras.AnswerBuilder) { b.Number("informal_household_hours", 70.5) }, "answers.informal_household_hours", "70.5 is outside 0..70"},
		{"below range", func(b *ras.AnswerBuilder) { b.Number("informal_household_hours", -1) }, "answers.informal_household_hours", "-1 is outside 0..70"},
		{"not a number", func(b *ras.AnswerBuilder) { b.Number("informal_household_hours", math.NaN()) }, "answers.informal_household_hours", "NaN is outside 0..70"},
		{"twice", func(b *ras.AnswerBuilder) { b.Choice("memory", "none").Choice("memory", "some") }, "answers.memory", "answered twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := e.NewAnswers().Choice("groom", "some")
			tt.build(b)
			as, err := b.Answers()
			if as != nil || !errors.Is(err, ras.ErrInvalidAnswer) {
				t.Fatalf("got %v, %v; want no answers and ErrInvalidAnswer", as, err)
			}
			var fe *ras.FieldError
			if !errors.As(err, &fe) || fe.Path != tt.path || fe.Msg != tt.msg {
				t.Errorf("got %v, want a FieldError at %s: %s", err, tt.path, tt.msg)
			}
		})
	}
	// Every error is reported, not only the first.
	_, err := e.NewAnswers().Choice("nope", "x").Number("memory", 1).Answers()
	if err == nil || !strings.Contains(err.Error(), "answers.nope") || !strings.Contains(err.Error(), "answers.memory") {
		t.Errorf("got %v, want both errors", err)
	}
	var zero ras.Engine
	if _, err := zero.NewAnswers().Choice("q", "o").Answers(); !errors.Is(err, ras.ErrInvalidModel) {
		t.Errorf("zero engine: got %v, want ErrInvalidModel", err)
	}
}
