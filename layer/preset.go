package layer

import (
	"fmt"
	"math"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/check"
	"github.com/spikekernel/snn/internal/layout"
)

// The presets build a layer that runs a neuron of snnTorch or SpikingJelly
// with the parameters those libraries take, under their names, and the
// weights of a torch nn.Linear (weight is out×in: row j holds the inputs
// of neuron j), which they transpose to this package's in×out. The
// conversions are those of docs/MODEL-FORMAT.md (section Presets), and the
// golden traces in testdata/golden/presets, made by
// tools/golden_presets.py from the libraries' update equations, replay
// through them: the same spikes, the membranes within the rounding of
// torch's different order of summation. They take extra options (for
// example WithSeed, or learning, which a bias or recurrent weights refuse)
// after their own.
//
// Sources followed: snnTorch at commit 0110f9fc (jeshraghian/snntorch,
// snntorch/_neurons/leaky.py, rleaky.py and neurons.py, the 0.7-era code
// with reset_delay) and SpikingJelly 0.0.0.0.14
// (spikingjelly/activation_based/neuron.py, LIFNode and BaseNode).

// SnnTorchLeaky returns the layer of an nn.Linear(in, out) followed by
// snntorch.Leaky(beta, threshold) with its defaults
// (reset_mechanism="subtract", reset_delay=True): weight is fc.weight
// (out×in), bias fc.bias (out values, or nil for bias=False).
//
// Conversion (docs/MODEL-FORMAT.md): Decay = beta clamped to [0, 1] (as
// Leaky clamps it), Threshold = threshold, Fire = FireAbove (snnTorch's
// heaviside(mem − threshold) is mem > threshold), ResetSubtract with
// DelayedReset (Leaky computes the reset from the previous membrane, so it
// lands one step late), weight transposed, bias unchanged. The membrane
// starts at +0 (snnTorch's init_leaky). A length that is not in×out or
// out, a NaN beta or other invalid parameter gives an error naming it.
func SnnTorchLeaky(weight, bias []float32, in, out int, beta, threshold float32, opts ...Option) (*Layer, error) {
	const fn = "layer.SnnTorchLeaky"
	w, err := linearWeights(fn, weight, in, out)
	if err != nil {
		return nil, err
	}
	if err := checkOptional(fn, "bias", bias, out); err != nil {
		return nil, err
	}
	if bias != nil {
		opts = append([]Option{WithBias(bias)}, opts...)
	}
	return snnTorchLayer(fn, w, in, out, beta, threshold, opts)
}

// SnnTorchRLeaky returns the layer of an nn.Linear(in, out) followed by
// snntorch.RLeaky(beta, threshold, all_to_all=True, linear_features=out)
// with its default subtract reset and reset_delay=True: weight and bias
// are fc.weight (out×in) and fc.bias, recurrentWeight and recurrentBias
// RLeaky's recurrent nn.Linear(out, out) (weight row j column k: from the
// previous spike of neuron k to neuron j). A nil bias is bias=False.
//
// Conversion: as SnnTorchLeaky, plus the recurrent weights transposed to
// WithRecurrent's layout, and one bias, float32(fc.bias[j] +
// recurrent.bias[j]) (one float32 addition), because RLeaky adds
// recurrent(spk) = V·spk + recurrent.bias to the input at every step.
func SnnTorchRLeaky(weight, bias, recurrentWeight, recurrentBias []float32, in, out int, beta, threshold float32, opts ...Option) (*Layer, error) {
	const fn = "layer.SnnTorchRLeaky"
	w, err := linearWeights(fn, weight, in, out)
	if err != nil {
		return nil, err
	}
	if err := check.Len(fn, "recurrentWeight", len(recurrentWeight), out*out); err != nil {
		return nil, err
	}
	sum, err := addBiases(fn, bias, recurrentBias, out)
	if err != nil {
		return nil, err
	}
	pre := []Option{WithRecurrent(layout.Transpose(recurrentWeight, out, out))}
	if sum != nil {
		pre = append(pre, WithBias(sum))
	}
	return snnTorchLayer(fn, w, in, out, beta, threshold, append(pre, opts...))
}

