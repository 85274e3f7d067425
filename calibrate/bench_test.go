package calibrate

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// perfColumns returns the regression benchmark data of the reference
// suite's scripts/gen_perf_data.R: 20 predictors x01..x20 and the response
// y. If the environment variable PERF_DATA_DIR names a folder holding
// reg_<n>.f64 (column-major float64 little-endian, 21 columns, y last;
// written by gen_perf_data.R), the file is read, as the side-by-side runs
// against R need; otherwise the same distributions are drawn in Go from a
// fixed seed (the values differ from R's, the shapes do not).
func perfColumns(tb testing.TB, n int) ([][]float64, []float64) {
	perfOnce.Lock()
	defer perfOnce.Unlock()
	if c, ok := perfCols[n]; ok {
		return c.cols, c.y
	}
	cols, y, err := readPerfF64(n)
	if err != nil {
		tb.Fatal(err)
	}
	if cols == nil {
		cols, y = genPerfData(n)
	}
	perfCols[n] = perfData{cols, y}
	return cols, y
}

// perfDesign returns the design of the perf data: an intercept and the 20
// predictors x01..x20, response y (see perfColumns).
func perfDesign(tb testing.TB, n int) *Design {
	cols, y := perfColumns(tb, n)
	perfOnce.Lock()
	defer perfOnce.Unlock()
	if d, ok := perfCache[n]; ok {
		return d
	}
	d, err := NewDesign(perfNames(), cols, y, true)
	if err != nil {
		tb.Fatal(err)
	}
	perfCache[n] = d
	return d
}

func perfNames() []string {
	names := make([]string, 20)
	for j := range names {
		names[j] = fmt.Sprintf("x%02d", j+1)
	}
	return names
}

type perfData struct {
	cols [][]float64
	y    []float64
}

var (
	perfOnce  sync.Mutex
	perfCache = map[int]*Design{}
	perfCols  = map[int]perfData{}
)

