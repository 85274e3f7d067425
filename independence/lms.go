package independence

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// LMS holds the Box-Cox power L, median M and coefficient of variation S of
// a reference distribution at one age (Cole & Green 1992).
type LMS struct {
	L, M, S float64
}

// Validate checks that L is finite and M and S are finite and positive.
func (p LMS) Validate() error {
	if !finite(p.L) || !finite(p.M) || !finite(p.S) || p.M <= 0 || p.S <= 0 {
		return fmt.Errorf("independence: LMS (L=%v, M=%v, S=%v): L must be finite, M and S finite and > 0: %w", p.L, p.M, p.S, ErrInvalidLMS)
	}
	return nil
}

// Z returns the z-score of measurement y > 0:
//
//	z = ((y/M)^L − 1)/(L·S)   for L ≠ 0
//	z = ln(y/M)/S             for L = 0
//
// computed as expm1(L·ln(y/M))/(L·S), which equals the first form and stays
// accurate as L approaches 0.
func (p LMS) Z(y float64) (float64, error) {
	if err := p.Validate(); err != nil {
		return math.NaN(), err
	}
	if !finite(y) || y <= 0 {
		return math.NaN(), fmt.Errorf("independence: measurement %v must be finite and > 0: %w", y, ErrInvalidValue)
	}
	lr := math.Log(y / p.M)
	if p.L == 0 {
		return lr / p.S, nil
	}
	return math.Expm1(p.L*lr) / (p.L * p.S), nil
}

// Value returns the measurement at z-score z (the centile curve):
//
//	y = M·(1 + L·S·z)^(1/L)   for L ≠ 0
//	y = M·exp(S·z)            for L = 0
//
// If 1 + L·S·z ≤ 0 the z-score lies outside the Box-Cox distribution's
// support and Value returns an error wrapping ErrInvalidValue.
func (p LMS) Value(z float64) (float64, error) {
	if err := p.Validate(); err != nil {
		return math.NaN(), err
	}
	if !finite(z) {
		return math.NaN(), fmt.Errorf("independence: z-score %v must be finite: %w", z, ErrInvalidValue)
	}
	if p.L == 0 {
		return p.M * math.Exp(p.S*z), nil
	}
	b := p.L * p.S * z
	if b <= -1 {
		return math.NaN(), fmt.Errorf("independence: z-score %v outside the support of the LMS distribution (1+L·S·z = %v <= 0): %w", z, 1+b, ErrInvalidValue)
	}
	return p.M * math.Exp(math.Log1p(b)/p.L), nil
}

// ZRestricted returns the z-score with the WHO "restricted application of
// the LMS method" (WHO Child Growth Standards, 2006, ch. 7; the igrowup
// macros): within ±3 it equals Z; beyond, the distance is measured in units
// of the gap between the ±2 and ±3 centile curves:
//
//	z* = 3 + (y − SD3)/(SD3 − SD2)          if z > 3
//	z* = −3 + (y − SD3neg)/(SD2neg − SD3neg) if z < −3
//
// WHO applies it to weight-based indicators, whose skewed upper tails it
// tames; it is optional here (LMSOptions.Restricted).
func (p LMS) ZRestricted(y float64) (float64, error) {
	z, err := p.Z(y)
	if err != nil || math.Abs(z) <= 3 {
		return z, err
	}
	sd2, sd3, err := p.sd23(math.Copysign(1, z))
	if err != nil {
		return math.NaN(), err
	}
	if z > 0 {
		return 3 + (y-sd3)/(sd3-sd2), nil
	}
	return -3 + (y-sd3)/(sd2-sd3), nil
}

// ValueRestricted is the inverse of ZRestricted: Value within ±3, and linear
// extrapolation by the ±2 to ±3 gap beyond.
func (p LMS) ValueRestricted(z float64) (float64, error) {
	if !finite(z) || math.Abs(z) <= 3 {
		return p.Value(z)
	}
	sd2, sd3, err := p.sd23(math.Copysign(1, z))
	if err != nil {
		return math.NaN(), err
	}
	if z > 0 {
		return sd3 + (z-3)*(sd3-sd2), nil
	}
	return sd3 + (z+3)*(sd2-sd3), nil
}

func (p LMS) sd23(sign float64) (sd2, sd3 float64, err error) {
	if sd2, err = p.Value(2 * sign); err != nil {
		return
	}
	sd3, err = p.Value(3 * sign)
	return
}

// LMSOptions are the options of the LMSTable methods. The zero value means
// the defaults.
type LMSOptions struct {
	// Restricted applies the WHO restricted application for |z| > 3 (see
	// LMS.ZRestricted). Default false: the plain Cole & Green formulas.
	Restricted bool
}

// LMSRow is one row of an LMS reference table.
type LMSRow struct {
	Age float64 // in the table's unit (months, years): pass ages in the same unit
	LMS
}

