package main

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/pathway/cld"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

// nationalSection is the "National measures" section: what the report and
// results.json need of the CLD stage (the file and the measures' records
// are dropped). Its JSON is documented in the README.
type nationalSection struct {
	Source    string        `json:"source"`
	Synthetic bool          `json:"synthetic"`
	Layout    string        `json:"layout"`
	Councils  []councilJSON `json:"councils"`
	Rows      cldRowsJSON   `json:"rows"`
	Quality   qualityJSON   `json:"data_quality"`
	// NoMeasures says why no measure was computed ("" when they were).
	NoMeasures  string      `json:"no_measures,omitempty"`
	Period      *periodJSON `json:"period"`
	PeriodBasis string      `json:"period_basis,omitempty"`
	Window      *windowJSON `json:"submission_window"`
	ImportBy    *string     `json:"import_by"` // null: every import
	RunDate     *string     `json:"run_date"`  // null: after every date in the file
	Population  bool        `json:"population_given"`
	// RatesUndefined says why the rates per 100,000 (ASCOF 2B and 2C) are
	// undefined: no population estimates given ("" when given).
	RatesUndefined string `json:"rates_undefined,omitempty"`
	// SALT, ASCOF and Waits are the tables over all councils, suppressed;
	// ASCOFByCouncil the outcome of each ASCOF measure at each council
	// (with more than one council).
	SALT           []gridJSON        `json:"salt"`
	ASCOF          []gridJSON        `json:"ascof"`
	ASCOFByCouncil []ascofCouncilRow `json:"ascof_by_council,omitempty"`
	Waits          *gridJSON         `json:"waiting_times"`
	// Notes are the measures' notes: what a derivation changed without
	// removing anything.
	Notes []string `json:"notes,omitempty"`
	// Files are the CSV files written, relative to -out.
	Files   []string        `json:"csv_files"`
	Pathway *pathwaySection `json:"pathway"`

	PopulationFile string `json:"-"`
	acct           *account
}

type councilJSON struct {
	Code string `json:"la_code"`
	Name string `json:"la_name"`
	Rows int    `json:"rows"`
}

// cldRowsJSON accounts for the file's rows.
type cldRowsJSON struct {
	Read       int           `json:"read"`
	Rejected   int           `json:"rejected"`
	RejectedBy []reasonCount `json:"rejected_by"`
	Examples   []string      `json:"rejected_examples,omitempty"`
	Accepted   int           `json:"accepted"`
	// The person rule over the whole file: rows keyed by NHS number, by
	// local id, and removed.
	ByNHS              int `json:"keyed_by_nhs_number"`
	ByLocal            int `json:"keyed_by_local_id"`
	RemovedSeenWithNHS int `json:"removed_local_id_seen_with_nhs_number"`
	RemovedNoID        int `json:"removed_no_id"`
	// Superseded rows are in submissions a later import supersedes.
	Superseded int      `json:"in_superseded_submissions"`
	Imports    int      `json:"imports"`
	Absent     []string `json:"absent_columns"`
	Skipped    []string `json:"skipped_columns,omitempty"`
}

// qualityJSON is the data-quality report of the accepted rows over all
// councils (by council in cld/data_quality.csv).
type qualityJSON struct {
	Fields []qualityField `json:"fields"`
	// Values lists the invalid values and variant spellings given on at
	// least 5 rows; ValuesOnFewerRows counts the distinct others (counted
	// in Fields, not listed), ValuesNotListed those the reader stopped
	// listing.
	Values            []qualityValue `json:"values"`
	ValuesOnFewerRows int            `json:"values_on_fewer_rows"`
	ValuesNotListed   int            `json:"values_not_listed"`
}

type qualityField struct {
	Field          string `json:"field"`
	Valid          int    `json:"valid"`
	Variant        int    `json:"variant_spelling"`
	Blank          int    `json:"blank"`
	BlankMandatory int    `json:"blank_mandatory"`
	Invalid        int    `json:"invalid"`
}

type qualityValue struct {
	Field      string `json:"field"`
	Status     string `json:"status"`
	Value      string `json:"value"`
	RecordedAs string `json:"recorded_as,omitempty"`
	Rows       int    `json:"rows"`
}

type periodJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// windowJSON is the submission window: imports after the instant at the
// start of ImportedAfter (NHS England's "ImportDate > '2024-03-31'") whose
// date is on or before ImportedBy.
type windowJSON struct {
	ImportedAfter string `json:"imported_after"`
	ImportedBy    string `json:"imported_by"`
}

