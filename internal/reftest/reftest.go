package reftest

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ErrNoCases is returned by [Load] when the directory holds no case folder.
var ErrNoCases = errors.New("reftest: no case folders (no */case.json)")

// ErrBadCase is wrapped by [Load] errors about a malformed case folder.
var ErrBadCase = errors.New("reftest: malformed case")

// Rule is one entry of case.json's tolerance.rules.
type Rule struct {
	Match     string  // path.Match pattern on the leaf path
	Rtol      float64 // relative tolerance (0 if absent)
	Atol      float64 // absolute tolerance, used when HasAtol
	HasAtol   bool    // the rule gave "atol": |got−want| <= rtol·|want| + atol
	Exact     bool    // "exact": true
	ExactZero bool    // "exact_zero": true (with rtol)
	Skip      string  // "skip": reason; non-empty means not compared
	Note      string  // "note", for information

	defaultRtol bool // exact_zero without rtol: Rtol is the case's rtol
}

// Tolerance is case.json's "tolerance".
type Tolerance struct {
	Rtol  float64 // default relative tolerance, rtol-only formula
	Rules []Rule  // tried in order, first match wins
	// Atol, when HasAtol (a "tolerance.atol" beside rtol, which the README
	// does not use but a case may give), makes the default rule
	// rtol·|want| + atol.
	Atol    float64
	HasAtol bool
}

// Case is one reference case folder.
type Case struct {
	ID, Dir, Method string
	Title           string
	Spec            map[string]any // case.json "spec"; numbers are float64
	Expected        map[string]any // expected.json "results"; numbers are float64
	Notes           map[string]any // case.json "notes" (may be nil)
	Tolerance       Tolerance      // case.json "tolerance"
	DataFiles       []string       // case.json "data_files" (default data.csv)
	// Warnings are expected.json's r_warnings: the warnings R raised while
	// computing the results (its own verdicts, such as "Solution may be
	// nonunique"), whitespace trimmed. A harness that reproduces one
	// compares it; the others it may ignore.
	Warnings []string
}

type rawRule struct {
	Match     *string  `json:"match"`
	Rtol      *float64 `json:"rtol"`
	Atol      *float64 `json:"atol"`
	Exact     *bool    `json:"exact"`
	ExactZero *bool    `json:"exact_zero"`
	Skip      *string  `json:"skip"`
	Note      string   `json:"note"`
}

type rawCase struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Method    string         `json:"method"`
	Spec      map[string]any `json:"spec"`
	Notes     map[string]any `json:"notes"`
	DataFiles []string       `json:"data_files"`
	Tolerance *struct {
		Rtol  *float64  `json:"rtol"`
		Atol  *float64  `json:"atol"`
		Rules []rawRule `json:"rules"`
	} `json:"tolerance"`
}

// Load reads every immediate sub-folder of dir that contains a case.json,
// in lexical order. It fails with [ErrNoCases] if there is none, and with an
// error wrapping [ErrBadCase] (naming the file) if a case is malformed:
// unreadable JSON, no method, no tolerance.rtol, a rule without match or
// without any of rtol/exact/skip, a bad pattern, or no "results" in
// expected.json.
func Load(dir string) ([]*Case, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reftest: %w", err)
	}
	var cases []*Case
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		cdir := filepath.Join(dir, e.Name())
		if _, err := os.Stat(filepath.Join(cdir, "case.json")); err != nil {
			continue
		}
		c, err := loadCase(cdir)
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoCases, dir)
	}
	slices.SortFunc(cases, func(a, b *Case) int {
		switch {
		case a.Dir < b.Dir:
			return -1
		case a.Dir > b.Dir:
			return 1
		}
		return 0
	})
	return cases, nil
}

func bad(file string, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrBadCase, file, fmt.Sprintf(format, args...))
}