func readPerfF64(n int) ([][]float64, []float64, error) {
	dir := os.Getenv("PERF_DATA_DIR")
	if dir == "" {
		return nil, nil, nil
	}
	name := filepath.Join(dir, fmt.Sprintf("reg_%d.f64", n))
	b, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if hb, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("reg_%d.json", n))); err == nil {
		var h struct {
			N       int      `json:"n"`
			Columns []string `json:"columns"`
		}
		if err := json.Unmarshal(hb, &h); err != nil || h.N != n || len(h.Columns) != 21 {
			return nil, nil, fmt.Errorf("%s: unexpected header", name)
		}
	}
	if len(b) != 21*8*n {
		return nil, nil, fmt.Errorf("%s: %d bytes, want %d", name, len(b), 21*8*n)
	}
	all := make([]float64, 21*n)
	for i := range all {
		all[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	cols := make([][]float64, 20)
	for j := range cols {
		cols[j] = all[j*n : (j+1)*n]
	}
	return cols, all[20*n:], nil
}

// genPerfData draws gen_reg(n) of gen_perf_data.R with a Go PCG stream.
func genPerfData(n int) ([][]float64, []float64) {
	r := rand.New(rand.NewPCG(20240601+uint64(n), 1))
	cols := make([][]float64, 20)
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	y := make([]float64, n)
	maxes := []int{12, 10, 6, 8, 6, 10, 4, 8}
	b := []float64{0.06, 0.05, 0.03, 0.04, 0.03, 0.05, 0.02, 0.03, 0.004, -0.008, -0.1, 0.45, 0.7,
		0.05, -0.05, 0.02, 0, 0, 0.01, -0.02}
	gamma2 := func(rate float64) float64 { return (r.ExpFloat64() + r.ExpFloat64()) / rate }
	for i := 0; i < n; i++ {
		sev := 1 / (1 + math.Exp(-(r.NormFloat64() - 0.5)))
		for k, m := range maxes {
			p := math.Min(0.97, math.Max(0.01, sev+0.12*r.NormFloat64()))
			c := 0
			for t := 0; t < m; t++ {
				if r.Float64() < p {
					c++
				}
			}
			cols[k][i] = float64(c)
		}
		cols[8][i] = math.Round(math.Min(98, math.Max(18, 62+20*r.NormFloat64())))
		if r.Float64() < 0.4 {
			cols[9][i] = math.Round(2*gamma2(0.12)) / 2
		}
		u := r.Float64()
		switch {
		case u < 0.35:
		case u < 0.70:
			cols[10][i] = 1
		case u < 0.85:
			cols[11][i] = 1
		default:
			cols[12][i] = 1
		}
		for k := 13; k < 20; k++ {
			cols[k][i] = r.NormFloat64()
		}
		eta := 4.2
		for k := range b {
			eta += b[k] * cols[k][i]
		}
		y[i] = math.Exp(eta) * gamma2(2)
	}
	return cols, y
}

// BenchmarkVsR times, on the perf data, what each R call of the
// side-by-side runs (scripts/perf/run.sh) does, from columns in memory to a
// fitted model: the design built from the columns (NewDesign, the copy and
// checks standing for R's model frame and model matrix) and then the fit.
//
//	lm         NewDesign + OLS (with standard errors)      R: lm(y ~ ., data = df)
//	glm_gamma  NewDesign + GLM Gamma, log link            R: glm(y ~ ., family = Gamma(link = "log"))
//	rq_fn      NewDesign + QuantReg τ = 0.5               R: rq(y ~ ., tau = 0.5, method = "fn")
//
// each at 200k and 1M rows × (intercept + 20 predictors). It reports CPU
// time per fit beside wall time: the fits use every core.
func BenchmarkVsR(b *testing.B) {
	tasks := []struct {
		name string
		fit  func(*Design) error
	}{
		{"lm", func(d *Design) error { _, err := OLS(d, Options{}); return err }},
		{"glm_gamma", func(d *Design) error { _, err := GLM(d, GLMOptions{Family: Gamma, Link: Log}); return err }},
		{"rq_fn", func(d *Design) error { _, err := QuantReg(d, QuantRegOptions{Tau: 0.5}); return err }},
	}
	for _, task := range tasks {
		for _, n := range []int{200000, 1000000} {
			b.Run(fmt.Sprintf("%s/n=%d", task.name, n), func(b *testing.B) {
				cols, y := perfColumns(b, n)
				names := perfNames()
				b.ReportAllocs()
				ops := 0
				c0 := cpuTime()
				for b.Loop() {
					d, err := NewDesign(names, cols, y, true)
					if err != nil {
						b.Fatal(err)
					}
					if err := task.fit(d); err != nil {
						b.Fatal(err)
					}
					ops++
				}
				b.ReportMetric(float64(cpuTime()-c0)/float64(ops), "cpu-ns/op")
			})
		}
	}
}

// BenchmarkNewDesign times building the design alone (copy and check) at
// 1M rows × (intercept + 20 predictors).
func BenchmarkNewDesign(b *testing.B) {
	cols, y := perfColumns(b, 1000000)
	names := perfNames()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewDesign(names, cols, y, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOLS times OLS with standard errors (the full LinearFit) on a
// built design at 200k and 1M rows × (intercept + 20 predictors).
func BenchmarkOLS(b *testing.B) {
	for _, n := range []int{200000, 1000000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			d := perfDesign(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := OLS(d, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWLS times analytic-weight WLS at 200k rows.
func BenchmarkWLS(b *testing.B) {
	d := perfDesign(b, 200000)
	w := make([]float64, 200000)
	for i := range w {
		w[i] = 1 + float64(i%7)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WLS(d, w, Analytic, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCVOLS times 10-fold cross-validation of OLS at 200k rows.
func BenchmarkCVOLS(b *testing.B) {
	d := perfDesign(b, 200000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := CrossValidateOLS(d, CVOptions{K: 10, Seed: 1, Bands: Bands{Abs: []float64{50, 100}, Pct: []float64{10, 25}}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVcovHC times the HC3 covariance (leverage + meat) at 200k rows.
func BenchmarkVcovHC(b *testing.B) {
	d := perfDesign(b, 200000)
	f, err := OLS(d, Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.VcovHC(HC3); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOLSSmall times OLS with standard errors on small designs of
// intercept + 19 standard normal predictors: at 1,000 rows the fit takes
// the double-double QR (m·p² ≤ accurateWorkMax), at 10,000 rows the
// normal equations with refinement. No perf data needed.
func BenchmarkOLSSmall(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		r := rand.New(rand.NewPCG(1, 2))
		cols := make([][]float64, 19)
		names := make([]string, len(cols))
		for j := range cols {
			names[j] = fmt.Sprintf("x%02d", j+1)
			cols[j] = make([]float64, n)
			for i := range cols[j] {
				cols[j][i] = r.NormFloat64()
			}
		}
		y := make([]float64, n)
		for i := range y {
			y[i] = r.NormFloat64()
		}
		d, err := NewDesign(names, cols, y, true)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := OLS(d, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
