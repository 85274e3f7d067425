package calibrate

import (
	"fmt"
	"math"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

// InterceptName is the name of the intercept column, as R prints it. A design
// has an intercept exactly when one of its columns has this name; that
// column must hold only ones.
const InterceptName = "(Intercept)"

// Design is a numeric design matrix with named columns and a response.
//
// X is n×p and row-major (gonum's mat.Dense); row i is observation i. The
// intercept, if wanted, is an explicit column of ones named InterceptName,
// conventionally the first. Names[j] names column j and flows through to every
// result. Response names Y in summaries and errors ("y" if empty).
//
// Estimators never modify a Design. A fit may keep a reference to the design
// it was fitted on (for leverage and robust standard errors), so a Design
// must not be modified after it has been fitted.
type Design struct {
	Names    []string
	X        *mat.Dense
	Y        []float64
	Response string
}

// NewDesign builds a Design from columns: cols[j] is column names[j], y is
// the response. With intercept true a leading column of ones named
// InterceptName is added. The data are copied. The result is validated as
// Validate does (the copy and the check of every value are one pass over
// the data, split over GOMAXPROCS goroutines for large designs), and an
// invalid design gives the error Validate would.
func NewDesign(names []string, cols [][]float64, y []float64, intercept bool) (*Design, error) {
	if len(names) != len(cols) {
		return nil, lengthf("%d names for %d columns", len(names), len(cols))
	}
	n := len(y)
	p := len(cols)
	off := 0
	if intercept {
		p++
		off = 1
	}
	if n == 0 || p == 0 {
		return nil, fmt.Errorf("%w: %d rows, %d columns", ErrEmpty, n, p)
	}
	for j, c := range cols {
		if len(c) != n {
			return nil, lengthf("column %q has %d values, response has %d", names[j], len(c), n)
		}
	}
	nm := make([]string, 0, p)
	if intercept {
		nm = append(nm, InterceptName)
	}
	nm = append(nm, names...)
	data := make([]float64, n*p)
	yc := make([]float64, n)
	var bad atomic.Bool
	forChunks(n, designChunk, func(_, lo, hi int) {
		if !copyRows(data, cols, y, yc, lo, hi, p, off) {
			bad.Store(true)
		}
	})
	d := &Design{Names: nm, X: mat.NewDense(n, p, data), Y: yc}
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	if bad.Load() {
		// Find the first bad value in row order, as Validate reports it.
		return nil, d.checkValues()
	}
	return d, nil
}

// designChunk is the number of rows NewDesign copies per task.
const designChunk = 1 << 15

// copyRows copies rows [lo, hi) of the columns into the row-major data
// (p values a row, the first off of them ones) and of y into yc, and
// reports whether every value is finite. It works in blocks of rows small
// enough for the block's rows to stay in the L1 cache while the columns are
// read one after another.
func copyRows(data []float64, cols [][]float64, y, yc []float64, lo, hi, p, off int) bool {
	const block = 64
	ok := true
	for b0 := lo; b0 < hi; b0 += block {
		b1 := min(hi, b0+block)
		if off == 1 {
			for i := b0; i < b1; i++ {
				data[i*p] = 1
			}
		}
		for j, c := range cols {
			src := c[b0:b1]
			dst := data[b0*p+j+off:]
			for t, v := range src {
				if v-v != 0 { // NaN or ±Inf
					ok = false
				}
				dst[t*p] = v
			}
		}
		src := y[b0:b1]
		copy(yc[b0:b1], src)
		for _, v := range src {
			if v-v != 0 {
				ok = false
			}
		}
	}
	return ok
}

// Dims returns the number of rows n and columns p of the design. It returns
// 0, 0 for a nil design or a design without a matrix.
func (d *Design) Dims() (n, p int) {
	if d == nil || d.X == nil {
		return 0, 0
	}
	return d.X.Dims()
}

// InterceptIndex returns the index of the column named InterceptName, or -1.
func (d *Design) InterceptIndex() int {
	for j, s := range d.Names {
		if s == InterceptName {
			return j
		}
	}
	return -1
}

// HasIntercept reports whether the design has an intercept column.
func (d *Design) HasIntercept() bool { return d.InterceptIndex() >= 0 }

func (d *Design) responseName() string {
	if d.Response == "" {
		return "y"
	}
	return d.Response
}

// checkShape validates everything except the values: non-nil, non-empty,
// lengths, names (non-empty, unique, valid UTF-8 without control
// characters, as internal/field.ID; the response's name too). It is O(p).
func (d *Design) checkShape() error {
	if d == nil || d.X == nil {
		return fmt.Errorf("%w: no design matrix", ErrEmpty)
	}
	if d.X.IsEmpty() {
		return fmt.Errorf("%w: design matrix has no rows", ErrEmpty)
	}
	n, p := d.X.Dims()
	if n == 0 || p == 0 {
		return fmt.Errorf("%w: %d rows, %d columns", ErrEmpty, n, p)
	}
	if len(d.Names) != p {
		return lengthf("%d column names for %d design columns", len(d.Names), p)
	}
	if len(d.Y) != n {
		return lengthf("response %q has %d values, design has %d rows", d.responseName(), len(d.Y), n)
	}
	if err := field.ID(d.Response); err != nil {
		return fmt.Errorf("%w: the response, named %q: in the name, %w", ErrInvalidInput, d.Response, err)
	}
	seen := make(map[string]int, p)
	for j, s := range d.Names {
		if s == "" {
			return invalidf("design column %d has an empty name", j)
		}
		if err := field.ID(s); err != nil {
			return fmt.Errorf("%w: design column %d, named %q: in the name, %w", ErrInvalidInput, j, s, err)
		}
		if k, ok := seen[s]; ok {
			return invalidf("design columns %d and %d are both named %q", k, j, s)
		}
		seen[s] = j
	}
	return nil
}

// Validate checks the design: a non-nil, non-empty matrix; one unique,
// non-empty name per column, valid UTF-8 without control characters (as the
// response's name, if any); a response of length n; every value finite; an
// intercept column (if any) of ones only. Errors wrap ErrEmpty, ErrLength,
// ErrInvalidInput or ErrNonFinite; bad values are reported as a *DataError
// naming the first offending row (in row order) and its column.
func (d *Design) Validate() error {
	if err := d.checkShape(); err != nil {
		return err
	}
	return d.checkValues()
}

// checkValues scans X and Y for non-finite values and a bad intercept
// column and reports the first offending row (in row order). Large designs
// are scanned in parallel chunks.
func (d *Design) checkValues() error {
	n, _ := d.X.Dims()
	if n <= designChunk {
		return d.checkValuesIn(0, n)
	}
	errs := make([]error, (n+designChunk-1)/designChunk)
	forChunks(n, designChunk, func(c, lo, hi int) { errs[c] = d.checkValuesIn(lo, hi) })
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkValuesIn is checkValues for rows [lo, hi).
func (d *Design) checkValuesIn(lo, hi int) error {
	_, p := d.X.Dims()
	raw := d.X.RawMatrix()
	ic := d.InterceptIndex()
	for i := lo; i < hi; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &DataError{Row: i, Column: d.Names[j], Value: v, Err: ErrNonFinite}
			}
		}
		if ic >= 0 && row[ic] != 1 {
			return &DataError{Row: i, Column: InterceptName, Value: row[ic],
				Err: fmt.Errorf("%w: intercept column must hold only ones", ErrInvalidInput)}
		}
		if v := d.Y[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return &DataError{Row: i, Column: d.responseName(), Value: v, Err: ErrNonFinite}
		}
	}
	return nil
}

