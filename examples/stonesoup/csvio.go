package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/internal/field"
	"github.com/stonesoup-care/stonesoup/internal/strictjson"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
	"github.com/stonesoup-care/stonesoup/ras/eligibility"
)

// Files of a county folder (see README-section.md).
const (
	fileAssessments = "assessments.csv"
	fileEvents      = "events.csv"
	fileServices    = "services.csv"
	fileFinance     = "finance.csv"
	fileCarers      = "carers.csv"
	fileFindings    = "carer_findings.jsonl"
	fileChildren    = "children.csv"
	fileManifest    = "manifest.json"
)

// manifest describes a county folder. It is optional on input.
type manifest struct {
	// ExtractDate is the date the pathway data were extracted: waits still
	// open are censored there.
	ExtractDate string `json:"extract_date,omitempty"`
	// Model and ModelVersion name the RAS model the assessments answer.
	Model        string `json:"model,omitempty"`
	ModelVersion string `json:"model_version,omitempty"`
	// Source says where the data come from, for the report.
	Source string `json:"source,omitempty"`
}

// readCounty reads a county from the CSV files in o.In. Only
// assessments.csv is required; a missing file is an empty input, noted in
// the accounting.
func readCounty(ctx context.Context, o options, model *ras.Model, p *progress) (*county, error) {
	c, err := newCounty(o, model)
	if err != nil {
		return nil, err
	}
	c.source = "CSV files in " + o.In
	var mf manifest
	if b, err := os.ReadFile(filepath.Join(o.In, fileManifest)); err == nil {
		if mf, err = readManifest(b); err != nil {
			return nil, err
		}
		if mf.Model != "" && mf.Model != model.ID {
			return nil, fmt.Errorf("%s: model: the assessments answer model %q, not %q (use -model)", fileManifest, mf.Model, model.ID)
		}
		if mf.ModelVersion != "" && mf.ModelVersion != model.Version {
			return nil, fmt.Errorf("%s: model_version: the assessments answer %s version %q, not version %q", fileManifest, model.ID, mf.ModelVersion, model.Version)
		}
		if mf.Source != "" {
			c.source += " (" + mf.Source + ")"
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}

	open := func(kind, name string, required bool) (*os.File, error) {
		a := c.acct[kind]
		a.Source = name
		f, err := os.Open(filepath.Join(o.In, name))
		if errors.Is(err, fs.ErrNotExist) && !required {
			a.Source = name + " (not present)"
			return nil, nil
		}
		return f, err
	}

	// Assessments, into the compact store a chunk at a time; a row recorded
	// under another model or model version than the run's is rejected.
	want := recordedModel{model.ID, model.Version}
	if mf.ModelVersion != "" {
		want.version = mf.ModelVersion // the model's: checked above
	}
	if err := c.readAssessments(open, want); err != nil {
		return nil, err
	}
	a := c.acct[kindAssessments]
	p.step(fmt.Sprintf("read %d assessments", a.Read))

	// Pathway events and services. Finance is read by the pathway stage,
	// after the events are joined and dropped (see joinPathway); its header
	// is read now, for its errors, and its dates when they give the
	// extract date.
	type pwReader func(io.Reader) (*pathway.ReadReport, error)
	for _, x := range []struct {
		kind, name string
		read       pwReader
	}{
		{kindEvents, fileEvents, func(r io.Reader) (*pathway.ReadReport, error) {
			var rep *pathway.ReadReport
			var err error
			c.events, rep, err = pathway.ReadEvents(r)
			return rep, err
		}},
		{kindServices, fileServices, func(r io.Reader) (*pathway.ReadReport, error) {
			var rep *pathway.ReadReport
			var err error
			c.services, rep, err = pathway.ReadServices(r)
			return rep, err
		}},
	} {
		f, err := open(x.kind, x.name, false)
		if err != nil {
			return nil, err
		}
		if f == nil {
			continue
		}
		rep, err := x.read(bufio.NewReaderSize(f, 1<<20))
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", x.name, err)
		}
		a := c.acct[x.kind]
		a.Read, a.Accepted = rep.Rows, rep.Accepted
		for _, e := range rep.Rejected {
			a.reject(e.Line, e.Field, e.Err)
		}
	}
	financeEnd := pathway.NoDate
	if f, err := open(kindFinance, fileFinance, false); err != nil {
		return nil, err
	} else if f != nil {
		f.Close()
		c.financeFile = filepath.Join(o.In, fileFinance)
		if o.Extract == "" && mf.ExtractDate == "" {
			// The latest payment period's end, a chunk at a time.
			if err := c.readFinance(func(tx []pathway.Transaction, _ *pathway.ReadReport, _, _ int) error {
				for i := range tx {
					financeEnd = max(financeEnd, tx[i].PeriodEnd)
				}
				return nil
			}); err != nil {
				return nil, err
			}
		} else if err := c.financeHeader(); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.extract, err = extractDate(o.Extract, mf.ExtractDate, c, financeEnd); err != nil {
		return nil, err
	}
	p.step(fmt.Sprintf("read %d events and %d services", len(c.events), len(c.services)))

	// Carers and their findings.
	if f, err := open(kindCarers, fileCarers, false); err != nil {
		return nil, err
	} else if f != nil {
		res, err := carers.ReadCSV(bufio.NewReader(f), carers.ReadOptions{})
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fileCarers, err)
		}
		c.carerRecs = res.Carers
		a := c.acct[kindCarers]
		a.Read, a.Accepted = res.Rows, len(res.Carers)
		for _, r := range res.Rejected {
			var e *carers.RowError
			if len(r.Errors) > 0 {
				e = r.Errors[0]
				a.reject(r.Line, e.Field, e.Err)
			} else {
				a.reject(r.Line, "", errors.New("rejected"))
			}
		}
	}
	if f, err := open(kindFindings, fileFindings, false); err != nil {
		return nil, err
	} else if f != nil {
		err := c.readFindings(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fileFindings, err)
		}
	}

	// Children.
	if c.instrument, err = independence.Builtin(childInstrument); err != nil {
		return nil, err
	}
	if f, err := open(kindChildren, fileChildren, false); err != nil {
		return nil, err
	} else if f != nil {
		kids, rep, err := independence.ReadAssessmentsCSV(bufio.NewReader(f), c.instrument)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fileChildren, err)
		}
		c.children = kids
		a := c.acct[kindChildren]
		a.Read, a.Accepted = len(rep.Rows), rep.Accepted
		for _, r := range rep.Rows {
			if !r.Accepted {
				var e *independence.RowError
				field := ""
				if errors.As(r.Err, &e) {
					field = e.Field
				}
				a.reject(r.Line, field, firstJoined(r.Err))
			}
		}
	}
	p.step(fmt.Sprintf("read %d carer records, %d findings, %d children's assessments", len(c.carerRecs), len(c.findings), len(c.children)))
	return c, nil
}

