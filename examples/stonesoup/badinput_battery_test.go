package main

// The bad-input battery of the main job's input folder (-in DIR): every
// file of the README's table gets, at its end, one row per column and
// hostile value, and the job must read the whole folder, reject or use
// every row with its line, and keep the accounting. The readers' own
// batteries (examples/internal/badinput) check each field's decision;
// this one checks that the job loses nothing the readers report and
// prints no NaN.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/carers"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
)

// batteryValues are the hostile values of the battery, one per kind of
// damage (the readers' batteries use many more).
var batteryValues = []string{"", " ", "\x00", "A\x00B", "\xff\xfe", "\uFEFFA1", "A\r\nB", `"`, strings.Repeat("9", 5000),
	"1e400", "-0", "0x1p3", "1_0", "Inf", "NaN", ".5", "5.", "12,50", "-5", "1e300", "0000-01-01", "9999-12-31",
	"2025-02-30", "2025-13-01", "2025-01-01T24:00:00", "13/01/2025", "not_a_value", "UPPER", "123", "NA", "null"}

// smallCounty copies the first rows of every file of the sample county
// into a new folder (all of carer_findings.jsonl and manifest.json).
func smallCounty(t *testing.T, rows int) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{fileManifest, fileAssessments, fileEvents, fileServices, fileFinance, fileCarers, fileFindings, fileChildren} {
		b, err := os.ReadFile(filepath.Join(sampleDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f, ".csv") {
			lines := strings.SplitAfter(string(b), "\n")
			b = []byte(strings.Join(lines[:min(len(lines), rows+1)], ""))
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// hostileRows returns, for a CSV file, one row per column and hostile
// value, each the file's first data row with that one cell changed (and
// its first column made unique, so that no row is a duplicate).
func hostileRows(t *testing.T, name string) (header []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	all, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, first := all[0], all[1]
	k := 0
	for j := range header {
		for _, v := range batteryValues {
			r := append([]string(nil), first...)
			if j != 0 && r[0] != "" {
				r[0] = fmt.Sprintf("%s-H%d", r[0], k)
			}
			r[j] = v
			rows = append(rows, r)
			k++
		}
	}
	return header, rows
}

func appendRows(t *testing.T, name string, rows [][]string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	appendTo(t, name, b.String())
}

// readerRejects is what the library reader makes of a file: rows read and
// rows rejected.
func readerRejects(t *testing.T, kind, name string, model *ras.Model) (read, rejected int) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	switch kind {
	case kindAssessments:
		as, rep, err := ras.ReadCSV(r, ras.ReadOptions{Model: model})
		if err != nil {
			t.Fatal(err)
		}
		// The job also rejects a row recorded under another model or
		// version than the run's.
		other := 0
		for i := range as {
			if (recordedModel{model.ID, model.Version}).check(&as[i]) != nil {
				other++
			}
		}
		return rep.Rows, len(rep.Rejected) + other
	case kindEvents, kindServices, kindFinance:
		var rep *pathway.ReadReport
		switch kind {
		case kindEvents:
			_, rep, err = pathway.ReadEvents(r)
		case kindServices:
			_, rep, err = pathway.ReadServices(r)
		default:
			_, rep, err = pathway.ReadTransactions(r)
		}
		if err != nil {
			t.Fatal(err)
		}
		return rep.Rows, len(rep.Rejected)
	case kindCarers:
		res, err := carers.ReadCSV(r, carers.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Rows, len(res.Rejected)
	case kindChildren:
		in, err := independence.Builtin(childInstrument)
		if err != nil {
			t.Fatal(err)
		}
		_, rep, err := independence.ReadAssessmentsCSV(r, in)
		if err != nil {
			t.Fatal(err)
		}
		return len(rep.Rows), rep.Rejected
	}
	t.Fatalf("no reader for %s", kind)
	return 0, 0
}

// noNaN fails if an output file prints NaN or an infinity.
func noNaN(t *testing.T, what, dir string) {
	t.Helper()
	for _, f := range []string{resultsFile, reportFile, "report.html"} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			continue
		}
		for _, bad := range []string{"NaN", "+Inf", "-Inf", "Infinity"} {
			for off := 0; ; {
				i := bytes.Index(b[off:], []byte(bad))
				if i < 0 {
					break
				}
				i += off
				off = i + len(bad)
				// The input's own text: a value quoted in a rejection's
				// reason, or a group's label (a locality "NaN") at the start
				// of a table row.
				before, after := string(b[max(0, i-8):i]), string(b[off:min(len(b), off+8)])
				quoted := strings.HasSuffix(before, `"`) && (strings.HasPrefix(after, `"`) || strings.HasPrefix(after, `\"`)) ||
					strings.HasSuffix(before, `&#34;`) && strings.HasPrefix(after, `&#34;`)
				label := strings.HasSuffix(before, "\n| ") && strings.HasPrefix(after, " |") ||
					strings.HasSuffix(before, "<tr><td>") || strings.HasSuffix(before, `row">`) && strings.HasPrefix(after, "</th>")
				if quoted || label {
					continue
				}
				t.Errorf("%s: %s prints %q: …%s…", what, f, bad, b[max(0, i-80):min(len(b), i+40)])
			}
		}
	}
}

// TestBadInputBattery puts the hostile rows into each CSV file of a small
// county in turn and runs the job.
func TestBadInputBattery(t *testing.T) {
	t.Parallel()
	model, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct{ kind, file string }{
		{kindAssessments, fileAssessments}, {kindEvents, fileEvents}, {kindServices, fileServices},
		{kindFinance, fileFinance}, {kindCarers, fileCarers}, {kindChildren, fileChildren},
	} {
		t.Run(x.file, func(t *testing.T) {
			t.Parallel()
			in := smallCounty(t, 40)
			name := filepath.Join(in, x.file)
			_, rows := hostileRows(t, name)
			appendRows(t, name, rows)
			read, rejected := readerRejects(t, x.kind, name, model)
			dir := t.TempDir()
			o := options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true, Out: dir, Quiet: true}
			var out, errb bytes.Buffer
			if err := run(context.Background(), o, &out, &errb); err != nil {
				t.Fatalf("%s with %d hostile rows: the run stopped: %v", x.file, len(rows), err)
			}
			var res map[string]any
			b, err := os.ReadFile(filepath.Join(dir, resultsFile))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &res); err != nil {
				t.Fatal(err)
			}
			acct := checkAccounting(t, res)[x.kind]
			if got := acct["read"].(float64); int(got) != read {
				t.Errorf("%s: the job read %v rows, the reader %d", x.file, got, read)
			}
			if got := sumValues(reasons(t, acct, "rejected")); int(got) != rejected {
				t.Errorf("%s: the job rejected %v rows, the reader %d", x.file, got, rejected)
			}
			ex, _ := acct["rejected_examples"].([]any)
			for _, e := range ex {
				if !strings.HasPrefix(e.(string), "line ") {
					t.Errorf("%s: a rejection names no line: %q", x.file, e)
				}
			}
			noNaN(t, x.file, dir)
		})
	}
}

