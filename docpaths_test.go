package stonesoup

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestNoMachinePaths: comments and documents cite sources, never a path of
// one machine (issue #14 §3 item 11): no /work/, /shared/, /home/, /root/ or
// /tmp/ folder in any Go file or markdown document of the module.
func TestNoMachinePaths(t *testing.T) {
	machine := regexp.MustCompile(`(^|[\s("'\x60])/(work|shared|home|root|tmp|Users)/`)
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != "." || d.Name() == "out") {
			return filepath.SkipDir
		}
		if ext := filepath.Ext(path); d.IsDir() || (ext != ".go" && ext != ".md" && ext != ".R") || path == "docpaths_test.go" {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := machine.FindString(line); m != "" {
				t.Errorf("%s:%d: a machine path: %s", path, i+1, strings.TrimSpace(line))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
