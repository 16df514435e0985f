package batch_test

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// BenchmarkStep steps B states of a 1024×1024 layer on 1 and 2 threads.
func BenchmarkStep(b *testing.B) {
	for _, rows := range []int{256, 1024} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("rows=%d/threads=%d", rows, threads), func(b *testing.B) {
				l, _ := layer.New(1024, 1024, layer.WithSeed(1), layer.WithThreshold(23))
				pool := batch.NewPool(threads)
				defer pool.Close()
				bt, _ := batch.New(l, rows, batch.WithPool(pool))
				x := randomInput(rand.New(rand.NewPCG(1, 2)), rows*1024)
				for b.Loop() {
					_ = bt.Step(x)
				}
				b.ReportMetric(2*float64(rows)*1024*1024*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkSpikeInput compares the event-driven and the dense path of
// spike input across densities (to place DenseAbove).
func BenchmarkSpikeInput(b *testing.B) {
	for _, density := range []float64{0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5} {
		for _, mode := range []batch.SpikeInput{batch.SpikeInputEvents, batch.SpikeInputDense} {
			b.Run(fmt.Sprintf("density=%g/mode=%d", density, mode), func(b *testing.B) {
				l, _ := layer.New(1024, 1024, layer.WithSeed(1))
				pool := batch.NewPool(1)
				defer pool.Close()
				bt, _ := batch.New(l, 64, batch.WithPool(pool), batch.WithSpikeInput(mode))
				x := randomSpikes(rand.New(rand.NewPCG(1, 2)), 64, 1024, density)
				events := 0
				for _, w := range x {
					events += bits.OnesCount64(w)
				}
				for b.Loop() {
					_ = bt.StepSpikes(x)
				}
				b.ReportMetric(float64(events)*1024*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gevents/s")
			})
		}
	}
}

// BenchmarkSingleState measures one state of a 784-input layer on 1 and 2
// threads (split by panels of neurons) across widths, to place the
// crossover below which a step stays inline (inlineFLOPs).
func BenchmarkSingleState(b *testing.B) {
	for _, out := range []int{64, 128, 256, 512, 1024} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("784x%d/threads=%d", out, threads), func(b *testing.B) {
				l, _ := layer.New(784, out, layer.WithSeed(1))
				pool := batch.NewPool(threads)
				defer pool.Close()
				defer batch.SetInlineFLOPs(0)()
				bt, _ := batch.New(l, 1, batch.WithPool(pool))
				x := make([]float32, 784)
				for b.Loop() {
					_ = bt.Step(x)
				}
			})
		}
	}
}
