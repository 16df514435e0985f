// Package layer is one layer of leaky integrate-and-fire neurons with its
// weights, parameters, Hebbian learning and a single membrane state: the
// SNNLayer of the original PyTorch tutorial, as a Go type, with every input
// checked.
//
// Each Step computes, bit for bit as package snn specifies,
//
//	v = Decay·v + x@W;  spike where !(v < Threshold);  reset spiking neurons
//
// and, with learning on, for each spiking neuron j, W[i,j] += Rate where
// x[i] > PreThreshold and -= Rate elsewhere. A layer can be fed another
// layer's spikes with StepSpikes. For many independent states at once on
// all cores, use [github.com/spikekernel/snn/batch], which shares a layer's
// weights; the kernels and the exact arithmetic are in
// [github.com/spikekernel/snn]; [github.com/spikekernel/snn/npy] saves and
// loads layers.
//
// Options beyond the original (WithBias, WithFire, WithDelayedReset,
// WithResetToValue, WithRecurrent, WithAdaptiveThreshold, WithRefractory,
// WithLateralInhibition) give the models of SPEC §6 that snnTorch, SpikingJelly and unsupervised
// layers use, bit for bit on every backend; see Model.
//
// A Layer is not safe for concurrent use.
package layer

import (
	"fmt"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/check"
	"github.com/spikekernel/snn/internal/hooks"
	"github.com/spikekernel/snn/internal/model"
	"github.com/spikekernel/snn/internal/seq"
	"github.com/spikekernel/snn/internal/size"
	"github.com/spikekernel/snn/internal/stdp"
)

// Layer is a layer of In inputs and Out LIF neurons with a single state.
// The zero Layer has no inputs and no neurons: it steps on empty input and
// never spikes.
type Layer struct {
	in, out  int
	neuron   snn.Neuron
	model    model.Params // the whole model; model.Original(model) for the original
	hebb     snn.Hebbian
	learning bool
	// w is W' = [bias; W; V] (W alone without a bias or recurrent weights),
	// kept in panels: the kernels' fastest layout, learned in place.
	w       *snn.Packed
	v       []float32     // Out
	spikes  []uint64      // Words(Out): the last step's spikes
	theta   []float32     // Out adaptive thresholds, nil without
	refr    []int32       // Out refractory counters, nil without
	active  [1]int64      // scratch of lateral inhibition: the spikes of s⁻
	runner  seq.Runner    // scratch of Run
	scratch model.Scratch // scratch of a model step
	// The STDP rule (nil for the Hebbian rule), its traces, and the bits of
	// a dense input it reads.
	stdp    *stdp.Rule
	traces  stdp.State
	preBits []uint64
}

// New returns a layer with in inputs and out neurons, W and the state drawn
// from a standard normal distribution (as the original's torch.randn), and
// the original's parameters unless options say otherwise. Sizes are
// checked before anything is allocated: a negative size, or one whose
// buffers (W as in×out floats or packed, an input, the state) would be
// over 2^40 bytes, gives an error wrapping snn.ErrShape.
func New(in, out int, opts ...Option) (*Layer, error) {
	c := newConfig(opts)
	if err := checkSizes("layer.New", in, out, c.model); err != nil {
		return nil, err
	}
	r := c.rng()
	w := make([]float32, in*out)
	for i := range w {
		w[i] = float32(r.NormFloat64())
	}
	v := make([]float32, out)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return build("layer.New", in, out, w, v, c)
}

// FromWeights returns a layer with the given weights (in×out, row-major:
// w[i*out+j] connects input i to neuron j) and initial state (out values),
// both copied. It returns an error wrapping snn.ErrShape or
// snn.ErrNonFinite if a size is out of range (as for New), a length is
// wrong or a value is NaN or infinite.
func FromWeights(in, out int, w, state []float32, opts ...Option) (*Layer, error) {
	c := newConfig(opts)
	if err := checkSizes("layer.FromWeights", in, out, c.model); err != nil {
		return nil, err
	}
	if err := check.Len("layer.FromWeights", "w", len(w), in*out); err != nil {
		return nil, err
	}
	if err := check.Len("layer.FromWeights", "state", len(state), out); err != nil {
		return nil, err
	}
	return build("layer.FromWeights", in, out, append([]float32(nil), w...), append([]float32(nil), state...), c)
}

