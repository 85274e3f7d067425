package independence

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// DaysPerYear converts date differences to years (Julian year).
const DaysPerYear = 365.25

func yearsBetween(a, b time.Time) float64 { return b.Sub(a).Hours() / 24 / DaysPerYear }

// groupByPerson returns, per person in order of first appearance, the
// indices of their scores in input order, after checking that each
// person's dates increase strictly. Every out-of-order record is reported
// as a *RecordError (field "date", ErrDateOrder); all are joined.
func groupByPerson(scores []Score) ([][]int, error) {
	pos := map[string]int{}
	var groups [][]int
	var errs []error
	for i, s := range scores {
		if s.PersonID == "" {
			errs = append(errs, &RecordError{Record: i, Field: "person_id", Msg: "must not be empty", Err: ErrInvalidValue})
			continue
		}
		if s.Date.IsZero() {
			errs = append(errs, &RecordError{Record: i, PersonID: s.PersonID, Field: "date", Msg: "missing", Err: ErrInvalidValue})
			continue
		}
		g, ok := pos[s.PersonID]
		if !ok {
			g = len(groups)
			pos[s.PersonID] = g
			groups = append(groups, nil)
		} else if last := groups[g][len(groups[g])-1]; !s.Date.After(scores[last].Date) {
			errs = append(errs, &RecordError{Record: i, PersonID: s.PersonID, Field: "date", Value: s.Date.Format(time.DateOnly),
				Msg: fmt.Sprintf("not after the person's previous assessment (record %d, %s)", last, scores[last].Date.Format(time.DateOnly)),
				Err: ErrDateOrder})
			continue
		}
		groups[g] = append(groups[g], i)
	}
	return groups, errors.Join(errs...)
}

// SlopeMethod says how a trajectory's change per year is computed.
type SlopeMethod int

const (
	// SlopeOLS is the least-squares slope of total score on time in years
	// over all of the person's assessments (the default).
	SlopeOLS SlopeMethod = iota
	// SlopeFirstLast is (last − first total) / (years between them).
	SlopeFirstLast
)

func (m SlopeMethod) String() string {
	switch m {
	case SlopeOLS:
		return "ols"
	case SlopeFirstLast:
		return "first_last"
	}
	return fmt.Sprintf("SlopeMethod(%d)", int(m))
}

// TrajectoryOptions are the options of Trajectories. The zero value means
// the defaults.
type TrajectoryOptions struct {
	Method SlopeMethod // default SlopeOLS
}

// Trajectory summarises one person's total scores over reassessments.
type Trajectory struct {
	PersonID              string
	N                     int // number of assessments
	FirstDate, LastDate   time.Time
	Years                 float64 // LastDate − FirstDate in years of 365.25 days
	FirstAge, LastAge     float64
	FirstScore, LastScore float64
	// Defined is false when N < 2; ChangePerYear is then NaN.
	Defined bool
	// ChangePerYear is the change in total score per year by Method
	// (positive = becoming more independent).
	ChangePerYear float64
	Method        SlopeMethod
}

// Trajectories computes each person's change in total score per year.
// Scores of different people may be interleaved; each person's must be in
// strictly increasing date order (else *RecordError with ErrDateOrder).
// Results are in order of each person's first appearance.
func Trajectories(scores []Score, opt TrajectoryOptions) ([]Trajectory, error) {
	if opt.Method != SlopeOLS && opt.Method != SlopeFirstLast {
		return nil, fmt.Errorf("independence: Trajectories: unknown method %v: %w", opt.Method, ErrInvalidOptions)
	}
	groups, err := groupByPerson(scores)
	if err != nil {
		return nil, err
	}
	out := make([]Trajectory, len(groups))
	for g, idx := range groups {
		f, l := scores[idx[0]], scores[idx[len(idx)-1]]
		tr := Trajectory{PersonID: f.PersonID, N: len(idx), FirstDate: f.Date, LastDate: l.Date,
			Years: yearsBetween(f.Date, l.Date), FirstAge: f.AgeYears, LastAge: l.AgeYears,
			FirstScore: f.Total, LastScore: l.Total, ChangePerYear: math.NaN(), Method: opt.Method}
		if len(idx) >= 2 {
			tr.Defined = true
			if opt.Method == SlopeFirstLast {
				tr.ChangePerYear = (l.Total - f.Total) / tr.Years
			} else {
				tr.ChangePerYear = olsSlope(scores, idx)
			}
		}
		out[g] = tr
	}
	return out, nil
}

