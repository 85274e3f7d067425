package calibrate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// GLM checks the design's values in passes it makes anyway (y with the
// family's response, X in the first Gram matrix of the normal equations)
// rather than by Design.Validate on entry. Whatever the solver, the options
// or the other faults, its error for a design with bad values must be the
// one Design.Validate gives: the first offending row in row order, naming
// the column.
func TestGLMDesignCheckAsValidate(t *testing.T) {
	const n, p = 3 * rowChunk, 4 // three chunks of the parallel passes; X has an intercept
	base := func() *Design {
		r := rand.New(rand.NewPCG(7, 11))
		x := make([]float64, n*p)
		y := make([]float64, n)
		for i := 0; i < n; i++ {
			x[i*p] = 1
			eta := 0.5
			for j := 1; j < p; j++ {
				x[i*p+j] = r.NormFloat64()
				eta += 0.2 * x[i*p+j]
			}
			y[i] = math.Exp(eta) * r.ExpFloat64()
		}
		return &Design{Names: []string{InterceptName, "a", "b", "c"}, X: mat.NewDense(n, p, x), Y: y, Response: "cost"}
	}
	set := func(i, j int, v float64) func(*Design) {
		return func(d *Design) { d.X.Set(i, j, v) }
	}
	setY := func(i int, v float64) func(*Design) { return func(d *Design) { d.Y[i] = v } }
	last := n - 1
	type fault struct {
		name  string
		edits []func(*Design)
	}
	faults := []fault{
		{"NaN in a predictor", []func(*Design){set(70000, 2, math.NaN())}},
		{"+Inf in a predictor, last row", []func(*Design){set(last, 3, math.Inf(1))}},
		{"-Inf in a predictor, first row", []func(*Design){set(0, 1, math.Inf(-1))}},
		{"intercept 2", []func(*Design){set(40000, 0, 2)}},
		{"intercept 0, last row", []func(*Design){set(last, 0, 0)}},
		{"intercept NaN", []func(*Design){set(5, 0, math.NaN())}},
		{"y NaN", []func(*Design){setY(33000, math.NaN())}},
		{"y +Inf", []func(*Design){setY(last, math.Inf(1))}},
		{"first of several in row order", []func(*Design){set(90000, 1, math.NaN()), set(60000, 0, 3), setY(50000, math.NaN()), set(65000, 2, math.Inf(1))}},
		{"same row: predictor before intercept before y", []func(*Design){setY(20000, math.NaN()), set(20000, 0, 2), set(20000, 3, math.NaN())}},
		{"same row: intercept before y", []func(*Design){setY(20000, math.NaN()), set(20000, 0, 2)}},
		{"bad value after a y the family refuses", []func(*Design){setY(10, -1), set(80000, 2, math.NaN())}},
	}
	w0 := make([]float64, n) // a zero prior weight on the faulty rows
	for i := range w0 {
		w0[i] = 1
	}
	for _, i := range []int{0, 5, 20000, 40000, 60000, 70000, 80000, 90000, last} {
		w0[i] = 0
	}
	opts := []struct {
		name string
		opt  GLMOptions
	}{
		{"gamma/log normal", GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal}},
		{"gamma/log qr", GLMOptions{Family: Gamma, Link: Log, Solver: SolverQR}},
		{"gamma/log auto", GLMOptions{Family: Gamma, Link: Log}},
		{"poisson normal", GLMOptions{Family: Poisson, Solver: SolverNormal}},
		{"gaussian normal with start", GLMOptions{Solver: SolverNormal, Start: []float64{0.5, 0, 0, 0}}},
		{"gamma/log normal, zero weights on the faulty rows", GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal, Weights: w0}},
		{"gamma/log normal, bad epsilon", GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal, Epsilon: -1}},
		{"binomial, bad link", GLMOptions{Family: Binomial, Link: Inverse, Solver: SolverNormal}},
		{"gamma/log normal, bad offset", GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal, Offset: []float64{1}}},
	}
	for _, f := range faults {
		d := base()
		for _, e := range f.edits {
			e(d)
		}
		want := d.Validate()
		var wantDE *DataError
		if !errors.As(want, &wantDE) {
			t.Fatalf("%s: Validate = %v, want a *DataError", f.name, want)
		}
		for _, o := range opts {
			t.Run(fmt.Sprintf("%s/%s", f.name, o.name), func(t *testing.T) {
				_, err := GLM(d, o.opt)
				var de *DataError
				if !errors.As(err, &de) {
					t.Fatalf("err = %v, want %v", err, want)
				}
				if de.Row != wantDE.Row || de.Column != wantDE.Column || err.Error() != want.Error() ||
					errors.Is(err, ErrNonFinite) != errors.Is(want, ErrNonFinite) {
					t.Errorf("err = %v, want %v", err, want)
				}
			})
		}
	}
	// Values too large for sums of squares are valid: the fused check must
	// not refuse them (the fit then fails or not as before, but not with a
	// *DataError).
	d := base()
	d.X.Set(1234, 2, 1e200)
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	_, err := GLM(d, GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal})
	var de *DataError
	if errors.As(err, &de) {
		t.Errorf("large finite value: err = %v, want no *DataError", err)
	}
	// And a valid design fits the same whichever way its values are checked.
	d = base()
	a, err := GLM(d, GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal})
	if err != nil {
		t.Fatal(err)
	}
	b, err := GLM(d, GLMOptions{Family: Gamma, Link: Log, Solver: SolverNormal, Weights: w0})
	if err != nil {
		t.Fatal(err)
	}
	if a.NObs != n || b.NObs != n-9 {
		t.Errorf("NObs = %d, %d; want %d, %d", a.NObs, b.NObs, n, n-9)
	}
}
