package npy

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/layout"
	"github.com/spikekernel/snn/layer"
)

// modelFormat is the version of the model archive (docs/MODEL-FORMAT.md).
const modelFormat = 1

// maxPresetName bounds the length of a layer<k>/preset name.
const maxPresetName = 256

// Model is a feed-forward network in the model archive format of
// docs/MODEL-FORMAT.md, the format tools/export_torch.py writes from
// PyTorch: its layers, in order (layer k > 0 reads the spikes of layer
// k−1), and for each the name of the preset it came from ("custom" when
// unknown; informational). Run it with batch.NewNetwork(rows, m.Layers).
type Model struct {
	Layers  []*layer.Layer
	Presets []string
}

// Neuron vector indices (docs/MODEL-FORMAT.md, "The neuron vector").
const (
	nDecay = iota
	nThreshold
	nFire
	nReset
	nResetValue
	nDelayed
	nInputScale
	nReserved
	neuronLen
)

// Reset codes of the neuron vector.
const (
	resetCodeZero = iota
	resetCodeSubtract
	resetCodeNone
	resetCodeToValue
)

// LoadModel reads a model archive (docs/MODEL-FORMAT.md): every layer
// with its weights, bias, recurrent weights and neuron parameters, in its
// starting state (membranes at +0, or at reset_value for reset 3; no
// previous spikes), learning off. The file is untrusted input, read with
// the discipline of the package: a malformed one gives an error wrapping
// ErrFormat that names the file and the array, and nothing is returned.
func LoadModel(path string) (*Model, error) {
	return loadArchive(path, func(a *archive) (*Model, error) { return a.modelArchive() })
}

// modelArchive reads and validates the model archive a.
func (a *archive) modelArchive() (*Model, error) {
	if err := a.modelScalar("format", modelFormat, modelFormat); err != nil {
		return nil, err
	}
	// Each layer has at least three arrays: a larger count is a lie, refused
	// before anything is allocated for it.
	count, err := a.int64Scalar("layers")
	if err != nil {
		return nil, err
	}
	if count < 1 || count > int64(len(a.entries)) {
		return nil, a.errorf("layers", "%d layers in an archive of %d arrays", count, len(a.entries))
	}
	m := &Model{}
	prevOut := -1
	for k := range int(count) {
		l, preset, err := a.modelLayer(fmt.Sprintf("layer%d/", k), prevOut)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, l)
		m.Presets = append(m.Presets, preset)
		prevOut = l.Out()
	}
	return m, nil
}

// modelScalar checks that the int64 (1,) array name holds a value in
// [lo, hi].
func (a *archive) modelScalar(name string, lo, hi int64) error {
	v, err := a.int64Scalar(name)
	if err != nil {
		return err
	}
	if v < lo || v > hi {
		return a.errorf(name, "value %d, want %d to %d", v, lo, hi)
	}
	return nil
}

// int64Scalar returns the single element of the int64 (1,) array name.
func (a *archive) int64Scalar(name string) (int64, error) {
	v, dtype, err := a.ints(name, 1)
	if err != nil {
		return 0, err
	}
	if dtype != dtypeInt64 {
		return 0, a.errorf(name, "dtype %s, want %s", dtype, dtypeInt64)
	}
	return v[0], nil
}

