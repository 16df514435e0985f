package npy

import (
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// The calls into package batch's Network are here alone, so that a change
// of its API changes this file only.

// stage is the batch of states of one position of a network.
type stage = batch.Batch

// stageCount returns the number of positions (layers, a shared layer
// counted at each of its positions) of n.
func stageCount(n *batch.Network) int { return n.NumLayers() }

// stageAt returns the batch of position k of n.
func stageAt(n *batch.Network, k int) *stage { return n.Batch(k) }

// newNetwork builds a network of rows states through layers.
func newNetwork(rows int, layers []*layer.Layer, opts ...batch.Option) (*batch.Network, error) {
	return batch.NewNetwork(rows, layers, opts...)
}
