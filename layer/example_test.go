package layer_test

import (
	"fmt"

	"github.com/spikekernel/snn/layer"
)

// The original tutorial: 3 inputs, 5 neurons, learning on.
func Example() {
	l, err := layer.New(3, 5, layer.WithSeed(42), layer.WithLearning(true))
	if err != nil {
		panic(err)
	}
	x := []float32{0.9, 0.1, 0.7}
	for step := 0; step < 3; step++ {
		if err := l.Step(x); err != nil {
			panic(err)
		}
		fmt.Print("step ", step, ":")
		for j := 0; j < l.Out(); j++ {
			if l.Spiked(j) {
				fmt.Print(" ", j)
			}
		}
		fmt.Println()
	}
	// Output:
	// step 0: 0
	// step 1: 0
	// step 2: 0
}

// Feeding one layer's spikes to another.
func ExampleLayer_StepSpikes() {
	first, _ := layer.New(4, 8, layer.WithSeed(1))
	second, _ := layer.New(8, 2, layer.WithSeed(2))
	var spikes []uint64
	for step := 0; step < 5; step++ {
		if err := first.Step([]float32{1, 0.5, 0.25, 2}); err != nil {
			panic(err)
		}
		spikes = first.Spikes(spikes)
		if err := second.StepSpikes(spikes); err != nil {
			panic(err)
		}
	}
	fmt.Println(len(second.State(nil)), "states")
	// Output: 2 states
}