// olsSlope is the least-squares slope of Total on years since the first
// date, computed with centred sums.
func olsSlope(scores []Score, idx []int) float64 {
	t0 := scores[idx[0]].Date
	n := float64(len(idx))
	var mt, my float64
	for _, i := range idx {
		mt += yearsBetween(t0, scores[i].Date)
		my += scores[i].Total
	}
	mt /= n
	my /= n
	var sty, stt float64
	for _, i := range idx {
		dt := yearsBetween(t0, scores[i].Date) - mt
		sty += dt * (scores[i].Total - my)
		stt += dt * dt
	}
	return sty / stt
}

// TransitionMatrix counts moves between ordered states (levels or bands)
// from one assessment to the next.
type TransitionMatrix struct {
	States    []string
	Counts    [][]int // Counts[i][j]: moves from state i to state j
	RowTotals []int
	// Proportions[i][j] = Counts[i][j] / RowTotals[i]; a row with RowTotals
	// 0 is all NaN (no one started there).
	Proportions [][]float64
	Total       int // all counted moves
	Skipped     int // consecutive pairs not counted (a state missing, e.g. a total in no band)
}

func newTransitionMatrix(states []string) *TransitionMatrix {
	k := len(states)
	m := &TransitionMatrix{States: append([]string(nil), states...), Counts: make([][]int, k), RowTotals: make([]int, k), Proportions: make([][]float64, k)}
	for i := range m.Counts {
		m.Counts[i] = make([]int, k)
		m.Proportions[i] = make([]float64, k)
	}
	return m
}

func (m *TransitionMatrix) finish() {
	for i, row := range m.Counts {
		for j := range row {
			if m.RowTotals[i] == 0 {
				m.Proportions[i][j] = math.NaN()
			} else {
				m.Proportions[i][j] = float64(row[j]) / float64(m.RowTotals[i])
			}
		}
	}
}

// Transitions counts moves between states from sequences: seqs[p] is one
// person's states in time order (indices into states; −1 = unknown, pairs
// touching it are Skipped).
func Transitions(states []string, seqs [][]int) (*TransitionMatrix, error) {
	if len(states) == 0 {
		return nil, fmt.Errorf("independence: Transitions: no states: %w", ErrInvalidOptions)
	}
	m := newTransitionMatrix(states)
	for p, seq := range seqs {
		for k, s := range seq {
			if s < -1 || s >= len(states) {
				return nil, &RecordError{Record: p, Field: fmt.Sprintf("seq[%d]", k), Value: fmt.Sprint(s), Msg: "state index out of range", Err: ErrInvalidValue}
			}
			if k == 0 {
				continue
			}
			prev := seq[k-1]
			if prev < 0 || s < 0 {
				m.Skipped++
				continue
			}
			m.Counts[prev][s]++
			m.RowTotals[prev]++
			m.Total++
		}
	}
	m.finish()
	return m, nil
}

// ItemTransitions counts moves between the levels of one item of in over
// consecutive assessments of each person. States are the item's level
// labels, least independent first. Scores must come from in.
func ItemTransitions(in *Instrument, item string, scores []Score) (*TransitionMatrix, error) {
	ix, err := in.index()
	if err != nil {
		return nil, err
	}
	it, ok := ix.items[item]
	if !ok {
		return nil, fmt.Errorf("independence: ItemTransitions: item %q: %w (instrument %s)", item, ErrUnknownItem, in.ID)
	}
	if err := checkInstrument(in, scores); err != nil {
		return nil, err
	}
	groups, err := groupByPerson(scores)
	if err != nil {
		return nil, err
	}
	seqs := make([][]int, len(groups))
	for g, idx := range groups {
		for _, i := range idx {
			seqs[g] = append(seqs[g], scores[i].LevelIndex[it])
		}
	}
	return Transitions(levelLabels(ix.levels[it]), seqs)
}