// checkSizes rejects negative sizes and sizes whose buffers (an input, a
// state, W row-major, W' = [bias; W; V] packed in panels of 64 neurons, V)
// overflow or are over size.MaxBytes (2^40 bytes), before anything is
// allocated.
func checkSizes(fn string, in, out int, m modelConfig) error {
	if in < 0 || out < 0 {
		return fmt.Errorf("%s: sizes %d×%d: %w", fn, in, out, snn.ErrShape)
	}
	if err := size.Check(fn, snn.ErrShape,
		size.Buffer{Name: "x", ElemBytes: 4, Dims: []int{in}},
		size.Buffer{Name: "state", ElemBytes: 4, Dims: []int{out}},
		size.Buffer{Name: "w", ElemBytes: 4, Dims: []int{in, out}},
		size.Buffer{Name: "packed w", ElemBytes: 4, Dims: []int{in, 64, size.Words(out)}}); err != nil || (m.bias == nil && m.recurrent == nil) {
		return err
	}
	rows := in + 1 // W' = [bias; W; V]: in+1+out rows at most, no overflow below 2^40 bytes each
	bufs := []size.Buffer{{Name: "packed w'", ElemBytes: 4, Dims: []int{rows, 64, size.Words(out)}}}
	if m.recurrent != nil {
		bufs = append(bufs, size.Buffer{Name: "recurrent", ElemBytes: 4, Dims: []int{out, out}},
			size.Buffer{Name: "packed w'", ElemBytes: 4, Dims: []int{rows + out, 64, size.Words(out)}})
	}
	return size.Check(fn, snn.ErrShape, bufs...)
}

func build(fn string, in, out int, w, v []float32, c config) (*Layer, error) {
	if err := check.Parameters(fn, c.neuron, c.hebb); err != nil {
		return nil, err
	}
	if err := check.Finite(fn, "w", w, out); err != nil {
		return nil, err
	}
	if err := check.Finite(fn, "state", v, 0); err != nil {
		return nil, err
	}
	p, err := c.model.params(fn, c.neuron, out, c.learning)
	if err != nil {
		return nil, err
	}
	rule, err := c.stdpRule(fn)
	if err != nil {
		return nil, err
	}
	l := &Layer{
		in: in, out: out,
		neuron: c.neuron, model: p, hebb: c.hebb, learning: c.learning,
		w: packWeights(p, in, out, w, &c.model), v: v, spikes: make([]uint64, snn.Words(out)),
		stdp: rule,
	}
	if rule != nil {
		l.preBits = make([]uint64, snn.Words(in))
		l.resetTraces()
	}
	if p.Adaptive {
		l.theta = make([]float32, out)
	}
	if p.Refractory > 0 {
		l.refr = make([]int32, out)
	}
	return l, nil
}

// In returns the number of inputs.
func (l *Layer) In() int { return l.in }

// Out returns the number of neurons.
func (l *Layer) Out() int { return l.out }

// Neuron returns the LIF parameters (the Reset that WithReset set, even
// when WithResetToValue overrides it; see Model).
func (l *Layer) Neuron() snn.Neuron { return l.neuron }

// Hebbian returns the learning parameters.
func (l *Layer) Hebbian() snn.Hebbian { return l.hebb }

// Learning reports whether Step applies the Hebbian rule.
func (l *Layer) Learning() bool { return l.learning }

// SetLearning turns the Hebbian rule on or off for later steps. A layer
// with a bias or recurrent weights does not learn: there it stays off.
func (l *Layer) SetLearning(on bool) { l.learning = on && !l.model.Bias && !l.model.Recurrent }

// Step advances the layer by one time step on input x (In values) and, with
// learning on, applies the Hebbian rule with x and this step's spikes. Read
// the spikes with Spiked or Spikes. If x has the wrong length or a NaN or
// infinite value, Step returns an error naming it and changes nothing.
func (l *Layer) Step(x []float32) error {
	if err := check.Len("layer.Step", "x", len(x), l.in); err != nil {
		return err
	}
	if err := check.Finite("layer.Step", "x", x, 0); err != nil {
		return err
	}
	if l.out == 0 {
		return nil // no neuron to step or learn (and no weights in a zero Layer)
	}
	l.step(x)
	return nil
}

// step is Step on checked input, for a layer with neurons.
func (l *Layer) step(x []float32) {
	s := snn.Shape{Rows: 1, In: l.in, Out: l.out}
	if model.Original(l.model) {
		snn.Step(l.neuron, s, x, l.w.Weights(), l.v, l.spikes)
	} else {
		model.Step(l.model, s, x, l.w.Weights(), l.modelState(), &l.scratch)
	}
	switch {
	case !l.learning:
	case l.stdp != nil:
		l.learnSTDP(l.spikesOf(x))
	default:
		snn.Learn(l.hebb, s, x, l.spikes, l.w.Weights())
	}
}

