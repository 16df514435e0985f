package npy

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// modelLayer returns a seeded layer of in inputs and out neurons with every
// model feature of SPEC §6 (or snnTorch's set when full is false).
func modelLayer(t *testing.T, in, out int, seed uint64, full bool) *layer.Layer {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	draw := func(n int) []float32 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = float32(rng.NormFloat64()) * 0.3
		}
		return xs
	}
	opts := []layer.Option{layer.WithSeed(seed), layer.WithThreshold(1), layer.WithReset(snn.ResetSubtract),
		layer.WithBias(draw(out)), layer.WithFire(layer.FireAbove), layer.WithDelayedReset(true)}
	if full {
		opts = append(opts, layer.WithRecurrent(draw(out*out)), layer.WithResetToValue(-0.125),
			layer.WithAdaptiveThreshold(0.75, 0.0625), layer.WithRefractory(3), layer.WithLateralInhibition(0.25))
	}
	l, err := layer.New(in, out, opts...)
	require.NoError(t, err)
	return l
}

func modelInput(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = rng.Float32()
	}
	return x
}

func requireSameModelLayer(t *testing.T, want, got *layer.Layer) {
	t.Helper()
	requireSameLayer(t, want, got)
	require.Equal(t, want.Model(), got.Model())
	require.Equal(t, bitsOf(want.Theta(nil)), bitsOf(got.Theta(nil)))
	require.Equal(t, want.Refractory(nil), got.Refractory(nil))
	require.Equal(t, want.Spikes(nil), got.Spikes(nil))
}

// A model layer saved and loaded continues bit for bit.
func TestModelLayerRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 0))
	for _, full := range []bool{false, true} {
		l := modelLayer(t, 20, 70, 5, full)
		for range 6 {
			require.NoError(t, l.Step(modelInput(rng, 20)))
		}
		path := filepath.Join(t.TempDir(), "l.npz")
		require.NoError(t, SaveLayer(path, l))
		got, err := LoadLayer(path)
		require.NoError(t, err)
		requireSameModelLayer(t, l, got)
		spikes := 0
		for range 8 {
			x := modelInput(rng, 20)
			require.NoError(t, l.Step(x))
			require.NoError(t, got.Step(x))
			requireSameModelLayer(t, l, got)
			spikes += snn.Bits(l.Spikes(nil)).Count()
		}
		require.NotZero(t, spikes)
	}
}

// A network of model layers saved and loaded continues bit for bit.
func TestModelNetworkRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(32, 0))
	l1, l2 := modelLayer(t, 20, 70, 6, true), modelLayer(t, 70, 10, 7, false)
	const rows = 3
	n, err := batch.NewNetwork(rows, []*layer.Layer{l1, l2})
	require.NoError(t, err)
	for range 6 {
		require.NoError(t, n.Step(modelInput(rng, rows*20)))
	}
	path := filepath.Join(t.TempDir(), "n.npz")
	require.NoError(t, SaveNetwork(path, n))
	got, err := LoadNetwork(path)
	require.NoError(t, err)
	same := func() {
		for k := range 2 {
			b, g := n.Batch(k), got.Batch(k)
			requireSameModelLayer(t, b.Layer(), g.Layer())
			require.Equal(t, bitsOf(b.State(nil)), bitsOf(g.State(nil)))
			require.Equal(t, bitsOf(b.Theta(nil)), bitsOf(g.Theta(nil)))
			require.Equal(t, b.Refractory(nil), g.Refractory(nil))
			require.Equal(t, b.Spikes(), g.Spikes())
		}
	}
	same()
	for range 8 {
		x := modelInput(rng, rows*20)
		require.NoError(t, n.Step(x))
		require.NoError(t, got.Step(x))
		same()
	}
	require.NotZero(t, n.Batch(0).SpikeCount()+n.Batch(1).SpikeCount())
}