// BandTransitions counts moves between the bands of in's total score over
// consecutive assessments of each person. Pairs where either total lies in
// no band are Skipped.
func BandTransitions(in *Instrument, scores []Score) (*TransitionMatrix, error) {
	if len(in.Bands) == 0 {
		return nil, fmt.Errorf("independence: BandTransitions: instrument %s has no bands: %w", in.ID, ErrInvalidOptions)
	}
	if err := checkInstrument(in, scores); err != nil {
		return nil, err
	}
	groups, err := groupByPerson(scores)
	if err != nil {
		return nil, err
	}
	states := make([]string, len(in.Bands))
	for i, b := range in.Bands {
		states[i] = b.Label
	}
	seqs := make([][]int, len(groups))
	for g, idx := range groups {
		for _, i := range idx {
			seqs[g] = append(seqs[g], in.bandIndex(scores[i].Total))
		}
	}
	return Transitions(states, seqs)
}

func checkInstrument(in *Instrument, scores []Score) error {
	for i, s := range scores {
		if s.InstrumentID != in.ID || len(s.LevelIndex) != len(in.Items) {
			return &RecordError{Record: i, PersonID: s.PersonID, Field: "instrument_id", Value: s.InstrumentID,
				Msg: "score was not produced by instrument " + in.ID, Err: ErrInvalidValue}
		}
	}
	return nil
}

func levelLabels(lv []Level) []string {
	out := make([]string, len(lv))
	for i, l := range lv {
		out[i] = l.Label
	}
	return out
}

// DeclineRule configures FlagDeclines. The zero value means the defaults.
type DeclineRule struct {
	// MaxAge: independence is expected to rise while the child is younger
	// than this (years) at the later assessment. Default 18.
	MaxAge float64
	// MinTotalDrop: flag when the total falls by at least this many points
	// between consecutive assessments. Default 0, meaning any fall (> 0).
	MinTotalDrop float64
	// IgnoreItems turns off the per-item reasons (an item's level falling).
	// Default false: item falls are reported, and flag on their own.
	IgnoreItems bool
	// ItemsExplainOnly lists item falls among the reasons only when the
	// pair is flagged for another reason (a total or z-score fall), so that
	// a single item moving down one level, as ratings fluctuate, does not
	// flag on its own. Default false. Ignored when IgnoreItems is set.
	ItemsExplainOnly bool
	// Reference, if set, is an LMS table of expected totals by age (in
	// years). A rise is then expected only where its median rises between
	// the two ages, and a z-score fall of at least ZDrop is also a reason.
	// Totals ≤ 0 or ages outside the table skip the z-score check.
	Reference *LMSTable
	// ZDrop is the z-score fall that flags when Reference is set. Default
	// 0.67 (two-thirds of an SD: the spacing of centile lines on nine-centile
	// charts). Set negative to disable the z-score reason.
	ZDrop float64
}

// Validate checks the rule's fields.
func (r DeclineRule) Validate() error {
	var errs []error
	if !finite(r.MaxAge) || r.MaxAge < 0 {
		errs = append(errs, &FieldError{Path: "max_age", Msg: fmt.Sprintf("must be finite and >= 0, got %v", r.MaxAge), Err: ErrInvalidOptions})
	}
	if !finite(r.MinTotalDrop) || r.MinTotalDrop < 0 {
		errs = append(errs, &FieldError{Path: "min_total_drop", Msg: fmt.Sprintf("must be finite and >= 0, got %v", r.MinTotalDrop), Err: ErrInvalidOptions})
	}
	if !finite(r.ZDrop) {
		errs = append(errs, &FieldError{Path: "z_drop", Msg: fmt.Sprintf("must be finite, got %v", r.ZDrop), Err: ErrInvalidOptions})
	}
	return errors.Join(errs...)
}

