package batch_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/internal/race"
	"github.com/spikekernel/snn/layer"
)

func TestMain(m *testing.M) { backendtest.Main(m) }

func newLayer(t *testing.T, in, out int, seed uint64, opts ...layer.Option) *layer.Layer {
	t.Helper()
	l, err := layer.New(in, out, append([]layer.Option{layer.WithSeed(seed), layer.WithThreshold(0.8)}, opts...)...)
	require.NoError(t, err)
	return l
}

func randomInput(r *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = r.Float32()
	}
	return x
}

func randomSpikes(r *rand.Rand, rows, n int, density float64) []uint64 {
	words := snn.Words(n)
	x := make([]uint64, rows*words)
	for row := 0; row < rows; row++ {
		for i := 0; i < n; i++ {
			if r.Float64() < density {
				snn.Bits(x[row*words:]).Set(i, true)
			}
		}
	}
	return x
}

// TestMatchesIndependentLayers: without learning, a batch of B states
// equals B single-state layers stepped one by one, bit for bit.
func TestMatchesIndependentLayers(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		const rows, in, out = 13, 70, 130
		proto := newLayer(t, in, out, 1)
		w := proto.Weights(nil)
		b, err := batch.New(proto, rows, batch.WithPool(batch.NewPool(3)))
		require.NoError(t, err)
		singles := make([]*layer.Layer, rows)
		for r := range singles {
			singles[r], err = layer.FromWeights(in, out, w, make([]float32, out), layer.WithThreshold(0.8))
			require.NoError(t, err)
		}
		rng := rand.New(rand.NewPCG(2, 3))
		for step := 0; step < 20; step++ {
			var xs []uint64
			if step%2 == 0 {
				x := randomInput(rng, rows*in)
				require.NoError(t, b.Step(x))
				for r, l := range singles {
					require.NoError(t, l.Step(x[r*in:(r+1)*in]))
				}
			} else {
				xs = randomSpikes(rng, rows, in, 0.3*float64(step%4))
				require.NoError(t, b.StepSpikes(xs))
				for r, l := range singles {
					require.NoError(t, l.StepSpikes(xs[r*snn.Words(in):(r+1)*snn.Words(in)]))
				}
			}
			state := b.State(nil)
			for r, l := range singles {
				require.Equal(t, l.Spikes(nil), b.SpikesRow(r), "step %d row %d spikes", step, r)
				require.Equal(t, bitsOf(l.State(nil)), bitsOf(state[r*out:(r+1)*out]), "step %d row %d state", step, r)
			}
		}
	})
}

func bitsOf(f []float32) []uint32 {
	u := make([]uint32, len(f))
	for i, x := range f {
		u[i] = math.Float32bits(x)
	}
	return u
}

// run steps a fresh network of the given shape with learning on in the
// first layer and returns every layer's final W, states and spikes.
func runNetwork(t *testing.T, threads int, mode batch.SpikeInput) [][]uint32 {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 6))
	l1 := newLayer(t, 100, 150, 11)
	l2 := newLayer(t, 150, 70, 12)
	l3 := newLayer(t, 70, 10, 13)
	pool := batch.NewPool(threads)
	defer pool.Close()
	n, err := batch.NewNetwork(37, []*layer.Layer{l1, l2, l3}, batch.WithPool(pool), batch.WithSpikeInput(mode), batch.WithCounts(true))
	require.NoError(t, err)
	n.Batch(0).SetLearning(true)
	n.Batch(1).SetLearning(true)
	for step := 0; step < 15; step++ {
		require.NoError(t, n.Step(randomInput(rng, 37*100)))
	}
	var out [][]uint32
	for i := 0; i < n.NumLayers(); i++ {
		b := n.Batch(i)
		out = append(out, bitsOf(b.Layer().Weights(nil)), bitsOf(b.State(nil)), bitsOf(b.Rates(nil)))
	}
	return out
}

// TestThreadCountsAgree: 1, 2, 3 and 7 threads and every spike-input mode
// give identical bits.
func TestThreadCountsAgree(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		want := runNetwork(t, 1, batch.SpikeInputEvents)
		for _, threads := range []int{2, 3, 7} {
			for _, mode := range []batch.SpikeInput{batch.SpikeInputAuto, batch.SpikeInputEvents, batch.SpikeInputDense} {
				require.Equal(t, want, runNetwork(t, threads, mode), "threads %d mode %d", threads, mode)
			}
		}
	})
}

