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

// neonHebb applies the update described by a (learn_asm.go); see
// learnGeneric for the contract.
//
//go:noescape
func neonHebb(a *hebbArgs)

func stepDenseNEON(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, v, spikes, c)
	clearSpikes(spikes, s, c)
	neonStepDense(&a)
}

func stepSpikesNEON(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	a := newStepArgs(n, s, unsafe.Pointer(unsafe.SliceData(x)), 8*Words(s.In), w, v, spikes, c)
	clearSpikes(spikes, s, c)
	neonStepSpikes(&a)
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
