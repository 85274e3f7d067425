package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress prints one line per finished step to stderr and keeps the steps
// for the report. Steps run in lanes: the main lane, and lanes that run
// concurrently (see analyse). A step's wall-clock time runs from the end of
// the lane's previous step; its CPU time is the whole process's over the
// same interval, so for concurrent lanes it includes the other lanes' work.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	quiet bool
	t0    time.Time
	cpu0  time.Duration
	main  *lane
	steps []stepTime
}

// lane is a sequence of steps.
type lane struct {
	p    *progress
	name string
	last time.Time
	cpu  time.Duration
}

// stepTime is one step's wall-clock and process CPU time in seconds.
type stepTime struct {
	Step string  `json:"step"`
	Lane string  `json:"lane,omitempty"`
	Wall float64 `json:"wall_s"`
	CPU  float64 `json:"cpu_s"`
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet, t0: time.Now(), cpu0: cpuTime()}
	p.main = &lane{p: p, last: p.t0, cpu: p.cpu0}
	return p
}

// lane starts a lane whose first step is timed from now.
func (p *progress) lane(name string) *lane {
	return &lane{p: p, name: name, last: time.Now(), cpu: cpuTime()}
}

// step records the end of a step of the main lane.
func (p *progress) step(what string) { p.main.step(what) }

// step records the end of a step of the lane.
func (l *lane) step(what string) {
	now, c := time.Now(), cpuTime()
	s := stepTime{Step: what, Lane: l.name, Wall: now.Sub(l.last).Seconds(), CPU: (c - l.cpu).Seconds()}
	l.last, l.cpu = now, c
	p := l.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.steps = append(p.steps, s)
	if !p.quiet {
		name := what
		if l.name != "" {
			name = "[" + l.name + "] " + what
		}
		fmt.Fprintf(p.w, "stonesoup: %-66s %6.2f s (cpu %6.2f s) total %6.1f s\n", name, s.Wall, s.CPU, now.Sub(p.t0).Seconds())
	}
}

// sync makes the main lane's next step start now (after concurrent lanes).
func (p *progress) sync() {
	p.main.last, p.main.cpu = time.Now(), cpuTime()
}

// total returns the steps and the totals so far.
func (p *progress) total() timing {
	p.mu.Lock()
	defer p.mu.Unlock()
	return timing{Steps: append([]stepTime(nil), p.steps...), Wall: time.Since(p.t0).Seconds(), CPU: (cpuTime() - p.cpu0).Seconds()}
}

// timing is the run's timing, written to results.json.
type timing struct {
	Steps []stepTime `json:"steps"`
	Wall  float64    `json:"wall_s"`
	CPU   float64    `json:"cpu_s"`
}
