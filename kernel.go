// Package snn runs layers of leaky integrate-and-fire (LIF) neurons with an
// unsupervised Hebbian learning rule on plain slices, fast.
//
// A step of a layer with in inputs and out neurons, for every state row b:
//
//	I[j] = Σ_i x[b,i]·W[i,j]       (x @ W, summed in ascending i, one fused multiply-add each)
//	v[j] = Decay·v[j] + I[j]       (one rounding)
//	s[j] = !(v[j] < Threshold)     (a spike; exactly at the threshold fires, NaN fires)
//	v[j] = 0 where s[j]            (or v[j] - Threshold, or unchanged: see Reset)
//
// and the Hebbian rule, after the step, with that step's input and spikes:
//
//	c[i,j]  = Σ_b s[b,j]·(x[b,i] > PreThreshold ? +1 : -1)
//	W[i,j] = fma(Rate, c[i,j], W[i,j]) where c[i,j] ≠ 0, then clamped to the bounds if set.
//
// Every backend (the pure-Go reference, AVX2, AVX-512, NEON) computes exactly
// these bits; see docs/SPEC.md in the repository. This package is the
// kernel layer: no allocation, no goroutines, lengths checked, values not.
// Package [github.com/spikekernel/snn/layer] wraps it in a single-state
// layer with checked inputs (the original's SNNLayer);
// [github.com/spikekernel/snn/batch] steps many states and stacks of layers
// on all cores; both run many time steps in one call (Run), and the
// models of snnTorch and SpikingJelly (bias, `>` firing, delayed reset,
// recurrent weights, adaptive thresholds); [github.com/spikekernel/snn/npy]
// moves weights and states to and from NumPy.
//
// Weights are passed as Weights: RowMajor(w) for a row-major slice, or
// p.Weights() for a Packed matrix, the panel layout the assembly streams
// fastest (layers and batches keep theirs packed). Spike rows are Bits,
// with an iterator over the set bits.
//
// The backend (generic, avx2, avx512 or neon) is chosen at start-up from
// the CPU; see ActiveBackend, Backends, SetBackend and BackendEnv.
//
// Layouts: x is rows×in and v is rows×out, row-major float32; W is in×out
// row-major (W[i*out+j]). Spikes are packed bits, Words(out) uint64 words a
// row, neuron j at bit j%64 of word j/64; unused high bits are zero.
package snn

import (
	"fmt"

	"github.com/spikekernel/snn/internal/spikebits"
)

// Reset says what happens to the membrane state of a neuron that spiked.
type Reset uint8

const (
	// ResetZero sets the state of a spiking neuron to +0 (the original).
	ResetZero Reset = iota
	// ResetSubtract subtracts the threshold from the state (one rounding).
	ResetSubtract
	// ResetNone leaves the state as it is.
	ResetNone
)

// String returns "zero", "subtract" or "none".
func (r Reset) String() string {
	switch r {
	case ResetZero:
		return "zero"
	case ResetSubtract:
		return "subtract"
	case ResetNone:
		return "none"
	}
	return fmt.Sprintf("Reset(%d)", uint8(r))
}

// Neuron holds the parameters of the LIF dynamics.
type Neuron struct {
	Decay     float32 // factor applied to the state before integrating: 0.5 in the original
	Threshold float32 // a neuron spikes when !(v < Threshold): 0.6 in the original
	Reset     Reset   // what a spike does to the state: ResetZero in the original
}

// DefaultNeuron returns the original's parameters: Decay 0.5, Threshold 0.6
// (as float32), reset to zero.
func DefaultNeuron() Neuron { return Neuron{Decay: 0.5, Threshold: 0.6, Reset: ResetZero} }

// Hebbian holds the parameters of the learning rule.
type Hebbian struct {
	Rate         float32 // weight change per spike and input: 0.05 in the original
	PreThreshold float32 // an input above it potentiates, any other depresses: 0.6 in the original
	// Bounded turns on clamping of every updated weight to [WMin, WMax].
	Bounded    bool
	WMin, WMax float32
}

