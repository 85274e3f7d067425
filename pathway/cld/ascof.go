package cld

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Figure is a computed statistic that may be undefined: a percentage
// whose denominator is zero, a rate without a population, a median that
// is not reached. Undefined figures are never NaN: Value is 0 and
// Undefined says why.
type Figure struct {
	Value float64 `json:"value"`
	// Undefined is "" when Value is defined, otherwise the reason
	// ("denominator is zero", "no population estimate given").
	Undefined string `json:"undefined,omitempty"`
}

// Defined reports whether the figure has a value.
func (f Figure) Defined() bool { return f.Undefined == "" }

// String formats a defined figure with one decimal place and an undefined
// one as "undefined".
func (f Figure) String() string { return f.format(1, "undefined") }

// format formats a defined figure with dec decimal places (−1: as few as
// represent it exactly) and an undefined one as undef.
func (f Figure) format(dec int, undef string) string {
	if !f.Defined() {
		return undef
	}
	return strconv.FormatFloat(f.Value, 'f', dec, 64)
}

func defined(v float64) Figure { return Figure{Value: v} }

func undefined(why string) Figure { return Figure{Undefined: why} }

// figureOf converts an estimate that uses NaN for "undefined" into a
// Figure.
func figureOf(v float64, why string) Figure {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return undefined(why)
	}
	return defined(v)
}

// ratio returns num/den × scale, undefined when den is zero.
func ratio(num, den int64, scale float64) Figure {
	if den <= 0 {
		return undefined("denominator is zero")
	}
	return defined(float64(num) / float64(den) * scale)
}

// ASCOFRow is one line of an ASCOF measure: a council (or all councils)
// and one part and disaggregation of the measure, with its numerator,
// denominator and outcome.
type ASCOFRow struct {
	// Council indexes Data.Councils; −1 is the total over every council
	// in the data (Code "", Name "All councils"), the sum of the
	// councils' counts.
	Council int    `json:"council"`
	Code    string `json:"la_code"`
	Name    string `json:"la_name"`
	// Measure is the ASCOF measure code: "2A", "2B", "2C", "2E", "3D1a",
	// "3D2a", "3D1b" or "3D2b".
	Measure string `json:"measure"`
	// Disaggregation is "Total", "18 to 64", "65 and over", "Male" or
	// "Female", as NHS England publishes them.
	Disaggregation string `json:"disaggregation"`
	Numerator      int64  `json:"numerator"`
	// Denominator is a count of the data, or (2B, 2C) a population
	// estimate; HasDenominator is false when no population was given.
	Denominator    int64 `json:"denominator"`
	HasDenominator bool  `json:"has_denominator"`
	// Outcome is Numerator / Denominator × 100 (× 100,000 for 2B and 2C).
	Outcome Figure `json:"outcome"`
	// NumeratorStatus and DenominatorStatus say whether small-number
	// suppression (ASCOFTable.Suppress) hides the count; a population
	// denominator is never hidden. The outcome is hidden with either.
	NumeratorStatus   disclosure.Status `json:"numerator_status"`
	DenominatorStatus disclosure.Status `json:"denominator_status"`
}

// OutcomeHidden reports whether the outcome must be hidden because a
// count it derives from is hidden.
func (r *ASCOFRow) OutcomeHidden() bool {
	return r.NumeratorStatus.Hidden() || r.DenominatorStatus.Hidden()
}

// ASCOFTable is the result of an ASCOF measure: one row per council,
// part and disaggregation (councils in Data.Councils order), then the
// rows over all councils, and the steps of the derivation.
type ASCOFTable struct {
	// Measure names the measure ("2A", "2B/2C", "2E", "3D").
	Measure string     `json:"measure"`
	Period  Period     `json:"period"`
	Rows    []ASCOFRow `json:"rows"`
	Steps   Steps      `json:"steps"`
	// Notes says what the derivation changed without removing anything
	// (for example statuses recorded as Unknown), in words.
	Notes []string `json:"notes,omitempty"`
	// Suppressed says whether Suppress has set the rows' statuses, and
	// with which options.
	Suppressed  bool               `json:"suppressed"`
	Suppression disclosure.Options `json:"suppression"`
}

// Row returns the row of a council code ("" for all councils), measure
// code and disaggregation, or nil.
func (t *ASCOFTable) Row(code, measure, disaggregation string) *ASCOFRow {
	for i := range t.Rows {
		r := &t.Rows[i]
		if r.Code == code && r.Measure == measure && r.Disaggregation == disaggregation {
			return r
		}
	}
	return nil
}

