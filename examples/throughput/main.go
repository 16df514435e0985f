// Command throughput runs many independent trials of a layer at once with
// package batch, on all cores, and prints trials per second.
//
//	go run ./examples/throughput -trials 4096 -steps 100
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

func main() {
	trials := flag.Int("trials", 4096, "independent trials (states) stepped together")
	steps := flag.Int("steps", 100, "time steps per trial")
	in := flag.Int("in", 784, "inputs")
	out := flag.Int("out", 256, "neurons")
	flag.Parse()
	if err := run(os.Stdout, *trials, *steps, *in, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, trials, steps, in, out int) error {
	l, err := layer.New(in, out, layer.WithSeed(1), layer.WithThreshold(float32(in)/50))
	if err != nil {
		return err
	}
	b, err := batch.New(l, trials, batch.WithCounts(true))
	if err != nil {
		return err
	}
	// Each trial sees its own random input each step.
	x := make([]float32, trials*in)
	r := rand.New(rand.NewPCG(2, 3))
	for i := range x {
		x[i] = r.Float32()
	}
	start := time.Now()
	for t := 0; t < steps; t++ {
		if err := b.Step(x); err != nil {
			return err
		}
	}
	el := time.Since(start)
	total := 0
	for _, c := range b.Counts() {
		total += int(c)
	}
	fmt.Fprintf(w, "%d trials × %d steps of a %d→%d layer on %s, %d threads: %v\n",
		trials, steps, in, out, snn.ActiveBackend(), batch.DefaultPool().Threads(), el.Round(time.Millisecond))
	fmt.Fprintf(w, "%.0f trials/s (%.0f trial-steps/s), mean spike rate %.3f\n",
		float64(trials)/el.Seconds(), float64(trials*steps)/el.Seconds(), float64(total)/float64(trials*steps*out))
	return nil
}
