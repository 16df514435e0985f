package layer_test

import (
	"fmt"

	"github.com/spikekernel/snn/layer"
)

// An snnTorch Leaky layer from an nn.Linear(2, 1) (weight out×in), shown
// a constant current: with beta 0.9 and threshold 1, the membrane fires
// when it passes 1 and loses 1 on the next step (reset_delay).
func ExampleSnnTorchLeaky() {
	weight := []float32{0.5, 0.25} // fc.weight: neuron 0 ← inputs 0, 1
	bias := []float32{0.1}         // fc.bias
	l, err := layer.SnnTorchLeaky(weight, bias, 2, 1, 0.9, 1)
	if err != nil {
		panic(err)
	}
	show(l, []float32{1, 1})
	// Output:
	// spike false membrane 0.8500
	// spike true membrane 1.6150
	// spike true membrane 1.3035
	// spike true membrane 1.0231
	// spike false membrane 0.7708
}

// An snnTorch RLeaky layer: the recurrent nn.Linear(1, 1) feeds the
// neuron's previous spike back, here inhibiting it.
func ExampleSnnTorchRLeaky() {
	l, err := layer.SnnTorchRLeaky([]float32{0.8}, []float32{0}, []float32{-0.5}, []float32{0}, 1, 1, 0.9, 1)
	if err != nil {
		panic(err)
	}
	show(l, []float32{1})
	// Output:
	// spike false membrane 0.8000
	// spike true membrane 1.5200
	// spike false membrane 0.6680
	// spike true membrane 1.4012
	// spike false membrane 0.5611
}

// A SpikingJelly LIFNode (tau 2, hard reset to v_reset 0) after an
// nn.Linear(1, 1): the membrane moves halfway towards the input each step
// and returns to v_reset when it reaches v_threshold.
func ExampleSpikingJellyLIF() {
	l, err := layer.SpikingJellyLIF([]float32{1.5}, nil, 1, 1, 2, 1, 0)
	if err != nil {
		panic(err)
	}
	show(l, []float32{1})
	// Output:
	// spike false membrane 0.7500
	// spike true membrane 0.0000
	// spike false membrane 0.7500
	// spike true membrane 0.0000
	// spike false membrane 0.7500
}

// show steps l five times on x and prints neuron 0.
func show(l *layer.Layer, x []float32) {
	for range 5 {
		if err := l.Step(x); err != nil {
			panic(err)
		}
		fmt.Printf("spike %v membrane %.4f\n", l.Spiked(0), l.State(nil)[0])
	}
}
