// Package golden reads the traces of the original PyTorch layer (format
// "snn-golden-trace", version 1) and of the library presets (version 2:
// snnTorch Leaky and RLeaky, SpikingJelly LIFNode, no learning, with the
// library's parameters and nn.Linear weights); testdata/golden/README.md
// describes both. The replay tests read them.
package golden

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// Index is a folder's index.json.
type Index struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
	Cases         []struct {
		Name string `json:"name"`
	} `json:"cases"`
}

// Case is one trace.
type Case struct {
	Name     string
	Category string
	Steps    int
	Input    []float32 // Steps × in of layer 0
	Layers   []Layer
	Version  int // format_version: 1 or 2
}

// Layer is one layer of a trace.
type Layer struct {
	In, Out        int
	Threshold      float32
	Decay          float32
	LearningRate   float32
	Learning       bool
	W0, State0     []float32
	Spikes         []uint8   // Steps × Out
	State          []float32 // Steps × Out
	WAfterCRC32    []uint32  // Steps
	WAfterSteps    []int     // checkpoint steps, nil without learning
	WAfter         []float32 // len(WAfterSteps) × In × Out
	StateTolerance float64   // suggested absolute tolerance of State (0: exact)
	PreState       []float32 // Steps × Out: the membrane compared with the threshold (version 2)
	Preset         *Preset   // version 2 only
}

// Preset is a version-2 layer as its library describes it: the parameters
// under the library's names (those the preset does not have are zero) and
// the weights in nn.Linear's layout.
type Preset struct {
	Name            string // snntorch.Leaky, snntorch.RLeaky or spikingjelly.LIFNode
	Source          string // library version and files followed
	Beta            float64
	Threshold       float64 // snnTorch threshold
	ResetMechanism  string
	ResetDelay      bool
	Tau             float64
	DecayInput      bool
	VThreshold      float64
	VReset          *float64  // nil: SpikingJelly's soft reset (v_reset=None)
	Weight          []float32 // Out × In
	Bias            []float32 // Out
	RecurrentWeight []float32 // Out × Out, RLeaky only
	RecurrentBias   []float32 // Out, RLeaky only
}

type tensor struct {
	Dtype  string            `json:"dtype"`
	Shape  []int             `json:"shape"`
	Bits   []uint32          `json:"bits"`
	Values []json.RawMessage `json:"values"`
	File   string            `json:"file"`
	Offset int64             `json:"offset"`
	NBytes int64             `json:"nbytes"`
}

type rawLayer struct {
	InSize        int    `json:"in_size"`
	OutSize       int    `json:"out_size"`
	ThresholdBits uint32 `json:"threshold_float32_bits"`
	DecayBits     uint32 `json:"decay_float32_bits"`
	RateBits      uint32 `json:"learning_rate_float32_bits"`
	Learning      bool   `json:"learning"`
	W0            tensor `json:"w0"`
	State0        tensor `json:"state0"`
	Spikes        tensor `json:"spikes"`
	State         tensor `json:"state"`
	WAfterCRC32   tensor `json:"w_after_crc32"`
	WAfter        *struct {
		Steps []int  `json:"steps"`
		Data  tensor `json:"data"`
	} `json:"w_after"`
	FloatTolerance struct {
		Suggested *float64 `json:"suggested_abs_tolerance"`
	} `json:"float_tolerance"`
	PreState *tensor    `json:"pre_state"`
	Preset   *rawPreset `json:"preset"`
}

type rawPreset struct {
	Name            string   `json:"name"`
	Source          string   `json:"source"`
	Beta            float64  `json:"beta"`
	Threshold       float64  `json:"threshold"`
	ResetMechanism  string   `json:"reset_mechanism"`
	ResetDelay      bool     `json:"reset_delay"`
	Tau             float64  `json:"tau"`
	DecayInput      bool     `json:"decay_input"`
	VThreshold      float64  `json:"v_threshold"`
	VReset          *float64 `json:"v_reset"`
	Weight          tensor   `json:"weight"`
	Bias            tensor   `json:"bias"`
	RecurrentWeight *tensor  `json:"recurrent_weight"`
	RecurrentBias   *tensor  `json:"recurrent_bias"`
}