// Flag marks a child whose independence fell between two consecutive
// assessments when it was expected to rise. It is information for a
// practitioner, not a decision.
type Flag struct {
	PersonID  string
	Record    int // index of the later score in the input
	From, To  time.Time
	AgeFrom   float64
	AgeTo     float64
	TotalFrom float64
	TotalTo   float64
	Reasons   []string
}

// FlagDeclines compares each child's consecutive assessments (scores from
// in, each person's in increasing date order) and returns one Flag per pair
// with at least one reason, in input order of the later assessment.
func FlagDeclines(in *Instrument, scores []Score, rule DeclineRule) ([]Flag, error) {
	if err := rule.Validate(); err != nil {
		return nil, err
	}
	maxAge := rule.MaxAge
	if maxAge == 0 {
		maxAge = 18
	}
	zDrop := rule.ZDrop
	if zDrop == 0 {
		zDrop = 0.67
	}
	ix, err := in.index()
	if err != nil {
		return nil, err
	}
	if err := checkInstrument(in, scores); err != nil {
		return nil, err
	}
	groups, err := groupByPerson(scores)
	if err != nil {
		return nil, err
	}
	var flags []Flag
	for _, idx := range groups {
		for k := 1; k < len(idx); k++ {
			a, b := scores[idx[k-1]], scores[idx[k]]
			if !(b.AgeYears < maxAge) {
				continue
			}
			if rule.Reference != nil {
				m0, e0 := rule.Reference.Expected(a.AgeYears)
				m1, e1 := rule.Reference.Expected(b.AgeYears)
				if e0 == nil && e1 == nil && !(m1 > m0) {
					continue // the reference expects no rise here
				}
			}
			var reasons []string
			d := b.Total - a.Total
			if d < 0 && -d >= rule.MinTotalDrop {
				reasons = append(reasons, fmt.Sprintf("total fell from %s to %s (%s) between %s and %s, age %.1f to %.1f",
					fmtF(a.Total), fmtF(b.Total), fmtF(d), a.Date.Format(time.DateOnly), b.Date.Format(time.DateOnly), a.AgeYears, b.AgeYears))
			}
			totalReasons := len(reasons)
			var itemReasons []string
			if !rule.IgnoreItems {
				for i, it := range in.Items {
					if b.LevelIndex[i] < a.LevelIndex[i] {
						itemReasons = append(itemReasons, fmt.Sprintf("%s fell from %q to %q", it.Code,
							ix.levels[i][a.LevelIndex[i]].Label, ix.levels[i][b.LevelIndex[i]].Label))
					}
				}
			}
			if rule.Reference != nil && zDrop > 0 && a.Total > 0 && b.Total > 0 {
				z0, e0 := rule.Reference.Z(a.AgeYears, a.Total, LMSOptions{})
				z1, e1 := rule.Reference.Z(b.AgeYears, b.Total, LMSOptions{})
				if e0 == nil && e1 == nil && z0-z1 >= zDrop {
					reasons = append(reasons, fmt.Sprintf("z-score against %s fell from %.2f to %.2f (by %.2f, threshold %.2f)",
						refName(rule.Reference), z0, z1, z0-z1, zDrop))
				}
			}
			if len(reasons) > 0 || !rule.ItemsExplainOnly {
				// Item reasons after the total, before the z-score.
				reasons = slices.Insert(reasons, totalReasons, itemReasons...)
			}
			if len(reasons) > 0 {
				flags = append(flags, Flag{PersonID: b.PersonID, Record: idx[k], From: a.Date, To: b.Date,
					AgeFrom: a.AgeYears, AgeTo: b.AgeYears, TotalFrom: a.Total, TotalTo: b.Total, Reasons: reasons})
			}
		}
	}
	// Order by the later record's input position.
	sortFlags(flags)
	return flags, nil
}

func refName(t *LMSTable) string {
	if strings.TrimSpace(t.Name) == "" {
		return "the reference"
	}
	return t.Name
}

func sortFlags(f []Flag) {
	slices.SortStableFunc(f, func(a, b Flag) int { return a.Record - b.Record })
}