// financeChunk is how many rows of finance.csv are read at a time when only
// their dates are wanted.
const financeChunk = 65536

// readFinance reads finance.csv with pathway.ReadTransactions, a chunk of
// rows at a time when it can (see csvChunks): use gets each chunk's
// transactions, its report, the number to add to its line numbers and the
// number of rows in the file (0 when not known).
func (c *county) readFinance(use func(tx []pathway.Transaction, rep *pathway.ReadReport, lineOffset, rows int) error) error {
	rows := 0
	read := func(r io.Reader, lineOffset int) error {
		tx, rep, err := pathway.ReadTransactions(bufio.NewReaderSize(r, 1<<20))
		if err != nil {
			return fmt.Errorf("%s: %w", fileFinance, err)
		}
		return use(tx, rep, lineOffset, rows)
	}
	count := func(_, _ []string) bool {
		rows++
		return true
	}
	ok, err := csvChunks(c.financeFile, financeChunk, count, read)
	if err != nil || ok {
		return err
	}
	rows = 0
	f, err := os.Open(c.financeFile)
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f, 0)
}

// financeHeader reads the header of finance.csv alone, for the errors a
// header can have.
func (c *county) financeHeader() error {
	f, err := os.Open(c.financeFile)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var head bytes.Buffer
	cr := csv.NewReader(io.TeeReader(br, &head))
	cr.FieldsPerRecord = -1
	var r io.Reader = io.MultiReader(&head, br) // the whole file, when the header cannot be read
	if _, err := cr.Read(); err == nil {
		// Only the header's bytes: the CSV reader reads ahead.
		head.Truncate(int(cr.InputOffset()))
		r = &head
	}
	if _, _, err := pathway.ReadTransactions(r); err != nil {
		return fmt.Errorf("%s: %w", fileFinance, err)
	}
	return nil
}

