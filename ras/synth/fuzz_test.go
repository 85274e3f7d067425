package synth

import (
	"errors"
	"testing"
)

// FuzzPersonIndex: PersonIndex never panics, accepts exactly the ids
// PersonID makes, and round-trips them.
func FuzzPersonIndex(f *testing.F) {
	for _, s := range []string{"P0000001", "P10000000", "P0000000", "P00000001", "", "P", "X1", "P9223372036854775807", "P9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i, err := PersonIndex(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidID) {
				t.Fatalf("%q: error %v is not ErrInvalidID", s, err)
			}
			return
		}
		if i < 0 || PersonID(i) != s {
			t.Fatalf("%q: index %d, PersonID gives %q", s, i, PersonID(i))
		}
	})
}
