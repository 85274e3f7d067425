package main

// The national measures: a Client Level Data (CLD) file (-cld FILE, or one
// generated from the synthetic county's persons with -synthetic-cld) is
// read once with pathway/cld; every SALT and ASCOF measure and the waiting
// times are computed once for the period, suppressed, laid out for the
// report and written as CSV into -out/cld; then the file's events are
// converted into pathway records (cld.Data.Pathway) and analysed as the
// Pathway section analyses the native pathway files, beside them. The
// stage runs before the county is made and drops the file when it ends,
// so that the two peaks of memory do not add up.

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/stonesoup-care/stonesoup/examples/internal/report"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/pathway/cld"
	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

const (
	// cldDir is the folder under -out of the CLD tables as CSV.
	cldDir = "cld"
	// kindCLD is the CLD file's line in the accounting.
	kindCLD = "CLD rows"
	// cldFile is the synthetic CLD file's name under -write-csv.
	cldFile = "cld.csv"
	// cldWindowDays is the default submission window: imports after the
	// period's last day and by this many days after it (NHS England's
	// 2023/24 run: after 31 March 2024, by 1 May 2024).
	cldWindowDays = 31
	// cldBatchRows is about how many rows of the file one batch of persons
	// of the pathway conversion holds (see cldPathway).
	cldBatchRows = 500_000
)

// ratesUndefined says why ASCOF 2B and 2C have no rate without -population.
const ratesUndefined = "no population estimates were given (-population FILE): the rates per 100,000 population of ASCOF 2B and 2C are undefined, and only their numerators (the admissions) are counted"

// cldSettings are the CLD flags, parsed.
type cldSettings struct {
	period cld.Period // the zero Period: from the file
	// periodFlag names the flag that set the period ("" when it comes from
	// the file).
	periodFlag                     string
	submittedBy, importBy, runDate pathway.Date
}

// cldWanted reports whether the run computes the national measures.
func (o *options) cldWanted() bool { return o.CLD != "" || o.SyntheticCLD }

// cldSettings parses the CLD flags.
func (o *options) cldSettings() (cldSettings, error) {
	var s cldSettings
	day := func(flag, v string) (pathway.Date, error) {
		if v == "" {
			return pathway.NoDate, nil
		}
		d, err := pathway.ParseDate(strings.TrimSpace(v))
		if err != nil {
			return pathway.NoDate, fmt.Errorf("-%s %q: want a date YYYY-MM-DD", flag, v)
		}
		return d, nil
	}
	var err error
	switch {
	case o.Period != 0 && (o.PeriodStart != "" || o.PeriodEnd != ""):
		return s, errors.New("-period and -period-start/-period-end: give one or the other")
	case o.Period != 0:
		if o.Period < 1990 || o.Period > 2090 {
			return s, fmt.Errorf("-period %d: want a financial year from 1990 to 2090 (2023 is April 2023 to March 2024)", o.Period)
		}
		s.period, s.periodFlag = cld.FinancialYear(o.Period), "-period"
	case o.PeriodStart != "" || o.PeriodEnd != "":
		if o.PeriodStart == "" || o.PeriodEnd == "" {
			return s, errors.New("-period-start and -period-end: give both")
		}
		if s.period.Start, err = day("period-start", o.PeriodStart); err != nil {
			return s, err
		}
		if s.period.End, err = day("period-end", o.PeriodEnd); err != nil {
			return s, err
		}
		if s.period.End < s.period.Start {
			return s, fmt.Errorf("-period-end %s is before -period-start %s", s.period.End, s.period.Start)
		}
		s.periodFlag = "-period-start and -period-end"
	}
	if s.submittedBy, err = day("submitted-by", o.SubmittedBy); err != nil {
		return s, err
	}
	if s.importBy, err = day("import-by", o.ImportBy); err != nil {
		return s, err
	}
	if s.runDate, err = day("run-date", o.RunDate); err != nil {
		return s, err
	}
	return s, nil
}

