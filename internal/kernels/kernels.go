// Package kernels gives the project's own packages (batch, bench, the
// tests) what package snn keeps out of its public API: the kernels
// restricted to a range of neurons, the active backend's facts and the
// list of compiled backends. See internal/hooks for how it gets there.
package kernels

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/hooks"
)

// Set is package snn's internal kernel set.
type Set = hooks.Kernels[snn.Neuron, snn.Hebbian, snn.Shape, snn.Weights]

// Get returns the kernel set (package snn records it in its init, which
// runs before any importer's).
func Get() Set { return hooks.GetKernels[Set]() }

// CompiledBackends lists every backend in this build, usable on this CPU
// or not, best first.
func CompiledBackends() []string { return Get().CompiledBackends() }
