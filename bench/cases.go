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
	kind    string // "step", "spikes", "learn", "layer", "stack", "run", "runstack" or "stepstack"
	rows    int
	in, out int
	density float64 // fraction of inputs set, for spike input
	learn   bool
	steps   int    // time steps per call of the sequence cases (run, runstack)
	feature string // the model feature of a "model" case (SPEC §6)
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
	{name: "spikes/64x4096x1024@1%", kind: "spikes", rows: 64, in: 4096, out: 1024, density: 0.01},
	{name: "spikes/64x4096x1024@5%", kind: "spikes", rows: 64, in: 4096, out: 1024, density: 0.05},
	{name: "spikes/64x4096x1024@20%", kind: "spikes", rows: 64, in: 4096, out: 1024, density: 0.20},
	{name: "spikes/256x1024x1024@5%", kind: "spikes", rows: 256, in: 1024, out: 1024, density: 0.05},
	{name: "learn/64x784x1024", kind: "learn", rows: 64, in: 784, out: 1024, learn: true},
	{name: "layer/1x784x1024", kind: "layer", rows: 1, in: 784, out: 1024},
	{name: "stack/256x784-1024-1024-10", kind: "stack", rows: 256, in: 784, out: 1024, learn: true},
	{name: "run/1x784x1024xT64", kind: "run", rows: 1, in: 784, out: 1024, steps: 64},
	{name: "run/1x4096x4096xT64", kind: "run", rows: 1, in: 4096, out: 4096, steps: 64},
	{name: "run/16x784x1024xT64", kind: "run", rows: 16, in: 784, out: 1024, steps: 64},
	{name: "runstack/1x784-1024-1024-10xT64", kind: "runstack", rows: 1, in: 784, out: 1024, steps: 64},
	{name: "stepstack/1x784-1024-1024-10", kind: "stepstack", rows: 1, in: 784, out: 1024},
}

func init() { allCases = append(allCases, modelCases()...) }

// isStack reports whether c runs the 3-layer stack (bound by its
// arithmetic only).
func (c *benchCase) isStack() bool {
	return c.kind == "stack" || c.kind == "runstack" || c.kind == "stepstack"
}

// timeSteps is the number of time steps one workload step of c covers.
func (c *benchCase) timeSteps() int { return max(1, c.steps) }

// stackSizes are the layer sizes of the stack case.
var stackSizes = []int{784, 1024, 1024, 10}

// flops returns the arithmetic of one step: 2 per multiply-add, or one
// add per synaptic event for spike input.
func (c *benchCase) flops(events float64) float64 {
	switch c.kind {
	case "spikes":
		return events
	case "stack", "runstack", "stepstack":
		return c.denseFlops() + events // the first layer's product and the later layers' events
	}
	return c.denseFlops()
}

// denseFlops is 2·rows·in·out: the arithmetic of a dense step.
func (c *benchCase) denseFlops() float64 { return 2 * float64(c.rows) * float64(c.in) * float64(c.out) }

// cycle is the number of steps in the case's fixed sequence of states:
// every timed stretch runs these steps from the same starting state, on
// every backend and thread count. Short steps get long cycles so that
// reading the clock costs little next to them.
func (c *benchCase) cycle() int {
	return int(min(4096, max(2, float64(1<<26)/c.denseFlops()/float64(c.timeSteps()))))
}

// batched reports whether the case also runs through package batch on all
// threads.
// A single state of a large layer is split across the pool by panels of
// neurons, so it runs on all threads too.
func (c *benchCase) batched() bool {
	switch c.kind {
	case "step":
		return c.rows > 1 || c.in*c.out >= 1<<16
	case "stack", "run", "runstack", "stepstack":
		return true
	}
	return false
}

// weightBytes is the size of W.
func (c *benchCase) weightBytes() float64 { return 4 * float64(c.in) * float64(c.out) }

