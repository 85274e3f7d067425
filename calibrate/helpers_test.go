package calibrate

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

// Small assertion helpers (testify is not usable offline here: its yaml
// dependency is not in go.sum). Each reports got and want.

func msg(args []any) string {
	if len(args) == 0 {
		return ""
	}
	if f, ok := args[0].(string); ok {
		return " (" + fmt.Sprintf(f, args[1:]...) + ")"
	}
	return fmt.Sprint(args...)
}

func inDelta(t testing.TB, want, got, tol float64, args ...any) {
	t.Helper()
	if !(math.Abs(got-want) <= tol) {
		t.Errorf("got %.17g, want %.17g (|diff| %.3g > tol %.3g)%s", got, want, math.Abs(got-want), tol, msg(args))
	}
}

func mustNo(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func equal(t testing.TB, want, got any, args ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("got %#v, want %#v%s", got, want, msg(args))
	}
}

func isTrue(t testing.TB, ok bool, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf("condition false%s", msg(args))
	}
}

func le(t testing.TB, a, b float64, args ...any) {
	t.Helper()
	if !(a <= b) {
		t.Errorf("got %g, want <= %g%s", a, b, msg(args))
	}
}

func errIs(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("error %v does not wrap %v", err, target)
	}
}

func contains(t testing.TB, s, sub string) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q does not contain %q", s, sub)
	}
}
