package layer_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// TestOversizeRejected runs the layer reproducers of issue 15: sizes whose
// products wrap around or whose buffers are over 2^40 bytes are rejected
// before anything is allocated (run it under `ulimit -v 8000000` too).
func TestOversizeRejected(t *testing.T) {
	cases := []struct {
		name    string
		in, out int
		msg     string
	}{
		{"in×out wraps to 0", 1 << 44, 1 << 20, "x of 17592186044416 elements"},
		{"in×out wraps past int", 1 << 31, 1 << 31, "w of 2147483648×2147483648"},
		{"4 TiB of weights", 1 << 20, 1 << 20, "w of 1048576×1048576 elements of 4 bytes is over 2^40 bytes"},
		{"packed panels over the cap", 1 << 34, 1, "packed w of 17179869184×64×1"},
		{"in×out wraps to 0, inputs within the cap", 1 << 37, 1 << 27, "w of 137438953472×134217728"},
		{"one input over the cap", 1 << 39, 0, "x of 549755813888"},
		{"state over the cap", 0, math.MaxInt, "state of 9223372036854775807"},
		{"negative", -1, 2, "sizes -1×2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := layer.New(c.in, c.out)
			require.Nil(t, l)
			require.ErrorIs(t, err, snn.ErrShape)
			require.ErrorContains(t, err, c.msg)
			l, err = layer.FromWeights(c.in, c.out, nil, nil)
			require.Nil(t, l)
			require.ErrorIs(t, err, snn.ErrShape)
			require.ErrorContains(t, err, c.msg)
		})
	}
}

// TestManyInputsNoNeurons: layer.New(2^32, 0) looped over every input
// before; it must return at once, as must its weights.
func TestManyInputsNoNeurons(t *testing.T) {
	start := time.Now()
	l, err := layer.New(1<<32, 0)
	require.NoError(t, err)
	require.Empty(t, l.Weights(nil))
	require.NoError(t, l.SetWeights(nil))
	require.Less(t, time.Since(start), time.Second)
}

// TestZeroLayer: the zero Layer has no inputs and no neurons and steps on
// empty input.
func TestZeroLayer(t *testing.T) {
	var l layer.Layer
	l.SetLearning(true)
	require.NoError(t, l.Step(nil))
	require.NoError(t, l.StepSpikes(nil))
	require.Empty(t, l.Weights(nil))
	require.NoError(t, l.SetWeights(nil))
	require.NoError(t, l.RestoreState(nil))
}

// TestRestoreState: RestoreState takes back any state State gives,
// ±Inf and NaN included, where SetState refuses them; lengths are checked.
func TestRestoreState(t *testing.T) {
	l, err := layer.New(2, 3, layer.WithSeed(1))
	require.NoError(t, err)
	v := []float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	require.ErrorIs(t, l.SetState(v), snn.ErrNonFinite)
	require.NoError(t, l.RestoreState(v))
	got := l.State(nil)
	for i := range v {
		require.Equal(t, math.Float32bits(v[i]), math.Float32bits(got[i]))
	}
	require.ErrorIs(t, l.RestoreState(v[:2]), snn.ErrShape)
}
