package layer_test

import (
	"fmt"
	"testing"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// BenchmarkStep is the checked single-state API: the original's size and
// an MNIST-sized layer, with and without learning, on every backend
// (compare with benchstat -col /backend).
func BenchmarkStep(b *testing.B) {
	for _, name := range snn.Backends() {
		b.Run("backend="+name, func(b *testing.B) {
			prev := snn.ActiveBackend()
			defer snn.SetBackend(prev)
			if err := snn.SetBackend(name); err != nil {
				b.Fatal(err)
			}
			for _, sz := range [][2]int{{3, 5}, {784, 1024}} {
				for _, learn := range []bool{false, true} {
					b.Run(fmt.Sprintf("%dx%d/learn=%v", sz[0], sz[1], learn), func(b *testing.B) {
						l, err := layer.New(sz[0], sz[1], layer.WithSeed(1), layer.WithLearning(learn), layer.WithThreshold(float32(sz[0])/40))
						if err != nil {
							b.Fatal(err)
						}
						x := make([]float32, sz[0])
						for i := range x {
							x[i] = float32(i%10) / 10
						}
						for b.Loop() {
							_ = l.Step(x)
						}
						b.ReportMetric(2*float64(sz[0]*sz[1])*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
					})
				}
			}
		})
	}
}
