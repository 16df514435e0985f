package main

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// nativeBackends are the backends other than generic this CPU runs.
func nativeBackends() []string {
	var names []string
	for _, b := range snn.Backends() {
		if b != "generic" {
			names = append(names, b)
		}
	}
	return names
}

// withBackend runs f with backend active and restores the previous one.
func withBackend(t *testing.T, backend string, f func()) {
	t.Helper()
	prev := snn.ActiveBackend()
	require.NoError(t, snn.SetBackend(backend))
	defer func() { require.NoError(t, snn.SetBackend(prev)) }()
	f()
}

// threadCounts are the thread counts the bench runs c at.
func threadCounts(c *benchCase) []int {
	if c.batched() && runtime.GOMAXPROCS(0) > 1 {
		return []int{1, runtime.GOMAXPROCS(0)}
	}
	return []int{1}
}

// allocSteps is the number of steps allocations are counted over: enough
// that a rate of 0.01 per step shows as at least one.
const allocSteps = 128

// allocWindows is how many windows of allocSteps steps a case may take to
// show one without allocations.
const allocWindows = 8

// TestStepsDoNotAllocate counts every allocation (of any goroutine: the
// pool's workers too) over allocSteps steps of each case, with the bench's
// own loop (restores included), on every native backend and thread count.
// testing.AllocsPerRun is not used: it runs with GOMAXPROCS 1, which hides
// the pool's hand-offs, and rounds the rate down to an integer.
//
// A case passes when one of allocWindows windows of allocSteps steps
// allocates nothing: an allocation of the code under test (even one in a
// hundred steps) shows in every window, while the runtime's own, which a
// loaded machine provokes now and then (a new OS thread when a worker
// blocks, a collection's mark worker), does not.
func TestStepsDoNotAllocate(t *testing.T) {
	skipUnlessTiming(t)
	for i := range allCases {
		c := &allCases[i]
		if testing.Short() && c.denseFlops()*float64(c.timeSteps()) > 3e8 {
			continue
		}
		for _, backend := range nativeBackends() {
			for _, threads := range threadCounts(c) {
				withBackend(t, backend, func() {
					w, err := c.prepare(threads)
					require.NoError(t, err)
					cycle := c.cycle()
					w.warmUp(cycle, time.Minute)
					var counts []uint64
					for range allocWindows {
						var ms runtime.MemStats
						runtime.ReadMemStats(&ms)
						before := ms.Mallocs
						w.runCycles(w.step, cycle, (allocSteps+cycle-1)/cycle)
						runtime.ReadMemStats(&ms)
						if counts = append(counts, ms.Mallocs-before); ms.Mallocs == before {
							break
						}
					}
					assert.Zero(t, slices.Min(counts), "%s on %s, %d threads: allocations in each window of %d steps: %v",
						c.name, backend, threads, allocSteps, counts)
				})
			}
		}
	}
}

// smallCases are small versions of each kind of case, quick on every
// backend.
var smallCases = []benchCase{
	{name: "step/16x64x128", kind: "step", rows: 16, in: 64, out: 128},
	{name: "learn/16x64x128", kind: "learn", rows: 16, in: 64, out: 128, learn: true},
	{name: "spikes/16x256x128@10%", kind: "spikes", rows: 16, in: 256, out: 128, density: 0.1},
	{name: "layer/1x64x128", kind: "layer", rows: 1, in: 64, out: 128},
}

