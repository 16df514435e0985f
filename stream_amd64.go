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

// avx2StepRowMajor is avx2StepDense for rows == 1, a row-major W and the
// n neurons from j0 on (n a multiple of 64, j0 + n ≤ out): it walks the
// inputs in order, reading each W row contiguously, and keeps the n sums
// in acc (n floats). Needs the AVX2 constants. Both amd64 backends use it.
//
//go:noescape
func avx2StepRowMajor(a *stepArgs, acc *float32, j0, n int)

// rowMajorChunk is the number of neurons whose sums a row-major pass of
// avx2StepRowMajor keeps (4 KiB: L1-resident next to the streamed rows).
const rowMajorChunk = 1024

// streamFullPanels runs a one-row kernel on the full 64-neuron panels of
// a one-row step (avx2StepStream on packed W, avx2StepRowMajor on
// row-major W, whose row stride is not 64 floats) and leaves a with the
// partial last panel; it reports whether a has neurons left. Other steps
// are left to the caller whole.
func streamFullPanels(a *stepArgs) (rest bool) {
	full := a.out &^ 63
	if a.rows != 1 || full == 0 {
		return true
	}
	a.forAVX2()
	one := *a
	one.out = full
	if a.wRow == 4*64 || a.in == 0 { // packed (or one panel wide: the same layout)
		avx2StepStream(&one)
	} else {
		var acc [rowMajorChunk]float32
		for j0 := 0; j0 < full; j0 += rowMajorChunk {
			avx2StepRowMajor(&one, &acc[0], j0, min(rowMajorChunk, full-j0))
		}
	}
	if full == a.out {
		return false
	}
	a.skipPanels(full / 64) // never past the end: checkptr and the GC forbid it
	return true
}
