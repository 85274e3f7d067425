package main

import (
	"fmt"
	"io"
	"time"
)

// progress prints one line per finished step to stderr, with the wall-clock
// and process CPU time since the start, and keeps the steps for the report.
type progress struct {
	w             io.Writer
	quiet         bool
	t0, last      time.Time
	cpu0, cpuLast time.Duration
	steps         []stepTime
}

// stepTime is one step's wall-clock and CPU time in seconds.
type stepTime struct {
	Step string  `json:"step"`
	Wall float64 `json:"wall_s"`
	CPU  float64 `json:"cpu_s"`
}

func newProgress(w io.Writer, quiet bool) *progress {
	now := time.Now()
	c := cpuTime()
	return &progress{w: w, quiet: quiet, t0: now, last: now, cpu0: c, cpuLast: c}
}

// step records the end of a step.
func (p *progress) step(what string) {
	now, c := time.Now(), cpuTime()
	s := stepTime{Step: what, Wall: now.Sub(p.last).Seconds(), CPU: (c - p.cpuLast).Seconds()}
	p.steps = append(p.steps, s)
	p.last, p.cpuLast = now, c
	if !p.quiet {
		fmt.Fprintf(p.w, "stonesoup: %-58s %6.2f s (cpu %6.2f s) total %6.1f s\n", what, s.Wall, s.CPU, now.Sub(p.t0).Seconds())
	}
}

// total returns the steps and the totals so far.
func (p *progress) total() timing {
	return timing{Steps: p.steps, Wall: time.Since(p.t0).Seconds(), CPU: (cpuTime() - p.cpu0).Seconds()}
}

// timing is the run's timing, written to results.json.
type timing struct {
	Steps []stepTime `json:"steps"`
	Wall  float64    `json:"wall_s"`
	CPU   float64    `json:"cpu_s"`
}
