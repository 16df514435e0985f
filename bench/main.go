// Command bench measures this CPU's limits and every snn kernel as a
// fraction of them, in one run.
//
//	go run ./bench                       # the table
//	go run ./bench -json                 # one JSON object per result
//	go run ./bench -case 'step/1x' -backend avx512,generic -time 2s
//	go run ./bench -plot roofline.svg    # the cases on a roofline
//
// It first measures the peak FMA throughput of each vector width (1 thread
// and all threads) and the read bandwidth at L2-, L3- and DRAM-sized
// working sets (the best of several runs and access patterns: a bound),
// then runs each case on each selected backend, measuring its bounds again
// just before and after it, and reports ns per step, GFLOP/s (or G
// synaptic events/s for spike input), the lower bound the calibration
// gives for that case, the fraction of it reached (a warning above 100%),
// allocations per step, and the case's spike rate. Every timed stretch
// starts from the same state, so the spike rate is the same on every
// backend and thread count. Skipped cases carry their reason and no
// numbers.
package main

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/spikekernel/snn"
)

// result is one line of output; the JSON keys are stable.
type result struct {
	Case        string  `json:"case"`
	Backend     string  `json:"backend"`
	Threads     int     `json:"threads"`
	Rows        int     `json:"rows"`
	In          int     `json:"in"`
	Out         int     `json:"out"`
	Density     float64 `json:"density"`
	Learn       bool    `json:"learn"`
	NsPerStep   float64 `json:"ns_per_step"`
	Spread      float64 `json:"spread"`
	GFLOPS      float64 `json:"gflops"`
	GEventsPerS float64 `json:"gevents_per_s"`
	StepsPerS   float64 `json:"steps_per_s"`
	Bound       string  `json:"bound"`
	BoundLevel  string  `json:"bound_level"`
	BoundNs     float64 `json:"bound_ns"`
	FracOfBound float64 `json:"frac_of_bound"`
	PeakGFLOPS  float64 `json:"peak_gflops"`
	BandwidthGB float64 `json:"bandwidth_gbps"`
	Allocs      float64 `json:"allocs_per_step"`
	SpikeRate   float64 `json:"spike_rate"` // mean over the case's fixed sequence of states
	// OutsideKernels is, for the stack on one thread, the share of the
	// step time spent outside the kernels (checks, tiling, hand-offs);
	// 0 when the difference is below the noise.
	OutsideKernels float64 `json:"outside_kernels_frac,omitempty"`
	Skipped        string  `json:"skipped,omitempty"`
}

func main() {
	caseRE := flag.String("case", ".", "run the cases whose name matches this regular expression")
	backends := flag.String("backend", strings.Join(snn.Backends(), ","), "comma-separated backends to run")
	threads := flag.Int("threads", runtime.GOMAXPROCS(0), "threads for the all-threads calibration (and batch cases)")
	d := flag.Duration("time", 400*time.Millisecond, "target measuring time per case and backend")
	asJSON := flag.Bool("json", false, "print one JSON object per line instead of a table")
	plotFile := flag.String("plot", "", "write a roofline plot to this .svg or .png file")
	maxGeneric := flag.Float64("generic-max-gflop", 0.6, "skip generic-backend cases above this many GFLOP per step (0: no limit)")
	flag.Parse()

	re, err := regexp.Compile(*caseRE)
	if err != nil {
		fatal(fmt.Errorf("-case: %w", err))
	}
	names := strings.Split(*backends, ",")
	start := snn.ActiveBackend()
	for _, name := range names {
		if err := snn.SetBackend(name); err != nil {
			fatal(fmt.Errorf("-backend: %w", err))
		}
	}
	must(snn.SetBackend(start)) // calibration runs assembly only if the backend at start does

	var sizes []int
	for _, c := range allCases {
		if re.MatchString(c.name) {
			sizes = append(sizes, int(c.weightBytes()))
		}
	}
	cal := calibrate(*threads, *d/2, sizes)
	names = slices.DeleteFunc(names, func(name string) bool {
		_, ok := cal.Peak1[widthOf(name)]
		if !ok {
			fmt.Fprintf(os.Stderr, "skipping backend %s: its %s peak was not calibrated (the backend at start, %s, runs no assembly)\n",
				name, widthOf(name), start)
		}
		return !ok
	})
	var results []result
	for i := range allCases {
		c := &allCases[i]
		if !re.MatchString(c.name) {
			continue
		}
		for _, name := range names {
			progress("%s on %s", c.name, name)
			results = append(results, run(c, name, 1, cal, *d, *maxGeneric))
			if c.batched() && *threads > 1 && widthOf(name) != "scalar" { // the reference is too slow to matter
				progress("%s on %s, %d threads", c.name, name, *threads)
				results = append(results, run(c, name, *threads, cal, *d, *maxGeneric))
			}
		}
	}
	progress("")
	if *asJSON {
		must(writeJSON(os.Stdout, cal, results))
	} else {
		printTable(cal, results)
	}
	warnOverBound(os.Stderr, results)
	if *plotFile != "" {
		must(plotRoofline(*plotFile, cal, results))
		fmt.Fprintln(os.Stderr, "wrote", *plotFile)
	}
}

