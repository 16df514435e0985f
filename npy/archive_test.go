package npy

import (
	"fmt"
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

// fixtureLayer is the layer saved in testdata/npy/layer_v<version>.npz:
// seeded, bounded, learning, stepped a few times (bit-identical on every
// backend).
func fixtureLayer(t *testing.T) *layer.Layer {
	l, err := layer.New(6, 70, layer.WithSeed(7), layer.WithLearning(true), layer.WithReset(snn.ResetSubtract),
		layer.WithDecay(0.75), layer.WithThreshold(0.9), layer.WithPreThreshold(0.4),
		layer.WithLearningRate(0.01), layer.WithWeightBounds(-2, 2))
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(7, 8))
	x := make([]float32, 6)
	for range 5 {
		for i := range x {
			x[i] = r.Float32()
		}
		require.NoError(t, l.Step(x))
	}
	return l
}

// fixtureNetwork is the network saved in testdata/npy/network_v<version>.npz.
func fixtureNetwork(t *testing.T) *batch.Network {
	a, err := layer.New(5, 66, layer.WithSeed(1), layer.WithThreshold(1.5), layer.WithReset(snn.ResetNone))
	require.NoError(t, err)
	b, err := layer.New(66, 3, layer.WithSeed(2), layer.WithWeightBounds(-1, 1))
	require.NoError(t, err)
	n, err := batch.NewNetwork(4, []*layer.Layer{a, b})
	require.NoError(t, err)
	n.Batch(0).SetLearning(true)
	r := rand.New(rand.NewPCG(9, 9))
	x := make([]float32, 4*5)
	for range 3 {
		for i := range x {
			x[i] = r.Float32()
		}
		require.NoError(t, n.Step(x))
	}
	return n
}

// TestWriteFixtures writes the archives of the current format version with
// SaveLayer and SaveNetwork, when SNN_WRITE_FIXTURES=1. layer_v1.npz and
// network_v1.npz were written this way by the format-1 code; each later
// version adds its own pair, and every pair stays loadable.
func TestWriteFixtures(t *testing.T) {
	if os.Getenv("SNN_WRITE_FIXTURES") != "1" {
		t.Skip("set SNN_WRITE_FIXTURES=1 to write the fixtures of the current format version")
	}
	require.NoError(t, SaveLayer(filepath.Join(fixtures, fmt.Sprintf("layer_v%d.npz", formatVersion)), fixtureLayer(t)))
	require.NoError(t, SaveNetwork(filepath.Join(fixtures, fmt.Sprintf("network_v%d.npz", formatVersion)), fixtureNetwork(t)))
}

// Every format version's archives load, equal to the layer and network
// they were saved from, bit for bit.
func TestLoadsEveryFormatVersion(t *testing.T) {
	wantLayer, wantNet := fixtureLayer(t), fixtureNetwork(t)
	for version := 1; version <= formatVersion; version++ {
		l, err := LoadLayer(filepath.Join(fixtures, fmt.Sprintf("layer_v%d.npz", version)))
		require.NoError(t, err, version)
		requireSameLayer(t, wantLayer, l)
		n, err := LoadNetwork(filepath.Join(fixtures, fmt.Sprintf("network_v%d.npz", version)))
		require.NoError(t, err, version)
		requireSameNetwork(t, wantNet, n)
	}
}

func requireSameLayer(t *testing.T, want, got *layer.Layer) {
	t.Helper()
	require.Equal(t, want.Neuron(), got.Neuron())
	require.Equal(t, want.Hebbian(), got.Hebbian())
	require.Equal(t, want.Learning(), got.Learning())
	require.Equal(t, bitsOf(want.Weights(nil)), bitsOf(got.Weights(nil)))
	require.Equal(t, bitsOf(want.State(nil)), bitsOf(got.State(nil)))
}

func requireSameNetwork(t *testing.T, want, got *batch.Network) {
	t.Helper()
	require.Equal(t, stageCount(want), stageCount(got))
	for k := range stageCount(want) {
		w, g := stageAt(want, k), stageAt(got, k)
		require.Equal(t, w.Rows(), g.Rows())
		require.Equal(t, w.Learning(), g.Learning())
		require.Equal(t, bitsOf(w.State(nil)), bitsOf(g.State(nil)))
		requireSameLayer(t, w.Layer(), g.Layer())
	}
}

// Bad sizes are errors, not panics, and no file is written.
func TestSaveRejectsBadShapes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.npy")
	require.ErrorIs(t, SaveFloat32(p, make([]float32, 4), -2, -2), snn.ErrShape)
	require.ErrorIs(t, SaveFloat32(p, nil, 1<<62, 1<<62, 0), snn.ErrShape)
	require.ErrorIs(t, SaveSpikes(p, make([]uint64, 1), -1, -1, 64), snn.ErrShape)
	require.ErrorIs(t, SaveSpikes(p, nil, 1, 1, -64), snn.ErrShape)
	require.ErrorIs(t, SaveSpikes(p, nil, 1<<62, 1<<62, 0), snn.ErrShape)
	require.ErrorIs(t, SaveLayer(p, nil), snn.ErrShape)
	require.ErrorIs(t, SaveNetwork(p, nil), snn.ErrShape)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries)
}

