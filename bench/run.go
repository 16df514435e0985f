package main

import (
	"math"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// Sequence cases (kind "run", "runstack" and "stepstack"): a workload step
// is one Run call of c.steps time steps (one Step call of the network for
// "stepstack"); run() reports the time and arithmetic per time step.

// prepareRun runs c.steps time steps of c.rows states through Batch.Run on
// a pool of threads, every step's input different (time-major).
func (c *benchCase) prepareRun(in inputs, threads int) (*workload, error) {
	b, err := c.newBatch(in, threads)
	if err != nil {
		return nil, err
	}
	x := make([]float32, c.steps*c.rows*c.in)
	for i := range x {
		x[i] = in.r.Float32()
	}
	rec := layer.Record{Counts: make([]uint32, c.rows*c.out)}
	q := layer.Sequence{Steps: c.steps, Dense: x}
	return &workload{
		step:    func() { must(b.Run(q, rec)) },
		restore: func() { b.ResetState(); clear(rec.Counts) },
		counts:  func() (float64, float64) { return sumCounts(rec.Counts), 0 },
		neurons: c.rows * c.out * c.steps, minBytes: c.weightBytes() / float64(c.steps),
	}, nil
}

// prepareStackRun builds the 3-layer network of the stack case without
// learning, for Network.Run over c.steps steps ("runstack") or Network.Step
// one step at a time ("stepstack"), on a pool of threads.
func (c *benchCase) prepareStackRun(in inputs, threads int) (*workload, error) {
	var layers []*layer.Layer
	for k := 0; k+1 < len(stackSizes); k++ {
		n, m := stackSizes[k], stackSizes[k+1]
		w := make([]float32, n*m)
		for i := range w {
			w[i] = float32(in.r.NormFloat64())
		}
		sigma, z := math.Sqrt(float64(n)*0.05), 2.6 // as the stack case
		if k == 0 {
			sigma, z = math.Sqrt(float64(n)/3), 2.2
		}
		l, err := layer.FromWeights(n, m, w, make([]float32, m), layer.WithThreshold(float32(z*sigma)))
		if err != nil {
			return nil, err
		}
		layers = append(layers, l)
	}
	net, err := batch.NewNetwork(c.rows, layers, batch.WithPool(batch.NewPool(threads)))
	if err != nil {
		return nil, err
	}
	out := stackSizes[len(stackSizes)-1]
	rec := layer.Record{Counts: make([]uint32, c.rows*out)}
	restore := func() {
		for k := range net.NumLayers() {
			net.Batch(k).ResetState()
		}
		clear(rec.Counts)
	}
	spikes := func() float64 {
		s := 0.0
		for k := range net.NumLayers() {
			s += float64(snn.Bits(net.Batch(k).Spikes()).Count())
		}
		return s
	}
	neurons := 0
	for _, size := range stackSizes[1:] {
		neurons += c.rows * size
	}
	if c.kind == "stepstack" {
		x := in.x[:c.rows*c.in]
		return &workload{
			step: func() { must(net.Step(x)) }, restore: restore,
			counts:  func() (float64, float64) { return spikes(), 0 },
			neurons: neurons, minBytes: c.weightBytes(),
		}, nil
	}
	x := make([]float32, c.steps*c.rows*c.in)
	for i := range x {
		x[i] = in.r.Float32()
	}
	q := layer.Sequence{Steps: c.steps, Dense: x}
	return &workload{
		step:    func() { must(net.Run(q, rec)) },
		restore: restore,
		// The output layer's spikes over the run stand for the stack's.
		counts:  func() (float64, float64) { return sumCounts(rec.Counts), 0 },
		neurons: c.rows * out * c.steps, minBytes: c.weightBytes() / float64(c.steps),
	}, nil
}

func sumCounts(counts []uint32) float64 {
	s := 0.0
	for _, n := range counts {
		s += float64(n)
	}
	return s
}