// DefaultHebbian returns the original's rule: Rate 0.05, PreThreshold 0.6,
// no bounds.
func DefaultHebbian() Hebbian { return Hebbian{Rate: 0.05, PreThreshold: 0.6} }

// Shape gives the sizes of one kernel call: Rows independent states, In
// inputs and Out neurons.
type Shape struct{ Rows, In, Out int }

// Step advances Rows states by one time step on a dense float32 input.
//
// x holds Rows×In inputs, w In×Out weights (RowMajor or Packed), v
// Rows×Out states (updated in place) and spikes Rows×Words(Out) words (overwritten, unused bits cleared).
// Lengths must be exactly these; Step panics with a message naming the
// argument otherwise, before any work. Slices must not overlap, except that
// nothing may overlap v or spikes at all.
func Step(n Neuron, s Shape, x []float32, w Weights, v []float32, spikes []uint64) {
	stepWith(active.Load(), n, s, x, w, v, spikes, allColumns(s))
}

func stepWith(im *impl, n Neuron, s Shape, x []float32, w Weights, v []float32, spikes []uint64, c colRange) {
	checkShape("Step", s)
	checkLen("Step", "x", len(x), s.Rows*s.In, "rows*in")
	wv := w.view("Step", s)
	checkLen("Step", "v", len(v), s.Rows*s.Out, "rows*out")
	checkLen("Step", "spikes", len(spikes), s.Rows*Words(s.Out), "rows*Words(out)")
	checkReset("Step", n.Reset)
	c.check("Step", s)
	if s.Rows == 0 || c.j0 == c.j1 {
		return
	}
	im.step(n, s, x, wv, v, spikes, c)
}

// StepSpikes advances Rows states by one time step on spike input: x holds
// Rows×Words(In) words of packed bits (another layer's spikes), and a set bit
// i adds row i of W; zero inputs are skipped. The result is bit-identical to
// Step on the same input expanded to 0/1 floats when W is finite.
//
// Lengths are as for Step with x of Rows×Words(In) words; it also panics if a
// row has a bit set at or beyond In.
func StepSpikes(n Neuron, s Shape, x []uint64, w Weights, v []float32, spikes []uint64) {
	stepSpikesWith(active.Load(), n, s, x, w, v, spikes, allColumns(s))
}

func stepSpikesWith(im *impl, n Neuron, s Shape, x []uint64, w Weights, v []float32, spikes []uint64, c colRange) {
	checkShape("StepSpikes", s)
	checkLen("StepSpikes", "x", len(x), s.Rows*Words(s.In), "rows*Words(in)")
	wv := w.view("StepSpikes", s)
	checkLen("StepSpikes", "v", len(v), s.Rows*s.Out, "rows*out")
	checkLen("StepSpikes", "spikes", len(spikes), s.Rows*Words(s.Out), "rows*Words(out)")
	checkReset("StepSpikes", n.Reset)
	checkHighBits("StepSpikes", "x", x, s.Rows, s.In)
	c.check("StepSpikes", s)
	if s.Rows == 0 || c.j0 == c.j1 {
		return
	}
	im.stepSpikes(n, s, x, wv, v, spikes, c)
}

// Learn applies the batched Hebbian rule after a step on dense input: x is
// the Rows×In input of that step, spikes its Rows×Words(Out) spike words, and
// w the In×Out weights, updated in place. Only columns of neurons that spiked
// in some row change; each changed weight is rounded once, so the result does
// not depend on the order of the rows. With h.Bounded, each updated weight is
// then clamped to [h.WMin, h.WMax] (weights that do not change are left as
// they are).
//
// It panics on wrong lengths, on spike bits set at or beyond Out, and on
// bounds with WMin > WMax or a NaN bound.
func Learn(h Hebbian, s Shape, x []float32, spikes []uint64, w Weights) {
	learnWith(active.Load(), h, s, x, spikes, w, allColumns(s))
}

func learnWith(im *impl, h Hebbian, s Shape, x []float32, spikes []uint64, w Weights, c colRange) {
	checkShape("Learn", s)
	checkLen("Learn", "x", len(x), s.Rows*s.In, "rows*in")
	checkLen("Learn", "spikes", len(spikes), s.Rows*Words(s.Out), "rows*Words(out)")
	wv := w.view("Learn", s)
	checkHighBits("Learn", "spikes", spikes, s.Rows, s.Out)
	checkBounds("Learn", h)
	c.check("Learn", s)
	if s.Rows == 0 || s.In == 0 || c.j0 == c.j1 {
		return
	}
	im.learn(h, s, x, spikes, wv, c)
}

