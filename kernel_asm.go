//go:build gc && !purego && (amd64 || arm64)

package snn

import (
	"unsafe"
)

// The Go side of the assembly backends shared by amd64 and arm64.
//
// Naming: an assembly function (TEXT symbol) is <isa><Op>: avx2StepDense,
// avx512StepSpikes, avx2StepStream, avx512Hebb, neonStepDense. The Go
// function that checks or adapts arguments and calls it is <op><ISA>:
// stepDenseAVX2, stepSpikesAVX512, learnAVX2, potentiateAVX2. A backend's
// impl (backend_amd64.go, kernel_arm64.go) lists only <op><ISA> functions,
// and each calls kernels of its own ISA only.

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
	keep   uint32  // 0 for ResetZero, else all ones: the bits of a state a spike keeps (NEON)
	// For AVX2, which has no broadcast memory operands or opmasks:
	thr8  [8]float32 // Threshold in every lane
	sub8  [8]float32 // subVal in every lane
	zsel8 [8]uint32  // all ones for ResetZero, else 0
	// scratch holds the 16 sums and 16 states of a partial last panel
	// (AVX2, NEON).
	scratch [32]float32
	// next is the distance in bytes from this call's W to the W the next
	// call reads, which a blocked product prefetches into L2 (0: none).
	next int
}

func newStepArgs(n Neuron, s Shape, x unsafe.Pointer, xRow int, w weights, v []float32, spikes []uint64, c colRange) stepArgs {
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
		a.subVal, a.keep = n.Threshold, ^uint32(0)
	default:
		a.keep = ^uint32(0)
	}
	if c.j0 > 0 {
		a.skipPanels(c.j0 / 64)
	}
	a.out = c.j1 - c.j0
	return a
}

// forAVX2 fills the vector constants of the AVX2 kernels.
func (a *stepArgs) forAVX2() {
	for i := range 8 {
		a.thr8[i], a.sub8[i] = a.thr, a.subVal
		if a.zero != 0 {
			a.zsel8[i] = ^uint32(0)
		}
	}
}

// skipPanels moves the neuron range of a past its first k panels of 64.
func (a *stepArgs) skipPanels(k int) {
	if a.in > 0 { // with no inputs W is empty and a.w may be nil
		a.w = (*float32)(unsafe.Add(unsafe.Pointer(a.w), k*a.wPanel))
	}
	a.v = (*float32)(unsafe.Add(unsafe.Pointer(a.v), k*64*4))
	a.spikes = (*uint64)(unsafe.Add(unsafe.Pointer(a.spikes), k*8))
	a.out -= k * 64
}