type rawCase struct {
	Format        string     `json:"format"`
	FormatVersion int        `json:"format_version"`
	Name          string     `json:"name"`
	Category      string     `json:"category"`
	Steps         int        `json:"steps"`
	Input         tensor     `json:"input"`
	Layers        []rawLayer `json:"layers"`
}

// ReadIndex reads dir/index.json and returns the case names it lists.
func ReadIndex(dir string) ([]string, error) {
	data, err := os.ReadFile(filepath.Join(dir, "index.json"))
	if err != nil {
		return nil, fmt.Errorf("golden: %w", err)
	}
	var idx Index
	if err := json.Unmarshal(data, &idx); err != nil {
		return nil, fmt.Errorf("golden: %s/index.json: %w", dir, err)
	}
	if err := checkFormat(idx.Format, idx.FormatVersion); err != nil {
		return nil, fmt.Errorf("golden: %s/index.json: %w", dir, err)
	}
	names := make([]string, len(idx.Cases))
	for i, c := range idx.Cases {
		names[i] = c.Name
	}
	return names, nil
}

// Read reads dir/name.json and the tensors it refers to.
func Read(dir, name string) (*Case, error) {
	data, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		return nil, fmt.Errorf("golden: %w", err)
	}
	var rc rawCase
	if err := json.Unmarshal(data, &rc); err != nil {
		return nil, fmt.Errorf("golden: %s: %w", name, err)
	}
	if err := checkFormat(rc.Format, rc.FormatVersion); err != nil {
		return nil, fmt.Errorf("golden: %s: %w", name, err)
	}
	if len(rc.Layers) == 0 || rc.Steps <= 0 {
		return nil, fmt.Errorf("golden: %s: no layers or steps", name)
	}
	r := reader{dir: dir, files: map[string][]byte{}}
	c := &Case{Name: rc.Name, Category: rc.Category, Steps: rc.Steps, Version: rc.FormatVersion}
	c.Input = r.floats(rc.Input, rc.Steps*rc.Layers[0].InSize)
	for _, rl := range rc.Layers {
		l := Layer{
			In: rl.InSize, Out: rl.OutSize,
			Threshold:    math.Float32frombits(rl.ThresholdBits),
			Decay:        math.Float32frombits(rl.DecayBits),
			LearningRate: math.Float32frombits(rl.RateBits),
			Learning:     rl.Learning,
		}
		l.State0 = r.floats(rl.State0, l.Out)
		l.State = r.floats(rl.State, rc.Steps*l.Out)
		l.Spikes = r.uint8s(rl.Spikes, rc.Steps*l.Out)
		if rc.FormatVersion == 2 {
			l.Preset, l.PreState = r.preset(rl, rc.Steps)
		} else {
			l.W0 = r.floats(rl.W0, l.In*l.Out)
			l.WAfterCRC32 = r.uint32s(rl.WAfterCRC32, rc.Steps)
		}
		if rl.WAfter != nil {
			l.WAfterSteps = rl.WAfter.Steps
			l.WAfter = r.floats(rl.WAfter.Data, len(l.WAfterSteps)*l.In*l.Out)
		}
		if rl.FloatTolerance.Suggested == nil {
			r.fail(errors.New("layer without float_tolerance.suggested_abs_tolerance"))
		} else {
			l.StateTolerance = *rl.FloatTolerance.Suggested
		}
		c.Layers = append(c.Layers, l)
	}
	if r.err != nil {
		return nil, fmt.Errorf("golden: %s: %w", name, r.err)
	}
	return c, nil
}

// checkFormat accepts versions 1 and 2 of the trace format.
func checkFormat(format string, version int) error {
	if format != "snn-golden-trace" || (version != 1 && version != 2) {
		return fmt.Errorf("format %q version %d, want snn-golden-trace 1 or 2", format, version)
	}
	return nil
}

