package carers

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Change compares the risk at a reassessment with the risk at the assessment before it.
type Change struct {
	Previous, Current Risk
	// ScoreDelta = Current.Score − Previous.Score; LevelDelta likewise for the level index.
	ScoreDelta int
	LevelDelta int
	// New and Cleared are bit sets over Indicator: fired now but not before, and the reverse.
	New, Cleared uint32
	// Days between the two assessment dates (0 if either date is missing).
	Days int
}

// Rising reports a higher score or level than at the previous assessment.
func (c Change) Rising() bool { return c.ScoreDelta > 0 || c.LevelDelta > 0 }

// Compare evaluates prev and cur (two assessments of the same caring relationship) and returns
// the change. It returns ErrMismatch when the carer or person ids differ and ErrDateOrder when
// cur is dated before prev (both as *RecordError).
func (m *RiskModel) Compare(prev, cur *Carer) (Change, error) {
	if prev.CarerID != cur.CarerID || prev.PersonID != cur.PersonID {
		return Change{}, &RecordError{Index: -1, Field: "carer_id", Err: detail(ErrMismatch, "assessments of different caring relationships")}
	}
	if !prev.AssessedOn.IsZero() && !cur.AssessedOn.IsZero() && cur.AssessedOn.Before(prev.AssessedOn) {
		return Change{}, &RecordError{Index: -1, Field: "assessed_on", Err: detail(ErrDateOrder, "reassessment dated before the previous assessment")}
	}
	return m.change(prev, cur, m.Assess(prev), m.Assess(cur)), nil
}

func (m *RiskModel) change(prev, cur *Carer, p, c Risk) Change {
	ch := Change{
		Previous: p, Current: c,
		ScoreDelta: int(c.Score) - int(p.Score),
		LevelDelta: int(c.Level) - int(p.Level),
		New:        c.Fired &^ p.Fired,
		Cleared:    p.Fired &^ c.Fired,
	}
	if !prev.AssessedOn.IsZero() && !cur.AssessedOn.IsZero() {
		ch.Days = int(cur.AssessedOn.Sub(prev.AssessedOn).Hours() / 24)
	}
	return ch
}

// PriorityOptions select and order the practitioners' list. The zero value lists every record
// at the first level or above, plus any whose score rose since the previous assessment.
type PriorityOptions struct {
	// MinLevel is the lowest level listed; "" means the first configured level.
	MinLevel string
	// OnlyAtLevel drops records below MinLevel even when their risk is rising.
	OnlyAtLevel bool
	// Limit keeps the first Limit entries; 0 means all.
	Limit int
}

// Priority is one entry of the practitioners' list.
type Priority struct {
	Rank     int
	CarerID  string
	PersonID string
	// Index of the record in the current slice handed to Prioritise.
	Index int
	Risk  Risk
	Level string
	// Change since the previous assessment; nil when there is none.
	Change *Change
	// Reasons the entry is listed: the indicators that fired, highest weight first.
	Reasons []Reason
	// NewSince lists indicators that fired now but not at the previous assessment.
	NewSince []Indicator
	// NotRecorded lists switched-on indicators the assessment did not record.
	NotRecorded []string
}

