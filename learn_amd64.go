//go:build gc && !purego

package snn

// hebbAVX512 applies the update described by a; see learnGeneric for the
// contract. Requires AVX512F and AVX512_VPOPCNTDQ.
//
//go:noescape
func hebbAVX512(a *hebbArgs)

// potentiateAVX512 sets p[i] |= bit where x[i] > pre; len(p) == len(x).
// Requires AVX512F and BMI2.
//
//go:noescape
func potentiateAVX512(x []float32, p []uint32, pre float32, bit uint32)

// hebbAVX2 is hebbAVX512 for AVX2 and FMA3.
//
//go:noescape
func hebbAVX2(a *hebbArgs)

// potentiateAVX2 sets p[i] |= bit where x[i] > pre for i < len(x)&^7;
// len(p) == len(x). Requires AVX2.
//
//go:noescape
func potentiateAVX2(x []float32, p []uint32, pre float32, bit uint32)

func potentiateAVX2Go(x []float32, p []uint32, pre float32, bit uint32) {
	potentiateAVX2(x, p, pre, bit)
	for i := len(x) &^ 7; i < len(x); i++ {
		if x[i] > pre {
			p[i] |= bit
		}
	}
}

func learnAVX512(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnMasks(h, s, x, spikes, w, c, potentiateAVX512, hebbKernelAVX512)
}

func learnSpikesAVX512(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	learnSpikeMasks(h, s, x, spikes, w, c, hebbKernelAVX512)
}

func learnAVX2(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnMasks(h, s, x, spikes, w, c, potentiateAVX2Go, hebbKernelAVX2)
}

func learnSpikesAVX2(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	learnSpikeMasks(h, s, x, spikes, w, c, hebbKernelAVX2)
}

func runHebb(k hebbKernel, a *hebbArgs) {
	if k == hebbKernelAVX512 {
		hebbAVX512(a)
		return
	}
	hebbAVX2(a)
}
