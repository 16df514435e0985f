package layer_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// linear is an nn.Linear(3, 2) weight (out×in) and bias.
var (
	linearWeight = []float32{1, 2, 3, 4, 5, 6}
	linearBias   = []float32{0.5, -0.25}
)

func TestSnnTorchLeakyConversion(t *testing.T) {
	l, err := layer.SnnTorchLeaky(linearWeight, linearBias, 3, 2, 1.5, 0.75)
	require.NoError(t, err)
	require.Equal(t, []float32{1, 4, 2, 5, 3, 6}, l.Weights(nil), "weight transposed to in×out")
	n, md := l.Neuron(), l.Model()
	require.Equal(t, float32(1), n.Decay, "beta clamped to [0, 1]")
	require.Equal(t, float32(0.75), n.Threshold)
	require.Equal(t, snn.ResetSubtract, n.Reset)
	require.Equal(t, layer.FireAbove, md.Fire)
	require.True(t, md.DelayedReset)
	require.Equal(t, linearBias, md.Bias)
	require.Equal(t, []float32{0, 0}, l.State(nil))

	l, err = layer.SnnTorchLeaky(linearWeight, nil, 3, 2, -0.5, 1)
	require.NoError(t, err)
	require.Equal(t, float32(0), l.Neuron().Decay)
	require.Nil(t, l.Model().Bias)
}

func TestSnnTorchRLeakyConversion(t *testing.T) {
	recW := []float32{1, 2, 3, 4} // row j = to neuron j, column k = from neuron k
	recB := []float32{0.1, 0.2}
	l, err := layer.SnnTorchRLeaky(linearWeight, linearBias, recW, recB, 3, 2, 0.9, 1)
	require.NoError(t, err)
	md := l.Model()
	require.Equal(t, []float32{1, 3, 2, 4}, md.Recurrent, "V[k*Out+j] = recurrent.weight[j, k]")
	b0, b1, r0, r1 := float32(0.5), float32(-0.25), float32(0.1), float32(0.2)
	require.Equal(t, []float32{b0 + r0, b1 + r1}, md.Bias, "one float32 addition")
	require.True(t, md.DelayedReset)
}

func TestSpikingJellyLIFConversion(t *testing.T) {
	const tau, vth, vreset = 3.0, 0.8, -0.1
	l, err := layer.SpikingJellyLIF(linearWeight, linearBias, 3, 2, tau, vth, vreset)
	require.NoError(t, err)
	n, md := l.Neuron(), l.Model()
	require.Equal(t, float32(1-1.0/tau), n.Decay)
	require.Equal(t, float32(vth), n.Threshold)
	require.Equal(t, layer.FireAtOrAbove, md.Fire)
	require.True(t, md.ResetToValue)
	require.Equal(t, float32(vreset), md.ResetValue)
	require.False(t, md.DelayedReset)
	w := l.Weights(nil)
	for i, x := range []float32{1, 4, 2, 5, 3, 6} {
		require.Equal(t, math.Float32bits(float32(float64(x)/tau)), math.Float32bits(w[i]), "W[%d]", i)
	}
	for j, b := range linearBias {
		require.Equal(t, float32((float64(b)+vreset)/tau), md.Bias[j], "bias[%d]", j)
	}
	require.Equal(t, []float32{vreset, vreset}, l.State(nil), "LIFNode starts at v_reset")
}

func TestPresetErrors(t *testing.T) {
	_, err := layer.SnnTorchLeaky(linearWeight[:5], nil, 3, 2, 0.9, 1)
	require.ErrorIs(t, err, snn.ErrShape)
	require.ErrorContains(t, err, "weight")
	_, err = layer.SnnTorchLeaky(linearWeight, []float32{1}, 3, 2, 0.9, 1)
	require.ErrorIs(t, err, snn.ErrShape)
	require.ErrorContains(t, err, "bias")
	_, err = layer.SnnTorchLeaky(linearWeight, nil, -3, -2, 0.9, 1)
	require.ErrorIs(t, err, snn.ErrShape)
	_, err = layer.SnnTorchLeaky(linearWeight, nil, 3, 2, float32(math.NaN()), 1)
	require.ErrorIs(t, err, snn.ErrNonFinite)
	require.ErrorContains(t, err, "beta")
	_, err = layer.SnnTorchRLeaky(linearWeight, nil, []float32{1, 2, 3}, nil, 3, 2, 0.9, 1)
	require.ErrorIs(t, err, snn.ErrShape)
	require.ErrorContains(t, err, "recurrentWeight")
	_, err = layer.SnnTorchRLeaky(linearWeight, nil, []float32{1, 2, 3, 4}, []float32{1}, 3, 2, 0.9, 1)
	require.ErrorIs(t, err, snn.ErrShape)
	require.ErrorContains(t, err, "recurrentBias")
	for _, tau := range []float64{1, 0.5, math.NaN(), math.Inf(1)} {
		_, err = layer.SpikingJellyLIF(linearWeight, nil, 3, 2, tau, 1, 0)
		require.ErrorIs(t, err, snn.ErrParameter, "tau %v", tau)
	}
	_, err = layer.SpikingJellyLIF(linearWeight, []float32{1, 2, 3}, 3, 2, 2, 1, 0)
	require.ErrorIs(t, err, snn.ErrShape)
}
