// Command tutorial is the original PyTorch tutorial, step by step: a layer
// of 5 leaky integrate-and-fire neurons with 3 inputs, threshold 0.6,
// learning with the Hebbian rule, printing the spikes and the weights.
//
//	go run ./examples/tutorial
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

func main() {
	steps := flag.Int("steps", 10, "time steps")
	seed := flag.Uint64("seed", 42, "seed of the weights, state and inputs")
	flag.Parse()
	if err := run(os.Stdout, *steps, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(out io.Writer, steps int, seed uint64) error {
	// The original: SNNLayer(3, 5) with threshold 0.6, weights and state
	// from torch.randn, decay 0.5, learning rate 0.05.
	l, err := layer.New(3, 5, layer.WithSeed(seed), layer.WithLearning(true))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backend %s\ninitial W (3 inputs × 5 neurons):\n", snn.ActiveBackend())
	printW(out, l)
	r := rand.New(rand.NewPCG(seed, 1))
	x := make([]float32, 3)
	for t := 0; t < steps; t++ {
		for i := range x {
			x[i] = r.Float32() // torch.rand(1, 3)
		}
		if err := l.Step(x); err != nil {
			return err
		}
		fmt.Fprintf(out, "step %2d  x = %.2f  spikes = [", t, x)
		for j := 0; j < l.Out(); j++ {
			if j > 0 {
				fmt.Fprint(out, " ")
			}
			if l.Spiked(j) {
				fmt.Fprint(out, "1")
			} else {
				fmt.Fprint(out, "0")
			}
		}
		fmt.Fprintf(out, "]  state = %.3f\n", l.State(nil))
	}
	fmt.Fprintln(out, "final W:")
	printW(out, l)
	return nil
}

func printW(out io.Writer, l *layer.Layer) {
	w := l.Weights(nil)
	for i := 0; i < l.In(); i++ {
		fmt.Fprintf(out, "  %7.3f\n", w[i*l.Out():(i+1)*l.Out()])
	}
}
