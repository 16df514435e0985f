package model

import "github.com/spikekernel/snn"

// Scratch holds the buffers of Step and StepSpikes: x' and the kernel's
// throw-away spike words. Its zero value is ready; it allocates only when a
// step needs more than any before it.
type Scratch struct {
	x    []float32
	bits []uint64
	spk  []uint64
}

func grow[T any](b []T, n int) []T {
	if cap(b) < n {
		b = make([]T, n)
	}
	return b[:n]
}

// Step advances the s.Rows states st of a model layer by one step on the
// dense input x (s.Rows×s.In), with w = W' (AugmentedIn(p, s.In, s.Out)
// rows × s.Out, see PackWeights). st.Spikes holds s⁻ on entry and the new
// spikes on return. It panics on wrong lengths; p is not validated (see
// Validate). An Original p takes the fused path, snn.Step.
func Step(p Params, s snn.Shape, x []float32, w snn.Weights, st State, sc *Scratch) {
	if Original(p) {
		snn.Step(p.Neuron(), s, x, w, st.V, st.Spikes)
		return
	}
	xa := x
	if begin("Step", p, s, st, sc) {
		sc.x = grow(sc.x, s.Rows*AugmentedIn(p, s.In, s.Out))
		Augment(p, s, x, st.Spikes, sc.x)
		xa = sc.x
	}
	snn.Step(KernelNeuron(p), augmented(p, s), xa, w, st.V, sc.spk)
	Epilogue(p, s, st, 0, s.Rows, 0, s.Out)
}

// StepSpikes is Step for spike input: x holds s.Rows×Words(s.In) words
// (bits beyond s.In must be zero, as for snn.StepSpikes).
func StepSpikes(p Params, s snn.Shape, x []uint64, w snn.Weights, st State, sc *Scratch) {
	if Original(p) {
		snn.StepSpikes(p.Neuron(), s, x, w, st.V, st.Spikes)
		return
	}
	xa := x
	if begin("StepSpikes", p, s, st, sc) {
		sc.bits = grow(sc.bits, s.Rows*snn.Words(AugmentedIn(p, s.In, s.Out)))
		AugmentSpikes(p, s, x, st.Spikes, sc.bits)
		xa = sc.bits
	}
	snn.StepSpikes(KernelNeuron(p), augmented(p, s), xa, w, st.V, sc.spk)
	Epilogue(p, s, st, 0, s.Rows, 0, s.Out)
}

// begin checks s and st for fn, readies the kernel's spike scratch, and
// reports whether the step needs x' (with a bias or recurrent weights).
func begin(fn string, p Params, s snn.Shape, st State, sc *Scratch) bool {
	checkShape(fn, s)
	st.check(fn, p, s)
	CountActive(p, s, st)
	sc.spk = grow(sc.spk, len(st.Spikes))
	return p.Bias || p.Recurrent
}

// augmented returns the shape of the kernel call: In = AugmentedIn.
func augmented(p Params, s snn.Shape) snn.Shape {
	return snn.Shape{Rows: s.Rows, In: AugmentedIn(p, s.In, s.Out), Out: s.Out}
}
