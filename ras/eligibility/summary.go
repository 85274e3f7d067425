package eligibility

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Group keys one row of a summary table. Any strings are allowed; an empty
// field means "not grouped by this".
type Group struct {
	Cohort   string `json:"cohort"`
	Locality string `json:"locality"`
	Period   string `json:"period"`
}

// Names of the summary tables.
const (
	TableAdultEligibility   = "adult_eligibility"    // met, not met
	TableAdultConditions    = "adult_conditions"     // which condition failed (not exclusive)
	TableAdultOutcomes      = "adult_outcomes_unmet" // each of the ten outcomes (not exclusive)
	TableCarerEligibility   = "carer_eligibility"    // met, not met
	TableCarerRoutes        = "carer_routes"         // health route, outcome route (not exclusive)
	TableCarerOutcomes      = "carer_outcomes_unmet" // each of the eight outcomes (not exclusive)
	TableDSTSummary         = "dst_summary"          // clear, for judgement only, none
	TableDSTIndicators      = "dst_indicators"       // each of the four indicators (not exclusive)
	TableChecklistSummary   = "checklist_summary"    // positive, negative
	TableChecklistThreshold = "checklist_thresholds" // each of the four thresholds (not exclusive)
)

// counts is one table under construction: a count vector per group plus
// the group's denominator.
type counts struct {
	n    map[Group]int64
	cell map[Group][]int64
}

func (c *counts) add(g Group, ncols int, set func(row []int64)) {
	if c.n == nil {
		c.n = map[Group]int64{}
		c.cell = map[Group][]int64{}
	}
	row := c.cell[g]
	if row == nil {
		row = make([]int64, ncols)
		c.cell[g] = row
	}
	c.n[g]++
	set(row)
}

func (c *counts) merge(o *counts, ncols int) {
	for g, n := range o.n {
		c.add(g, ncols, func(row []int64) {
			for j, v := range o.cell[g] {
				row[j] += v
			}
		})
		c.n[g] += n - 1
	}
}

// Summary accumulates evaluation results by group and produces count
// tables. The zero value is ready to use. A Summary is not safe for
// concurrent use; accumulate one per goroutine and Merge them.
type Summary struct {
	adultElig, adultCond, adultOut  counts
	carerElig, carerRoute, carerOut counts
	dstSum, dstInd                  counts
	ckSum, ckThr                    counts
}

// AddAdult counts one adult result in group g.
func (s *Summary) AddAdult(g Group, r AdultResult) {
	s.adultElig.add(g, 2, func(row []int64) { row[b2i(!r.Met)]++ })
	s.adultCond.add(g, 3, func(row []int64) { addConditions(row, r.Failed) })
	s.adultOut.add(g, NumOutcomes, func(row []int64) { addBits(row, uint16(r.Unmet)) })
}

// AddCarer counts one carer result in group g.
func (s *Summary) AddCarer(g Group, r CarerResult) {
	s.carerElig.add(g, 2, func(row []int64) { row[b2i(!r.Met)]++ })
	s.carerRoute.add(g, 2, func(row []int64) {
		if r.HealthRoute {
			row[0]++
		}
		if r.Unmet != 0 {
			row[1]++
		}
	})
	s.carerOut.add(g, NumCarerOutcomes, func(row []int64) { addBits(row, uint16(r.Unmet)) })
}

// AddDST counts one DST result in group g.
func (s *Summary) AddDST(g Group, r DSTResult) {
	s.dstSum.add(g, 3, func(row []int64) {
		switch {
		case r.Clear():
			row[0]++
		case r.ForJudgement():
			row[1]++
		default:
			row[2]++
		}
	})
	s.dstInd.add(g, 4, func(row []int64) { addBits(row, uint16(r.Indicators)) })
}

