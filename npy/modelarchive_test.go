package npy

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

func u8NPY(s string) []byte { return append(header(dtypeUint8, []int{len(s)}), s...) }

// modelLayerEntries returns the arrays of one valid layer k (out×in, with
// a bias), the neuron vector replaced by nv if not nil.
func modelLayerEntries(k, in, out int, nv []float64) []entry {
	if nv == nil {
		nv = []float64{0.9, 1, 1, 1, 0, 1, 1, 0}
	}
	w := make([]float32, out*in)
	for i := range w {
		w[i] = float32(i%7) * 0.25
	}
	p := fmt.Sprintf("layer%d/", k)
	return []entry{
		{p + "weight.npy", f32NPY(w, out, in)},
		{p + "bias.npy", f32NPY(make([]float32, out), out)},
		{p + "neuron.npy", f64NPY(nv...)},
		{p + "preset.npy", u8NPY("snntorch.Leaky")},
	}
}

// modelEntries returns a valid 3→4→2 model archive's arrays.
func modelEntries() []entry {
	e := []entry{{"format.npy", i64NPY(1)}, {"layers.npy", i64NPY(2)}}
	e = append(e, modelLayerEntries(0, 3, 4, nil)...)
	return append(e, modelLayerEntries(1, 4, 2, nil)...)
}

// withArray returns entries with the array name replaced by data (removed
// if data is nil).
func withArray(entries []entry, name string, data []byte) []entry {
	var out []entry
	for _, e := range entries {
		if e.name != name+".npy" {
			out = append(out, e)
		} else if data != nil {
			out = append(out, entry{e.name, data})
		}
	}
	return out
}

func loadModelBytes(t *testing.T, raw []byte) (*Model, error) {
	t.Helper()
	a, err := newArchive("m.npz", bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	return a.modelArchive()
}

// testModel returns an RLeaky, a LIFNode and a custom layer, chained.
func testModel(t *testing.T) *Model {
	w := func(n int) []float32 {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(math.Sin(float64(i))) / 3
		}
		return x
	}
	r, err := layer.SnnTorchRLeaky(w(5*3), w(3), w(3*3), w(3), 5, 3, 0.85, 0.75)
	require.NoError(t, err)
	s, err := layer.SpikingJellyLIF(w(4*3), w(4), 3, 4, 2.5, 0.8, -0.25)
	require.NoError(t, err)
	c, err := layer.FromWeights(4, 2, w(4*2), make([]float32, 2), layer.WithReset(snn.ResetNone), layer.WithDecay(0.5))
	require.NoError(t, err)
	return &Model{Layers: []*layer.Layer{r, s, c}, Presets: []string{"snntorch.RLeaky", "spikingjelly.LIFNode"}}
}

// TestModelRoundTrip: what SaveModel writes, LoadModel gives back, every
// parameter bit for bit, in the starting state.
func TestModelRoundTrip(t *testing.T) {
	m := testModel(t)
	path := filepath.Join(t.TempDir(), "m.npz")
	require.NoError(t, SaveModel(path, m))
	got, err := LoadModel(path)
	require.NoError(t, err)
	require.Equal(t, []string{"snntorch.RLeaky", "spikingjelly.LIFNode", "custom"}, got.Presets)
	require.Len(t, got.Layers, 3)
	for k, l := range m.Layers {
		g := got.Layers[k]
		require.Equal(t, l.Neuron(), g.Neuron(), "layer %d", k)
		require.Equal(t, l.Model(), g.Model(), "layer %d", k)
		require.Equal(t, bitsOf(l.Weights(nil)), bitsOf(g.Weights(nil)), "layer %d", k)
		require.Equal(t, bitsOf(l.State(nil)), bitsOf(g.State(nil)), "layer %d starting state", k)
	}
	require.Equal(t, []float32{-0.25, -0.25, -0.25, -0.25}, got.Layers[1].State(nil), "reset to a value starts there")
}

func TestLoadMNISTModel(t *testing.T) {
	m, err := LoadModel("../examples/mnist/model.npz")
	require.NoError(t, err)
	require.Equal(t, []string{"snntorch.Leaky", "snntorch.Leaky"}, m.Presets)
	require.Equal(t, []int{784, 128, 128, 10}, []int{m.Layers[0].In(), m.Layers[0].Out(), m.Layers[1].In(), m.Layers[1].Out()})
	for _, l := range m.Layers {
		md := l.Model()
		require.Equal(t, float32(0.9), l.Neuron().Decay)
		require.Equal(t, layer.FireAbove, md.Fire)
		require.True(t, md.DelayedReset)
		require.NotNil(t, md.Bias)
	}
}

// TestModelInputScale: a scale s multiplies weight, bias and recurrent
// weights once each, rounded to float32.
func TestModelInputScale(t *testing.T) {
	e := withArray(modelEntries(), "layer0/neuron", f64NPY(0.9, 1, 1, 1, 0, 1, 1.0/3, 0))
	e = withArray(e, "layer0/bias", f32NPY([]float32{1, 2, 3, 0.1}, 4))
	m, err := loadModelBytes(t, npz(e...))
	require.NoError(t, err)
	require.Equal(t, float32(float64(float32(0.1))/3), m.Layers[0].Model().Bias[3])
	require.Equal(t, float32(float64(0.25)/3), m.Layers[0].Weights(nil)[1*4+0], "W[1,0] = weight[0,1]·s")
}

