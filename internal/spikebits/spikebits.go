// Package spikebits holds the walks over packed spike bits shared by the
// kernels, the checked APIs and the public helpers of package snn.
package spikebits

import (
	"iter"
	"math/bits"
)

// Ones returns the indices of the set bits of words (bit b of word k is
// index 64k+b), in ascending order: the one bit walk of the project.
func Ones(words []uint64) iter.Seq[int] {
	return func(yield func(int) bool) {
		for k, w := range words {
			for w != 0 {
				if !yield(k<<6 + bits.TrailingZeros64(w)) {
					return
				}
				w &= w - 1
			}
		}
	}
}

// FirstRowBeyond returns the first of rows rows of packed bits,
// (n+63)/64 words each, with a bit set at or beyond n, or -1 if none has.
func FirstRowBeyond(bits []uint64, rows, n int) int {
	if n&63 == 0 {
		return -1
	}
	words := (n + 63) >> 6
	mask := ^uint64(0) << (uint(n) & 63)
	for r := 0; r < rows; r++ {
		if bits[r*words+words-1]&mask != 0 {
			return r
		}
	}
	return -1
}
