//go:build gc && !purego

package snn

import "unsafe"

// avx2StepDense is Step for AVX2 and FMA3: see stepGeneric. The caller
// guarantees rows ≥ 1, out ≥ 1, every length, the AVX2 constants
// (forAVX2) and all-zero spike rows.
//
//go:noescape
func avx2StepDense(a *stepArgs)

// avx2StepSpikes is StepSpikes for AVX2: see stepSpikesGeneric, and
// avx2StepDense for what the caller guarantees.
//
//go:noescape
func avx2StepSpikes(a *stepArgs)

func stepDenseAVX2(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	a.forAVX2()
	clearSpikes(spikes, s, c)
	if streamFullPanels(&a) {
		avx2StepDense(&a)
	}
}

func stepSpikesAVX2(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	a.forAVX2()
	clearSpikes(spikes, s, c)
	if spikesFullPanels(&a, x) {
		avx2StepSpikes(&a)
	}
}