// TestBadInputFindingsLines: hostile lines of carer_findings.jsonl are
// rejected one by one, each with its line.
func TestBadInputFindingsLines(t *testing.T) {
	t.Parallel()
	in := smallCounty(t, 40)
	good := `{"id":"P0000002/X0000002","necessary_care":true,"health_deteriorating":false,"outcomes":{},"well_being":[],"significant_impact":false}`
	var lines []string
	for _, v := range batteryValues {
		for _, key := range []string{"id", "necessary_care", "outcomes", "well_being"} {
			var m map[string]json.RawMessage
			if err := json.Unmarshal([]byte(good), &m); err != nil {
				t.Fatal(err)
			}
			q, _ := json.Marshal(v)
			if !json.Valid([]byte(v)) {
				m[key] = q
			} else {
				m[key] = json.RawMessage(v)
			}
			b, _ := json.Marshal(m)
			lines = append(lines, string(b))
		}
		lines = append(lines, v) // the value as a whole line
	}
	lines = append(lines, `{"id":"C/P","ID":"C/Q"}`, good+" trailing", "\uFEFF"+good, strings.Repeat(" ", 2<<20)+good, "{", "[]", "null")
	appendTo(t, filepath.Join(in, fileFindings), "\n"+strings.Join(lines, "\n")+"\n")
	dir, res, _ := runCounty(t, options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	acct := checkAccounting(t, res)[kindFindings]
	ex, _ := acct["rejected_examples"].([]any)
	for _, e := range ex {
		if !strings.HasPrefix(e.(string), "line ") {
			t.Errorf("a rejection names no line: %q", e)
		}
	}
	noNaN(t, fileFindings, dir)
}

// TestBadInputManifest: manifests the job must refuse, naming the file,
// and those it must read.
func TestBadInputManifest(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		manifest string
		ok       bool
	}{
		{`{}`, true},
		{"\uFEFF{}", true},
		{`{"extract_date": "2025-01-01"}`, true},
		{`{"extract_date": "0000-01-01"}`, false},
		{`{"extract_date": "9999-12-31"}`, false},
		{`{"extract_date": "2025-02-30"}`, false},
		{`{"extract_date": "2025-13-01"}`, false},
		{`{"extract_date": "01/13/2025"}`, false},
		{`{"extract_date": ""}`, true},
		{`{"extract_date": null}`, false},
		{`{"extract_date": 20250101}`, false},
		{`{"Extract_Date": "2025-01-01"}`, false},
		{`{"EXTRACT_DATE": "2025-01-01"}`, false},
		{`{"model": "STONESOUP-POINTS"}`, false},
		{`{"model": "stonesoup-points", "model_version": " 1.0.0"}`, false},
		{`{"model_version": "1.0.0\u0000"}`, false},
		{"{\"source\": \"\xff\"}", false},
		{`{"source": "a\u0000b"}`, false},
		{`{"source": 5}`, false},
		{`[]`, false},
		{`null`, false},
		{``, false},
		{`{"extract_date": "2025-01-01"`, false},
		{`{"extract_date": "2025-01-01"} {}`, false},
		{`{"extract_date": "2025-01-01"}]`, false},
	} {
		in := smallCounty(t, 20)
		if err := os.WriteFile(filepath.Join(in, fileManifest), []byte(c.manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		o := options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, Out: t.TempDir(), Quiet: true, noCharts: true}
		err := run(context.Background(), o, &bytes.Buffer{}, &bytes.Buffer{})
		switch {
		case c.ok && err != nil:
			t.Errorf("manifest %q: %v, want it read", c.manifest, err)
		case !c.ok && err == nil:
			t.Errorf("manifest %q: SILENTLY ACCEPTED", c.manifest)
		case !c.ok && !strings.Contains(err.Error(), fileManifest) && !strings.Contains(err.Error(), "extract date"):
			t.Errorf("manifest %q: %v does not name %s", c.manifest, err, fileManifest)
		}
	}
}

// TestBadInputRowModelVersion: a row of assessments.csv recorded under
// another model version. The manifest's model_version must be the model's
// (an error otherwise), and a row recorded under another is rejected with
// its line.
func TestBadInputRowModelVersion(t *testing.T) {
	t.Parallel()
	in := smallCounty(t, 20)
	editCSV(t, filepath.Join(in, fileAssessments), func(h, r []string, i int) {
		if i == 0 {
			r[col(t, h, "model_version")] = "9.9.9"
		}
	})
	_, res, _ := runCounty(t, options{In: in, K: 3, Top: 5, Model: ras.ModelPoints, noCharts: true})
	acct := checkAccounting(t, res)[kindAssessments]
	rej := reasons(t, acct, "rejected")
	if want := "model_version: " + errOtherModel.Error(); rej[want] != 1 || sumValues(rej) != 1 {
		t.Errorf("rejected %v, want 1 × %q", rej, want)
	}
	if ex, _ := acct["rejected_examples"].([]any); len(ex) != 1 || ex[0] != "line 2: model_version: "+errOtherModel.Error() {
		t.Errorf("rejection %v, want it on line 2", ex)
	}
}
