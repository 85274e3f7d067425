package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/stonesoup-care/stonesoup/examples/internal/clitest"
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
		// Money in the one format on the budget lines: £1,234.50, never
		// £1234.5. (The explanation is ras.Result.Explain's own.)
		for _, line := range strings.Split(buf.String(), "\n") {
			if !strings.HasPrefix(line, "A0") {
				continue
			}
			if m := regexp.MustCompile(`£\d{4}|£\d+(\.\d)?\s`).FindString(line); m != "" {
				t.Errorf("%s: money printed as %q in %q", name, m, line)
			}
		}
	}
}

func TestFlags(t *testing.T) {
	var c config
	clitest.Check(t, "quickstart", newFlags(&c, &bytes.Buffer{}), func(args []string, stderr *bytes.Buffer) error {
		_, err := parse(args, stderr)
		return err
	})
	for _, args := range [][]string{{"-n", "0"}, {"-explain", "-1"}, {"extra"}} {
		if _, err := parse(args, &bytes.Buffer{}); err == nil {
			t.Errorf("parse(%q) accepted", args)
		}
	}
}
