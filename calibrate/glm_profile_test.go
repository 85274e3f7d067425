package calibrate

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"testing"
)

// readProfileCSV reads a CSV of testdata/glm_profile (written by
// glm_profile.R); readOffsetCSV's reader, another directory.
func readProfileCSV(t *testing.T, name string) [][]string {
	t.Helper()
	_, rows := readOffsetCSV(t, "../glm_profile/"+name)
	return rows
}

// referenceDesign reads a reference case's data.csv into a design with an
// intercept, the response y and the predictors xs (a predictor "log(u)" is
// the log of column u).
func referenceDesign(t *testing.T, path, y string, xs []string) *Design {
	t.Helper()
	head, rows := readOffsetCSV(t, path)
	col := map[string][]float64{}
	for j, name := range head {
		for _, r := range rows {
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				t.Fatal(err)
			}
			col[name] = append(col[name], v)
		}
	}
	cols := make([][]float64, len(xs))
	for k, x := range xs {
		if x == "log(u)" {
			for _, u := range col["u"] {
				cols[k] = append(cols[k], math.Log(u))
			}
			continue
		}
		cols[k] = col[x]
	}
	d, err := NewDesign(xs, cols, col[y], true)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// logWeeks is log(weeks) of testdata/glm_offset/data.csv: the offset of its
// Poisson fits.
func logWeeks(t *testing.T) []float64 {
	t.Helper()
	head, rows := readOffsetCSV(t, "data.csv")
	var lw []float64
	for _, r := range rows {
		for j, name := range head {
			if name == "weeks" {
				w, err := strconv.ParseFloat(r[j], 64)
				if err != nil {
					t.Fatal(err)
				}
				lw = append(lw, math.Log(w))
			}
		}
	}
	return lw
}

