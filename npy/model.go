package npy

import (
	"fmt"
	"math"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// formatVersion is the version of the layer and network archives that
// SaveLayer and SaveNetwork write (3: with the models of SPEC §6);
// LoadLayer and LoadNetwork read it and versions 1 and 2. docs/FORMAT.md
// describes them.
const formatVersion = 3

// Flags of a layer's meta.
const (
	flagBounded  = 1
	flagLearning = 2
)

// SaveLayer writes l (weights, state and every parameter) to an .npz file,
// atomically. The state is saved exactly, ±Inf and NaN included (a state
// overflows through finite inputs); a NaN or infinite weight, which no
// layer can hold, is an error wrapping snn.ErrNonFinite, and the file is
// not touched.
func SaveLayer(path string, l *layer.Layer) error {
	if l == nil {
		return fmt.Errorf("npy.SaveLayer: nil layer: %w", snn.ErrShape)
	}
	if err := checkLayerSavable("npy.SaveLayer", "", l); err != nil {
		return err
	}
	return saveArchive(path, func(a archiveWriter) error { return putLayer(a, "", l) })
}

// LoadLayer reads a layer written by SaveLayer (format 1, 2 or 3); it
// continues bit for bit where the saved one stopped. An .npz made in
// Python loads too if it has the arrays described in docs/FORMAT.md.
func LoadLayer(path string) (*layer.Layer, error) {
	return loadArchive(path, func(a *archive) (*layer.Layer, error) { return a.layer("", 0) })
}

// checkLayerSavable returns an error for a layer that an archive cannot
// hold: a NaN or infinite weight (snn.ErrNonFinite), or an STDP rule
// (snn.ErrParameter: the formats have no place for the rule and its
// traces yet; save the weights with SaveFloat32).
func checkLayerSavable(fn, where string, l *layer.Layer) error {
	if _, ok := l.STDP(); ok {
		return fmt.Errorf("%s: %slayer learns by STDP, which the archive formats cannot hold: %w", fn, where, snn.ErrParameter)
	}
	return finite(fn, where+"w", l.Weights(nil))
}

// finite returns an error wrapping snn.ErrNonFinite naming the first NaN
// or infinite element of xs.
func finite(fn, name string, xs []float32) error {
	for i, x := range xs {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("%s: %s[%d] = %v cannot be restored: %w", fn, name, i, x, snn.ErrNonFinite)
		}
	}
	return nil
}

func putLayer(a archiveWriter, prefix string, l *layer.Layer) error {
	n, h := l.Neuron(), l.Hebbian()
	var flags int64
	if h.Bounded {
		flags |= flagBounded
	}
	if l.Learning() {
		flags |= flagLearning
	}
	if err := a.putFloat32(prefix+"w", l.Weights(nil), l.In(), l.Out()); err != nil {
		return err
	}
	if err := a.putFloat32(prefix+"state", l.State(nil), l.Out()); err != nil {
		return err
	}
	if err := a.putFloat32(prefix+"params", []float32{n.Decay, n.Threshold, h.Rate, h.PreThreshold, h.WMin, h.WMax}, 6); err != nil {
		return err
	}
	if err := putModel(a, prefix, l); err != nil {
		return err
	}
	st := modelState{theta: l.Theta(nil), refr: l.Refractory(nil), spikes: l.Spikes(nil)}
	if err := putModelState(a, prefix, l.Model(), st, l.Out()); err != nil {
		return err
	}
	return a.putInt64(prefix+"meta", formatVersion, int64(l.In()), int64(l.Out()), int64(n.Reset), flags)
}

// layer reads the layer stored under prefix, validating every field; its
// format version must be version unless that is 0.
func (a *archive) layer(prefix string, version int64) (*layer.Layer, error) {
	name := prefix + "meta"
	meta, err := a.header(name, 5)
	if err != nil {
		return nil, err
	}
	if version != 0 && meta[0] != version {
		return nil, a.errorf(name, "format version %d in a network of version %d", meta[0], version)
	}
	in, out, reset, flags := meta[1], meta[2], meta[3], meta[4]
	if in < 0 || out < 0 {
		return nil, a.errorf(name, "sizes %d×%d", in, out)
	}
	if reset < int64(snn.ResetZero) || reset > int64(snn.ResetNone) {
		return nil, a.errorf(name, "reset mode %d, want 0 (zero), 1 (subtract) or 2 (none)", reset)
	}
	if flags < 0 || flags > flagBounded|flagLearning {
		return nil, a.errorf(name, "flags %d, want 0 to 3", flags)
	}
	w, err := a.float32s(prefix+"w", int(in), int(out))
	if err != nil {
		return nil, err
	}
	state, err := a.float32s(prefix+"state", int(out))
	if err != nil {
		return nil, err
	}
	p, err := a.float32s(prefix+"params", 6)
	if err != nil {
		return nil, err
	}
	opts := []layer.Option{
		layer.WithDecay(p[0]), layer.WithThreshold(p[1]), layer.WithLearningRate(p[2]),
		layer.WithPreThreshold(p[3]), layer.WithReset(snn.Reset(reset)), layer.WithLearning(flags&flagLearning != 0),
	}
	if flags&flagBounded != 0 {
		opts = append(opts, layer.WithWeightBounds(p[4], p[5]))
	}
	var st modelState
	if meta[0] >= 3 {
		modelOpts, m, err := a.model(prefix, int(out))
		if err != nil {
			return nil, err
		}
		opts = append(opts, modelOpts...)
		if st, err = a.modelState(prefix, m, int(out)); err != nil {
			return nil, err
		}
	}
	l, err := layer.FromWeights(int(in), int(out), w, make([]float32, len(state)), opts...)
	if err == nil {
		err = l.RestoreState(state) // exactly as saved, ±Inf and NaN included
	}
	if err != nil {
		return nil, fmt.Errorf("%s: layer %q: %w: %w", a.path, prefix, ErrFormat, err)
	}
	if err := a.restoreModelState(prefix, st, l.RestoreModelState, l.RestoreSpikes); err != nil {
		return nil, err
	}
	return l, nil
}
