package main

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
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
	{name: "stack/256x784-1024-1024-10", kind: "stack", rows: 256, in: 784, out: 1024, learn: true},
}

// stackSizes are the layer sizes of the stack case.
var stackSizes = []int{784, 1024, 1024, 10}

// flops returns the arithmetic of one step: 2 per multiply-add, or one
// add per synaptic event for spike input.
func (c *benchCase) flops(events float64) float64 {
	switch c.kind {
	case "spikes":
		return events
	case "stack":
		return 2*float64(c.rows)*float64(c.in)*float64(c.out) + events
	}
	return 2 * float64(c.rows) * float64(c.in) * float64(c.out)
}

// batched reports whether the case also runs through package batch on all
// threads.
func (c *benchCase) batched() bool { return c.rows > 1 && (c.kind == "step" || c.kind == "stack") }

// weightBytes is the size of W.
func (c *benchCase) weightBytes() float64 { return 4 * float64(c.in) * float64(c.out) }

// workload holds the prepared inputs of a case and runs one step.
type workload struct {
	run    func()
	events float64 // synaptic events per step (spike input), else 0
	spikes func() float64
	// kernelsOnly, for the stack, runs the same kernels as run called
	// directly on one thread, so that the time outside them can be told.
	kernelsOnly func()
}

