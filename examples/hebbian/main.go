// Command hebbian learns noisy bars without supervision. Each 8×8 input
// shows one horizontal or vertical bar (16 patterns) plus noise; a layer
// of 16 leaky integrate-and-fire neurons steps on it, and the Hebbian rule
// of the original (w += rate from inputs above the threshold, −= from the
// others) is applied to the spiking neuron that receives the strongest
// current, a winner-take-all that makes neurons specialise on different
// bars. It draws, with gonum.org/v1/plot, the learned weights of every
// neuron as a grid of heat maps on one colour scale with a colour bar
// (receptive_fields.png) and a labelled spike raster of the last 240 steps
// (raster.png), and prints how well the neurons specialised.
//
//	go run ./examples/hebbian -out /tmp
package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

const (
	side     = 8           // images are side × side
	inputs   = side * side // one input per pixel
	patterns = 2 * side    // horizontal and vertical bars
	neurons  = 16
)

func main() {
	presentations := flag.Int("n", 4000, "bars shown during training")
	outDir := flag.String("out", ".", "folder for receptive_fields.png and raster.png")
	seed := flag.Uint64("seed", 7, "seed of the weights and the inputs")
	flag.Parse()
	if err := run(os.Stdout, *presentations, *outDir, *seed); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// bar writes pattern p (0–7 horizontal rows, 8–15 vertical columns) into
// x, with each pixel flipped on with probability noise.
func bar(x []float32, p int, noise float64, r *rand.Rand) {
	for i := range x {
		x[i] = 0
		if r.Float64() < noise {
			x[i] = 1
		}
	}
	for k := 0; k < side; k++ {
		if p < side {
			x[p*side+k] = 1
		} else {
			x[k*side+p-side] = 1
		}
	}
}

// trainer runs the slice API of package snn directly: the layer's
// parameters, its own packed weights and state, so that it can apply the
// Hebbian rule to the winner only.
type trainer struct {
	n       snn.Neuron
	h       snn.Hebbian
	shape   snn.Shape
	w       *snn.Packed
	v       []float32
	current []float32 // x @ W, from the kernel with decay 0 and no threshold
	spikes  []uint64
	winner  []uint64
}

func newTrainer(seed uint64) (*trainer, error) {
	r := rand.New(rand.NewPCG(seed, 11))
	w := make([]float32, inputs*neurons)
	for i := range w {
		w[i] = 0.3 * r.Float32() // small positive weights
	}
	l, err := layer.FromWeights(inputs, neurons, w, make([]float32, neurons),
		layer.WithThreshold(1.2), layer.WithPreThreshold(0.5), layer.WithLearningRate(0.02), layer.WithWeightBounds(0, 1))
	if err != nil {
		return nil, err
	}
	s := snn.Shape{Rows: 1, In: inputs, Out: neurons}
	p := snn.NewPacked(inputs, neurons)
	p.CopyFrom(l.Weights(nil))
	return &trainer{n: l.Neuron(), h: l.Hebbian(), shape: s, w: p, v: l.State(nil), current: make([]float32, neurons),
		spikes: make([]uint64, 1), winner: make([]uint64, 1)}, nil
}

// currents computes x @ W with the step kernel itself: decay 0, a
// threshold no value reaches, no reset, so the state is the current.
func (t *trainer) currents(x []float32) {
	clear(t.current)
	n := snn.Neuron{Decay: 0, Threshold: float32(math.Inf(1)), Reset: snn.ResetNone}
	snn.Step(n, t.shape, x, t.w.Weights(), t.current, t.spikes)
}

// step runs the layer on x and, if learn, applies the Hebbian rule to the
// spiking neuron with the largest current. It returns the spike word.
func (t *trainer) step(x []float32, learn bool) (uint64, error) {
	snn.Step(t.n, t.shape, x, t.w.Weights(), t.v, t.spikes)
	spikes := t.spikes[0]
	if learn && spikes != 0 {
		t.currents(x)
		best := -1
		for j := 0; j < neurons; j++ {
			if spikes>>j&1 != 0 && (best < 0 || t.current[j] > t.current[best]) {
				best = j
			}
		}
		t.winner[0] = 1 << best
		snn.Learn(t.h, t.shape, x, t.winner, t.w.Weights())
	}
	return spikes, nil
}

func run(out io.Writer, presentations int, outDir string, seed uint64) error {
	t, err := newTrainer(seed)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 12))
	x := make([]float32, inputs)
	const stepsPerBar = 3
	var raster []uint64
	for n := 0; n < presentations; n++ {
		bar(x, r.IntN(patterns), 0.05, r)
		for k := 0; k < stepsPerBar; k++ {
			spikes, err := t.step(x, true)
			if err != nil {
				return err
			}
			raster = append(raster, spikes)
		}
		clear(t.v) // rest between bars
	}

	// Specialisation: each neuron's current for each clean bar.
	pref := make([]int, neurons)
	owners := make(map[int]int)
	selectivity := 0.0
	for j := range pref {
		pref[j] = -1
	}
	resp := make([][]float32, patterns)
	for p := 0; p < patterns; p++ {
		bar(x, p, 0, r)
		t.currents(x)
		resp[p] = append([]float32(nil), t.current...)
	}
	for j := 0; j < neurons; j++ {
		best, sum := 0, float32(0)
		for p := 0; p < patterns; p++ {
			sum += max(0, resp[p][j])
			if resp[p][j] > resp[best][j] {
				best = p
			}
		}
		if resp[best][j] > 0 {
			pref[j] = best
			owners[best]++
			selectivity += float64(resp[best][j] / sum)
		}
	}
	fmt.Fprintf(out, "trained on %d noisy bars (%d steps) with the %s backend\n", presentations, len(raster), snn.ActiveBackend())
	fmt.Fprintf(out, "preferred bar of each neuron (0–7 rows, 8–15 columns): %v\n", pref)
	fmt.Fprintf(out, "%d of %d bars have a neuron that prefers them; mean selectivity %.2f\n", len(owners), patterns, selectivity/neurons)
	fmt.Fprintln(out, "(selectivity: a neuron's current for its bar over the sum for all 16 bars: 1/16 = none;")
	fmt.Fprintln(out, " a perfect bar detector scores 8/16 = 0.5, since each of the 8 crossing bars shares one pixel with it)")

	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	fields := filepath.Join(outDir, "receptive_fields.png")
	if err := writeFields(fields, t.w.AppendTo(nil), pref); err != nil {
		return err
	}
	first := max(0, len(raster)-240)
	rasterFile := filepath.Join(outDir, "raster.png")
	if err := writeRaster(rasterFile, first, raster[first:]); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s and %s\n", fields, rasterFile)
	return nil
}
