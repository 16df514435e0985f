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
// working sets, then runs each case on each selected backend and reports
// ns per step, GFLOP/s (or G synaptic events/s for spike input), the lower
// bound the calibration gives for that case, the fraction of it reached,
// and allocations per step.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
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
	SpikeRate   float64 `json:"spike_rate"`
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
	for _, name := range names {
		if err := snn.SetBackend(name); err != nil {
			fatal(fmt.Errorf("-backend: %w", err))
		}
	}

	var sizes []int
	for _, c := range allCases {
		if re.MatchString(c.name) {
			sizes = append(sizes, int(c.weightBytes()))
		}
	}
	cal := calibrate(*threads, *d/2, sizes)
	var results []result
	for i := range allCases {
		c := &allCases[i]
		if !re.MatchString(c.name) {
			continue
		}
		for _, name := range names {
			progress("%s on %s", c.name, name)
			results = append(results, run(c, name, 1, cal, *d, *maxGeneric))
			if c.batched() && *threads > 1 && name != "generic" {
				progress("%s on %s, %d threads", c.name, name, *threads)
				results = append(results, run(c, name, *threads, cal, *d, *maxGeneric))
			}
		}
	}
	progress("")
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		must(enc.Encode(cal))
		for _, r := range results {
			must(enc.Encode(r))
		}
	} else {
		printTable(cal, results)
	}
	if *plotFile != "" {
		must(plotRoofline(*plotFile, cal, results))
		fmt.Fprintln(os.Stderr, "wrote", *plotFile)
	}
}

// run measures one case on one backend at threads threads (through package
// batch when more than one).
func run(c *benchCase, backend string, threads int, cal *calibration, d time.Duration, maxGeneric float64) result {
	must(snn.SetBackend(backend))
	peak := cal.Peak1[widthOf(backend)]
	if threads > 1 {
		peak = cal.PeakN[widthOf(backend)]
	}
	r := result{
		Case: c.name, Backend: backend, Threads: threads, Rows: c.rows, In: c.in, Out: c.out,
		Density: c.density, Learn: c.learn, PeakGFLOPS: peak,
	}
	w, err := c.prepare(threads)
	must(err)
	if backend == "generic" && maxGeneric > 0 && c.flops(w.events)/1e9 > maxGeneric {
		r.Skipped = fmt.Sprintf("over -generic-max-gflop=%g", maxGeneric)
		return r
	}
	t := measure(w, d)
	r.NsPerStep, r.Spread, r.Allocs, r.SpikeRate = t.nsPerStep, t.spread, t.allocsPerStep, t.spikeRate
	r.StepsPerS = 1e9 / r.NsPerStep
	if w.kernelsOnly != nil && threads == 1 {
		r.OutsideKernels = max(0, outsideShare(w, d))
	}
	flops := c.flops(w.events)
	r.GFLOPS = flops / r.NsPerStep
	if c.kind == "spikes" {
		r.GEventsPerS = w.events / r.NsPerStep
	}
	if c.kind == "stack" {
		bytes := 4 * float64(784*1024+1024*1024+1024*10)
		r.BoundLevel, r.BandwidthGB = cal.bandwidth(int(bytes))
		r.Bound, r.BoundNs = "compute", flops/r.PeakGFLOPS
		r.FracOfBound = r.BoundNs / r.NsPerStep
		return r
	}
	// The bound: the larger of the arithmetic at peak and the bytes of W
	// (read, and for learning also written back) at the bandwidth of the
	// level W lives in.
	bytes := c.weightBytes()
	if c.kind == "spikes" {
		bytes = 4 * w.events // each event reads one weight
	}
	if c.learn {
		bytes *= 3 // the step reads W; the update reads and writes it
	}
	// The bandwidth is the one this run measured reading a buffer of W's
	// size, i.e. from the level W lives in.
	r.BoundLevel, r.BandwidthGB = cal.bandwidth(int(c.weightBytes()))
	computeNs := flops / r.PeakGFLOPS
	memNs := bytes / r.BandwidthGB
	r.Bound, r.BoundNs = "compute", computeNs
	if memNs > computeNs {
		r.Bound, r.BoundNs = "memory", memNs
	}
	r.FracOfBound = r.BoundNs / r.NsPerStep
	return r
}

