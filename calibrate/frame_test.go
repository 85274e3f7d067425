package calibrate

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/field"
)

func readFrameFile(t *testing.T, name string, opt FrameOptions) *Frame {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fr, err := ReadFrame(f, opt)
	if err != nil {
		t.Fatal(err)
	}
	return fr
}

func TestReadFrame(t *testing.T) {
	in := "\xef\xbb\xbfid,cost,setting,code,when\r\n" +
		"a1,12.5,home,007,NA\r\n" +
		"a2,,home,010,x\r\n" +
		"a3,1e3,\"care, home\",011,y\r\n"
	fr, err := ReadFrame(strings.NewReader(in), FrameOptions{Text: []string{"code"}})
	mustNo(t, err)
	equal(t, []string{"id", "cost", "setting", "code", "when"}, fr.Names())
	equal(t, Numeric, fr.Kind("cost"))
	equal(t, Text, fr.Kind("code"))
	cost, err := fr.Numeric("cost")
	mustNo(t, err)
	isTrue(t, cost[0] == 12.5 && math.IsNaN(cost[1]) && cost[2] == 1000, "cost %v", cost)
	s, miss, err := fr.Text("when")
	mustNo(t, err)
	equal(t, []string{"", "x", "y"}, s)
	equal(t, []bool{true, false, false}, miss)
	equal(t, 4, fr.Line(2))
	if _, err := fr.Numeric("setting"); err == nil || !strings.Contains(err.Error(), `line 2, column 3 (setting)`) {
		t.Errorf("text as numeric: %v", err)
	}

	for _, c := range []struct {
		in     string
		opt    FrameOptions
		line   int
		column int
		target error
	}{
		{"a,b\n1,2\n3,1e400\n", FrameOptions{}, 3, 2, field.ErrNotFinite},
		{"a,b\n1,2\n3,x\n", FrameOptions{Numeric: []string{"b"}}, 3, 2, field.ErrNotDecimal},
		{"a,b\n1,2\n3,\"bad\x01\"\n", FrameOptions{}, 3, 2, field.ErrText},
		{"a,a\n1,2\n", FrameOptions{}, 1, 2, ErrInvalidInput},
		{"a,\n1,2\n", FrameOptions{}, 1, 2, ErrInvalidInput},
		{"a,b\n1,2\n3\n", FrameOptions{}, 3, 0, ErrInvalidInput},
		{"a,b\n1,\"2\n", FrameOptions{}, 2, 0, ErrInvalidInput},
		{"", FrameOptions{}, 0, 0, ErrInvalidInput},
		{"a,b\n1,0x10\n", FrameOptions{Numeric: []string{"b"}}, 2, 2, field.ErrNotDecimal},
		{"a,b\n1,2\n", FrameOptions{Text: []string{"c"}}, 0, 0, ErrInvalidInput},
	} {
		_, err := ReadFrame(strings.NewReader(c.in), c.opt)
		var fe *FrameError
		if !errors.As(err, &fe) || !errors.Is(err, c.target) {
			t.Errorf("%q: got %v, want a *FrameError wrapping %v", c.in, err, c.target)
			continue
		}
		if fe.Line != c.line || (c.column > 0 && fe.Column != c.column) {
			t.Errorf("%q: line %d column %d, want %d %d (%v)", c.in, fe.Line, fe.Column, c.line, c.column, err)
		}
	}
	// Hexadecimal and "Inf" make a column text, as in R; the first such
	// cell is named when the column is used as a number.
	fr, err = ReadFrame(strings.NewReader("a,b\n1,2\n3,Inf\n"), FrameOptions{})
	mustNo(t, err)
	equal(t, Text, fr.Kind("b"))
	_, err = NewModelMatrix("a ~ b + I(b^2)", fr, FormulaOptions{})
	if !errors.Is(err, ErrInvalidInput) || !strings.Contains(err.Error(), `line 2, column 2 (b)`) && !strings.Contains(err.Error(), `line 3, column 2 (b)`) {
		t.Errorf("text column in an expression: %v", err)
	}
}
