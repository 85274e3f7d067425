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

// A measured run of reading plus every ASCOF measure and the waiting
// times on a file (write one with TestMeasured's -cld.synth):
//
//	go test -c -o cld.test ./pathway/cld
//	/usr/bin/time -v ./cld.test -test.run TestASCOFMeasured -ascof.read=FILE
var ascofReadFile = flag.String("ascof.read", "", "read this CLD file and run every ASCOF measure and the waiting times (TestASCOFMeasured)")

// acMeasures runs every measure on d for 2023/24 with the synthetic
// files' window and returns the elapsed time of each.
func acMeasures(tb testing.TB, d *Data) []time.Duration {
	p := FinancialYear(2023)
	w := Window{After: p.End.Time(), By: p.End.AddDays(60)}
	var out []time.Duration
	for _, f := range []func() error{
		func() error { _, err := ASCOF2A(d, p, MeasureOptions{}); return err },
		func() error { _, err := ASCOF2BC(d, p, MeasureOptions{}); return err },
		func() error { _, err := ASCOF2E(d, p, MeasureOptions{Window: w}); return err },
		func() error { _, err := ASCOF3D(d, p, MeasureOptions{Window: w}); return err },
		func() error { _, err := WaitTimes(d, p, MeasureOptions{}); return err },
	} {
		t := time.Now()
		if err := f(); err != nil {
			tb.Fatal(err)
		}
		out = append(out, time.Since(t))
	}
	return out
}

var acMeasureNames = []string{"2A", "2B/2C", "2E", "3D", "waits"}

func TestASCOFMeasured(t *testing.T) {
	if *ascofReadFile == "" {
		t.Skip("measured run only with -ascof.read")
	}
	f, err := os.Open(*ascofReadFile)
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
	fmt.Printf("read %d rows in %v; peak RSS %s; CPU %v\n", d.Len(), read.Round(time.Millisecond), peakRSS(), cpuTime())
	for k, el := range acMeasures(t, d) {
		fmt.Printf("%-6s %v\n", acMeasureNames[k], el.Round(time.Millisecond))
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("read and all measures %v; peak RSS %s; CPU %v; heap now %d MB\n", time.Since(start).Round(time.Millisecond),
		peakRSS(), cpuTime(), ms.HeapAlloc>>20)
}

// BenchmarkASCOF runs each measure on the synthetic file of about a
// million rows (NHS England's view, 20 councils).
func BenchmarkASCOF(b *testing.B) {
	in := benchFile(b, 117_000)
	d, err := Read(bytes.NewReader(in), Options{})
	if err != nil {
		b.Fatal(err)
	}
	p := FinancialYear(2023)
	w := Window{After: p.End.Time(), By: p.End.AddDays(60)}
	for _, c := range []struct {
		name string
		run  func() error
	}{
		{"2A", func() error { _, err := ASCOF2A(d, p, MeasureOptions{}); return err }},
		{"2B2C", func() error { _, err := ASCOF2BC(d, p, MeasureOptions{}); return err }},
		{"2E", func() error { _, err := ASCOF2E(d, p, MeasureOptions{Window: w}); return err }},
		{"3D", func() error { _, err := ASCOF3D(d, p, MeasureOptions{Window: w}); return err }},
		{"waits", func() error { _, err := WaitTimes(d, p, MeasureOptions{}); return err }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := c.run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(d.Len())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
