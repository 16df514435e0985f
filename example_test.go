package snn_test

import (
	"fmt"
	"math"
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

// Which backend runs, which could, and how to switch: every backend gives
// the same bits, so the choice (best by default, or forced with
// SNN_BACKEND) changes only speed. The output is the same whichever
// backend is active when the example starts.
func ExampleActiveBackend() {
	started := snn.ActiveBackend()
	defer snn.SetBackend(started)

	usable := snn.Backends() // best first, "generic" last
	fmt.Println(slices.Contains(usable, started), usable[len(usable)-1])

	if err := snn.SetBackend("generic"); err != nil {
		panic(err)
	}
	fmt.Println(snn.ActiveBackend())

	// The same step on every usable backend: the same bits as generic's.
	s := snn.Shape{Rows: 1, In: 2, Out: 3}
	w := []float32{0.7, 0.2, 0.6, 0.1, 0.9, 0}
	results := map[string]bool{}
	for _, name := range usable {
		if err := snn.SetBackend(name); err != nil {
			panic(err)
		}
		v, spikes := make([]float32, s.Out), make([]uint64, snn.Words(s.Out))
		snn.Step(snn.DefaultNeuron(), s, []float32{1, 1}, snn.RowMajor(w), v, spikes)
		bits := make([]uint32, len(v))
		for i := range v {
			bits[i] = math.Float32bits(v[i])
		}
		results[fmt.Sprint(bits, spikes)] = true
	}
	fmt.Println("distinct results over the usable backends:", len(results))
	// Output:
	// true generic
	// generic
	// distinct results over the usable backends: 1
}