// modelLayer reads the layer under prefix; prevOut is the previous layer's
// number of neurons (−1 for the first layer).
func (a *archive) modelLayer(prefix string, prevOut int) (*layer.Layer, string, error) {
	nv, err := a.neuron(prefix + "neuron")
	if err != nil {
		return nil, "", err
	}
	preset, err := a.presetName(prefix + "preset")
	if err != nil {
		return nil, "", err
	}
	wName := prefix + "weight"
	h, raw, err := a.read(wName, dtypeFloat32)
	if err != nil {
		return nil, "", err
	}
	if len(h.shape) != 2 || (prevOut >= 0 && h.shape[1] != prevOut) {
		return nil, "", a.errorf(wName, "shape %v, want (out, in) with in = %d (the previous layer's out; any for layer 0)", h.shape, prevOut)
	}
	out, in := h.shape[0], h.shape[1]
	scale := nv[nInputScale]
	w := layout.Transpose(scaled(float32s(raw), scale), out, in)
	var opts []layer.Option
	if bias, ok, err := a.optionalFloat32s(prefix+"bias", out); err != nil {
		return nil, "", err
	} else if ok {
		opts = append(opts, layer.WithBias(scaled(bias, scale)))
	}
	if v, ok, err := a.optionalFloat32s(prefix+"recurrent_weight", out, out); err != nil {
		return nil, "", err
	} else if ok {
		opts = append(opts, layer.WithRecurrent(layout.Transpose(scaled(v, scale), out, out)))
	}
	state := make([]float32, out)
	opts = append(opts, layer.WithDecay(float32(nv[nDecay])), layer.WithThreshold(float32(nv[nThreshold])),
		layer.WithFire(layer.Fire(nv[nFire])), layer.WithDelayedReset(nv[nDelayed] == 1))
	switch int(nv[nReset]) {
	case resetCodeZero:
		opts = append(opts, layer.WithReset(snn.ResetZero))
	case resetCodeSubtract:
		opts = append(opts, layer.WithReset(snn.ResetSubtract))
	case resetCodeNone:
		opts = append(opts, layer.WithReset(snn.ResetNone))
	case resetCodeToValue:
		rv := float32(nv[nResetValue])
		opts = append(opts, layer.WithResetToValue(rv))
		for j := range state {
			state[j] = rv
		}
	}
	l, err := layer.FromWeights(in, out, w, state, opts...)
	if err != nil {
		return nil, "", fmt.Errorf("%s: arrays %q: %w: %w", a.path, prefix+"*", ErrFormat, err)
	}
	return l, preset, nil
}

// neuron reads and validates the float64 (8,) neuron vector name.
func (a *archive) neuron(name string) ([]float64, error) {
	h, raw, err := a.read(name, dtypeFloat64)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(h.shape, []int{neuronLen}) {
		return nil, a.errorf(name, "shape %v, want [%d]", h.shape, neuronLen)
	}
	nv := make([]float64, neuronLen)
	for i := range nv {
		nv[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	for _, i := range []int{nDecay, nThreshold, nResetValue} {
		if f := float32(nv[i]); math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			return nil, a.errorf(name, "element %d = %v is not finite as a float32", i, nv[i])
		}
	}
	s := nv[nInputScale]
	switch {
	case math.IsNaN(s) || math.IsInf(s, 0):
		return nil, a.errorf(name, "input_scale (element %d) = %v, want a finite value", nInputScale, s)
	case nv[nFire] != 0 && nv[nFire] != 1:
		return nil, a.errorf(name, "fire (element %d) = %v, want 0 (≥) or 1 (>)", nFire, nv[nFire])
	case nv[nReset] != resetCodeZero && nv[nReset] != resetCodeSubtract && nv[nReset] != resetCodeNone && nv[nReset] != resetCodeToValue:
		return nil, a.errorf(name, "reset (element %d) = %v, want 0 (zero), 1 (subtract), 2 (none) or 3 (to a value)", nReset, nv[nReset])
	case nv[nDelayed] != 0 && nv[nDelayed] != 1:
		return nil, a.errorf(name, "delayed_reset (element %d) = %v, want 0 or 1", nDelayed, nv[nDelayed])
	case nv[nReserved] != 0:
		return nil, a.errorf(name, "reserved element %d = %v, want 0", nReserved, nv[nReserved])
	}
	return nv, nil
}

// presetName reads the uint8 ASCII name name: 1 to 256 printable
// characters.
func (a *archive) presetName(name string) (string, error) {
	h, raw, err := a.read(name, dtypeUint8)
	if err != nil {
		return "", err
	}
	if len(h.shape) != 1 || h.shape[0] < 1 || h.shape[0] > maxPresetName {
		return "", a.errorf(name, "shape %v, want (n,) with 1 ≤ n ≤ %d", h.shape, maxPresetName)
	}
	for i, c := range raw {
		if c < ' ' || c > '~' {
			return "", a.errorf(name, "byte %d = %#x is not printable ASCII", i, c)
		}
	}
	return string(raw), nil
}

// optionalFloat32s reads the float32 array name of the given shape if the
// archive has it.
func (a *archive) optionalFloat32s(name string, shape ...int) ([]float32, bool, error) {
	if a.entries[name+".npy"] == nil && a.entries[name] == nil {
		return nil, false, nil
	}
	v, err := a.float32s(name, shape...)
	return v, err == nil, err
}

// scaled replaces every element e of xs by float32(float64(e) * s), one
// rounding, unless s is 1; it returns xs.
func scaled(xs []float32, s float64) []float32 {
	if s != 1 {
		for i, e := range xs {
			xs[i] = float32(float64(e) * s)
		}
	}
	return xs
}
