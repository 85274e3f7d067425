// Package reftest runs stonesoup's statistics against the reference results
// that R computed (the case folders described in testdata/reference/README.md
// of each package, copied from the shared reference set). It is a test
// helper: import it only from _test.go files.
//
// A case folder holds case.json (the task, the spec and the tolerance
// rules), data.csv (the input exactly as R read it), expected.json (R's
// results) and usually crosscheck.json. [Load] reads every case folder under
// a directory, [Case.Table] reads data.csv, and [Compare] checks every leaf of
// expected.json's "results" against the values a package computed.
//
// # Comparison rules
//
// Compare implements the rules of the reference README exactly:
//
//   - The path of a leaf is its object keys joined by dots
//     ("tight.coefficients.p_value"). An array (also an array of arrays, such
//     as a vcov matrix given as rows) is compared element by element under
//     one path.
//   - The case's tolerance.rules are tried in order with Go's path.Match
//     (where * matches any run of characters, dots included, since paths
//     contain no slash); the first match wins:
//     {rtol, atol}: |got − want| <= rtol·|want| + atol;
//     {rtol} alone: |got − want| <= rtol·|want| + rtol·max|want|, the maximum
//     taken over the finite elements of the leaf's (whole) array;
//     {exact}: got == want;
//     {exact_zero, rtol[, atol]}: an expected 0 must be exactly 0, other
//     values as the rtol (or rtol+atol) rule; exact_zero without rtol or
//     atol, and "exact": false without them, take the case's rtol;
//     {skip}: not compared (not even required to be present); a skip rule
//     matching the path of an object skips everything below it.
//   - A leaf no rule matches uses the rtol-only formula with tolerance.rtol
//     (rtol·|want| + atol if the case also gives a tolerance.atol).
//   - null (R's NA) must be reported as undefined: NaN or nil in got (for
//     a whole quantity R reports as NA or NULL, also a nil slice or a slice
//     of NaN). An empty expected array ([]) accepts nil.
//   - The strings "Inf" and "-Inf" stand for ±Inf; a numeric got must then be
//     the same infinity (a string got must equal the string).
//   - Strings and booleans must be equal.
//   - A leaf missing from got is a failure; keys only in got are ignored.
//     Array lengths must agree. A scalar and an array of length 1 are
//     treated alike, since R writes length-1 vectors both ways.
//
// got is a tree of map[string]any whose leaves are numbers of any Go numeric
// kind, bool, string, nil, or slices (of any depth) of those: float64, int,
// []float64, []int, []string, []bool, [][]float64, []any, and so on.
//
// Every mismatch is reported with t.Errorf, naming the case, the path (and
// the element index), got, want, the difference and the tolerance; at most
// 5 mismatches per path are listed, then a count of the rest.
package reftest
