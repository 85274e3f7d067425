package badinput

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// memCall checks one in-memory call: no panic; an error that unwraps to
// one of the package's sentinels and starts with its name; no NaN or Inf
// in what finite(result) returns (the values the package defines whenever
// the call succeeds).
func memCall(t *testing.T, pkg string, sentinels []error, what string, mustFail bool, f func() (any, error), finite func(any) any) int {
	t.Helper()
	var res any
	var err error
	if safely(t, what, func() { res, err = f() }) {
		return 1
	}
	if err != nil {
		if !isAny(err, sentinels) {
			reportf(t, "%s: error %v unwraps to no sentinel of %s", what, err, pkg)
		}
		if !strings.HasPrefix(err.Error(), pkg+":") {
			reportf(t, "%s: error %q does not start with %q", what, err, pkg+":")
		}
		return 1
	}
	if mustFail {
		reportf(t, "%s: SILENTLY ACCEPTED", what)
	}
	if finite != nil {
		res = finite(res)
	}
	if p := nonFinite(res); p != "" {
		reportf(t, "%s: NON-FINITE %s in a result given without an error", what, p)
	}
	return 1
}

var _ = errors.New
var _ = fmt.Sprint
