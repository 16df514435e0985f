package npy

import (
	"fmt"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// formatVersion is the version of the layer and network archives.
const formatVersion = 1

// An archive of a layer holds, under prefix (empty for a lone layer):
//
//	w       float32 (in, out)  weights
//	state   float32 (out,)     the layer's own state
//	params  float32 (6,)       decay, threshold, learning rate, pre-synaptic threshold, w_min, w_max
//	meta    float32 (5,)       format version, in, out, reset mode (0 zero, 1 subtract, 2 none), flags (1 bounded + 2 learning)
//
// and an archive of a network, besides "layer<k>/" of each layer k:
//
//	network         float32 (3,)        format version, layers, rows
//	layer<k>/v      float32 (rows, out) the batch states
//	layer<k>/batch  float32 (1,)        1 if the batch learns

func putLayer(a *archiveWriter, prefix string, l *layer.Layer) {
	n, h := l.Neuron(), l.Hebbian()
	flags := 0
	if h.Bounded {
		flags |= 1
	}
	if l.Learning() {
		flags |= 2
	}
	a.put(prefix+"w", l.Weights(nil), l.In(), l.Out())
	a.put(prefix+"state", l.State(nil), l.Out())
	a.put(prefix+"params", []float32{n.Decay, n.Threshold, h.Rate, h.PreThreshold, h.WMin, h.WMax}, 6)
	a.put(prefix+"meta", []float32{formatVersion, float32(l.In()), float32(l.Out()), float32(n.Reset), float32(flags)}, 5)
}

func getLayer(a *archive, prefix string) (*layer.Layer, error) {
	meta, err := a.array(prefix+"meta", 5)
	if err != nil {
		return nil, err
	}
	if meta[0] != formatVersion {
		return nil, fmt.Errorf("%s: %smeta: format version %v, want %d: %w", a.path, prefix, meta[0], formatVersion, ErrFormat)
	}
	in, out := int(meta[1]), int(meta[2])
	if float32(in) != meta[1] || float32(out) != meta[2] || in < 0 || out < 0 {
		return nil, fmt.Errorf("%s: %smeta: sizes %v×%v: %w", a.path, prefix, meta[1], meta[2], ErrFormat)
	}
	w, err := a.array(prefix+"w", in, out)
	if err != nil {
		return nil, err
	}
	state, err := a.array(prefix+"state", out)
	if err != nil {
		return nil, err
	}
	p, err := a.array(prefix+"params", 6)
	if err != nil {
		return nil, err
	}
	flags := int(meta[4])
	opts := []layer.Option{
		layer.WithDecay(p[0]), layer.WithThreshold(p[1]), layer.WithLearningRate(p[2]),
		layer.WithPreThreshold(p[3]), layer.WithReset(snn.Reset(meta[3])), layer.WithLearning(flags&2 != 0),
	}
	if flags&1 != 0 {
		opts = append(opts, layer.WithWeightBounds(p[4], p[5]))
	}
	l, err := layer.FromWeights(in, out, w, state, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.path, prefix, err)
	}
	return l, nil
}

// SaveLayer writes l (weights, state and every parameter) to an .npz file.
func SaveLayer(path string, l *layer.Layer) error {
	a := newArchiveWriter()
	putLayer(a, "", l)
	return a.save(path)
}

// LoadLayer reads a layer written by SaveLayer; it continues bit for bit
// where the saved one stopped. An .npz made in Python with at least "w"
// (in, out) and "state" (out,) loads too if it also has "params" and
// "meta" as described in the package.
func LoadLayer(path string) (*layer.Layer, error) {
	a, err := openArchive(path)
	if err != nil {
		return nil, err
	}
	return getLayer(a, "")
}

// SaveNetwork writes every layer of n and every batch state to an .npz
// file.
func SaveNetwork(path string, n *batch.Network) error {
	a := newArchiveWriter()
	rows := n.Batch(0).Rows()
	a.put("network", []float32{formatVersion, float32(n.NumLayers()), float32(rows)}, 3)
	for k := 0; k < n.NumLayers(); k++ {
		b := n.Batch(k)
		prefix := fmt.Sprintf("layer%d/", k)
		putLayer(a, prefix, b.Layer())
		a.put(prefix+"v", b.State(nil), rows, b.Layer().Out())
		learns := float32(0)
		if b.Learning() {
			learns = 1
		}
		a.put(prefix+"batch", []float32{learns}, 1)
	}
	return a.save(path)
}

// LoadNetwork reads a network written by SaveNetwork, with its batch
// states and learning switches; opts configure its batches (pool, spike
// input, counts). It continues bit for bit where the saved one stopped.
func LoadNetwork(path string, opts ...batch.Option) (*batch.Network, error) {
	a, err := openArchive(path)
	if err != nil {
		return nil, err
	}
	head, err := a.array("network", 3)
	if err != nil {
		return nil, err
	}
	if head[0] != formatVersion || head[1] < 1 || head[2] < 0 {
		return nil, fmt.Errorf("%s: network header %v: %w", path, head, ErrFormat)
	}
	count, rows := int(head[1]), int(head[2])
	layers := make([]*layer.Layer, count)
	states := make([][]float32, count)
	learns := make([]bool, count)
	for k := range layers {
		prefix := fmt.Sprintf("layer%d/", k)
		if layers[k], err = getLayer(a, prefix); err != nil {
			return nil, err
		}
		if states[k], err = a.array(prefix+"v", rows, layers[k].Out()); err != nil {
			return nil, err
		}
		flag, err := a.array(prefix+"batch", 1)
		if err != nil {
			return nil, err
		}
		learns[k] = flag[0] != 0
	}
	n, err := batch.NewNetwork(rows, layers, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for k := range layers {
		if err := n.Batch(k).SetState(states[k]); err != nil {
			return nil, fmt.Errorf("%s: layer %d: %w", path, k, err)
		}
		n.Batch(k).SetLearning(learns[k])
	}
	return n, nil
}

// SaveSpikes writes a spike record as a uint8 .npy array of 0/1 with shape
// (steps, rows, out): record holds steps × rows × Words(out) words of
// packed bits (each step's Spikes of a Batch, appended).
func SaveSpikes(path string, record []uint64, steps, rows, out int) error {
	words := snn.Words(out)
	if len(record) != steps*rows*words {
		return fmt.Errorf("npy.SaveSpikes: len(record) = %d, want steps*rows*Words(out) = %d: %w", len(record), steps*rows*words, snn.ErrShape)
	}
	planes := make([][][]uint8, steps)
	for t := range planes {
		planes[t] = make([][]uint8, rows)
		for r := range planes[t] {
			row := make([]uint8, out)
			bits := record[(t*rows+r)*words:]
			for j := range row {
				if snn.Bits(bits).Has(j) {
					row[j] = 1
				}
			}
			planes[t][r] = row
		}
	}
	return writeAny(path, planes)
}
