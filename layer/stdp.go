package layer

import (
	"fmt"
	"math"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/kernels"
	"github.com/spikekernel/snn/internal/stdp"
)

// STDP is a spike-timing-dependent learning rule with exponential pre- and
// post-synaptic traces (SPEC §9), the "pre-and-post" rule of Diehl & Cook
// (2015): a spike sets its trace to 1, and each step multiplies every
// trace by its decay (exp(-dt/τ) for a time constant τ and a step dt).
// When input i spikes, W[i,j] -= NuPre·y[j] for every neuron j with a
// post-synaptic trace y[j] ≠ 0; when neuron j spikes, W[i,j] += NuPost·x[i]
// for every input i with a pre-synaptic trace x[i] ≠ 0 (an input spike of
// the same step counts, x = 1). Changed weights are clamped to the bounds
// of WithWeightBounds, if given. The work of a step is proportional to its
// spikes, not to In×Out.
type STDP struct {
	PreDecay  float32 // per-step factor of the input traces, in [0, 1]
	PostDecay float32 // per-step factor of the neuron traces, in [0, 1]
	NuPre     float32 // depression rate, on input spikes
	NuPost    float32 // potentiation rate, on neuron spikes
	// Triplet scales the potentiation at a spike of neuron j by a second
	// trace of j from before that spike (decaying by Post2Decay), as the
	// code of Diehl & Cook does (its post2before): a neuron's first spike
	// after a silence potentiates nothing, a burst does.
	Triplet    bool
	Post2Decay float32
	// Window is how many steps a trace lasts (1 to 2^20): Window steps after
	// its spike it is 0, whatever the decay left.
	Window int
}

// WithSTDP makes the layer learn by the STDP rule r instead of the
// original Hebbian rule, when learning is on (WithLearning, SetLearning).
// A dense input counts as a spike where it is not 0. Only a Layer learns
// by STDP (package batch refuses to learn with it). The traces advance
// with the steps taken while learning is on: steps with learning off do
// not age them (call ResetActivity to forget them).
func WithSTDP(r STDP) Option {
	return func(c *config) { c.stdp = &r }
}

// stdpRule validates c's STDP rule for fn and returns it with the weight
// bounds, or nil without one.
func (c *config) stdpRule(fn string) (*stdp.Rule, error) {
	if c.stdp == nil {
		return nil, nil
	}
	s := c.stdp
	r := &stdp.Rule{PreDecay: s.PreDecay, PostDecay: s.PostDecay, NuPre: s.NuPre, NuPost: s.NuPost, Window: s.Window,
		Triplet: s.Triplet, Post2Decay: s.Post2Decay, Bounded: c.hebb.Bounded, WMin: c.hebb.WMin, WMax: c.hebb.WMax}
	if msg, nonFinite := r.Validate(); msg != "" {
		err := snn.ErrParameter
		if nonFinite {
			err = snn.ErrNonFinite
		}
		return nil, fmt.Errorf("%s: STDP %s: %w", fn, msg, err)
	}
	return r, nil
}

// STDP returns the layer's STDP rule and true, or the zero STDP and false
// for a layer that learns by the Hebbian rule.
func (l *Layer) STDP() (STDP, bool) {
	if l.stdp == nil {
		return STDP{}, false
	}
	r := l.stdp
	return STDP{PreDecay: r.PreDecay, PostDecay: r.PostDecay, NuPre: r.NuPre, NuPost: r.NuPost,
		Triplet: r.Triplet, Post2Decay: r.Post2Decay, Window: r.Window}, true
}

// learnSTDP applies the STDP rule after a step whose input spikes were
// pre.
func (l *Layer) learnSTDP(pre []uint64) {
	l.traces.Step(l.packedW(), pre, l.spikes)
}

// packedW is W within W' (packed, after the bias row), as internal/stdp and
// NormalizeWeights read it.
func (l *Layer) packedW() stdp.Weights {
	return stdp.Weights{Data: kernels.Get().PackedData(l.w.Weights()), Row0: l.firstW(), Rows: l.w.In(), In: l.in, Out: l.out}
}

// spikesOf writes the bits of x ≠ 0 into the layer's scratch and returns it.
func (l *Layer) spikesOf(x []float32) []uint64 {
	b := l.preBits[:snn.Words(l.in)]
	clear(b)
	for i, v := range x {
		if v != 0 {
			b[i>>6] |= 1 << (uint(i) & 63)
		}
	}
	return b
}

// resetTraces clears the STDP traces (no spike seen).
func (l *Layer) resetTraces() {
	if l.stdp != nil {
		l.traces.Reset(*l.stdp, l.in, l.out)
	}
}

// ResetActivity starts a new input while keeping what was learned: the
// state at 0 (at the reset value with WithResetToValue), no refractory
// counters, no previous spikes, no STDP traces; W and the adaptive
// thresholds θ are kept. It is what Diehl & Cook's 150 ms of rest between
// two images amount to, without the steps.
func (l *Layer) ResetActivity() {
	for i := range l.v {
		l.v[i] = l.model.ResetValue
	}
	clear(l.refr)
	clear(l.spikes)
	l.resetTraces()
}

// NormalizeWeights scales each neuron's weights from the inputs (W's
// column; not the bias or recurrent weights) so that they sum to total, as
// Diehl & Cook do before each image. Per neuron j, in float32 with one
// rounding per operation: s = Σ_i W[i,j] (i ascending, from +0), and if s
// is neither 0 nor infinite, f = total/s and W[i,j] = W[i,j]·f; weight
// bounds are not applied. A NaN or infinite total gives an error wrapping
// snn.ErrNonFinite and changes nothing.
func (l *Layer) NormalizeWeights(total float32) error {
	if math.IsNaN(float64(total)) || math.IsInf(float64(total), 0) {
		return fmt.Errorf("layer.NormalizeWeights: total = %v: %w", total, snn.ErrNonFinite)
	}
	if l.out == 0 {
		return nil
	}
	w := l.packedW()
	var sum, f [64]float32
	for p := 0; p < snn.Words(l.out); p++ {
		panel := w.Data[p*w.Rows*64+w.Row0*64 : p*w.Rows*64+(w.Row0+w.In)*64]
		sum = [64]float32{}
		for i := 0; i < len(panel); i += 64 {
			row := panel[i : i+64]
			for k := range sum {
				sum[k] = float32(sum[k] + row[k])
			}
		}
		for k, s := range sum {
			f[k] = 1
			if s != 0 && !math.IsInf(float64(s), 0) && !math.IsNaN(float64(s)) {
				f[k] = float32(total / s)
			}
		}
		for i := 0; i < len(panel); i += 64 {
			row := panel[i : i+64]
			for k := range row {
				if f[k] != 1 { // a neuron left alone (or scaled by exactly 1) keeps its bits
					row[k] = float32(row[k] * f[k])
				}
			}
		}
	}
	return nil
}
