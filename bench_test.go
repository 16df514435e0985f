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
			for _, layout := range []string{"rowmajor", "packed"} {
				b.Run(fmt.Sprintf("w=%s/%dx%dx%d", layout, s.Rows, s.In, s.Out), func(b *testing.B) {
					n, x, w, v, spikes := benchCase(s)
					wv := RowMajor(w)
					if layout == "packed" {
						p := NewPacked(s.In, s.Out)
						p.CopyFrom(w)
						wv = p.Weights()
					}
					b.SetBytes(int64(4 * len(w)))
					for b.Loop() {
						stepWith(im, n, s, x, wv, v, spikes, allColumns(s))
					}
					b.ReportMetric(2*float64(s.Rows*s.In*s.Out)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	})
}

func BenchmarkStepSpikes(b *testing.B) {
	forEachUsable(b, func(b *testing.B, im *impl) {
		s := Shape{64, 4096, 1024}
		n, _, w, v, spikes := benchCase(s)
		r := rand.New(rand.NewPCG(2, 3))
		x := randomBits(r, s.Rows, s.In, 0.05)
		p := NewPacked(s.In, s.Out)
		p.CopyFrom(w)
		events := float64(Bits(x).Count()) * float64(s.Out)
		for b.Loop() {
			stepSpikesWith(im, n, s, x, p.Weights(), v, spikes, allColumns(s))
		}
		b.ReportMetric(events*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gevents/s")
	})
}

// BenchmarkLearn is the Hebbian update after a 64×784×1024 step with about
// 10% of neurons spiking: compare with BenchmarkStep of the same shape.
func BenchmarkLearn(b *testing.B) {
	forEachUsable(b, func(b *testing.B, im *impl) {
		s := Shape{64, 784, 1024}
		n, x, w, v, spikes := benchCase(s)
		p := NewPacked(s.In, s.Out)
		p.CopyFrom(w)
		stepWith(im, n, s, x, p.Weights(), v, spikes, allColumns(s))
		b.ReportMetric(float64(Bits(spikes).Count())/float64(s.Rows*s.Out), "spikerate")
		h := DefaultHebbian()
		h.PreThreshold = 0.5
		for b.Loop() {
			learnWith(im, h, s, x, spikes, p.Weights(), allColumns(s))
		}
	})
}
