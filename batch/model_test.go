package batch_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/layer"
)

// modelOptions returns the options of a layer of out neurons with the
// features named, their arrays drawn from rng.
func modelOptions(rng *rand.Rand, out int, names ...string) []layer.Option {
	draw := func(n int) []float32 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = float32(rng.NormFloat64()) * 0.3
		}
		return xs
	}
	opts := []layer.Option{layer.WithReset(snn.ResetSubtract)}
	for _, n := range names {
		switch n {
		case "bias":
			opts = append(opts, layer.WithBias(draw(out)))
		case "above":
			opts = append(opts, layer.WithFire(layer.FireAbove))
		case "delayed":
			opts = append(opts, layer.WithDelayedReset(true))
		case "tovalue":
			opts = append(opts, layer.WithResetToValue(-0.25))
		case "recurrent":
			opts = append(opts, layer.WithRecurrent(draw(out*out)))
		case "adaptive":
			opts = append(opts, layer.WithAdaptiveThreshold(0.875, 0.125))
		case "refractory":
			opts = append(opts, layer.WithRefractory(2))
		case "inhibition":
			opts = append(opts, layer.WithLateralInhibition(0.375))
		default:
			panic(n)
		}
	}
	return opts
}

var modelCombos = [][]string{
	{"bias"}, {"above"}, {"delayed"}, {"tovalue"}, {"recurrent"}, {"adaptive"}, {"refractory"}, {"inhibition"},
	{"bias", "above", "delayed", "recurrent"},
	{"adaptive", "refractory", "tovalue", "inhibition"},
	{"bias", "above", "delayed", "tovalue", "recurrent", "adaptive", "refractory", "inhibition"},
}

func f32bits(xs []float32) []uint32 {
	b := make([]uint32, len(xs))
	for i, x := range xs {
		b[i] = math.Float32bits(x)
	}
	return b
}

// TestModelBatchRowsEqualLayers steps a batch of a model layer on a pool
// whose tiles split rows and panels, and one independent layer per row:
// every row equals its layer bit for bit, dense and spike input (both
// paths), on every backend.
func TestModelBatchRowsEqualLayers(t *testing.T) {
	pool := batch.NewPool(3)
	defer pool.Close()
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(21, 0))
		const rows, in, out = 26, 150, 200 // 2·26·150·200 FLOPs: tiled
		for _, names := range modelCombos {
			t.Run(fmt.Sprint(names), func(t *testing.T) {
				opts := modelOptions(rng, out, names...)
				w := randomInput(rng, in*out)
				for i := range w {
					w[i] = (w[i] - 0.45) * 0.3
				}
				l, err := layer.FromWeights(in, out, w, make([]float32, out), opts...)
				require.NoError(t, err)
				rowLayers := make([]*layer.Layer, rows)
				for r := range rowLayers {
					rowLayers[r], err = layer.FromWeights(in, out, w, make([]float32, out), opts...)
					require.NoError(t, err)
				}
				for _, mode := range []batch.SpikeInput{batch.SpikeInputEvents, batch.SpikeInputDense} {
					b, err := batch.New(l, rows, batch.WithPool(pool), batch.WithSpikeInput(mode))
					require.NoError(t, err)
					b.ResetState() // as the layers: at the reset value
					for r := range rowLayers {
						rowLayers[r].ResetState()
					}
					spikes := 0
					for step := range 8 {
						if step%2 == 0 {
							x := randomInput(rng, rows*in)
							require.NoError(t, b.Step(x))
							for r, rl := range rowLayers {
								require.NoError(t, rl.Step(x[r*in:(r+1)*in]))
							}
						} else {
							x := randomSpikes(rng, rows, in, 0.4)
							require.NoError(t, b.StepSpikes(x))
							for r, rl := range rowLayers {
								require.NoError(t, rl.StepSpikes(x[r*snn.Words(in):(r+1)*snn.Words(in)]))
							}
						}
						v, th, refr := b.State(nil), b.Theta(nil), b.Refractory(nil)
						for r, rl := range rowLayers {
							msg := fmt.Sprintf("mode %d step %d row %d", mode, step, r)
							require.Equal(t, f32bits(rl.State(nil)), f32bits(v[r*out:(r+1)*out]), msg)
							require.Equal(t, rl.Spikes(nil), b.SpikesRow(r), msg)
							require.Equal(t, f32bits(rl.Theta(nil)), f32bits(th[min(len(th), r*out):min(len(th), (r+1)*out)]), msg)
							require.Equal(t, rl.Refractory(nil), refr[min(len(refr), r*out):min(len(refr), (r+1)*out)], msg)
						}
						spikes += b.SpikeCount()
					}
					require.NotZero(t, spikes)
				}
			})
		}
	})
}

