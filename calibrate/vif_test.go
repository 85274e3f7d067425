package calibrate

import (
	"errors"
	"math"
	"testing"
)

// VIF_j = 1/(1 − R²_j) with R²_j from regressing column j on the others
// with an intercept; for a term of several columns the GVIF is
// det(R_tt)·det(R_oo)/det(R), which for two columns reduces to a ratio
// checked against its 2×2 and 1×1 minors by hand.
func TestVIFDefinition(t *testing.T) {
	r := newTestRand(31)
	n := 60
	a := make([]float64, n)
	b := make([]float64, n)
	c := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		a[i] = r.NormFloat64()
		b[i] = a[i] + 0.5*r.NormFloat64()
		c[i] = r.NormFloat64() - 0.3*b[i]
		y[i] = r.NormFloat64()
	}
	d := mustDesign(t, []string{"a", "b", "c"}, [][]float64{a, b, c}, y, true)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	v, err := f.VIF(VIFOptions{})
	mustNo(t, err)
	cols := [][]float64{a, b, c}
	names := []string{"a", "b", "c"}
	for j := range cols {
		var on []string
		var oc [][]float64
		for k := range cols {
			if k != j {
				on, oc = append(on, names[k]), append(oc, cols[k])
			}
		}
		aux, err := OLS(mustDesign(t, on, oc, cols[j], true), Options{})
		mustNo(t, err)
		want := 1 / (1 - aux.RSquared)
		row := v.Rows[j]
		equal(t, names[j], row.Term)
		inDelta(t, want, row.GVIF, 1e-10*want, "vif %s", names[j])
		equal(t, 1, row.DF)
		inDelta(t, math.Sqrt(want), row.GVIFScaled, 1e-10*want)
	}
	isTrue(t, len(v.Warnings) == 0, "no warning with an intercept")
	// Terms: {a, b} together and {c}. With R the correlation matrix of the
	// three estimates, GVIF(c) = det(R_ab)·1/det(R) and GVIF(ab) the same.
	g, err := f.VIF(VIFOptions{Terms: []VIFTerm{{Name: "ab", Columns: []string{"a", "b"}}, {Name: "c", Columns: []string{"c"}}}})
	mustNo(t, err)
	cor := func(i, j int) float64 {
		return f.Vcov.At(i, j) / math.Sqrt(f.Vcov.At(i, i)*f.Vcov.At(j, j))
	}
	rab, rac, rbc := cor(1, 2), cor(1, 3), cor(2, 3)
	detR := 1 + 2*rab*rac*rbc - rab*rab - rac*rac - rbc*rbc
	want := (1 - rab*rab) / detR
	inDelta(t, want, g.Rows[0].GVIF, 1e-10*want)
	inDelta(t, want, g.Rows[1].GVIF, 1e-10*want)
	equal(t, 2, g.Rows[0].DF)
	inDelta(t, math.Pow(want, 0.25), g.Rows[0].GVIFScaled, 1e-10)
}

func TestVIFErrors(t *testing.T) {
	r := newTestRand(32)
	n := 20
	a := make([]float64, n)
	b := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		a[i], b[i], y[i] = r.NormFloat64(), r.NormFloat64(), r.NormFloat64()
	}
	one, err := OLS(mustDesign(t, []string{"a"}, [][]float64{a}, y, true), Options{})
	mustNo(t, err)
	_, err = one.VIF(VIFOptions{})
	errIs(t, err, ErrInvalidInput)
	two, err := OLS(mustDesign(t, []string{"a", "b"}, [][]float64{a, b}, y, true), Options{})
	mustNo(t, err)
	for _, terms := range [][]VIFTerm{
		{{Name: "a", Columns: []string{"a"}}},                                           // b in no term
		{{Name: "a", Columns: []string{"a", "b"}}, {Name: "b", Columns: []string{"b"}}}, // b twice
		{{Name: "a", Columns: []string{"a"}}, {Name: "x", Columns: []string{"x"}}},      // no column x
		{{Name: "a", Columns: []string{"a"}}, {Name: "e", Columns: nil}},                // empty
		{{Name: "i", Columns: []string{InterceptName}}, {Name: "ab", Columns: []string{"a", "b"}}},
	} {
		_, err = two.VIF(VIFOptions{Terms: terms})
		errIs(t, err, ErrInvalidInput)
	}
	ab := make([]float64, n)
	for i := range ab {
		ab[i] = a[i] + b[i]
	}
	al, err := OLS(mustDesign(t, []string{"a", "b", "ab"}, [][]float64{a, b, ab}, y, true), Options{})
	mustNo(t, err)
	_, err = al.VIF(VIFOptions{})
	var ae *AliasedError
	isTrue(t, errors.As(err, &ae) && ae.Columns[0] == "ab", "aliased: %v", err)
	// Without an intercept car warns and computes anyway.
	ni, err := OLS(mustDesign(t, []string{"a", "b"}, [][]float64{a, b}, y, false), Options{})
	mustNo(t, err)
	v, err := ni.VIF(VIFOptions{})
	mustNo(t, err)
	equal(t, []string{"No intercept: vifs may not be sensible."}, v.Warnings)
}

// car::vif of a glm uses the correlation of its estimates: a Gaussian
// identity GLM gives OLS's VIFs.
func TestVIFGLM(t *testing.T) {
	d := heteroDesign(33, 40)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	g, err := GLM(d, GLMOptions{})
	mustNo(t, err)
	a, err := f.VIF(VIFOptions{})
	mustNo(t, err)
	b, err := g.VIF(VIFOptions{})
	mustNo(t, err)
	for j := range a.Rows {
		inDelta(t, a.Rows[j].GVIF, b.Rows[j].GVIF, 1e-9*a.Rows[j].GVIF)
	}
}
