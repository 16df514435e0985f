package npy

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
)

// The elements of a layer's `model` vector (float64) in format 3; see
// docs/FORMAT.md.
const (
	modelFire         = iota // 0 fire at or above (the original), 1 above
	modelDelayed             // 0/1: the reset lands one step late
	modelResetToValue        // 0/1: a spike sets the state to the reset value
	modelResetValue          // a float32
	modelAdaptive            // 0/1: adaptive threshold
	modelThetaDecay          // a float32
	modelThetaPlus           // a float32
	modelRefractory          // an integer from 0 to 2^31-1
	modelBias                // 0/1: array `bias` present
	modelRecurrent           // 0/1: array `recurrent` present
	modelInhibition          // a float32, lateral inhibition: the 11th element, written only when not 0
	modelLen
)

// modelState is a model's state beyond the membrane state, of one layer or
// one batch: θ, the refractory counters and the previous spikes, each nil
// where the model has none.
type modelState struct {
	theta  []float32
	refr   []int32
	spikes []uint64
}

// hasSpikes reports whether the previous spikes are state of model m (its
// next step reads them): with a delayed reset, recurrent weights or
// lateral inhibition.
func hasSpikes(m layer.Model) bool { return m.DelayedReset || m.Recurrent != nil || m.Inhibition != 0 }

func oneIf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// putModel writes the `model` vector of l and its `bias` and `recurrent`
// arrays where present, under prefix.
func putModel(a archiveWriter, prefix string, l *layer.Layer) error {
	m, out := l.Model(), l.Out()
	v := make([]float64, modelLen)
	v[modelFire] = float64(m.Fire)
	v[modelDelayed] = oneIf(m.DelayedReset)
	v[modelResetToValue] = oneIf(m.ResetToValue)
	v[modelResetValue] = float64(m.ResetValue)
	v[modelAdaptive] = oneIf(m.Adaptive)
	v[modelThetaDecay] = float64(m.ThetaDecay)
	v[modelThetaPlus] = float64(m.ThetaPlus)
	v[modelRefractory] = float64(m.Refractory)
	v[modelBias] = oneIf(m.Bias != nil)
	v[modelRecurrent] = oneIf(m.Recurrent != nil)
	v[modelInhibition] = float64(m.Inhibition)
	n := modelLen
	if m.Inhibition == 0 {
		n-- // the vector of the archives before lateral inhibition
	}
	w, err := a.entry(prefix + "model")
	if err != nil {
		return err
	}
	if err := writeWords(w, dtypeFloat64, []int{n}, n, func(i int) uint64 { return math.Float64bits(v[i]) }); err != nil {
		return err
	}
	if m.Bias != nil {
		if err := a.putFloat32(prefix+"bias", m.Bias, out); err != nil {
			return err
		}
	}
	if m.Recurrent != nil {
		return a.putFloat32(prefix+"recurrent", m.Recurrent, out, out)
	}
	return nil
}

