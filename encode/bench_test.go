package encode_test

import (
	"math"
	"testing"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/encode"
)

// mnistLikeRates is a 28×28 ring (a "0") of about 150 nonzero pixels, its
// intensities shown at intensity/4 Hz for 0.5 ms steps (p ≤ 0.032), as in
// Diehl & Cook.
func mnistLikeRates() []float32 {
	p := make([]float32, 784)
	for y := range 28 {
		for x := range 28 {
			d := math.Hypot(float64(x)-13.5, float64(y)-13.5)
			if edge := 1 - math.Abs(d-8.5)/1.6; edge > 0 {
				p[y*28+x] = float32(math.Round(255*edge)) * 0.25 * 0.0005
			}
		}
	}
	return p
}

// denseRates has all 784 inputs nonzero, p up to 0.032.
func denseRates() []float32 {
	p := make([]float32, 784)
	for i := range p {
		p[i] = float32(1+i%255) * 0.25 * 0.0005
	}
	return p
}

// benchmarkEncode reports ns per step (ns/op), spikes per step and the
// number of nonzero inputs.
func benchmarkEncode(b *testing.B, p []float32) {
	var r encode.Rates
	if err := r.Set(p); err != nil {
		b.Fatal(err)
	}
	dst := make([]uint64, snn.Words(r.Len()))
	e := encode.Poisson{Seed: 1}
	spikes, step := 0, uint64(0)
	for b.Loop() {
		e.Encode(dst, &r, 0, step)
		spikes += snn.Bits(dst).Count()
		step++
	}
	b.ReportMetric(float64(spikes)/float64(step), "spikes/step")
	nonzero := 0
	for _, x := range p {
		if x != 0 {
			nonzero++
		}
	}
	b.ReportMetric(float64(nonzero), "nonzero-inputs")
}

func BenchmarkEncodeMNISTLike(b *testing.B) { benchmarkEncode(b, mnistLikeRates()) }

func BenchmarkEncodeDense784(b *testing.B) { benchmarkEncode(b, denseRates()) }
