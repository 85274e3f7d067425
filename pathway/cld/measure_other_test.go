//go:build !linux

package cld

func cpuTime() string { return "unknown" }

func peakRSS() string { return "unknown" }