// assessmentChunk is how many rows of assessments.csv are read at a time.
const assessmentChunk = 16384

// readAssessments reads assessments.csv with ras.ReadCSV into the compact
// store, a chunk of rows at a time (see csvChunks): the same assessments,
// rejections and line numbers as reading the file whole, which it does
// instead when the file repeats an assessment id (ras.ReadCSV names the
// line of the first) or has a row encoding/csv cannot read.
func (c *county) readAssessments(open func(kind, name string, required bool) (*os.File, error), want recordedModel) error {
	f, err := open(kindAssessments, fileAssessments, true)
	if err != nil {
		return err
	}
	f.Close()
	c.as = newAssessments()
	a := c.acct[kindAssessments]
	name := filepath.Join(c.o.In, fileAssessments)
	// read reads the header and rows in r; again gives them once more, to
	// find the lines of rows recorded under another model (rare).
	read := func(r io.Reader, lineOffset int, again func() (io.ReadCloser, error)) error {
		as, rep, err := ras.ReadCSV(bufio.NewReaderSize(r, 1<<20), ras.ReadOptions{Model: c.model})
		if err != nil {
			return fmt.Errorf("%s: %w", fileAssessments, err)
		}
		var other map[string]error // assessment id → why its model is not the run's
		for i := range as {
			if err := want.check(&as[i]); err != nil {
				if other == nil {
					other = map[string]error{}
				}
				other[as[i].ID] = err
				continue
			}
			if err := c.as.add(&as[i]); err != nil {
				return fmt.Errorf("%s: %w", fileAssessments, err)
			}
		}
		a.Read += rep.Rows
		a.Accepted += rep.Accepted - len(other)
		rejected := make([]lineError, 0, len(rep.Rejected)+len(other))
		for _, e := range rep.Rejected {
			rejected = append(rejected, lineError{e.Line, e.Field, e})
		}
		if len(other) > 0 {
			rc, err := again()
			if err != nil {
				return err
			}
			lines, err := assessmentLines(rc, other)
			rc.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", fileAssessments, err)
			}
			for id, err := range other {
				rejected = append(rejected, lineError{lines[id], err.(*modelError).field, err})
			}
		}
		slices.SortStableFunc(rejected, func(x, y lineError) int { return cmp.Compare(x.line, y.line) })
		for _, e := range rejected {
			a.reject(e.line+lineOffset, e.field, e.err)
		}
		return nil
	}
	rows := assessmentChunk
	if c.o.assessmentChunk > 0 {
		rows = c.o.assessmentChunk
	}
	ok, err := csvChunks(name, rows, uniqueColumn("assessment_id", strings.TrimSpace), func(r io.Reader, lineOffset int) error {
		var chunk bytes.Buffer // the chunk again, for the lines of rows of another model
		return read(io.TeeReader(r, &chunk), lineOffset, func() (io.ReadCloser, error) { return io.NopCloser(&chunk), nil })
	})
	if err != nil || ok {
		return err
	}
	f, err = os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f, 0, func() (io.ReadCloser, error) { return os.Open(name) })
}

// lineError is a rejection with its line and field.
type lineError struct {
	line  int
	field string
	err   error
}

