package cld

import (
	"bytes"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras/disclosure"
)

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

var benchData = map[int]*Data{}

// benchRead reads the synthetic file of benchFile once.
func benchRead(b *testing.B, persons int) *Data {
	if d, ok := benchData[persons]; ok {
		return d
	}
	d, err := Read(bytes.NewReader(benchFile(b, persons)), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchData[persons] = d
	return d
}

// BenchmarkMeasures runs every measure together (Measures) and each alone
// on the synthetic file of about 1 million rows (NHS England's view, 20
// councils; the read is not timed: see BenchmarkRead). The client order
// is built by the first run and kept with the Data, as a command's would.
func BenchmarkMeasures(b *testing.B) {
	p := FinancialYear(2023)
	opt := MeasureOptions{Window: Window{After: p.End.Time(), By: p.End.AddDays(60)}}
	run := func(f func(*Data, Period, MeasureOptions) error) func(*Data) error {
		return func(d *Data) error { return f(d, p, opt) }
	}
	for _, m := range []struct {
		name string
		f    func(d *Data) error
	}{
		{"all", run(func(d *Data, p Period, o MeasureOptions) error { _, err := Measures(d, p, o); return err })},
		{"STS001", run(func(d *Data, p Period, o MeasureOptions) error { _, err := STS001(d, p, o); return err })},
		{"STS002a", run(func(d *Data, p Period, o MeasureOptions) error { _, err := STS002a(d, p, o); return err })},
		{"STS002b", run(func(d *Data, p Period, o MeasureOptions) error { _, err := STS002b(d, p, o); return err })},
		{"LTS001a", run(func(d *Data, p Period, o MeasureOptions) error { _, err := LTS001a(d, p, o); return err })},
		{"LTS001b", run(func(d *Data, p Period, o MeasureOptions) error { _, err := LTS001b(d, p, o); return err })},
		{"LTS001c", run(func(d *Data, p Period, o MeasureOptions) error { _, err := LTS001c(d, p, o); return err })},
		{"LTS003", run(func(d *Data, p Period, o MeasureOptions) error { _, err := LTS003(d, p, o); return err })},
		{"LTS004", run(func(d *Data, p Period, o MeasureOptions) error { _, err := LTS004(d, p, o); return err })},
		{"2A", run(func(d *Data, p Period, o MeasureOptions) error { _, err := ASCOF2A(d, p, o); return err })},
		{"2B2C", run(func(d *Data, p Period, o MeasureOptions) error { _, err := ASCOF2BC(d, p, o); return err })},
		{"2E", run(func(d *Data, p Period, o MeasureOptions) error { _, err := ASCOF2E(d, p, o); return err })},
		{"3D", run(func(d *Data, p Period, o MeasureOptions) error { _, err := ASCOF3D(d, p, o); return err })},
		{"waits", run(func(d *Data, p Period, o MeasureOptions) error { _, err := WaitTimes(d, p, o); return err })},
	} {
		b.Run("rows=1M/"+m.name, func(b *testing.B) {
			d := benchRead(b, 117_000)
			d.order()
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

// BenchmarkClientOrder groups and sorts the rows of the file of about 1
// million rows by client (Data.order, once per Data).
func BenchmarkClientOrder(b *testing.B) {
	d := benchRead(b, 117_000)
	b.ReportAllocs()
	for b.Loop() {
		d.groupClients(d.naturalKey)
	}
}

// BenchmarkSuppress suppresses every output of the measures (one
// suppression problem per measure) on a synthetic file of 152 councils,
// the number in England, and about 60,000 people (about 640,000 rows),
// so that counts are small and suppression has much to do. The measures
// are computed once, untimed.
func BenchmarkSuppress(b *testing.B) {
	var buf bytes.Buffer
	sum, err := Synthesize(&buf, SynthOptions{Seed: 2, Persons: 60_000, Councils: 152}, nil)
	if err != nil {
		b.Fatal(err)
	}
	d, err := Read(&buf, Options{})
	if err != nil {
		b.Fatal(err)
	}
	res, err := Measures(d, sum.Period, MeasureOptions{Window: sum.Window})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := res.Suppress(disclosure.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
