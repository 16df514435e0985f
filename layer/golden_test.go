package layer_test

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/internal/golden"
	"github.com/spikekernel/snn/layer"
)

// GoldenDirEnv names a folder of further trace cases (with an index.json)
// that TestGolden replays besides testdata/golden.
const GoldenDirEnv = "SNN_GOLDEN_DIR"

// TestGolden replays every trace of the original PyTorch layer through the
// public layer API, on every backend: spikes and W bit for bit, states
// within the trace's tolerance (bit for bit where it is 0).
func TestGolden(t *testing.T) {
	dirs := []string{"../testdata/golden"}
	if d := os.Getenv(GoldenDirEnv); d != "" {
		dirs = append(dirs, d)
	}
	for _, dir := range dirs {
		names, err := golden.ReadIndex(dir)
		require.NoError(t, err)
		require.NotEmpty(t, names, "no cases in %s", dir)
		for _, name := range names {
			t.Run(name, func(t *testing.T) {
				c, err := golden.Read(dir, name)
				require.NoError(t, err)
				backendtest.Run(t, func(t *testing.T) {
					if c.Category == "edge_nonfinite" {
						replayNonFinite(t, c)
						return
					}
					replay(t, c)
				})
			})
		}
	}
}

func options(gl *golden.Layer) []layer.Option {
	return []layer.Option{
		layer.WithThreshold(gl.Threshold), layer.WithDecay(gl.Decay),
		layer.WithLearningRate(gl.LearningRate), layer.WithLearning(gl.Learning),
	}
}

func replay(t *testing.T, c *golden.Case) {
	layers := make([]*layer.Layer, len(c.Layers))
	for k := range c.Layers {
		gl := &c.Layers[k]
		l, err := layer.FromWeights(gl.In, gl.Out, gl.W0, gl.State0, options(gl)...)
		require.NoError(t, err)
		layers[k] = l
	}
	var spikes []uint64
	var state, w []float32
	for step := 0; step < c.Steps; step++ {
		for k, l := range layers {
			gl := &c.Layers[k]
			if k == 0 {
				require.NoError(t, l.Step(c.Input[step*gl.In:(step+1)*gl.In]))
			} else {
				require.NoError(t, l.StepSpikes(spikes)) // the previous layer's spikes of this step
			}
			spikes = l.Spikes(spikes)
			state = l.State(state)
			w = l.Weights(w)
			checkStep(t, gl, step, k, spikes, state, w)
		}
	}
}

// checkStep compares one layer's results after a step with the trace.
func checkStep(t *testing.T, gl *golden.Layer, step, k int, spikes []uint64, state, w []float32) {
	t.Helper()
	for j := 0; j < gl.Out; j++ {
		if snn.Bits(spikes).Has(j) != (gl.Spikes[step*gl.Out+j] != 0) {
			t.Fatalf("step %d layer %d neuron %d: spiked %v, torch %v", step, k, j, snn.Bits(spikes).Has(j), gl.Spikes[step*gl.Out+j])
		}
		got, want := state[j], gl.State[step*gl.Out+j]
		if !closeEnough(got, want, gl.StateTolerance) {
			t.Fatalf("step %d layer %d neuron %d: state %g (%#x), torch %g (%#x), tolerance %g",
				step, k, j, got, math.Float32bits(got), want, math.Float32bits(want), gl.StateTolerance)
		}
	}
	if crc := crcOf(w); crc != gl.WAfterCRC32[step] {
		t.Fatalf("step %d layer %d: CRC-32 of W %#x, torch %#x", step, k, crc, gl.WAfterCRC32[step])
	}
	if at := slices.Index(gl.WAfterSteps, step); at >= 0 {
		want := gl.WAfter[at*gl.In*gl.Out : (at+1)*gl.In*gl.Out]
		for i := range want {
			if math.Float32bits(w[i]) != math.Float32bits(want[i]) {
				t.Fatalf("step %d layer %d: W[%d] = %g, torch %g", step, k, i, w[i], want[i])
			}
		}
	}
}

func closeEnough(got, want float32, tol float64) bool {
	if got != got || want != want {
		return got != got && want != want
	}
	if tol == 0 {
		return math.Float32bits(got) == math.Float32bits(want)
	}
	return math.Abs(float64(got)-float64(want)) <= tol
}

func crcOf(w []float32) uint32 {
	b := make([]byte, 4*len(w))
	for i, f := range w {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(f))
	}
	return crc32.ChecksumIEEE(b)
}

// replayNonFinite checks the case with NaN and infinite states and a NaN
// input: the layer API rejects them with an error and stays unchanged. (The
// unchecked kernels follow SPEC §2 there, which differs from torch for
// infinite states: torch's reset -pre·spike turns ±Inf into NaN.)
func replayNonFinite(t *testing.T, c *golden.Case) {
	gl := &c.Layers[0]
	_, err := layer.FromWeights(gl.In, gl.Out, gl.W0, gl.State0, options(gl)...)
	require.ErrorIs(t, err, snn.ErrNonFinite)
	require.ErrorContains(t, err, "state[1]")

	// A layer with a finite state rejects the NaN input and changes nothing.
	l, err := layer.FromWeights(gl.In, gl.Out, gl.W0, make([]float32, gl.Out), options(gl)...)
	require.NoError(t, err)
	nanSeen := false
	for step := 0; step < c.Steps; step++ {
		x := c.Input[step*gl.In : (step+1)*gl.In]
		before := snapshot(l)
		err := l.Step(x)
		if slices.ContainsFunc(x, func(f float32) bool { return f != f }) {
			nanSeen = true
			require.ErrorIs(t, err, snn.ErrNonFinite)
			require.Equal(t, before, snapshot(l), "a rejected step changed the layer")
			break
		}
		require.NoError(t, err)
	}
	require.True(t, nanSeen, "the case has no NaN input")

}

type layerSnapshot struct {
	W, V   []float32
	Spikes []uint64
}

func snapshot(l *layer.Layer) layerSnapshot {
	return layerSnapshot{W: l.Weights(nil), V: l.State(nil), Spikes: l.Spikes(nil)}
}

func TestMain(m *testing.M) { backendtest.Main(m) }
