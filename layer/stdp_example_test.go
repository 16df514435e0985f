package layer_test

import (
	"fmt"

	"github.com/spikekernel/snn/layer"
)

// A winner-take-all layer that learns by STDP, as in Diehl & Cook (2015):
// input 0 drives both neurons, neuron 0 a little more. Neuron 0 reaches
// its threshold first; its spike lowers neuron 1 by 2 at the next step, so
// neuron 1 never fires. Each spike of neuron 0 potentiates its weight from
// input 0, which fired just before; normalising then rescales each
// neuron's weights to sum to 1.
func ExampleWithSTDP() {
	w := []float32{ // 2 inputs × 2 neurons
		0.6, 0.5,
		0.1, 0.1,
	}
	l, err := layer.FromWeights(2, 2, w, make([]float32, 2),
		layer.WithDecay(0.9), layer.WithThreshold(1),
		layer.WithLateralInhibition(2), layer.WithRefractory(2),
		layer.WithSTDP(layer.STDP{PreDecay: 0.5, PostDecay: 0.5, NuPre: 0.01, NuPost: 0.1, Window: 8}),
		layer.WithWeightBounds(0, 1), layer.WithLearning(true))
	if err != nil {
		panic(err)
	}
	for t := range 6 {
		if err := l.StepSpikes([]uint64{0b01}); err != nil { // input 0 spikes at every step
			panic(err)
		}
		fmt.Printf("step %d: spikes %v %v\n", t, l.Spiked(0), l.Spiked(1))
	}
	if err := l.NormalizeWeights(1); err != nil { // each neuron's weights sum to 1
		panic(err)
	}
	fmt.Printf("W after normalising: %.3f\n", l.Weights(nil))
	// Output:
	// step 0: spikes false false
	// step 1: spikes true false
	// step 2: spikes false false
	// step 3: spikes false false
	// step 4: spikes false false
	// step 5: spikes true false
	// W after normalising: [0.888 0.833 0.112 0.167]
}
