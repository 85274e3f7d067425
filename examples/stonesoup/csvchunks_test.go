package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/pathway"
	"github.com/stonesoup-care/stonesoup/ras"
)

// awkwardCSV returns the sample county's assessments.csv with a
// byte-order mark, CRLF line ends on some rows, blank lines, a quoted field
// running over two lines, rows with too many fields and rows the reader
// rejects.
func awkwardCSV(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(sampleDir, fileAssessments))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var out strings.Builder
	out.WriteString("\uFEFF")
	for i, l := range lines {
		switch {
		case i == 0:
		case i%37 == 0:
			l += ",extra"
		case i%41 == 0:
			l = strings.Replace(l, ",L0", `,"L0`+"\n"+`X`+`",L0`, 1) // locality with a line break
		case i%43 == 0:
			l = strings.Replace(l, ",2", ",1", 1) // a date in the wrong century, or a bad field
		}
		out.WriteString(l)
		if i%5 == 0 {
			out.WriteString("\r")
		}
		out.WriteString("\n")
		if i%29 == 0 {
			out.WriteString("\n")
		}
	}
	return []byte(out.String())
}

type readOut struct {
	ids      []string
	as       []ras.Assessment
	rows     int
	accepted int
	rejected []string // "line: field: message"
}

func readWhole(t *testing.T, data []byte, m *ras.Model) readOut {
	t.Helper()
	as, rep, err := ras.ReadCSV(bytes.NewReader(data), ras.ReadOptions{Model: m})
	if err != nil {
		t.Fatal(err)
	}
	o := readOut{as: as, rows: rep.Rows, accepted: rep.Accepted}
	for _, e := range rep.Rejected {
		o.rejected = append(o.rejected, fmt.Sprintf("%d: %s: %s", e.Line, e.Field, reason("", e)))
	}
	return o
}

// TestCSVChunks: reading assessments.csv a few rows at a time gives the
// assessments, rejections and line numbers of reading it whole.
func TestCSVChunks(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	data := awkwardCSV(t)
	name := filepath.Join(t.TempDir(), "a.csv")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := readWhole(t, data, m)
	if len(want.rejected) < 10 || want.accepted < 300 {
		t.Fatalf("the test file should have rejections and acceptances: %d rejected, %d accepted", len(want.rejected), want.accepted)
	}
	for _, size := range []int{1, 2, 7, 100, 10000} {
		var got readOut
		ok, err := csvChunks(name, size, uniqueColumn("assessment_id", strings.TrimSpace), func(r io.Reader, off int) error {
			as, rep, err := ras.ReadCSV(r, ras.ReadOptions{Model: m})
			if err != nil {
				return err
			}
			got.as = append(got.as, as...)
			got.rows += rep.Rows
			got.accepted += rep.Accepted
			for _, e := range rep.Rejected {
				got.rejected = append(got.rejected, fmt.Sprintf("%d: %s: %s", e.Line+off, e.Field, reason("", e)))
			}
			return nil
		})
		if !ok || err != nil {
			t.Fatalf("rows %d: ok %v, err %v", size, ok, err)
		}
		if got.rows != want.rows || got.accepted != want.accepted || len(got.as) != len(want.as) {
			t.Fatalf("rows %d: %d rows, %d accepted; want %d, %d", size, got.rows, got.accepted, want.rows, want.accepted)
		}
		for i := range got.as {
			if why := sameAssessment(got.as[i], want.as[i]); why != "" {
				t.Fatalf("rows %d: assessment %d: %s", size, i, why)
			}
		}
		if strings.Join(got.rejected, "\n") != strings.Join(want.rejected, "\n") {
			t.Fatalf("rows %d: rejections differ:\n got %q\nwant %q", size, got.rejected, want.rejected)
		}
	}

	// A header only: the reader still sees it (and would report a bad one).
	calls := 0
	if err := os.WriteFile(name, []byte("assessment_id,date\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok, err := csvChunks(name, 10, nil, func(r io.Reader, off int) error {
		calls++
		_, _, err := ras.ReadCSV(r, ras.ReadOptions{Model: m})
		return err
	})
	if !ok || err == nil || calls != 1 {
		t.Errorf("header only: ok %v, err %v, %d calls", ok, err, calls)
	}

	// Files it leaves to be read whole: a repeated id, an unclosed quote,
	// no header.
	for what, text := range map[string]string{
		"repeated id":    string(data[:bytes.IndexByte(data, '\n')+1]) + "A1,x\nA2,y\n A1 ,z\n",
		"unclosed quote": "assessment_id,date\nA1,\"2024\nA2,2024-01-01\n",
		"empty":          "",
	} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		ok, err := csvChunks(name, 1, uniqueColumn("assessment_id", strings.TrimSpace), func(io.Reader, int) error {
			t.Errorf("%s: read called", what)
			return nil
		})
		if ok || err != nil {
			t.Errorf("%s: ok %v, err %v; want it left to be read whole", what, ok, err)
		}
	}
}

