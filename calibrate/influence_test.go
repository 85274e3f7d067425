package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Studentised residuals and Cook's distances checked against their
// definitions by explicit leave-one-out refits: rstudent_i = e_i /
// (σ_(i)√(1−h_i)) with σ_(i) from the fit without row i, and Cook's D_i =
// Σ_j (ŷ_j − ŷ_j(i))² / (p·σ²).
func TestInfluenceLeaveOneOut(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	n := 25
	d := randomDesign(r, n, 3, []float64{2, 1, -1}, 1)
	d.Y[5] += 6 // an outlier
	for _, weighted := range []bool{false, true} {
		var f *LinearFit
		var err error
		w := make([]float64, n)
		for i := range w {
			w[i] = 0.5 + float64(i%4)
		}
		if weighted {
			f, err = WLS(d, w, Analytic, Options{})
		} else {
			f, err = OLS(d, Options{})
		}
		mustNo(t, err)
		inf, err := f.Influence()
		mustNo(t, err)
		for _, i := range []int{0, 5, 17} {
			rows := append(seq(0, i), seq(i+1, n)...)
			di, err := d.SubsetRows(rows)
			mustNo(t, err)
			var fi *LinearFit
			if weighted {
				wi := append(append([]float64(nil), w[:i]...), w[i+1:]...)
				fi, err = WLS(di, wi, Analytic, Options{})
			} else {
				fi, err = OLS(di, Options{})
			}
			mustNo(t, err)
			sw := 1.0
			if weighted {
				sw = math.Sqrt(w[i])
			}
			want := sw * f.Residuals[i] / (fi.Sigma * math.Sqrt(1-inf.Leverage[i]))
			inDelta(t, want, inf.Studentized[i], 1e-10, "rstudent row %d weighted %v", i, weighted)
			pred, err := fi.Predict(d.X)
			mustNo(t, err)
			cook := 0.0
			for j := range pred {
				dj := f.Fitted[j] - pred[j]
				wj := 1.0
				if weighted {
					wj = w[j]
				}
				cook += wj * dj * dj
			}
			cook /= 3 * f.Sigma * f.Sigma
			inDelta(t, cook, inf.Cooks[i], 1e-10, "cook row %d weighted %v", i, weighted)
		}
	}
	_, err := (&LinearFit{WeightKind: Frequency}).Influence()
	errIs(t, err, ErrInvalidInput)
}

// DFBETAS, DFFITS, the covariance ratio and the leave-one-out σ against
// their definitions by explicit refits without row i.
func TestInfluenceMeasuresLeaveOneOut(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	n := 22
	d := randomDesign(r, n, 3, []float64{1, 2, -1}, 1)
	d.Y[2] += 5
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + float64(i%3)
	}
	for _, weighted := range []bool{false, true} {
		var f *LinearFit
		var err error
		if weighted {
			f, err = WLS(d, w, Analytic, Options{})
		} else {
			f, err = OLS(d, Options{})
		}
		mustNo(t, err)
		inf, err := f.Influence()
		mustNo(t, err)
		for _, i := range []int{0, 2, 13} {
			rows := append(seq(0, i), seq(i+1, n)...)
			di, err := d.SubsetRows(rows)
			mustNo(t, err)
			var fi *LinearFit
			if weighted {
				wi := append(append([]float64(nil), w[:i]...), w[i+1:]...)
				fi, err = WLS(di, wi, Analytic, Options{})
			} else {
				fi, err = OLS(di, Options{})
			}
			mustNo(t, err)
			inDelta(t, fi.Sigma, inf.Sigma[i], 1e-10, "sigma_(i) row %d", i)
			for j := range f.Estimates {
				want := (f.Estimates[j] - fi.Estimates[j]) / (fi.Sigma * math.Sqrt(f.Vcov.At(j, j)) / f.Sigma)
				inDelta(t, want, inf.DFBETAS[i][j], 1e-9, "dfbetas row %d col %d weighted %v", i, j, weighted)
			}
			// DFFITS: the change of row i's fitted value, scaled by s_(i)√h_i.
			pred, err := fi.Predict(d.X.Slice(i, i+1, 0, 3))
			mustNo(t, err)
			sw := 1.0
			if weighted {
				sw = math.Sqrt(w[i])
			}
			want := sw * (f.Fitted[i] - pred[0]) / (fi.Sigma * math.Sqrt(inf.Leverage[i]))
			inDelta(t, want, inf.DFFITS[i], 1e-9, "dffits row %d weighted %v", i, weighted)
			// Covariance ratio: det(Vcov_(i))/det(Vcov).
			var a, b mat.Dense
			a.CloneFrom(fi.Vcov)
			b.CloneFrom(f.Vcov)
			inDelta(t, mat.Det(&a)/mat.Det(&b), inf.CovRatio[i], 1e-9, "covratio row %d weighted %v", i, weighted)
		}
	}
}

// A row of leverage 1 (the only row of a dummy) has undefined measures, as
// R reports them (NA), DFBETAS 0, and R's flag for its hat value.
func TestInfluenceLeverageOne(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	n := 15
	x := make([]float64, n)
	dum := make([]float64, n)
	y := make([]float64, n)
	for i := range y {
		x[i] = float64(i)
		y[i] = x[i] + r.NormFloat64()
	}
	dum[4] = 1
	d := mustDesign(t, []string{"x", "only4"}, [][]float64{x, dum}, y, true)
	f, err := OLS(d, Options{})
	mustNo(t, err)
	inf, err := f.Influence()
	mustNo(t, err)
	equal(t, 1.0, inf.Leverage[4])
	for name, v := range map[string]float64{"rstandard": inf.Standardized[4], "rstudent": inf.Studentized[4],
		"cooks": inf.Cooks[4], "dffits": inf.DFFITS[4], "covratio": inf.CovRatio[4]} {
		isTrue(t, math.IsNaN(v), "%s of the leverage-1 row is undefined, got %v", name, v)
	}
	equal(t, []float64{0, 0, 0}, inf.DFBETAS[4])
	inDelta(t, math.Sqrt(f.RSS/(f.DFResidual-1)), inf.Sigma[4], 1e-12)
	isTrue(t, inf.Flags[4].Hat && inf.Flags[4].Any(), "hat flag")
	isTrue(t, slicesContains(inf.InfluentialRows(), 4), "row 4 listed")
	for i := range inf.Flags {
		if i != 4 {
			isTrue(t, !math.IsNaN(inf.Cooks[i]), "row %d defined", i)
		}
	}
}

func slicesContains(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