// recordedModel is the model and version of a run, which the rows of
// assessments.csv must have been recorded under (when they say).
type recordedModel struct{ id, version string }

// errOtherModel: an assessment recorded under another model, or another
// version of it, than the one the run scores with; its points would be
// another questionnaire's.
var errOtherModel = errors.New("recorded under another model or model version than the run scores with (the manifest's model_version, else -model's)")

// modelError is errOtherModel for one row: the field, and the model the
// row names (the job's own model ids and versions, not personal data).
type modelError struct {
	field, got, want string
}

func (e *modelError) Error() string {
	return fmt.Sprintf("%s %q, the run's is %q: %v", e.field, e.got, e.want, errOtherModel)
}

func (e *modelError) Unwrap() error { return errOtherModel }

// check returns a *modelError when a says it was recorded under another
// model or version (a blank model or model_version says nothing).
func (m recordedModel) check(a *ras.Assessment) error {
	if a.Model != "" && a.Model != m.id {
		return &modelError{"model", a.Model, m.id}
	}
	if a.ModelVersion != "" && a.ModelVersion != m.version {
		return &modelError{"model_version", a.ModelVersion, m.version}
	}
	return nil
}

// assessmentLines returns the line of the first record of the CSV in r
// whose assessment_id (spaces trimmed) is a key of ids, read as ras.ReadCSV
// reads it (a record encoding/csv cannot parse is skipped).
func assessmentLines(r io.Reader, ids map[string]error) (map[string]int, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := slices.IndexFunc(header, func(h string) bool { return strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")) == "assessment_id" })
	lines := map[string]int{}
	for len(lines) < len(ids) {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if col < 0 || col >= len(rec) {
			continue
		}
		id := strings.TrimSpace(rec[col])
		if _, ok := ids[id]; ok {
			if _, seen := lines[id]; !seen {
				line, _ := cr.FieldPos(0)
				lines[id] = line
			}
		}
	}
	return lines, nil
}

// readManifest reads manifest.json strictly (internal/strictjson: one
// object, no null, no key given twice, in another case or unknown, valid
// UTF-8, nothing after it; a byte-order mark at the start is skipped, as
// in the CSV files) and checks that its fields are text without control
// characters. An error names the file and the field.
func readManifest(b []byte) (manifest, error) {
	var mf manifest
	if err := strictjson.Decode(b, &mf); err != nil {
		return manifest{}, fmt.Errorf("%s: %w", fileManifest, err)
	}
	for _, f := range []struct{ name, value string }{
		{"extract_date", mf.ExtractDate}, {"model", mf.Model}, {"model_version", mf.ModelVersion}, {"source", mf.Source},
	} {
		if err := field.ID(f.value); err != nil {
			return manifest{}, fmt.Errorf("%s: %s: %w", fileManifest, f.name, err)
		}
	}
	return mf, nil
}

// firstJoined returns the first of joined errors, or err.
func firstJoined(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if es := j.Unwrap(); len(es) > 0 {
			return es[0]
		}
	}
	return err
}

// maxFindingsLine is the longest line of carer_findings.jsonl read (1 MiB):
// a longer line is rejected on its own and reading goes on.
const maxFindingsLine = 1 << 20

// readFindings reads carer_findings.jsonl: one JSON object per line, as
// eligibility.DecodeCarer reads it, whose id is "<carer_id>/<person_id>".
// Blank lines are skipped. A line longer than maxFindingsLine, a key given
// twice and trailing data reject that line only.
func (c *county) readFindings(r io.Reader) error {
	a := c.acct[kindFindings]
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for line := 1; ; line++ {
		var tooLong bool
		var err error
		buf, tooLong, err = readLine(br, buf[:0], maxFindingsLine)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("line %d: %w", line, err)
		}
		text := bytes.TrimSpace(bytes.TrimPrefix(buf, []byte("\uFEFF")))
		switch {
		case tooLong:
			a.Read++
			a.reject(line, "", fmt.Errorf("line longer than %d bytes", maxFindingsLine))
		case len(text) > 0:
			a.Read++
			c.readFinding(line, text)
		}
		if err != nil {
			return nil // io.EOF
		}
	}
}

