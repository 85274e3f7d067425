package cld

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The measured run of reading a CLD file and computing every measure
// (issue #12, "Speed and size"). Skipped unless CLD_MEASURED is set:
//
//	CLD_MEASURED=20000000 go test -run TestMeasuredRun -timeout 60m -v ./pathway/cld
//
// CLD_MEASURED is the number of rows wanted (about 8.1 rows per ras/synth
// person are written: 2.5 million persons give 20.3 million rows, 8.8 GB).
// The file is generated, streaming, into a temporary directory (deleted
// afterwards) unless CLD_MEASURED_FILE names an existing file to read
// (then it is read and kept). The test binary then runs itself under
// /usr/bin/time -v (TestMeasuredChild): read, Measures, and every table
// suppressed and written as CSV (to a line counter), with the soft memory
// limit MemoryLimit recommends, set after the read (or
// GOMEMLIMIT=CLD_MEASURED_LIMIT from the start; "off" for none). It
// reports wall and CPU time, peak RSS, the phases, and the load average
// of the machine before and after.

// measuredPersons is the number of ras/synth persons drawn for a file of
// about rows rows (TestSynth: 8.1 rows per person drawn, children drawing
// none).
func measuredPersons(rows int) int { return max(1000, int(float64(rows)/8.12)) }

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func TestMeasuredRun(t *testing.T) {
	want := os.Getenv("CLD_MEASURED")
	if want == "" {
		t.Skip("measured run only with CLD_MEASURED=<rows> (see measured_test.go)")
	}
	rows, err := strconv.Atoi(want)
	if err != nil || rows <= 0 {
		t.Fatalf("CLD_MEASURED=%q: want a number of rows", want)
	}
	file := os.Getenv("CLD_MEASURED_FILE")
	if file == "" {
		file = t.TempDir() + "/cld.csv"
	}
	if _, err := os.Stat(file); err != nil {
		f, err := os.Create(file)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		sum, err := Synthesize(f, SynthOptions{Seed: 1, Persons: measuredPersons(rows), Councils: 150}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(file)
		t.Logf("synthesized %d rows (%d persons, %.1f GB) in %v", sum.Rows, sum.Persons, float64(st.Size())/1e9, time.Since(start).Round(time.Second))
	}
	timeBin := "/usr/bin/time"
	if _, err := os.Stat(timeBin); err != nil {
		t.Skip("no /usr/bin/time")
	}
	limit := os.Getenv("CLD_MEASURED_LIMIT") // "": MemoryLimit(d), set after the read
	before := loadAvg()
	cmd := exec.Command(timeBin, "-v", os.Args[0], "-test.run=^TestMeasuredChild$", "-test.v")
	cmd.Env = append(os.Environ(), "CLD_MEASURED_CHILD="+file, "GOMAXPROCS=2")
	if limit != "" {
		cmd.Env = append(cmd.Env, "GOMEMLIMIT="+limit)
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s\n%s", err, out.String(), errb.String())
	}
	after := loadAvg()
	var lines []string
	for l := range strings.SplitSeq(out.String(), "\n") {
		if strings.HasPrefix(l, "measured: ") {
			lines = append(lines, strings.TrimPrefix(l, "measured: "))
		}
	}
	for l := range strings.SplitSeq(errb.String(), "\n") {
		l = strings.TrimSpace(l)
		for _, k := range []string{"User time", "System time", "Percent of CPU", "Elapsed (wall clock)", "Maximum resident set size"} {
			if strings.HasPrefix(l, k) {
				lines = append(lines, l)
			}
		}
	}
	if limit == "" {
		limit = "MemoryLimit(d) after the read"
	}
	t.Logf("GOMEMLIMIT=%s GOMAXPROCS=2; load average (1, 5, 15 min) before %s, after %s\n  %s", limit, before, after, strings.Join(lines, "\n  "))
}

// TestMeasuredChild is the measured process of TestMeasuredRun.
func TestMeasuredChild(t *testing.T) {
	file := os.Getenv("CLD_MEASURED_CHILD")
	if file == "" {
		t.Skip("run by TestMeasuredRun")
	}
	say := func(format string, a ...any) { fmt.Printf("measured: "+format+"\n", a...) }
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	d, err := Read(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	read := time.Since(start)
	say("read %d rows (%d rejected) in %v; CPU %s; peak RSS so far %s", d.Len(), d.Report.Rejected, read.Round(time.Millisecond), cpuTime(), peakRSS())
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit(d))
	}
	say("live heap after the read %d MB (%.0f B/row; Footprint %d MB); soft memory limit %d MB", ms.HeapAlloc>>20,
		float64(ms.HeapAlloc)/float64(d.Len()), d.Footprint()>>20, debug.SetMemoryLimit(-1)>>20)
	p := FinancialYear(2023)
	t0 := time.Now()
	res, err := Measures(d, p, MeasureOptions{Window: Window{After: p.End.Time(), By: p.End.AddDays(60)}})
	if err != nil {
		t.Fatal(err)
	}
	measures := time.Since(t0)
	say("every measure in %v; CPU %s; peak RSS so far %s", measures.Round(time.Millisecond), cpuTime(), peakRSS())
	t1 := time.Now()
	lines := 0
	w := &countWriter{}
	for _, o := range res.Outputs() {
		if err := o.WriteCSV(w, CSVOptions{Suppress: true}); err != nil {
			t.Fatal(err)
		}
	}
	lines = w.lines
	say("every table written as CSV, suppressed (%d lines) in %v", lines, time.Since(t1).Round(time.Millisecond))
	say("STS001 %d records, STS002a %d, STS002b %d; LTS001a %d people-cells, LTS001b %d, LTS001c %d, LTS003 %d, LTS004 %d; 2A %d/%d; waits %d rows",
		len(res.STS001.Requests), len(res.STS002a.Episodes), len(res.STS002b.Episodes), len(res.LTS001a.People), len(res.LTS001b.People),
		len(res.LTS001c.People), len(res.LTS003.People), len(res.LTS004.People), res.ASCOF2A.Rows[len(res.ASCOF2A.Rows)-1].Numerator,
		res.ASCOF2A.Rows[len(res.ASCOF2A.Rows)-1].Denominator, len(res.Waits.Rows))
	say("read and every measure %v", time.Since(start).Round(time.Millisecond))
}

// countWriter counts lines written.
type countWriter struct{ lines int }

func (w *countWriter) Write(p []byte) (int, error) {
	w.lines += bytes.Count(p, []byte{'\n'})
	return len(p), nil
}

var _ io.Writer = (*countWriter)(nil)
