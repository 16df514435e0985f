// Package seq runs T time steps of a layer without learning the way SPEC
// §7 allows: the input part of every step (the sum Σ_i x[i]·W[i,j], which
// does not depend on the state) is computed for many steps at once as one
// large product, then the recurrence (decay, fire, reset) runs step by
// step. The bits are those of T calls of snn.Step.
//
// Both halves run every backend's own assembly:
//
//   - the product of dense input: snn's (internal) product, each neuron's
//     chain of FMAs from +0 as a step's, -0 included (blocked on avx2, a
//     step from the state -0 elsewhere, SPEC §7's note); of spike input: a
//     step with Decay 0 and no reset (ProductNeuron) from the state +0,
//     which leaves v' = fma(0, +0, acc) = acc exactly, since a sum of adds
//     from +0 is never -0;
//   - the recurrence: a step with one input x = 1 whose weights are acc
//     computes fma(1, acc, +0) = acc, then the step's own epilogue: v' =
//     fma(Decay, v, acc), fire, reset. The one sum this loses is -0
//     (fma(1, -0, +0) = +0), which a dense product gets when every term
//     is zero and one underflows (fma(-1e-30, 1e-30, +0) = -0): then v'
//     is +0 where Decay·v = -0 wants -0. The runner finds those neurons
//     before the step and redoes their epilogue in Go (fixNegativeZeros).
package seq

import (
	"math"
	"unsafe"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/kernels"
)

// MaxScratchBytes bounds the scratch of a run: the input parts of a chunk
// of steps (rows×Out floats a step) and their throw-away spike words.
const MaxScratchBytes = 8 << 20

// maxScratchBytes is MaxScratchBytes, lowered by tests to force chunking.
var maxScratchBytes = MaxScratchBytes

// Input is the input of a run: Dense (Steps×Rows×In floats, time-major) or
// Spikes (Steps×Rows×Words(In) words), exactly one non-nil; with Constant,
// it holds one step (Rows×In or Rows×Words(In)) given at every step.
type Input struct {
	Dense    []float32
	Spikes   []uint64
	Constant bool
}

// At returns step t of the input: its dense rows (rows×in floats) or its
// spike rows (rows×Words(in) words), the other nil.
func (x Input) At(t, rows, in int) ([]float32, []uint64) {
	if x.Constant {
		t = 0
	}
	if x.Dense != nil {
		n := rows * in
		return x.Dense[t*n : (t+1)*n], nil
	}
	n := rows * snn.Words(in)
	return nil, x.Spikes[t*n : (t+1)*n]
}

// Output is where a run writes: Spikes (Steps×Rows×Words(Out) words, every
// step's spikes) and Counts and Tally (Rows×Out each: the caller's counts
// and a batch's own, each step's spikes added), each may be nil; Last
// (Rows×Words(Out)) receives the last step's spikes.
type Output struct {
	Spikes []uint64
	Counts []uint32
	Tally  []uint32
	Last   []uint64
}

// Product computes the input part of s.Rows stacked rows (a chunk of
// steps × the run's rows) into acc (s.Rows×s.Out): dense input by snn's
// product (acc overwritten), spike input by a step with ProductNeuron (n)
// from acc zeroed by the caller; spk (s.Rows×Words(s.Out)) is scratch for
// the spike words the kernels write. Exactly one of dense and spikes
// is non-nil. A sequential Product is Inline; package batch passes one
// that splits the rows and neurons across its pool.
type Product func(n snn.Neuron, s snn.Shape, dense []float32, spikes []uint64, w snn.Weights, acc []float32, spk []uint64)

// ProductNeuron makes a step on spike input store its input part: v' =
// fma(0, +0, acc) = acc (a sum of adds from +0 is never -0), never firing
// into anything that matters (the spikes are scratch).
var ProductNeuron = snn.Neuron{Decay: 0, Threshold: float32(math.Inf(1)), Reset: snn.ResetNone}

// Inline is the sequential Product.
func Inline(n snn.Neuron, s snn.Shape, dense []float32, spikes []uint64, w snn.Weights, acc []float32, spk []uint64) {
	if dense != nil {
		kernels.Get().ProductColumns(s, dense, w, acc, spk, 0, s.Out)
	} else {
		snn.StepSpikes(n, s, spikes, w, acc, spk)
	}
}

// unitInput is the one input of a recurrence step (read only).
var unitInput = []float32{1}

// Runner holds the scratch of runs; its zero value is ready, and it
// allocates only when a run needs more scratch than any before it.
type Runner struct {
	acc []float32
	spk []uint64
	// negZeros holds the neurons of a step whose sum is -0, and their
	// states before the step (see fixNegativeZeros).
	negZeros []negZero
}

// negZero is a neuron whose sum is -0 and its state before the step.
type negZero struct {
	j int
	v float32
}

// ChunkSteps returns how many steps of rows states of a layer of in inputs
// and out neurons share one product, so that the scratch (the products,
// their spike words, and room for the input expanded to floats) stays
// within MaxScratchBytes (at least 1).
func ChunkSteps(steps, rows, in, out int) int {
	perStep := rows * (4*out + 8*snn.Words(out) + 4*in)
	if perStep == 0 {
		return max(steps, 1)
	}
	return max(1, min(steps, maxScratchBytes/perStep))
}