// TestModelBatchRunAndNetwork checks that Run equals stepping for a model
// batch, and a network of model layers equals its layers stepped by hand.
func TestModelBatchRunAndNetwork(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(22, 0))
		names := modelCombos[len(modelCombos)-1]
		l1 := newLayer(t, 40, 70, 1, modelOptions(rng, 70, names...)...)
		l2 := newLayer(t, 70, 20, 2, modelOptions(rng, 20, "bias", "above", "delayed")...)
		const rows, steps = 5, 7
		x := randomInput(rng, steps*rows*40)
		net, err := batch.NewNetwork(rows, []*layer.Layer{l1, l2}, batch.WithCounts(true))
		require.NoError(t, err)
		rec := layer.Record{Spikes: make([]uint64, steps*rows), Counts: make([]uint32, rows*20)}
		require.NoError(t, net.Run(layer.Sequence{Steps: steps, Dense: x}, rec))

		b1, err := batch.New(l1, rows)
		require.NoError(t, err)
		b2, err := batch.New(l2, rows, batch.WithCounts(true))
		require.NoError(t, err)
		for s := range steps {
			require.NoError(t, b1.Step(x[s*rows*40:(s+1)*rows*40]))
			require.NoError(t, b2.StepSpikes(b1.Spikes()))
			require.Equal(t, b2.Spikes(), rec.Spikes[s*rows:(s+1)*rows], "step %d", s)
		}
		require.Equal(t, b2.Counts(), rec.Counts)
		for i, b := range []*batch.Batch{b1, b2} {
			require.Equal(t, f32bits(b.State(nil)), f32bits(net.Batch(i).State(nil)))
			require.Equal(t, f32bits(b.Theta(nil)), f32bits(net.Batch(i).Theta(nil)))
			require.Equal(t, b.Refractory(nil), net.Batch(i).Refractory(nil))
		}
		require.NotZero(t, b2.Counts()[0]+b2.Counts()[1]+b2.Counts()[2]+uint32(b1.SpikeCount()))

		// Batch.Run of the first layer equals b1's steps.
		r1, err := batch.New(l1, rows)
		require.NoError(t, err)
		require.NoError(t, r1.Run(layer.Sequence{Steps: steps, Dense: x}, layer.Record{}))
		require.Equal(t, f32bits(b1.State(nil)), f32bits(r1.State(nil)))
		require.Equal(t, b1.Spikes(), r1.Spikes())
		require.Equal(t, f32bits(b1.Theta(nil)), f32bits(r1.Theta(nil)))
		require.Equal(t, b1.Refractory(nil), r1.Refractory(nil))

		net.ResetState()
		require.Equal(t, make([]uint64, rows*2), net.Batch(0).Spikes())
		require.Equal(t, make([]float32, rows*70), net.Batch(0).Theta(nil))
		require.Equal(t, make([]int32, rows*70), net.Batch(0).Refractory(nil))
		for _, v := range net.Batch(0).State(nil) {
			require.Equal(t, float32(-0.25), v)
		}
	})
}

func TestModelBatchErrorsAndRestore(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 0))
	l := newLayer(t, 6, 4, 3, modelOptions(rng, 4, "bias", "adaptive", "refractory")...)
	_, err := batch.New(l, 2, batch.WithLearning(true))
	require.ErrorIs(t, err, snn.ErrParameter)
	b, err := batch.New(l, 2)
	require.NoError(t, err)
	b.SetLearning(true)
	require.False(t, b.Learning())
	for range 4 {
		require.NoError(t, b.Step(randomInput(rng, 12)))
	}
	theta, refr, spikes := b.Theta(nil), b.Refractory(nil), append([]uint64{}, b.Spikes()...)
	require.ErrorIs(t, b.RestoreModelState(theta[1:], refr), snn.ErrShape)
	require.ErrorIs(t, b.RestoreModelState(theta, refr[1:]), snn.ErrShape)
	bad := append([]int32{}, refr...)
	bad[5] = 3
	require.ErrorIs(t, b.RestoreModelState(theta, bad), snn.ErrParameter)
	require.ErrorIs(t, b.RestoreSpikes([]uint64{0, 1 << 4}), snn.ErrShape)
	require.Equal(t, theta, b.Theta(nil))
	require.Equal(t, refr, b.Refractory(nil))
	require.Equal(t, spikes, b.Spikes())

	c, err := batch.New(l, 2)
	require.NoError(t, err)
	require.NoError(t, c.RestoreState(b.State(nil)))
	require.NoError(t, c.RestoreModelState(theta, refr))
	require.NoError(t, c.RestoreSpikes(spikes))
	for range 5 {
		x := randomInput(rng, 12)
		require.NoError(t, b.Step(x))
		require.NoError(t, c.Step(x))
		require.Equal(t, f32bits(b.State(nil)), f32bits(c.State(nil)))
		require.Equal(t, b.Spikes(), c.Spikes())
		require.Equal(t, f32bits(b.Theta(nil)), f32bits(c.Theta(nil)))
		require.Equal(t, b.Refractory(nil), c.Refractory(nil))
	}
	require.NoError(t, b.Resize(3))
	require.Len(t, b.Theta(nil), 12)
	require.Len(t, b.Refractory(nil), 12)
}

func TestModelBatchStepAllocations(t *testing.T) {
	pool := batch.NewPool(2)
	defer pool.Close()
	rng := rand.New(rand.NewPCG(24, 0))
	const rows, in, out = 20, 150, 200
	l := newLayer(t, in, out, 4, modelOptions(rng, out, modelCombos[len(modelCombos)-1]...)...)
	b, err := batch.New(l, rows, batch.WithPool(pool))
	require.NoError(t, err)
	x, xs := randomInput(rng, rows*in), randomSpikes(rng, rows, in, 0.2)
	require.NoError(t, b.Step(x))
	require.NoError(t, b.StepSpikes(xs))
	require.Zero(t, testing.AllocsPerRun(10, func() { _ = b.Step(x) }))
	require.Zero(t, testing.AllocsPerRun(10, func() { _ = b.StepSpikes(xs) }))
}

func TestBatchRefusesSTDPLearning(t *testing.T) {
	l, err := layer.New(3, 2, layer.WithSeed(1), layer.WithSTDP(layer.STDP{PreDecay: 0.5, PostDecay: 0.5, Window: 4}))
	require.NoError(t, err)
	_, err = batch.New(l, 2, batch.WithLearning(true))
	require.ErrorIs(t, err, snn.ErrParameter)
	b, err := batch.New(l, 2)
	require.NoError(t, err)
	b.SetLearning(true)
	require.False(t, b.Learning())
}
