package layer_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/internal/race"
	"github.com/spikekernel/snn/layer"
)

func TestNewDefaults(t *testing.T) {
	l, err := layer.New(3, 5, layer.WithSeed(7))
	require.NoError(t, err)
	require.Equal(t, snn.DefaultNeuron(), l.Neuron())
	require.Equal(t, snn.DefaultHebbian(), l.Hebbian())
	require.False(t, l.Learning())
	require.Equal(t, 3, l.In())
	require.Equal(t, 5, l.Out())
	l2, err := layer.New(3, 5, layer.WithSeed(7))
	require.NoError(t, err)
	require.Equal(t, l.Weights(nil), l2.Weights(nil), "same seed, same W")
	require.Equal(t, l.State(nil), l2.State(nil), "same seed, same state")
	l3, err := layer.New(3, 5, layer.WithSeed(8))
	require.NoError(t, err)
	require.NotEqual(t, l.Weights(nil), l3.Weights(nil))
}

func TestOptions(t *testing.T) {
	l, err := layer.New(2, 2, layer.WithThreshold(0.7), layer.WithDecay(-0.25), layer.WithReset(snn.ResetSubtract),
		layer.WithLearningRate(0.01), layer.WithWeightBounds(-1, 1), layer.WithLearning(true))
	require.NoError(t, err)
	require.Equal(t, snn.Neuron{Decay: -0.25, Threshold: 0.7, Reset: snn.ResetSubtract}, l.Neuron())
	require.Equal(t, snn.Hebbian{Rate: 0.01, PreThreshold: 0.7, Bounded: true, WMin: -1, WMax: 1}, l.Hebbian())
	l, err = layer.New(2, 2, layer.WithPreThreshold(0.1), layer.WithThreshold(0.7))
	require.NoError(t, err)
	require.Equal(t, float32(0.1), l.Hebbian().PreThreshold)
}

func TestConstructorErrors(t *testing.T) {
	nan := float32(math.NaN())
	cases := []struct {
		name string
		err  error
		msg  string
		f    func() (*layer.Layer, error)
	}{
		{"negative", snn.ErrShape, "sizes", func() (*layer.Layer, error) { return layer.New(-1, 2) }},
		{"w length", snn.ErrShape, "len(w) = 3, want 4", func() (*layer.Layer, error) { return layer.FromWeights(2, 2, make([]float32, 3), make([]float32, 2)) }},
		{"state length", snn.ErrShape, "len(state) = 1, want 2", func() (*layer.Layer, error) { return layer.FromWeights(2, 2, make([]float32, 4), make([]float32, 1)) }},
		{"w NaN", snn.ErrNonFinite, "w[1, 0] = NaN", func() (*layer.Layer, error) {
			return layer.FromWeights(2, 2, []float32{0, 0, nan, 0}, make([]float32, 2))
		}},
		{"state Inf", snn.ErrNonFinite, "state[1] = +Inf", func() (*layer.Layer, error) {
			return layer.FromWeights(2, 2, make([]float32, 4), []float32{0, float32(math.Inf(1))})
		}},
		{"decay", snn.ErrNonFinite, "Decay = NaN", func() (*layer.Layer, error) { return layer.New(1, 1, layer.WithDecay(nan)) }},
		{"bounds", snn.ErrParameter, "bounds", func() (*layer.Layer, error) { return layer.New(1, 1, layer.WithWeightBounds(1, 0)) }},
		{"reset", snn.ErrParameter, "reset", func() (*layer.Layer, error) { return layer.New(1, 1, layer.WithReset(9)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := c.f()
			require.Nil(t, l)
			require.ErrorIs(t, err, c.err)
			require.ErrorContains(t, err, c.msg)
		})
	}
}

// TestBadInputChangesNothing feeds every kind of bad input and checks that
// the error names it and the layer is exactly as before.
func TestBadInputChangesNothing(t *testing.T) {
	l, err := layer.New(70, 65, layer.WithSeed(1), layer.WithLearning(true))
	require.NoError(t, err)
	x := make([]float32, 70)
	for i := range x {
		x[i] = 1
	}
	require.NoError(t, l.Step(x)) // some spikes to keep
	bad := []struct {
		name string
		err  error
		msg  string
		f    func() error
	}{
		{"short x", snn.ErrShape, "len(x) = 69", func() error { return l.Step(x[:69]) }},
		{"NaN x", snn.ErrNonFinite, "x[69] = NaN", func() error {
			y := append([]float32(nil), x...)
			y[69] = float32(math.NaN())
			return l.Step(y)
		}},
		{"Inf x", snn.ErrNonFinite, "x[3] = -Inf", func() error {
			y := append([]float32(nil), x...)
			y[3] = float32(math.Inf(-1))
			return l.Step(y)
		}},
		{"spike words", snn.ErrShape, "len(x) = 1, want 2", func() error { return l.StepSpikes(make([]uint64, 1)) }},
		{"spike high bit", snn.ErrShape, "bit set at or beyond 70", func() error { return l.StepSpikes([]uint64{0, 1 << 6}) }},
		{"SetWeights", snn.ErrNonFinite, "w[1, 2] = NaN", func() error {
			w := l.Weights(nil)
			w[65+2] = float32(math.NaN())
			return l.SetWeights(w)
		}},
		{"SetWeights length", snn.ErrShape, "len(w)", func() error { return l.SetWeights(nil) }},
		{"SetState", snn.ErrNonFinite, "v[64] = +Inf", func() error {
			v := l.State(nil)
			v[64] = float32(math.Inf(1))
			return l.SetState(v)
		}},
		{"SetState length", snn.ErrShape, "len(v)", func() error { return l.SetState(make([]float32, 64)) }},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			before := snapshot(l)
			err := b.f()
			require.ErrorIs(t, err, b.err)
			require.ErrorContains(t, err, b.msg)
			require.Equal(t, before, snapshot(l))
		})
	}
}

// TestSpikeInputMatchesDense steps two copies of a layer, one on floats and
// one on the same input as spike bits, with learning.
func TestSpikeInputMatchesDense(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		a, err := layer.New(130, 67, layer.WithSeed(3), layer.WithLearning(true))
		require.NoError(t, err)
		b, err := layer.FromWeights(130, 67, a.Weights(nil), a.State(nil), layer.WithLearning(true))
		require.NoError(t, err)
		x := make([]float32, 130)
		bits := make([]uint64, snn.Words(130))
		for step := 0; step < 50; step++ {
			for i := range x {
				x[i] = float32((i*7 + step*3) % 5 / 4) // 0 or 1
			}
			snn.PackSpikes(bits, x)
			require.NoError(t, a.Step(x))
			require.NoError(t, b.StepSpikes(bits))
			require.Equal(t, a.Spikes(nil), b.Spikes(nil))
			require.Equal(t, a.State(nil), b.State(nil))
			require.Equal(t, a.Weights(nil), b.Weights(nil))
		}
	})
}

func TestStepAllocatesNothing(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing")
	}
	l, err := layer.New(784, 100, layer.WithSeed(1), layer.WithLearning(true))
	require.NoError(t, err)
	x := make([]float32, 784)
	for i := range x {
		x[i] = float32(i%10) / 10
	}
	bits := make([]uint64, snn.Words(784))
	var spikes []uint64
	var v []float32
	allocs := testing.AllocsPerRun(10, func() {
		_ = l.Step(x)
		_ = l.StepSpikes(bits)
		spikes = l.Spikes(spikes)
		v = l.State(v)
	})
	require.Zero(t, allocs)
}