// validateCLD checks the CLD flags: they need -cld or -synthetic-cld.
func (o *options) validateCLD() error {
	if !o.cldWanted() {
		var given []string
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"-period", o.Period != 0}, {"-period-start", o.PeriodStart != ""}, {"-period-end", o.PeriodEnd != ""},
			{"-submitted-by", o.SubmittedBy != ""}, {"-import-by", o.ImportBy != ""}, {"-run-date", o.RunDate != ""},
			{"-population", o.Population != ""}, {"-cld-councils", o.CLDCouncils > 1},
		} {
			if f.set {
				given = append(given, f.name)
			}
		}
		if len(given) > 0 {
			return fmt.Errorf("%s: only with -cld FILE or -synthetic-cld", strings.Join(given, ", "))
		}
		return nil
	}
	switch {
	case o.CLD != "" && o.SyntheticCLD:
		return errors.New("-cld and -synthetic-cld: give one or the other")
	case o.SyntheticCLD && o.In != "":
		return errors.New("-synthetic-cld draws the synthetic county's persons: with -in, give the CLD file with -cld")
	case o.CLD != "" && o.CLDCouncils > 1:
		return errors.New("-cld-councils: only with -synthetic-cld")
	case o.CLDCouncils < 0 || o.CLDCouncils > 999:
		return fmt.Errorf("-cld-councils %d: want 1 to 999", o.CLDCouncils)
	}
	_, err := o.cldSettings()
	return err
}