// preset decodes the library view and the pre-reset membranes of a
// version-2 layer.
func (r *reader) preset(rl rawLayer, steps int) (*Preset, []float32) {
	in, out := rl.InSize, rl.OutSize
	rp := rl.Preset
	if rp == nil || rl.PreState == nil {
		r.fail(errors.New("version-2 layer without preset or pre_state"))
		return nil, nil
	}
	p := &Preset{
		Name: rp.Name, Source: rp.Source, Beta: rp.Beta, Threshold: rp.Threshold,
		ResetMechanism: rp.ResetMechanism, ResetDelay: rp.ResetDelay,
		Tau: rp.Tau, DecayInput: rp.DecayInput, VThreshold: rp.VThreshold, VReset: rp.VReset,
	}
	p.Weight = r.floats(rp.Weight, out*in)
	p.Bias = r.floats(rp.Bias, out)
	if (rp.RecurrentWeight == nil) != (rp.RecurrentBias == nil) {
		r.fail(errors.New("recurrent_weight without recurrent_bias or the reverse"))
	} else if rp.RecurrentWeight != nil {
		p.RecurrentWeight = r.floats(*rp.RecurrentWeight, out*out)
		p.RecurrentBias = r.floats(*rp.RecurrentBias, out)
	}
	return p, r.floats(*rl.PreState, steps*out)
}

// reader decodes tensors and keeps the first error.
type reader struct {
	dir   string
	files map[string][]byte
	err   error
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// raw returns the little-endian bytes of an external tensor, or nil for an
// inline one.
func (r *reader) raw(t tensor, dtype string, n, size int) []byte {
	if t.Dtype != dtype {
		r.fail(fmt.Errorf("tensor dtype %q, want %q", t.Dtype, dtype))
		return nil
	}
	count := 1
	for _, d := range t.Shape {
		count *= d
	}
	if count != n {
		r.fail(fmt.Errorf("tensor shape %v has %d elements, want %d", t.Shape, count, n))
		return nil
	}
	if t.File == "" {
		return nil
	}
	data, ok := r.files[t.File]
	if !ok {
		var err error
		if data, err = os.ReadFile(filepath.Join(r.dir, filepath.Base(t.File))); err != nil {
			r.fail(err)
			return nil
		}
		r.files[t.File] = data
	}
	if t.NBytes != int64(n*size) || t.Offset < 0 || t.Offset+t.NBytes > int64(len(data)) {
		r.fail(fmt.Errorf("tensor at %s+%d of %d bytes does not fit (file has %d, want %d bytes)", t.File, t.Offset, t.NBytes, len(data), n*size))
		return nil
	}
	return data[t.Offset : t.Offset+t.NBytes]
}

func (r *reader) floats(t tensor, n int) []float32 {
	out := make([]float32, n)
	if b := r.raw(t, "float32", n, 4); b != nil {
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
	} else if r.err == nil {
		if len(t.Bits) != n {
			r.fail(fmt.Errorf("inline float32 tensor has %d bits, want %d", len(t.Bits), n))
			return out
		}
		for i, b := range t.Bits {
			out[i] = math.Float32frombits(b)
		}
	}
	return out
}

func (r *reader) uint32s(t tensor, n int) []uint32 {
	out := make([]uint32, n)
	if b := r.raw(t, "uint32", n, 4); b != nil {
		for i := range out {
			out[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
	} else if r.err == nil {
		r.inline(t, n, func(i int, v uint64) { out[i] = uint32(v) })
	}
	return out
}

func (r *reader) uint8s(t tensor, n int) []uint8 {
	out := make([]uint8, n)
	if b := r.raw(t, "uint8", n, 1); b != nil {
		copy(out, b)
	} else if r.err == nil {
		r.inline(t, n, func(i int, v uint64) { out[i] = uint8(v) })
	}
	return out
}

func (r *reader) inline(t tensor, n int, set func(i int, v uint64)) {
	if len(t.Values) != n {
		r.fail(fmt.Errorf("inline %s tensor has %d values, want %d", t.Dtype, len(t.Values), n))
		return
	}
	for i, raw := range t.Values {
		var v uint64
		if err := json.Unmarshal(raw, &v); err != nil {
			r.fail(fmt.Errorf("inline %s value %d: %w", t.Dtype, i, err))
			return
		}
		set(i, v)
	}
}
