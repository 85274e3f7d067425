//go:build unix

package independence

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time of the process so far, so
// that benchmarks can report CPU time as well as wall-clock time (the shared
// machine is often oversubscribed, which inflates wall-clock times).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