// prepare builds the inputs: x uniform in [0, 1) (5% ones for spike input),
// W standard normal, threshold scaled so that about 10% of neurons spike.
func (c *benchCase) prepare(threads int) (*workload, error) {
	r := rand.New(rand.NewPCG(1, uint64(c.in*c.out)))
	s := snn.Shape{Rows: c.rows, In: c.in, Out: c.out}
	n := snn.DefaultNeuron()
	// Σ x·w has variance in/3 for x uniform, w normal. With the membrane
	// integrating (decay 0.5), a threshold of 1.8σ gives about 10% of
	// neurons spiking per step (3–17% measured at one step).
	sigma := math.Sqrt(float64(c.in) / 3)
	if c.kind == "spikes" {
		sigma = math.Sqrt(float64(c.in) * c.density)
	}
	n.Threshold = float32(1.8 * sigma)
	h := snn.DefaultHebbian()
	h.PreThreshold = 0.5
	w := make([]float32, c.in*c.out)
	for i := range w {
		w[i] = float32(r.NormFloat64())
	}
	v := make([]float32, c.rows*c.out)
	spikes := make([]uint64, c.rows*snn.Words(c.out))
	rate := func() float64 { return float64(snn.Bits(spikes).Count()) / float64(c.rows*c.out) }
	x := make([]float32, c.rows*c.in)
	for i := range x {
		x[i] = r.Float32()
	}
	switch c.kind {
	case "stack":
		return c.prepareStack(r, x, threads)
	case "layer":
		l, err := layer.FromWeights(c.in, c.out, w, v, layer.WithThreshold(n.Threshold))
		if err != nil {
			return nil, err
		}
		var out []uint64
		return &workload{
			run:    func() { _ = l.Step(x); out = l.Spikes(out) },
			spikes: func() float64 { return float64(snn.Bits(out).Count()) / float64(c.out) },
		}, nil
	case "spikes":
		bits := make([]uint64, c.rows*snn.Words(c.in))
		for row := 0; row < c.rows; row++ {
			for i := 0; i < c.in; i++ {
				if r.Float64() < c.density {
					snn.Bits(bits[row*snn.Words(c.in):]).Set(i, true)
				}
			}
		}
		p := snn.NewPacked(c.in, c.out)
		p.Set(w)
		return &workload{
			run:    func() { snn.StepSpikesPacked(n, s, bits, p, v, spikes) },
			events: float64(snn.Bits(bits).Count()) * float64(c.out),
			spikes: rate,
		}, nil
	case "step", "learn":
		p := snn.NewPacked(c.in, c.out)
		p.Set(w)
		if c.kind == "step" && threads > 1 {
			l, err := layer.FromWeights(c.in, c.out, w, make([]float32, c.out), layer.WithThreshold(n.Threshold))
			if err != nil {
				return nil, err
			}
			pool := batch.NewPool(threads)
			b, err := batch.New(l, c.rows, batch.WithPool(pool))
			if err != nil {
				return nil, err
			}
			return &workload{run: func() { _ = b.Step(x) }, spikes: func() float64 {
				return float64(b.SpikeCount()) / float64(c.rows*c.out)
			}}, nil
		}
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

// prepareStack builds the 3-layer network 784→1024→1024→10 over c.rows
// states, learning in the first layer, thresholds set for about 5% spikes
// per layer, on a pool of threads.
func (c *benchCase) prepareStack(r *rand.Rand, x []float32, threads int) (*workload, error) {
	var layers []*layer.Layer
	var ws [][]float32
	for k := 0; k+1 < len(stackSizes); k++ {
		in, out := stackSizes[k], stackSizes[k+1]
		w := make([]float32, in*out)
		for i := range w {
			w[i] = float32(r.NormFloat64())
		}
		// z·σ of the input current, z tuned here for 3–8% spikes per
		// layer (the membrane integrates, so z is above the 95th percentile).
		sigma, z := math.Sqrt(float64(in)*0.05), 2.6 // spike input at ~5%
		if k == 0 {
			sigma, z = math.Sqrt(float64(in)/3), 2.2 // uniform input
		}
		// Learning in the first layer: inputs above 0.5 (half of them)
		// potentiate, and the rate is the original's spread over the rows,
		// so that the weights and the rates stay near where they start.
		l, err := layer.FromWeights(in, out, w, make([]float32, out), layer.WithThreshold(float32(z*sigma)),
			layer.WithPreThreshold(0.5), layer.WithLearningRate(0.05/float32(c.rows)))
		if err != nil {
			return nil, err
		}
		layers, ws = append(layers, l), append(ws, w)
	}
	net, err := batch.NewNetwork(c.rows, layers, batch.WithPool(batch.NewPool(threads)))
	if err != nil {
		return nil, err
	}
	net.Batch(0).SetLearning(true)
	steps := 0
	wl := &workload{
		run: func() {
			_ = net.Step(x)
			if steps++; steps%64 == 0 { // keep the rates where they started
				_ = layers[0].SetWeights(ws[0])
			}
		},
		spikes: func() float64 {
			total := 0
			for k := 0; k < net.NumLayers(); k++ {
				total += net.Batch(k).SpikeCount()
			}
			return float64(total) / float64(c.rows*(1024+1024+10))
		},
	}
	// The same kernels, called directly on one thread on copies.
	s0 := snn.Shape{Rows: c.rows, In: 784, Out: 1024}
	s1 := snn.Shape{Rows: c.rows, In: 1024, Out: 1024}
	s2 := snn.Shape{Rows: c.rows, In: 1024, Out: 10}
	p0, p1, p2 := snn.NewPacked(784, 1024), snn.NewPacked(1024, 1024), snn.NewPacked(1024, 10)
	p0.Set(ws[0])
	p1.Set(ws[1])
	p2.Set(ws[2])
	v0, v1, v2 := make([]float32, c.rows*1024), make([]float32, c.rows*1024), make([]float32, c.rows*10)
	sp0, sp1, sp2 := make([]uint64, c.rows*16), make([]uint64, c.rows*16), make([]uint64, c.rows)
	n0, n1, n2 := layers[0].Neuron(), layers[1].Neuron(), layers[2].Neuron()
	h := layers[0].Hebbian()
	kSteps := 0
	wl.kernelsOnly = func() {
		snn.StepPacked(n0, s0, x, p0, v0, sp0)
		snn.LearnPacked(h, s0, x, sp0, p0)
		snn.StepSpikesPacked(n1, s1, sp0, p1, v1, sp1)
		snn.StepSpikesPacked(n2, s2, sp1, p2, v2, sp2)
		if kSteps++; kSteps%64 == 0 {
			p0.Set(ws[0])
		}
	}
	// Events of the spike-input layers at the start, for the FLOP count.
	net0 := float64(0)
	_ = net.Step(x)
	net0 = float64(net.Batch(0).SpikeCount())*1024 + float64(net.Batch(1).SpikeCount())*10
	wl.events = net0
	return wl, nil
}
