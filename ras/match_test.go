package ras_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

// TestMatchPaths checks that every way an answer can reach its question
// and option gives the same points: ids sharing the model's strings (found
// by address), ids with their own bytes (compared), answers out of model
// order, answers that skip questions, and a question with more options than
// the engine's per-question table holds.
func TestMatchPaths(t *testing.T) {
	tree := baseModel()
	// q2 gets 40 options worth 0..39 points: too many for a table.
	var many []any
	for i := range 40 {
		many = append(many, map[string]any{"id": fmt.Sprintf("o%02d", i), "label": "option", "points": i})
	}
	set(tree, "domains.0.questions.1.options", many)
	set(tree, "missing", "default")
	set(tree, "domains.0.questions.0.default", "a")
	set(tree, "domains.0.questions.1.default", "o00")
	set(tree, "domains.1.questions.0.default", "a")
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
