package layer

import (
	"fmt"
	"math"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/check"
	"github.com/spikekernel/snn/internal/model"
)

// Fire is the spike test of a neuron (SPEC §6).
type Fire uint8

const (
	// FireAtOrAbove spikes where !(v < threshold), the original's test (a
	// NaN state fires).
	FireAtOrAbove Fire = iota
	// FireAbove spikes where v > threshold, as snnTorch and Norse do (a NaN
	// state does not fire).
	FireAbove
)

// Model is the part of a layer's parameters beyond the original's (SPEC
// §6): the zero Model is the original. Bias and Recurrent are copies, nil
// when absent.
type Model struct {
	Fire         Fire
	DelayedReset bool // a spike's reset lands one step late (snnTorch)
	// ResetToValue makes a spike set the state to ResetValue (SpikingJelly's
	// v_reset) instead of the reset of Neuron().Reset. ResetValue is also the
	// state held during a refractory period.
	ResetToValue bool
	ResetValue   float32
	// Adaptive turns on the adaptive threshold θ: θ decays by ThetaDecay each
	// step, the effective threshold is Threshold + θ, a spike adds ThetaPlus.
	Adaptive   bool
	ThetaDecay float32
	ThetaPlus  float32
	Refractory int // steps after a spike without spiking, state held at ResetValue
	// Inhibition is lateral inhibition: each spike lowers the state of every
	// other neuron of the layer by Inhibition at the next step (0: none).
	Inhibition float32
	Bias       []float32 // Out values, or nil
	Recurrent  []float32 // Out×Out, Recurrent[k*Out+j] from neuron k's previous spike to neuron j, or nil
}

// modelConfig is what the model options set.
type modelConfig struct {
	fire         Fire
	delayed      bool
	resetToValue bool
	resetValue   float32
	adaptive     bool
	thetaDecay   float32
	thetaPlus    float32
	refractory   int
	inhibition   float32
	bias         []float32
	recurrent    []float32
}

// WithBias adds a bias per neuron (Out values, copied; a -0 is stored as
// +0), added first to each step's sum of inputs.
func WithBias(b []float32) Option {
	b = append([]float32{}, b...)
	return func(c *config) { c.model.bias = b }
}

// WithFire sets the spike test (default FireAtOrAbove, the original's).
func WithFire(f Fire) Option { return func(c *config) { c.model.fire = f } }

// WithDelayedReset makes the reset of a spike land at the next step, before
// its spike test (snnTorch's Leaky), instead of right after the spike.
func WithDelayedReset(on bool) Option { return func(c *config) { c.model.delayed = on } }

// WithResetToValue makes a spike set the state to v (SpikingJelly's hard
// reset to v_reset), overriding WithReset; v is also the state held during
// a refractory period. The initial state is still the one given (New draws
// it, FromWeights takes it); ResetState sets it to v.
func WithResetToValue(v float32) Option {
	return func(c *config) { c.model.resetToValue, c.model.resetValue = true, v }
}

// WithRecurrent adds recurrent weights V (Out×Out, row-major, copied):
// v[k*Out+j] is the weight from neuron k's spike of the previous step to
// neuron j (snnTorch's RLeaky).
func WithRecurrent(v []float32) Option {
	v = append([]float32{}, v...)
	return func(c *config) { c.model.recurrent = v }
}

// WithAdaptiveThreshold turns on the adaptive threshold θ (per neuron,
// starting at 0): each step θ = θ·thetaDecay, the neuron spikes against
// Threshold + θ, and a spike adds thetaPlus to θ. thetaDecay must be in
// [0, 1].
func WithAdaptiveThreshold(thetaDecay, thetaPlus float32) Option {
	return func(c *config) { c.model.adaptive, c.model.thetaDecay, c.model.thetaPlus = true, thetaDecay, thetaPlus }
}

// WithRefractory sets a refractory period: for steps steps after a spike
// a neuron cannot spike and its state is held at the reset value (0, or
// WithResetToValue's). 0 turns it off; a negative value is an error.
func WithRefractory(steps int) Option { return func(c *config) { c.model.refractory = steps } }

// WithLateralInhibition makes each spike lower the state of every other
// neuron of the layer by amount at the next step, after the leak and the
// input (SPEC §6: v' = v' − amount·m, m the number of other neurons that
// spiked): the direct lateral inhibition of winner-take-all layers such as
// Diehl & Cook's (2015), where it stands for their inhibitory population.
// 0 turns it off; a negative amount excites.
func WithLateralInhibition(amount float32) Option {
	return func(c *config) { c.model.inhibition = amount }
}

