//go:build gc && !purego

package snn

//go:generate sh -c "cd _asm && env -u GOOS -u GOARCH go run . -out ../kernel_arm64.s"

import (
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// Why assembly on arm64: Go does not vectorise the step and its software
// fma32 is slow; the NEON kernels keep a 4-row × 16-neuron register tile
// of accumulators with one FMLA per weight and input, and fuse the LIF
// epilogue (kernel_arm64.s). As on amd64, the assembly loops over panels,
// rows and inputs itself and Go checks every length first (kernel.go).

// stepDenseNEON is Step for ASIMD: see stepGeneric. The caller guarantees
// rows ≥ 1, out ≥ 1, every length and all-zero spike rows.
//
//go:noescape
func stepDenseNEON(a *stepArgs)

// stepSpikesNEON is StepSpikes for ASIMD: see stepSpikesGeneric and
// stepDenseNEON.
//
//go:noescape
func stepSpikesNEON(a *stepArgs)

// hebbNEON applies the update described by a (learn_asm.go); see
// learnGeneric for the contract.
//
//go:noescape
func hebbNEON(a *hebbArgs)

func stepNEON(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	clearSpikes(spikes, s, c)
	stepDenseNEON(&a)
}

func stepSpikesNEONGo(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	clearSpikes(spikes, s, c)
	stepSpikesNEON(&a)
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

func learnNEON(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnMasks(h, s, x, spikes, w, c, potentiateGo, hebbKernelNEON)
}

func learnSpikesNEON(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	learnSpikeMasks(h, s, x, spikes, w, c, hebbKernelNEON)
}

func runHebb(_ hebbKernel, a *hebbArgs) { hebbNEON(a) }

func archImpls() []*impl {
	return []*impl{{
		name:        "neon",
		usable:      cpuid.CPU.Supports(cpuid.ASIMD),
		requires:    "ASIMD",
		step:        stepNEON,
		stepSpikes:  stepSpikesNEONGo,
		learn:       learnNEON,
		learnSpikes: learnSpikesNEON,
	}}
}
