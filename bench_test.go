package snn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchShapes are the shapes of the bench command's step cases.
var benchShapes = []Shape{
	{1, 784, 1024}, {1, 4096, 4096}, {64, 784, 1024}, {256, 1024, 1024}, {4096, 512, 512},
}

// benchCase makes inputs scaled so that about 10% of neurons spike.
func benchCase(s Shape) (n Neuron, x, w, v []float32, spikes []uint64) {
	r := rand.New(rand.NewPCG(1, uint64(s.In)))
	x = make([]float32, s.Rows*s.In)
	w = make([]float32, s.In*s.Out)
	v = make([]float32, s.Rows*s.Out)
	for i := range x {
		x[i] = r.Float32()
	}
	for i := range w {
		w[i] = float32(r.NormFloat64())
	}
	n = DefaultNeuron()
	// x·w has standard deviation ≈ sqrt(in/3); threshold ≈ 1.28σ spikes ~10%.
	n.Threshold = 1.28 * float32(sqrt(float64(s.In)/3))
	return n, x, w, v, make([]uint64, s.Rows*Words(s.Out))
}

func sqrt(f float64) float64 {
	z := f
	for i := 0; i < 50; i++ {
		z = (z + f/z) / 2
	}
	return z
}

func forEachUsable(b *testing.B, f func(b *testing.B, im *impl)) {
	for _, im := range registry {
		b.Run("backend="+im.name, func(b *testing.B) {
			if !im.usable {
				b.Skip("not usable")
			}
			f(b, im)
		})
	}
}

func BenchmarkStep(b *testing.B) {
	forEachUsable(b, func(b *testing.B, im *impl) {
		for _, s := range benchShapes {
			if im == genericImpl && s.Rows*s.In*s.Out > 1<<24 {
				continue
			}
			b.Run(fmt.Sprintf("%dx%dx%d", s.Rows, s.In, s.Out), func(b *testing.B) {
				n, x, w, v, spikes := benchCase(s)
				b.SetBytes(int64(4 * len(w)))
				for b.Loop() {
					stepWith(im, n, s, x, w, v, spikes)
				}
				b.ReportMetric(2*float64(s.Rows*s.In*s.Out)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	})
}
