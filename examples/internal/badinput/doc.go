// Package badinput is the bad-input battery: a test suite, with no code of
// its own, that feeds systematically generated malformed input to every
// public entry point of the module that takes outside data, and checks the
// contract of the developers' guide on each: never a panic; never a NaN or
// an infinity in a result a user sees; every row accepted or rejected with
// its line, column or field and reason, with errors usable with errors.Is
// and errors.As; and the accounting (rows read = accepted + rejected).
//
// It lives under examples because it imports every package of the module,
// and examples may. Run it with
//
//	go test -v ./examples/internal/badinput
//
// to see how many inputs each entry point was given.
package badinput