// TestConfintProfileAgainstR compares profile-likelihood intervals with R
// 4.2.2's confint for glm (MASS 7.3-58.2; testdata/glm_profile/
// glm_profile.R) at levels 0.95 and 0.9: binomial (birthwt), Poisson
// (Dobson), Gamma/log (clotting, 9 rows: t quantiles), Poisson with an
// offset, with an offset and only an intercept, and Gaussian. Each refit replicates glm.fit from the same start,
// so the bounds agree with R's to better than 1e-11 of the interval's
// width; the test allows 1e-8.
func TestConfintProfileAgainstR(t *testing.T) {
	type fitted struct {
		d   *Design
		opt GLMOptions
	}
	cases := map[string]func(t *testing.T) fitted{
		"birthwt": func(t *testing.T) fitted {
			return fitted{referenceDesign(t, "../reference/glm_binomial_logit_birthwt/data.csv", "low", []string{"age", "lwt", "smoke", "ht", "ui"}), GLMOptions{Family: Binomial}}
		},
		"dobson": func(t *testing.T) fitted {
			return fitted{referenceDesign(t, "../reference/glm_poisson_log_dobson/data.csv", "counts", []string{"outcome2", "outcome3", "treatment2", "treatment3"}), GLMOptions{Family: Poisson}}
		},
		"clotting": func(t *testing.T) fitted {
			return fitted{referenceDesign(t, "../reference/glm_gamma_log_clotting/data.csv", "lot1", []string{"log(u)"}), GLMOptions{Family: Gamma, Link: Log}}
		},
		"offset_poisson": func(t *testing.T) fitted {
			d := referenceDesign(t, "data.csv", "visits", []string{"x1", "x2"})
			return fitted{d, GLMOptions{Family: Poisson, Offset: logWeeks(t)}}
		},
		"intercept_only": func(t *testing.T) fitted { // each refit has no column left
			y := referenceDesign(t, "data.csv", "visits", []string{"x1", "x2"}).Y
			d, err := NewDesign(nil, nil, y, true)
			if err != nil {
				t.Fatal(err)
			}
			return fitted{d, GLMOptions{Family: Poisson, Offset: logWeeks(t)}}
		},
		"gaussian": func(t *testing.T) fitted {
			return fitted{referenceDesign(t, "data.csv", "score", []string{"x1"}), GLMOptions{Family: Gaussian}}
		},
	}
	want := map[string]map[string][]float64{} // case → level/term → bounds
	for _, r := range readProfileCSV(t, "confint.csv") {
		lo, _ := strconv.ParseFloat(r[3], 64)
		hi, _ := strconv.ParseFloat(r[4], 64)
		if want[r[0]] == nil {
			want[r[0]] = map[string][]float64{}
		}
		want[r[0]][r[1]+"/"+r[2]] = []float64{lo, hi}
	}
	for name, build := range cases {
		t.Run(name, func(t *testing.T) {
			c := build(t)
			f, err := GLM(c.d, c.opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, level := range []float64{0.95, 0.9} {
				ci, err := f.ConfintProfile(c.d, level)
				if err != nil {
					t.Fatal(err)
				}
				for j, term := range f.Names {
					key := strconv.FormatFloat(level, 'g', -1, 64) + "/" + term
					w, ok := want[name][key]
					if !ok {
						t.Fatalf("no R value for %s", key)
					}
					width := w[1] - w[0]
					for k := range 2 {
						if math.Abs(ci[j][k]-w[k]) > 1e-8*width {
							t.Errorf("%s bound %d: %.12g, R %.12g (%.2g of the width)", key, k, ci[j][k], w[k], math.Abs(ci[j][k]-w[k])/width)
						}
					}
				}
			}
		})
	}
}

// TestSplineFMMAgainstR compares splineFMM with R's spline(x, y) (method
// "fmm", 3 points per knot) on 2, 3, 5 and 12 knots, within 1e-13.
func TestSplineFMMAgainstR(t *testing.T) {
	type sp struct{ kx, ky, ox, oy []float64 }
	cases := map[string]*sp{}
	for _, r := range readProfileCSV(t, "spline.csv") {
		c := cases[r[0]]
		if c == nil {
			c = &sp{}
			cases[r[0]] = c
		}
		x, _ := strconv.ParseFloat(r[2], 64)
		y, _ := strconv.ParseFloat(r[3], 64)
		if r[1] == "knot" {
			c.kx, c.ky = append(c.kx, x), append(c.ky, y)
		} else {
			c.ox, c.oy = append(c.ox, x), append(c.oy, y)
		}
	}
	if len(cases) != 4 {
		t.Fatalf("%d spline cases", len(cases))
	}
	for name, c := range cases {
		ox, oy := splineFMM(c.kx, c.ky)
		if len(ox) != len(c.ox) {
			t.Fatalf("case %s: %d points, R %d", name, len(ox), len(c.ox))
		}
		for k := range ox {
			if math.Abs(ox[k]-c.ox[k]) > 1e-13*(1+math.Abs(c.ox[k])) || math.Abs(oy[k]-c.oy[k]) > 1e-13*(1+math.Abs(c.oy[k])) {
				t.Errorf("case %s point %d: (%.17g, %.17g), R (%.17g, %.17g)", name, k, ox[k], oy[k], c.ox[k], c.oy[k])
			}
		}
	}
}

// TestConfintProfileErrors checks the arguments ConfintProfile rejects.
func TestConfintProfileErrors(t *testing.T) {
	d := referenceDesign(t, "../reference/glm_poisson_log_dobson/data.csv", "counts", []string{"outcome2", "outcome3", "treatment2", "treatment3"})
	f, err := GLM(d, GLMOptions{Family: Poisson})
	if err != nil {
		t.Fatal(err)
	}
	other := referenceDesign(t, "../reference/glm_poisson_log_dobson/data.csv", "counts", []string{"outcome2", "outcome3"})
	tests := []struct {
		name  string
		d     *Design
		level float64
		want  error
	}{
		{"level 1", d, 1, ErrInvalidInput},
		{"negative level", d, -0.5, ErrInvalidInput},
		{"another design", other, 0.95, ErrLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.ConfintProfile(tt.d, tt.level); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestConfintProfileEmptyModelInvalid checks the case R stops on with
// "invalid fitted means in empty model": an intercept-only Gamma/identity
// fit whose profile steps to a negative mean. It must return an error, not
// run on.
func TestConfintProfileEmptyModelInvalid(t *testing.T) {
	d, err := NewDesign(nil, nil, []float64{0.01, 1, 5}, true)
	if err != nil {
		t.Fatal(err)
	}
	f, err := GLM(d, GLMOptions{Family: Gamma, Link: Identity})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ConfintProfile(d, 0.95); !errors.Is(err, ErrDomain) {
		t.Errorf("got %v, want ErrDomain", err)
	}
}

// TestRegularizeDropsNaN checks that regularize and approxLinear drop
// pairs with a NaN, as R's regularize.values does, and average ties.
func TestRegularizeDropsNaN(t *testing.T) {
	x, y := regularize([]float64{2, math.NaN(), 1, 2, 3}, []float64{4, 1, 1, 6, math.NaN()})
	if !slices.Equal(x, []float64{1, 2}) || !slices.Equal(y, []float64{1, 5}) {
		t.Errorf("regularize: %v, %v", x, y)
	}
	if v := approxLinear([]float64{math.NaN(), 0, 1}, []float64{7, 10, 20}, 0.25); v != 12.5 {
		t.Errorf("approxLinear: %v, want 12.5", v)
	}
	if v := approxLinear([]float64{math.NaN(), math.NaN()}, []float64{1, 2}, 0); !math.IsNaN(v) {
		t.Errorf("approxLinear with no points: %v, want NaN", v)
	}
}
