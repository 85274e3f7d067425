package calibrate

import (
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The bad-input battery: a number padded with spaces (" 12 ") made a
// numeric column text, so that a formula silently made it a factor, where
// R's read.csv reads it as the number (R 4.x: read.csv(text = "y,x\n1, 2
// \n2,3\n") has x int 2 3); R keeps " NA " and a blank of spaces as text,
// and so does ReadFrame.
func TestReadFramePaddedNumbers(t *testing.T) {
	fr, err := ReadFrame(strings.NewReader("y,x,z\n 1 ,\t2,NA\n2, 3 , NA \n4,5,6\n"), FrameOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fr.Kind("y") != Numeric || fr.Kind("x") != Numeric || fr.Kind("z") != Text {
		t.Fatalf("kinds y %v x %v z %v; want numeric, numeric, text (as R)", fr.Kind("y"), fr.Kind("x"), fr.Kind("z"))
	}
	x, _ := fr.Numeric("x")
	if x[0] != 2 || x[1] != 3 {
		t.Errorf("x = %v, want [2 3 5]", x)
	}
	mm, err := NewModelMatrix("y ~ x", fr, FormulaOptions{})
	if err != nil || len(mm.Names) != 2 {
		t.Errorf("y ~ x: %v, columns %v; want (Intercept) and x", err, mm)
	}
}

// The bad-input battery: errors of 1e300 gave an RMSE of +Inf from
// Accuracy, and values of 1e300 an RSS of +Inf from NNLS, with no error.
func TestOverflowIsAnError(t *testing.T) {
	_, err := Accuracy([]float64{1e300, -1e300, 1e300}, []float64{-1e300, 1e300, 0}, Bands{})
	if !errors.Is(err, ErrInvalidInput) {
		t.Errorf("Accuracy of errors of 2e300: %v, want ErrInvalidInput", err)
	}
	a := mat.NewDense(3, 1, []float64{1e300, -1e300, 1e300})
	if _, err := NNLS(a, []float64{1e300, 1e300, -1e300}, NNLSOptions{}); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("NNLS of values of 1e300: %v, want ErrInvalidInput", err)
	}
}
