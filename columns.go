package snn

import "github.com/spikekernel/snn/internal/hooks"

// The kernels restricted to a range of neurons, for package batch (which
// splits a step across cores by rows and by panels of 64 neurons, and
// learning by panels only, since the counts of rows are summed). They reach
// it through internal/hooks: users have no use for them.
func init() {
	hooks.SetKernels(hooks.Kernels[Neuron, Hebbian, Shape, Weights]{
		StepColumns: func(n Neuron, s Shape, x []float32, w Weights, v []float32, spikes []uint64, j0, j1 int) {
			stepWith(active.Load(), n, s, x, w, v, spikes, colRange{j0, j1})
		},
		StepSpikesColumns: func(n Neuron, s Shape, x []uint64, w Weights, v []float32, spikes []uint64, j0, j1 int) {
			stepSpikesWith(active.Load(), n, s, x, w, v, spikes, colRange{j0, j1})
		},
		LearnColumns: func(h Hebbian, s Shape, x []float32, spikes []uint64, w Weights, j0, j1 int) {
			learnWith(active.Load(), h, s, x, spikes, w, colRange{j0, j1})
		},
		LearnSpikesColumns: func(h Hebbian, s Shape, x, spikes []uint64, w Weights, j0, j1 int) {
			learnSpikesWith(active.Load(), h, s, x, spikes, w, colRange{j0, j1})
		},
		ProductColumns: func(s Shape, x []float32, w Weights, acc []float32, spikes []uint64, j0, j1 int) {
			productWith(active.Load(), s, x, w, acc, spikes, colRange{j0, j1})
		},
		DenseAbove:       func() float64 { return active.Load().denseAbove },
		Assembly:         func() bool { return active.Load() != genericImpl },
		CompiledBackends: compiledBackends,
		PackedData: func(w Weights) []float32 {
			if w.packed == nil {
				return nil
			}
			return w.packed.data
		},
		Width: func(name string) string {
			for _, im := range registry {
				if im.name == name {
					return im.width
				}
			}
			return ""
		},
	})
}
