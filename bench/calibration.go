package main

import (
	"fmt"
	"github.com/spikekernel/snn/internal/kernels"
	"os"
	"runtime"
	"time"

	"github.com/klauspost/cpuid/v2"

	"github.com/spikekernel/snn/internal/calib"
)

// calibration holds the limits measured in this run.
type calibration struct {
	Case       string             `json:"case"` // always "calibration"
	CPU        string             `json:"cpu"`
	Features   string             `json:"features"`
	Threads    int                `json:"threads"`
	Peak1      map[string]float64 `json:"peak_gflops_1thread"` // by width: zmm, ymm, scalar
	PeakN      map[string]float64 `json:"peak_gflops_nthreads"`
	Bandwidth  map[string]float64 `json:"read_gbps"`          // by level: L2, L3, DRAM (one thread)
	LevelBytes map[string]int     `json:"level_set_bytes"`    // working set measured per level
	BySize     map[int]float64    `json:"read_gbps_by_bytes"` // at the W size of each selected case
	L2, L3     int                `json:"-"`
	Seconds    float64            `json:"seconds"`
}

func calibrate(threads int, d time.Duration, sizes []int) *calibration {
	start := time.Now()
	c := &calibration{
		Case: "calibration", CPU: cpuid.CPU.BrandName, Threads: threads,
		Features: fmt.Sprint(cpuid.CPU.FeatureSet()),
		Peak1:    map[string]float64{}, PeakN: map[string]float64{},
		Bandwidth: map[string]float64{}, LevelBytes: map[string]int{}, BySize: map[int]float64{},
	}
	if c.CPU == "" {
		c.CPU = runtime.GOARCH
	}
	for _, w := range calib.Widths() {
		progress("calibrating %s FMA peak", w.Name)
		c.Peak1[w.Name] = calib.PeakGFLOPS(w, 1, d)
		if threads > 1 {
			c.PeakN[w.Name] = calib.PeakGFLOPS(w, threads, d)
		} else {
			c.PeakN[w.Name] = c.Peak1[w.Name]
		}
	}
	c.L2, c.L3 = cpuid.CPU.Cache.L2, cpuid.CPU.Cache.L3
	if c.L2 <= 0 {
		c.L2 = 1 << 20
	}
	if c.L3 <= 0 {
		c.L3 = 8 * c.L2
	}
	c.LevelBytes["L2"] = c.L2 / 2
	c.LevelBytes["L3"] = max(c.L3/4, 2*c.L2)
	c.LevelBytes["DRAM"] = max(4*c.L3, 64<<20)
	for _, level := range []string{"L2", "L3", "DRAM"} {
		progress("calibrating %s read bandwidth (%d KiB)", level, c.LevelBytes[level]>>10)
		c.Bandwidth[level] = calib.Bandwidth(c.LevelBytes[level], d)
	}
	for _, size := range sizes {
		if _, ok := c.BySize[size]; !ok && size >= 4096 {
			progress("calibrating read bandwidth at %d KiB", size>>10)
			c.BySize[size] = calib.Bandwidth(size, d)
		}
	}
	c.Seconds = time.Since(start).Seconds()
	return c
}

// recheck measures again, for about d, the bounds of a case: the FMA peak
// of width at threads threads and the read bandwidth at a working set of
// size bytes (none when size is 0), and keeps the higher of each
// measurement and the calibration's: a bound is the best the machine was
// seen to do, and measuring next to each case catches a machine that was
// slowed down by other work when it was calibrated.
func (c *calibration) recheck(width string, threads, size int, d time.Duration) {
	peaks := c.Peak1
	if threads > 1 {
		peaks = c.PeakN
	}
	for _, w := range calib.Widths() {
		if w.Name == width {
			peaks[width] = max(peaks[width], calib.PeakGFLOPS(w, threads, d))
		}
	}
	if size >= 4096 {
		c.BySize[size] = max(c.BySize[size], calib.Bandwidth(size, d))
	}
}

// bandwidth returns the read bandwidth for a working set of size bytes:
// measured at exactly that size when it was, else at its level's set.
func (c *calibration) bandwidth(size int) (string, float64) {
	level := c.level(float64(size))
	if bw, ok := c.BySize[size]; ok {
		return level, bw
	}
	return level, c.Bandwidth[level]
}

// level returns the cache level a working set of size bytes lives in.
func (c *calibration) level(bytes float64) string {
	switch {
	case bytes <= float64(c.L2)*0.75:
		return "L2"
	case bytes <= float64(c.L3)*0.75:
		return "L3"
	}
	return "DRAM"
}

// widthOf returns the vector width a backend computes at (a fact the
// backend registry holds).
func widthOf(backend string) string { return kernels.Get().Width(backend) }

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "\r\033[K"+format, args...)
}
