package pathway

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// perfSurvFile reads surv_1000000.f64 written by the shared reference
// scripts' gen_perf_data.R (columns time_days, status, time_cont;
// column-major float64 little-endian) from the folder named by the
// environment variable PERF_DATA_DIR, the data R's survfit is timed on. It
// skips the benchmark, saying how to make the data, when it is missing.
func perfSurvFile(b *testing.B) (days, cont []float64, status []bool) {
	dir := os.Getenv("PERF_DATA_DIR")
	name := filepath.Join(dir, "surv_1000000.f64")
	raw, err := os.ReadFile(name)
	if dir == "" || os.IsNotExist(err) {
		b.Skip("no perf data: set PERF_DATA_DIR to a folder holding surv_1000000.f64 " +
			"(Rscript gen_perf_data.R <folder>, from the shared reference scripts)")
	}
	if err != nil {
		b.Fatal(err)
	}
	var h struct {
		N       int      `json:"n"`
		Columns []string `json:"columns"`
	}
	hb, err := os.ReadFile(filepath.Join(dir, "surv_1000000.json"))
	if err != nil || json.Unmarshal(hb, &h) != nil || len(h.Columns) != 3 || h.Columns[0] != "time_days" ||
		h.Columns[1] != "status" || h.Columns[2] != "time_cont" || len(raw) != 3*8*h.N {
		b.Fatalf("%s: unexpected header or size", name)
	}
	n := h.N
	col := func(j int) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*(j*n+i):]))
		}
		return v
	}
	days, cont = col(0), col(2)
	status = make([]bool, n)
	for i, s := range col(1) {
		status[i] = s == 1
	}
	return days, cont, status
}

// processCPU returns the CPU time (user + system) the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkKaplanMeierPerfData fits the Kaplan–Meier curve of the 1M waits
// R's survfit is timed on (perf.md: 0.75 s on integer days, 1.64 s on
// continuous times), reporting CPU time per fit beside wall time.
func BenchmarkKaplanMeierPerfData(b *testing.B) {
	days, cont, status := perfSurvFile(b)
	for _, c := range []struct {
		name  string
		times []float64
	}{{"integer_days", days}, {"continuous", cont}} {
		b.Run(fmt.Sprintf("%s_%d", c.name, len(c.times)), func(b *testing.B) {
			b.ReportAllocs()
			ops := 0
			c0 := processCPU()
			for b.Loop() {
				if _, err := KaplanMeier(c.times, status, KMOptions{}); err != nil {
					b.Fatal(err)
				}
				ops++
			}
			b.ReportMetric(float64(processCPU()-c0)/float64(ops), "cpu-ns/op")
		})
	}
}