// SubsetRows returns a new Design holding copies of the given rows, in the
// given order. Row indices must be valid (0 ≤ r < n); it returns an error
// wrapping ErrInvalidInput otherwise.
func (d *Design) SubsetRows(rows []int) (*Design, error) {
	if err := d.checkShape(); err != nil {
		return nil, err
	}
	n, p := d.X.Dims()
	if len(rows) == 0 {
		return nil, fmt.Errorf("%w: no rows selected", ErrEmpty)
	}
	data := make([]float64, len(rows)*p)
	y := make([]float64, len(rows))
	raw := d.X.RawMatrix()
	for k, r := range rows {
		if r < 0 || r >= n {
			return nil, invalidf("row index %d out of range [0, %d)", r, n)
		}
		copy(data[k*p:(k+1)*p], raw.Data[r*raw.Stride:r*raw.Stride+p])
		y[k] = d.Y[r]
	}
	return &Design{
		Names:    append([]string(nil), d.Names...),
		X:        mat.NewDense(len(rows), p, data),
		Y:        y,
		Response: d.Response,
	}, nil
}

// Coef is one row of a coefficient table, shared by every estimator.
//
// Statistic is a t value for OLS/WLS (and GLMs with estimated dispersion) or a
// z value (GLMs with fixed dispersion); PValue is two-sided. Lower and Upper
// bound the confidence interval at the fit's level. An Aliased coefficient
// (R's NA) has every numeric field NaN.
type Coef struct {
	Name      string
	Estimate  float64
	StdErr    float64
	Statistic float64
	PValue    float64
	Lower     float64
	Upper     float64
	Aliased   bool
}

