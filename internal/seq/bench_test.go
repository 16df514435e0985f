package seq

import (
	"fmt"
	"testing"

	"github.com/spikekernel/snn"
)

// BenchmarkRun compares a run of T steps of one state with the product
// alone (a step of T rows) and with T single steps.
func BenchmarkRun(b *testing.B) {
	for _, c := range []struct{ rows, in, out, steps int }{{1, 784, 1024, 64}, {1, 4096, 4096, 64}, {16, 784, 1024, 64}} {
		s := snn.Shape{Rows: c.rows, In: c.in, Out: c.out}
		p := snn.NewPacked(s.In, s.Out)
		w := make([]float32, s.In*s.Out)
		for i := range w {
			w[i] = float32(i%7) * 0.001
		}
		p.CopyFrom(w)
		x := make([]float32, c.steps*s.Rows*s.In)
		for i := range x {
			x[i] = float32(i%5) * 0.1
		}
		v := make([]float32, s.Rows*s.Out)
		words := snn.Words(s.Out)
		out := Output{Last: make([]uint64, s.Rows*words), Spikes: make([]uint64, c.steps*s.Rows*words)}
		flops := float64(2 * c.steps * c.rows * c.in * c.out)
		name := fmt.Sprintf("%dx%dx%dxT%d", c.rows, c.in, c.out, c.steps)
		var r Runner
		b.Run("run/"+name, func(b *testing.B) {
			for b.Loop() {
				r.Run(snn.DefaultNeuron(), s, c.steps, Input{Dense: x}, p.Weights(), v, out, Inline)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		b.Run("steps/"+name, func(b *testing.B) {
			for b.Loop() {
				for t := range c.steps {
					snn.Step(snn.DefaultNeuron(), s, x[t*s.Rows*s.In:(t+1)*s.Rows*s.In], p.Weights(), v, out.Spikes[t*s.Rows*words:(t+1)*s.Rows*words])
				}
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
		big := snn.Shape{Rows: c.steps * c.rows, In: c.in, Out: c.out}
		acc := make([]float32, big.Rows*big.Out)
		spk := make([]uint64, big.Rows*words)
		b.Run("product/"+name, func(b *testing.B) {
			for b.Loop() {
				Inline(ProductNeuron, big, x, nil, p.Weights(), acc, spk)
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
