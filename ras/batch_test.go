package ras_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// TestAssessBatchMatchesAssess: the batch gives, index by index, the same
// results as assessing one at a time, and lists failures by index.
func TestAssessBatchMatchesAssess(t *testing.T) {
	for _, name := range ras.ModelNames() {
		e := mustLoad(t, name)
		as := benchAssessments(t, e, 3000)
		as[17].Answers = append(as[17].Answers, ras.Answer{Question: "no_such_question", Option: "x"})
		rs, err := e.AssessBatch(context.Background(), as, ras.BatchOptions{Workers: 3})
		var be *ras.BatchError
		if !errors.As(err, &be) || len(be.Failed) != 1 || be.Failed[17] == nil || !errors.Is(err, ras.ErrInvalidAnswer) {
			t.Fatalf("%s: batch error %v, want one failure at index 17", name, err)
		}
		for i := range as {
			if i == 17 {
				continue
			}
			want, err := e.Assess(&as[i])
			if err != nil {
				t.Fatal(err)
			}
			got := &rs[i]
			if got.AssessmentID != as[i].ID || got.WeeklyPence() != want.WeeklyPence() || got.AnnualPence() != want.AnnualPence() ||
				got.TotalPoints != want.TotalPoints || got.Probability != want.Probability || len(got.Hours()) != len(want.Hours()) {
				t.Fatalf("%s: result %d differs: got %s/%s, want %s/%s", name, i, got.Weekly(), got.Annual(), want.Weekly(), want.Annual())
			}
			for j, h := range got.Hours() {
				if !h.Weekly.Equal(want.Hours()[j].Weekly) {
					t.Fatalf("%s: result %d hours line %d differs", name, i, j)
				}
			}
		}
	}
}

func TestAssessBatchCancelled(t *testing.T) {
	e := mustLoad(t, ras.ModelPoints)
	as := benchAssessments(t, e, 5000)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.AssessBatch(ctx, as, ras.BatchOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestAssessSeq(t *testing.T) {
	e := mustLoad(t, ras.ModelHours)
	as := benchAssessments(t, e, 50)
	n := 0
	for r, err := range e.AssessSeq(func(yield func(*ras.Assessment) bool) {
		for i := range as {
			if !yield(&as[i]) {
				return
			}
		}
	}, ras.AssessOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		want, _ := e.Assess(&as[n])
		if !r.Weekly().Equal(want.Weekly()) {
			t.Fatalf("result %d differs", n)
		}
		n++
	}
	if n != len(as) {
		t.Errorf("yielded %d results, want %d", n, len(as))
	}
}

// TestIntern: interning changes no result, gives every known id the
// model's spelling, and leaves ids the model does not have as they are, to
// be reported when assessed. (That interned ids share the engine's bytes,
// which makes their comparisons end at the first check, is a matter of
// speed: BenchmarkAssessPoints against BenchmarkAssessUninterned.)
func TestIntern(t *testing.T) {
	e := mustLoad(t, ras.ModelHours)
	as := benchAssessments(t, e, 200)
	for i := range as {
		before, err := e.Assess(&as[i])
		if err != nil {
			t.Fatal(err)
		}
		want := slices.Clone(as[i].Answers)
		e.Intern(&as[i])
		if !slices.Equal(as[i].Answers, want) {
			t.Fatalf("assessment %d: interning changed the answers", i)
		}
		after, err := e.Assess(&as[i])
		if err != nil {
			t.Fatal(err)
		}
		if !before.ExactWeekly().Equal(after.ExactWeekly()) || before.TotalPoints != after.TotalPoints {
			t.Fatalf("assessment %d: interning changed the result", i)
		}
	}
	a := as[0]
	a.Answers = append(slices.Clone(a.Answers), ras.Answer{Question: "no_such_question", Option: "x"})
	a.Answers[0].Option = "no_such_option"
	e.Intern(&a)
	if got := a.Answers[len(a.Answers)-1]; got.Question != "no_such_question" || got.Option != "x" {
		t.Errorf("unknown question interned as %+v", got)
	}
	if got := a.Answers[0].Option; got != "no_such_option" {
		t.Errorf("unknown option interned as %q", got)
	}
	if _, err := e.Assess(&a); !errors.Is(err, ras.ErrInvalidAnswer) {
		t.Errorf("assessing unknown ids after interning: got %v, want ErrInvalidAnswer", err)
	}
}