// readFinding reads one line of carer_findings.jsonl.
func (c *county) readFinding(line int, text []byte) {
	a := c.acct[kindFindings]
	// DecodeCarer refuses keys given twice, null, unknown keys and
	// trailing data, naming the field.
	f, err := eligibility.DecodeCarer(bytes.NewReader(text))
	if err != nil {
		// The whole message: the innermost error of a JSON syntax
		// problem does not name the package.
		a.reject(line, "", errors.New(err.Error()))
		return
	}
	carer, person, ok := strings.Cut(f.ID, "/")
	if !ok || carer == "" || person == "" {
		a.reject(line, "id", errors.New(`id must be "<carer_id>/<person_id>"`))
		return
	}
	a.Accepted++
	c.findings = append(c.findings, carerFinding{Line: line, CarerID: carer, PersonID: person, Findings: f})
}

// readLine appends the next line of br (without its line end) to buf. A
// line longer than limit bytes is read to its end and dropped: tooLong is
// true and buf holds no more than limit bytes of it. err is io.EOF after the
// last line (which may be returned with it).
func readLine(br *bufio.Reader, buf []byte, limit int) (out []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > limit+2 { // room for "\r\n"
				tooLong = true
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		buf = bytes.TrimRight(buf, "\r\n")
		if tooLong {
			buf = buf[:0]
		}
		return buf, tooLong, err
	}
}

// extractDate is the -extract flag, else the manifest's, else the latest
// date in the pathway data (financeEnd is the latest end of a payment
// period, NoDate without finance).
func extractDate(flagValue, manifestValue string, c *county, financeEnd pathway.Date) (pathway.Date, error) {
	for _, s := range []string{flagValue, manifestValue} {
		if s != "" {
			d, err := pathway.ParseDate(s)
			if err != nil {
				return pathway.NoDate, fmt.Errorf("extract date: %w", err)
			}
			return d, nil
		}
	}
	var last pathway.Date
	for i := range c.events {
		last = max(last, c.events[i].Date)
	}
	for i := range c.services {
		last = max(last, c.services[i].Start, c.services[i].End)
	}
	if financeEnd.Valid() {
		last = max(last, financeEnd)
	}
	return last, nil
}

// writeAssessments writes the assessments as ras.WriteCSV does, a chunk at
// a time: the header once, then each chunk's rows.
func (c *county) writeAssessments(w io.Writer) error {
	var head bytes.Buffer
	if err := ras.WriteCSV(&head, c.model, nil); err != nil {
		return err
	}
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	var buf bytes.Buffer
	for chunk := range c.as.chunks(nil) {
		buf.Reset()
		if err := ras.WriteCSV(&buf, c.model, chunk); err != nil {
			return err
		}
		rows, ok := bytes.CutPrefix(buf.Bytes(), head.Bytes())
		if !ok {
			return errors.New("ras.WriteCSV wrote a different header for a chunk") // cannot happen
		}
		if _, err := w.Write(rows); err != nil {
			return err
		}
	}
	return nil
}

