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
	"github.com/spikekernel/snn/internal/seq"
	"github.com/spikekernel/snn/internal/size"
	"github.com/spikekernel/snn/layer"
)

// Batch is Rows independent states of the neurons of one layer. The zero
// Batch has no layer, no inputs, no neurons and no rows: it steps on empty
// input and never spikes; use New.
type Batch struct {
	config         // the layer, its sizes and the options
	state          // the states, spikes and counts of every row
	job    stepJob // the step in progress, run by the pool
}

// state is what steps change, beside the layer's weights.
type state struct {
	rows      int
	v         []float32  // rows×out
	spikes    []uint64   // rows×words: the last step's spikes
	counts    []uint32   // rows×out, nil without WithCounts
	steps     int        // since the counts were reset
	dense     []float32  // rows×in: scratch of the dense path of spike input
	lastDense bool       // the last spike-input step took the dense path
	runner    seq.Runner // scratch of Run
	// The extra state and scratch of a model beyond the original.
	theta        []float32 // rows×out adaptive thresholds, nil without
	refr         []int32   // rows×out refractory counters, nil without
	active       []int64   // rows: the spikes of s⁻, for lateral inhibition
	aug          []float32 // rows×AugmentedIn: x' = [1, x, s⁻]
	augBits      []uint64  // the same, as bits
	kernelSpikes []uint64  // rows×words: the spikes the kernel writes and nobody reads
}

// New returns rows states of the neurons of l, all zero. The batch uses
// l's weights (packed, shared: with learning on, its steps change them)
// and l's parameters as they are at each step. A nil layer, negative rows,
// or rows whose buffers (inputs, states, spikes, counts: rows×In,
// rows×Out, rows×Words(Out), …) would be over 2^40 bytes give an error
// before anything is allocated.
func New(l *layer.Layer, rows int, opts ...Option) (*Batch, error) {
	if l == nil {
		return nil, fmt.Errorf("batch.New: nil layer: %w", snn.ErrParameter)
	}
	b := &Batch{config: newConfig(l, opts)}
	if b.mode > SpikeInputDense {
		return nil, fmt.Errorf("batch.New: spike input mode %d: %w", b.mode, snn.ErrParameter)
	}
	if err := b.checkRows("batch.New", rows); err != nil {
		return nil, err
	}
	if b.learning && !b.canLearn() {
		return nil, fmt.Errorf("batch.New: learning with a bias, recurrent weights or an STDP rule is not supported: %w", snn.ErrParameter)
	}
	if b.countSpikes {
		b.counts = []uint32{}
	}
	b.resize(rows)
	return b, nil
}

// checkRows returns an error if rows is negative or a buffer of rows rows
// would overflow or be over size.MaxBytes.
func (c *config) checkRows(fn string, rows int) error {
	if rows < 0 {
		return fmt.Errorf("%s: rows = %d: %w", fn, rows, snn.ErrShape)
	}
	return size.Check(fn, snn.ErrShape,
		size.Buffer{Name: "x", ElemBytes: 4, Dims: []int{rows, c.in}},
		size.Buffer{Name: "spike x", ElemBytes: 8, Dims: []int{rows, c.inWords}},
		size.Buffer{Name: "state", ElemBytes: 4, Dims: []int{rows, c.out}},
		size.Buffer{Name: "spikes", ElemBytes: 8, Dims: []int{rows, c.words}})
}