// AddChecklist counts one Checklist result in group g.
func (s *Summary) AddChecklist(g Group, r ChecklistResult) {
	s.ckSum.add(g, 2, func(row []int64) { row[b2i(!r.FullAssessment())]++ })
	s.ckThr.add(g, 4, func(row []int64) { addBits(row, uint16(r.Flags)) })
}

// Merge adds the counts of o to s.
func (s *Summary) Merge(o *Summary) {
	for _, p := range s.parts(o) {
		p.dst.merge(p.src, p.def.ncols())
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func addBits(row []int64, b uint16) {
	for j := range row {
		if b&(1<<j) != 0 {
			row[j]++
		}
	}
}

func addConditions(row []int64, f Conditions) {
	if f.Has(ConditionNeedsArise) {
		row[0]++
	}
	if f.Has(ConditionEffect) {
		row[1]++
	}
	if f.Has(ConditionSignificantImpact) {
		row[2]++
	}
}

// tableDef describes one table's columns.
type tableDef struct {
	name, title string
	cols        []string
	colTitles   []string
	exclusive   bool
}

func (d tableDef) ncols() int { return len(d.cols) }

type part struct {
	def      tableDef
	dst, src *counts
}

func (s *Summary) parts(o *Summary) []part {
	if o == nil {
		o = &Summary{}
	}
	return []part{
		{defAdultElig, &s.adultElig, &o.adultElig},
		{defAdultCond, &s.adultCond, &o.adultCond},
		{defAdultOut, &s.adultOut, &o.adultOut},
		{defCarerElig, &s.carerElig, &o.carerElig},
		{defCarerRoute, &s.carerRoute, &o.carerRoute},
		{defCarerOut, &s.carerOut, &o.carerOut},
		{defDSTSum, &s.dstSum, &o.dstSum},
		{defDSTInd, &s.dstInd, &o.dstInd},
		{defCkSum, &s.ckSum, &o.ckSum},
		{defCkThr, &s.ckThr, &o.ckThr},
	}
}

var (
	defAdultElig = tableDef{TableAdultEligibility, "Adults: needs meet the eligibility criteria (SI 2015/313 reg. 2)",
		[]string{"met", "not_met"}, []string{"Met", "Not met"}, true}
	defAdultCond = tableDef{TableAdultConditions, "Adults: conditions of reg. 2(1) not met",
		[]string{"needs_arise", "effect", "significant_impact"},
		[]string{"(a) impairment or illness", "(b) two or more outcomes", "(c) significant impact on well-being"}, false}
	defAdultOut = tableDef{TableAdultOutcomes, "Adults: outcomes unable to achieve (reg. 2(2))",
		outcomeKeys[:], outcomeTexts[:], false}
	defCarerElig = tableDef{TableCarerEligibility, "Carers: needs meet the eligibility criteria (SI 2015/313 reg. 3)",
		[]string{"met", "not_met"}, []string{"Met", "Not met"}, true}
	defCarerRoute = tableDef{TableCarerRoutes, "Carers: routes of reg. 3(2)",
		[]string{"health_deteriorating", "outcome_unmet"},
		[]string{"(a) health deteriorating or at risk", "(b) unable to achieve an outcome"}, false}
	defCarerOut = tableDef{TableCarerOutcomes, "Carers: outcomes unable to achieve (reg. 3(2)(b))",
		carerOutcomeKeys[:], carerOutcomeTexts[:], false}
	defDSTSum = tableDef{TableDSTSummary, "NHS CHC DST: indicators of a primary health need (flags, not decisions)",
		[]string{"clear", "for_judgement_only", "none"},
		[]string{"Clear indicator", "May indicate (for MDT judgement) only", "No indicator"}, true}
	defDSTInd = tableDef{TableDSTIndicators, "NHS CHC DST: each indicator (flags, not decisions)",
		[]string{"priority", "two_severe", "severe_with_others", "high_moderate"},
		[]string{"Priority in any domain", "Two or more Severe", "One Severe with needs in other domains", "Several High/Moderate"}, false}
	defCkSum = tableDef{TableChecklistSummary, "NHS CHC Checklist: full assessment indicated",
		[]string{"positive", "negative"}, []string{"Positive", "Negative"}, true}
	defCkThr = tableDef{TableChecklistThreshold, "NHS CHC Checklist: thresholds reached",
		[]string{"two_a", "five_b", "one_a_four_b", "a_priority_domain"},
		[]string{"Two or more A", "Five or more B", "One A and four B", "A in an asterisked domain"}, false}
)

// Table is one summary table: one row per group, plus a final total row,
// with a count per column and the row's denominator N (the number of
// results counted in the group). Tables returned by Summary.Tables have
// been through small-number suppression: a hidden cell has a hidden Status
// and its Count set to 0, so a hidden count is never carried in the value.
type Table struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	Columns      []string `json:"columns"`       // column keys
	ColumnTitles []string `json:"column_titles"` // plain-English column names
	// Exclusive: every result falls in exactly one column, so a row's
	// counts sum to N. Otherwise a result may count in several columns or
	// in none, and the columns do not sum to N.
	Exclusive bool       `json:"exclusive"`
	Rows      []TableRow `json:"rows"`
}

// TableRow is one row of a Table.
type TableRow struct {
	Group Group `json:"group"`
	Total bool  `json:"total"` // the total row over all groups
	// N is the number of results counted in the row. It is published, as
	// the row total the suppression rule assumes.
	N int64 `json:"n"`
	// SmallN: N is below the suppression threshold. The row's counts are
	// suppressed as usual, but N itself is shown; merge such groups (for
	// example into longer periods) before publishing if the group size is
	// itself sensitive.
	SmallN bool                `json:"small_n"`
	Counts []int64             `json:"counts"`
	Status []disclosure.Status `json:"status"` // per column: shown, primary or secondary
}

// Hidden reports whether column j of the row must not be published.
func (r TableRow) Hidden(j int) bool { return r.Status[j].Hidden() }

// Rate returns Counts[j]/N and true. It returns 0 and false, the rate
// being undefined, when the cell is hidden by suppression, when N is 0, or
// when j is not a column: never NaN.
func (r TableRow) Rate(j int) (rate float64, ok bool) {
	if j < 0 || j >= len(r.Counts) || j >= len(r.Status) || r.Status[j].Hidden() || r.N == 0 {
		return 0, false
	}
	return float64(r.Counts[j]) / float64(r.N), true
}

// Ranked returns the column indexes of t ordered by the total row's count,
// largest first ("the outcomes most often unmet"). Columns whose total is
// hidden come last, in column order, so the order reveals nothing about
// them. Ties keep column order.
func (t *Table) Ranked() []int {
	idx := make([]int, len(t.Columns))
	for j := range idx {
		idx[j] = j
	}
	if len(t.Rows) == 0 {
		return idx
	}
	tot := t.Rows[len(t.Rows)-1]
	slices.SortStableFunc(idx, func(a, b int) int {
		ha, hb := tot.Hidden(a), tot.Hidden(b)
		switch {
		case ha && hb:
			return 0
		case ha:
			return 1
		case hb:
			return -1
		}
		return cmp.Compare(tot.Counts[b], tot.Counts[a])
	})
	return idx
}

// rawTables builds the unsuppressed tables (only those with data), rows
// sorted by cohort, locality and period, with a total row last.
func (s *Summary) rawTables() []Table {
	var out []Table
	for _, p := range s.parts(nil) {
		c := p.dst
		if len(c.n) == 0 {
			continue
		}
		t := Table{Name: p.def.name, Title: p.def.title, Columns: p.def.cols, ColumnTitles: p.def.colTitles, Exclusive: p.def.exclusive}
		groups := make([]Group, 0, len(c.n))
		for g := range c.n {
			groups = append(groups, g)
		}
		slices.SortFunc(groups, func(a, b Group) int {
			return cmp.Or(cmp.Compare(a.Cohort, b.Cohort), cmp.Compare(a.Locality, b.Locality), cmp.Compare(a.Period, b.Period))
		})
		total := TableRow{Total: true, Counts: make([]int64, p.def.ncols()), Status: make([]disclosure.Status, p.def.ncols())}
		for _, g := range groups {
			row := TableRow{Group: g, N: c.n[g], Counts: slices.Clone(c.cell[g]), Status: make([]disclosure.Status, p.def.ncols())}
			total.N += row.N
			for j, v := range row.Counts {
				total.Counts[j] += v
			}
			t.Rows = append(t.Rows, row)
		}
		t.Rows = append(t.Rows, total)
		out = append(out, t)
	}
	return out
}

// Tables returns every table that has data, after small-number suppression
// by package ras/disclosure with opts (the zero value means threshold 5,
// zeros shown). What is published with each table is: every shown cell,
// every row's N, and the total row. The suppression is applied so that no
// hidden cell can be recovered by subtraction from what is published:
//
//   - group rows of an exclusive table (each result in exactly one
//     column): disclosure.SuppressTable, since both the row totals (N) and
//     the column totals (the total row) are published;
//   - group rows of a non-exclusive table (a result may count in several
//     columns): disclosure.SuppressList on each column, whose total is the
//     published total-row cell (the row cells have no published sum);
//   - the total row: disclosure.SuppressList, with the grand N as its
//     published total for an exclusive table and with no total otherwise,
//     so that an area-wide count below the threshold is hidden too.
//
// opts.WithoutTotals is refused (the tables publish totals), as is a
// negative threshold; the error wraps ErrInvalidOptions.
func (s *Summary) Tables(opts disclosure.Options) ([]Table, error) {
	if opts.WithoutTotals {
		return nil, fmt.Errorf("%w: disclosure.Options.WithoutTotals: summary tables publish their totals", ErrInvalidOptions)
	}
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOptions, err)
	}
	threshold := int64(opts.Threshold)
	if threshold == 0 {
		threshold = disclosure.DefaultThreshold
	}
	tables := s.rawTables()
	for ti := range tables {
		t := &tables[ti]
		groups := t.Rows[:len(t.Rows)-1]
		total := &t.Rows[len(t.Rows)-1]
		ncol := len(t.Columns)
		if t.Exclusive {
			m := make([][]int, len(groups))
			for i, r := range groups {
				m[i] = toInts(r.Counts)
			}
			st, err := disclosure.SuppressTable(m, opts)
			if err != nil {
				return nil, fmt.Errorf("eligibility: table %s: %w", t.Name, err)
			}
			for i := range groups {
				copy(groups[i].Status, st.Status[i])
			}
		} else {
			col := make([]int, len(groups))
			for j := range ncol {
				for i, r := range groups {
					col[i] = int(r.Counts[j])
				}
				sl, err := disclosure.SuppressList(col, opts)
				if err != nil {
					return nil, fmt.Errorf("eligibility: table %s: %w", t.Name, err)
				}
				for i := range groups {
					groups[i].Status[j] = sl.Status[i]
				}
			}
		}
		topts := opts
		topts.WithoutTotals = !t.Exclusive
		sl, err := disclosure.SuppressList(toInts(total.Counts), topts)
		if err != nil {
			return nil, fmt.Errorf("eligibility: table %s: %w", t.Name, err)
		}
		copy(total.Status, sl.Status)
		for i := range t.Rows {
			r := &t.Rows[i]
			r.SmallN = r.N < threshold
			for j := range r.Counts {
				if r.Status[j].Hidden() {
					r.Counts[j] = 0
				}
			}
		}
	}
	return tables, nil
}

func toInts(v []int64) []int {
	out := make([]int, len(v))
	for i, x := range v {
		out[i] = int(x)
	}
	return out
}
