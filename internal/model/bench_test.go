package model

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/spikekernel/snn"
)

// BenchmarkFeature times a step of 64 rows × 784 inputs → 1024 neurons with
// each feature alone through Step, interleaved with the plain fused
// snn.Step on the same sizes, and reports the extra time as a fraction of
// the plain step ("extra"; 0.05 is 5% slower), from the fastest of each
// (the machine may be shared; the minimum is the least noisy).
func BenchmarkFeature(b *testing.B) {
	s := snn.Shape{Rows: 64, In: 784, Out: 1024}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range append([]string{"none"}, features...) {
		b.Run(f, func(b *testing.B) {
			p := randomParams(rng, false, f)
			p.Decay, p.Threshold = 0.5, 0.6
			if p.Reset == snn.ResetSubtract {
				p.Reset = snn.ResetZero
			}
			l := randomLayer(rng, p, false, false, s)
			l.newInput(rng, false)
			plainW := PackWeights(Default(), s.In, s.Out, nil, l.w, nil).Weights()
			w := PackWeights(p, s.In, s.Out, l.bias, l.w, l.rec).Weights()
			plainV, plainS := l.modelState().V, l.modelState().Spikes
			st := l.modelState()
			var sc Scratch
			snn.Step(Default().Neuron(), s, l.dense, plainW, plainV, plainS) // warm up
			Step(p, s, l.dense, w, st, &sc)
			plain, model := time.Duration(1<<62), time.Duration(1<<62)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				snn.Step(Default().Neuron(), s, l.dense, plainW, plainV, plainS)
				t1 := time.Now()
				Step(p, s, l.dense, w, st, &sc)
				plain, model = min(plain, t1.Sub(t0)), min(model, time.Since(t1))
			}
			b.ReportMetric(float64(model-plain)/float64(plain), "extra")
			b.ReportMetric(float64(plain.Nanoseconds()), "plain-min-ns")
			b.ReportMetric(float64(model.Nanoseconds()), "model-min-ns")
		})
	}
}