// LMSTable is an LMS reference table: L, M and S at increasing ages. It is
// read-only and safe for concurrent use.
//
// Between two tabulated ages, L, M and S are each interpolated linearly in
// age (as suggested by CDC for its monthly tables); at a tabulated age the
// row is used as is. Ages outside the table are an error (ErrAgeOutOfRange):
// the table is never extrapolated.
type LMSTable struct {
	Name string
	rows []LMSRow
}

// NewLMSTable validates rows (ages finite and strictly increasing, each LMS
// valid, at least one row) and returns a table holding a copy of them.
// Errors are *RecordError values naming the row index and field.
func NewLMSTable(name string, rows []LMSRow) (*LMSTable, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("independence: LMS table %q has no rows: %w", name, ErrInvalidLMS)
	}
	var errs []error
	for i, r := range rows {
		if !finite(r.Age) {
			errs = append(errs, &RecordError{Record: i, Field: "age", Value: fmtF(r.Age), Msg: "must be finite", Err: ErrInvalidLMS})
		} else if i > 0 && finite(rows[i-1].Age) && r.Age <= rows[i-1].Age {
			errs = append(errs, &RecordError{Record: i, Field: "age", Value: fmtF(r.Age), Msg: "ages must increase strictly", Err: ErrInvalidLMS})
		}
		if !finite(r.L) {
			errs = append(errs, &RecordError{Record: i, Field: "L", Value: fmtF(r.L), Msg: "must be finite", Err: ErrInvalidLMS})
		}
		if !finite(r.M) || r.M <= 0 {
			errs = append(errs, &RecordError{Record: i, Field: "M", Value: fmtF(r.M), Msg: "must be finite and > 0", Err: ErrInvalidLMS})
		}
		if !finite(r.S) || r.S <= 0 {
			errs = append(errs, &RecordError{Record: i, Field: "S", Value: fmtF(r.S), Msg: "must be finite and > 0", Err: ErrInvalidLMS})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &LMSTable{Name: name, rows: append([]LMSRow(nil), rows...)}, nil
}

func fmtF(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// Rows returns a copy of the table's rows.
func (t *LMSTable) Rows() []LMSRow { return append([]LMSRow(nil), t.rows...) }

// AgeRange returns the first and last tabulated ages.
func (t *LMSTable) AgeRange() (lo, hi float64) { return t.rows[0].Age, t.rows[len(t.rows)-1].Age }

// At returns L, M and S at age, interpolated linearly between tabulated ages.
func (t *LMSTable) At(age float64) (LMS, error) {
	lo, hi := t.AgeRange()
	if !finite(age) || age < lo || age > hi {
		return LMS{}, fmt.Errorf("independence: age %v outside LMS table %q ages [%v, %v]: %w", age, t.Name, lo, hi, ErrAgeOutOfRange)
	}
	// Binary search for the first row with Age >= age.
	i, j := 0, len(t.rows)
	for i < j {
		h := int(uint(i+j) >> 1)
		if t.rows[h].Age < age {
			i = h + 1
		} else {
			j = h
		}
	}
	r1 := t.rows[i]
	if r1.Age == age || i == 0 {
		return r1.LMS, nil
	}
	r0 := t.rows[i-1]
	w := (age - r0.Age) / (r1.Age - r0.Age)
	lerp := func(a, b float64) float64 { return a + w*(b-a) }
	return LMS{L: lerp(r0.L, r1.L), M: lerp(r0.M, r1.M), S: lerp(r0.S, r1.S)}, nil
}

// Z returns the z-score of measurement y at age.
func (t *LMSTable) Z(age, y float64, opt LMSOptions) (float64, error) {
	p, err := t.At(age)
	if err != nil {
		return math.NaN(), err
	}
	if opt.Restricted {
		return p.ZRestricted(y)
	}
	return p.Z(y)
}

// Centile returns the centile (0–100) of measurement y at age: 100·Φ(z).
func (t *LMSTable) Centile(age, y float64, opt LMSOptions) (float64, error) {
	z, err := t.Z(age, y, opt)
	if err != nil {
		return math.NaN(), err
	}
	return 100 * normalCDF(z), nil
}

// ValueAtZ returns the measurement at z-score z at age (a point of a
// centile curve).
func (t *LMSTable) ValueAtZ(age, z float64, opt LMSOptions) (float64, error) {
	p, err := t.At(age)
	if err != nil {
		return math.NaN(), err
	}
	if opt.Restricted {
		return p.ValueRestricted(z)
	}
	return p.Value(z)
}

// ValueAtCentile returns the measurement at centile c (0 < c < 100) at age.
func (t *LMSTable) ValueAtCentile(age, c float64, opt LMSOptions) (float64, error) {
	if !(c > 0 && c < 100) {
		return math.NaN(), fmt.Errorf("independence: centile %v must be in (0, 100): %w", c, ErrInvalidValue)
	}
	return t.ValueAtZ(age, normalQuantile(c/100), opt)
}

// Expected returns the expected (median) measurement at age, M.
func (t *LMSTable) Expected(age float64) (float64, error) {
	p, err := t.At(age)
	if err != nil {
		return math.NaN(), err
	}
	return p.M, nil
}

// LMSReadOptions are the options of ReadLMSCSV. The zero value means the
// defaults.
type LMSReadOptions struct {
	// Name of the table. Default "".
	Name string
	// AgeColumn is the header of the age column, matched case-insensitively.
	// Default "age".
	AgeColumn string
	// Comma is the field delimiter. Default ','; use '\t' for the WHO .txt
	// tables.
	Comma rune
}

// ReadLMSCSV reads an LMS table from CSV with a header row holding the age
// column and columns L, M and S (matched case-insensitively; other columns,
// such as WHO's SD lines, are ignored). A UTF-8 byte-order mark and CRLF
// line endings are accepted. Every problem is reported as a *RowError
// naming line, column and field, wrapping ErrInvalidLMS; all are joined.
// Numbers must be in plain decimal notation (also wrapping
// field.ErrNotDecimal or field.ErrNotFinite); a row with more or fewer
// fields than the header also wraps ErrFieldCount.
func ReadLMSCSV(r io.Reader, opt LMSReadOptions) (*LMSTable, error) {
	ageCol := opt.AgeColumn
	if ageCol == "" {
		ageCol = "age"
	}
	cr := csv.NewReader(stripBOM(r))
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("independence: LMS CSV: empty input: %w", ErrHeader)
		}
		return nil, fmt.Errorf("%w: LMS CSV header: %w", ErrHeader, err)
	}
	want := []string{ageCol, "L", "M", "S"}
	pos := make([]int, 4)
	for k, w := range want {
		pos[k] = -1
		for c, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), w) {
				if pos[k] >= 0 {
					return nil, &RowError{Line: 1, Column: c + 1, Field: h, Msg: "duplicate column", Err: ErrHeader}
				}
				pos[k] = c
			}
		}
		if pos[k] < 0 {
			return nil, &RowError{Line: 1, Field: w, Msg: fmt.Sprintf("missing column (header %q)", strings.Join(header, ",")), Err: ErrHeader}
		}
	}
	var rows []LMSRow
	var lines []int
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				errs = append(errs, &RowError{Line: pe.StartLine, Msg: csvProblem(pe), Err: bothErrors{ErrInvalidLMS, ErrInvalidValue}})
				if len(errs) > 100 {
					break
				}
				continue
			}
			return nil, fmt.Errorf("independence: LMS CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) != len(header) {
			// Column: the first field beyond the header, or the first one missing.
			col, name := len(header)+1, ""
			if len(rec) < len(header) {
				col, name = len(rec)+1, strings.TrimSpace(header[len(rec)])
				for k, c := range pos {
					if c == len(rec) {
						name = want[k]
					}
				}
			}
			errs = append(errs, &RowError{Line: line, Column: col, Field: name,
				Msg: fmt.Sprintf("%d fields, the header has %d", len(rec), len(header)), Err: bothErrors{ErrInvalidLMS, ErrFieldCount}})
			continue
		}
		var v [4]float64
		ok := true
		for k, c := range pos {
			x, msg, perr := parseNumber(strings.TrimSpace(rec[c]))
			if perr != nil {
				errs = append(errs, &RowError{Line: line, Column: c + 1, Field: want[k], Value: rec[c], Msg: msg,
					Err: bothErrors{ErrInvalidLMS, perr}})
				ok = false
				continue
			}
			v[k] = x
		}
		if !ok {
			continue
		}
		row := LMSRow{Age: v[0], LMS: LMS{L: v[1], M: v[2], S: v[3]}}
		switch {
		case row.M <= 0:
			errs = append(errs, &RowError{Line: line, Column: pos[2] + 1, Field: "M", Value: rec[pos[2]], Msg: "must be > 0", Err: ErrInvalidLMS})
		case row.S <= 0:
			errs = append(errs, &RowError{Line: line, Column: pos[3] + 1, Field: "S", Value: rec[pos[3]], Msg: "must be > 0", Err: ErrInvalidLMS})
		case len(rows) > 0 && row.Age <= rows[len(rows)-1].Age:
			errs = append(errs, &RowError{Line: line, Column: pos[0] + 1, Field: want[0], Value: rec[pos[0]],
				Msg: fmt.Sprintf("ages must increase strictly (previous %v on line %d)", rows[len(rows)-1].Age, lines[len(lines)-1]), Err: ErrInvalidLMS})
		default:
			rows = append(rows, row)
			lines = append(lines, line)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return NewLMSTable(opt.Name, rows)
}
