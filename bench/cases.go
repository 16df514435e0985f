package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// benchCase is one measured workload. Its name is stable across versions:
// results are compared by it.
type benchCase struct {
	name    string
	kind    string // "step", "spikes", "learn" or "layer"
	rows    int
	in, out int
	density float64 // fraction of inputs set, for spike input
	learn   bool
}

// allCases are the cases of the bench command, in the order they run.
var allCases = []benchCase{
	{name: "step/1x3x5", kind: "step", rows: 1, in: 3, out: 5},
	{name: "step/1x784x1024", kind: "step", rows: 1, in: 784, out: 1024},
	{name: "step/1x4096x4096", kind: "step", rows: 1, in: 4096, out: 4096},
	{name: "step/64x784x1024", kind: "step", rows: 64, in: 784, out: 1024},
	{name: "step/256x1024x1024", kind: "step", rows: 256, in: 1024, out: 1024},
	{name: "step/1024x1024x1024", kind: "step", rows: 1024, in: 1024, out: 1024},
	{name: "step/4096x512x512", kind: "step", rows: 4096, in: 512, out: 512},
	{name: "spikes/64x4096x1024@5%", kind: "spikes", rows: 64, in: 4096, out: 1024, density: 0.05},
	{name: "learn/64x784x1024", kind: "learn", rows: 64, in: 784, out: 1024, learn: true},
	{name: "layer/1x784x1024", kind: "layer", rows: 1, in: 784, out: 1024},
}

// flops returns the arithmetic of one step: 2 per multiply-add, or one
// add per synaptic event for spike input.
func (c *benchCase) flops(events float64) float64 {
	if c.kind == "spikes" {
		return events
	}
	return 2 * float64(c.rows) * float64(c.in) * float64(c.out)
}

// weightBytes is the size of W.
func (c *benchCase) weightBytes() float64 { return 4 * float64(c.in) * float64(c.out) }

// workload holds the prepared inputs of a case and runs one step.
type workload struct {
	run    func()
	events float64 // synaptic events per step (spike input), else 0
	spikes func() float64
}

// prepare builds the inputs: x uniform in [0, 1) (5% ones for spike input),
// W standard normal, threshold scaled so that about 10% of neurons spike.
func (c *benchCase) prepare() (*workload, error) {
	r := rand.New(rand.NewPCG(1, uint64(c.in*c.out)))
	s := snn.Shape{Rows: c.rows, In: c.in, Out: c.out}
	n := snn.DefaultNeuron()
	// Σ x·w has variance in/3 for x uniform, w normal; 1.28σ is the 90th percentile.
	sigma := math.Sqrt(float64(c.in) / 3)
	if c.kind == "spikes" {
		sigma = math.Sqrt(float64(c.in) * c.density)
	}
	n.Threshold = float32(1.28 * sigma)
	h := snn.DefaultHebbian()
	h.PreThreshold = 0.5
	w := make([]float32, c.in*c.out)
	for i := range w {
		w[i] = float32(r.NormFloat64())
	}
	v := make([]float32, c.rows*c.out)
	spikes := make([]uint64, c.rows*snn.Words(c.out))
	rate := func() float64 { return float64(snn.CountSpikes(spikes)) / float64(c.rows*c.out) }
	x := make([]float32, c.rows*c.in)
	for i := range x {
		x[i] = r.Float32()
	}
	switch c.kind {
	case "layer":
		l, err := layer.FromWeights(c.in, c.out, w, v, layer.WithThreshold(n.Threshold))
		if err != nil {
			return nil, err
		}
		var out []uint64
		return &workload{
			run:    func() { _ = l.Step(x); out = l.Spikes(out) },
			spikes: func() float64 { return float64(snn.CountSpikes(out)) / float64(c.out) },
		}, nil
	case "spikes":
		bits := make([]uint64, c.rows*snn.Words(c.in))
		for row := 0; row < c.rows; row++ {
			for i := 0; i < c.in; i++ {
				if r.Float64() < c.density {
					snn.SetSpike(bits[row*snn.Words(c.in):], i, true)
				}
			}
		}
		p := snn.NewPacked(c.in, c.out)
		p.Set(w)
		return &workload{
			run:    func() { snn.StepSpikesPacked(n, s, bits, p, v, spikes) },
			events: float64(snn.CountSpikes(bits)) * float64(c.out),
			spikes: rate,
		}, nil
	case "step", "learn":
		p := snn.NewPacked(c.in, c.out)
		p.Set(w)
		if !c.learn {
			return &workload{run: func() { snn.StepPacked(n, s, x, p, v, spikes) }, spikes: rate}, nil
		}
		// Learning changes W; restore it now and then so that the spike
		// rate stays where it started.
		steps := 0
		return &workload{run: func() {
			snn.StepPacked(n, s, x, p, v, spikes)
			snn.LearnPacked(h, s, x, spikes, p)
			if steps++; steps%64 == 0 {
				p.Set(w)
			}
		}, spikes: rate}, nil
	}
	return nil, fmt.Errorf("unknown case kind %q", c.kind)
}
