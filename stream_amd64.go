//go:build gc && !purego

package snn

// avx2StepStream is avx2StepDense for rows == 1 and out a multiple of 64:
// it streams W once with eight accumulator chains and prefetching. Needs
// the AVX2 constants (forAVX2). Both the AVX2 and the AVX-512 backends use
// it: for B = 1, which is bound by reading W once, it measured 94% of the
// L3 read bandwidth here, a two-panel ZMM kernel 81%.
//
//go:noescape
func avx2StepStream(a *stepArgs)

// streamFullPanels runs avx2StepStream on the full 64-neuron panels of a
// one-row step and leaves a with the partial last panel; it reports
// whether a has neurons left. Other steps are left to the caller whole.
func streamFullPanels(a *stepArgs) (rest bool) {
	full := a.out &^ 63
	if a.rows != 1 || full == 0 {
		return true
	}
	a.forAVX2()
	one := *a
	one.out = full
	avx2StepStream(&one)
	if full == a.out {
		return false
	}
	a.skipPanels(full / 64) // never past the end: checkptr and the GC forbid it
	return true
}
