package npy

import (
	"bytes"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	npyfmt "codeberg.org/sbinet/npyio/npy"
	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

const fixtures = "../testdata/npy"

// The fixtures were written by numpy (testdata/npy/make_fixtures.py).
func TestReadsNumPyFiles(t *testing.T) {
	w, err := LoadMatrix(filepath.Join(fixtures, "w_3x4_f32.npy"), 3, 4)
	require.NoError(t, err)
	for i, x := range w {
		require.Equal(t, (float32(i)-5.5)/4, x)
	}
	state, shape, err := LoadFloat32(filepath.Join(fixtures, "state_4_f32.npy"))
	require.NoError(t, err)
	require.Equal(t, []int{4}, shape)
	require.Equal(t, []float32{0.1, -0.2, 0.3, 0.6}, state)
	l, err := layer.FromWeights(3, 4, w, state)
	require.NoError(t, err)
	require.NoError(t, l.Step([]float32{1, 0, 1}))

	raw, err := os.ReadFile(filepath.Join(fixtures, "layer_3x4.npz"))
	require.NoError(t, err)
	a, err := newArchive("layer_3x4.npz", bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	w2, err := a.float32s("w", 3, 4)
	require.NoError(t, err)
	require.Equal(t, w, w2)
}

func TestRejectsMalformed(t *testing.T) {
	for name, want := range map[string]string{
		"w_3x4_f64.npy":       `dtype "<f8"`,
		"w_3x4_fortran.npy":   "Fortran order",
		"w_3x4_bigendian.npy": `dtype ">f4"`,
		"w_3x4_truncated.npy": "needs 48 bytes of data, the file has 43",
	} {
		_, err := LoadMatrix(filepath.Join(fixtures, name), 3, 4)
		require.ErrorIs(t, err, ErrFormat, name)
		require.ErrorContains(t, err, want, name)
	}
	_, err := LoadMatrix(filepath.Join(fixtures, "w_3x4_f32.npy"), 4, 3)
	require.ErrorContains(t, err, "shape [3 4], want (4, 3)")
	_, err = LoadLayer(filepath.Join(fixtures, "layer_3x4.npz"))
	require.ErrorContains(t, err, `no array "meta"`)
	_, err = LoadLayer(filepath.Join(fixtures, "w_3x4_f32.npy")) // not a zip
	require.ErrorIs(t, err, ErrFormat)
	garbage := filepath.Join(t.TempDir(), "garbage.npy")
	require.NoError(t, os.WriteFile(garbage, []byte("not numpy at all"), 0o644))
	_, _, err = LoadFloat32(garbage)
	require.ErrorIs(t, err, ErrFormat)
}

func TestFloat32RoundTrip(t *testing.T) {
	dir := t.TempDir()
	data := []float32{0, float32(math.Copysign(0, -1)), 1e-40, -3.5, float32(math.Inf(1)), 7, 8, 9}
	for _, shape := range [][]int{nil, {8}, {2, 4}, {2, 2, 2}} {
		path := filepath.Join(dir, "a.npy")
		require.NoError(t, SaveFloat32(path, data, shape...))
		got, gotShape, err := LoadFloat32(path)
		require.NoError(t, err)
		if shape == nil {
			shape = []int{8}
		}
		require.Equal(t, shape, gotShape)
		for i := range data {
			require.Equal(t, math.Float32bits(data[i]), math.Float32bits(got[i]))
		}
	}
	require.Error(t, SaveFloat32(filepath.Join(dir, "b.npy"), data, 3, 3))
}

func bitsOf(f []float32) []uint32 {
	u := make([]uint32, len(f))
	for i, x := range f {
		u[i] = math.Float32bits(x)
	}
	return u
}

func TestLayerSaveRestoreContinues(t *testing.T) {
	dir := t.TempDir()
	for _, reset := range []snn.Reset{snn.ResetZero, snn.ResetSubtract, snn.ResetNone} {
		l, err := layer.New(20, 70, layer.WithSeed(5), layer.WithLearning(true), layer.WithReset(reset),
			layer.WithDecay(0.75), layer.WithThreshold(0.9), layer.WithPreThreshold(0.4),
			layer.WithLearningRate(0.01), layer.WithWeightBounds(-2, 2))
		require.NoError(t, err)
		r := rand.New(rand.NewPCG(1, 2))
		x := make([]float32, 20)
		step := func(l *layer.Layer) {
			for i := range x {
				x[i] = r.Float32()
			}
			require.NoError(t, l.Step(x))
		}
		for i := 0; i < 5; i++ {
			step(l)
		}
		path := filepath.Join(dir, "layer.npz")
		require.NoError(t, SaveLayer(path, l))
		m, err := LoadLayer(path)
		require.NoError(t, err)
		require.Equal(t, l.Neuron(), m.Neuron())
		require.Equal(t, l.Hebbian(), m.Hebbian())
		require.Equal(t, l.Learning(), m.Learning())
		seed := r.Uint64()
		for _, x := range []*layer.Layer{l, m} {
			r = rand.New(rand.NewPCG(seed, 3))
			for i := 0; i < 10; i++ {
				step(x)
			}
		}
		require.Equal(t, bitsOf(l.Weights(nil)), bitsOf(m.Weights(nil)))
		require.Equal(t, bitsOf(l.State(nil)), bitsOf(m.State(nil)))
		require.Equal(t, l.Spikes(nil), m.Spikes(nil))
	}
}

func TestNetworkSaveRestoreContinues(t *testing.T) {
	mk := func(in, out int, seed uint64) *layer.Layer {
		l, err := layer.New(in, out, layer.WithSeed(seed), layer.WithThreshold(1.5))
		require.NoError(t, err)
		return l
	}
	n, err := batch.NewNetwork(9, []*layer.Layer{mk(30, 40, 1), mk(40, 5, 2)})
	require.NoError(t, err)
	n.Batch(0).SetLearning(true)
	r := rand.New(rand.NewPCG(4, 4))
	x := make([]float32, 9*30)
	next := func() []float32 {
		for i := range x {
			x[i] = r.Float32()
		}
		return x
	}
	for i := 0; i < 4; i++ {
		require.NoError(t, n.Step(next()))
	}
	path := filepath.Join(t.TempDir(), "net.npz")
	require.NoError(t, SaveNetwork(path, n))
	m, err := LoadNetwork(path)
	require.NoError(t, err)
	require.True(t, m.Batch(0).Learning())
	require.False(t, m.Batch(1).Learning())
	for i := 0; i < 6; i++ {
		x := next()
		require.NoError(t, n.Step(x))
		require.NoError(t, m.Step(x))
	}
	for k := 0; k < 2; k++ {
		require.Equal(t, bitsOf(n.Batch(k).State(nil)), bitsOf(m.Batch(k).State(nil)))
		require.Equal(t, n.Batch(k).Spikes(), m.Batch(k).Spikes())
		require.Equal(t, bitsOf(n.Batch(k).Layer().Weights(nil)), bitsOf(m.Batch(k).Layer().Weights(nil)))
	}
	// A truncated archive is an error, and nothing is returned.
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	bad := filepath.Join(t.TempDir(), "bad.npz")
	require.NoError(t, os.WriteFile(bad, raw[:len(raw)/2], 0o644))
	got, err := LoadNetwork(bad)
	require.Error(t, err)
	require.Nil(t, got)
}

func TestSaveSpikes(t *testing.T) {
	record := []uint64{0b101, 0, 1 << 63, 0b10}
	path := filepath.Join(t.TempDir(), "spikes.npy")
	require.NoError(t, SaveSpikes(path, record, 2, 2, 64))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rd, err := npyfmt.NewReader(f)
	require.NoError(t, err)
	require.Equal(t, []int{2, 2, 64}, rd.Header.Descr.Shape)
	var got []uint8
	require.NoError(t, rd.Read(&got))
	require.Equal(t, uint8(1), got[0])
	require.Equal(t, uint8(0), got[1])
	require.Equal(t, uint8(1), got[2])
	require.Equal(t, uint8(1), got[2*64+63])
	require.Equal(t, uint8(1), got[3*64+1])
	require.ErrorIs(t, SaveSpikes(path, record, 3, 2, 64), snn.ErrShape)
}