// A state that overflowed to +Inf through finite inputs (W = x = 1e30,
// ResetNone) saves and loads bit for bit, in a layer and in a network, and
// the restored one continues as the original does.
func TestNonFiniteStateRoundTrips(t *testing.T) {
	path := filepath.Join(t.TempDir(), "layer.npz")
	l, err := layer.FromWeights(2, 2, []float32{1e30, -1e30, 1e30, 1e30}, []float32{0, 0}, layer.WithReset(snn.ResetNone))
	require.NoError(t, err)
	require.NoError(t, l.Step([]float32{1e30, 1e30}))
	require.NoError(t, l.Step([]float32{1e30, 0}))
	st := l.State(nil)
	require.True(t, math.IsInf(float64(st[0]), 1), "%v", st)
	require.NoError(t, SaveLayer(path, l))
	back, err := LoadLayer(path)
	require.NoError(t, err)
	require.Equal(t, bitsOf(st), bitsOf(back.State(nil)))
	require.NoError(t, l.Step([]float32{-1e30, 1}))
	require.NoError(t, back.Step([]float32{-1e30, 1}))
	require.Equal(t, bitsOf(l.State(nil)), bitsOf(back.State(nil)))

	n, err := batch.NewNetwork(1, []*layer.Layer{l})
	require.NoError(t, err)
	require.NoError(t, stageAt(n, 0).Step([]float32{1e30, 1e30}))
	require.NoError(t, stageAt(n, 0).Step([]float32{1e30, 1e30}))
	require.NoError(t, SaveNetwork(path, n))
	n2, err := LoadNetwork(path)
	require.NoError(t, err)
	require.Equal(t, bitsOf(stageAt(n, 0).State(nil)), bitsOf(stageAt(n2, 0).State(nil)))
}

func mustLayer(t *testing.T, in, out int) *layer.Layer {
	l, err := layer.New(in, out, layer.WithSeed(uint64(in*out)))
	require.NoError(t, err)
	return l
}

// A network that uses a layer twice stores it once and restores it shared,
// so that it continues as the uninterrupted run does.
func TestSharedLayerStaysShared(t *testing.T) {
	shared := mustLayer(t, 40, 40)
	n, err := batch.NewNetwork(3, []*layer.Layer{mustLayer(t, 10, 40), shared, shared, mustLayer(t, 40, 5)})
	require.NoError(t, err)
	stageAt(n, 1).SetLearning(true)
	stageAt(n, 2).SetLearning(true)
	r := rand.New(rand.NewPCG(3, 3))
	x := make([]float32, 3*10)
	next := func() []float32 {
		for i := range x {
			x[i] = r.Float32() * 3
		}
		return x
	}
	for range 3 {
		require.NoError(t, n.Step(next()))
	}
	path := filepath.Join(t.TempDir(), "net.npz")
	require.NoError(t, SaveNetwork(path, n))
	m, err := LoadNetwork(path)
	require.NoError(t, err)
	requireSameNetwork(t, n, m)
	require.Same(t, stageAt(m, 1).Layer(), stageAt(m, 2).Layer())
	require.NotSame(t, stageAt(m, 0).Layer(), stageAt(m, 1).Layer())
	a, err := loadArchive(path, func(a *archive) (*archive, error) { return a, nil })
	require.NoError(t, err)
	require.Contains(t, a.entries, "layer2/w.npy")
	require.NotContains(t, a.entries, "layer3/w.npy")
	for range 5 {
		x := next()
		require.NoError(t, n.Step(x))
		require.NoError(t, m.Step(x))
	}
	requireSameNetwork(t, n, m)
}

// Batches resized apart cannot be saved as one network.
func TestSaveNetworkRowsDiffer(t *testing.T) {
	n, err := batch.NewNetwork(2, []*layer.Layer{mustLayer(t, 3, 4), mustLayer(t, 4, 2)})
	require.NoError(t, err)
	require.NoError(t, stageAt(n, 1).Resize(3))
	require.ErrorIs(t, SaveNetwork(filepath.Join(t.TempDir(), "n.npz"), n), snn.ErrShape)
}

// A zero-width layer saves only with as many rows as its file backs
// (the loader counts a zero dimension as one); what saves, loads.
func TestZeroWidthLayer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.npz")
	for _, rows := range []int{2, 1000} {
		n, err := batch.NewNetwork(rows, []*layer.Layer{mustLayer(t, 3, 0)})
		require.NoError(t, err)
		err = SaveNetwork(path, n)
		if rows == 1000 {
			require.ErrorIs(t, err, snn.ErrShape)
			require.ErrorContains(t, err, "would not load")
			continue
		}
		require.NoError(t, err)
		m, err := LoadNetwork(path)
		require.NoError(t, err)
		requireSameNetwork(t, n, m)
	}
}

// Sizes past 2^24, which float32 cannot hold exactly, save and load.
func TestRowsPast2To24(t *testing.T) {
	if testing.Short() {
		t.Skip("a 64 MiB checkpoint")
	}
	n, err := batch.NewNetwork(1<<24+1, []*layer.Layer{mustLayer(t, 1, 1)})
	require.NoError(t, err)
	v := make([]float32, 1<<24+1)
	v[1<<24] = 0.25
	require.NoError(t, stageAt(n, 0).SetState(v))
	path := filepath.Join(t.TempDir(), "n.npz")
	require.NoError(t, SaveNetwork(path, n))
	m, err := LoadNetwork(path)
	require.NoError(t, err)
	require.Equal(t, 1<<24+1, stageAt(m, 0).Rows())
	require.Equal(t, float32(0.25), stageAt(m, 0).State(nil)[1<<24])
}
