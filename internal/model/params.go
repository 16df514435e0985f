// Package model computes the step of the layer models beyond the original
// (SPEC §6): a bias, recurrent weights V, firing above (>) instead of at
// (≥) the threshold, a reset that lands a step late, reset to a value, an
// adaptive threshold θ and a refractory period, each bit-exact on every
// backend.
//
// A step has three phases, so that every backend stays bit-identical by
// construction (the sums are the existing step kernels' own):
//
//  1. Augment builds x' = [1 if Bias, x, s⁻ as 0/1 if Recurrent] per row
//     (AugmentSpikes the same as packed bits) into caller scratch, to go
//     with W' = [bias; W; V] (PackWeights), (Bias?1:0)+In+(Recurrent?Out:0)
//     rows × Out;
//  2. one kernel call, snn.Step or snn.StepSpikes with KernelNeuron: no
//     reset and a threshold of +Inf, so it only writes v' = fma(Decay, v,
//     acc) into v, and spike words into scratch that nobody reads. This is
//     SPEC §6's acc: the leading input 1 gives fma(1, bias, +0) = bias (a
//     -0 bias is stored as +0), and an s⁻ of 0 gives fma(0, V, acc) = acc
//     for finite V, but for one case: an acc of -0 (every term of a dense
//     input zero and one underflowing, as fma(-1e-30, 1e-30, +0) does)
//     becomes +0 when V is +0 or more, where SPEC skips the term. That changes v'
//     only where Decay·v is -0 too, and the same on every backend;
//  3. Epilogue, plain Go over a range of rows and a 64-aligned range of
//     neurons (package batch runs tiles concurrently): delayed reset,
//     adaptive threshold, the spike test, refractory period, reset, and the
//     new spike words written over s⁻.
//
// Step runs the three phases in sequence. When Original(p) holds, callers
// keep the fused kernel path (snn.Step with p.Neuron()), which Step does too.
package model

import (
	"fmt"
	"math"

	"github.com/spikekernel/snn"
)

// ResetToValue is the reset mode that sets the state of a spiking neuron to
// Params.ResetValue (SpikingJelly's hard reset to v_reset). The kernels of
// package snn know only ResetZero, ResetSubtract and ResetNone, so this mode
// lives in Params.Reset and never reaches a kernel.
const ResetToValue snn.Reset = snn.ResetNone + 1

// Params holds the parameters of a model layer's neurons. The zero value of
// every field beyond Decay, Threshold and Reset gives the original's step.
type Params struct {
	Decay     float32   // factor applied to the state before integrating (original 0.5)
	Threshold float32   // the threshold the spike test compares against (original 0.6)
	Reset     snn.Reset // ResetZero, ResetSubtract, ResetNone or ResetToValue
	// ResetValue is the state a spike sets with ResetToValue, and the state
	// held during a refractory period (with Refractory > 0).
	ResetValue float32
	// FireAbove makes a neuron spike when v > thrEff (snnTorch, Norse; NaN
	// does not fire) instead of !(v < thrEff) (the original; NaN fires).
	FireAbove bool
	// DelayedReset applies the reset of a spike at the next step, to v'
	// before its spike test (snnTorch), instead of right after the spike.
	DelayedReset bool
	// Adaptive turns on the adaptive threshold: θ' = θ·ThetaDecay, the
	// effective threshold is Threshold + θ', and a spike adds ThetaPlus to θ'.
	Adaptive   bool
	ThetaDecay float32 // in [0, 1]
	ThetaPlus  float32
	// Refractory is the number of steps after a spike during which a neuron
	// cannot spike and its state is held at ResetValue; 0 turns it off.
	Refractory int32
	// Bias adds a bias per neuron: row 0 of W'.
	Bias bool
	// Recurrent adds recurrent weights V (Out×Out): the last Out rows of W',
	// fed by the layer's own spikes of the previous step.
	Recurrent bool
	// Inhibition is lateral inhibition: each spike of the previous step
	// lowers the state v' of every other neuron of its row by Inhibition
	// (SPEC §6; 0 turns it off, a negative value excites).
	Inhibition float32
}

// Default returns the original's parameters: Decay 0.5, Threshold 0.6 (as
// float32), reset to zero, every extra feature off.
func Default() Params {
	n := snn.DefaultNeuron()
	return Params{Decay: n.Decay, Threshold: n.Threshold, Reset: n.Reset}
}

// Original reports whether every feature beyond the original is off, so
// that the step is snn.Step with p.Neuron() (the fused kernel path).
// ResetValue, ThetaDecay and ThetaPlus are then unused.
func Original(p Params) bool {
	return p.Reset <= snn.ResetNone && !p.FireAbove && !p.DelayedReset && !p.Adaptive &&
		p.Refractory == 0 && !p.Bias && !p.Recurrent && p.Inhibition == 0
}

// Neuron returns the kernel parameters of an Original p.
func (p Params) Neuron() snn.Neuron {
	return snn.Neuron{Decay: p.Decay, Threshold: p.Threshold, Reset: p.Reset}
}

// KernelNeuron returns the neuron of phase 2 for p: the kernel writes
// v' = fma(p.Decay, v, acc) and nothing else that matters.
func KernelNeuron(p Params) snn.Neuron {
	return snn.Neuron{Decay: p.Decay, Threshold: float32(math.Inf(1)), Reset: snn.ResetNone}
}

// AugmentedIn returns the number of rows of W' (and inputs of x') for a
// layer of in inputs and out neurons: (Bias?1:0) + in + (Recurrent?out:0).
func AugmentedIn(p Params, in, out int) int {
	n := in
	if p.Bias {
		n++
	}
	if p.Recurrent {
		n += out
	}
	return n
}

// Validate returns an error wrapping snn.ErrNonFinite for a NaN or
// infinite parameter, or snn.ErrParameter for an unknown reset mode, a
// negative Refractory or a ThetaDecay outside [0, 1]; the message names the
// field.
func Validate(p Params) error {
	for _, f := range []struct {
		name string
		x    float32
	}{{"Decay", p.Decay}, {"Threshold", p.Threshold}, {"ResetValue", p.ResetValue},
		{"ThetaDecay", p.ThetaDecay}, {"ThetaPlus", p.ThetaPlus},
		{"Inhibition", p.Inhibition}} {
		if math.IsNaN(float64(f.x)) || math.IsInf(float64(f.x), 0) {
			return fmt.Errorf("model: %s = %v: %w", f.name, f.x, snn.ErrNonFinite)
		}
	}
	switch {
	case p.Reset > ResetToValue:
		return fmt.Errorf("model: Reset = %d, want 0..%d: %w", p.Reset, ResetToValue, snn.ErrParameter)
	case p.Refractory < 0:
		return fmt.Errorf("model: Refractory = %d, want ≥ 0: %w", p.Refractory, snn.ErrParameter)
	case !(p.ThetaDecay >= 0 && p.ThetaDecay <= 1):
		return fmt.Errorf("model: ThetaDecay = %v, want within [0, 1]: %w", p.ThetaDecay, snn.ErrParameter)
	}
	return nil
}