func loadCase(cdir string) (*Case, error) {
	cfile := filepath.Join(cdir, "case.json")
	b, err := os.ReadFile(cfile)
	if err != nil {
		return nil, fmt.Errorf("reftest: %w", err)
	}
	var rc rawCase
	if err := json.Unmarshal(b, &rc); err != nil {
		return nil, bad(cfile, "%v", err)
	}
	c := &Case{
		ID:        rc.ID,
		Dir:       cdir,
		Method:    rc.Method,
		Title:     rc.Title,
		Spec:      rc.Spec,
		Notes:     rc.Notes,
		DataFiles: rc.DataFiles,
	}
	if c.ID == "" {
		c.ID = filepath.Base(cdir)
	}
	if c.Spec == nil {
		c.Spec = map[string]any{}
	}
	if len(c.DataFiles) == 0 {
		c.DataFiles = []string{"data.csv"}
	}
	if c.Method == "" {
		return nil, bad(cfile, "no method")
	}
	if rc.Tolerance == nil || (rc.Tolerance.Rtol == nil && rc.Tolerance.Atol == nil) {
		return nil, bad(cfile, "no tolerance.rtol")
	}
	if rc.Tolerance.Rtol != nil {
		c.Tolerance.Rtol = *rc.Tolerance.Rtol
	}
	if rc.Tolerance.Atol != nil {
		c.Tolerance.Atol, c.Tolerance.HasAtol = *rc.Tolerance.Atol, true
	}
	if c.Tolerance.Rtol < 0 || c.Tolerance.Atol < 0 {
		return nil, bad(cfile, "tolerance.rtol or atol is negative")
	}
	for i, rr := range rc.Tolerance.Rules {
		r, err := convertRule(rr)
		if err != nil {
			return nil, bad(cfile, "tolerance.rules[%d]: %v", i, err)
		}
		if r.defaultRtol {
			r.Rtol = c.Tolerance.Rtol
		}
		c.Tolerance.Rules = append(c.Tolerance.Rules, r)
	}

	efile := filepath.Join(cdir, "expected.json")
	b, err = os.ReadFile(efile)
	if err != nil {
		return nil, fmt.Errorf("reftest: %w", err)
	}
	var re struct {
		Results  map[string]any `json:"results"`
		Warnings []string       `json:"r_warnings"`
	}
	if err := json.Unmarshal(b, &re); err != nil {
		return nil, bad(efile, "%v", err)
	}
	if re.Results == nil {
		return nil, bad(efile, "no results")
	}
	c.Expected = re.Results
	for _, w := range re.Warnings {
		c.Warnings = append(c.Warnings, strings.TrimSpace(w))
	}
	return c, nil
}

func convertRule(rr rawRule) (Rule, error) {
	var r Rule
	if rr.Match == nil || *rr.Match == "" {
		return r, errors.New("no match pattern")
	}
	r.Match = *rr.Match
	if _, err := path.Match(r.Match, "x"); err != nil {
		return r, fmt.Errorf("pattern %q: %v", r.Match, err)
	}
	r.Note = rr.Note
	switch {
	case rr.Skip != nil:
		r.Skip = *rr.Skip
		if r.Skip == "" {
			r.Skip = "skipped"
		}
		return r, nil
	case rr.Exact != nil && *rr.Exact:
		r.Exact = true
		return r, nil
	}
	if rr.Rtol == nil && rr.Atol == nil {
		if (rr.ExactZero != nil && *rr.ExactZero) || rr.Exact != nil {
			// exact_zero alone, or "exact": false: the case's default
			// rtol (filled in by loadCase), zeros exactly for exact_zero.
			r.ExactZero = rr.ExactZero != nil && *rr.ExactZero
			r.defaultRtol = true
			return r, nil
		}
		return r, errors.New("none of rtol, atol, exact, skip")
	}
	if rr.Rtol != nil {
		r.Rtol = *rr.Rtol
	}
	if rr.Atol != nil {
		r.Atol, r.HasAtol = *rr.Atol, true
	}
	if r.Rtol < 0 || r.Atol < 0 {
		return r, errors.New("negative tolerance")
	}
	r.ExactZero = rr.ExactZero != nil && *rr.ExactZero
	return r, nil
}

// Run loads the cases under dir and runs each as t.Run(c.ID, ...) with the
// function methods[c.Method]. It never skips: a directory without cases, a
// load error, or a case whose method has no function is a test failure.
func Run(t *testing.T, dir string, methods map[string]func(t *testing.T, c *Case)) {
	t.Helper()
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			fn, ok := methods[c.Method]
			if !ok {
				t.Fatalf("reftest: case %s: unsupported method %q", c.ID, c.Method)
			}
			fn(t, c)
		})
	}
}
