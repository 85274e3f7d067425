package cld

import (
	"slices"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// The tables of a measure that count the same requests, episodes or
// people in different ways share totals: a reader could subtract one
// table's shown totals from another's to find a total or cell hidden in
// one of them. A measure's Suppress therefore suppresses its tables
// together (suppressTables), with a line for each total they share
// (tableLink). Table.Suppress protects one table on its own.

// Suppress returns a copy of the result whose tables are suppressed
// together with opt, each as Table.Suppress suppresses it, and linked:
// the requests of the three age bands' tables are those of the table by
// record type, so in every block the bands' totals of a row (a sequel)
// and the total of that row by record type are a line, and so are the
// bands' grand totals and that table's. Requests, steps and the cohort
// are shared with r.
func (r *STS001Result) Suppress(opt disclosure.Options) (*STS001Result, error) {
	ts := slices.Clone(r.Tables)
	var links []tableLink
	if r.ByKind != nil {
		ts = append(ts, r.ByKind)
		links = append(links, tableLink{parts: seq(len(r.Tables)), whole: len(r.Tables), rows: true, total: true})
	}
	sup, err := suppressTables(ts, links, opt)
	if err != nil {
		return nil, err
	}
	out := *r
	out.Tables = sup[:len(r.Tables)]
	if r.ByKind != nil {
		out.ByKind = sup[len(r.Tables)]
	}
	return &out, nil
}

// Suppress returns a copy of the result whose two tables are suppressed
// together with opt: they count the same episodes by the same sequels, so
// in every block a row's total by age band and its total by record type
// are a line (one count, published twice), and so are the grand totals.
// Episodes and steps are shared with r.
func (r *STS002aResult) Suppress(opt disclosure.Options) (*STS002aResult, error) {
	var ts []*Table
	for _, t := range []*Table{r.Table, r.ByKind} {
		if t != nil {
			ts = append(ts, t)
		}
	}
	var links []tableLink
	if len(ts) == 2 {
		links = []tableLink{{parts: []int{0}, whole: 1, rows: true, total: true}}
	}
	sup, err := suppressTables(ts, links, opt)
	if err != nil {
		return nil, err
	}
	out := *r
	if r.Table != nil {
		out.Table, sup = sup[0], sup[1:]
	}
	if r.ByKind != nil {
		out.ByKind = sup[0]
	}
	return &out, nil
}

// ltsLinks are the links between the tables of the long-term support
// measures, by table name: a whole and the parts that count its people.
//   - LTS001b: Tables 1a and 1b (aged 18 to 64, 65 and over) are parts of
//     Table 2 (every client), setting by setting and in all (clients
//     under 18 are in Table 2 only, and the step log counts them);
//     Tables 3a, 3b and 3c (male, female, other or unknown gender) are
//     parts of Table 2 in all; and where Table 3c, which has no settings,
//     is empty (emptyPart), 3a and 3b are parts of Table 2 setting by
//     setting. (Were they linked where 3c is not empty, the links would
//     say together that 3c is empty.)
//   - LTS004: Tables 2a, 2b and 2 (NULL/Invalid) (accommodation) count
//     the working-age clients of Table 1 (employment), gender by gender
//     and in all.
var ltsLinks = map[string][]struct {
	parts             []string
	whole             string
	rows, cols, total bool
	emptyPart         string
}{
	"LTS001b": {
		{parts: []string{"Table 1a", "Table 1b"}, whole: "Table 2", cols: true, total: true},
		{parts: []string{"Table 3a", "Table 3b"}, whole: "Table 2", cols: true, emptyPart: "Table 3c"},
		{parts: []string{"Table 3a", "Table 3b", "Table 3c"}, whole: "Table 2", total: true},
	},
	"LTS004": {
		{parts: []string{"Table 2a", "Table 2b", "Table 2 (NULL/Invalid)"}, whole: "Table 1", cols: true, total: true},
	},
}

// Suppress returns a copy of the result whose tables are suppressed
// together with opt, each as Table.Suppress suppresses it, and linked
// where one table's people are another's split differently (LTS001b's
// Tables 1a and 1b, and 3a, 3b and 3c, are parts of its Table 2; LTS004's
// accommodation tables count the people of its Table 1), so that no total
// hidden in one can be found from the others. People and steps are shared
// with r.
func (r *LTSResult) Suppress(opt disclosure.Options) (*LTSResult, error) {
	var links []tableLink
	index := func(name string) int {
		return slices.IndexFunc(r.Tables, func(t *Table) bool { return t.Name == name })
	}
links:
	for _, l := range ltsLinks[r.Measure] {
		tl := tableLink{whole: index(l.whole), rows: l.rows, cols: l.cols, total: l.total}
		if tl.whole < 0 {
			continue
		}
		if l.emptyPart != "" {
			e := index(l.emptyPart)
			if e < 0 {
				continue
			}
			t := r.Tables[e]
			tl.when = func(k int) bool {
				if k < len(t.Councils) {
					return t.Councils[k].Total == 0
				}
				return t.All.Total == 0
			}
		}
		for _, p := range l.parts {
			k := index(p)
			if k < 0 {
				continue links
			}
			tl.parts = append(tl.parts, k)
		}
		links = append(links, tl)
	}
	sup, err := suppressTables(r.Tables, links, opt)
	if err != nil {
		return nil, err
	}
	out := *r
	out.Tables = sup
	return &out, nil
}

// seq returns 0, 1, …, n−1.
func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}
