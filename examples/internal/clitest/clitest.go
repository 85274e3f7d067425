// Package clitest checks, for the examples' tests, that a program's -h
// lists every flag, that its output goes under out/<name>/ by default, and
// that the README's table of flags lists every flag of every example.
package clitest

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Check checks program name's flags: parse (the program's own parsing of
// its command line, writing usage to stderr) must answer -h with
// flag.ErrHelp and a usage text naming every flag of fs with its usage; a
// flag "out" must default to out/<name>; and ../../README.md (run from
// the example's folder) must have a row "| `name` | `-flag` |" for every
// flag.
func Check(t *testing.T, name string, fs *flag.FlagSet, parse func(args []string, stderr *bytes.Buffer) error) {
	t.Helper()
	var help bytes.Buffer
	if err := parse([]string{"-h"}, &help); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("%s -h: %v, want flag.ErrHelp", name, err)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if !strings.Contains(help.String(), "-"+f.Name) || !strings.Contains(help.String(), firstWords(f.Usage)) {
			t.Errorf("%s -h does not list -%s:\n%s", name, f.Name, help.String())
		}
		if row := "| `" + name + "` | `-" + f.Name + "` |"; !bytes.Contains(readme, []byte(row)) {
			t.Errorf("README.md has no row %q", row)
		}
		if f.Name == "out" && f.DefValue != filepath.Join("out", name) {
			t.Errorf("%s writes to %q by default, want %q", name, f.DefValue, filepath.Join("out", name))
		}
	})
	if n == 0 {
		t.Errorf("%s has no flags", name)
	}
	// Rows of the README's flag table for flags the program does not have.
	for _, line := range strings.Split(string(readme), "\n") {
		prefix := "| `" + name + "` | `-"
		if rest, ok := strings.CutPrefix(line, prefix); ok {
			flagName, _, _ := strings.Cut(rest, "`")
			if fs.Lookup(flagName) == nil {
				t.Errorf("README.md lists -%s for %s, which has no such flag", flagName, name)
			}
		}
	}
}

// firstWords returns the first few words of a usage text (flag's usage
// output may wrap or quote the rest).
func firstWords(s string) string {
	w := strings.Fields(s)
	return strings.Join(w[:min(3, len(w))], " ")
}
