package layer_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/internal/golden"
	"github.com/spikekernel/snn/layer"
)

const presetDir = "../testdata/golden/presets"

// TestPresetGolden replays every trace of testdata/golden/presets (made by
// tools/golden_presets.py from the update equations of snnTorch and
// SpikingJelly) through the preset constructors, on every backend, step
// by step and with Run: spikes exactly, membranes within the case's
// tolerance (SPEC §5).
func TestPresetGolden(t *testing.T) {
	names, err := golden.ReadIndex(presetDir)
	require.NoError(t, err)
	require.Len(t, names, 7)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			c, err := golden.Read(presetDir, name)
			require.NoError(t, err)
			require.Equal(t, 2, c.Version)
			backendtest.Run(t, func(t *testing.T) {
				replayPresetSteps(t, c)
				replayPresetRun(t, c)
			})
		})
	}
}

// presetLayers builds the layers of a case through the preset constructors.
func presetLayers(t *testing.T, c *golden.Case) []*layer.Layer {
	t.Helper()
	layers := make([]*layer.Layer, len(c.Layers))
	for k := range c.Layers {
		l, err := presetLayer(&c.Layers[k])
		require.NoError(t, err, "layer %d", k)
		require.Equal(t, c.Layers[k].State0, l.State(nil), "layer %d starting state", k)
		layers[k] = l
	}
	return layers
}

func presetLayer(gl *golden.Layer) (*layer.Layer, error) {
	p := gl.Preset
	switch p.Name {
	case "snntorch.Leaky":
		return layer.SnnTorchLeaky(p.Weight, p.Bias, gl.In, gl.Out, float32(p.Beta), float32(p.Threshold))
	case "snntorch.RLeaky":
		return layer.SnnTorchRLeaky(p.Weight, p.Bias, p.RecurrentWeight, p.RecurrentBias, gl.In, gl.Out, float32(p.Beta), float32(p.Threshold))
	case "spikingjelly.LIFNode":
		if p.VReset == nil || !p.DecayInput {
			return nil, fmt.Errorf("LIFNode without decay_input or v_reset has no preset")
		}
		return layer.SpikingJellyLIF(p.Weight, p.Bias, gl.In, gl.Out, p.Tau, p.VThreshold, *p.VReset)
	}
	return nil, fmt.Errorf("unknown preset %q", p.Name)
}

// replayPresetSteps steps the layers one step at a time, each later layer
// on the spikes of the one before.
func replayPresetSteps(t *testing.T, c *golden.Case) {
	layers := presetLayers(t, c)
	var spikes []uint64
	var state []float32
	for step := range c.Steps {
		for k, l := range layers {
			gl := &c.Layers[k]
			if k == 0 {
				require.NoError(t, l.Step(c.Input[step*gl.In:(step+1)*gl.In]))
			} else {
				require.NoError(t, l.StepSpikes(spikes))
			}
			spikes, state = l.Spikes(spikes), l.State(state)
			checkPresetStep(t, gl, step, k, spikes, state)
		}
	}
}

// replayPresetRun runs the whole sequence with Run, layer by layer, and
// compares every step's spikes and the final membranes.
func replayPresetRun(t *testing.T, c *golden.Case) {
	layers := presetLayers(t, c)
	q := layer.Sequence{Steps: c.Steps, Dense: c.Input}
	for k, l := range layers {
		gl := &c.Layers[k]
		words := snn.Words(gl.Out)
		rec := layer.Record{Spikes: make([]uint64, c.Steps*words)}
		require.NoError(t, l.Run(q, rec))
		for step := range c.Steps {
			checkPresetSpikes(t, gl, step, k, rec.Spikes[step*words:(step+1)*words])
		}
		last := c.Steps - 1
		checkPresetStep(t, gl, last, k, rec.Spikes[last*words:], l.State(nil))
		q = layer.Sequence{Steps: c.Steps, Spikes: rec.Spikes}
	}
}

func checkPresetSpikes(t *testing.T, gl *golden.Layer, step, k int, spikes []uint64) {
	t.Helper()
	for j := range gl.Out {
		if got, want := snn.Bits(spikes).Has(j), gl.Spikes[step*gl.Out+j] != 0; got != want {
			t.Fatalf("step %d layer %d neuron %d: spiked %v, %s %v (membrane compared: %g, threshold margin in the trace)",
				step, k, j, got, gl.Preset.Name, want, gl.PreState[step*gl.Out+j])
		}
	}
}

func checkPresetStep(t *testing.T, gl *golden.Layer, step, k int, spikes []uint64, state []float32) {
	t.Helper()
	checkPresetSpikes(t, gl, step, k, spikes)
	for j := range gl.Out {
		got, want := state[j], gl.State[step*gl.Out+j]
		if math.IsNaN(float64(got)) || math.Abs(float64(got)-float64(want)) > gl.StateTolerance {
			t.Fatalf("step %d layer %d neuron %d: membrane %g, %s %g, tolerance %g", step, k, j, got, gl.Preset.Name, want, gl.StateTolerance)
		}
	}
}

// TestReadIndexVersions reads both trace format versions.
func TestReadIndexVersions(t *testing.T) {
	c, err := golden.Read("../testdata/golden", "tiny_3x5_nolearn")
	require.NoError(t, err)
	require.Equal(t, 1, c.Version)
	require.Nil(t, c.Layers[0].Preset)
	c, err = golden.Read(presetDir, "snntorch_rleaky_20x12")
	require.NoError(t, err)
	p := c.Layers[0].Preset
	require.Equal(t, "snntorch.RLeaky", p.Name)
	require.Len(t, p.RecurrentWeight, 12*12)
	require.Len(t, c.Layers[0].PreState, 40*12)
}
