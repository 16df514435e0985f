package batch

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// This file is the only place where package batch reaches the layer's
// packed weights and the column-range kernels of package snn, so that
// moving them to an internal path changes these few lines only.

// packedWeights returns l's weights in the kernels' packed layout, shared
// with l (a learning step changes them in place).
func packedWeights(l *layer.Layer) *snn.Packed { return l.Packed() }

// stepColumns is one tile of a dense step: neurons [j0, j1) of s.Rows rows.
func stepColumns(n snn.Neuron, s snn.Shape, x []float32, w *snn.Packed, v []float32, spikes []uint64, j0, j1 int) {
	snn.StepPackedColumns(n, s, x, w, v, spikes, j0, j1)
}

// stepSpikesColumns is one tile of an event-driven step on spike input.
func stepSpikesColumns(n snn.Neuron, s snn.Shape, x []uint64, w *snn.Packed, v []float32, spikes []uint64, j0, j1 int) {
	snn.StepSpikesPackedColumns(n, s, x, w, v, spikes, j0, j1)
}

// learnColumns is one tile of the batched Hebbian rule on float input:
// the weights of neurons [j0, j1), summed over all rows.
func learnColumns(h snn.Hebbian, s snn.Shape, x []float32, spikes []uint64, w *snn.Packed, j0, j1 int) {
	snn.LearnPackedColumns(h, s, x, spikes, w, j0, j1)
}

// learnSpikesColumns is learnColumns on spike input.
func learnSpikesColumns(h snn.Hebbian, s snn.Shape, x []uint64, spikes []uint64, w *snn.Packed, j0, j1 int) {
	snn.LearnSpikesPackedColumns(h, s, x, spikes, w, j0, j1)
}

// denseCrossovers holds, per backend, the input density from which the
// dense step beats the event-driven one on spike input, measured with
// `go test ./batch -bench SpikeInput` (64 states, 1024→1024) on AMD Zen 5.
// NEON, unmeasured, is given AVX2's. A backend not listed (generic, whose
// fused multiply-add is emulated while its adds are not) never takes the
// dense path. This is a fact about the backend: it belongs in snn's
// backend registry, and this table only until it moves there.
var denseCrossovers = map[string]float64{"avx512": 0.4, "avx2": 0.3, "neon": 0.3}

// denseCrossover returns the crossover density of the named backend, or 2
// (never dense) for one not measured.
func denseCrossover(backend string) float64 {
	if d, ok := denseCrossovers[backend]; ok {
		return d
	}
	return 2
}