// run measures one case on one backend at threads threads (through package
// batch when more than one).
func run(c *benchCase, backend string, threads int, cal *calibration, d time.Duration, maxGeneric float64) result {
	must(snn.SetBackend(backend))
	r := result{
		Case: c.name, Backend: backend, Threads: threads, Rows: c.rows, In: c.in, Out: c.out,
		Density: c.density, Learn: c.learn,
	}
	w, err := c.prepare(threads)
	must(err)
	if widthOf(backend) == "scalar" && maxGeneric > 0 && c.flops(c.density*c.denseFlops()/2)/1e9 > maxGeneric {
		r.Skipped = fmt.Sprintf("over -generic-max-gflop=%g", maxGeneric)
		return r
	}
	cycle := c.cycle()
	size := int(c.weightBytes())
	if c.isStack() {
		size = 0 // compute-bound: only the peak is checked again
	}
	cal.recheck(widthOf(backend), threads, size, d/8)
	t := measure(w, cycle, d)
	cal.recheck(widthOf(backend), threads, size, d/8)
	// Per time step: a workload step of a sequence case is c.timeSteps().
	ts := float64(c.timeSteps())
	r.NsPerStep, r.Spread, r.Allocs, r.SpikeRate = t.nsPerStep/ts, t.spread, t.allocsPerStep/ts, t.spikeRate
	events := t.events / ts
	r.StepsPerS = 1e9 / r.NsPerStep
	if w.kernelsOnly != nil && threads == 1 {
		r.OutsideKernels = max(0, outsideShare(w, cycle))
	}
	flops := c.flops(events)
	r.GFLOPS = flops / r.NsPerStep
	if c.kind == "spikes" {
		r.GEventsPerS = events / r.NsPerStep
	}
	r.bound(c, cal, flops, w.minBytes)
	return r
}

// bound sets the bound of r: the larger of the arithmetic at the peak of
// the backend's width and the bytes of W a step must read (and for
// learning also write back), at the read bandwidth measured over a buffer
// of W's size, i.e. from the level W lives in. The stack is bound by its
// arithmetic.
func (r *result) bound(c *benchCase, cal *calibration, flops, bytes float64) {
	r.PeakGFLOPS = cal.Peak1[widthOf(r.Backend)]
	if r.Threads > 1 {
		r.PeakGFLOPS = cal.PeakN[widthOf(r.Backend)]
	}
	r.BoundLevel, r.BandwidthGB = cal.bandwidth(int(c.weightBytes()))
	if r.Threads > 1 {
		// Each thread streams its own panels of W: at most every core's
		// own read bandwidth from W's level at once.
		r.BandwidthGB *= float64(r.Threads)
	}
	r.Bound, r.BoundNs = "compute", flops/r.PeakGFLOPS
	if c.learn && !c.isStack() {
		bytes *= 3 // the step reads W; the update reads and writes it
	}
	if memNs := bytes / r.BandwidthGB; memNs > r.BoundNs && !c.isStack() {
		r.Bound, r.BoundNs = "memory", memNs
	}
	r.FracOfBound = r.BoundNs / r.NsPerStep
}

func must(err error) {
	if err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
