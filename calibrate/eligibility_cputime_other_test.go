//go:build !linux

package calibrate

import "time"

// elThreadCPU is not available here; the benchmark then reports wall-clock
// rates only.
func elThreadCPU() time.Duration { return 0 }
