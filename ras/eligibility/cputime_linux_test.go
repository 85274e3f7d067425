//go:build linux

package eligibility

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU returns the CPU time used so far by the calling OS thread
// (getrusage RUSAGE_THREAD), so that benchmarks on a shared, loaded machine
// can report evaluations per CPU-second alongside wall-clock rates.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD on Linux
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuRate runs fn (which evaluates n records) in a loop locked to one OS
// thread and reports evaluations per CPU-second of that thread.
func cpuRate(b *testing.B, n int, fn func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadCPU()
	iters := 0
	for b.Loop() {
		fn()
		iters++
	}
	if cpu := threadCPU() - start; cpu > 0 {
		b.ReportMetric(float64(n)*float64(iters)/cpu.Seconds(), "evals/cpu-s")
	}
	b.ReportMetric(float64(n)*float64(iters)/b.Elapsed().Seconds(), "evals/s")
}
