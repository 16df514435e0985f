// Command bench measures the snn kernels on this CPU.
//
//	go run ./bench
package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

func main() {
	fmt.Printf("backend %s (usable: %v)\n", snn.ActiveBackend(), snn.Backends())
	for _, sz := range [][2]int{{3, 5}, {784, 1024}} {
		l, err := layer.New(sz[0], sz[1], layer.WithSeed(1), layer.WithLearning(false))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		x := make([]float32, sz[0])
		for i := range x {
			x[i] = float32(i%7) / 7
		}
		res := testing.Benchmark(func(b *testing.B) {
			for b.Loop() {
				_ = l.Step(x)
			}
		})
		ns := float64(res.T.Nanoseconds()) / float64(res.N)
		fmt.Printf("layer/1x%dx%d  %12.0f ns/step  %12.0f steps/s\n", sz[0], sz[1], ns, float64(time.Second)/ns)
	}
}
