package calibrate

import (
	"testing"

	"github.com/stonesoup-care/stonesoup/internal/reftest"
)

// referenceOther runs the reference cases whose methods are implemented in
// the GLM / robust / quantile / NNLS / isotonic files. Placeholder until
// those land: an unknown method is a failure, never a skip.
func referenceOther(t *testing.T, c *reftest.Case) {
	t.Fatalf("calibrate: no implementation for method %q", c.Method)
}
