//go:build unix

package carers

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time of the process so far, so benchmarks can report
// throughput per CPU second as well as per wall-clock second (the shared machine is often
// oversubscribed, which inflates wall-clock times).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