// resize sets the number of rows, checked by checkRows.
func (b *Batch) resize(rows int) {
	b.rows = rows
	b.v = growTo(b.v, rows*b.out)
	b.spikes = growTo(b.spikes, rows*b.words)
	if b.model.Adaptive {
		b.theta = growTo(b.theta, rows*b.out)
	}
	if b.model.Refractory > 0 {
		b.refr = growTo(b.refr, rows*b.out)
	}
	if b.model.Inhibition != 0 {
		b.active = growTo(b.active, rows)
	}
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

// Layer returns the layer whose weights and parameters the batch uses (nil
// for a zero Batch).
func (b *Batch) Layer() *layer.Layer { return b.l }

// Learning reports whether steps apply the Hebbian rule.
func (b *Batch) Learning() bool { return b.learning }

// SetLearning turns the Hebbian rule on or off for later steps. A batch of
// a layer with a bias, recurrent weights or an STDP rule (which learns in
// a Layer only) does not learn: there it stays off.
func (b *Batch) SetLearning(on bool) { b.learning = on && b.canLearn() }

// canLearn reports whether the layer allows batched Hebbian learning: W'
// holds W alone, and the layer's rule is the Hebbian one.
func (c *config) canLearn() bool {
	if c.l == nil {
		return true
	}
	_, stdp := c.l.STDP()
	return !c.model.Bias && !c.model.Recurrent && !stdp
}

// Resize changes the number of states to rows, keeping the first ones;
// new states (and their spikes, counts, θ and refractory counters) start
// at zero. Rows are checked
// as by New; on an error nothing changes. (A batch of a Network is resized
// with Network.Resize: a network whose batches differ in rows refuses to
// step.)
func (b *Batch) Resize(rows int) error {
	if err := b.checkRows("batch.Resize", rows); err != nil {
		return err
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
	if err := b.checkInput("batch.Step", x); err != nil {
		return err
	}
	b.step(x)
	return nil
}

func (b *Batch) checkInput(fn string, x []float32) error {
	if err := check.Len(fn, "x", len(x), b.rows*b.in); err != nil {
		return err
	}
	return check.Finite(fn, "x", x, b.in)
}

// step is Step on checked input.
func (b *Batch) step(x []float32) {
	b.stepRows(phaseStep, x, nil)
	if b.learning {
		b.learn(phaseLearn, x, nil)
	}
}

// StepSpikes advances every state by one time step on spike input: x holds
// Rows×Words(In) words of packed bits (for example another batch's
// Spikes). The event-driven or the dense kernel runs, by density (see
// DenseAbove) or as WithSpikeInput says; the bits are the same. A layer
// Model beyond the original steps through internal/model (SPEC §6): the
// same kernels on x' = [1, x, s⁻] and W' = [bias; W; V], then the model's
// epilogue on each tile of rows and neurons, on the pool. With
// learning on, an input counts as above the pre-synaptic threshold where 1
// (or 0) exceeds it. On a wrong length or a bit set at or beyond In it
// returns an error and changes nothing.
func (b *Batch) StepSpikes(x []uint64) error {
	if err := b.checkSpikeInput("batch.StepSpikes", x); err != nil {
		return err
	}
	b.stepSpikes(x)
	return nil
}

func (b *Batch) checkSpikeInput(fn string, x []uint64) error {
	if err := check.Len(fn, "x", len(x), b.rows*b.inWords); err != nil {
		return err
	}
	return check.Bits(fn, "x", x, b.rows, b.in)
}

// stepSpikes is StepSpikes on checked input.
func (b *Batch) stepSpikes(x []uint64) {
	dense := b.denseFor(x, b.rows)
	b.lastDense = dense
	if dense {
		b.dense = growTo(b.dense, b.rows*b.in)
		b.stepRows(phaseStepExpanded, nil, x)
	} else {
		b.stepRows(phaseStepSpikes, nil, x)
	}
	if b.learning {
		b.learn(phaseLearnSpikes, nil, x)
	}
}

// denseFor reports whether spike input x of rows rows takes the dense path:
// as WithSpikeInput says, or by its density (see DenseAbove).
func (b *Batch) denseFor(x []uint64, rows int) bool {
	if b.mode != SpikeInputAuto || rows*b.in == 0 {
		return b.mode == SpikeInputDense
	}
	set := 0
	for _, w := range x {
		set += bits.OnesCount64(w)
	}
	return float64(set) >= DenseAbove()*float64(rows*b.in)
}

// LastStepDense reports whether the last StepSpikes took the dense path.
func (b *Batch) LastStepDense() bool { return b.lastDense }
