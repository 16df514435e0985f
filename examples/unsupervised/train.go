package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/encode"
	"github.com/spikekernel/snn/internal/mnist"
	"github.com/spikekernel/snn/layer"
)

// maxIntensity caps the brightening of an image that the layer does not
// answer: the paper raises it without bound; a layer that stays silent at
// 16 times the rate is not going to learn from that image.
const maxIntensity = 32

// streams of the Poisson encoder: training and testing draw from
// disjoint streams, each (epoch, image, attempt) its own.
func trainStream(epoch, image, attempt int) uint64 {
	return uint64(epoch)<<40 | uint64(image)<<8 | uint64(attempt)
}

func testStream(set, image, attempt int) uint64 {
	return 1<<63 | uint64(set)<<56 | uint64(image)<<8 | uint64(attempt)
}

// trained is what training leaves: the weights and thresholds, and how
// long it took.
type trained struct {
	w        []float32 // 784×n_e, row-major
	theta    []float32 // n_e
	elapsed  time.Duration
	shown    int // presentations, repeats included
	steps    int64
	avgSpike float64 // spikes per presentation
}

// train runs Diehl & Cook's unsupervised training: for each image of each
// epoch, normalise the weights, show the image as Poisson spikes for
// single_example_time with STDP on, and show it again brighter while the
// layer answers with fewer than min-spikes spikes. Between presentations
// the potentials, refractory counters and traces are reset (the paper
// lets them decay during 150 ms of rest); θ is kept.
func train(p params, set mnist.Set, epochs int, seed uint64, progress io.Writer) (trained, error) {
	in := set.Rows * set.Cols
	l, err := newExcitatoryLayer(p, in, seed)
	if err != nil {
		return trained{}, err
	}
	enc := encode.Poisson{Seed: seed}
	var rates encode.Rates
	prob := make([]float32, in)
	x := make([]uint64, snn.Words(in))
	out := make([]uint64, snn.Words(p.nE))
	steps := p.steps()
	start := time.Now()
	var tr trained
	var spikes int64
	for epoch := range epochs {
		for img := range set.Len() {
			if err := l.NormalizeWeights(p.weightSum); err != nil {
				return tr, err
			}
			pixels := set.Image(img)
			for attempt, intensity := 0, 2; ; attempt, intensity = attempt+1, intensity+1 {
				for i, px := range pixels {
					prob[i] = p.spikeProbability(px, intensity)
				}
				if err := rates.Set(prob); err != nil {
					return tr, fmt.Errorf("image %d: %w", img, err)
				}
				l.ResetActivity()
				n := 0
				stream := trainStream(epoch, img, attempt)
				for t := range steps {
					enc.Encode(x, &rates, stream, uint64(t))
					if err := l.StepSpikes(x); err != nil {
						return tr, err
					}
					n += snn.Bits(l.Spikes(out[:0])).Count()
				}
				tr.shown++
				spikes += int64(n)
				if n >= p.minSpikes || intensity >= maxIntensity {
					break
				}
			}
			if progress != nil && (img+1)%10000 == 0 {
				fmt.Fprintf(progress, "epoch %d: %d images, %.0f s\n", epoch+1, img+1, time.Since(start).Seconds())
			}
		}
	}
	tr.elapsed = time.Since(start)
	tr.steps = int64(tr.shown) * int64(steps)
	tr.avgSpike = float64(spikes) / float64(max(1, tr.shown))
	tr.w = l.Weights(nil)
	tr.theta = l.Theta(nil)
	return tr, nil
}

// newExcitatoryLayer returns the learning layer with the paper's initial
// weights: uniform in [0, 0.3) (their random XeAe matrix), drawn from
// seed.
func newExcitatoryLayer(p params, in int, seed uint64) (*layer.Layer, error) {
	w := make([]float32, in*p.nE)
	r := newRand(seed)
	for i := range w {
		w[i] = float32(r.Float64() * 0.3)
	}
	return layer.FromWeights(in, p.nE, w, make([]float32, p.nE), p.layerOptions(true)...)
}
