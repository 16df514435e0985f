package layer_test

import (
	"math/rand/v2"
	"testing"

	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// BenchmarkModel steps a 64-row batch of a 784→1024 layer with one model
// feature at a time, and the original first: each feature's sub-benchmark
// reports its time per step as a ratio to the original's (x-original) in
// the same run.
func BenchmarkModel(b *testing.B) {
	const rows, in, out = 64, 784, 1024
	rng := rand.New(rand.NewPCG(41, 0))
	x := make([]float32, rows*in)
	for i := range x {
		x[i] = rng.Float32()
	}
	small := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64()) * 0.01
		}
		return v
	}
	cases := []struct {
		name string
		opt  layer.Option
	}{
		{"original", nil},
		{"bias", layer.WithBias(small(out))},
		{"fire-above", layer.WithFire(layer.FireAbove)},
		{"delayed-reset", layer.WithDelayedReset(true)},
		{"reset-to-value", layer.WithResetToValue(-0.1)},
		{"recurrent", layer.WithRecurrent(small(out * out))},
		{"adaptive", layer.WithAdaptiveThreshold(0.9, 0.05)},
		{"refractory", layer.WithRefractory(2)},
		{"inhibition", layer.WithLateralInhibition(0.05)},
	}
	var original float64 // ns per step of the original
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			l, err := layer.New(in, out, layer.WithSeed(1), layer.WithThreshold(in/40), c.opt)
			if err != nil {
				b.Fatal(err)
			}
			bt, err := batch.New(l, rows)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				_ = bt.Step(x)
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if c.opt == nil {
				original = ns
			}
			if original > 0 {
				b.ReportMetric(ns/original, "x-original")
			}
		})
	}
}
