package snn

import "math/bits"

// Words returns the number of uint64 words that hold n spike bits: (n+63)/64.
// Every row of a packed spike array has Words(n) words.
func Words(n int) int { return (n + 63) >> 6 }

// Spiked reports whether bit j is set in a packed spike row.
func Spiked(row []uint64, j int) bool { return row[j>>6]>>(uint(j)&63)&1 != 0 }

// SetSpike sets bit j of a packed spike row to on.
func SetSpike(row []uint64, j int, on bool) {
	m := uint64(1) << (uint(j) & 63)
	if on {
		row[j>>6] |= m
	} else {
		row[j>>6] &^= m
	}
}

// CountSpikes returns the number of set bits in words.
func CountSpikes(words []uint64) int {
	n := 0
	for _, w := range words {
		n += bits.OnesCount64(w)
	}
	return n
}

// ForEachSpike calls f with the index of every set bit of a packed spike row,
// in ascending order.
func ForEachSpike(row []uint64, f func(j int)) {
	for k, w := range row {
		for w != 0 {
			f(k<<6 + bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
}

// AppendSpikeIndices appends the indices of the set bits of a packed spike
// row to dst, in ascending order, and returns the extended slice.
func AppendSpikeIndices(dst []int, row []uint64) []int {
	for k, w := range row {
		for w != 0 {
			dst = append(dst, k<<6+bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
	return dst
}

// ExpandSpikes writes 1 into dst[j] for every set bit j of row and 0 for every
// other j < len(dst). It panics if row has fewer than Words(len(dst)) words.
func ExpandSpikes(dst []float32, row []uint64) {
	if len(row) < Words(len(dst)) {
		panic(lengthError("ExpandSpikes", "row", len(row), Words(len(dst)), "Words(len(dst))"))
	}
	for j := range dst {
		dst[j] = float32(row[j>>6] >> (uint(j) & 63) & 1)
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
