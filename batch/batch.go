// Package batch steps many independent states of a layer at once, on all
// cores: B rows of membrane state share one layer's weights and
// parameters, and one call advances them all by a time step, with the
// batched Hebbian rule of [github.com/spikekernel/snn] if asked. A Network
// chains batches, feeding each layer's spikes to the next. Weights and
// parameters come from a [github.com/spikekernel/snn/layer.Layer].
//
// Results do not depend on the number of threads or on how the work is
// split: steps are split by rows (and learning by neurons), never inside
// the sum over inputs, so every state and weight is computed by the same
// sequence of operations whatever the split (see snn's contract). Steps of
// a few microseconds run inline; long steps are cut into tiles of at most
// a few hundred microseconds, so the Go scheduler is never held for long
// by assembly.
//
// Concurrency: a Batch or Network is not safe for concurrent Steps, and
// reading its results (Spikes, State, Counts) while it steps is a data
// race. Batches built over the same layer share its weights: do not step
// them concurrently when any of them learns.
package batch

import (
	"fmt"
	"math/bits"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/check"
	"github.com/spikekernel/snn/layer"
)

// Batch is Rows independent states of the neurons of one layer.
type Batch struct {
	l         *layer.Layer
	rows      int
	in, out   int
	words     int // Words(out)
	inWords   int // Words(in)
	v         []float32
	spikes    []uint64
	learning  bool
	mode      SpikeInput
	pool      *Pool
	counts    []uint32
	steps     int
	dense     []float32 // rows×in scratch of the dense path of spike input
	lastDense bool      // the last spike-input step took the dense path

	// The step in progress, read by runTile.
	phase     phase
	x         []float32
	xbits     []uint64
	rowTile   int // rows per tile
	rowTiles  int // tiles along the rows
	colTile   int // neurons per tile (a multiple of 64, or Out)
	neuron    snn.Neuron
	hebb      snn.Hebbian
	shapeRows snn.Shape
}

type phase uint8

const (
	phaseStep phase = iota
	phaseStepSpikes
	phaseStepExpanded
	phaseLearn
	phaseLearnSpikes
)

// New returns rows states of the neurons of l, all zero. The batch uses
// l's weights (packed, shared: with learning on, its steps change them)
// and l's parameters as they are at each step.
func New(l *layer.Layer, rows int, opts ...Option) (*Batch, error) {
	if rows < 0 {
		return nil, fmt.Errorf("batch.New: rows = %d: %w", rows, snn.ErrShape)
	}
	c := newConfig(opts)
	if c.mode > SpikeInputDense {
		return nil, fmt.Errorf("batch.New: spike input mode %d: %w", c.mode, snn.ErrParameter)
	}
	b := &Batch{
		l: l, in: l.In(), out: l.Out(), words: snn.Words(l.Out()), inWords: snn.Words(l.In()),
		learning: c.learning, mode: c.mode, pool: c.pool,
	}
	b.resize(rows)
	if c.counts {
		b.counts = make([]uint32, rows*b.out)
	}
	return b, nil
}

func (b *Batch) resize(rows int) {
	b.rows = rows
	b.v = growTo(b.v, rows*b.out)
	b.spikes = growTo(b.spikes, rows*b.words)
	if b.counts != nil {
		b.counts = growTo(b.counts, rows*b.out)
	}
}

// growTo returns s with length n, keeping its first elements and zeroing
// the others.
func growTo[T any](s []T, n int) []T {
	old := len(s)
	if cap(s) >= n {
		s = s[:n]
	} else {
		s = append(s[:cap(s)], make([]T, n-cap(s))...)[:n]
	}
	if n > old {
		clear(s[old:])
	}
	return s
}

// Rows returns the number of states.
func (b *Batch) Rows() int { return b.rows }

// Layer returns the layer whose weights and parameters the batch uses.
func (b *Batch) Layer() *layer.Layer { return b.l }

// Learning reports whether steps apply the Hebbian rule.
func (b *Batch) Learning() bool { return b.learning }

// SetLearning turns the Hebbian rule on or off for later steps.
func (b *Batch) SetLearning(on bool) { b.learning = on }

// Resize changes the number of states to rows, keeping the first ones;
// new states (and their spikes and counts) start at zero.
func (b *Batch) Resize(rows int) error {
	if rows < 0 {
		return fmt.Errorf("batch.Resize: rows = %d: %w", rows, snn.ErrShape)
	}
	b.resize(rows)
	return nil
}

// Step advances every state by one time step on x, Rows×In values
// (row-major: x[r*In+i] is input i of state r), then, with learning on,
// applies the batched Hebbian rule. If x has the wrong length or a NaN or
// infinite value, Step returns an error naming the row and column and
// changes nothing.
func (b *Batch) Step(x []float32) error {
	if err := check.Len("batch.Step", "x", len(x), b.rows*b.in); err != nil {
		return err
	}
	if err := check.Finite("batch.Step", "x", x, b.in); err != nil {
		return err
	}
	b.x = x
	b.stepRows(phaseStep)
	if b.learning {
		b.learn(phaseLearn)
	}
	b.x = nil
	return nil
}

