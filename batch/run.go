package batch

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/model"
	"github.com/spikekernel/snn/internal/seq"
	"github.com/spikekernel/snn/layer"
)

// Run advances every state by q.Steps time steps and leaves the states,
// the last step's spikes, the counts and (with learning on) the weights
// exactly as q.Steps calls of Step (or StepSpikes) would. The input is
// time-major: step t of a Dense sequence is q.Dense[t*Rows*In:(t+1)*Rows*In]
// (Rows×In, as Step takes it), of a spike sequence
// q.Spikes[t*Rows*Words(In):…]; with q.Constant the sequence holds one step,
// given at every step. rec.Spikes, if not nil, receives every step's spikes
// (Steps×Rows×Words(Out) words) and rec.Counts (Rows×Out) has every spike
// added.
//
// Without learning, the input part of many steps is one product over
// steps×rows rows on all threads (a single state's too, split by panels of
// neurons), then the recurrence runs step by step; with a Constant input
// the product is computed once. Scratch stays under 8 MiB whatever
// q.Steps is. With learning on, or a layer Model beyond the original,
// steps run one by one. On a wrong length,
// a non-finite input or a spike bit beyond In it returns an error and
// changes nothing.
func (b *Batch) Run(q layer.Sequence, rec layer.Record) error {
	in := seq.Input{Dense: q.Dense, Spikes: q.Spikes, Constant: q.Constant}
	out := seq.Output{Spikes: rec.Spikes, Counts: rec.Counts}
	if err := seq.Check("batch.Run", q.Steps, in, out, b.rows, b.in, b.out); err != nil {
		return err
	}
	b.run(q.Steps, in, out)
	return nil
}

// run is Run on checked input.
func (b *Batch) run(steps int, in seq.Input, out seq.Output) {
	if !b.learning && b.l != nil && model.Original(b.model) {
		out.Tally, out.Last = b.counts, b.spikes
		b.runner.Run(b.l.Neuron(), snn.Shape{Rows: b.rows, In: b.in, Out: b.out}, steps, in, snn.Weights{}, b.v, out, b.product)
		b.steps += steps
		return
	}
	for t := range steps {
		if dense, spikes := in.At(t, b.rows, b.in); dense != nil {
			b.step(dense)
		} else {
			b.stepSpikes(spikes)
		}
		seq.Record(out, t, b.rows, b.words, b.out, b.spikes)
	}
}

// product is the batch's seq.Product: the input part of s.Rows stacked
// rows on the pool, through the dense or the event-driven kernel as a step
// would choose (w is the batch's own and ignored).
func (b *Batch) product(n snn.Neuron, s snn.Shape, dense []float32, spikes []uint64, _ snn.Weights, acc []float32, spk []uint64) {
	if dense != nil {
		b.stepTiles(phaseProduct, n, s.Rows, b.in, dense, nil, acc, spk, nil)
		return
	}
	if b.denseFor(spikes, s.Rows) {
		b.dense = growTo(b.dense, s.Rows*b.in)
		for r := range s.Rows {
			snn.Bits(spikes[r*b.inWords:]).Expand(b.dense[r*b.in : (r+1)*b.in])
		}
		b.stepTiles(phaseStep, n, s.Rows, b.in, b.dense, nil, acc, spk, nil)
		return
	}
	b.stepTiles(phaseStepSpikes, n, s.Rows, b.in, nil, spikes, acc, spk, nil)
}

// Run advances every layer by q.Steps time steps, as q.Steps calls of Step
// (or StepSpikes) would, bit for bit: q is the first layer's input and rec
// records the last layer's spikes, both as for Batch.Run. Without learning
// it runs layer by layer over chunks of the sequence, each layer's spikes
// of the chunk feeding the next through the spike-input path (event-driven
// or dense, by density, as a step would); with any layer learning, or a
// layer used twice, steps run one by one through the whole stack. Every
// layer, the input and the record are checked first: on an error nothing
// changes.
func (n *Network) Run(q layer.Sequence, rec layer.Record) error {
	const fn = "batch.Network.Run"
	if err := n.checkRows(fn); err != nil {
		return err
	}
	first, last := n.batches[0], n.Output()
	in := seq.Input{Dense: q.Dense, Spikes: q.Spikes, Constant: q.Constant}
	out := seq.Output{Spikes: rec.Spikes, Counts: rec.Counts}
	if err := seq.CheckInput(fn, q.Steps, in, first.rows, first.in); err != nil {
		return err
	}
	if err := seq.CheckOutput(fn, q.Steps, out, last.rows, last.out); err != nil {
		return err
	}
	if n.stepwise() {
		for t := range q.Steps {
			if dense, spikes := in.At(t, first.rows, first.in); dense != nil {
				first.step(dense)
			} else {
				first.stepSpikes(spikes)
			}
			n.feed()
			seq.Record(out, t, last.rows, last.words, last.out, last.spikes)
		}
		return nil
	}
	chunk := q.Steps
	for _, b := range n.batches[:len(n.batches)-1] {
		chunk = min(chunk, max(1, seq.MaxScratchBytes/max(1, 8*b.rows*b.words)))
	}
	if len(n.links) != len(n.batches)-1 {
		n.links = make([][]uint64, len(n.batches)-1)
	}
	for t0 := 0; t0 < q.Steps; t0 += chunk {
		tc := min(chunk, q.Steps-t0)
		x := in
		if !in.Constant {
			if x.Dense != nil {
				x.Dense = x.Dense[t0*first.rows*first.in : (t0+tc)*first.rows*first.in]
			} else {
				x.Spikes = x.Spikes[t0*first.rows*first.inWords : (t0+tc)*first.rows*first.inWords]
			}
		}
		for i, b := range n.batches {
			o := seq.Output{}
			if b == last {
				o = out
				if o.Spikes != nil {
					o.Spikes = o.Spikes[t0*b.rows*b.words : (t0+tc)*b.rows*b.words]
				}
			} else {
				n.links[i] = growTo(n.links[i], tc*b.rows*b.words)
				o.Spikes = n.links[i]
			}
			b.run(tc, x, o)
			x = seq.Input{Spikes: o.Spikes}
		}
	}
	return nil
}

// stepwise reports whether a run must step the whole stack one step at a
// time: when a layer learns (its weights change between steps) or a layer
// appears twice (its weights are shared between positions).
func (n *Network) stepwise() bool {
	for i, b := range n.batches {
		if b.learning {
			return true
		}
		for _, c := range n.batches[:i] {
			if c.l == b.l {
				return true
			}
		}
	}
	return false
}