// putModelState writes st under prefix as the arrays `theta`, `refractory`
// and `spikes` (where m has them), each of shape (out,) or (rows, out).
func putModelState(a archiveWriter, prefix string, m layer.Model, st modelState, shape ...int) error {
	n := 1
	for _, d := range shape {
		n *= d
	}
	if m.Adaptive {
		if err := a.putFloat32(prefix+"theta", st.theta, shape...); err != nil {
			return err
		}
	}
	if m.Refractory > 0 {
		w, err := a.entry(prefix + "refractory")
		if err != nil {
			return err
		}
		if err := writeWords(w, dtypeInt64, shape, n, func(i int) uint64 { return uint64(int64(st.refr[i])) }); err != nil {
			return err
		}
	}
	if !hasSpikes(m) {
		return nil
	}
	w, err := a.entry(prefix + "spikes")
	if err != nil {
		return err
	}
	if _, err := w.Write(header(dtypeUint8, shape)); err != nil {
		return err
	}
	out := shape[len(shape)-1]
	words := snn.Words(out)
	row := make([]byte, out)
	for r := 0; out > 0 && r < n/out; r++ {
		for j := range row {
			row[j] = byte(st.spikes[r*words+j/64] >> (j % 64) & 1)
		}
		if _, err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}

// model reads the `model` vector under prefix and its arrays, validated
// as far as the layer's options do not (flags 0 or 1, float32 values
// exact, the period an integer), and returns the layer options it gives
// and the Model (without Bias and Recurrent).
func (a *archive) model(prefix string, out int) ([]layer.Option, layer.Model, error) {
	name := prefix + "model"
	h, raw, err := a.read(name, dtypeFloat64)
	if err != nil {
		return nil, layer.Model{}, err
	}
	if !slices.Equal(h.shape, []int{modelLen}) && !slices.Equal(h.shape, []int{modelLen - 1}) {
		return nil, layer.Model{}, a.errorf(name, "shape %v, want [%d] or [%d]", h.shape, modelLen-1, modelLen)
	}
	v := make([]float64, modelLen)
	for i := range h.shape[0] {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
		switch i {
		case modelResetValue, modelThetaDecay, modelThetaPlus, modelInhibition:
			if float64(float32(v[i])) != v[i] {
				return nil, layer.Model{}, a.errorf(name, "element %d = %v is not a float32", i, v[i])
			}
		case modelRefractory:
			if !(v[i] >= 0 && v[i] <= math.MaxInt32 && v[i] == math.Trunc(v[i])) {
				return nil, layer.Model{}, a.errorf(name, "element %d = %v is not a refractory period from 0 to 2^31-1", i, v[i])
			}
		default:
			if v[i] != 0 && v[i] != 1 {
				return nil, layer.Model{}, a.errorf(name, "element %d = %v is not a flag 0 or 1", i, v[i])
			}
		}
	}
	m := layer.Model{
		Fire: layer.Fire(v[modelFire]), DelayedReset: v[modelDelayed] == 1,
		ResetToValue: v[modelResetToValue] == 1, ResetValue: float32(v[modelResetValue]),
		Adaptive: v[modelAdaptive] == 1, ThetaDecay: float32(v[modelThetaDecay]), ThetaPlus: float32(v[modelThetaPlus]),
		Refractory: int(v[modelRefractory]), Inhibition: float32(v[modelInhibition]),
	}
	opts := []layer.Option{layer.WithFire(m.Fire), layer.WithDelayedReset(m.DelayedReset), layer.WithRefractory(m.Refractory),
		layer.WithLateralInhibition(m.Inhibition)}
	if m.ResetToValue {
		opts = append(opts, layer.WithResetToValue(m.ResetValue))
	}
	if m.Adaptive {
		opts = append(opts, layer.WithAdaptiveThreshold(m.ThetaDecay, m.ThetaPlus))
	}
	if v[modelBias] == 1 {
		bias, err := a.float32s(prefix+"bias", out)
		if err != nil {
			return nil, m, err
		}
		opts = append(opts, layer.WithBias(bias))
	}
	if v[modelRecurrent] == 1 {
		rec, err := a.float32s(prefix+"recurrent", out, out)
		if err != nil {
			return nil, m, err
		}
		opts = append(opts, layer.WithRecurrent(rec))
		m.Recurrent = rec // for hasSpikes
	}
	return opts, m, nil
}

// modelState reads the arrays of model m's state under prefix, of the
// given shape ((out,) or (rows, out)).
func (a *archive) modelState(prefix string, m layer.Model, shape ...int) (modelState, error) {
	var st modelState
	var err error
	if m.Adaptive {
		if st.theta, err = a.float32s(prefix+"theta", shape...); err != nil {
			return st, err
		}
	}
	if m.Refractory > 0 {
		name := prefix + "refractory"
		raw, err := a.shaped(name, dtypeInt64, shape)
		if err != nil {
			return st, err
		}
		st.refr = make([]int32, len(raw)/8)
		for i := range st.refr {
			r := int64(binary.LittleEndian.Uint64(raw[8*i:]))
			if r < 0 || r > int64(m.Refractory) {
				return st, a.errorf(name, "element %d = %d, want 0 to %d", i, r, m.Refractory)
			}
			st.refr[i] = int32(r)
		}
	}
	if hasSpikes(m) {
		name := prefix + "spikes"
		raw, err := a.shaped(name, dtypeUint8, shape)
		if err != nil {
			return st, err
		}
		out := shape[len(shape)-1]
		words := snn.Words(out)
		st.spikes = make([]uint64, len(raw)/max(1, out)*words)
		for i, b := range raw {
			if b > 1 {
				return st, a.errorf(name, "element %d = %d, want 0 or 1", i, b)
			}
			st.spikes[i/out*words+i%out/64] |= uint64(b) << (i % out % 64)
		}
	}
	return st, nil
}

// restoreModelState gives a layer or batch the model state st read from
// the arrays under prefix.
func (a *archive) restoreModelState(prefix string, st modelState, restore func(theta []float32, refr []int32) error, restoreSpikes func([]uint64) error) error {
	err := restore(st.theta, st.refr)
	if err == nil && st.spikes != nil {
		err = restoreSpikes(st.spikes)
	}
	if err != nil {
		return fmt.Errorf("%s: model state %q: %w: %w", a.path, prefix, ErrFormat, err)
	}
	return nil
}
