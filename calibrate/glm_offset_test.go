package calibrate

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// readOffsetCSV reads a CSV of testdata/glm_offset (written by
// glm_offset.R) into its header and rows, trimming R's padding.
func readOffsetCSV(t *testing.T, name string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "glm_offset", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for j := range r {
			r[j] = strings.TrimSpace(r[j])
		}
	}
	return rows[0], rows[1:]
}

// TestGLMOffsetAgainstR fits GLMs with offsets (Poisson with log weeks, with
// and without prior weights; Gamma/log; Gaussian without an intercept;
// binomial) and compares them with R 4.2.2's glm (testdata/glm_offset/
// glm_offset.R): coefficients and standard errors within 1e-9 relative,
// deviance, null deviance, AIC and dispersion within 1e-10, degrees of
// freedom exactly, the first fitted value and a prediction with a new
// offset within 1e-10.
func TestGLMOffsetAgainstR(t *testing.T) {
	head, data := readOffsetCSV(t, "data.csv")
	col := map[string][]float64{}
	for j, name := range head {
		for _, r := range data {
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			col[name] = append(col[name], v)
		}
	}
	n := len(data)
	scaled := func(k float64) []float64 {
		out := make([]float64, n)
		for i, w := range col["weeks"] {
			out[i] = k * math.Log(w)
		}
		return out
	}
	_, exp := readOffsetCSV(t, "expected.csv")
	want := map[string]map[string]float64{}
	for _, r := range exp {
		if want[r[0]] == nil {
			want[r[0]] = map[string]float64{}
		}
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		want[r[0]][r[1]] = v
	}
	cases := []struct {
		name      string
		y         string
		xs        []string
		intercept bool
		opt       GLMOptions
		newOffset float64 // the offset for the prediction at x1 = 0.5, x2 = 1, 10 weeks
	}{
		{"poisson", "visits", []string{"x1", "x2"}, true, GLMOptions{Family: Poisson, Offset: scaled(1)}, math.Log(10)},
		{"poisson_weighted", "visits", []string{"x1", "x2"}, true, GLMOptions{Family: Poisson, Offset: scaled(1), Weights: col["w"]}, math.Log(10)},
		{"gamma_log", "cost", []string{"x1", "x2"}, true, GLMOptions{Family: Gamma, Link: Log, Offset: scaled(1)}, math.Log(10)},
		// the normal-equations path, which fuses η, the working response and X'Wz
		{"gamma_log", "cost", []string{"x1", "x2"}, true, GLMOptions{Family: Gamma, Link: Log, Offset: scaled(1), Solver: SolverNormal}, math.Log(10)},
		{"poisson", "visits", []string{"x1", "x2"}, true, GLMOptions{Family: Poisson, Offset: scaled(1), Solver: SolverNormal}, math.Log(10)},
		{"gaussian_no_intercept", "score", []string{"x1"}, false, GLMOptions{Family: Gaussian, Offset: scaled(2)}, 2 * math.Log(10)},
		{"binomial", "eligible", []string{"x1"}, true, GLMOptions{Family: Binomial, Offset: scaled(0.2)}, 0.2 * math.Log(10)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := want[c.name]
			if len(w) == 0 {
				t.Fatal("no expected values")
			}
			cols := make([][]float64, len(c.xs))
			for j, x := range c.xs {
				cols[j] = col[x]
			}
			d, err := NewDesign(c.xs, cols, col[c.y], c.intercept)
			if err != nil {
				t.Fatal(err)
			}
			f, err := GLM(d, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			near := func(what string, got, want, rtol float64) {
				t.Helper()
				if math.Abs(got-want) > rtol*math.Abs(want) {
					t.Errorf("%s: %.17g, R %.17g (relative error %.2g)", what, got, want, math.Abs(got-want)/math.Abs(want))
				}
			}
			for j, name := range f.Names {
				rName := name
				if name == InterceptName {
					rName = "(Intercept)"
				}
				near("coef "+name, f.Coefs[j].Estimate, w["coef:"+rName], 1e-9)
				near("se "+name, f.Coefs[j].StdErr, w["se:"+rName], 1e-9)
			}
			near("deviance", f.Deviance, w["deviance"], 1e-10)
			near("null deviance", f.NullDeviance, w["null.deviance"], 1e-10)
			near("AIC", f.AIC, w["aic"], 1e-10)
			near("dispersion", f.Dispersion, w["dispersion"], 1e-10)
			near("fitted[0]", f.Fitted[0], w["fitted:1"], 1e-10)
			if f.DFNull != int(w["df.null"]) || f.DFResidual != int(w["df.residual"]) {
				t.Errorf("df %d, %d; R %v, %v", f.DFNull, f.DFResidual, w["df.null"], w["df.residual"])
			}
			row := []float64{}
			if c.intercept {
				row = append(row, 1)
			}
			row = append(row, 0.5)
			if len(c.xs) == 2 {
				row = append(row, 1)
			}
			p, err := f.PredictOffset(mat.NewDense(1, len(row), row), []float64{c.newOffset}, ResponseScale)
			if err != nil {
				t.Fatal(err)
			}
			near("prediction", p[0], w["predict:response"], 1e-10)
		})
	}
}

// TestGLMOffsetErrors checks the offset's validation and that a fit with an
// offset is not exported as a ras model.
func TestGLMOffsetErrors(t *testing.T) {
	d, err := NewDesign([]string{"x"}, [][]float64{{1, 2, 3, 4}}, []float64{1, 3, 2, 5}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := GLM(d, GLMOptions{Family: Poisson, Offset: []float64{0, 0}}); !errors.Is(err, ErrLength) {
		t.Errorf("short offset: %v", err)
	}
	var de *DataError
	if _, err := GLM(d, GLMOptions{Family: Poisson, Offset: []float64{0, math.NaN(), 0, 0}}); !errors.As(err, &de) || de.Row != 1 || de.Column != "offset" {
		t.Errorf("NaN offset: %v", err)
	}
	f, err := GLM(d, GLMOptions{Family: Poisson, Offset: []float64{0, 0.1, 0.2, 0.3}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ExportGLM(nil, f, ExportOptions{}); !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), "offset") {
		t.Errorf("export: %v", err)
	}
	if _, err := f.PredictOffset(mat.NewDense(1, 2, []float64{1, 2}), []float64{0, 1}, ResponseScale); !errors.Is(err, ErrLength) {
		t.Errorf("predict with a long offset: %v", err)
	}
	if _, err := f.PredictOffset(mat.NewDense(1, 2, []float64{1, 2}), []float64{math.Inf(1)}, ResponseScale); !errors.As(err, &de) || de.Column != "offset" {
		t.Errorf("predict with an infinite offset: %v", err)
	}
}
