package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/encode"
	"github.com/spikekernel/snn/internal/mnist"
	"github.com/spikekernel/snn/layer"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x6463)) }

// chunkRows is how many images a batch runs at once.
const chunkRows = 240

// responses shows every image of set to the trained layer with learning
// off and θ fixed, many images at once as independent states of a batch
// on all cores, and returns each image's spike counts (images×n_e). As in
// training, an image that draws fewer than min-spikes spikes is shown
// again, brighter. setID keeps the Poisson streams of different sets
// apart.
func responses(p params, tr trained, set mnist.Set, setID int, seed uint64, threads int) ([]uint32, time.Duration, error) {
	in := set.Rows * set.Cols
	l, err := layer.FromWeights(in, p.nE, tr.w, make([]float32, p.nE), p.layerOptions(false)...)
	if err != nil {
		return nil, 0, err
	}
	pool := batch.NewPool(threads)
	defer pool.Close()
	b, err := batch.New(l, chunkRows, batch.WithCounts(true), batch.WithPool(pool))
	if err != nil {
		return nil, 0, err
	}
	start := time.Now()
	counts := make([]uint32, set.Len()*p.nE)
	intensity := make([]int, set.Len())
	pending := make([]int, set.Len())
	for i := range pending {
		pending[i], intensity[i] = i, 2
	}
	e := newEvaluator(p, b, tr.theta, in, seed)
	for attempt := 0; len(pending) > 0; attempt++ {
		var again []int
		for lo := 0; lo < len(pending); lo += chunkRows {
			chunk := pending[lo:min(len(pending), lo+chunkRows)]
			if err := e.run(set, chunk, intensity, setID, attempt); err != nil {
				return nil, 0, err
			}
			for r, img := range chunk {
				row := b.Counts()[r*p.nE : (r+1)*p.nE]
				copy(counts[img*p.nE:], row)
				if sum(row) < p.minSpikes && intensity[img] < maxIntensity {
					intensity[img]++
					again = append(again, img)
				}
			}
		}
		pending = again
	}
	return counts, time.Since(start), nil
}

func sum(xs []uint32) int {
	n := 0
	for _, x := range xs {
		n += int(x)
	}
	return n
}

// evaluator runs chunks of images through a batch.
type evaluator struct {
	p     params
	b     *batch.Batch
	theta []float32 // θ of every row: the trained θ, tiled
	enc   encode.Poisson
	rates []encode.Rates
	prob  []float32
	x     []uint64
	words int
}

func newEvaluator(p params, b *batch.Batch, theta []float32, in int, seed uint64) *evaluator {
	e := &evaluator{p: p, b: b, enc: encode.Poisson{Seed: seed}, rates: make([]encode.Rates, b.Rows()),
		prob: make([]float32, in), words: snn.Words(in)}
	e.theta = make([]float32, b.Rows()*p.nE)
	for r := range b.Rows() {
		copy(e.theta[r*p.nE:], theta)
	}
	e.x = make([]uint64, b.Rows()*e.words)
	return e
}

// run shows the images of chunk (at most the batch's rows) for one
// presentation; their counts are in the batch's first rows.
func (e *evaluator) run(set mnist.Set, chunk, intensity []int, setID, attempt int) error {
	b := e.b
	b.ResetState()
	if err := b.RestoreModelState(e.theta, make([]int32, len(e.theta))); err != nil {
		return err
	}
	for r := range b.Rows() {
		for i := range e.prob {
			e.prob[i] = 0
		}
		if r < len(chunk) {
			for i, px := range set.Image(chunk[r]) {
				e.prob[i] = e.p.spikeProbability(px, intensity[chunk[r]])
			}
		}
		if err := e.rates[r].Set(e.prob); err != nil {
			return fmt.Errorf("image %d: %w", chunk[min(r, len(chunk)-1)], err)
		}
	}
	for t := range e.p.steps() {
		for r := range b.Rows() {
			img := 0
			if r < len(chunk) {
				img = chunk[r]
			}
			e.enc.Encode(e.x[r*e.words:(r+1)*e.words], &e.rates[r], testStream(setID, img, attempt), uint64(t))
		}
		if err := b.StepSpikes(e.x); err != nil {
			return err
		}
	}
	return nil
}

// evalThreads is the thread count of the evaluation: all cores.
func evalThreads() int { return runtime.GOMAXPROCS(0) }