// TestLearningMatchesBatchedRule compares a learning batch with the
// kernels called directly on all rows at once, single-threaded.
func TestLearningMatchesBatchedRule(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		const rows, in, out = 50, 64, 200
		l := newLayer(t, in, out, 21, layer.WithWeightBounds(-1, 1))
		ref := snn.NewPacked(in, out)
		ref.CopyFrom(l.Weights(nil))
		b, err := batch.New(l, rows, batch.WithLearning(true), batch.WithPool(batch.NewPool(4)))
		require.NoError(t, err)
		v := make([]float32, rows*out)
		spikes := make([]uint64, rows*snn.Words(out))
		s := snn.Shape{Rows: rows, In: in, Out: out}
		rng := rand.New(rand.NewPCG(7, 8))
		for step := 0; step < 10; step++ {
			x := randomInput(rng, rows*in)
			require.NoError(t, b.Step(x))
			snn.Step(l.Neuron(), s, x, ref.Weights(), v, spikes)
			snn.Learn(l.Hebbian(), s, x, spikes, ref.Weights())
			require.Equal(t, spikes, b.Spikes())
			require.Equal(t, bitsOf(ref.AppendTo(nil)), bitsOf(l.Weights(nil)), "step %d", step)
		}
	})
}

func TestErrorsChangeNothing(t *testing.T) {
	l := newLayer(t, 5, 3, 1)
	b, err := batch.New(l, 4, batch.WithLearning(true))
	require.NoError(t, err)
	require.NoError(t, b.Step(make([]float32, 20)))
	before, w := b.State(nil), l.Weights(nil)
	x := make([]float32, 20)
	x[2*5+3] = float32(math.NaN())
	err = b.Step(x)
	require.ErrorIs(t, err, snn.ErrNonFinite)
	require.ErrorContains(t, err, "x[2, 3] = NaN")
	require.ErrorIs(t, b.Step(x[:19]), snn.ErrShape)
	require.ErrorIs(t, b.StepSpikes(make([]uint64, 3)), snn.ErrShape)
	require.ErrorContains(t, b.StepSpikes([]uint64{0, 0, 1 << 5, 0}), "row 2 of x has a bit set at or beyond 5")
	require.ErrorIs(t, b.SetState(make([]float32, 11)), snn.ErrShape)
	require.ErrorContains(t, b.SetStateRow(1, []float32{0, float32(math.Inf(1)), 0}), "v[1] = +Inf")
	require.Equal(t, before, b.State(nil))
	require.Equal(t, w, l.Weights(nil))
	_, err = batch.NewNetwork(2, []*layer.Layer{l, newLayer(t, 4, 2, 2)})
	require.ErrorContains(t, err, "layer 0 has 3 outputs but layer 1 has 4 inputs")
}

func TestAutoSpikeInput(t *testing.T) {
	l := newLayer(t, 256, 64, 3)
	b, err := batch.New(l, 8)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(9, 9))
	require.NoError(t, b.StepSpikes(randomSpikes(rng, 8, 256, 0.02)))
	require.False(t, b.LastStepDense())
	require.NoError(t, b.StepSpikes(randomSpikes(rng, 8, 256, 0.6)))
	require.Equal(t, batch.DenseAbove() < 0.55, b.LastStepDense())
}

func TestCountsResizeReset(t *testing.T) {
	l := newLayer(t, 3, 5, 4)
	b, err := batch.New(l, 2, batch.WithCounts(true))
	require.NoError(t, err)
	total := 0
	for step := 0; step < 10; step++ {
		require.NoError(t, b.Step([]float32{1, 1, 1, 0, 0, 0}))
		total += b.SpikeCount()
	}
	sum := 0
	for _, c := range b.Counts() {
		sum += int(c)
	}
	require.Equal(t, total, sum)
	require.Equal(t, 10, b.Steps())
	rates := b.Rates(nil)
	require.InDelta(t, float64(b.Counts()[0])/10, float64(rates[0]), 1e-7)
	state := b.State(nil)
	require.NoError(t, b.Resize(3))
	require.Equal(t, state, b.State(nil)[:10])
	require.Equal(t, make([]float32, 5), b.State(nil)[10:])
	b.ResetState()
	require.Equal(t, make([]float32, 15), b.State(nil))
	require.Zero(t, b.Steps())
}

func TestStepAllocatesNothing(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing")
	}
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 1))
		pool := batch.NewPool(2)
		defer pool.Close()
		n, err := batch.NewNetwork(64, []*layer.Layer{newLayer(t, 200, 300, 1), newLayer(t, 300, 20, 2)},
			batch.WithPool(pool), batch.WithCounts(true))
		require.NoError(t, err)
		n.Batch(0).SetLearning(true)
		x := randomInput(rng, 64*200)
		require.NoError(t, n.Step(x)) // warm-up
		allocs := testing.AllocsPerRun(20, func() { _ = n.Step(x) })
		require.Zero(t, allocs)
	})
}
