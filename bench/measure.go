package main

import (
	"runtime"
	"runtime/debug"
	"time"

	"github.com/spikekernel/snn/internal/calib"
)

// timing is what measuring a workload gave.
type timing struct {
	nsPerStep     float64 // median over repetitions
	spread        float64 // (max − min) / median over repetitions
	allocsPerStep float64 // every allocation between the first and last timed step
	reps, perRep  int     // repetitions, and steps in each
	spikeRate     float64 // mean over the case's sequence of states
	events        float64 // synaptic events per step, mean over the sequence
}

// measure times repetitions of about d/5 each (5 of them, or 3 when a
// cycle takes over d/2) and returns the median time per step. A
// repetition is a whole number of cycles of cycle steps, each cycle
// started from the restored state with the clock stopped, so every
// backend and thread count times the same sequence of states. The
// warm-up (see warmUp) first empties the heap of the preparation's
// garbage, then refills the runtime's caches that a collection empties
// (wait records, sync.Pool entries), so that the allocations counted are
// the steps' own.
func measure(w *workload, cycle int, d time.Duration) timing {
	t := timing{reps: 5}
	var oneCycle time.Duration
	t.spikeRate, t.events, oneCycle = w.warmUp(cycle, d)
	if oneCycle > d/2 {
		t.reps = 3
	}
	cycles := max(1, int(float64(d/5)/float64(oneCycle+1)))
	t.perRep = cycles * cycle
	var ns [5]float64 // not allocated between the two readings below
	// No collection while timed: a collection (the runtime forces one
	// every two minutes) empties the runtime's caches of wait records,
	// which the pool's next hand-offs refill by allocating: allocations
	// of the runtime's, not of the steps, that made allocs_per_step 0.003
	// on two threads. An allocation of a step is still counted.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs
	for i := range t.reps {
		ns[i] = float64(w.runCycles(w.step, cycle, cycles).Nanoseconds()) / float64(t.perRep)
	}
	runtime.ReadMemStats(&ms)
	w.restore()
	t.allocsPerStep = float64(ms.Mallocs-mallocs) / float64(t.reps*t.perRep)
	lo, hi := ns[0], ns[0]
	for _, x := range ns[:t.reps] {
		lo, hi = min(lo, x), max(hi, x)
	}
	t.nsPerStep = calib.Median(ns[:t.reps])
	t.spread = (hi - lo) / t.nsPerStep
	return t
}

// warmUpSteps is the number of steps run before counting allocations, at
// least: enough for the runtime's per-thread caches (of wait records and
// sync.Pool entries) to settle after a collection emptied them.
const warmUpSteps = 64

// warmUp collects the garbage and returns the freed memory to the system
// (so that the runtime's background scavenger, which allocates now and
// then, has nothing left to do while the case is timed), runs the case's sequence once (which gives
// its spike rate and events per step, and the time of one cycle), then
// more cycles until warmUpSteps steps or about limit have passed.
func (w *workload) warmUp(cycle int, limit time.Duration) (rate, events float64, oneCycle time.Duration) {
	debug.FreeOSMemory()
	start := time.Now()
	rate, events = w.sequence(cycle)
	oneCycle = time.Since(start)
	for steps := cycle; steps < warmUpSteps && time.Since(start) < limit; steps += cycle {
		w.runCycles(w.step, cycle, 1)
	}
	return rate, events, oneCycle
}

// runCycles runs cycles cycles of cycle calls of step (w.step or
// w.kernelsOnly), each cycle from the restored state, and returns the time
// spent in the steps (not in the restores).
func (w *workload) runCycles(step func(), cycle, cycles int) time.Duration {
	var elapsed time.Duration
	for range cycles {
		w.restore()
		start := time.Now()
		for range cycle {
			step()
		}
		elapsed += time.Since(start)
	}
	return elapsed
}

// outsideShare measures w.step and w.kernelsOnly alternately, cycle by
// cycle from the restored state, and returns the median over 9 rounds of
// 1 − kernels/total: the share of the step time spent outside the
// kernels. Alternating keeps both under the same machine load.
func outsideShare(w *workload, cycle int) float64 {
	w.runCycles(w.step, cycle, 1)
	w.runCycles(w.kernelsOnly, cycle, 1)
	var shares []float64
	for range 9 {
		total := w.runCycles(w.step, cycle, 1)
		kernels := w.runCycles(w.kernelsOnly, cycle, 1)
		shares = append(shares, 1-float64(kernels)/float64(total))
	}
	w.restore()
	return calib.Median(shares)
}
