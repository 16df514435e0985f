//go:build gc && !purego

package snn

import "unsafe"

// avx512StepDense is Step for AVX-512F: see stepGeneric for the contract.
// The caller guarantees rows ≥ 1, out ≥ 1 and every length.
//
//go:noescape
func avx512StepDense(a *stepArgs)

// avx512StepSpikes is StepSpikes for AVX-512F: see stepSpikesGeneric.
// a.x points at the packed input bits. The caller guarantees rows ≥ 1,
// out ≥ 1, every length, and no input bit set at or beyond in.
//
//go:noescape
func avx512StepSpikes(a *stepArgs)

// stepDenseAVX512 takes full panels of a one-row step to the YMM stream
// kernel and the rest (a partial last panel: the masked ZMM path) to
// avx512StepDense.
func stepDenseAVX512(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	if streamFullPanels(&a) {
		avx512StepDense(&a)
	}
}

func stepSpikesAVX512(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	avx512StepSpikes(&a)
}