// LearnSpikes is Learn for a step on spike input: x holds Rows×Words(In)
// words, and an input counts as 1 where its bit is set and 0 elsewhere, so
// it potentiates where 1 > PreThreshold (or 0 > PreThreshold) holds.
func LearnSpikes(h Hebbian, s Shape, x, spikes []uint64, w Weights) {
	learnSpikesWith(active.Load(), h, s, x, spikes, w, allColumns(s))
}

func learnSpikesWith(im *impl, h Hebbian, s Shape, x, spikes []uint64, w Weights, c colRange) {
	checkShape("LearnSpikes", s)
	checkLen("LearnSpikes", "x", len(x), s.Rows*Words(s.In), "rows*Words(in)")
	checkLen("LearnSpikes", "spikes", len(spikes), s.Rows*Words(s.Out), "rows*Words(out)")
	wv := w.view("LearnSpikes", s)
	checkHighBits("LearnSpikes", "x", x, s.Rows, s.In)
	checkHighBits("LearnSpikes", "spikes", spikes, s.Rows, s.Out)
	checkBounds("LearnSpikes", h)
	c.check("LearnSpikes", s)
	if s.Rows == 0 || s.In == 0 || c.j0 == c.j1 {
		return
	}
	im.learnSpikes(h, s, x, spikes, wv, c)
}

func lengthError(fn, arg string, got, want int, formula string) string {
	return fmt.Sprintf("snn.%s: len(%s) = %d, want %s = %d", fn, arg, got, formula, want)
}

func checkLen(fn, arg string, got, want int, formula string) {
	if got != want {
		panic(lengthError(fn, arg, got, want, formula))
	}
}

func checkShape(fn string, s Shape) {
	if s.Rows < 0 || s.In < 0 || s.Out < 0 {
		panic(fmt.Sprintf("snn.%s: negative size in %+v", fn, s))
	}
}

func checkReset(fn string, r Reset) {
	if r > ResetNone {
		panic(fmt.Sprintf("snn.%s: unknown reset mode %v", fn, r))
	}
}

func checkBounds(fn string, h Hebbian) {
	if h.Bounded && !(h.WMin <= h.WMax) {
		panic(fmt.Sprintf("snn.%s: weight bounds [%v, %v] are empty or NaN", fn, h.WMin, h.WMax))
	}
}

// checkHighBits panics if any of the rows of packed bits has a bit set at or
// beyond n.
func checkHighBits(fn, arg string, bits []uint64, rows, n int) {
	if r := spikebits.FirstRowBeyond(bits, rows, n); r >= 0 {
		panic(fmt.Sprintf("snn.%s: row %d of %s has a bit set at or beyond %d", fn, r, arg, n))
	}
}

// colRange is the range of neurons [j0, j1) a call steps or updates: j0 a
// multiple of 64, j1 a multiple of 64 or Out.
type colRange struct{ j0, j1 int }

func allColumns(s Shape) colRange { return colRange{0, s.Out} }

func (c colRange) check(fn string, s Shape) {
	if c.j0 < 0 || c.j0 > c.j1 || c.j1 > s.Out || c.j0%64 != 0 || (c.j1%64 != 0 && c.j1 != s.Out) {
		panic(fmt.Sprintf("snn.%s: neuron range [%d, %d) of %d: want multiples of 64 (or the end)", fn, c.j0, c.j1, s.Out))
	}
}

// clearSpikes zeroes the spike words of the neurons in c, every row.
func clearSpikes(spikes []uint64, s Shape, c colRange) {
	words := Words(s.Out)
	if c.j0 == 0 && c.j1 == s.Out {
		clear(spikes)
		return
	}
	for r := 0; r < s.Rows; r++ {
		clear(spikes[r*words+c.j0/64 : r*words+Words(c.j1)])
	}
}
