//go:build !race

package calibrate

// raceEnabled reports that the race detector is on: large tests shrink.
const raceEnabled = false
