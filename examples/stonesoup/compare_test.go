package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Two output folders of the job, compared by TestSameOutputs (see
// scripts/same-results.sh, which makes them with two builds).
var (
	compareOld = flag.String("old", "", "TestSameOutputs: output folder of the earlier build")
	compareNew = flag.String("new", "", "TestSameOutputs: output folder of the later build")
)

// TestSameOutputs checks that two runs of the job wrote the same results:
// every file of the old folder is in the new one and equal, except for the
// time the run took (results.json's "timing", the report's run-time line
// and its table of steps). It runs only when -old and -new are given.
func TestSameOutputs(t *testing.T) {
	if *compareOld == "" || *compareNew == "" {
		t.Skip("give -old DIR -new DIR to compare two output folders")
	}
	files, err := os.ReadDir(*compareOld)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s is empty", *compareOld)
	}
	for _, f := range files {
		name := f.Name()
		old, err := os.ReadFile(filepath.Join(*compareOld, name))
		if err != nil {
			t.Fatal(err)
		}
		new, err := os.ReadFile(filepath.Join(*compareNew, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		switch name {
		case resultsFile:
			for _, d := range jsonDiff(t, old, new) {
				t.Errorf("%s: %s", name, d)
			}
		case reportFile, htmlFile:
			o, n := withoutTiming(old), withoutTiming(new)
			for i := range max(len(o), len(n)) {
				var a, b string
				if i < len(o) {
					a = o[i]
				}
				if i < len(n) {
					b = n[i]
				}
				if a != b {
					t.Errorf("%s: line %d of the text without the timing differs:\nold: %s\nnew: %s", name, i+1, a, b)
					break
				}
			}
		default:
			if !bytes.Equal(old, new) {
				t.Errorf("%s differs", name)
			}
		}
	}
}

// withoutTiming returns the lines of a report without the run time and the
// table of steps' times.
func withoutTiming(b []byte) []string {
	var out []string
	skip := "" // "md" or "html" while in the table of steps
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.Contains(l, "Run time, charts included"):
			continue
		case strings.Contains(l, "Time taken by each step"):
			skip = "md"
			if strings.Contains(l, "<caption>") {
				skip = "html"
			}
			continue
		case skip == "md" && (l == "" || strings.HasPrefix(l, "|")):
			continue
		case skip == "html" && !strings.HasPrefix(l, "</tbody>"):
			continue
		}
		skip = ""
		out = append(out, l)
	}
	return out
}

// jsonDiff lists the differences between two results.json files, leaving
// out "timing".
func jsonDiff(t *testing.T, old, new []byte) []string {
	t.Helper()
	var a, b map[string]any
	if err := json.Unmarshal(old, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(new, &b); err != nil {
		t.Fatal(err)
	}
	delete(a, "timing")
	delete(b, "timing")
	var out []string
	var walk func(path string, x, y any)
	walk = func(path string, x, y any) {
		if len(out) >= 20 {
			return
		}
		switch xv := x.(type) {
		case map[string]any:
			yv, ok := y.(map[string]any)
			if !ok {
				out = append(out, fmt.Sprintf("%s: %v ≠ %v", path, x, y))
				return
			}
			keys := make([]string, 0, len(xv)+len(yv))
			for k := range xv {
				keys = append(keys, k)
			}
			for k := range yv {
				if _, ok := xv[k]; !ok {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				walk(path+"."+k, xv[k], yv[k])
			}
		case []any:
			yv, ok := y.([]any)
			if !ok || len(xv) != len(yv) {
				out = append(out, fmt.Sprintf("%s: %d elements ≠ %v", path, len(xv), y))
				return
			}
			for i := range xv {
				walk(fmt.Sprintf("%s[%d]", path, i), xv[i], yv[i])
			}
		default:
			if !reflect.DeepEqual(x, y) {
				out = append(out, fmt.Sprintf("%s: %v ≠ %v", path, x, y))
			}
		}
	}
	walk("", a, b)
	return out
}
