package layer_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

var testRule = layer.STDP{PreDecay: 0.5, PostDecay: 0.75, NuPre: 0.125, NuPost: 0.25, Window: 8}

// TestSTDPByHand follows one input and one neuron through a few steps
// whose every weight change is computed by hand.
func TestSTDPByHand(t *testing.T) {
	l, err := layer.FromWeights(2, 1, []float32{1, 0.5}, []float32{0}, layer.WithDecay(0), layer.WithThreshold(0.75),
		layer.WithSTDP(testRule), layer.WithLearning(true))
	require.NoError(t, err)
	// Step 0: input 0 spikes, the neuron spikes: potentiation by NuPost·x = 0.25.
	require.NoError(t, l.StepSpikes([]uint64{0b01}))
	require.True(t, l.Spiked(0))
	require.Equal(t, []float32{1.25, 0.5}, l.Weights(nil))
	// Step 1: input 1 spikes: depression by NuPre·y = 0.125·0.75; 0.5 < 0.75, no spike.
	require.NoError(t, l.StepSpikes([]uint64{0b10}))
	require.False(t, l.Spiked(0))
	require.Equal(t, []float32{1.25, 0.5 - 0.125*0.75}, l.Weights(nil))
	// Step 2: both spike, the neuron spikes. Depression first (y = 0.75²),
	// then potentiation: x0 = 1, x1 = 1 (this step's spikes).
	require.NoError(t, l.StepSpikes([]uint64{0b11}))
	require.True(t, l.Spiked(0))
	w1 := float32(float32(0.5-0.125*0.75) - float32(0.125*0.5625))
	require.Equal(t, []float32{float32(float32(1.25-0.125*0.5625) + 0.25), float32(w1 + 0.25)}, l.Weights(nil))

	// ResetActivity forgets the traces: an input spike now depresses nothing.
	l.ResetActivity()
	before := l.Weights(nil)
	require.NoError(t, l.StepSpikes([]uint64{0b10})) // 0.59 < 0.75: no spike
	require.False(t, l.Spiked(0))
	require.Equal(t, before, l.Weights(nil))
}

// TestSTDPDenseEqualsSpikes checks that a dense 0/1 input learns exactly as
// the same spikes, and that learning off changes nothing.
func TestSTDPDenseEqualsSpikes(t *testing.T) {
	const in, out = 70, 130
	opts := []layer.Option{layer.WithSeed(3), layer.WithSTDP(testRule), layer.WithLearning(true), layer.WithThreshold(1),
		layer.WithWeightBounds(-1, 1)}
	a, err := layer.New(in, out, opts...)
	require.NoError(t, err)
	b, err := layer.New(in, out, opts...)
	require.NoError(t, err)
	x := make([]float32, in)
	bits := make([]uint64, snn.Words(in))
	spikes := 0
	for step := range 40 {
		clear(bits)
		for i := range x {
			x[i] = 0
			if (i*7+step*3)%5 == 0 {
				x[i] = 1
				snn.Bits(bits).Set(i, true)
			}
		}
		require.NoError(t, a.Step(x))
		require.NoError(t, b.StepSpikes(bits))
		spikes += snn.Bits(a.Spikes(nil)).Count()
	}
	require.Positive(t, spikes)
	require.Equal(t, bitsOf(a.Weights(nil)), bitsOf(b.Weights(nil)))
	w0, _ := layer.New(in, out, opts...)
	start, changed := w0.Weights(nil), 0
	for k, w := range a.Weights(nil) {
		if w != start[k] {
			changed++
			require.True(t, w >= -1 && w <= 1, "a changed weight is clamped to the bounds")
		}
	}
	require.Positive(t, changed)
	r, ok := a.STDP()
	require.True(t, ok)
	require.Equal(t, testRule, r)

	a.SetLearning(false)
	before := a.Weights(nil)
	require.NoError(t, a.Step(x))
	require.Equal(t, before, a.Weights(nil))
	a.SetLearning(true)
	require.Zero(t, testing.AllocsPerRun(200, func() { _ = a.StepSpikes(bits) }))
}

func TestSTDPValidation(t *testing.T) {
	nan := float32(math.NaN())
	for _, c := range []struct {
		r    layer.STDP
		err  error
		want string
	}{
		{layer.STDP{PreDecay: nan, PostDecay: 0.5, Window: 1}, snn.ErrNonFinite, "PreDecay"},
		{layer.STDP{PreDecay: 0.5, PostDecay: 2, Window: 1}, snn.ErrParameter, "PostDecay"},
		{layer.STDP{PreDecay: 0.5, PostDecay: 0.5, NuPre: float32(math.Inf(-1)), Window: 1}, snn.ErrNonFinite, "NuPre"},
		{layer.STDP{PreDecay: 0.5, PostDecay: 0.5, Window: 0}, snn.ErrParameter, "Window"},
	} {
		_, err := layer.New(3, 2, layer.WithSTDP(c.r))
		require.ErrorIs(t, err, c.err)
		require.ErrorContains(t, err, c.want)
	}
	o, err := layer.New(3, 2)
	require.NoError(t, err)
	_, ok := o.STDP()
	require.False(t, ok)
}

func TestNormalizeWeights(t *testing.T) {
	const in, out = 5, 67 // two panels, the second padded
	w := make([]float32, in*out)
	for i := range w {
		w[i] = float32(i%7) * 0.25
	}
	for i := range in {
		w[i*out+3] = 0 // a neuron with no weight: left alone
	}
	l, err := layer.FromWeights(in, out, w, make([]float32, out), layer.WithBias(make([]float32, out)))
	require.NoError(t, err)
	require.ErrorIs(t, l.NormalizeWeights(float32(math.NaN())), snn.ErrNonFinite)
	require.Equal(t, w, l.Weights(nil), "an error changes nothing")
	require.NoError(t, l.NormalizeWeights(10))
	got := l.Weights(nil)
	for j := range out {
		var s float32
		for i := range in {
			s = float32(s + w[i*out+j])
		}
		for i := range in {
			want := w[i*out+j]
			if s != 0 {
				want = float32(want * float32(10/s))
			}
			require.Equal(t, math.Float32bits(want), math.Float32bits(got[i*out+j]), "w[%d,%d]", i, j)
		}
	}
	require.Equal(t, make([]float32, out), l.Model().Bias, "the bias is not normalised")
}

// TestSTDPTriplet: with Triplet, a neuron's first spike potentiates
// nothing (y2 = 0 before it), its second by NuPost·x·y2.
func TestSTDPTriplet(t *testing.T) {
	r := testRule
	r.Triplet, r.Post2Decay, r.NuPre = true, 0.5, 0
	l, err := layer.FromWeights(1, 1, []float32{1}, []float32{0}, layer.WithDecay(0), layer.WithThreshold(0.75),
		layer.WithSTDP(r), layer.WithLearning(true))
	require.NoError(t, err)
	require.NoError(t, l.StepSpikes([]uint64{1}))
	require.True(t, l.Spiked(0))
	require.Equal(t, []float32{1}, l.Weights(nil), "first spike: y2 = 0")
	require.NoError(t, l.StepSpikes([]uint64{1}))
	require.True(t, l.Spiked(0))
	require.Equal(t, []float32{1 + 0.25*0.5}, l.Weights(nil), "second spike: NuPost·x·y2 = 0.25·1·0.5")
	got, ok := l.STDP()
	require.True(t, ok)
	require.Equal(t, r, got)
}