// StepSpikes advances the layer by one time step on spike input: x holds
// Words(In) words of packed bits (for example another layer's Spikes), and
// input i is 1 where bit i is set and 0 elsewhere. It gives the same bits as
// Step on that input as floats. With learning on, an input counts as above
// the pre-synaptic threshold where 1 (or 0) > PreThreshold.
func (l *Layer) StepSpikes(x []uint64) error {
	if err := check.Len("layer.StepSpikes", "x", len(x), snn.Words(l.in)); err != nil {
		return err
	}
	if err := check.Bits("layer.StepSpikes", "x", x, 1, l.in); err != nil {
		return err
	}
	if l.out == 0 {
		return nil
	}
	l.stepSpikes(x)
	return nil
}

// stepSpikes is StepSpikes on checked input, for a layer with neurons.
func (l *Layer) stepSpikes(x []uint64) {
	s := snn.Shape{Rows: 1, In: l.in, Out: l.out}
	if model.Original(l.model) {
		snn.StepSpikes(l.neuron, s, x, l.w.Weights(), l.v, l.spikes)
	} else {
		model.StepSpikes(l.model, s, x, l.w.Weights(), l.modelState(), &l.scratch)
	}
	switch {
	case !l.learning:
	case l.stdp != nil:
		l.learnSTDP(x)
	default:
		snn.LearnSpikes(l.hebb, s, x, l.spikes, l.w.Weights())
	}
}

// Spiked reports whether neuron j spiked in the last step.
func (l *Layer) Spiked(j int) bool { return snn.Bits(l.spikes).Has(j) }

// Spikes copies the last step's spikes, Words(Out) words of packed bits,
// into dst (grown if it is too short) and returns it.
func (l *Layer) Spikes(dst []uint64) []uint64 { return append(dst[:0], l.spikes...) }

// Weights copies W (In×Out, row-major; without the bias and recurrent
// weights, which Model returns) into dst (grown if needed) and returns it.
func (l *Layer) Weights(dst []float32) []float32 {
	dst = l.w.AppendTo(dst[:0])
	if first := l.firstW(); first > 0 || l.model.Recurrent {
		n := copy(dst, dst[first*l.out:first*l.out+l.in*l.out])
		dst = dst[:n]
	}
	return dst
}

// State copies the membrane state (Out values) into dst (grown if needed)
// and returns it.
func (l *Layer) State(dst []float32) []float32 { return append(dst[:0], l.v...) }

// SetWeights replaces W with a copy of w (In×Out values). On a wrong length
// or a non-finite value it returns an error and changes nothing.
func (l *Layer) SetWeights(w []float32) error {
	if err := check.Len("layer.SetWeights", "w", len(w), l.in*l.out); err != nil {
		return err
	}
	if err := check.Finite("layer.SetWeights", "w", w, l.out); err != nil {
		return err
	}
	if l.w.In() == l.in {
		l.w.CopyFrom(w)
		return nil
	}
	first := l.firstW()
	for i := range l.in {
		for j := range l.out {
			l.w.Set(first+i, j, w[i*l.out+j])
		}
	}
	return nil
}

// SetState replaces the membrane state with a copy of v (Out values). On a
// wrong length or a non-finite value it returns an error and changes
// nothing. To restore a state that State returned, use RestoreState.
func (l *Layer) SetState(v []float32) error {
	if err := check.Len("layer.SetState", "v", len(v), l.out); err != nil {
		return err
	}
	if err := check.Finite("layer.SetState", "v", v, 0); err != nil {
		return err
	}
	copy(l.v, v)
	return nil
}

// RestoreState replaces the membrane state with a copy of v (Out values)
// as State returned it, for checkpoints: unlike SetState it accepts every
// float32 value, because a state reaches ±Inf (and NaN, as Inf − Inf)
// through finite weights and inputs when its sum overflows, and State then
// RestoreState must give back the layer that was saved. Only the length is
// checked: on a wrong one it returns an error wrapping snn.ErrShape and
// changes nothing.
func (l *Layer) RestoreState(v []float32) error {
	if err := check.Len("layer.RestoreState", "v", len(v), l.out); err != nil {
		return err
	}
	copy(l.v, v)
	return nil
}

// Package batch shares a layer's weights W' (and learns them in place)
// and reads its model parameters through internal/hooks; users read them
// with Weights and Model.
func init() {
	hooks.SetLayerWeights(func(l *Layer) (*snn.Packed, model.Params) { return l.w, l.model })
}
