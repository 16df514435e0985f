//go:build gc && !purego

package snn

// avx2Hebb is avx512Hebb for AVX2 and FMA3.
//
//go:noescape
func avx2Hebb(a *hebbArgs)

// avx2Potentiate sets p[i] |= bit where x[i] > pre for i < len(x)&^7;
// len(p) == len(x). Requires AVX2.
//
//go:noescape
func avx2Potentiate(x []float32, p []uint32, pre float32, bit uint32)

// potentiateAVX2 is avx2Potentiate with the last len(x)%8 inputs in Go.
func potentiateAVX2(x []float32, p []uint32, pre float32, bit uint32) {
	avx2Potentiate(x, p, pre, bit)
	for i := len(x) &^ 7; i < len(x); i++ {
		if x[i] > pre {
			p[i] |= bit
		}
	}
}

func learnAVX2(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnMasks(h, s, x, spikes, w, c, potentiateAVX2, avx2Hebb)
}

func learnSpikesAVX2(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	learnSpikeMasks(h, s, x, spikes, w, c, avx2Hebb)
}
