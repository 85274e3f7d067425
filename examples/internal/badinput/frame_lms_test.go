package badinput

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/calibrate"
	"github.com/stonesoup-care/stonesoup/independence"
	"github.com/stonesoup-care/stonesoup/internal/field"
)

// TestCalibrateReadFrame varies each cell of the first data row of a frame
// (y, x numeric; g text). ReadFrame reads every row or rejects the input
// with the first reason; a frame it returns then goes through a formula
// and OLS.
func TestCalibrateReadFrame(t *testing.T) {
	header := []string{"y", "x", "g"}
	rows := [][]string{{"10.5", "1", "a"}, {"12", "2", "b"}, {"15", "3", "a"}, {"16.5", "4", "b"}, {"20", "5.5", "a"}}
	n := 0
	for j, h := range header {
		for _, hv := range hostileValues {
			n++
			what := fmt.Sprintf("calibrate.ReadFrame: column %s = %s (%q)", h, hv.name, short(hv.v))
			doc := [][]string{header, with(rows[0], j, hv.v)}
			doc = append(doc, rows[1:]...)
			var fr *calibrate.Frame
			var err error
			if safely(t, what, func() { fr, err = calibrate.ReadFrame(strings.NewReader(csvText(doc...)), calibrate.FrameOptions{}) }) {
				continue
			}
			v := hv.v
			if strings.ContainsAny(v, "\r") { // encoding/csv reads \r\n in a quoted field as \n
				v = strings.ReplaceAll(v, "\r\n", "\n")
			}
			if err != nil {
				var fe *calibrate.FrameError
				if !errors.As(err, &fe) || fe.Line != 2 || fe.Column != j+1 || fe.Field != h || !errors.Is(err, calibrate.ErrInvalidInput) {
					reportf(t, "%s: UNLOCATED: %v, want a *FrameError at line 2, column %d (%s)", what, err, j+1, h)
				}
				if field.ID(v) == nil {
					if _, ok := plainNumber(v); ok && !strings.Contains(v, "e400") && len(v) < 400 {
						reportf(t, "%s: OVER-REJECTED: %v", what, err)
					}
				}
				continue
			}
			if field.ID(v) != nil {
				reportf(t, "%s: SILENTLY ACCEPTED: a cell that is not valid text", what)
				continue
			}
			// A numeric column stays numeric for a number R reads as one
			// (surrounding spaces included) and for a missing value.
			_, isNum := plainNumber(v)
			if h != "g" && (isNum || v == "" || v == "NA") && fr.Kind(h) != calibrate.Numeric {
				reportf(t, "%s: SILENTLY ACCEPTED: column %s became %v, R reads it as numbers", what, h, fr.Kind(h))
			}
			// Through a formula and OLS: an error or a finite fit.
			safely(t, what+" → OLS", func() {
				mm, err := calibrate.NewModelMatrix("y ~ x + g", fr, calibrate.FormulaOptions{})
				if err != nil {
					var fe *calibrate.FormulaError
					if !errors.As(err, &fe) {
						reportf(t, "%s: formula error %v is not a *FormulaError", what, err)
					}
					return
				}
				fit, err := calibrate.OLS(mm.Design, calibrate.Options{})
				if err != nil {
					return
				}
				if p := nonFinite([][]float64{fit.Fitted, fit.Residuals}); p != "" || len(fit.Aliased) == 0 && nonFinite(fit.Estimates) != "" {
					reportf(t, "%s: OLS fit holds a non-finite value (fitted, residuals or estimates) %s", what, p)
				}
			})
		}
	}
	fed("calibrate.ReadFrame (+formula, OLS)", n)
}

// TestIndependenceReadLMSCSV varies each cell of an LMS table's rows: the
// table is used whole or not at all; every problem is named.
func TestIndependenceReadLMSCSV(t *testing.T) {
	header := []string{"age", "L", "M", "S"}
	rows := [][]string{{"1", "0.1", "10", "0.1"}, {"2", "0.2", "11", "0.1"}, {"3", "0.3", "12", "0.1"}}
	n := 0
	for j, h := range header {
		for _, hv := range hostileValues {
			n++
			what := fmt.Sprintf("independence.ReadLMSCSV: column %s = %s (%q)", h, hv.name, short(hv.v))
			doc := [][]string{header, rows[0], with(rows[1], j, hv.v), rows[2]}
			var tab *independence.LMSTable
			var err error
			if safely(t, what, func() {
				tab, err = independence.ReadLMSCSV(strings.NewReader(csvText(doc...)), independence.LMSReadOptions{})
			}) {
				continue
			}
			x, ok := plainNumber(hv.v)
			valid := ok
			switch h {
			case "age":
				valid = ok && x > 1 && x < 3
			case "M", "S":
				valid = ok && x > 0
			}
			if trim(hv.v) == "1e-400" {
				valid = h == "L" // 0 for L; M and S must be > 0
			}
			if err == nil {
				if !valid {
					reportf(t, "%s: SILENTLY ACCEPTED", what)
				}
				if p := nonFinite(tab); p != "" {
					reportf(t, "%s: the table holds a non-finite value at %s", what, p)
				}
				continue
			}
			var re *independence.RowError
			if !errors.As(err, &re) || !(re.Line == 3 || h == "age" && re.Line == 4) || re.Column != j+1 || !errors.Is(err, independence.ErrInvalidLMS) {
				reportf(t, "%s: UNLOCATED: %v, want a *RowError at line 3, column %d, wrapping ErrInvalidLMS", what, err, j+1)
			}
			if valid {
				reportf(t, "%s: OVER-REJECTED: %v", what, err)
			}
		}
	}
	fed("independence.ReadLMSCSV", n)
}