// workload holds the prepared inputs and state of a case.
type workload struct {
	step func() // one step: the timed work
	// restore puts every state (and learned weight) back to what it was
	// before the first step; it is never timed and never allocates.
	restore func()
	// counts returns the spikes emitted and the synaptic events of the
	// last step.
	counts  func() (spikes, events float64)
	neurons int // neurons stepped per step, for the spike rate
	// minBytes is the part of W a step must read at least (spike input:
	// the rows of W some input spikes on).
	minBytes float64
	// kernelsOnly, for the stack, runs the same kernels as step called
	// directly on one thread, so that the time outside them can be told.
	kernelsOnly func()
}

// sequence runs the fixed sequence of steps from the restored state and
// returns the mean spike rate and synaptic events per step over it; the
// workload is left restored. The result depends on the inputs only, so it
// is the same on every backend and thread count (the backends are
// bit-identical).
func (w *workload) sequence(steps int) (rate, events float64) {
	w.restore()
	var spikes float64
	for range steps {
		w.step()
		s, e := w.counts()
		spikes, events = spikes+s, events+e
	}
	w.restore()
	return spikes / float64(steps*w.neurons), events / float64(steps)
}

// inputs are a case's random weights, dense input and neuron parameters.
type inputs struct {
	r *rand.Rand
	w []float32
	x []float32
	n snn.Neuron
}

// newInputs draws x uniform in [0, 1) and W standard normal, and sets the
// threshold so that about 10% of neurons spike.
func (c *benchCase) newInputs() inputs {
	r := rand.New(rand.NewPCG(1, uint64(c.in*c.out)))
	n := snn.DefaultNeuron()
	// Σ x·w has variance in/3 for x uniform, w normal. With the membrane
	// integrating (decay 0.5), a threshold of 1.8σ gives about 10% of
	// neurons spiking per step (3–17% measured at one step).
	sigma := math.Sqrt(float64(c.in) / 3)
	if c.kind == "spikes" {
		sigma = math.Sqrt(float64(c.in) * c.density)
	}
	n.Threshold = float32(1.8 * sigma)
	w := make([]float32, c.in*c.out)
	for i := range w {
		w[i] = float32(r.NormFloat64())
	}
	x := make([]float32, c.rows*c.in)
	for i := range x {
		x[i] = r.Float32()
	}
	return inputs{r: r, w: w, x: x, n: n}
}

// prepare builds the case's inputs and state for threads threads.
func (c *benchCase) prepare(threads int) (*workload, error) {
	in := c.newInputs()
	switch c.kind {
	case "stack":
		return c.prepareStack(in.r, in.x, threads)
	case "layer":
		return c.prepareLayer(in)
	case "spikes":
		return c.prepareSpikes(in), nil
	case "run":
		return c.prepareRun(in, threads)
	case "model":
		return c.prepareModel(in, threads)
	case "runstack", "stepstack":
		return c.prepareStackRun(in, threads)
	case "step", "learn":
		if c.kind == "step" && threads > 1 {
			return c.prepareBatch(in, threads)
		}
		return c.prepareKernel(in), nil
	}
	return nil, fmt.Errorf("unknown case kind %q", c.kind)
}

// kernelState is the membrane state and spikes of rows states.
type kernelState struct {
	v      []float32
	spikes []uint64
}

func newKernelState(rows, out int) kernelState {
	return kernelState{make([]float32, rows*out), make([]uint64, rows*snn.Words(out))}
}

// restore sets every state to zero (where each case starts) and clears
// the spikes.
func (k kernelState) restore() { clear(k.v); clear(k.spikes) }

// count returns the spikes of the last step.
func (k kernelState) count() float64 { return float64(snn.Bits(k.spikes).Count()) }

// prepareKernel runs the dense kernel (and the Hebbian update) directly.
func (c *benchCase) prepareKernel(in inputs) *workload {
	s := snn.Shape{Rows: c.rows, In: c.in, Out: c.out}
	st, p := newKernelState(c.rows, c.out), packed(c.in, c.out, in.w)
	h := snn.DefaultHebbian()
	h.PreThreshold = 0.5
	step := func() { stepDense(in.n, s, in.x, p, st.v, st.spikes) }
	restore := st.restore
	if c.learn {
		step = func() {
			stepDense(in.n, s, in.x, p, st.v, st.spikes)
			learnDense(h, s, in.x, st.spikes, p)
		}
		restore = func() { st.restore(); p.CopyFrom(in.w) }
	}
	return &workload{step: step, restore: restore, neurons: c.rows * c.out, minBytes: c.weightBytes(),
		counts: func() (float64, float64) { return st.count(), 0 }}
}