// runCLD is the CLD stage: it reads (or generates) the file, computes the
// measures and the pathway from CLD, writes the tables as CSV into
// -out/cld, and returns what the report needs.
func runCLD(ctx context.Context, o options, p *progress) (*nationalSection, error) {
	set, err := o.cldSettings()
	if err != nil {
		return nil, err
	}
	ns := &nationalSection{acct: &account{Kind: kindCLD, Rejected: map[string]int{}, Excluded: map[string]int{}}}
	var pop map[string]cld.PopulationEstimate
	if o.Population != "" {
		f, err := os.Open(o.Population)
		if err != nil {
			return nil, fmt.Errorf("-population: %w", err)
		}
		pop, err = cld.ReadPopulation(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("-population %s: %w", o.Population, err)
		}
		ns.Population = true
		ns.PopulationFile = o.Population
	} else {
		ns.RatesUndefined = ratesUndefined
	}
	outDir := filepath.Join(o.Out, cldDir)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}

	d, err := readCLD(ctx, o, set, ns)
	if err != nil {
		return nil, err
	}
	p.step(fmt.Sprintf("CLD: read %d rows (%d accepted) of %s", d.Report.Rows, d.Report.Accepted, ns.Source))
	// The measures' soft memory limit, as pathway/cld recommends, set after
	// the read; never above a limit already set (GOMEMLIMIT), and the
	// limit before restored when the stage ends.
	prev := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(prev, cld.MemoryLimit(d)))
	defer func() {
		debug.SetMemoryLimit(prev)
		debug.FreeOSMemory()
	}()
	ns.accountRows(d)
	ns.quality(d.Report.Quality)
	if err := writeQualityCSV(filepath.Join(outDir, "data_quality.csv"), d.Report.Quality); err != nil {
		return nil, err
	}
	ns.Files = append(ns.Files, filepath.Join(cldDir, "data_quality.csv"))
	if d.Len() == 0 {
		ns.NoMeasures = "no row of the file was accepted"
		return ns, nil
	}

	per := set.period
	if set.periodFlag != "" {
		ns.PeriodBasis = "set by " + set.periodFlag
	} else {
		per = latestYear(d)
		ns.PeriodBasis = "the financial year of the file's latest reporting period"
	}
	mo := cld.MeasureOptions{
		Window:     cld.Window{After: per.End.Time(), By: per.End.AddDays(cldWindowDays)},
		ImportBy:   set.importBy,
		RunDate:    set.runDate,
		Population: pop,
	}
	if set.submittedBy.Valid() {
		mo.Window.By = set.submittedBy
	}
	ns.setOptions(per, mo)
	res, err := cld.Measures(d, per, mo)
	if err != nil {
		return nil, fmt.Errorf("CLD measures: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.step(fmt.Sprintf("CLD: SALT, ASCOF and waiting times for %s", per))
	pub, err := res.Suppress(disclosure.Options{})
	if err != nil {
		return nil, fmt.Errorf("CLD suppression: %w", err)
	}
	res = nil
	if err := ns.tables(d, pub, outDir); err != nil {
		return nil, err
	}
	pub = nil
	p.step(fmt.Sprintf("CLD: tables suppressed, %d CSV files written to %s", len(ns.Files), outDir))

	batch := cldBatchRows
	if o.cldBatchRows > 0 {
		batch = o.cldBatchRows
	}
	if ns.Pathway, err = cldPathway(ctx, d, per, workers(o.Workers), batch); err != nil {
		return nil, fmt.Errorf("the pathway from CLD: %w", err)
	}
	p.step(fmt.Sprintf("CLD: %d pathway events and %d services joined (pathway.Join): %d waits in the period",
		ns.Pathway.Records.Events, ns.Pathway.Records.Services, ns.Pathway.Waits))
	return ns, nil
}

// readCLD reads the CLD file, or generates the synthetic one from the
// county's persons and reads it as it is written (and, with -write-csv,
// writes it there too).
func readCLD(ctx context.Context, o options, set cldSettings, ns *nationalSection) (*cld.Data, error) {
	ropt := cld.Options{SkipUnknownColumns: true, MaxErrors: 100, MaxFindings: 1}
	if o.CLD != "" {
		f, err := os.Open(o.CLD)
		if err != nil {
			return nil, fmt.Errorf("-cld: %w", err)
		}
		defer f.Close()
		ns.Source = o.CLD
		d, err := cld.Read(f, ropt) // the file itself: Read sizes its columns from the file's size
		if err != nil {
			return nil, fmt.Errorf("-cld %s: %w", o.CLD, err)
		}
		ns.acct.Source = o.CLD
		return d, ctx.Err()
	}
	sopt := cld.SynthOptions{Seed: o.Seed, Persons: o.N, Councils: max(1, o.CLDCouncils)}
	if set.periodFlag != "" {
		sopt.Year = financialYearOf(set.period.End)
	}
	pr, pw := io.Pipe()
	var w io.Writer = pw
	var file *os.File
	if o.WriteCSV != "" {
		if err := os.MkdirAll(o.WriteCSV, 0o755); err != nil {
			return nil, err
		}
		var err error
		if file, err = os.Create(filepath.Join(o.WriteCSV, cldFile)); err != nil {
			return nil, err
		}
		w = io.MultiWriter(pw, file)
	}
	type synthOut struct {
		sum *cld.SynthSummary
		err error
	}
	done := make(chan synthOut, 1)
	go func() {
		sum, err := cld.Synthesize(w, sopt, nil)
		pw.CloseWithError(err) // nil: EOF
		done <- synthOut{sum, err}
	}()
	d, rerr := cld.Read(pr, ropt)
	pr.CloseWithError(errors.New("the reader stopped")) // unblocks the generator if the read failed
	out := <-done
	var ferr error
	if file != nil {
		ferr = file.Close()
	}
	if err := errors.Join(rerr, out.err, ferr); err != nil {
		return nil, fmt.Errorf("-synthetic-cld: %w", err)
	}
	s := out.sum
	ns.Synthetic = true
	ns.Source = fmt.Sprintf("seed %d, the county's %s, %s, %s", o.Seed, report.Count(o.N, "person", "persons"),
		report.Count(len(s.Councils), "council", "councils"), s.Layout)
	ns.acct.Source = "generated by cld.Synthesize"
	if file != nil {
		ns.acct.Source += ", also written to " + filepath.Join(o.WriteCSV, cldFile)
	}
	return d, ctx.Err()
}

// financialYearOf is the financial year (April to March) holding day d.
func financialYearOf(d pathway.Date) int {
	y, m, _ := d.Time().Date()
	if m < time.April {
		return y - 1
	}
	return y
}

// latestYear is the financial year of the latest reporting period end in
// the file.
func latestYear(d *cld.Data) cld.Period {
	end := pathway.NoDate
	for _, s := range d.Submissions {
		end = max(end, s.PeriodEnd)
	}
	return cld.FinancialYear(financialYearOf(end))
}

// accountRows accounts for every row of the file: read = rejected +
// accepted; the accepted rows that the person rule removes at file level
// are excluded (no measure can count them), the rest are used. Measures
// choose their own rows from them (see the step logs in -out/cld).
func (ns *nationalSection) accountRows(d *cld.Data) {
	rep := d.Report
	a := ns.acct
	a.Read, a.Accepted = rep.Rows, rep.Accepted
	for _, rc := range rep.RejectedBy {
		a.Rejected[reason("", rc.Reason)] += rc.Count
	}
	for _, e := range rep.Errors {
		if len(a.Examples) == 3 {
			break
		}
		a.Examples = append(a.Examples, fmt.Sprintf("line %d: %s", e.Line, reason(e.Field, e.Err)))
	}
	pc := rep.Persons
	if pc.RemovedSeenWithNHS > 0 {
		a.Excluded["only a local id that other rows give with an NHS number (the person rule)"] = pc.RemovedSeenWithNHS
	}
	if pc.RemovedNoID > 0 {
		a.Excluded["neither an NHS number nor a local id (the person rule)"] = pc.RemovedNoID
	}
	a.Used = rep.Accepted - pc.RemovedSeenWithNHS - pc.RemovedNoID
	if rep.Superseded > 0 {
		a.Notes = append(a.Notes, report.Count(rep.Superseded, "accepted row is", "accepted rows are")+
			" in submissions a later import of the same council and reporting period supersedes: kept, each measure chooses its submissions")
	}
	a.Notes = append(a.Notes, "each measure keeps the rows its own rules select; its step log in "+cldDir+"/*_steps.csv accounts for them")
	ns.Rows = cldRowsJSON{Read: rep.Rows, Accepted: rep.Accepted, Rejected: rep.Rejected, Superseded: rep.Superseded,
		ByNHS: pc.ByNHS, ByLocal: pc.ByLocal, RemovedSeenWithNHS: pc.RemovedSeenWithNHS, RemovedNoID: pc.RemovedNoID,
		Imports: len(d.Submissions), Absent: append([]string{}, rep.Absent...), RejectedBy: []reasonCount{}, Examples: slices.Clone(a.Examples)}
	for _, rc := range rep.RejectedBy {
		ns.Rows.RejectedBy = append(ns.Rows.RejectedBy, reasonCount{reason("", rc.Reason), rc.Count})
	}
	for _, c := range rep.Columns {
		if c.Use == "skipped" {
			ns.Rows.Skipped = append(ns.Rows.Skipped, c.Header)
		}
	}
	ns.Layout = d.Layout.String()
	rows := make([]int, len(d.Councils))
	for i := range d.Len() {
		rows[d.Council(i)]++
	}
	for k, c := range d.Councils {
		ns.Councils = append(ns.Councils, councilJSON{Code: c.Code, Name: c.Name, Rows: rows[k]})
	}
}

// writeQualityCSV writes the data-quality counts by council, field and
// status, and the invalid values and variant spellings given on at least
// disclosure.DefaultThreshold rows (a value given on fewer is counted, not
// written: it may be free text about someone), in cld.Quality.WriteCSV's
// layout.
func writeQualityCSV(name string, q *cld.Quality) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	// q.WriteCSV writes the counts, then one line per value: filter the
	// values with a copy of q keeping the frequent ones.
	qq := *q
	qq.Values = slices.DeleteFunc(slices.Clone(q.Values), func(v cld.ValueCount) bool { return v.Count < disclosure.DefaultThreshold })
	if err := qq.WriteCSV(w); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
