package cld

import (
	"encoding/csv"
	"io"
	"strconv"
)

// Step is one step of a measure's derivation: the rule applied, what is
// counted, and how many rows, clusters, records, clients or people there
// were before and after it. A step that removes nothing is still listed,
// so that the log reads as the measure's recipe; the steps of a log, in
// order, account for every row the measure started from.
type Step struct {
	// Rule says what the step keeps or does, in words.
	Rule string `json:"rule"`
	// Unit is what is counted: "rows", "request clusters", "episodes",
	// "records", "clients" (a person at a council), "people", "carers",
	// "admissions", "STS002a entries".
	Unit   string `json:"unit"`
	Before int    `json:"before"`
	After  int    `json:"after"`
}

// Removed is Before − After (negative when the step adds, as the code's
// joins on a blank outcome do).
func (s Step) Removed() int { return s.Before - s.After }

// Steps is a measure's step log, in order.
type Steps []Step

// add appends a step.
func (s *Steps) add(rule, unit string, before, after int) {
	*s = append(*s, Step{Rule: rule, Unit: unit, Before: before, After: after})
}

// count appends a step that counts without removing (Before = After = n).
func (s *Steps) count(rule, unit string, n int) { s.add(rule, unit, n, n) }

// prefixed appends the steps of another log with their rules prefixed
// (for example "STS001: ").
func (s *Steps) prefixed(prefix string, from Steps) {
	for _, x := range from {
		x.Rule = prefix + x.Rule
		*s = append(*s, x)
	}
}

// StepsCSVHeader is the header of Steps.WriteCSV.
var StepsCSVHeader = []string{"Rule", "Unit", "Before", "After", "Removed"}

// WriteCSV writes the steps as CSV, one line per step (StepsCSVHeader).
func (s Steps) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(StepsCSVHeader); err != nil {
		return err
	}
	for _, x := range s {
		if err := cw.Write([]string{x.Rule, x.Unit, strconv.Itoa(x.Before), strconv.Itoa(x.After), strconv.Itoa(x.Removed())}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// rowFilter is one exclusion of a measure's row selection.
type rowFilter struct {
	rule string           // what is kept, in words
	keep func(i int) bool // whether row i is kept
}

// filterRows applies the filters in order to the rows of base (every row
// when nil), logging one step per filter: a row left out is counted
// against the first filter it fails, so that the steps add up.
func filterRows(d *Data, base *RowSet, log *Steps, filters ...rowFilter) *RowSet {
	out := NewRowSet(d.Len())
	drop := make([]int, len(filters))
	n := 0
	d.each(base, func(i int) {
		n++
		for k := range filters {
			if !filters[k].keep(i) {
				drop[k]++
				return
			}
		}
		out.Add(i)
	})
	for k, f := range filters {
		log.add(f.rule, "rows", n, n-drop[k])
		n -= drop[k]
	}
	return out
}

// personSteps logs the person rule's two removals.
func personSteps(log *Steps, c PersonCounts) {
	m := c.Rows
	log.add("person rule: rows with only a local id that other rows carry with an NHS number are removed", "rows", m, m-c.RemovedSeenWithNHS)
	m -= c.RemovedSeenWithNHS
	log.add("person rule: rows with no person id are removed", "rows", m, m-c.RemovedNoID)
}