// gridJSON is a table of a measure over all councils as published: a
// hidden count is null beside "suppressed": true.
type gridJSON struct {
	Measure   string        `json:"measure"`
	Table     string        `json:"table"`
	Title     string        `json:"title"`
	RowHeader string        `json:"row_header"`
	Columns   []string      `json:"columns"`
	Rows      []gridRowJSON `json:"rows"`
}

type gridRowJSON struct {
	Label string     `json:"label"`
	Total bool       `json:"total"`
	Cells []cellJSON `json:"cells"`
}

// cellJSON is one published cell: its text, its value (null when hidden or
// undefined) and whether suppression hides it.
type cellJSON struct {
	Text       string   `json:"text"`
	Value      *float64 `json:"value"`
	Suppressed bool     `json:"suppressed"`
}

// ascofCouncilRow is one council's figure of one ASCOF measure (its Total,
// or its one age band for 2B and 2C).
type ascofCouncilRow struct {
	Code           string `json:"la_code"`
	Name           string `json:"la_name"`
	Measure        string `json:"measure"`
	Disaggregation string `json:"disaggregation"`
	Numerator      count  `json:"numerator"`
	// Denominator is null when hidden, or (2B, 2C) when no population
	// estimate was given.
	Denominator *count   `json:"denominator"`
	Outcome     *float64 `json:"outcome"` // null when hidden or undefined
	Undefined   string   `json:"outcome_undefined,omitempty"`
	Suppressed  bool     `json:"suppressed"`

	text string // the outcome as the report shows it
}

func dateString(d pathway.Date) *string {
	if !d.Valid() {
		return nil
	}
	s := d.String()
	return &s
}

// setOptions records the period and the options of the measures.
func (ns *nationalSection) setOptions(p cld.Period, mo cld.MeasureOptions) {
	ns.Period = &periodJSON{p.Start.String(), p.End.String()}
	ns.Window = &windowJSON{pathway.DateOf(mo.Window.After).String(), mo.Window.By.String()}
	ns.ImportBy, ns.RunDate = dateString(mo.ImportBy), dateString(mo.RunDate)
}

// quality summarises the data-quality counts over all councils.
func (ns *nationalSection) quality(q *cld.Quality) {
	qj := qualityJSON{Fields: []qualityField{}, Values: []qualityValue{}, ValuesNotListed: q.ValuesDropped}
	for _, f := range q.Fields() {
		qj.Fields = append(qj.Fields, qualityField{Field: f, Valid: q.Count("", f, cld.StatusValid), Variant: q.Count("", f, cld.StatusVariant),
			Blank: q.Count("", f, cld.StatusBlank), BlankMandatory: q.Count("", f, cld.StatusBlankMandatory), Invalid: q.Count("", f, cld.StatusInvalid)})
	}
	type key struct {
		field, value, canon string
		status              cld.Status
	}
	sums := map[key]int{}
	for _, v := range q.Values {
		sums[key{v.Field, v.Value, v.Canonical, v.Status}] += v.Count
	}
	for k, n := range sums {
		if n < disclosure.DefaultThreshold {
			qj.ValuesOnFewerRows++
			continue
		}
		qj.Values = append(qj.Values, qualityValue{Field: k.field, Status: k.status.String(), Value: k.value, RecordedAs: k.canon, Rows: n})
	}
	slices.SortFunc(qj.Values, func(a, b qualityValue) int {
		return cmp.Or(cmp.Compare(b.Rows, a.Rows), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value))
	})
	ns.Quality = qj
}

