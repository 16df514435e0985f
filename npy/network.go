package npy

import (
	"fmt"
	"io"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/atomicfile"
	"github.com/spikekernel/snn/layer"
)

// SaveNetwork writes every layer of n and every batch state to an .npz
// file, atomically. A layer used at several positions is stored once and
// restored shared. A NaN or infinite weight or state is an error wrapping
// snn.ErrNonFinite, batches of different row counts an error wrapping
// snn.ErrShape; either way the file is not touched.
func SaveNetwork(path string, n *batch.Network) error {
	if n == nil {
		return fmt.Errorf("npy.SaveNetwork: nil network: %w", snn.ErrShape)
	}
	count := stageCount(n)
	rows := stageAt(n, 0).Rows()
	index := map[*layer.Layer]int64{}
	var layers []*layer.Layer
	uses := make([]int64, count)
	for k := range count {
		b := stageAt(n, k)
		if b.Rows() != rows {
			return fmt.Errorf("npy.SaveNetwork: layer %d has %d rows, layer 0 %d: %w", k, b.Rows(), rows, snn.ErrShape)
		}
		j, ok := index[b.Layer()]
		if !ok {
			j = int64(len(layers))
			index[b.Layer()] = j
			layers = append(layers, b.Layer())
			if err := checkLayerSavable("npy.SaveNetwork", fmt.Sprintf("layer%d/", j), b.Layer()); err != nil {
				return err
			}
		}
		uses[k] = j
	}
	return saveArchive(path, func(a archiveWriter) error {
		if err := a.putInt64("network", formatVersion, int64(count), int64(rows)); err != nil {
			return err
		}
		if err := a.putInt64("uses", uses...); err != nil {
			return err
		}
		for j, l := range layers {
			if err := putLayer(a, fmt.Sprintf("layer%d/", j), l); err != nil {
				return err
			}
		}
		for k := range count {
			b := stageAt(n, k)
			if err := a.putFloat32(fmt.Sprintf("batch%d/v", k), b.State(nil), rows, b.Layer().Out()); err != nil {
				return err
			}
			learning := int64(0)
			if b.Learning() {
				learning = 1
			}
			if err := a.putInt64(fmt.Sprintf("batch%d/learning", k), learning); err != nil {
				return err
			}
			st := modelState{theta: b.Theta(nil), refr: b.Refractory(nil), spikes: b.Spikes()}
			if err := putModelState(a, fmt.Sprintf("batch%d/", k), b.Layer().Model(), st, rows, b.Layer().Out()); err != nil {
				return err
			}
		}
		return nil
	})
}

// LoadNetwork reads a network written by SaveNetwork (format 1, 2 or 3), with
// its batch states, learning switches and shared layers; opts configure
// its batches (pool, spike input, counts). It continues bit for bit where
// the saved one stopped.
func LoadNetwork(path string, opts ...batch.Option) (*batch.Network, error) {
	return loadArchive(path, func(a *archive) (*batch.Network, error) { return a.network(opts...) })
}

// network reads the network of the archive, validating every field.
func (a *archive) network(opts ...batch.Option) (*batch.Network, error) {
	head, err := a.header("network", 3)
	if err != nil {
		return nil, err
	}
	version, count, rows := head[0], head[1], head[2]
	// Each position has at least two arrays: a count beyond that is a lie.
	if count < 1 || count > int64(len(a.entries)) || rows < 0 {
		return nil, a.errorf("network", "%d layers of %d rows in an archive of %d arrays", count, rows, len(a.entries))
	}
	uses, err := a.uses(version, int(count))
	if err != nil {
		return nil, err
	}
	var distinct []*layer.Layer
	layers := make([]*layer.Layer, count)
	states := make([][]float32, count)
	stateNames := make([]string, count)
	learns := make([]bool, count)
	models := make([]modelState, count)
	for k, j := range uses {
		if j == len(distinct) {
			l, err := a.layer(fmt.Sprintf("layer%d/", j), version)
			if err != nil {
				return nil, err
			}
			distinct = append(distinct, l)
		}
		layers[k] = distinct[j]
		state, learning := fmt.Sprintf("batch%d/v", k), fmt.Sprintf("batch%d/learning", k)
		if version == 1 {
			state, learning = fmt.Sprintf("layer%d/v", k), fmt.Sprintf("layer%d/batch", k)
		}
		stateNames[k] = state
		if states[k], err = a.float32s(state, int(rows), layers[k].Out()); err != nil {
			return nil, err
		}
		if learns[k], err = a.flag(learning, version); err != nil {
			return nil, err
		}
		if version >= 3 {
			if models[k], err = a.modelState(fmt.Sprintf("batch%d/", k), layers[k].Model(), int(rows), layers[k].Out()); err != nil {
				return nil, err
			}
		}
	}
	n, err := newNetwork(int(rows), layers, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", a.path, ErrFormat, err)
	}
	for k := range layers {
		if err := stageAt(n, k).RestoreState(states[k]); err != nil {
			return nil, fmt.Errorf("%s: array %q: %w: %w", a.path, stateNames[k], ErrFormat, err)
		}
		stageAt(n, k).SetLearning(learns[k])
		b := stageAt(n, k)
		if err := a.restoreModelState(fmt.Sprintf("batch%d/", k), models[k], b.RestoreModelState, b.RestoreSpikes); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// uses returns, for each position, the index of the stored layer it uses:
// in format 1 each its own, in format 2 the array "uses", where each
// stored layer first appears in order (0, then at most one more than any
// before).
func (a *archive) uses(version int64, count int) ([]int, error) {
	uses := make([]int, count)
	if version == 1 {
		for k := range uses {
			uses[k] = k
		}
		return uses, nil
	}
	v, dtype, err := a.ints("uses", count)
	if err != nil {
		return nil, err
	}
	next := int64(0)
	for k, j := range v {
		if dtype != dtypeInt64 || j < 0 || j > next {
			return nil, a.errorf("uses", "element %d = %d (dtype %s), want a layer index from 0 to %d", k, j, dtype, next)
		}
		if j == next {
			next++
		}
		uses[k] = int(j)
	}
	return uses, nil
}

// SaveSpikes writes a spike record as a uint8 .npy array of 0/1 with shape
// (steps, rows, out), atomically: record holds steps × rows × Words(out)
// words of packed bits (each step's Spikes of a Batch, appended). A
// negative size or a wrong length is an error wrapping snn.ErrShape.
func SaveSpikes(path string, record []uint64, steps, rows, out int) error {
	words := snn.Words(max(out, 0))
	if _, err := checkShape("npy.SaveSpikes", len(record), []int{steps, rows, words}); err != nil {
		return err
	}
	shape, err := checkShape("npy.SaveSpikes", steps*rows*out, []int{steps, rows, out})
	if err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if _, err := w.Write(header(dtypeUint8, shape)); err != nil {
			return err
		}
		row := make([]byte, out)
		for r := 0; out > 0 && r < steps*rows; r++ {
			bits := record[r*words : (r+1)*words]
			for j := range row {
				row[j] = byte(bits[j/64] >> (j % 64) & 1)
			}
			if _, err := w.Write(row); err != nil {
				return err
			}
		}
		return nil
	})
}
