//go:build linux

package calibrate

import (
	"syscall"
	"time"
)

// elThreadCPU returns the CPU time used so far by the calling OS thread
// (getrusage RUSAGE_THREAD), so that a benchmark on a shared machine can
// report a rate per CPU-second beside the wall-clock rate.
func elThreadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD on Linux
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
