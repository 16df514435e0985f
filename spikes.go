package snn

import (
	"iter"
	"math/bits"

	"github.com/spikekernel/snn/internal/spikebits"
)

// Words returns the number of uint64 words that hold n spike bits: (n+63)/64.
// Every row of a packed spike array has Words(n) words.
func Words(n int) int { return (n + 63) >> 6 }

// Bits is a row (or any run) of packed spike bits: bit j%64 of word j/64 is
// neuron (or input) j. Convert a slice to use its methods:
//
//	for j := range snn.Bits(spikes[r*words : (r+1)*words]).All() { … }
type Bits []uint64

// All returns the indices of the set bits, in ascending order.
func (b Bits) All() iter.Seq[int] { return spikebits.Ones(b) }

// Count returns the number of set bits.
func (b Bits) Count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// Has reports whether bit j is set.
func (b Bits) Has(j int) bool { return b[j>>6]>>(uint(j)&63)&1 != 0 }

// Set sets bit j to on.
func (b Bits) Set(j int, on bool) {
	m := uint64(1) << (uint(j) & 63)
	if on {
		b[j>>6] |= m
	} else {
		b[j>>6] &^= m
	}
}

// Expand writes 1 into dst[j] for every set bit j and 0 for every other
// j < len(dst). It panics if b has fewer than Words(len(dst)) words.
func (b Bits) Expand(dst []float32) {
	if len(b) < Words(len(dst)) {
		panic(lengthError("Bits.Expand", "b", len(b), Words(len(dst)), "Words(len(dst))"))
	}
	for j := range dst {
		dst[j] = float32(b[j>>6] >> (uint(j) & 63) & 1)
	}
}

// PackSpikes sets bit j of dst for every j with src[j] != 0 (NaN counts as
// non-zero) and clears every other bit of dst, including the unused high
// bits of its last word. It panics unless len(dst) == Words(len(src)).
func PackSpikes(dst []uint64, src []float32) {
	if len(dst) != Words(len(src)) {
		panic(lengthError("PackSpikes", "dst", len(dst), Words(len(src)), "Words(len(src))"))
	}
	clear(dst)
	for j, s := range src {
		if s != 0 {
			dst[j>>6] |= 1 << (uint(j) & 63)
		}
	}
}
