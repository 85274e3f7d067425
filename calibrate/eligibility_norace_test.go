//go:build !race

package calibrate

// elRace is true under the race detector (see eligibility_race_test.go).
const elRace = false
