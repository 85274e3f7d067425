//go:build linux

package cld

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// cpuTime returns the process's user and system CPU time so far, which
// the load of other processes changes much less than the wall clock.
func cpuTime() string {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return "unknown"
	}
	tv := func(t syscall.Timeval) time.Duration {
		return time.Duration(t.Sec)*time.Second + time.Duration(t.Usec)*time.Microsecond
	}
	return fmt.Sprintf("user %v, system %v", tv(ru.Utime).Round(time.Millisecond), tv(ru.Stime).Round(time.Millisecond))
}

// peakRSS returns the process's peak resident set (Linux VmHWM).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}
