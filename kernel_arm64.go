//go:build gc && !purego

package snn

// GOARCH=arm64 go generate . rewrites kernel_arm64.s from _asm (its own
// module); the generator itself is built for the host.
//
//go:generate sh -c "cd _asm && env -u GOOS -u GOARCH go run . -out ../kernel_arm64.s"

import (
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// Naming: an assembly function is named ISA first, then the operation
// (neonStepDense, neonStepSpikes, neonHebb); the Go function that checks or
// adapts the arguments and calls it is named operation first, then the ISA
// (stepDenseNEON, stepSpikesNEON, learnDenseNEON, learnSpikesNEON).
//
// Why assembly on arm64: Go does not vectorise the step and its software
// fma32 is slow; the NEON kernels keep a 4-row × 16-neuron register tile
// of accumulators with one FMLA per weight and input, and fuse the LIF
// epilogue (kernel_arm64.s). As on amd64, the assembly loops over panels,
// rows and inputs itself and Go checks every length first (kernel.go).

// neonStepDense is Step for ASIMD: see stepGeneric. The caller guarantees
// rows ≥ 1, out ≥ 1, every length and all-zero spike rows.
//
//go:noescape
func neonStepDense(a *stepArgs)

// neonStepSpikes is StepSpikes for ASIMD: see stepSpikesGeneric and
// neonStepDense.
//
//go:noescape
func neonStepSpikes(a *stepArgs)

// neonStepRowMajor is neonStepDense for rows == 1, a row-major W and the
// n neurons from j0 on (n a multiple of 64, j0 + n ≤ out, in ≥ 1): it walks
// the inputs in order, reading each W row contiguously, and keeps the n
// sums in acc (n floats).
//
//go:noescape
func neonStepRowMajor(a *stepArgs, acc *float32, j0, n int)

// neonRowMajorChunk is the number of neurons whose sums a pass of
// neonStepRowMajor keeps (4 KiB: L1-resident next to the streamed rows).
const neonRowMajorChunk = 1024

// rowMajorFullPanelsNEON runs neonStepRowMajor on the full 64-neuron
// panels of a one-row step on a row-major W (row stride not 64 floats)
// and leaves a with the partial last panel; it reports whether a has
// neurons left. Other steps are left to neonStepDense whole: packed W
// streams its panels contiguously already.
func rowMajorFullPanelsNEON(a *stepArgs) (rest bool) {
	full := a.out &^ 63
	if a.rows != 1 || full == 0 || a.in == 0 || a.wRow == 4*64 {
		return true
	}
	var acc [neonRowMajorChunk]float32
	for j0 := 0; j0 < full; j0 += neonRowMajorChunk {
		neonStepRowMajor(a, &acc[0], j0, min(neonRowMajorChunk, full-j0))
	}
	if full == a.out {
		return false
	}
	a.skipPanels(full / 64) // never past the end: checkptr and the GC forbid it
	return true
}

// neonStepSpikesReuse is neonStepSpikes for 1 to 64 rows over full
// 64-neuron panels (out a multiple of 64), reading each W panel once for
// all rows: masks[i] (In words) holds the rows whose input i is set, acc
// is scratch of rows×64 floats (spikes_reuse.go).
//
//go:noescape
func neonStepSpikesReuse(a *stepArgs, masks *uint64, acc *float32)

// runReuseKernel is arm64's reuse kernel for spikesReuse (spikes_reuse.go).
func runReuseKernel(a *stepArgs, masks *uint64, acc *float32) { neonStepSpikesReuse(a, masks, acc) }

// neonHebb applies the update described by a (learn_asm.go); see
// learnGeneric for the contract.
//
//go:noescape
func neonHebb(a *hebbArgs)

func stepDenseNEON(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	clearSpikes(spikes, s, c)
	if rowMajorFullPanelsNEON(&a) {
		neonStepDense(&a)
	}
}

func stepSpikesNEON(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	clearSpikes(spikes, s, c)
	if spikesFullPanels(&a, x) {
		neonStepSpikes(&a)
	}
}

// potentiateGo sets p[i] |= bit where x[i] > pre, without branches.
func potentiateGo(x []float32, p []uint32, pre float32, bit uint32) {
	p = p[:len(x)]
	for i, xi := range x {
		var m uint32
		if xi > pre {
			m = bit
		}
		p[i] |= m
	}
}

func learnDenseNEON(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnMasks(h, s, x, spikes, w, c, potentiateGo, neonHebb)
}

func learnSpikesNEON(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	learnSpikeMasks(h, s, x, spikes, w, c, neonHebb)
}

func archImpls() []*impl {
	return []*impl{{
		name:        "neon",
		denseAbove:  0.3,
		width:       "neon",
		usable:      cpuid.CPU.Supports(cpuid.ASIMD),
		requires:    "ASIMD",
		step:        stepDenseNEON,
		stepSpikes:  stepSpikesNEON,
		learn:       learnDenseNEON,
		learnSpikes: learnSpikesNEON,
	}}
}