// SpikingJellyLIF returns the layer of an nn.Linear(in, out) followed by
// spikingjelly.activation_based.neuron.LIFNode(tau, decay_input=True,
// v_threshold, v_reset) (hard reset, the defaults but for the values
// given): weight is fc.weight (out×in), bias fc.bias (or nil). The
// parameters are Python floats in SpikingJelly, hence float64 here.
//
// LIFNode charges v = v + (x − (v − v_reset))/tau, that is
// (1 − 1/tau)·v + x/tau + v_reset/tau, fires where v ≥ v_threshold and sets
// v = v_reset there. Conversion (docs/MODEL-FORMAT.md): Decay =
// float32(1 − 1/tau), Threshold = float32(v_threshold), Fire = FireAtOrAbove,
// reset to the value float32(v_reset), not delayed; W[i,j] =
// float32(float64(weight[j,i]) / tau) and bias[j] = float32((float64(b[j])
// + v_reset) / tau) (each one rounding; the bias is set even without
// fc.bias). The membrane starts at float32(v_reset), as LIFNode registers
// v = v_reset. tau must be finite and above 1 (LIFNode asserts tau > 1).
func SpikingJellyLIF(weight, bias []float32, in, out int, tau, vThreshold, vReset float64, opts ...Option) (*Layer, error) {
	const fn = "layer.SpikingJellyLIF"
	if !(tau > 1) || math.IsInf(tau, 0) {
		return nil, fmt.Errorf("%s: tau = %v, want a finite value above 1: %w", fn, tau, snn.ErrParameter)
	}
	w, err := linearWeights(fn, weight, in, out)
	if err != nil {
		return nil, err
	}
	if err := checkOptional(fn, "bias", bias, out); err != nil {
		return nil, err
	}
	for i, x := range w {
		w[i] = float32(float64(x) / tau)
	}
	b := make([]float32, out)
	for j := range b {
		var bj float64
		if bias != nil {
			bj = float64(bias[j])
		}
		b[j] = float32((bj + vReset) / tau)
	}
	state := make([]float32, out)
	for j := range state {
		state[j] = float32(vReset)
	}
	pre := []Option{
		WithDecay(float32(1 - 1/tau)), WithThreshold(float32(vThreshold)), WithFire(FireAtOrAbove),
		WithResetToValue(float32(vReset)), WithBias(b),
	}
	return FromWeights(in, out, w, state, append(pre, opts...)...)
}

// snnTorchLayer builds the snnTorch neuron on w (in×out, already
// transposed) with the options before opts.
func snnTorchLayer(fn string, w []float32, in, out int, beta, threshold float32, opts []Option) (*Layer, error) {
	if beta != beta {
		return nil, fmt.Errorf("%s: beta is NaN: %w", fn, snn.ErrNonFinite)
	}
	pre := []Option{
		WithDecay(min(max(beta, 0), 1)), WithThreshold(threshold), WithFire(FireAbove),
		WithReset(snn.ResetSubtract), WithDelayedReset(true),
	}
	return FromWeights(in, out, w, make([]float32, out), append(pre, opts...)...)
}

// linearWeights checks the sizes and weight (out×in, nn.Linear's layout)
// and returns it transposed to in×out.
func linearWeights(fn string, weight []float32, in, out int) ([]float32, error) {
	if err := checkSizes(fn, in, out, modelConfig{}); err != nil {
		return nil, err
	}
	if err := check.Len(fn, "weight", len(weight), out*in); err != nil {
		return nil, err
	}
	return layout.Transpose(weight, out, in), nil
}

// checkOptional checks the length of an optional vector (nil: absent).
func checkOptional(fn, name string, v []float32, n int) error {
	if v == nil {
		return nil
	}
	return check.Len(fn, name, len(v), n)
}

// addBiases returns float32(a[j] + b[j]) (a nil vector counting as zeros),
// or nil when both are nil, checking their lengths.
func addBiases(fn string, a, b []float32, out int) ([]float32, error) {
	if err := checkOptional(fn, "bias", a, out); err != nil {
		return nil, err
	}
	if err := checkOptional(fn, "recurrentBias", b, out); err != nil {
		return nil, err
	}
	if a == nil && b == nil {
		return nil, nil
	}
	sum := make([]float32, out)
	for j := range sum {
		if a != nil {
			sum[j] = a[j]
		}
		if b != nil {
			sum[j] += b[j]
		}
	}
	return sum, nil
}
