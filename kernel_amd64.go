//go:build gc && !purego

package snn

import (
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// Why assembly: the step is a GEMM with a fused epilogue, and Go's compiler
// neither vectorises nor keeps a register tile of accumulators; the AVX-512
// kernels run 30–60× faster than the generic Go (whose fma32 is emulated in
// software). The Go/assembly boundary is one call per kernel call: the
// assembly loops over panels, rows and inputs itself, and Go checks every
// length first (kernel.go).

// stepDenseAVX2 is Step for AVX2 and FMA3: see stepGeneric. The caller
// guarantees rows ≥ 1, out ≥ 1, every length, the AVX2 constants
// (forAVX2) and all-zero spike rows.
//
//go:noescape
func stepDenseAVX2(a *stepArgs)

// stepSpikesAVX2 is StepSpikes for AVX2: see stepSpikesGeneric, and
// stepDenseAVX2 for what the caller guarantees.
//
//go:noescape
func stepSpikesAVX2(a *stepArgs)

// stepOneRowAVX2 is stepDenseAVX2 for rows == 1 and out a multiple of 64:
// it streams W with eight accumulator chains and prefetching.
//
//go:noescape
func stepOneRowAVX2(a *stepArgs)

func stepAVX2(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	a.forAVX2()
	clearSpikes(spikes, s, c)
	full := a.out &^ 63
	if s.Rows != 1 || full == 0 {
		stepDenseAVX2(&a)
		return
	}
	one := a
	one.out = full
	stepOneRowAVX2(&one)
	if full < a.out {
		a.skipPanels(full / 64)
		stepDenseAVX2(&a)
	}
}

func stepSpikesAVX2Go(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	a.forAVX2()
	clearSpikes(spikes, s, c)
	stepSpikesAVX2(&a)
}

// stepDenseAVX512 is Step for AVX-512F: see stepGeneric for the contract.
// The caller guarantees rows ≥ 1, out ≥ 1 and every length.
//
//go:noescape
func stepDenseAVX512(a *stepArgs)

func stepAVX512(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	if s.Rows == 1 {
		// B = 1 is bound by reading W once. The 256-bit one-row kernel
		// (eight chains on one contiguous stream) measured 94% of the
		// L3 read bandwidth here, a two-panel ZMM kernel 81%, so full
		// panels take it; a partial last panel takes the masked ZMM path.
		full := a.out &^ 63
		if full > 0 {
			a.forAVX2()
			one := a
			one.out = full
			stepOneRowAVX2(&one)
			if full == a.out {
				return
			}
			a.skipPanels(full / 64) // never past the end: checkptr and the GC forbid it
		}
		stepDenseAVX512(&a)
		return
	}
	stepDenseAVX512(&a)
}

// stepSpikesAVX512 is StepSpikes for AVX-512F: see stepSpikesGeneric.
// a.x points at the packed input bits. The caller guarantees rows ≥ 1,
// out ≥ 1, every length, and no input bit set at or beyond in.
//
//go:noescape
func stepSpikesAVX512(a *stepArgs)

func stepSpikesAVX512Go(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	stepSpikesAVX512(&a)
}

func archImpls() []*impl {
	return []*impl{
		{
			name:        "avx512",
			denseAbove:  0.4,
			usable:      cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VPOPCNTDQ, cpuid.AVX2, cpuid.FMA3, cpuid.BMI1, cpuid.BMI2),
			requires:    "AVX512F, AVX512_VPOPCNTDQ, AVX2, FMA3, BMI1, BMI2",
			step:        stepAVX512,
			stepSpikes:  stepSpikesAVX512Go,
			learn:       learnAVX512,
			learnSpikes: learnSpikesAVX512,
		},
		{
			name:        "avx2",
			denseAbove:  0.3,
			usable:      cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.BMI1, cpuid.BMI2),
			requires:    "AVX, AVX2, FMA3, BMI1, BMI2",
			step:        stepAVX2,
			stepSpikes:  stepSpikesAVX2Go,
			learn:       learnAVX2,
			learnSpikes: learnSpikesAVX2,
		},
	}
}