// WeightKind states what observation weights mean. There is no default:
// weighted fits require one of the two kinds explicitly.
type WeightKind int

const (
	// Analytic weights are inverse-variance weights (R's lm(weights=)):
	// Var(e_i) = σ²/w_i. The number of observations is the number of rows
	// with a positive weight; scaling all weights leaves the estimates,
	// standard errors and tests unchanged.
	Analytic WeightKind = iota + 1
	// Frequency weights count replicated observations: a row with weight w
	// stands for w identical rows. The number of observations is Σw, so
	// degrees of freedom, σ and the information criteria equal those of the
	// data with duplicated rows.
	Frequency
)

func (k WeightKind) String() string {
	switch k {
	case Analytic:
		return "analytic"
	case Frequency:
		return "frequency"
	}
	return fmt.Sprintf("WeightKind(%d)", int(k))
}

// checkWeights validates observation weights for a design with n rows:
// length n, every weight finite and ≥ 0, at least one positive, and a known
// kind. name names the weights in errors ("weights" if empty).
func checkWeights(w []float64, n int, kind WeightKind, name string) error {
	if name == "" {
		name = "weights"
	}
	if kind != Analytic && kind != Frequency {
		return invalidf("weight kind %v: must be Analytic or Frequency", kind)
	}
	if len(w) != n {
		return lengthf("%s has %d values, design has %d rows", name, len(w), n)
	}
	pos := false
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &DataError{Row: i, Column: name, Value: v, Err: ErrNonFinite}
		}
		if v < 0 {
			return &DataError{Row: i, Column: name, Value: v,
				Err: fmt.Errorf("%w: negative weight", ErrInvalidInput)}
		}
		if v > 0 {
			pos = true
		}
	}
	if !pos {
		return fmt.Errorf("%w: every weight in %s is zero", ErrEmpty, name)
	}
	return nil
}

// checkValuesRows is checkValues restricted to the given rows (all if nil).
func (d *Design) checkValuesRows(rows []int) error {
	if rows == nil {
		return d.checkValues()
	}
	_, p := d.X.Dims()
	raw := d.X.RawMatrix()
	for _, i := range rows {
		row := raw.Data[i*raw.Stride : i*raw.Stride+p]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &DataError{Row: i, Column: d.Names[j], Value: v, Err: ErrNonFinite}
			}
		}
		if v := d.Y[i]; math.IsNaN(v) || math.IsInf(v, 0) {
			return &DataError{Row: i, Column: d.responseName(), Value: v, Err: ErrNonFinite}
		}
	}
	return nil
}