// TestCSVChunksPathway: the pathway readers too give, a chunk at a time,
// what they give on the whole file, with the file's line numbers in the
// records.
func TestCSVChunksPathway(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(sampleDir, fileEvents))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("\n"), []byte("\r\n\n"), 40)
	b = append([]byte("\uFEFF"), b...)
	name := filepath.Join(t.TempDir(), "e.csv")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	want, wrep, err := pathway.ReadEvents(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var got []pathway.Event
	rows := 0
	ok, err := csvChunks(name, 3, nil, func(r io.Reader, off int) error {
		es, rep, err := pathway.ReadEvents(r)
		for i := range es {
			es[i].Line += off
		}
		got = append(got, es...)
		rows += rep.Rows
		return err
	})
	if !ok || err != nil || rows != wrep.Rows || len(got) != len(want) {
		t.Fatalf("ok %v, err %v, %d rows, %d events; want %d, %d", ok, err, rows, len(got), wrep.Rows, len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("event %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// TestRowOfAnotherModelChunks: a row of assessments.csv recorded under
// another model version is rejected on its own line however the file is
// read: a few rows at a time, in one chunk, or whole (a repeated id makes
// the job read it whole), after a byte-order mark, CRLF line ends, blank
// lines and a record running over two lines (rejected: it has a field too
// many). The line expected is found in the file's text: the line starting
// with the row's assessment id.
func TestRowOfAnotherModelChunks(t *testing.T) {
	m, err := ras.LoadModel(ras.ModelPoints)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(sampleDir, fileAssessments))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	var base strings.Builder
	base.WriteString("\uFEFF")
	for i, l := range lines {
		if i == 41 {
			l = strings.Replace(l, ",L0", `,"L0`+"\n"+`X`+`",L0`, 1) // a record over two lines
		}
		base.WriteString(l)
		if i%5 == 0 {
			base.WriteString("\r")
		}
		base.WriteString("\n")
		if i%29 == 0 {
			base.WriteString("\n")
		}
	}
	text := base.String()
	for _, row := range []int{1, 2, 40, 42, 200, 399} {
		id, _, _ := strings.Cut(lines[row], ",")
		at := strings.Index(text, "\n"+id+",")
		end := at + 1 + strings.Index(text[at+1:], "\n")
		line := strings.Replace(text[at+1:end], ",stonesoup-points,1.0.0,", ",stonesoup-points,2.0.0,", 1)
		edited := text[:at+1] + line + text[end:]
		want := fmt.Sprintf("line %d: model_version: %s", strings.Count(edited[:at+1], "\n")+1, errOtherModel)
		for _, tc := range []struct {
			name  string
			text  string
			chunk int
		}{
			{"one row at a time", edited, 1}, {"7 rows at a time", edited, 7}, {"in one chunk", edited, 10000},
			{"whole", edited + lines[3] + "\n", 7}, // the 3rd row again: an id repeated
		} {
			in := t.TempDir()
			if err := os.WriteFile(filepath.Join(in, fileAssessments), []byte(tc.text), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := newCounty(options{In: in, assessmentChunk: tc.chunk}, m)
			if err != nil {
				t.Fatal(err)
			}
			open := func(kind, name string, required bool) (*os.File, error) { return os.Open(filepath.Join(in, name)) }
			if err := c.readAssessments(open, recordedModel{m.ID, m.Version}); err != nil {
				t.Fatal(err)
			}
			a := c.acct[kindAssessments]
			rows, rejections := len(lines)-1, 2 // the record over two lines, and ours
			if tc.name == "whole" {
				rows, rejections = rows+1, rejections+1 // the repeated id
			}
			if a.Read != rows || a.Accepted != a.Read-rejections || c.as.len() != a.Accepted {
				t.Errorf("row %d, %s: read %d, accepted %d, stored %d", row, tc.name, a.Read, a.Accepted, c.as.len())
			}
			if len(a.Examples) != rejections || !slices.Contains(a.Examples, want) {
				t.Errorf("row %d, %s: rejections %q, want %q among %d", row, tc.name, a.Examples, want, rejections)
			}
		}
	}
}
