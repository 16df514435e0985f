package npy

import (
	"fmt"
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
	n.Layer(0).SetLearning(true)
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