// Run advances the rows×Out states v by steps time steps of neuron n on
// input in with weights w (s gives Rows, In, Out), writing out. Lengths are
// the caller's to check. The result is bit for bit that of steps calls of
// snn.Step (or snn.StepSpikes).
func (r *Runner) Run(n snn.Neuron, s snn.Shape, steps int, in Input, w snn.Weights, v []float32, out Output, product Product) {
	words := snn.Words(s.Out)
	xWidth := s.In
	if in.Spikes != nil {
		xWidth = snn.Words(s.In)
	}
	chunk := ChunkSteps(steps, s.Rows, s.In, s.Out)
	if in.Constant {
		chunk = 1 // one product serves every step
	}
	r.grow(chunk*s.Rows*s.Out, chunk*s.Rows*words, s.Out)
	unit := snn.Shape{Rows: 1, In: 1, Out: s.Out}
	for t0 := 0; t0 < steps; t0 += chunk {
		tc := min(chunk, steps-t0)
		if !in.Constant || t0 == 0 {
			rows := tc * s.Rows
			acc, spk := r.acc[:rows*s.Out], r.spk[:rows*words]
			if in.Spikes != nil {
				clear(acc) // the spike step's zero state; a dense product overwrites acc
			}
			ps := snn.Shape{Rows: rows, In: s.In, Out: s.Out}
			lo, hi := t0*s.Rows*xWidth, (t0+tc)*s.Rows*xWidth
			if in.Constant {
				lo, hi = 0, s.Rows*xWidth
			}
			if in.Dense != nil {
				product(ProductNeuron, ps, in.Dense[lo:hi], nil, w, acc, spk)
			} else {
				product(ProductNeuron, ps, nil, in.Spikes[lo:hi], w, acc, spk)
			}
		}
		for t := t0; t < t0+tc; t++ {
			for row := 0; row < s.Rows; row++ {
				k := row
				if !in.Constant {
					k += (t - t0) * s.Rows
				}
				sp := out.Last[row*words : (row+1)*words]
				acc, vr := r.acc[k*s.Out:(k+1)*s.Out], v[row*s.Out:(row+1)*s.Out]
				r.findNegativeZeros(acc, vr)
				snn.Step(n, unit, unitInput, snn.RowMajor(acc), vr, sp)
				r.fixNegativeZeros(n, vr)
			}
			Record(out, t, s.Rows, words, s.Out, out.Last)
		}
	}
}

// Record writes step t's spikes (rows×words words) into out.Spikes and adds
// them to out.Counts (rows×n), each if non-nil.
func Record(out Output, t, rows, words, n int, spikes []uint64) {
	if out.Spikes != nil {
		copy(out.Spikes[t*rows*words:(t+1)*rows*words], spikes)
	}
	for _, counts := range [2][]uint32{out.Counts, out.Tally} {
		if counts == nil {
			continue
		}
		for row := range rows {
			c := counts[row*n : (row+1)*n]
			for j := range snn.Bits(spikes[row*words : (row+1)*words]).All() {
				c[j]++
			}
		}
	}
}

// negativeZeroBits is the bit pattern of -0.
const negativeZeroBits = 1 << 31

// findNegativeZeros records the neurons whose sum in acc is -0, with their
// states in v. It tests two sums at a time: t = the pair's bits with the
// signs flipped has a zero half (a -0) exactly when (t − 1s) &^ t has a
// half's top bit set (the zero-byte test of Hacker's Delight on 32-bit
// halves); only such pairs are looked at one by one.
func (r *Runner) findNegativeZeros(acc, v []float32) {
	const ones, tops = 0x00000001_00000001, 0x80000000_80000000
	r.negZeros = r.negZeros[:0]
	j0 := 0
	if len(acc) > 0 && uintptr(unsafe.Pointer(&acc[0]))%8 != 0 {
		j0 = 1 // the pairs start 8-aligned
		r.addNegativeZeros(acc, v, 0, 1)
	}
	n := (len(acc) - j0) / 2
	if n > 0 {
		pairs := unsafe.Slice((*uint64)(unsafe.Pointer(&acc[j0])), n)
		for k, p := range pairs {
			if t := p ^ tops; (t-ones)&^t&tops != 0 {
				r.addNegativeZeros(acc, v, j0+2*k, j0+2*k+2)
			}
		}
	}
	r.addNegativeZeros(acc, v, j0+2*n, len(acc))
}

// addNegativeZeros records the neurons in [j0, j1) whose sum is -0.
func (r *Runner) addNegativeZeros(acc, v []float32, j0, j1 int) {
	for j := j0; j < j1; j++ {
		if math.Float32bits(acc[j]) == negativeZeroBits {
			r.negZeros = append(r.negZeros, negZero{j, v[j]})
		}
	}
}

// fixNegativeZeros redoes the epilogue of the neurons findNegativeZeros
// found, with their sum -0: v' = fma(Decay, v, -0), which is the product
// Decay·v rounded once (it is exact in float64), zeros keeping their sign
// as -0 + -0 = -0 does; then the spike test and the reset as the step's.
// The spike is the step's own: ±0 compare alike.
func (r *Runner) fixNegativeZeros(n snn.Neuron, v []float32) {
	for _, z := range r.negZeros {
		vj := float32(float64(n.Decay) * float64(z.v))
		if !(vj < n.Threshold) {
			switch n.Reset {
			case snn.ResetZero:
				vj = 0
			case snn.ResetSubtract:
				vj -= n.Threshold
			}
		}
		v[z.j] = vj
	}
}

func (r *Runner) grow(accLen, spkLen, out int) {
	if cap(r.negZeros) < out {
		r.negZeros = make([]negZero, 0, out)
	}
	if cap(r.acc) < accLen {
		r.acc = make([]float32, accLen)
	}
	r.acc = r.acc[:cap(r.acc)]
	if cap(r.spk) < spkLen {
		r.spk = make([]uint64, spkLen)
	}
	r.spk = r.spk[:cap(r.spk)]
}
