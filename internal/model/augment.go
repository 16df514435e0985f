package model

import (
	"fmt"

	"github.com/spikekernel/snn"
)

// State is the state of Rows neurons rows of a model layer, row-major.
type State struct {
	V []float32 // Rows×Out membrane states
	// Spikes holds Rows×Words(Out) words: on entry to a step the previous
	// step's spikes s⁻ (all zero before the first), on return this step's.
	Spikes []uint64
	Theta  []float32 // Rows×Out adaptive threshold θ, used (and required) with Adaptive only
	Refr   []int32   // Rows×Out refractory counters, used (and required) with Refractory > 0 only
	// Active holds, per row, the number of neurons that spiked in s⁻: used
	// (and required, Rows values) with Inhibition ≠ 0 only, and filled by
	// CountActive before the kernel phase, because the epilogue's tiles
	// overwrite s⁻ while others still need its count.
	Active []int64
}

// check panics, naming fn and the field, unless the slices p uses have the
// lengths of s.Rows rows of s.Out neurons.
func (st State) check(fn string, p Params, s snn.Shape) {
	n := s.Rows * s.Out
	checkLen(fn, "V", len(st.V), n)
	checkLen(fn, "Spikes", len(st.Spikes), s.Rows*snn.Words(s.Out))
	if p.Adaptive {
		checkLen(fn, "Theta", len(st.Theta), n)
	}
	if p.Refractory > 0 {
		checkLen(fn, "Refr", len(st.Refr), n)
	}
	if p.Inhibition != 0 {
		checkLen(fn, "Active", len(st.Active), s.Rows)
	}
}

// CountActive fills st.Active with the number of spikes in each row of
// s⁻ (st.Spikes), for the lateral inhibition of the next epilogue; it does
// nothing without Inhibition. It panics on wrong lengths.
func CountActive(p Params, s snn.Shape, st State) {
	if p.Inhibition == 0 {
		return
	}
	checkShape("CountActive", s)
	st.check("CountActive", p, s)
	words := snn.Words(s.Out)
	for r := range s.Rows {
		st.Active[r] = int64(snn.Bits(st.Spikes[r*words : (r+1)*words]).Count())
	}
}

func checkLen(fn, arg string, got, want int) {
	if got != want {
		panic(fmt.Sprintf("model.%s: len(%s) = %d, want %d", fn, arg, got, want))
	}
}

func checkShape(fn string, s snn.Shape) {
	if s.Rows < 0 || s.In < 0 || s.Out < 0 {
		panic(fmt.Sprintf("model.%s: negative size in %+v", fn, s))
	}
}

// Augment writes x' = [1 if p.Bias, x, s⁻ as 0/1 if p.Recurrent] for each
// of s.Rows rows into dst (s.Rows×AugmentedIn(p, s.In, s.Out) floats): x
// holds s.Rows×s.In inputs and prev the rows' previous spikes
// (s.Rows×Words(s.Out) words, read only with p.Recurrent). It panics on
// wrong lengths.
func Augment(p Params, s snn.Shape, x []float32, prev []uint64, dst []float32) {
	checkShape("Augment", s)
	in2 := AugmentedIn(p, s.In, s.Out)
	words := snn.Words(s.Out)
	checkLen("Augment", "x", len(x), s.Rows*s.In)
	checkLen("Augment", "prev", len(prev), s.Rows*words)
	checkLen("Augment", "dst", len(dst), s.Rows*in2)
	for r := 0; r < s.Rows; r++ {
		d := dst[r*in2 : (r+1)*in2]
		if p.Bias {
			d[0] = 1
			d = d[1:]
		}
		copy(d, x[r*s.In:(r+1)*s.In])
		if p.Recurrent {
			snn.Bits(prev[r*words : (r+1)*words]).Expand(d[s.In:])
		}
	}
}

// AugmentSpikes is Augment for spike input: x holds s.Rows×Words(s.In)
// words and dst receives s.Rows×Words(AugmentedIn(p, s.In, s.Out)) words,
// the bits [1 if p.Bias, x, s⁻ if p.Recurrent] of each row. Bits of x at or
// beyond s.In and of prev at or beyond s.Out are ignored.
func AugmentSpikes(p Params, s snn.Shape, x, prev, dst []uint64) {
	checkShape("AugmentSpikes", s)
	dw := snn.Words(AugmentedIn(p, s.In, s.Out))
	xw, words := snn.Words(s.In), snn.Words(s.Out)
	checkLen("AugmentSpikes", "x", len(x), s.Rows*xw)
	checkLen("AugmentSpikes", "prev", len(prev), s.Rows*words)
	checkLen("AugmentSpikes", "dst", len(dst), s.Rows*dw)
	clear(dst)
	for r := 0; r < s.Rows; r++ {
		d := dst[r*dw : (r+1)*dw]
		off := 0
		if p.Bias {
			d[0] = 1
			off = 1
		}
		orBits(d, off, x[r*xw:(r+1)*xw], s.In)
		if p.Recurrent {
			orBits(d, off+s.In, prev[r*words:(r+1)*words], s.Out)
		}
	}
}

// lowBits returns a mask of the n low bits of a word of 64 bits (n in 0..64).
func lowBits(n int) uint64 {
	if n >= 64 {
		return ^uint64(0)
	}
	return 1<<uint(n) - 1
}

// orBits ORs the first n bits of src into dst from bit off on.
func orBits(dst []uint64, off int, src []uint64, n int) {
	k, sh := off>>6, uint(off&63)
	for w := 0; w < snn.Words(n); w++ {
		word := src[w] & lowBits(n-64*w)
		dst[k+w] |= word << sh
		if sh != 0 {
			if hi := word >> (64 - sh); hi != 0 { // only bits below off+n: in range
				dst[k+w+1] |= hi
			}
		}
	}
}

// PackWeights returns W' = [bias; W; V] packed for the kernels: row 0 the
// bias (len out; a -0 is stored as +0) if p.Bias, then W (in×out,
// row-major), then V (out×out, row-major, V[k*out+j] the weight from neuron
// k to neuron j) if p.Recurrent. bias and v are ignored when their feature
// is off. It panics on wrong lengths.
func PackWeights(p Params, in, out int, bias, w, v []float32) *snn.Packed {
	checkLen("PackWeights", "w", len(w), in*out)
	pk := snn.NewPacked(AugmentedIn(p, in, out), out)
	row := 0
	put := func(m []float32, rows int) {
		for i := 0; i < rows; i++ {
			for j := 0; j < out; j++ {
				pk.Set(row, j, m[i*out+j])
			}
			row++
		}
	}
	if p.Bias {
		checkLen("PackWeights", "bias", len(bias), out)
		b := make([]float32, out)
		for j, x := range bias {
			if x == 0 {
				x = 0 // -0 becomes +0
			}
			b[j] = x
		}
		put(b, 1)
	}
	put(w, in)
	if p.Recurrent {
		checkLen("PackWeights", "v", len(v), out*out)
		put(v, out)
	}
	return pk
}
