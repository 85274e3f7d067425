package reftest

import (
	"encoding/json"
	"strings"
	"testing"
)

func FuzzReadTable(f *testing.F) {
	f.Add("\xef\xbb\xbfx,y\r\n1,NA\r\n2,3.5\r\n")
	f.Add("a,b\n\"q,1\",2\n")
	f.Add("a\n1e400\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ReadTable(strings.NewReader(in), "fuzz.csv")
		if err != nil {
			return
		}
		for _, n := range tab.Names {
			_, _ = tab.Num(n)
			if len(tab.Str(n)) != tab.Len() {
				t.Fatalf("column %q length", n)
			}
		}
	})
}

func FuzzCompare(f *testing.F) {
	f.Add(`{"a": [1, null, "Inf"], "b": {"c": [[1,2],[3,4]]}, "s": "x", "t": true}`,
		`{"a": [1, null, 2], "b": {"c": [[1,2]]}, "s": 1, "t": "true"}`, "b.*")
	f.Add(`{"a": 1}`, `{"a": {"b": 2}}`, "[")
	f.Fuzz(func(t *testing.T, want, got, pattern string) {
		var w, g map[string]any
		if json.Unmarshal([]byte(want), &w) != nil || json.Unmarshal([]byte(got), &g) != nil || w == nil {
			return
		}
		c := &Case{ID: "fuzz", Expected: w, Tolerance: Tolerance{Rtol: 1e-8, Rules: []Rule{
			{Match: pattern, Rtol: 1e-3, HasAtol: true, Atol: 1},
			{Match: "*x*", Exact: true},
			{Match: "*z*", ExactZero: true, Rtol: 1e-6},
		}}}
		rec := &recorder{}
		Compare(rec, c, g) // must not panic
		rec2 := &recorder{}
		Compare(rec2, c, w) // expected against itself: no mismatch unless NA vs NA shapes
		for _, m := range rec2.msgs {
			t.Fatalf("self-comparison failed: %s", m)
		}
	})
}
