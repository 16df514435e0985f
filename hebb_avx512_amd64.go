//go:build gc && !purego

package snn

// avx512Hebb applies the update described by a; see learnGeneric for the
// contract. Requires AVX512F and AVX512_VPOPCNTDQ.
//
//go:noescape
func avx512Hebb(a *hebbArgs)

// avx512Potentiate sets p[i] |= bit where x[i] > pre; len(p) == len(x).
// Requires AVX512F and BMI2.
//
//go:noescape
func avx512Potentiate(x []float32, p []uint32, pre float32, bit uint32)

func learnAVX512(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnMasks(h, s, x, spikes, w, c, avx512Potentiate, avx512Hebb)
}

func learnSpikesAVX512(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	learnSpikeMasks(h, s, x, spikes, w, c, avx512Hebb)
}