// TestModelMalformed: every malformed archive is an error wrapping
// ErrFormat that names the array.
func TestModelMalformed(t *testing.T) {
	valid := modelEntries()
	m, err := loadModelBytes(t, npz(valid...))
	require.NoError(t, err)
	require.Len(t, m.Layers, 2)
	for _, c := range []struct {
		array string
		data  []byte
		msg   string
	}{
		{"format", nil, "no array"},
		{"format", i64NPY(2), "value 2"},
		{"format", f32NPY([]float32{1}, 1), "dtype"},
		{"layers", i64NPY(0), "0 layers"},
		{"layers", i64NPY(1 << 40), "layers in an archive"},
		{"layers", i64NPY(3), `no array "layer2/neuron"`},
		{"layer0/neuron", f64NPY(0.9, 1, 1, 1, 0, 1, 1), "shape"},
		{"layer0/neuron", f32NPY(make([]float32, 8), 8), "dtype"},
		{"layer0/neuron", f64NPY(math.NaN(), 1, 1, 1, 0, 1, 1, 0), "not finite"},
		{"layer0/neuron", f64NPY(0.9, 1e300, 1, 1, 0, 1, 1, 0), "not finite"},
		{"layer0/neuron", f64NPY(0.9, 1, 2, 1, 0, 1, 1, 0), "fire"},
		{"layer0/neuron", f64NPY(0.9, 1, 1, 4, 0, 1, 1, 0), "reset"},
		{"layer0/neuron", f64NPY(0.9, 1, 1, 1.5, 0, 1, 1, 0), "reset"},
		{"layer0/neuron", f64NPY(0.9, 1, 1, 1, 0, 0.5, 1, 0), "delayed_reset"},
		{"layer0/neuron", f64NPY(0.9, 1, 1, 1, 0, 1, math.Inf(1), 0), "input_scale"},
		{"layer0/neuron", f64NPY(0.9, 1, 1, 1, 0, 1, 1e39, 0), "non-finite"}, // the scaled weights overflow
		{"layer0/neuron", f64NPY(0.9, 1, 1, 1, 0, 1, 1, 7), "reserved"},
		{"layer0/preset", nil, "no array"},
		{"layer0/preset", u8NPY("snn\x00"), "printable"},
		{"layer0/preset", u8NPY(""), "shape"},
		{"layer0/weight", nil, "no array"},
		{"layer0/weight", f32NPY(make([]float32, 12), 12), "shape"},
		{"layer1/weight", f32NPY(make([]float32, 6), 2, 3), "previous layer"},
		{"layer0/weight", f32NPY([]float32{float32(math.NaN()), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 4, 3), "w"},
		{"layer0/bias", f32NPY(make([]float32, 3), 3), "shape"},
	} {
		t.Run(c.array+"/"+c.msg, func(t *testing.T) {
			_, err := loadModelBytes(t, npz(withArray(valid, c.array, c.data)...))
			require.ErrorIs(t, err, ErrFormat)
			require.ErrorContains(t, err, "m.npz")
			require.ErrorContains(t, err, c.msg)
			if c.array != "format" && c.array != "layers" && c.data != nil {
				require.ErrorContains(t, err, c.array[:len("layer0")])
			}
		})
	}
	rec := append(withArray(valid, "layer0/bias", nil), entry{"layer0/recurrent_weight.npy", f32NPY(make([]float32, 6), 2, 3)})
	_, err = loadModelBytes(t, npz(rec...))
	require.ErrorIs(t, err, ErrFormat)
	require.ErrorContains(t, err, "layer0/recurrent_weight")
}

func TestSaveModelRefuses(t *testing.T) {
	m := testModel(t)
	path := filepath.Join(t.TempDir(), "m.npz")
	for _, c := range []struct {
		m   *Model
		err error
	}{
		{nil, snn.ErrShape},
		{&Model{}, snn.ErrShape},
		{&Model{Layers: []*layer.Layer{m.Layers[0], nil}}, snn.ErrParameter},
		{&Model{Layers: []*layer.Layer{m.Layers[0], m.Layers[0]}}, snn.ErrShape},
		{&Model{Layers: m.Layers[:1], Presets: []string{"a", "b"}}, snn.ErrShape},
		{&Model{Layers: m.Layers[:1], Presets: []string{"é"}}, snn.ErrParameter},
	} {
		require.ErrorIs(t, SaveModel(path, c.m), c.err)
		require.NoFileExists(t, path)
	}
	adaptive, err := layer.FromWeights(1, 1, []float32{1}, []float32{0}, layer.WithAdaptiveThreshold(0.5, 0.1))
	require.NoError(t, err)
	require.ErrorIs(t, SaveModel(path, &Model{Layers: []*layer.Layer{adaptive}}), snn.ErrParameter)
	require.NoFileExists(t, path)
}

// FuzzModelArchive: any archive gives a model that saves and loads back
// the same, or an error wrapping ErrFormat.
func FuzzModelArchive(f *testing.F) {
	f.Add(npz(modelEntries()...))
	raw, err := os.ReadFile("../examples/mnist/model.npz")
	require.NoError(f, err)
	f.Add(raw)
	f.Fuzz(func(t *testing.T, raw []byte) {
		a := openFuzz(t, raw)
		if a == nil {
			return
		}
		m, err := a.modelArchive()
		checkError(t, err)
		if err != nil {
			return
		}
		path := filepath.Join(t.TempDir(), "m.npz")
		require.NoError(t, SaveModel(path, m))
		again, err := LoadModel(path)
		require.NoError(t, err)
		require.Equal(t, m.Presets, again.Presets)
		for k, l := range m.Layers {
			require.Equal(t, l.Model(), again.Layers[k].Model())
			require.Equal(t, bitsOf(l.Weights(nil)), bitsOf(again.Layers[k].Weights(nil)))
		}
	})
}
