package ras

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Choice returns the answer choosing option for the choice question
// question. It checks nothing: AnswerBuilder checks ids as they are added.
func Choice(question, option string) Answer { return Answer{Question: question, Option: option} }

// Number returns the answer giving v to the number question question (an
// Answer with IsValue set). It checks nothing: AnswerBuilder checks the
// question and the range as they are added.
func Number(question string, v float64) Answer {
	return Answer{Question: question, Value: v, IsValue: true}
}

// AnswerBuilder builds the answers to one engine's questionnaire, checking
// each as it is added: the question exists and takes that kind of answer,
// the option is one of the question's, the number is in the question's
// range, and no question is answered twice. Make one with
// Engine.NewAnswers, add answers in any order, and call Answers:
//
//	as, err := e.NewAnswers().
//		Choice("washing", "some").
//		Number("informal_household_hours", 6).
//		Answers()
//
// The answers come back in the model's order of questions, with ids that
// share the engine's strings, which the engine matches fastest. Whether
// every question that applies is answered is checked when the assessment
// is assessed, since it depends on the cohort.
//
// An AnswerBuilder is not safe for concurrent use.
type AnswerBuilder struct {
	e     *Engine
	index []int32 // per question: the index of its answer in ans plus one, or 0
	ans   Answers
	errs  []error
}

// NewAnswers returns an AnswerBuilder for the engine's questionnaire.
func (e *Engine) NewAnswers() *AnswerBuilder {
	b := &AnswerBuilder{e: e}
	if err := e.ready(); err != nil {
		b.errs = append(b.errs, err)
		return b
	}
	b.index = make([]int32, len(e.qs))
	return b
}

func (b *AnswerBuilder) fail(question, format string, args ...any) {
	b.errs = append(b.errs, &FieldError{Path: "answers." + question, Msg: fmt.Sprintf(format, args...), Err: ErrInvalidAnswer})
}

// question finds question, checks that it is not yet answered and that it
// is a number question or not, and returns its index, or −1 after
// recording the error.
func (b *AnswerBuilder) question(question string, number bool) int {
	if b.index == nil {
		return -1 // the engine was not made by Compile
	}
	e := b.e
	qi := e.matchQuestion(question, 0)
	switch {
	case qi < 0:
		b.fail(question, "no such question in model %s", e.model.ID)
	case b.index[qi] != 0:
		b.fail(question, "answered twice")
	case e.qs[qi].number && !number:
		b.fail(question, "is a number question, from %v to %v: use Number", e.qs[qi].min, e.qs[qi].max)
	case !e.qs[qi].number && number:
		b.fail(question, "is a choice question (options %s): use Choice", b.optionList(qi))
	default:
		return qi
	}
	return -1
}

func (b *AnswerBuilder) optionList(qi int) string {
	sl := &b.e.slots[qi]
	return strings.Join(b.e.optIDs[sl.optFrom:sl.optTo], ", ")
}

func (b *AnswerBuilder) add(qi int, a Answer) {
	b.ans = append(b.ans, a)
	b.index[qi] = int32(len(b.ans))
}

// Choice adds the answer choosing option for the choice question question.
func (b *AnswerBuilder) Choice(question, option string) *AnswerBuilder {
	qi := b.question(question, false)
	if qi < 0 {
		return b
	}
	sl := &b.e.slots[qi]
	opts := b.e.optIDs[sl.optFrom:sl.optTo]
	oi := matchOption(opts, option)
	if oi < 0 {
		b.fail(question, "%q is not an option (options %s)", option, b.optionList(qi))
		return b
	}
	b.add(qi, Answer{Question: b.e.qids[qi], Option: opts[oi]})
	return b
}

// Number adds the answer giving v to the number question question.
func (b *AnswerBuilder) Number(question string, v float64) *AnswerBuilder {
	qi := b.question(question, true)
	if qi < 0 {
		return b
	}
	q := &b.e.qs[qi]
	if math.IsNaN(v) || v < q.min || v > q.max {
		b.fail(question, "%v is outside %v..%v", v, q.min, q.max)
		return b
	}
	b.add(qi, Answer{Question: b.e.qids[qi], Value: v, IsValue: true})
	return b
}

// Answers returns the answers added, in the model's order of questions, or
// every error found while adding them: each a *FieldError whose path names
// the answer ("answers.washing"), all unwrapping to ErrInvalidAnswer.
func (b *AnswerBuilder) Answers() (Answers, error) {
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	out := make(Answers, 0, len(b.ans))
	for _, k := range b.index {
		if k > 0 {
			out = append(out, b.ans[k-1])
		}
	}
	return slices.Clip(out), nil
}