// Prioritise evaluates current and returns the records to put in front of practitioners, in
// priority order: level (high first), then score, then the rise in score since the previous
// assessment, then CarerID and PersonID for a stable order. previous holds earlier assessments
// (any order); for each current record the latest previous record of the same (CarerID,
// PersonID) dated on or before it is used for the change. Reasons are rendered only for the
// entries returned. Records that fail validation give a *RecordError naming the index in
// current (Field prefixed "previous." for the previous slice).
//
// The list is a set of flags for practitioners, never a safeguarding decision (see Disclaimer).
func (m *RiskModel) Prioritise(current, previous []Carer, opt PriorityOptions) ([]Priority, error) {
	minLevel := int8(0)
	if opt.MinLevel != "" {
		found := false
		for i, l := range m.levels {
			if l.Name == opt.MinLevel {
				minLevel, found = int8(i), true
			}
		}
		if !found {
			return nil, &ConfigError{Config: "priority options", Path: "MinLevel", Err: detail(ErrInvalidConfig, "unknown level %q", opt.MinLevel)}
		}
	}
	type key struct{ c, p string }
	prevByKey := make(map[key][]int, len(previous))
	for i := range previous {
		if err := previous[i].validate(i); err != nil {
			err.(*RecordError).Field = "previous." + err.(*RecordError).Field
			return nil, err
		}
		k := key{previous[i].CarerID, previous[i].PersonID}
		prevByKey[k] = append(prevByKey[k], i)
	}
	type cand struct {
		i    int
		r    Risk
		prev int
		ch   Change
	}
	var cands []cand
	for i := range current {
		c := &current[i]
		if err := c.validate(i); err != nil {
			return nil, err
		}
		r := m.Assess(c)
		best := -1
		for _, j := range prevByKey[key{c.CarerID, c.PersonID}] {
			p := &previous[j]
			if p == c || (!p.AssessedOn.IsZero() && !c.AssessedOn.IsZero() && p.AssessedOn.After(c.AssessedOn)) {
				continue
			}
			if best < 0 || p.AssessedOn.After(previous[best].AssessedOn) {
				best = j
			}
		}
		var ch Change
		if best >= 0 {
			ch = m.change(&previous[best], c, m.Assess(&previous[best]), r)
		}
		atLevel := r.Level >= minLevel
		rising := best >= 0 && ch.Rising()
		if atLevel || (rising && !opt.OnlyAtLevel) {
			cands = append(cands, cand{i: i, r: r, prev: best, ch: ch})
		}
	}
	sort.Slice(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if x.r.Level != y.r.Level {
			return x.r.Level > y.r.Level
		}
		if x.r.Score != y.r.Score {
			return x.r.Score > y.r.Score
		}
		if x.ch.ScoreDelta != y.ch.ScoreDelta {
			return x.ch.ScoreDelta > y.ch.ScoreDelta
		}
		cx, cy := &current[x.i], &current[y.i]
		if cx.CarerID != cy.CarerID {
			return cx.CarerID < cy.CarerID
		}
		if cx.PersonID != cy.PersonID {
			return cx.PersonID < cy.PersonID
		}
		return x.i < y.i
	})
	if opt.Limit > 0 && len(cands) > opt.Limit {
		cands = cands[:opt.Limit]
	}
	out := make([]Priority, len(cands))
	for k, cd := range cands {
		c := &current[cd.i]
		p := Priority{
			Rank: k + 1, CarerID: c.CarerID, PersonID: c.PersonID, Index: cd.i,
			Risk: cd.r, Level: m.LevelName(cd.r),
			Reasons:     m.Reasons(c, cd.r),
			NotRecorded: m.NotRecorded(cd.r),
		}
		if cd.prev >= 0 {
			ch := cd.ch
			p.Change = &ch
			for f := ch.New; f != 0; f &= f - 1 {
				p.NewSince = append(p.NewSince, Indicator(trailingZeros(f)))
			}
		}
		out[k] = p
	}
	return out, nil
}

// WritePriorities writes the list as plain text for practitioners, headed by the Disclaimer.
// Each entry shows rank, ids, level, score, change since the previous assessment and the
// reasons.
func (m *RiskModel) WritePriorities(w io.Writer, list []Priority) error {
	var b strings.Builder
	b.WriteString(Disclaimer)
	b.WriteString("\n")
	if len(list) == 0 {
		b.WriteString("No carers flagged.\n")
	}
	for _, p := range list {
		fmt.Fprintf(&b, "%d. carer %s, person %s: %s (score %d)", p.Rank, p.CarerID, p.PersonID, p.Level, p.Risk.Score)
		if p.Change != nil {
			switch {
			case p.Change.Rising():
				fmt.Fprintf(&b, ", rising %+d since previous assessment", p.Change.ScoreDelta)
			case p.Change.ScoreDelta < 0:
				fmt.Fprintf(&b, ", falling %+d since previous assessment", p.Change.ScoreDelta)
			default:
				b.WriteString(", unchanged since previous assessment")
			}
		}
		b.WriteString("\n")
		for _, r := range p.Reasons {
			fmt.Fprintf(&b, "   - %s\n", r)
		}
		for _, ind := range p.NewSince {
			fmt.Fprintf(&b, "   * new since previous assessment: %s\n", ind.Description())
		}
		if len(p.NotRecorded) > 0 {
			fmt.Fprintf(&b, "   ? not recorded: %s\n", strings.Join(p.NotRecorded, "; "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Date parses an ISO date (YYYY-MM-DD) in UTC, as ReadCSV reads dates; it also helps build
// records in code. A date whose year is outside 1900–2100 (a placeholder such as 0000-01-01 or
// 9999-12-31) gives ErrBadValue wrapping field.ErrYear.
func Date(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, detail(ErrBadValue, "want a date as YYYY-MM-DD")
	}
	if err := checkYear(t); err != nil {
		return time.Time{}, err
	}
	return t, nil
}
