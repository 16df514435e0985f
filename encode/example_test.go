package encode_test

import (
	"fmt"
	"slices"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/encode"
)

// A row of pixel intensities (0–255) shown as Diehl & Cook do: intensity/4
// Hz (at most 63.75 Hz) at 0.5 ms steps, so each pixel spikes at a step
// with probability intensity/4 · 0.0005. One image is one stream; its
// steps can be drawn in any order, on any thread, with the same result.
func ExamplePoisson_Encode() {
	pixels := []uint8{0, 0, 64, 128, 255, 255, 32, 0}
	const hzPerIntensity, dt = 0.25, 0.0005 // Hz, seconds
	p := make([]float32, len(pixels))
	for i, v := range pixels {
		p[i] = float32(v) * hzPerIntensity * dt
	}
	var rates encode.Rates
	if err := rates.Set(p); err != nil {
		panic(err)
	}
	e := encode.Poisson{Seed: 2015}
	const image = 0 // the stream: one per image
	spikes := make([]uint64, snn.Words(rates.Len()))
	counts := make([]int, rates.Len())
	shown := 0
	for step := range uint64(700) { // a 350 ms presentation
		e.Encode(spikes, &rates, image, step)
		for i := range snn.Bits(spikes).All() {
			counts[i]++
		}
		if spikes[0] != 0 && shown < 3 {
			fmt.Printf("step %d: inputs %v\n", step, slices.Collect(snn.Bits(spikes).All()))
			shown++
		}
	}
	fmt.Println("p:", p)
	fmt.Println("spikes in 350 ms:", counts)
	// Output:
	// step 6: inputs [4]
	// step 17: inputs [5]
	// step 23: inputs [4]
	// p: [0 0 0.008 0.016 0.031875003 0.031875003 0.004 0]
	// spikes in 350 ms: [0 0 8 5 26 24 5 0]
}