// writeCSV writes the county into dir in the formats readCounty reads.
func (c *county) writeCSV(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	write := func(name string, fn func(w io.Writer) error) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := fn(bw); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := bw.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	mf := manifest{ExtractDate: c.extract.String(), Model: c.model.ID, ModelVersion: c.model.Version, Source: c.source}
	if !c.extract.Valid() {
		mf.ExtractDate = ""
	}
	if err := write(fileManifest, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(mf)
	}); err != nil {
		return err
	}
	if err := write(fileAssessments, c.writeAssessments); err != nil {
		return err
	}
	// The pathway files are written by the pathway stage, as it joins the
	// records (see joinPathway).
	var err error
	if c.pathwayCSV, err = newPathwayCSV(dir); err != nil {
		return err
	}
	if err := write(fileCarers, func(w io.Writer) error { return carers.WriteCSV(w, c.carerRecs) }); err != nil {
		return err
	}
	if err := write(fileFindings, func(w io.Writer) error {
		for i := range c.findings {
			f := c.findings[i].Findings
			f.ID = c.findings[i].CarerID + "/" + c.findings[i].PersonID
			b, err := json.Marshal(&f)
			if err != nil {
				return err
			}
			if _, err := w.Write(append(b, '\n')); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return write(fileChildren, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		head := []string{"person_id", "assessed_on", "age_years"}
		for _, it := range c.instrument.Items {
			head = append(head, it.Code)
		}
		cw.Write(head)
		for i := range c.children {
			k := &c.children[i]
			row := []string{k.PersonID, k.Date.Format("2006-01-02"), strconv.FormatFloat(k.AgeYears, 'f', -1, 64)}
			for _, it := range c.instrument.Items {
				row = append(row, k.Levels[it.Code])
			}
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	})
}

// pathwayCSV writes the pathway files of -write-csv as the pathway stage
// goes.
type pathwayCSV struct {
	files [3]*os.File
	bufs  [3]*bufio.Writer
	csv   [3]*csv.Writer
}

var pathwayFiles = [3]string{fileEvents, fileServices, fileFinance}

// newPathwayCSV creates the pathway files in dir with their headers.
func newPathwayCSV(dir string) (*pathwayCSV, error) {
	w := &pathwayCSV{}
	heads := [3][]string{
		{"event_id", "person_id", "episode_id", "event_type", "event_date", "event_outcome", "service_id"},
		{"service_id", "person_id", "episode_id", "service_type", "start_date", "end_date", "provider", "planned_units_per_week", "unit_cost"},
		{"transaction_id", "person_id", "service_id", "period_start", "period_end", "amount"},
	}
	for k, name := range pathwayFiles {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			w.abandon()
			return nil, err
		}
		w.files[k] = f
		w.bufs[k] = bufio.NewWriterSize(f, 1<<20)
		w.csv[k] = csv.NewWriter(w.bufs[k])
		w.csv[k].Write(heads[k])
	}
	return w, nil
}

// write writes a part's records.
func (w *pathwayCSV) write(pt *pathwayPart) error {
	date := func(d pathway.Date) string {
		if !d.Valid() {
			return ""
		}
		return d.String()
	}
	for i := range pt.events {
		e := &pt.events[i]
		w.csv[0].Write([]string{e.EventID, e.PersonID, e.Episode, e.Type.String(), date(e.Date), e.Outcome, e.ServiceID})
	}
	for i := range pt.services {
		s := &pt.services[i]
		w.csv[1].Write([]string{s.ServiceID, s.PersonID, s.Episode, s.Type.String(), date(s.Start), date(s.End), s.Provider,
			s.PlannedUnitsPerWeek.String(), s.UnitCost.StringFixed(2)})
	}
	for i := range pt.tx {
		t := &pt.tx[i]
		w.csv[2].Write([]string{t.TransactionID, t.PersonID, t.ServiceID, date(t.PeriodStart), date(t.PeriodEnd), t.Amount.StringFixed(2)})
	}
	for k := range w.csv {
		if err := w.csv[k].Error(); err != nil {
			return fmt.Errorf("%s: %w", pathwayFiles[k], err)
		}
	}
	return nil
}

// close flushes and closes the files.
func (w *pathwayCSV) close() error {
	var errs []error
	for k := range w.files {
		w.csv[k].Flush()
		if err := w.csv[k].Error(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pathwayFiles[k], err))
		}
		if err := w.bufs[k].Flush(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", pathwayFiles[k], err))
		}
		if err := w.files[k].Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// abandon closes the files created so far.
func (w *pathwayCSV) abandon() {
	for _, f := range w.files {
		if f != nil {
			f.Close()
		}
	}
}