// gridOf is a report grid as published.
func gridOf(g cld.Grid) gridJSON {
	out := gridJSON{Measure: g.Measure, Table: g.Name, Title: g.Title, RowHeader: g.RowHeader, Columns: slices.Clone(g.Cols)}
	for _, r := range g.Rows {
		row := gridRowJSON{Label: r.Label, Total: r.Total}
		for _, c := range r.Cells {
			cj := cellJSON{Text: c.Text, Suppressed: c.Status.Hidden()}
			if c.Defined && !cj.Suppressed {
				v := c.Value
				cj.Value = &v
			}
			row.Cells = append(row.Cells, cj)
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

// allGrid returns the all-councils grid of a table.
func allGrid(o cld.Output) (gridJSON, error) {
	gs, err := o.Grids(cld.CSVOptions{AllOnly: true})
	if err != nil {
		return gridJSON{}, err
	}
	if len(gs) != 1 {
		return gridJSON{}, fmt.Errorf("%d all-councils grids", len(gs))
	}
	return gridOf(gs[0]), nil
}

// slug is a file name made of s: lower-case letters and digits, other runs
// of characters "_".
func slug(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	return b.String()
}

// outputName names an output's CSV file.
func outputName(o cld.Output) string {
	switch t := o.(type) {
	case *cld.Table:
		return slug(t.Measure + " " + t.Name)
	case *cld.ASCOFTable:
		return "ascof_" + slug(t.Measure)
	case *cld.WaitTimesResult:
		return "waiting_times"
	}
	return "table"
}

// tables lays the suppressed results out for the report (all councils,
// and the ASCOF outcomes by council) and writes every table, every
// council's block included, and every step log as CSV into dir.
func (ns *nationalSection) tables(d *cld.Data, pub *cld.Results, dir string) error {
	seen := map[string]int{}
	write := func(name string, w func(*bufio.Writer) error) error {
		if seen[name]++; seen[name] > 1 {
			name += "_" + strconv.Itoa(seen[name])
		}
		name += ".csv"
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		if err := w(bw); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		ns.Files = append(ns.Files, filepath.Join(cldDir, name))
		return f.Close()
	}
	ns.SALT, ns.ASCOF = []gridJSON{}, []gridJSON{}
	for _, o := range pub.Outputs() {
		g, err := allGrid(o)
		if err != nil {
			return fmt.Errorf("CLD %s: %w", outputName(o), err)
		}
		switch t := o.(type) {
		case *cld.Table:
			ns.SALT = append(ns.SALT, g)
		case *cld.ASCOFTable:
			ns.ASCOF = append(ns.ASCOF, g)
			for _, n := range t.Notes {
				ns.Notes = append(ns.Notes, "ASCOF "+t.Measure+": "+n)
			}
		case *cld.WaitTimesResult:
			ns.Waits = &g
			for _, n := range t.Notes {
				ns.Notes = append(ns.Notes, "Waiting times: "+n)
			}
		}
		if err := write(outputName(o), func(w *bufio.Writer) error { return o.WriteCSV(w, cld.CSVOptions{}) }); err != nil {
			return err
		}
	}
	for _, x := range []struct {
		name  string
		steps cld.Steps
	}{
		{"sts001", pub.STS001.Steps}, {"sts002a", pub.STS002a.Steps}, {"sts002b", pub.STS002b.Steps},
		{"lts001a", pub.LTS001a.Steps}, {"lts001b", pub.LTS001b.Steps}, {"lts001c", pub.LTS001c.Steps},
		{"lts003", pub.LTS003.Steps}, {"lts004", pub.LTS004.Steps},
		{"ascof_2a", pub.ASCOF2A.Steps}, {"ascof_2b_2c", pub.ASCOF2BC.Steps}, {"ascof_2e", pub.ASCOF2E.Steps},
		{"ascof_3d", pub.ASCOF3D.Steps}, {"waiting_times", pub.Waits.Steps},
	} {
		if err := write(x.name+"_steps", func(w *bufio.Writer) error { return x.steps.WriteCSV(w) }); err != nil {
			return err
		}
	}
	if len(d.Councils) < 2 {
		return nil
	}
	for _, t := range pub.ASCOFTables() {
		done := map[[2]string]bool{}
		for k := range t.Rows {
			r := &t.Rows[k]
			if r.Council < 0 {
				continue
			}
			// The measure's Total, or its one disaggregation (2B, 2C).
			id := [2]string{r.Code + "\x00" + r.Name, r.Measure}
			if done[id] {
				continue
			}
			if r.Disaggregation != "Total" && slices.ContainsFunc(t.Rows, func(x cld.ASCOFRow) bool {
				return x.Council == r.Council && x.Measure == r.Measure && x.Disaggregation == "Total"
			}) {
				continue
			}
			done[id] = true
			ns.ASCOFByCouncil = append(ns.ASCOFByCouncil, ascofRowOf(r, t.Suppression))
		}
	}
	return nil
}

// ascofRowOf is one council's row of an ASCOF measure as published.
func ascofRowOf(r *cld.ASCOFRow, o disclosure.Options) ascofCouncilRow {
	out := ascofCouncilRow{Code: r.Code, Name: r.Name, Measure: r.Measure, Disaggregation: r.Disaggregation,
		Numerator: count{int(r.Numerator), r.NumeratorStatus.Hidden()}, Suppressed: r.OutcomeHidden()}
	if r.HasDenominator {
		out.Denominator = &count{int(r.Denominator), r.DenominatorStatus.Hidden()}
	}
	switch {
	case out.Suppressed:
		out.text = "*"
	case !r.Outcome.Defined():
		out.Undefined, out.text = r.Outcome.Undefined, "undefined"
	default:
		v := r.Outcome.Value
		out.Outcome, out.text = &v, r.Outcome.String()
	}
	return out
}
