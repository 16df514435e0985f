package batch_test

import (
	"fmt"

	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// Many independent trials of one layer in one call per step.
func ExampleBatch() {
	l, _ := layer.New(4, 3, layer.WithSeed(1))
	trials, _ := batch.New(l, 1000, batch.WithCounts(true))
	x := make([]float32, 1000*4)
	for i := range x {
		x[i] = float32(i%7) / 7
	}
	for step := 0; step < 10; step++ {
		if err := trials.Step(x); err != nil {
			panic(err)
		}
	}
	fmt.Println(trials.Rows(), "trials,", trials.Steps(), "steps")
	// Output: 1000 trials, 10 steps
}

// A stack of layers: each layer's spikes feed the next in the same step.
func ExampleNetwork() {
	l1, _ := layer.New(784, 100, layer.WithSeed(1))
	l2, _ := layer.New(100, 10, layer.WithSeed(2))
	net, _ := batch.NewNetwork(32, []*layer.Layer{l1, l2}, batch.WithCounts(true))
	net.Batch(0).SetLearning(true)
	x := make([]float32, 32*784)
	for step := 0; step < 5; step++ {
		if err := net.Step(x); err != nil {
			panic(err)
		}
	}
	rates := net.Output().Rates(nil) // spikes per step, 32 states × 10 neurons
	fmt.Println(len(rates))
	// Output: 320
}