// StepSpikes advances every state by one time step on spike input: x holds
// Rows×Words(In) words of packed bits (for example another batch's
// Spikes). The event-driven or the dense kernel runs, by density (see
// DenseAbove) or as WithSpikeInput says; the bits are the same. With learning on, an input
// counts as above the pre-synaptic threshold where 1 (or 0) exceeds it.
func (b *Batch) StepSpikes(x []uint64) error {
	if err := check.Len("batch.StepSpikes", "x", len(x), b.rows*b.inWords); err != nil {
		return err
	}
	if err := check.Bits("batch.StepSpikes", "x", x, b.rows, b.in); err != nil {
		return err
	}
	b.xbits = x
	dense := b.mode == SpikeInputDense
	if b.mode == SpikeInputAuto && b.rows*b.in > 0 {
		set := 0
		for _, w := range x {
			set += bits.OnesCount64(w)
		}
		dense = float64(set) >= DenseAbove()*float64(b.rows*b.in)
	}
	b.lastDense = dense
	if dense {
		b.dense = growTo(b.dense, b.rows*b.in)
		b.stepRows(phaseStepExpanded)
	} else {
		b.stepRows(phaseStepSpikes)
	}
	if b.learning {
		b.learn(phaseLearnSpikes)
	}
	b.xbits = nil
	return nil
}

// LastStepDense reports whether the last StepSpikes took the dense path.
func (b *Batch) LastStepDense() bool { return b.lastDense }

// tileFLOPs bounds the work of one tile: about 100 µs at AVX-512 speed.
const tileFLOPs = 24 << 20

// inlineFLOPs is the work below which a step runs on the calling
// goroutine alone: a hand-off to workers costs a few microseconds.
const inlineFLOPs = 1 << 20

// rowAlign is a multiple of every backend's row tile (6 on amd64, 4 on
// arm64), so that tiles keep the kernels' register blocking.
const rowAlign = 12

// stepRows runs a step in tiles of (rows × one panel of 64 neurons): a
// thread then streams one panel of W from its cache over many rows, as the
// single-threaded kernel does, and rows are cut only to bound a tile's
// time.
func (b *Batch) stepRows(p phase) {
	b.phase = p
	b.neuron = b.l.Neuron()
	b.steps++
	if b.rows == 0 || b.out == 0 {
		return
	}
	if p == phaseStepExpanded {
		for r := 0; r < b.rows; r++ {
			snn.ExpandSpikes(b.dense[r*b.in:(r+1)*b.in], b.xbits[r*b.inWords:])
		}
	}
	b.rowTile, b.colTile = b.rows, b.out
	threads := b.pool.Threads()
	flopsPerPanelRow := 2 * max(1, b.in) * 64
	if threads > 1 && 2*b.rows*max(1, b.in)*b.out > inlineFLOPs {
		b.colTile = 64
		rowTiles := (b.rows*flopsPerPanelRow + tileFLOPs - 1) / tileFLOPs
		if panels := b.words; panels < threads {
			rowTiles = max(rowTiles, threads)
		}
		// Tiles of equal size: no lone short tile that rereads a panel.
		b.rowTile = min(b.rows, roundUp((b.rows+rowTiles-1)/rowTiles, rowAlign))
	}
	b.rowTiles = (b.rows + b.rowTile - 1) / b.rowTile
	b.pool.run(b.rowTiles*((b.out+b.colTile-1)/b.colTile), b)
	if b.counts != nil {
		b.count()
	}
}

func (b *Batch) count() {
	for r := 0; r < b.rows; r++ {
		counts := b.counts[r*b.out : (r+1)*b.out]
		for k, word := range b.spikes[r*b.words : (r+1)*b.words] {
			for word != 0 {
				counts[k<<6+bits.TrailingZeros64(word)]++
				word &= word - 1
			}
		}
	}
}

func (b *Batch) learn(p phase) {
	b.phase = p
	b.hebb = b.l.Hebbian()
	b.shapeRows = snn.Shape{Rows: b.rows, In: b.in, Out: b.out}
	panels := b.words
	tiles := 1
	if threads := b.pool.Threads(); threads > 1 && 2*b.rows*b.in*b.out > inlineFLOPs {
		// One tile per thread: each tile rebuilds the row masks of all
		// inputs (rows·in/16 vector ops), so more tiles cost more.
		tiles = min(panels, threads)
	}
	b.colTile = 64 * ((panels + tiles - 1) / tiles)
	b.pool.run((b.out+b.colTile-1)/b.colTile, b)
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// runTile runs tile i of the current phase.
func (b *Batch) runTile(i int) {
	w := b.l.Packed()
	switch b.phase {
	case phaseLearn, phaseLearnSpikes:
		j0 := i * b.colTile
		j1 := min(b.out, j0+b.colTile)
		if b.phase == phaseLearn {
			snn.LearnPackedColumns(b.hebb, b.shapeRows, b.x, b.spikes, w, j0, j1)
		} else {
			snn.LearnSpikesPackedColumns(b.hebb, b.shapeRows, b.xbits, b.spikes, w, j0, j1)
		}
		return
	}
	r0 := (i % b.rowTiles) * b.rowTile
	r1 := min(b.rows, r0+b.rowTile)
	j0 := (i / b.rowTiles) * b.colTile
	j1 := min(b.out, j0+b.colTile)
	s := snn.Shape{Rows: r1 - r0, In: b.in, Out: b.out}
	v := b.v[r0*b.out : r1*b.out]
	spikes := b.spikes[r0*b.words : r1*b.words]
	switch b.phase {
	case phaseStep:
		snn.StepPackedColumns(b.neuron, s, b.x[r0*b.in:r1*b.in], w, v, spikes, j0, j1)
	case phaseStepSpikes:
		snn.StepSpikesPackedColumns(b.neuron, s, b.xbits[r0*b.inWords:r1*b.inWords], w, v, spikes, j0, j1)
	case phaseStepExpanded:
		snn.StepPackedColumns(b.neuron, s, b.dense[r0*b.in:r1*b.in], w, v, spikes, j0, j1)
	}
}
