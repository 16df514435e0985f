package snn_test

import (
	"fmt"
	"slices"

	"github.com/spikekernel/snn"
)

// One step of two states through a layer of 2 inputs and 3 neurons.
func ExampleStep() {
	s := snn.Shape{Rows: 2, In: 2, Out: 3}
	x := []float32{1, 0, 0, 1}                 // rows × in
	w := []float32{0.7, 0.2, 0.6, 0.1, 0.9, 0} // in × out
	v := make([]float32, s.Rows*s.Out)         // rows × out, updated in place
	spikes := make([]uint64, s.Rows*snn.Words(s.Out))
	snn.Step(snn.DefaultNeuron(), s, x, snn.RowMajor(w), v, spikes)
	words := snn.Words(s.Out)
	for r := 0; r < s.Rows; r++ {
		row := snn.Bits(spikes[r*words : (r+1)*words])
		fmt.Println(slices.Collect(row.All()), v[r*s.Out:(r+1)*s.Out])
	}
	// Output:
	// [0 2] [0 0.2 0]
	// [1] [0.1 0 0]
}

// The Hebbian rule after a step: neuron 0 spiked, input 0 was above the
// threshold, input 1 was not.
func ExampleLearn() {
	s := snn.Shape{Rows: 1, In: 2, Out: 2}
	w := []float32{0.5, 0.5, 0.5, 0.5}
	snn.Learn(snn.DefaultHebbian(), s, []float32{0.9, 0.1}, []uint64{0b01}, snn.RowMajor(w))
	fmt.Println(w)
	// Output: [0.55 0.5 0.45 0.5]
}

// Which backend runs, and which could.
func ExampleActiveBackend() {
	fmt.Println(snn.ActiveBackend() == snn.Backends()[0])
	// Output: true
}
