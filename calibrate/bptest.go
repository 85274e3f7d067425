package calibrate

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/internal/stats"
)

// BPOptions controls LinearFit.BreuschPagan. The zero value is
// lmtest::bptest's default: the studentized (Koenker) test on the model's
// own regressors.
type BPOptions struct {
	// Unstudentized selects Breusch and Pagan's original (1979) statistic,
	// which assumes normal errors (bptest(studentize = FALSE)).
	Unstudentized bool
	// Z, if not nil, holds the regressors of the auxiliary variance
	// regression (bptest's varformula), one row per design row. It should
	// include a column of ones; the degrees of freedom are its rank − 1
	// either way, as lmtest counts them. nil means the fit's own design.
	Z mat.Matrix
}

// BPTest is the result of a Breusch–Pagan test for heteroskedasticity.
type BPTest struct {
	Method      string  // "studentized Breusch-Pagan test" or "Breusch-Pagan test", as lmtest
	Studentized bool    // Koenker's studentized version
	Statistic   float64 // BP
	DF          float64 // rank of the auxiliary design − 1
	PValue      float64 // P(χ²(DF) > Statistic)
}

// String formats the test as one line.
func (b *BPTest) String() string {
	return fmt.Sprintf("%s: BP = %s, df = %s, p-value = %s", b.Method, g4(b.Statistic), g4(b.DF), pval(b.PValue))
}

// BreuschPagan tests the fit's residuals for heteroskedasticity, as
// lmtest::bptest(fit) (studentized, Koenker 1981) or bptest(fit, studentize
// = FALSE) (Breusch and Pagan 1979). With e the residuals, n the number of
// rows of positive weight and σ̂² = Σwᵢeᵢ²/n:
//
//   - studentized: regress uᵢ = eᵢ² − σ̂² on Z (weighted by w for a WLS
//     fit); BP = n·Σwᵢûᵢ²/Σuᵢ², which is n·R² of that regression;
//   - original: regress gᵢ = eᵢ²/σ̂² − 1 on Z; BP = ½·Σwᵢĝᵢ².
//
// Under homoskedasticity BP is χ² on DF = rank(Z) − 1 degrees of freedom.
// Analytic weights follow lmtest (which takes them from the lm fit);
// frequency weights count as duplicated rows. Errors: a fit on a row subset
// (cross-validation); a Z with fewer than 2 columns, the wrong number of
// rows or a non-finite value (*DataError, columns named z1, z2, …).
func (f *LinearFit) BreuschPagan(opt BPOptions) (*BPTest, error) {
	if f.rows != nil {
		return nil, invalidf("bptest: the fit is on a subset of the design's rows")
	}
	n, _ := f.d.Dims()
	z := f.d
	if opt.Z != nil {
		zn, zp := opt.Z.Dims()
		if zn != n {
			return nil, lengthf("bptest: Z has %d rows, the fit %d", zn, n)
		}
		names := make([]string, zp)
		for j := range names {
			names[j] = fmt.Sprintf("z%d", j+1)
		}
		z = &Design{Names: names, X: mat.DenseCopyOf(opt.Z)}
		for i := 0; i < zn; i++ {
			for j := 0; j < zp; j++ {
				if v := z.X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, &DataError{Row: i, Column: names[j], Value: v, Err: ErrNonFinite}
				}
			}
		}
	}
	if _, zp := z.Dims(); zp < 2 {
		return nil, invalidf("bptest: the auxiliary variance regression requires at least an intercept and a regressor")
	}
	w := f.Weights
	var nobs, ss float64
	for i, e := range f.Residuals {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		if f.WeightKind == Frequency {
			nobs += wi
		} else if wi > 0 {
			nobs++
		}
		ss += wi * e * e
	}
	s2 := ss / nobs
	u := make([]float64, n)
	var den float64
	for i, e := range f.Residuals {
		if opt.Unstudentized {
			u[i] = e*e/s2 - 1
		} else {
			u[i] = e*e - s2
			m := 1.0
			if f.WeightKind == Frequency {
				m = w[i]
			}
			den += m * u[i] * u[i]
		}
	}
	aux := &Design{Names: z.Names, X: z.X, Y: u, Response: "u"}
	var af *LinearFit
	var err error
	if w == nil {
		af, err = OLS(aux, Options{})
	} else {
		af, err = WLS(aux, w, f.WeightKind, Options{})
	}
	if err != nil {
		return nil, fmt.Errorf("calibrate: bptest: auxiliary regression: %w", err)
	}
	var fit2 float64
	for i, v := range af.Fitted {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		fit2 += wi * v * v
	}
	bp := &BPTest{Studentized: !opt.Unstudentized, DF: float64(af.Rank - 1)}
	if opt.Unstudentized {
		bp.Method = "Breusch-Pagan test"
		bp.Statistic = fit2 / 2
	} else {
		bp.Method = "studentized Breusch-Pagan test"
		bp.Statistic = nobs * fit2 / den
	}
	bp.PValue = math.NaN()
	if bp.DF > 0 {
		bp.PValue = stats.ChiSquareSurvival(bp.Statistic, bp.DF)
	}
	return bp, nil
}