// prepareSpikes runs the spike-input kernel directly on c.density of the
// inputs set.
func (c *benchCase) prepareSpikes(in inputs) *workload {
	s := snn.Shape{Rows: c.rows, In: c.in, Out: c.out}
	words := snn.Words(c.in)
	bits := make([]uint64, c.rows*words)
	used := make([]bool, c.in)
	for row := 0; row < c.rows; row++ {
		for i := 0; i < c.in; i++ {
			if in.r.Float64() < c.density {
				snn.Bits(bits[row*words:]).Set(i, true)
				used[i] = true
			}
		}
	}
	usedRows := 0
	for _, u := range used {
		if u {
			usedRows++
		}
	}
	st, p := newKernelState(c.rows, c.out), packed(c.in, c.out, in.w)
	events := float64(snn.Bits(bits).Count()) * float64(c.out)
	return &workload{
		step:    func() { stepSpikes(in.n, s, bits, p, st.v, st.spikes) },
		restore: st.restore, neurons: c.rows * c.out, minBytes: 4 * float64(usedRows*c.out),
		counts: func() (float64, float64) { return st.count(), events },
	}
}

// prepareLayer steps a layer.Layer (one state, every input checked).
func (c *benchCase) prepareLayer(in inputs) (*workload, error) {
	l, err := layer.FromWeights(c.in, c.out, in.w, make([]float32, c.out), layer.WithThreshold(in.n.Threshold))
	if err != nil {
		return nil, err
	}
	zeros := make([]float32, c.out)
	out := make([]uint64, snn.Words(c.out))
	return &workload{
		step:    func() { _ = l.Step(in.x) },
		restore: func() { must(l.SetState(zeros)) },
		counts: func() (float64, float64) {
			out = l.Spikes(out)
			return float64(snn.Bits(out).Count()), 0
		},
		neurons: c.out, minBytes: c.weightBytes(),
	}, nil
}

// prepareBatch steps c.rows states through package batch on a pool of
// threads, of a layer with opts.
func (c *benchCase) prepareBatch(in inputs, threads int, opts ...layer.Option) (*workload, error) {
	b, err := c.newBatch(in, threads, opts...)
	if err != nil {
		return nil, err
	}
	return &workload{
		step: func() { _ = b.Step(in.x) }, restore: b.ResetState,
		counts:  func() (float64, float64) { return float64(b.SpikeCount()), 0 },
		neurons: c.rows * c.out, minBytes: c.weightBytes(),
	}, nil
}

// newBatch returns c.rows states of a layer of the case's weights and
// threshold (and opts) on a pool of threads.
func (c *benchCase) newBatch(in inputs, threads int, opts ...layer.Option) (*batch.Batch, error) {
	opts = append([]layer.Option{layer.WithThreshold(in.n.Threshold)}, opts...)
	l, err := layer.FromWeights(c.in, c.out, in.w, make([]float32, c.out), opts...)
	if err != nil {
		return nil, err
	}
	return batch.New(l, c.rows, batch.WithPool(batch.NewPool(threads)))
}

// The only calls into the kernels' packed API: a rename there is an edit
// here.

// packed returns w (in×out, row-major) packed for the kernels.
func packed(in, out int, w []float32) *snn.Packed {
	p := snn.NewPacked(in, out)
	p.CopyFrom(w)
	return p
}

func stepDense(n snn.Neuron, s snn.Shape, x []float32, p *snn.Packed, v []float32, spikes []uint64) {
	snn.Step(n, s, x, p.Weights(), v, spikes)
}

func stepSpikes(n snn.Neuron, s snn.Shape, x []uint64, p *snn.Packed, v []float32, spikes []uint64) {
	snn.StepSpikes(n, s, x, p.Weights(), v, spikes)
}

func learnDense(h snn.Hebbian, s snn.Shape, x []float32, spikes []uint64, p *snn.Packed) {
	snn.Learn(h, s, x, spikes, p.Weights())
}
