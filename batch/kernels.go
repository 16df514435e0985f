package batch

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/hooks"
	"github.com/spikekernel/snn/internal/kernels"
	"github.com/spikekernel/snn/internal/model"
	"github.com/spikekernel/snn/layer"
)

// This file is where package batch reaches what users never see: the
// layer's packed weights and the column-range kernels of package snn, both
// through internal/hooks.

// kern is package snn's kernel set (recorded in snn's init, which runs
// before this package's).
var kern = kernels.Get()

// layerModel returns l's weights W' = [bias; W; V] in the kernels' packed
// layout, shared with l (a learning step changes them in place), and its
// model parameters.
var layerModel = hooks.GetLayerWeights[func(*layer.Layer) (*snn.Packed, model.Params)]()

// packedWeights returns l's packed weights W'.
func packedWeights(l *layer.Layer) *snn.Packed {
	w, _ := layerModel(l)
	return w
}

// stepColumns is one tile of a dense step: neurons [j0, j1) of s.Rows rows.
func stepColumns(n snn.Neuron, s snn.Shape, x []float32, w *snn.Packed, v []float32, spikes []uint64, j0, j1 int) {
	kern.StepColumns(n, s, x, w.Weights(), v, spikes, j0, j1)
}

// productColumns is one tile of a run's product: the input part of
// neurons [j0, j1) of s.Rows stacked rows into acc.
func productColumns(s snn.Shape, x []float32, w *snn.Packed, acc []float32, spikes []uint64, j0, j1 int) {
	kern.ProductColumns(s, x, w.Weights(), acc, spikes, j0, j1)
}

// stepSpikesColumns is one tile of an event-driven step on spike input.
func stepSpikesColumns(n snn.Neuron, s snn.Shape, x []uint64, w *snn.Packed, v []float32, spikes []uint64, j0, j1 int) {
	kern.StepSpikesColumns(n, s, x, w.Weights(), v, spikes, j0, j1)
}

// learnColumns is one tile of the batched Hebbian rule on float input:
// the weights of neurons [j0, j1), summed over all rows.
func learnColumns(h snn.Hebbian, s snn.Shape, x []float32, spikes []uint64, w *snn.Packed, j0, j1 int) {
	kern.LearnColumns(h, s, x, spikes, w.Weights(), j0, j1)
}

// learnSpikesColumns is learnColumns on spike input.
func learnSpikesColumns(h snn.Hebbian, s snn.Shape, x []uint64, spikes []uint64, w *snn.Packed, j0, j1 int) {
	kern.LearnSpikesColumns(h, s, x, spikes, w.Weights(), j0, j1)
}
