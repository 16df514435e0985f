// Package hooks is the door through which package snn and package layer
// hand the project's own packages what users never need: kernels restricted
// to a range of neurons (how package batch splits a step across cores),
// facts of the active backend, and a layer's packed weights. Package snn and
// package layer fill it in their init functions; the type parameters make
// every getter checked against what was set (a mismatch panics at start-up,
// so every test would catch it).
package hooks

import "sync/atomic"

// Kernels is package snn's kernel set for the project's own packages, with
// N, H, S and W standing for snn.Neuron, snn.Hebbian, snn.Shape and
// snn.Weights (this package cannot import snn, which imports it).
//
// The ...Columns kernels are snn's Step, StepSpikes, Learn and LearnSpikes
// restricted to the neurons [j0, j1): j0 a multiple of 64, j1 a multiple of
// 64 or Out; v and spikes hold all neurons and only the range's change.
// Calls on disjoint ranges may run concurrently and together give exactly
// the bits of one full call.
type Kernels[N, H, S, W any] struct {
	StepColumns        func(n N, s S, x []float32, w W, v []float32, spikes []uint64, j0, j1 int)
	StepSpikesColumns  func(n N, s S, x []uint64, w W, v []float32, spikes []uint64, j0, j1 int)
	LearnColumns       func(h H, s S, x []float32, spikes []uint64, w W, j0, j1 int)
	LearnSpikesColumns func(h H, s S, x, spikes []uint64, w W, j0, j1 int)
	// ProductColumns writes the input part of a step on dense x (SPEC §7:
	// the sum Step adds to the decayed state, bit for bit) of the neurons
	// [j0, j1) to acc (Rows×Out, overwritten there); spikes (Rows×
	// Words(Out)) is scratch whose bits in the range may change.
	ProductColumns func(s S, x []float32, w W, acc []float32, spikes []uint64, j0, j1 int)
	// DenseAbove is the active backend's spike-input crossover: the
	// fraction of set input bits above which expanding spikes to floats and
	// taking the dense kernel is faster than the event-driven one.
	DenseAbove func() float64
	// Assembly reports whether the active backend runs assembly (false for
	// generic): helpers with assembly of their own follow it.
	Assembly func() bool
	// CompiledBackends lists every backend in this build, usable on this
	// CPU or not, best first (for the tests that run each one).
	CompiledBackends func() []string
	// Width names the vector registers the named backend computes in
	// ("zmm", "ymm", "neon" or "scalar"; "" for an unknown name).
	Width func(backend string) string
	// PackedData returns the data of packed weights (element (i, j) at
	// (j/64)·In·64 + i·64 + j%64, see snn.Packed), nil for row-major ones:
	// for learning rules that touch a few weights or whole panels at a
	// time (internal/stdp, weight normalisation).
	PackedData func(w W) []float32
}

var (
	kernels      atomic.Value
	layerWeights atomic.Value
)

// SetKernels records package snn's kernel set.
func SetKernels[K any](k K) { kernels.Store(k) }

// GetKernels returns the kernel set recorded by SetKernels.
func GetKernels[K any]() K { return kernels.Load().(K) }

// SetLayerWeights records package layer's accessor of a layer's packed
// weights (which the layer does not export).
func SetLayerWeights[F any](f F) { layerWeights.Store(f) }

// GetLayerWeights returns the accessor recorded by SetLayerWeights.
func GetLayerWeights[F any]() F { return layerWeights.Load().(F) }