// params validates the model options for a layer of out neurons with
// neuron n and returns them as internal/model's parameters; errors name
// the option's parameter and wrap snn.ErrParameter, snn.ErrNonFinite or
// snn.ErrShape.
func (m *modelConfig) params(fn string, n snn.Neuron, out int, learning bool) (model.Params, error) {
	p := model.Params{
		Decay: n.Decay, Threshold: n.Threshold, Reset: n.Reset,
		FireAbove: m.fire == FireAbove, DelayedReset: m.delayed,
		Adaptive: m.adaptive, ThetaDecay: m.thetaDecay, ThetaPlus: m.thetaPlus,
		Bias: m.bias != nil, Recurrent: m.recurrent != nil, Inhibition: m.inhibition,
	}
	if m.resetToValue {
		p.Reset, p.ResetValue = model.ResetToValue, m.resetValue
	}
	switch {
	case m.fire > FireAbove:
		return p, fmt.Errorf("%s: Fire = %d, want FireAtOrAbove or FireAbove: %w", fn, m.fire, snn.ErrParameter)
	case m.refractory < 0 || m.refractory > math.MaxInt32:
		return p, fmt.Errorf("%s: Refractory = %d, want 0..%d: %w", fn, m.refractory, math.MaxInt32, snn.ErrParameter)
	}
	p.Refractory = int32(m.refractory)
	if err := model.Validate(p); err != nil {
		return p, fmt.Errorf("%s: %w", fn, err)
	}
	if p.Bias {
		if err := check.Len(fn, "bias", len(m.bias), out); err != nil {
			return p, err
		}
		if err := check.Finite(fn, "bias", m.bias, 0); err != nil {
			return p, err
		}
	}
	if p.Recurrent {
		if err := check.Len(fn, "recurrent", len(m.recurrent), out*out); err != nil {
			return p, err
		}
		if err := check.Finite(fn, "recurrent", m.recurrent, out); err != nil {
			return p, err
		}
	}
	if learning && (p.Bias || p.Recurrent) {
		return p, fmt.Errorf("%s: learning with a bias or recurrent weights is not supported: %w", fn, snn.ErrParameter)
	}
	return p, nil
}

// Model returns a copy of the layer's model parameters beyond the
// original's (the zero Model for an original layer).
func (l *Layer) Model() Model {
	p := l.model
	m := Model{
		DelayedReset: p.DelayedReset, ResetToValue: p.Reset == model.ResetToValue, ResetValue: p.ResetValue,
		Adaptive: p.Adaptive, ThetaDecay: p.ThetaDecay, ThetaPlus: p.ThetaPlus, Refractory: int(p.Refractory),
		Inhibition: p.Inhibition,
	}
	if p.FireAbove {
		m.Fire = FireAbove
	}
	if p.Bias {
		m.Bias = make([]float32, l.out)
		for j := range m.Bias {
			m.Bias[j] = l.w.At(0, j)
		}
	}
	if p.Recurrent {
		m.Recurrent = make([]float32, l.out*l.out)
		first := model.AugmentedIn(p, l.in, l.out) - l.out
		for k := range l.out {
			for j := range l.out {
				m.Recurrent[k*l.out+j] = l.w.At(first+k, j)
			}
		}
	}
	return m
}

// Theta copies the adaptive thresholds θ (Out values; none without an
// adaptive threshold) into dst, grown if needed, and returns it.
func (l *Layer) Theta(dst []float32) []float32 { return append(dst[:0], l.theta...) }

// Refractory copies the refractory counters (Out values, each the number of
// steps a neuron has yet to stay refractory; none without a refractory
// period) into dst, grown if needed, and returns it.
func (l *Layer) Refractory(dst []int32) []int32 { return append(dst[:0], l.refr...) }

// RestoreModelState replaces the adaptive thresholds and refractory
// counters with copies of theta and refr, as Theta and Refractory returned
// them, for checkpoints: theta must hold Out values with an adaptive
// threshold and none without (any float32 is accepted, as by
// RestoreState), refr Out counters from 0 to the refractory period with one
// and none without. On an error (wrapping snn.ErrShape or snn.ErrParameter)
// nothing changes.
func (l *Layer) RestoreModelState(theta []float32, refr []int32) error {
	if err := check.ModelState("layer.RestoreModelState", l.model.Refractory, len(l.theta), len(l.refr), theta, refr, 0); err != nil {
		return err
	}
	copy(l.theta, theta)
	copy(l.refr, refr)
	return nil
}

// RestoreSpikes replaces the last step's spikes (the previous spikes of
// the next step, which a delayed reset and recurrent weights read) with a
// copy of s, Words(Out) words as Spikes returned them, for checkpoints. On
// a wrong length or a bit set at or beyond Out it returns an error wrapping
// snn.ErrShape and changes nothing.
func (l *Layer) RestoreSpikes(s []uint64) error {
	if err := check.Len("layer.RestoreSpikes", "s", len(s), len(l.spikes)); err != nil {
		return err
	}
	if err := check.Bits("layer.RestoreSpikes", "s", s, 1, l.out); err != nil {
		return err
	}
	copy(l.spikes, s)
	return nil
}

// ResetState starts the layer over: the state at 0 (at the reset value
// with WithResetToValue), θ and refractory counters at 0, no previous
// spikes, no STDP traces. Weights and parameters are kept (see also
// ResetActivity, which keeps θ).
func (l *Layer) ResetState() {
	for i := range l.v {
		l.v[i] = l.model.ResetValue // 0 unless reset to a value
	}
	clear(l.theta)
	clear(l.refr)
	clear(l.spikes)
	l.resetTraces()
}

// modelState is the layer's state for internal/model.
func (l *Layer) modelState() model.State {
	return model.State{V: l.v, Spikes: l.spikes, Theta: l.theta, Refr: l.refr, Active: l.active[:]}
}

// packWeights returns W' for p: W alone, packed, for an original model or
// one without a bias or recurrent weights.
func packWeights(p model.Params, in, out int, w []float32, m *modelConfig) *snn.Packed {
	if !p.Bias && !p.Recurrent {
		pk := snn.NewPacked(in, out)
		pk.CopyFrom(w)
		return pk
	}
	return model.PackWeights(p, in, out, m.bias, w, m.recurrent)
}

// firstW returns the row of W' that holds W's row 0.
func (l *Layer) firstW() int {
	if l.model.Bias {
		return 1
	}
	return 0
}