func printTable(cal *calibration, results []result) {
	fmt.Printf("CPU: %s\nfeatures: %s\n", cal.CPU, cal.Features)
	fmt.Printf("backends: %s (active at start: %s)\n", strings.Join(snn.Backends(), ", "), snn.Backends()[0])
	fmt.Printf("peak FMA GFLOP/s (1 thread / %d threads):", cal.Threads)
	for _, w := range []string{"zmm", "ymm", "scalar"} {
		if p, ok := cal.Peak1[w]; ok {
			fmt.Printf("  %s %.1f / %.1f", w, p, cal.PeakN[w])
		}
	}
	fmt.Printf("\nread GB/s (1 thread):")
	for _, l := range []string{"L2", "L3", "DRAM"} {
		fmt.Printf("  %s %.1f (%d KiB set)", l, cal.Bandwidth[l], cal.LevelBytes[l]>>10)
	}
	fmt.Printf("\nread GB/s at the size of each case's W:")
	for _, size := range slices.Sorted(maps.Keys(cal.BySize)) {
		fmt.Printf("  %d KiB %.1f", size>>10, cal.BySize[size])
	}
	fmt.Printf("\ncalibration took %.1f s\n\n", cal.Seconds)
	tw := tabwriter.NewWriter(os.Stdout, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "case\tbackend\tthreads\tns/step\tsteps/s\tspread\tGFLOP/s\tGev/s\tbound\tof bound\tallocs\tspike rate\t")
	for _, r := range results {
		if r.Skipped != "" {
			fmt.Fprintf(tw, "%s\t%s\t%d\tskipped: %s\t\t\t\t\t\t\t\t\t\n", r.Case, r.Backend, r.Threads, r.Skipped)
			continue
		}
		ev := "-"
		if r.GEventsPerS > 0 {
			ev = fmt.Sprintf("%.2f", r.GEventsPerS)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.0f\t%.0f\t%.1f%%\t%.1f\t%s\t%s %s\t%.1f%%\t%.0f\t%.3f\t\n",
			r.Case, r.Backend, r.Threads, r.NsPerStep, r.StepsPerS, 100*r.Spread, r.GFLOPS, ev,
			r.Bound, boundWhere(r), 100*r.FracOfBound, r.Allocs, r.SpikeRate)
	}
	must(tw.Flush())
	for _, r := range results {
		if strings.HasPrefix(r.Case, "stack/") && r.Threads == 1 && r.Skipped == "" {
			fmt.Printf("%s on %s: %.1f%% of the 1-thread step time is spent outside the kernels\n",
				r.Case, r.Backend, 100*r.OutsideKernels)
		}
	}
	printSpeedups(results)
}

// printSpeedups prints, for each case run on more than one thread, the
// throughput ratio to the same case and backend at one thread.
func printSpeedups(results []result) {
	one := map[[2]string]float64{}
	for _, r := range results {
		if r.Threads == 1 && r.NsPerStep > 0 {
			one[[2]string{r.Case, r.Backend}] = r.NsPerStep
		}
	}
	for _, r := range results {
		if ns, ok := one[[2]string{r.Case, r.Backend}]; ok && r.Threads > 1 && r.NsPerStep > 0 {
			fmt.Printf("%s on %s: %d threads are %.2f× one thread\n", r.Case, r.Backend, r.Threads, ns/r.NsPerStep)
		}
	}
}

func boundWhere(r result) string {
	if r.Bound == "compute" {
		return fmt.Sprintf("(%.0f GF/s)", r.PeakGFLOPS)
	}
	return fmt.Sprintf("(%s %.0f GB/s)", r.BoundLevel, r.BandwidthGB)
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
