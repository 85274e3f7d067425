package calibrate

import (
	"math"
	"math/rand/v2"
	"testing"
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