// Suppress returns a copy of the table with small-number suppression
// applied with opt, as every table of the package is suppressed (see
// Table.Suppress): for each measure code and each of numerator and
// denominator, the counts of every council and disaggregation and of all
// councils are cells, the Total disaggregation among them; a council's
// (or all councils') counts by age band (18 to 64, 65 and over) are a
// line whose total is its Total count, and so are its counts by gender
// (Male, Female); and the councils' counts of one disaggregation are a
// line whose total is the all-councils count. Small counts are hidden
// wherever they are, Totals and all-councils counts too, and no line is
// left with one hidden count. Population denominators (2B, 2C) are
// public figures and are not suppressed. An outcome is hidden with its
// numerator or denominator.
func (t *ASCOFTable) Suppress(opt disclosure.Options) (*ASCOFTable, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := *t
	out.Rows = slices.Clone(t.Rows)
	out.Steps = slices.Clone(t.Steps)
	out.Notes = slices.Clone(t.Notes)
	out.Suppressed, out.Suppression = true, opt
	for _, m := range ascofMeasures(out.Rows) {
		for part := range 2 {
			if part == 1 && ascofPopulationDenominator(m) {
				continue
			}
			// the rows of this measure, a cell each; by council (−1 all)
			// and disaggregation
			var s suppression
			var rows []int // index into out.Rows of each cell
			type key struct {
				council int
				dis     string
			}
			cellOf := map[key]int{}
			var councils []int
			var dises []string
			for i := range out.Rows {
				r := &out.Rows[i]
				if r.Measure != m || (part == 1 && !r.HasDenominator) {
					continue
				}
				n := r.Numerator
				if part == 1 {
					n = r.Denominator
				}
				k := key{r.Council, r.Disaggregation}
				if _, dup := cellOf[k]; dup {
					return nil, fmt.Errorf("cld: suppressing ASCOF %s: two rows of council %d, %s", m, r.Council, r.Disaggregation)
				}
				cellOf[k] = s.cell(int(n))
				rows = append(rows, i)
				if !slices.Contains(councils, r.Council) {
					councils = append(councils, r.Council)
				}
				if !slices.Contains(dises, r.Disaggregation) {
					dises = append(dises, r.Disaggregation)
				}
			}
			if len(rows) == 0 {
				continue
			}
			// a council's parts with its Total
			for _, c := range councils {
				total, ok := cellOf[key{c, "Total"}]
				if !ok {
					continue
				}
				for _, g := range ascofPartitions(dises) {
					var cells []int
					for _, dis := range g {
						if k, ok := cellOf[key{c, dis}]; ok {
							cells = append(cells, k)
						}
					}
					s.line(cells, total)
				}
			}
			// the councils' counts with all councils'
			for _, dis := range dises {
				all, ok := cellOf[key{-1, dis}]
				if !ok {
					continue
				}
				var cells []int
				for _, c := range councils {
					if k, ok := cellOf[key{c, dis}]; ok && c >= 0 {
						cells = append(cells, k)
					}
				}
				s.line(cells, all)
			}
			st, err := s.run(opt)
			if err != nil {
				return nil, fmt.Errorf("cld: suppressing ASCOF %s: %w", m, err)
			}
			for k, i := range rows {
				if part == 0 {
					out.Rows[i].NumeratorStatus = st[k]
				} else {
					out.Rows[i].DenominatorStatus = st[k]
				}
			}
		}
	}
	return &out, nil
}

// ascofPartitions groups a measure's disaggregations other than Total
// into the partitions of its Total: the age bands, the genders (each
// when all of it is there), and any other disaggregations together.
func ascofPartitions(dises []string) [][]string {
	known := [][]string{{"18 to 64", "65 and over"}, {"Male", "Female"}}
	var out [][]string
	var other []string
	whole := func(g []string) bool {
		return !slices.ContainsFunc(g, func(d string) bool { return !slices.Contains(dises, d) })
	}
	for _, g := range known {
		if whole(g) {
			out = append(out, g)
		}
	}
	for _, d := range dises {
		if d != "Total" && !slices.ContainsFunc(known, func(g []string) bool { return whole(g) && slices.Contains(g, d) }) {
			other = append(other, d)
		}
	}
	if len(other) > 0 {
		out = append(out, other)
	}
	return out
}

func ascofPopulationDenominator(measure string) bool { return measure == "2B" || measure == "2C" }

// ascofMeasures lists the distinct measure codes of rows in order.
func ascofMeasures(rows []ASCOFRow) []string {
	var ms []string
	seen := map[string]bool{}
	for i := range rows {
		if m := rows[i].Measure; !seen[m] {
			seen[m] = true
			ms = append(ms, m)
		}
	}
	return ms
}

// ASCOFCSVHeader is the header of ASCOFTable.WriteCSV: the long layout of
// the ASCOF CSV data file NHS England and DHSC publish, one line per
// council, measure, disaggregation and measure type.
var ASCOFCSVHeader = []string{"Geographical code", "Geographical description", "Geographical level", "ONS code",
	"ASCOF measure code", "Disaggregation level", "Measure type", "Measure value"}

func (t *ASCOFTable) isSuppressed() bool { return t.Suppressed }

