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

// stepArgs is the argument block of the step kernels; the assembly reads it
// through go_asm.h (stepArgs_x and so on). All strides are in bytes.
type stepArgs struct {
	x      unsafe.Pointer // dense: float32 rows×in; spike input: uint64 rows×Words(in)
	w      *float32       // W[0, 0]
	v      *float32       // v[0, 0]
	spikes *uint64        // spikes[0]
	rows   int
	in     int
	out    int
	xRow   int // bytes from one x row to the next
	wRow   int // bytes from W[i, j] to W[i+1, j]
	wPanel int // bytes from W[i, j] to W[i, j+64]
	vRow   int // bytes from one v row to the next
	sRow   int // bytes from one spike row to the next
	decay  float32
	thr    float32
	subVal float32 // Threshold for ResetSubtract, else +0 (subtracting +0 is the identity)
	zero   uint32  // 0xFFFF for ResetZero, else 0: the lanes a spike zeroes
}

func newStepArgs(n Neuron, s Shape, x unsafe.Pointer, xRow int, w weights, v []float32, spikes []uint64) stepArgs {
	a := stepArgs{
		x: x, w: unsafe.SliceData(w.data), v: unsafe.SliceData(v), spikes: unsafe.SliceData(spikes),
		rows: s.Rows, in: s.In, out: s.Out,
		xRow: xRow, wRow: 4 * w.rowStride, wPanel: 4 * w.panelStride, vRow: 4 * s.Out, sRow: 8 * Words(s.Out),
		decay: n.Decay, thr: n.Threshold,
	}
	switch n.Reset {
	case ResetZero:
		a.zero = 0xFFFF
	case ResetSubtract:
		a.subVal = n.Threshold
	}
	return a
}

// stepDenseAVX512 is Step for AVX-512F: see stepGeneric for the contract.
// The caller guarantees rows ≥ 1, out ≥ 1 and every length.
//
//go:noescape
func stepDenseAVX512(a *stepArgs)

// stepOneRowAVX512 is stepDenseAVX512 for rows == 1: it streams W with two
// panels in flight and prefetching.
//
//go:noescape
func stepOneRowAVX512(a *stepArgs)

func stepAVX512(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes)
	if s.Rows == 1 {
		stepOneRowAVX512(&a)
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

func stepSpikesAVX512Go(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes)
	stepSpikesAVX512(&a)
}

func archImpls() []*impl {
	return []*impl{
		{
			name:        "avx512",
			usable:      cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VPOPCNTDQ, cpuid.BMI1, cpuid.BMI2),
			requires:    "AVX512F, AVX512_VPOPCNTDQ, BMI1, BMI2",
			step:        stepAVX512,
			stepSpikes:  stepSpikesAVX512Go,
			learn:       learnAVX512,
			learnSpikes: learnSpikesAVX512,
		},
	}
}
