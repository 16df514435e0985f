//go:build !race

// Package race tells whether the race detector is on: tests of
// allocation counts skip under it (it makes sync.Pool drop items at random).
package race

// Enabled is true when built with -race.
const Enabled = false
