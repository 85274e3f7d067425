//go:build race

package calibrate

// elRace is true under the race detector, which slows the large
// eligibility tests about fifteen-fold; they then use fewer cases.
const elRace = true
