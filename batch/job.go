package batch

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/model"
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
	// With epilogue set, each step tile is followed by internal/model's
	// epilogue of the same rows and neurons on st, with parameters model.
	epilogue bool
	model    model.Params
	st       model.State
}

type phase uint8

const (
	phaseStep phase = iota
	phaseStepSpikes
	phaseStepExpanded // spike input expanded to floats, then the dense kernel
	phaseProduct      // a run's product: the input part of a step on dense input
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
	if model.Original(b.model) {
		b.stepTiles(p, b.l.Neuron(), b.rows, b.in, x, xbits, b.v, b.spikes, nil)
	} else {
		b.stepModel(p, x, xbits)
	}
	if b.counts != nil {
		b.count()
	}
}

// stepModel runs a step of the batch's model beyond the original (SPEC §6)
// through internal/model: x' = [1, x, s⁻] built inline when the model has a
// bias or recurrent weights, then the kernel step on W' with
// model.KernelNeuron, each tile followed by the model's epilogue on the
// same rows and neurons (so the epilogue runs on the pool too). p is
// phaseStep or phaseStepSpikes (spike input that takes the dense path has
// been expanded by stepRows).
func (b *Batch) stepModel(p phase, x []float32, xbits []uint64) {
	mp, rows := b.model, b.rows
	s := snn.Shape{Rows: rows, In: b.in, Out: b.out}
	in := model.AugmentedIn(mp, b.in, b.out)
	if mp.Bias || mp.Recurrent {
		if p == phaseStep {
			b.aug = growTo(b.aug, rows*in)
			model.Augment(mp, s, x, b.spikes, b.aug)
			x = b.aug
		} else {
			b.augBits = growTo(b.augBits, rows*snn.Words(in))
			model.AugmentSpikes(mp, s, xbits, b.spikes, b.augBits)
			xbits = b.augBits
		}
	}
	b.kernelSpikes = growTo(b.kernelSpikes, len(b.spikes))
	st := model.State{V: b.v, Spikes: b.spikes, Theta: b.theta, Refr: b.refr, Active: b.active}
	model.CountActive(mp, s, st) // before any tile overwrites s⁻
	b.stepTiles(p, model.KernelNeuron(mp), rows, in, x, xbits, b.v, b.kernelSpikes, &st)
}

// stepTiles runs a step of neuron n on rows states (x or xbits of in
// inputs, v and spikes holding rows rows) with the batch's weights, each
// tile followed by the model epilogue on *epi if epi is not nil, in tiles of (rows ×
// one panel of 64 neurons): a thread then streams one panel of W from its
// cache over many rows, as the single-threaded kernel does, and rows are
// cut only to bound a tile's time. A single state (rows = 1) is split by
// panels alone.
func (b *Batch) stepTiles(p phase, n snn.Neuron, rows, in int, x []float32, xbits []uint64, v []float32, spikes []uint64, epi *model.State) {
	if rows == 0 || b.out == 0 {
		return
	}
	j := &b.job
	*j = stepJob{
		phase: p, w: packedWeights(b.l), neuron: n, shape: snn.Shape{Rows: rows, In: in, Out: b.out},
		x: x, xbits: xbits, v: v, spikes: spikes, inWords: snn.Words(in), words: b.words,
	}
	if epi != nil {
		j.epilogue, j.model, j.st = true, b.model, *epi
	}
	j.rowTile, j.colTile = rows, b.out
	threads := b.pool.Threads()
	flopsPerPanelRow := 2 * max(1, in) * 64
	if threads > 1 && 2*rows*max(1, in)*b.out > inlineFLOPs {
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
	switch j.phase {
	case phaseStepSpikes:
		stepSpikesColumns(j.neuron, s, j.xbits[r0*j.inWords:r1*j.inWords], j.w, v, spikes, j0, j1)
	case phaseProduct:
		productColumns(s, j.x[r0*in:r1*in], j.w, v, spikes, j0, j1)
	default:
		stepColumns(j.neuron, s, j.x[r0*in:r1*in], j.w, v, spikes, j0, j1)
	}
	if j.epilogue {
		model.Epilogue(j.model, j.shape, j.st, r0, r1, j0, j1)
	}
}
