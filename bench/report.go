package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spikekernel/snn"
)

// skippedResult is the JSON of a skipped case: what it is and why, no
// numbers.
type skippedResult struct {
	Case    string `json:"case"`
	Backend string `json:"backend"`
	Threads int    `json:"threads"`
	Skipped string `json:"skipped"`
}

// writeJSON writes the calibration, then one object per result.
func writeJSON(out io.Writer, cal *calibration, results []result) error {
	enc := json.NewEncoder(out)
	if err := enc.Encode(cal); err != nil {
		return err
	}
	for _, r := range results {
		var v any = r
		if r.Skipped != "" {
			v = skippedResult{Case: r.Case, Backend: r.Backend, Threads: r.Threads, Skipped: r.Skipped}
		}
		if err := enc.Encode(v); err != nil {
			return err
		}
	}
	return nil
}

// overBound reports whether r ran faster than its bound allows: the
// calibration under-measured the machine.
func (r *result) overBound() bool { return r.Skipped == "" && r.FracOfBound > 1 }

// warnOverBound prints a warning for each result above its bound.
func warnOverBound(out io.Writer, results []result) {
	for _, r := range results {
		if r.overBound() {
			fmt.Fprintf(out, "warning: %s on %s, %d threads, ran at %.1f%% of its %s bound: the calibration under-measured this machine\n",
				r.Case, r.Backend, r.Threads, 100*r.FracOfBound, r.Bound)
		}
	}
}

func printTable(cal *calibration, results []result) {
	fmt.Printf("CPU: %s\nfeatures: %s\n", cal.CPU, cal.Features)
	fmt.Printf("backends: %s (active at start: %s)\n", strings.Join(snn.Backends(), ", "), snn.Backends()[0])
	fmt.Printf("peak FMA GFLOP/s (1 thread / %d threads, best of runs):", cal.Threads)
	for _, w := range []string{"zmm", "ymm", "scalar"} {
		if p, ok := cal.Peak1[w]; ok {
			fmt.Printf("  %s %.1f / %.1f", w, p, cal.PeakN[w])
		}
	}
	fmt.Printf("\nread GB/s (1 thread, best of runs and access patterns):")
	for _, l := range []string{"L2", "L3", "DRAM"} {
		fmt.Printf("  %s %.1f (%d KiB set)", l, cal.Bandwidth[l], cal.LevelBytes[l]>>10)
	}
	fmt.Printf("\nread GB/s at the size of each case's W (after the re-checks next to each case):")
	for _, size := range slices.Sorted(maps.Keys(cal.BySize)) {
		fmt.Printf("  %d KiB %.1f", size>>10, cal.BySize[size])
	}
	fmt.Printf("\ncalibration took %.1f s\n\n", cal.Seconds)
	writeTable(os.Stdout, results)
	for _, r := range results {
		if strings.HasPrefix(r.Case, "stack/") && r.Threads == 1 && r.Skipped == "" {
			fmt.Printf("%s on %s: %.1f%% of the 1-thread step time is spent outside the kernels\n",
				r.Case, r.Backend, 100*r.OutsideKernels)
		}
	}
	printSpeedups(results)
}

// tableHeader names the table's columns; the last one, a note, is free
// text outside the aligned columns.
const tableHeader = "case\tspike rate\tbackend\tthreads\tns/step\tsteps/s\tspread\tGFLOP/s\tGev/s\tbound\tof bound\tallocs\tnote"

// writeTable writes one row per result. The spike rate, the same for
// every backend and thread count of a case, is printed on the case's
// first row (and again, flagged, on any row where it differs). A skipped
// row has "-" in every measured column and its reason in the note.
func writeTable(out io.Writer, results []result) {
	tw := tabwriter.NewWriter(out, 2, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Replace(tableHeader, "\tnote", "\t  note", 1))
	rates := map[string]float64{}
	for _, r := range results {
		rate, note := "", ""
		if r.Skipped != "" {
			note = "skipped: " + r.Skipped
		} else if first, seen := rates[r.Case]; !seen {
			rates[r.Case], rate = r.SpikeRate, fmt.Sprintf("%.4f", r.SpikeRate)
		} else if first != r.SpikeRate {
			rate, note = fmt.Sprintf("%.4f", r.SpikeRate), "spike rate differs"
		}
		if r.overBound() {
			note = "warning: above its bound"
		}
		cells := []string{r.Case, rate, r.Backend, fmt.Sprint(r.Threads)}
		if r.Skipped != "" {
			cells = append(cells, "-", "-", "-", "-", "-", "-", "-", "-")
		} else {
			ev := "-"
			if r.GEventsPerS > 0 {
				ev = fmt.Sprintf("%.2f", r.GEventsPerS)
			}
			cells = append(cells, fmt.Sprintf("%.0f", r.NsPerStep), fmt.Sprintf("%.0f", r.StepsPerS),
				fmt.Sprintf("%.1f%%", 100*r.Spread), fmt.Sprintf("%.1f", r.GFLOPS), ev,
				r.Bound+" "+boundWhere(r), fmt.Sprintf("%.1f%%", 100*r.FracOfBound), fmt.Sprintf("%.3g", r.Allocs))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t  "+note)
	}
	must(tw.Flush())
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
