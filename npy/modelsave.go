package npy

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/layout"
	"github.com/spikekernel/snn/layer"
)

// SaveModel writes m as a model archive (docs/MODEL-FORMAT.md), atomically:
// each layer's weights (in nn.Linear's out×in layout), bias, recurrent
// weights and neuron vector (input_scale 1), and its preset name (m.Presets
// may be nil or hold "" for "custom"). The archive holds no state: what
// LoadModel returns starts from the format's starting state, learning off.
// Layers that do not chain, a nil layer, more preset names than layers, a
// name that is not 1 to 256 printable ASCII characters, or a layer the
// format cannot hold (adaptive threshold, refractory period) give an
// error wrapping snn.ErrShape or snn.ErrParameter, and the file is not
// touched.
func SaveModel(path string, m *Model) error {
	const fn = "npy.SaveModel"
	if m == nil || len(m.Layers) == 0 {
		return fmt.Errorf("%s: no layers: %w", fn, snn.ErrShape)
	}
	if len(m.Presets) > len(m.Layers) {
		return fmt.Errorf("%s: %d preset names for %d layers: %w", fn, len(m.Presets), len(m.Layers), snn.ErrShape)
	}
	names := make([]string, len(m.Layers))
	for k, l := range m.Layers {
		if err := checkModelLayer(fn, m.Layers, k); err != nil {
			return err
		}
		names[k] = "custom"
		if k < len(m.Presets) && m.Presets[k] != "" {
			names[k] = m.Presets[k]
		}
		if err := checkPresetName(fn, k, names[k]); err != nil {
			return err
		}
		if err := checkLayerSavable(fn, fmt.Sprintf("layer%d/", k), l); err != nil {
			return err
		}
	}
	return saveArchive(path, func(a archiveWriter) error {
		if err := a.putInt64("format", modelFormat); err != nil {
			return err
		}
		if err := a.putInt64("layers", int64(len(m.Layers))); err != nil {
			return err
		}
		for k, l := range m.Layers {
			if err := putModelLayer(a, fmt.Sprintf("layer%d/", k), l, names[k]); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkModelLayer returns an error if layer k is nil, does not read the
// previous layer's spikes, or has a feature the format cannot hold.
func checkModelLayer(fn string, layers []*layer.Layer, k int) error {
	l := layers[k]
	if l == nil {
		return fmt.Errorf("%s: layer %d is nil: %w", fn, k, snn.ErrParameter)
	}
	if k > 0 && layers[k-1] != nil && layers[k-1].Out() != l.In() {
		return fmt.Errorf("%s: layer %d has %d outputs but layer %d has %d inputs: %w", fn, k-1, layers[k-1].Out(), k, l.In(), snn.ErrShape)
	}
	if md := l.Model(); md.Adaptive || md.Refractory != 0 {
		return fmt.Errorf("%s: layer %d has an adaptive threshold or a refractory period, which a model archive cannot hold: %w", fn, k, snn.ErrParameter)
	}
	return nil
}

func checkPresetName(fn string, k int, name string) error {
	if len(name) > maxPresetName {
		return fmt.Errorf("%s: preset name of layer %d is %d bytes long, at most %d: %w", fn, k, len(name), maxPresetName, snn.ErrParameter)
	}
	for _, c := range []byte(name) {
		if c < ' ' || c > '~' {
			return fmt.Errorf("%s: preset name %q of layer %d is not printable ASCII: %w", fn, name, k, snn.ErrParameter)
		}
	}
	return nil
}

// putModelLayer writes the arrays of one layer under prefix.
func putModelLayer(a archiveWriter, prefix string, l *layer.Layer, preset string) error {
	md, n := l.Model(), l.Neuron()
	in, out := l.In(), l.Out()
	if err := a.putFloat32(prefix+"weight", layout.Transpose(l.Weights(nil), in, out), out, in); err != nil {
		return err
	}
	if md.Bias != nil {
		if err := a.putFloat32(prefix+"bias", md.Bias, out); err != nil {
			return err
		}
	}
	if md.Recurrent != nil {
		if err := a.putFloat32(prefix+"recurrent_weight", layout.Transpose(md.Recurrent, out, out), out, out); err != nil {
			return err
		}
	}
	reset := float64(n.Reset) // the codes 0, 1, 2 are snn.ResetZero, ResetSubtract, ResetNone
	if md.ResetToValue {
		reset = resetCodeToValue
	}
	nv := make([]float64, neuronLen)
	nv[nDecay], nv[nThreshold], nv[nReset], nv[nInputScale] = float64(n.Decay), float64(n.Threshold), reset, 1
	nv[nFire], nv[nResetValue] = float64(md.Fire), float64(md.ResetValue)
	if md.DelayedReset {
		nv[nDelayed] = 1
	}
	if err := a.putFloat64(prefix+"neuron", nv); err != nil {
		return err
	}
	return a.putUint8(prefix+"preset", []byte(preset))
}

// putFloat64 writes the float64 vector name.
func (a archiveWriter) putFloat64(name string, data []float64) error {
	w, err := a.entry(name)
	if err != nil {
		return err
	}
	buf := append(header(dtypeFloat64, []int{len(data)}), make([]byte, 8*len(data))...)
	body := buf[len(buf)-8*len(data):]
	for i, x := range data {
		binary.LittleEndian.PutUint64(body[8*i:], math.Float64bits(x))
	}
	_, err = w.Write(buf)
	return err
}

// putUint8 writes the uint8 vector name.
func (a archiveWriter) putUint8(name string, data []byte) error {
	w, err := a.entry(name)
	if err != nil {
		return err
	}
	_, err = w.Write(append(header(dtypeUint8, []int{len(data)}), data...))
	return err
}
