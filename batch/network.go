package batch

import (
	"fmt"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// Network is a stack of layers stepped together over Rows independent
// states: the first layer takes the input, and each next layer the spikes
// of the one before it, in the same step, through the spike-input path.
// Learning is switched per layer (Batch(i).SetLearning). The zero Network
// has no layers: its steps return an error; use NewNetwork.
type Network struct {
	batches []*Batch
	links   [][]uint64 // scratch of Run: the spikes of a chunk of steps between layers
}

// NewNetwork returns a network of rows states through layers, which must
// be non-nil and chain (layers[i].Out() == layers[i+1].In()). The options
// apply to every layer's batch; they share one pool. Rows are checked as
// by New.
func NewNetwork(rows int, layers []*layer.Layer, opts ...Option) (*Network, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("batch.NewNetwork: no layers: %w", snn.ErrShape)
	}
	for i, l := range layers {
		if l == nil {
			return nil, fmt.Errorf("batch.NewNetwork: layer %d is nil: %w", i, snn.ErrParameter)
		}
		if i > 0 && layers[i-1].Out() != l.In() {
			return nil, fmt.Errorf("batch.NewNetwork: layer %d has %d outputs but layer %d has %d inputs: %w",
				i-1, layers[i-1].Out(), i, l.In(), snn.ErrShape)
		}
	}
	n := &Network{}
	for _, l := range layers {
		b, err := New(l, rows, opts...)
		if err != nil {
			return nil, err
		}
		n.batches = append(n.batches, b)
	}
	return n, nil
}

// NumLayers returns the number of layers.
func (n *Network) NumLayers() int { return len(n.batches) }

// Batch returns the batch of states of layer i: its spikes, states,
// counts and learning switch.
func (n *Network) Batch(i int) *Batch { return n.batches[i] }

// Output returns the last layer's batch, or nil for the zero Network.
func (n *Network) Output() *Batch {
	if len(n.batches) == 0 {
		return nil
	}
	return n.batches[len(n.batches)-1]
}

// Rows returns the number of states (of the first layer's batch; 0 for
// the zero Network).
func (n *Network) Rows() int {
	if len(n.batches) == 0 {
		return 0
	}
	return n.batches[0].Rows()
}

// Resize changes the number of states of every layer's batch to rows, as
// Batch.Resize. Every batch is checked first: on an error nothing changes.
func (n *Network) Resize(rows int) error {
	for _, b := range n.batches {
		if err := b.checkRows("batch.Network.Resize", rows); err != nil {
			return err
		}
	}
	for _, b := range n.batches {
		b.resize(rows)
	}
	return nil
}

// Step advances every layer by one time step on x, Rows×In(first layer)
// values. Every layer and the input are checked before any layer steps:
// on an error nothing changes.
func (n *Network) Step(x []float32) error {
	if err := n.checkRows("batch.Network.Step"); err != nil {
		return err
	}
	if err := n.batches[0].checkInput("batch.Network.Step", x); err != nil {
		return err
	}
	n.batches[0].step(x)
	n.feed()
	return nil
}

// StepSpikes is Step on spike input: Rows×Words(In) words of packed bits.
func (n *Network) StepSpikes(x []uint64) error {
	if err := n.checkRows("batch.Network.StepSpikes"); err != nil {
		return err
	}
	if err := n.batches[0].checkSpikeInput("batch.Network.StepSpikes", x); err != nil {
		return err
	}
	n.batches[0].stepSpikes(x)
	n.feed()
	return nil
}

// checkRows returns an error if the network has no layers or its batches
// differ in rows (one was resized alone).
func (n *Network) checkRows(fn string) error {
	if len(n.batches) == 0 {
		return fmt.Errorf("%s: network has no layers: %w", fn, snn.ErrShape)
	}
	for i, b := range n.batches[1:] {
		if b.Rows() != n.batches[0].Rows() {
			return fmt.Errorf("%s: layer %d has %d rows but layer 0 has %d (resize a network with Network.Resize): %w", fn,
				i+1, b.Rows(), n.batches[0].Rows(), snn.ErrShape)
		}
	}
	return nil
}

// feed steps every layer after the first on the spikes of the one before:
// shapes were checked when the network was built, rows by checkRows, and
// the kernels set no spike bit beyond a layer's neurons.
func (n *Network) feed() {
	for i := 1; i < len(n.batches); i++ {
		n.batches[i].stepSpikes(n.batches[i-1].Spikes())
	}
}
