package main

import (
	"runtime"
	"time"

	"github.com/spikekernel/snn/internal/calib"
)

// timing is what measuring a workload gave.
type timing struct {
	nsPerStep     float64 // median over repetitions
	spread        float64 // (max − min) / median over repetitions
	allocsPerStep float64
	reps, perRep  int
	spikeRate     float64
}

// measure warms the workload up, then times reps repetitions of about
// d/reps each and returns the median time per step.
func measure(w *workload, d time.Duration) timing {
	w.run() // warm-up: page in, fill caches
	start := time.Now()
	w.run()
	one := time.Since(start)
	const reps = 5
	perRep := max(1, int(float64(d/reps)/float64(one+1)))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs := ms.Mallocs
	var ns []float64
	for r := 0; r < reps; r++ {
		start := time.Now()
		for i := 0; i < perRep; i++ {
			w.run()
		}
		ns = append(ns, float64(time.Since(start).Nanoseconds())/float64(perRep))
	}
	runtime.ReadMemStats(&ms)
	t := timing{reps: reps, perRep: perRep, spikeRate: w.spikes()}
	t.allocsPerStep = float64(ms.Mallocs-mallocs) / float64(reps*perRep)
	lo, hi := ns[0], ns[0]
	for _, x := range ns {
		lo, hi = min(lo, x), max(hi, x)
	}
	t.nsPerStep = calib.Median(ns)
	t.spread = (hi - lo) / t.nsPerStep
	return t
}

// outsideShare measures w.run and w.kernelsOnly alternately, rep by rep,
// and returns the median over reps of 1 − kernels/total: the share of the
// step time spent outside the kernels. Alternating keeps both under the
// same machine load.
func outsideShare(w *workload, d time.Duration) float64 {
	w.run()
	w.kernelsOnly()
	start := time.Now()
	w.run()
	perRep := max(1, int(float64(d/10)/float64(time.Since(start)+1)))
	var shares []float64
	for r := 0; r < 9; r++ {
		t0 := time.Now()
		for i := 0; i < perRep; i++ {
			w.run()
		}
		total := time.Since(t0)
		t1 := time.Now()
		for i := 0; i < perRep; i++ {
			w.kernelsOnly()
		}
		kernels := time.Since(t1)
		shares = append(shares, 1-float64(kernels)/float64(total))
	}
	return calib.Median(shares)
}
