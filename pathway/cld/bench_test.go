package cld

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// Measured runs on files (see the package's benchmark notes in the
// report):
//
//	go test -c -o cld.test ./pathway/cld
//	./cld.test -test.run TestMeasured -cld.synth=FILE -cld.persons=1900000
//	/usr/bin/time -v ./cld.test -test.run TestMeasured -cld.read=FILE
var (
	synthFile    = flag.String("cld.synth", "", "write a synthetic CLD file here (TestMeasured)")
	synthPersons = flag.Int("cld.persons", 100_000, "persons for -cld.synth")
	readFile     = flag.String("cld.read", "", "read this CLD file and report time and memory (TestMeasured)")
)

// columnBytes is the memory the row columns and the interned tables of d
// hold.
func columnBytes(d *Data) (rows, tables int) {
	rows = 4*cap(d.Line) + 4*cap(d.Submission) + 4*cap(d.NHS) + 4*cap(d.Local) + 4*cap(d.Person) + 4*cap(d.Birth) +
		4*cap(d.Death) + cap(d.Gender) + cap(d.Ethnicity) + cap(d.ClientType) + cap(d.PSR) + cap(d.Accommodation) +
		cap(d.Employment) + cap(d.UnpaidCarer) + cap(d.EventType) + 4*cap(d.Start) + 4*cap(d.End) + cap(d.Outcome) +
		cap(d.Route) + cap(d.ServiceType) + cap(d.Component) + cap(d.Delivery) + cap(d.ReviewReason) + cap(d.CostFrequency) +
		8*cap(d.UnitCost) + 8*cap(d.PlannedUnits) + 2*cap(d.Flags)
	for _, c := range d.Text {
		rows += 8*cap(c.nums) + 4*cap(c.codes)
		tables += cap(c.arena) + 8*cap(c.offs)
	}
	for _, s := range d.NHSNumbers {
		tables += len(s) + 16 + 24
	}
	for _, s := range d.LocalIDs {
		tables += len(s.ID) + 24 + 24
	}
	return rows, tables
}

func TestMeasured(t *testing.T) {
	if *synthFile == "" && *readFile == "" {
		t.Skip("measured runs only with -cld.synth or -cld.read")
	}
	if *synthFile != "" {
		f, err := os.Create(*synthFile)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		sum, err := Synthesize(f, SynthOptions{Seed: 1, Persons: *synthPersons, Councils: 150}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("synthesized %d rows (%d persons) in %v\n", sum.Rows, sum.Persons, time.Since(start))
	}
	if *readFile != "" {
		f, err := os.Open(*readFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		start := time.Now()
		d, err := Read(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		read := time.Since(start)
		fmt.Printf("peak RSS while reading %s; CPU %v\n", peakRSS(), cpuTime())
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rows, tables := columnBytes(d)
		fmt.Printf("read %d rows (%d bytes) in %v: %.0f rows/s, %.0f MB/s; rejected %d\n", d.Len(), st.Size(), read,
			float64(d.Len())/read.Seconds(), float64(st.Size())/1e6/read.Seconds(), d.Report.Rejected)
		fmt.Printf("heap after read: %d MB (%.1f bytes/row); columns %d MB (%.1f bytes/row); interned tables %d MB\n",
			ms.HeapAlloc>>20, float64(ms.HeapAlloc)/float64(d.Len()), rows>>20, float64(rows)/float64(d.Len()), tables>>20)
		t0 := time.Now()
		p := FinancialYear(2023)
		sel, err := d.LatestSubmissions(p, Window{After: p.End.Time(), By: p.End.AddDays(60)})
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		set := d.Filter(sel.Rows, func(i int) bool { return d.ClientType[i] == ClientServiceUser && p.Overlaps(d.Start[i], d.End[i]) })
		pk := d.Persons(set)
		t2 := time.Now()
		cl := d.Clients(pk.Key)
		t3 := time.Now()
		fmt.Printf("peak RSS after the selections %s; CPU %v\n", peakRSS(), cpuTime())
		pd, err := d.Pathway(PathwayOptions{Rows: sel.Rows})
		if err != nil {
			t.Fatal(err)
		}
		t4 := time.Now()
		fmt.Printf("latest submissions %v (kept %d); filter + persons %v; clients %v (%d); pathway conversion %v (%d events, %d services)\n",
			t1.Sub(t0), sel.Kept, t2.Sub(t1), t3.Sub(t2), cl.Len(), t4.Sub(t3), len(pd.Events), len(pd.Services))
		fmt.Printf("peak RSS after the conversion %s; CPU %v\n", peakRSS(), cpuTime())
	}
}

var benchFiles = map[int][]byte{}

func benchFile(b *testing.B, persons int) []byte {
	if f, ok := benchFiles[persons]; ok {
		return f
	}
	var buf bytes.Buffer
	if _, err := Synthesize(&buf, SynthOptions{Seed: 1, Persons: persons, Councils: 20}, nil); err != nil {
		b.Fatal(err)
	}
	benchFiles[persons] = buf.Bytes()
	return buf.Bytes()
}

// BenchmarkRead reads synthetic files of about 10,000 and 1 million rows
// (NHS England's view; about 10.6 rows per ras/synth person drawn).
func BenchmarkRead(b *testing.B) {
	for _, c := range []struct {
		name    string
		persons int
	}{{"rows=10k", 1_170}, {"rows=1M", 117_000}} {
		b.Run(c.name, func(b *testing.B) {
			in := benchFile(b, c.persons)
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			var rows int
			for b.Loop() {
				d, err := Read(bytes.NewReader(in), Options{})
				if err != nil {
					b.Fatal(err)
				}
				rows = d.Len()
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func BenchmarkSynthesize(b *testing.B) {
	b.ReportAllocs()
	var rows int
	for b.Loop() {
		sum, err := Synthesize(discard{}, SynthOptions{Seed: 1, Persons: 10_000, Councils: 20}, nil)
		if err != nil {
			b.Fatal(err)
		}
		rows = sum.Rows
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
