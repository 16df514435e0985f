package batch

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/seq"
)

// stepJob is one phase of a step (the step itself or its learning), cut
// into tiles that the pool runs: everything a tile reads, set before the
// pool starts and cleared after, so that a tile never reads the Batch.
type stepJob struct {
	phase    phase
	w        *snn.Packed
	neuron   snn.Neuron
	hebb     snn.Hebbian
	shape    snn.Shape // all rows
	x        []float32 // float input, or the expanded spike input
	xbits    []uint64  // spike input
	v        []float32
	spikes   []uint64
	inWords  int
	words    int
	rowTile  int // rows per tile
	rowTiles int // tiles along the rows
	colTile  int // neurons per tile (a multiple of 64, or Out)
}

type phase uint8

const (
	phaseStep phase = iota
	phaseStepSpikes
	phaseStepExpanded // spike input expanded to floats, then the dense kernel
	phaseLearn
	phaseLearnSpikes
)

// tileFLOPs bounds the work of one tile: about 100 µs at AVX-512 speed.
const tileFLOPs = 24 << 20

// inlineFLOPs is the work below which a step runs on the calling
// goroutine alone: a hand-off to workers costs a few microseconds.
var inlineFLOPs = 1 << 20

// rowAlign is a multiple of every backend's row tile (6 on amd64, 4 on
// arm64), so that tiles keep the kernels' register blocking.
const rowAlign = 12

// stepRows runs a step of the batch's states on x (or xbits), then counts
// the spikes if asked.
func (b *Batch) stepRows(p phase, x []float32, xbits []uint64) {
	b.steps++
	if b.rows == 0 || b.out == 0 {
		return
	}
	if p == phaseStepExpanded {
		for r := 0; r < b.rows; r++ {
			snn.Bits(xbits[r*b.inWords:]).Expand(b.dense[r*b.in : (r+1)*b.in])
		}
		p, x, xbits = phaseStep, b.dense, nil
	}
	b.stepTiles(p, b.l.Neuron(), b.rows, x, xbits, b.v, b.spikes)
	if b.counts != nil {
		b.count()
	}
}

// stepTiles runs a step of neuron n on rows states (x or xbits, v and
// spikes holding rows rows) with the batch's weights, in tiles of (rows ×
// one panel of 64 neurons): a thread then streams one panel of W from its
// cache over many rows, as the single-threaded kernel does, and rows are
// cut only to bound a tile's time. A single state (rows = 1) is split by
// panels alone.
func (b *Batch) stepTiles(p phase, n snn.Neuron, rows int, x []float32, xbits []uint64, v []float32, spikes []uint64) {
	if rows == 0 || b.out == 0 {
		return
	}
	j := &b.job
	*j = stepJob{
		phase: p, w: packedWeights(b.l), neuron: n, shape: snn.Shape{Rows: rows, In: b.in, Out: b.out},
		x: x, xbits: xbits, v: v, spikes: spikes, inWords: b.inWords, words: b.words,
	}
	j.rowTile, j.colTile = rows, b.out
	threads := b.pool.Threads()
	flopsPerPanelRow := 2 * max(1, b.in) * 64
	if threads > 1 && 2*rows*max(1, b.in)*b.out > inlineFLOPs {
		j.colTile = 64
		rowTiles := (rows*flopsPerPanelRow + tileFLOPs - 1) / tileFLOPs
		if panels := b.words; panels < threads {
			rowTiles = max(rowTiles, threads)
		}
		// Tiles of equal size: no lone short tile that rereads a panel.
		j.rowTile = min(rows, roundUp((rows+rowTiles-1)/rowTiles, rowAlign))
	}
	j.rowTiles = (rows + j.rowTile - 1) / j.rowTile
	b.pool.run(j.rowTiles*((b.out+j.colTile-1)/j.colTile), j)
	*j = stepJob{}
}

// count adds the last step's spikes to the counts.
func (b *Batch) count() {
	seq.Record(seq.Output{Counts: b.counts}, 0, b.rows, b.words, b.out, b.spikes)
}

// learn runs the batched Hebbian rule in tiles of whole panels of
// neurons, never split by rows (whose contributions are summed).
func (b *Batch) learn(p phase, x []float32, xbits []uint64) {
	if b.rows == 0 || b.out == 0 {
		return // no spike, no change
	}
	j := &b.job
	*j = stepJob{
		phase: p, w: packedWeights(b.l), hebb: b.l.Hebbian(), shape: snn.Shape{Rows: b.rows, In: b.in, Out: b.out},
		x: x, xbits: xbits, spikes: b.spikes, inWords: b.inWords, words: b.words,
	}
	panels := b.words
	tiles := 1
	if threads := b.pool.Threads(); threads > 1 && 2*b.rows*b.in*b.out > inlineFLOPs {
		// One tile per thread: each tile rebuilds the row masks of all
		// inputs (rows·in/16 vector ops), so more tiles cost more.
		tiles = min(panels, threads)
	}
	j.colTile = 64 * ((panels + tiles - 1) / tiles)
	b.pool.run((b.out+j.colTile-1)/j.colTile, j)
	*j = stepJob{}
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// runTile runs tile i of the job.
func (j *stepJob) runTile(i int) {
	switch j.phase {
	case phaseLearn, phaseLearnSpikes:
		j0 := i * j.colTile
		j1 := min(j.shape.Out, j0+j.colTile)
		if j.phase == phaseLearn {
			learnColumns(j.hebb, j.shape, j.x, j.spikes, j.w, j0, j1)
		} else {
			learnSpikesColumns(j.hebb, j.shape, j.xbits, j.spikes, j.w, j0, j1)
		}
		return
	}
	r0 := (i % j.rowTiles) * j.rowTile
	r1 := min(j.shape.Rows, r0+j.rowTile)
	j0 := (i / j.rowTiles) * j.colTile
	j1 := min(j.shape.Out, j0+j.colTile)
	in, out := j.shape.In, j.shape.Out
	s := snn.Shape{Rows: r1 - r0, In: in, Out: out}
	v := j.v[r0*out : r1*out]
	spikes := j.spikes[r0*j.words : r1*j.words]
	if j.phase == phaseStepSpikes {
		stepSpikesColumns(j.neuron, s, j.xbits[r0*j.inWords:r1*j.inWords], j.w, v, spikes, j0, j1)
		return
	}
	stepColumns(j.neuron, s, j.x[r0*in:r1*in], j.w, v, spikes, j0, j1)
}
