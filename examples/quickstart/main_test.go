package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/ras"
)

func TestRun(t *testing.T) {
	for _, name := range ras.ModelNames() {
		var buf bytes.Buffer
		if err := run(&buf, name, 4, 1, 1); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(buf.String(), "Indicative budget") || strings.Count(buf.String(), " a week ") < 4 {
			t.Errorf("%s: output lacks budgets or explanation:\n%s", name, buf.String())
		}
	}
}