// TestSpikeRateSameEverywhere checks that every backend and thread count
// steps through the same sequence of states: the same spike rate and
// events, not zero, and the same again when the sequence is run a second
// time (the restore puts back the state and the learned weights).
func TestSpikeRateSameEverywhere(t *testing.T) {
	skipUnlessTiming(t)
	for i := range smallCases {
		c := &smallCases[i]
		type seq struct{ rate, events float64 }
		var first *seq
		for _, backend := range snn.Backends() {
			for _, threads := range []int{1, 2} {
				withBackend(t, backend, func() {
					w, err := c.prepare(threads)
					require.NoError(t, err)
					rate, events := w.sequence(16)
					require.Positive(t, rate, c.name)
					again, _ := w.sequence(16)
					require.Equal(t, rate, again, "%s on %s, %d threads: a second sequence", c.name, backend, threads)
					if first == nil {
						first = &seq{rate, events}
					}
					require.Equal(t, *first, seq{rate, events}, "%s on %s, %d threads", c.name, backend, threads)
				})
			}
		}
	}
}

// TestQuickSubsetWithinBounds runs a quick subset of the bench, as the
// command does, and fails on any case above 100% of its bound (the
// calibration would then not be a bound) or allocating.
func TestQuickSubsetWithinBounds(t *testing.T) {
	skipUnlessTiming(t)
	names := map[string]bool{"step/1x784x1024": true, "step/64x784x1024": true,
		"spikes/64x4096x1024@5%": true, "layer/1x784x1024": true}
	if testing.Short() {
		delete(names, "spikes/64x4096x1024@5%")
	}
	var sizes []int
	for _, c := range allCases {
		if names[c.name] {
			sizes = append(sizes, int(c.weightBytes()))
		}
	}
	const d = 150 * time.Millisecond
	threads := runtime.GOMAXPROCS(0)
	cal := calibrate(threads, d/2, sizes)
	for i := range allCases {
		c := &allCases[i]
		if !names[c.name] {
			continue
		}
		for _, backend := range nativeBackends() {
			for _, th := range threadCounts(c) {
				r := run(c, backend, th, cal, d, 0)
				t.Logf("%s on %s, %d threads: %.1f%% of its %s bound", c.name, backend, th, 100*r.FracOfBound, r.Bound)
				require.False(t, r.overBound(), "%s on %s, %d threads: %.1f%% of its bound", c.name, backend, th, 100*r.FracOfBound)
				require.Positive(t, r.FracOfBound)
			}
		}
	}
}

// TestSkippedRows checks that a skipped case keeps the table's columns
// aligned and has no numbers in the JSON.
func TestSkippedRows(t *testing.T) {
	done := result{Case: "step/1x784x1024", Backend: "avx2", Threads: 1, NsPerStep: 12345, StepsPerS: 81004,
		GFLOPS: 130.1, Bound: "memory", BoundLevel: "L3", BandwidthGB: 80, FracOfBound: 0.7, SpikeRate: 0.1}
	skipped := result{Case: "step/1x784x1024", Backend: "generic", Threads: 1, Skipped: "over -generic-max-gflop=0.6"}
	var table bytes.Buffer
	writeTable(&table, []result{done, skipped, done})
	lines := strings.Split(strings.TrimRight(table.String(), "\n"), "\n")
	require.Len(t, lines, 4)
	width := len(strings.TrimRight(lines[1], " "))
	require.Equal(t, width, len(strings.TrimRight(lines[3], " ")))
	require.Equal(t, width+2, strings.Index(lines[2], "skipped: over"), "the reason follows the aligned columns:\n%s", table.String())
	require.Equal(t, width, strings.Index(lines[0], "  note"), "header:\n%s", table.String())

	var out bytes.Buffer
	require.NoError(t, writeJSON(&out, &calibration{Case: "calibration"}, []result{skipped}))
	objs := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, objs, 2)
	var got map[string]any
	require.NoError(t, json.Unmarshal([]byte(objs[1]), &got))
	require.Equal(t, map[string]any{"case": "step/1x784x1024", "backend": "generic", "threads": 1.0,
		"skipped": "over -generic-max-gflop=0.6"}, got)
}

// skipUnlessTiming skips a test that times or counts over many steps in
// the -short runs: CI runs those under the race detector and emulators,
// where timing means nothing and the cases take minutes; the full native
// run keeps them.
func skipUnlessTiming(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test: runs natively without -short")
	}
}