func f64NPY(v ...float64) []byte {
	var b bytes.Buffer
	if err := writeWords(&b, dtypeFloat64, []int{len(v)}, len(v), func(i int) uint64 { return math.Float64bits(v[i]) }); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Bad model arrays are errors wrapping ErrFormat naming the file and the
// array.
func TestModelArraysValidated(t *testing.T) {
	dir := t.TempDir()
	fixture := filepath.Join(dir, "l.npz")
	l := modelLayer(t, 4, 3, 8, true)
	require.NoError(t, l.Step([]float32{1, 1, 1, 1}))
	require.NoError(t, SaveLayer(fixture, l))
	good := []float64{1, 1, 1, -0.125, 1, 0.75, 0.0625, 3, 1, 1}
	with := func(i int, x float64) []byte {
		v := append([]float64{}, good...)
		v[i] = x
		return f64NPY(v...)
	}
	u1 := func(b ...byte) []byte { return append(header(dtypeUint8, []int{len(b)}), b...) }
	cases := []struct {
		name  string
		with  map[string][]byte
		array string
		msg   string
	}{
		{"flag 2", map[string][]byte{"model": with(modelDelayed, 2)}, "model", "not a flag"},
		{"fire NaN", map[string][]byte{"model": with(modelFire, math.NaN())}, "model", "not a flag"},
		{"reset value not float32", map[string][]byte{"model": with(modelResetValue, 0.1)}, "model", "not a float32"},
		{"theta decay NaN", map[string][]byte{"model": with(modelThetaDecay, math.NaN())}, "model", "element 5 = NaN"},
		{"theta decay 2", map[string][]byte{"model": with(modelThetaDecay, 2)}, "", "ThetaDecay = 2"},
		{"refractory 1.5", map[string][]byte{"model": with(modelRefractory, 1.5)}, "model", "refractory period"},
		{"refractory -1", map[string][]byte{"model": with(modelRefractory, -1)}, "model", "refractory period"},
		{"model short", map[string][]byte{"model": f64NPY(good[:9]...)}, "model", "shape [9]"},
		{"model float32", map[string][]byte{"model": f32NPY(make([]float32, 10), 10)}, "model", "dtype"},
		{"no bias", map[string][]byte{"bias": nil}, "bias", "no array"},
		{"bias NaN", map[string][]byte{"bias": f32NPY([]float32{0, float32(math.NaN()), 0}, 3)}, "", "bias[1] = NaN"},
		{"recurrent shape", map[string][]byte{"recurrent": f32NPY(make([]float32, 9), 9)}, "recurrent", "shape [9]"},
		{"theta shape", map[string][]byte{"theta": f32NPY(make([]float32, 4), 4)}, "theta", "shape [4]"},
		{"refractory beyond the period", map[string][]byte{"refractory": i64NPY(0, 4, 0)}, "refractory", "element 1 = 4"},
		{"refractory negative", map[string][]byte{"refractory": i64NPY(0, 0, -1)}, "refractory", "element 2 = -1"},
		{"spikes 2", map[string][]byte{"spikes": u1(0, 2, 0)}, "spikes", "element 1 = 2"},
		{"spikes shape", map[string][]byte{"spikes": u1(0, 1)}, "spikes", "shape [2]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.npz")
			require.NoError(t, os.WriteFile(path, replaced(t, fixture, c.with), 0o644))
			_, err := LoadLayer(path)
			require.ErrorIs(t, err, ErrFormat)
			require.ErrorContains(t, err, path)
			if c.array != "" {
				require.ErrorContains(t, err, `"`+c.array+`"`)
			}
			require.ErrorContains(t, err, c.msg)
		})
	}
}

func TestSaveRefusesSTDP(t *testing.T) {
	l, err := layer.New(3, 2, layer.WithSeed(1), layer.WithSTDP(layer.STDP{PreDecay: 0.5, PostDecay: 0.5, Window: 4}))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "l.npz")
	require.ErrorIs(t, SaveLayer(path, l), snn.ErrParameter)
	_, err = os.Stat(path)
	require.True(t, os.IsNotExist(err), "no file written")
}
