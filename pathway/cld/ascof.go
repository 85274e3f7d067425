package cld

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// Figure is a computed statistic that may be undefined: a percentage
// whose denominator is zero, a rate without a population, a median that
// is not reached. Undefined figures are never NaN: Value is 0 and
// Undefined says why.
type Figure struct {
	Value float64
	// Undefined is "" when Value is defined, otherwise the reason
	// ("denominator is zero", "no population estimate given").
	Undefined string
}

// Defined reports whether the figure has a value.
func (f Figure) Defined() bool { return f.Undefined == "" }

// String formats a defined figure with one decimal place and an undefined
// one as "undefined".
func (f Figure) String() string {
	if !f.Defined() {
		return "undefined"
	}
	return strconv.FormatFloat(f.Value, 'f', 1, 64)
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

// ASCOFStep is one step of a measure's derivation: what it did, to which
// unit (rows, clients, people, clusters …), how many it removed and how
// many remain. The steps of a result, in order, account for every row
// the measure started from.
type ASCOFStep struct {
	// Step says what the step removed and why.
	Step string
	// Unit is what is counted: "rows", "clients" (a person at a council),
	// "people", "request clusters", "ST-Max clusters", "admissions".
	Unit    string
	Removed int
	// Left is how many remain after the step (in Unit).
	Left int
}

// ASCOFRow is one line of an ASCOF measure: a council (or all councils)
// and one part and disaggregation of the measure, with its numerator,
// denominator and outcome.
type ASCOFRow struct {
	// Council indexes Data.Councils; −1 is the total over every council
	// in the data (Code "", Name "All councils").
	Council int
	Code    string
	Name    string
	// Measure is the ASCOF measure code: "2A", "2B", "2C", "2E", "3D1a",
	// "3D2a", "3D1b" or "3D2b".
	Measure string
	// Disaggregation is "Total", "18 to 64", "65 and over", "Male" or
	// "Female", as NHS England publishes them.
	Disaggregation string
	Numerator      int64
	// Denominator is a count of the data, or (2B, 2C) a population
	// estimate; HasDenominator is false when no population was given.
	Denominator    int64
	HasDenominator bool
	// Outcome is Numerator / Denominator × 100 (× 100,000 for 2B and 2C).
	Outcome Figure
	// NumeratorStatus and DenominatorStatus say whether small-number
	// suppression (ASCOFTable.Suppress) hides the count; a population
	// denominator is never hidden. The outcome is hidden with either.
	NumeratorStatus, DenominatorStatus disclosure.Status
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
	Measure string
	Period  Period
	Rows    []ASCOFRow
	Steps   []ASCOFStep
	// Notes says what the derivation changed without removing anything
	// (for example statuses recorded as Unknown), in words.
	Notes []string
	// Suppressed says whether Suppress has set the rows' statuses, and
	// with which options.
	Suppressed  bool
	Suppression disclosure.Options
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
// applied to the counts (ras/disclosure's rule): for each measure code
// and each of numerator and denominator, the councils × disaggregations
// table of counts is suppressed as a table whose row, column and grand
// totals are published (so single hidden cells are protected by
// secondary suppression across councils and across disaggregations).
// The all-councils rows are the published column totals and are not
// themselves hidden. Population denominators (2B, 2C) are public figures
// and are not suppressed. An outcome is hidden with its numerator or
// denominator.
func (t *ASCOFTable) Suppress(opt disclosure.Options) (*ASCOFTable, error) {
	if err := opt.Validate(); err != nil {
		return nil, err
	}
	out := *t
	out.Rows = append([]ASCOFRow(nil), t.Rows...)
	out.Steps = append([]ASCOFStep(nil), t.Steps...)
	out.Notes = append([]string(nil), t.Notes...)
	out.Suppressed, out.Suppression = true, opt
	type cell struct{ council, dis int }
	for _, m := range ascofMeasures(out.Rows) {
		// councils and disaggregations of this measure, in order of appearance
		var councils []int
		var dises []string
		cIdx := map[int]int{}
		dIdx := map[string]int{}
		at := map[cell]int{}
		for i := range out.Rows {
			r := &out.Rows[i]
			if r.Measure != m || r.Council < 0 {
				continue
			}
			if _, ok := cIdx[r.Council]; !ok {
				cIdx[r.Council] = len(councils)
				councils = append(councils, r.Council)
			}
			if _, ok := dIdx[r.Disaggregation]; !ok {
				dIdx[r.Disaggregation] = len(dises)
				dises = append(dises, r.Disaggregation)
			}
			at[cell{cIdx[r.Council], dIdx[r.Disaggregation]}] = i
		}
		if len(councils) == 0 {
			continue
		}
		for part := 0; part < 2; part++ {
			counts := make([][]int, len(councils))
			have := false
			for ci := range councils {
				counts[ci] = make([]int, len(dises))
				for di := range dises {
					i, ok := at[cell{ci, di}]
					if !ok {
						continue
					}
					r := &out.Rows[i]
					if part == 0 {
						counts[ci][di] = int(r.Numerator)
						have = true
					} else if r.HasDenominator && !ascofPopulationDenominator(r.Measure) {
						counts[ci][di] = int(r.Denominator)
						have = true
					}
				}
			}
			if !have {
				continue
			}
			tab, err := disclosure.SuppressTable(counts, opt)
			if err != nil {
				return nil, fmt.Errorf("cld: suppressing ASCOF %s: %w", m, err)
			}
			for ci := range councils {
				for di := range dises {
					i, ok := at[cell{ci, di}]
					if !ok {
						continue
					}
					if part == 0 {
						out.Rows[i].NumeratorStatus = tab.Status[ci][di]
					} else if !ascofPopulationDenominator(m) {
						out.Rows[i].DenominatorStatus = tab.Status[ci][di]
					}
				}
			}
		}
	}
	return &out, nil
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

// ASCOFCSVOptions configures ASCOFTable.WriteCSV. The zero value writes
// outcomes with one decimal place, undefined figures as "undefined" and
// hidden counts with the table's suppression marks.
type ASCOFCSVOptions struct {
	// Decimals is the number of decimal places of outcomes; 0 means 1, as
	// NHS England publishes them; a negative value means full precision.
	Decimals int
	// UndefinedMark is written for an undefined outcome or a missing
	// population; "" means "undefined".
	UndefinedMark string
}

// ASCOFCSVHeader is the header of ASCOFTable.WriteCSV: the long layout of
// the ASCOF CSV data file NHS England and DHSC publish, one line per
// council, measure, disaggregation and measure type.
var ASCOFCSVHeader = []string{"Geographical code", "Geographical description", "Geographical level", "ONS code",
	"ASCOF measure code", "Disaggregation level", "Measure type", "Measure value"}

// WriteCSV writes the table in the published ASCOF long layout
// (ASCOFCSVHeader): for each row, its Numerator, Denominator and Outcome
// lines. CLD carries the council's ONS code (LA_Code) but not its CASSR
// code, so the ONS code is written as both the geographical code and the
// ONS code; the geographical level is "Local authority", or "All
// councils in the data" for the total rows (which are England only when
// the file holds every council). Hidden counts are written as the
// suppression marks and their outcomes likewise.
func (t *ASCOFTable) WriteCSV(w io.Writer, opt ASCOFCSVOptions) error {
	dec := opt.Decimals
	switch {
	case dec == 0:
		dec = 1
	case dec < 0:
		dec = -1
	}
	undef := opt.UndefinedMark
	if undef == "" {
		undef = "undefined"
	}
	sup := t.Suppression
	mark := func(s disclosure.Status) string {
		if s == disclosure.Secondary {
			if sup.SecondaryMark != "" {
				return sup.SecondaryMark
			}
			return "*"
		}
		if sup.PrimaryMark != "" {
			return sup.PrimaryMark
		}
		return "*"
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ASCOFCSVHeader); err != nil {
		return err
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		code, name, level, ons := r.Code, r.Name, "Local authority", r.Code
		if r.Council < 0 {
			code, name, level, ons = "All", "All councils", "All councils in the data", ""
		}
		num := strconv.FormatInt(r.Numerator, 10)
		if r.NumeratorStatus.Hidden() {
			num = mark(r.NumeratorStatus)
		}
		den := undef
		if r.HasDenominator {
			den = strconv.FormatInt(r.Denominator, 10)
		}
		if r.DenominatorStatus.Hidden() {
			den = mark(r.DenominatorStatus)
		}
		out := undef
		switch {
		case r.OutcomeHidden():
			if r.NumeratorStatus.Hidden() {
				out = mark(r.NumeratorStatus)
			} else {
				out = mark(r.DenominatorStatus)
			}
		case r.Outcome.Defined():
			out = strconv.FormatFloat(r.Outcome.Value, 'f', dec, 64)
		}
		for _, mv := range [][2]string{{"Numerator", num}, {"Denominator", den}, {"Outcome", out}} {
			if err := cw.Write([]string{code, name, level, ons, r.Measure, r.Disaggregation, mv[0], mv[1]}); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteStepsCSV writes the derivation steps as CSV: Step, Unit, Removed,
// Left.
func (t *ASCOFTable) WriteStepsCSV(w io.Writer) error { return writeStepsCSV(w, t.Steps) }

func writeStepsCSV(w io.Writer, steps []ASCOFStep) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"Step", "Unit", "Removed", "Left"}); err != nil {
		return err
	}
	for _, s := range steps {
		if err := cw.Write([]string{s.Step, s.Unit, strconv.Itoa(s.Removed), strconv.Itoa(s.Left)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
