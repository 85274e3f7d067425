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

// benchData reads the synthetic file of about 1 million rows (NHS
// England's view, 20 councils; benchFile) once.
var benchSALTData = map[int]*Data{}

func benchSALTFile(b *testing.B, persons int) *Data {
	if d, ok := benchSALTData[persons]; ok {
		return d
	}
	d, err := Read(bytes.NewReader(benchFile(b, persons)), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchSALTData[persons] = d
	return d
}

// BenchmarkSALT runs every SALT measure, and each alone, on the
// synthetic file of about 1 million rows (the read is not timed; see
// BenchmarkRead).
func BenchmarkSALT(b *testing.B) {
	p := FinancialYear(2023)
	opt := MeasureOptions{Window: Window{After: p.End.Time(), By: p.End.AddDays(60)}}
	for _, m := range []struct {
		name string
		f    func(d *Data) error
	}{
		{"all", func(d *Data) error { _, err := Measures(d, p, opt); return err }},
		{"STS001", func(d *Data) error { _, err := STS001(d, p, opt); return err }},
		{"STS002a", func(d *Data) error { _, err := STS002a(d, p, opt); return err }},
		{"STS002b", func(d *Data) error { _, err := STS002b(d, p, opt); return err }},
		{"LTS001a", func(d *Data) error { _, err := LTS001a(d, p, opt); return err }},
		{"LTS001b", func(d *Data) error { _, err := LTS001b(d, p, opt); return err }},
		{"LTS001c", func(d *Data) error { _, err := LTS001c(d, p, opt); return err }},
		{"LTS003", func(d *Data) error { _, err := LTS003(d, p, opt); return err }},
		{"LTS004", func(d *Data) error { _, err := LTS004(d, p, opt); return err }},
	} {
		b.Run("rows=1M/"+m.name, func(b *testing.B) {
			d := benchSALTFile(b, 117_000)
			b.ReportAllocs()
			for b.Loop() {
				if err := m.f(d); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(d.Len())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

var saltReadFile = flag.String("salt.read", "", "read this CLD file, run every SALT measure and report time and memory (TestSALTMeasured)")

// TestSALTMeasured is the measured run of read plus every SALT measure on
// a file (make one with TestMeasured's -cld.synth):
//
//	go test -c -o cld.test ./pathway/cld
//	/usr/bin/time -v ./cld.test -test.run TestSALTMeasured -salt.read=FILE
func TestSALTMeasured(t *testing.T) {
	if *saltReadFile == "" {
		t.Skip("measured run only with -salt.read")
	}
	f, err := os.Open(*saltReadFile)
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
	fmt.Printf("read %d rows in %v (CPU %s); peak RSS %s\n", d.Len(), read, cpuTime(), peakRSS())
	p := FinancialYear(2023)
	opt := MeasureOptions{Window: Window{After: p.End.Time(), By: p.End.AddDays(60)}}
	t0 := time.Now()
	res, err := Measures(d, p, opt)
	if err != nil {
		t.Fatal(err)
	}
	all := time.Since(t0)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("SALT measures in %v (CPU %s); read + measures %v; peak RSS %s; heap now %d MB\n", all, cpuTime(), read+all, peakRSS(), ms.HeapAlloc>>20)
	fmt.Printf("STS001 %d requests, STS002a %d episodes, STS002b %d episodes, LTS001a %d, LTS001b %d, LTS001c %d, LTS003 %d, LTS004 %d\n",
		len(res.STS001.Requests), len(res.STS002a.Episodes), len(res.STS002b.Episodes), len(res.LTS001a.People), len(res.LTS001b.People),
		len(res.LTS001c.People), len(res.LTS003.People), len(res.LTS004.People))
	// each measure alone, for the breakdown
	for _, m := range []struct {
		name string
		f    func() error
	}{
		{"STS001", func() error { _, err := STS001(d, p, opt); return err }},
		{"STS002a (with its STS001)", func() error { _, err := STS002a(d, p, opt); return err }},
		{"STS002b", func() error { _, err := STS002b(d, p, opt); return err }},
		{"LTS001a", func() error { _, err := LTS001a(d, p, opt); return err }},
		{"LTS001b", func() error { _, err := LTS001b(d, p, opt); return err }},
		{"LTS001c", func() error { _, err := LTS001c(d, p, opt); return err }},
		{"LTS003", func() error { _, err := LTS003(d, p, opt); return err }},
		{"LTS004", func() error { _, err := LTS004(d, p, opt); return err }},
	} {
		t0 := time.Now()
		if err := m.f(); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("  %-26s %v\n", m.name, time.Since(t0))
	}
}
