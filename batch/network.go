package batch

import (
	"fmt"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// Network is a stack of layers stepped together over Rows independent
// states: the first layer takes the input, and each next layer the spikes
// of the one before it, in the same step, through the spike-input path.
// Learning is switched per layer (Layer(i).SetLearning).
type Network struct {
	layers []*Batch
}

// NewNetwork returns a network of rows states through layers, which must
// chain (layers[i].Out() == layers[i+1].In()). The options apply to every
// layer's batch; they share one pool.
func NewNetwork(rows int, layers []*layer.Layer, opts ...Option) (*Network, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("batch.NewNetwork: no layers: %w", snn.ErrShape)
	}
	n := &Network{}
	for i, l := range layers {
		if i > 0 && layers[i-1].Out() != l.In() {
			return nil, fmt.Errorf("batch.NewNetwork: layer %d has %d outputs but layer %d has %d inputs: %w",
				i-1, layers[i-1].Out(), i, l.In(), snn.ErrShape)
		}
		b, err := New(l, rows, opts...)
		if err != nil {
			return nil, err
		}
		n.layers = append(n.layers, b)
	}
	return n, nil
}

// Layers returns the number of layers.
func (n *Network) Layers() int { return len(n.layers) }

// Layer returns the batch of states of layer i: its spikes, states,
// counts and learning switch.
func (n *Network) Layer(i int) *Batch { return n.layers[i] }

// Output returns the last layer's batch.
func (n *Network) Output() *Batch { return n.layers[len(n.layers)-1] }

// Step advances every layer by one time step on x, Rows×In(first layer)
// values. On bad input it returns an error and changes nothing.
func (n *Network) Step(x []float32) error {
	if err := n.layers[0].Step(x); err != nil {
		return err
	}
	return n.feed()
}

// StepSpikes is Step on spike input: Rows×Words(In) words of packed bits.
func (n *Network) StepSpikes(x []uint64) error {
	if err := n.layers[0].StepSpikes(x); err != nil {
		return err
	}
	return n.feed()
}

func (n *Network) feed() error {
	for i := 1; i < len(n.layers); i++ {
		if err := n.layers[i].StepSpikes(n.layers[i-1].Spikes()); err != nil {
			return err // cannot happen: shapes were checked when the network was built
		}
	}
	return nil
}