// cells returns a row's numerator, denominator and outcome as published:
// hidden counts as their marks, a missing population and an undefined
// outcome as the undefined mark, an outcome hidden with either count.
func (t *ASCOFTable) cells(r *ASCOFRow, opt CSVOptions) [3]Cell {
	num := countCell(int(r.Numerator), r.NumeratorStatus, t.Suppression)
	den := Cell{Text: opt.undefined()}
	if r.HasDenominator || r.DenominatorStatus.Hidden() {
		den = countCell(int(r.Denominator), r.DenominatorStatus, t.Suppression)
	}
	s := r.NumeratorStatus
	if !s.Hidden() {
		s = r.DenominatorStatus
	}
	return [3]Cell{num, den, figureCell(r.Outcome, s, t.Suppression, opt)}
}

var ascofCols = []string{"Numerator", "Denominator", "Outcome"}

// Grids lays the table out as report tables: one per council and one for
// all councils (code "All"), a row per measure code and disaggregation
// ("2E: Male"), columns Numerator, Denominator and Outcome, cells as
// WriteCSV writes them.
func (t *ASCOFTable) Grids(opt CSVOptions) ([]Grid, error) {
	t, err := prepare(t, opt)
	if err != nil {
		return nil, err
	}
	var gs []Grid
	at := map[int]int{} // council → grid
	for i := range t.Rows {
		r := &t.Rows[i]
		if opt.AllOnly && r.Council >= 0 {
			continue
		}
		k, ok := at[r.Council]
		if !ok {
			g := Grid{Measure: t.Measure, Name: "ASCOF " + t.Measure, Title: ascofTitles[t.Measure], Code: r.Code, Council: r.Name,
				RowHeader: "Measure", Cols: ascofCols}
			if r.Council < 0 {
				g.Code, g.Council = "All", "All councils"
			}
			k = len(gs)
			at[r.Council] = k
			gs = append(gs, g)
		}
		c := t.cells(r, opt)
		gs[k].Rows = append(gs[k].Rows, GridRow{Label: r.Measure + ": " + r.Disaggregation, Cells: c[:]})
	}
	return gs, nil
}

// ascofTitles are the measures' titles as ASCOF words them.
var ascofTitles = map[string]string{
	"2A":    "The proportion of people who received short-term services during the year, who previously were not receiving services, where no further request was made for ongoing support",
	"2B/2C": "Long-term support needs met by admission to residential and nursing care homes, per 100,000 population: adults aged 18 to 64 (2B) and 65 and over (2C)",
	"2E":    "The proportion of people who receive long-term support who live in their home or with family",
	"3D":    "The proportion of people who use services who receive self-directed support (part 1) and direct payments (part 2): service users (a) and carers (b)",
}

// WriteCSV writes the table in the published ASCOF long layout
// (ASCOFCSVHeader): for each row, its Numerator, Denominator and Outcome
// lines. CLD carries the council's ONS code (LA_Code) but not its CASSR
// code, so the ONS code is written as both the geographical code and the
// ONS code; the geographical level is "Local authority", or "All
// councils in the data" for the total rows (which are England only when
// the file holds every council). Hidden counts are written as the
// suppression marks and their outcomes likewise.
func (t *ASCOFTable) WriteCSV(w io.Writer, opt CSVOptions) error {
	t, err := prepare(t, opt)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ASCOFCSVHeader); err != nil {
		return err
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if opt.AllOnly && r.Council >= 0 {
			continue
		}
		code, name, level, ons := r.Code, r.Name, "Local authority", r.Code
		if r.Council < 0 {
			code, name, level, ons = "All", "All councils", "All councils in the data", ""
		}
		for k, c := range t.cells(r, opt) {
			if err := cw.Write([]string{code, name, level, ons, r.Measure, r.Disaggregation, ascofCols[k], c.Text}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// ascofCounts accumulates numerators and denominators per council for
// one measure code and disaggregation.
type ascofCounts struct {
	measure, dis string
	num, den     []int64
}

func newASCOFCounts(d *Data, measure, dis string) *ascofCounts {
	return &ascofCounts{measure: measure, dis: dis, num: make([]int64, len(d.Councils)), den: make([]int64, len(d.Councils))}
}

// ascofRows turns counts into table rows: for each council in Data order
// the rows of every counts in turn, then the all-councils rows. scale is
// 100 for a percentage.
func ascofRows(d *Data, scale float64, counts ...*ascofCounts) []ASCOFRow {
	var rows []ASCOFRow
	for c := range d.Councils {
		for _, k := range counts {
			rows = append(rows, ASCOFRow{Council: c, Code: d.Councils[c].Code, Name: d.Councils[c].Name,
				Measure: k.measure, Disaggregation: k.dis, Numerator: k.num[c], Denominator: k.den[c],
				HasDenominator: true, Outcome: ratio(k.num[c], k.den[c], scale)})
		}
	}
	for _, k := range counts {
		var n, m int64
		for c := range d.Councils {
			n += k.num[c]
			m += k.den[c]
		}
		rows = append(rows, ASCOFRow{Council: -1, Name: "All councils", Measure: k.measure, Disaggregation: k.dis,
			Numerator: n, Denominator: m, HasDenominator: true, Outcome: ratio(n, m, scale)})
	}
	return rows
}
