// Package calib measures this machine's limits in-run: peak FMA
// throughput per vector width and read bandwidth at cache- and DRAM-sized
// working sets. The bench command reports every kernel as a fraction of
// these.
package calib

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spikekernel/snn/internal/kernels"
)

// Width is a vector width the peak can be measured at.
type Width struct {
	Name string // "zmm", "ymm", "neon" or "scalar"
	// run executes n iterations of independent FMA chains and returns the
	// FLOPs done.
	run func(n int) float64
}

// Widths returns the widths this CPU and build can measure, widest first;
// "scalar" (plain Go) is always last.
func Widths() []Width { return append(archWidths(), Width{"scalar", scalarFMA}) }

// peakReps is the number of timed runs a peak is the best of.
const peakReps = 5

// PeakGFLOPS measures the FMA throughput of w with threads goroutines,
// each on its own OS thread, and returns the best of peakReps runs of
// about d/peakReps each, in GFLOP/s: noise only slows a loop down, so the
// best run is the closest to the machine's limit.
func PeakGFLOPS(w Width, threads int, d time.Duration) float64 {
	// Find an iteration count that takes about d/peakReps on one thread.
	n := 1 << 10
	for {
		start := time.Now()
		w.run(n)
		if el := time.Since(start); el > d/50 || n > 1<<34 {
			n = int(float64(n) * float64(d/peakReps) / float64(el+1))
			break
		}
		n *= 4
	}
	n = max(n, 1)
	best := 0.0
	flops := make([]float64, threads)
	for range peakReps {
		var wg sync.WaitGroup
		start := time.Now()
		for t := range threads {
			wg.Go(func() {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				flops[t] = w.run(n)
			})
		}
		wg.Wait()
		sec := time.Since(start).Seconds()
		total := 0.0
		for _, f := range flops {
			total += f
		}
		best = max(best, total/sec/1e9)
	}
	return best
}

// Median returns the median of xs (the mean of the middle two for an even
// count); xs is sorted in place.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}

// scalarFMA runs independent float32 multiply-adds in plain Go: the peak
// of the generic backend's arithmetic (which it never reaches: its fma32 is
// emulated).
func scalarFMA(n int) float64 {
	var a0, a1, a2, a3, a4, a5, a6, a7 float32
	b, c := float32(0.999), float32(1e-3)
	for i := 0; i < n; i++ {
		a0 = a0*b + c
		a1 = a1*b + c
		a2 = a2*b + c
		a3 = a3*b + c
		a4 = a4*b + c
		a5 = a5*b + c
		a6 = a6*b + c
		a7 = a7*b + c
	}
	sink.Store(math.Float32bits(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7))
	return float64(n) * 8 * 2
}

// sink keeps results alive (threads measure at once).
var sink atomic.Uint32

// assembly reports whether calibration may run its assembly: only while
// package snn's active backend does (SNN_BACKEND=generic runs none
// anywhere; the bench then calibrates, and measures, the reference alone).
func assembly() bool { return kernels.Get().Assembly() }
