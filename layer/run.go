package layer

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/model"
	"github.com/spikekernel/snn/internal/seq"
)

// Sequence is the input of a run of Steps time steps: either Dense
// (Steps×In floats, time-major: step t is Dense[t*In:(t+1)*In]) or Spikes
// (Steps×Words(In) words of packed bits), the other nil. With Constant it
// holds a single step's input (In floats or Words(In) words) given at
// every step: direct encoding, as when an image is shown for Steps steps.
// Package batch reads the same type with a Rows dimension after the step
// (Steps×Rows×In).
type Sequence struct {
	Steps    int
	Dense    []float32
	Spikes   []uint64
	Constant bool
}

// Record says what a run keeps besides the final state; either field may
// be nil. Spikes receives every step's spikes (Steps×Words(Out) words;
// with package batch Steps×Rows×Words(Out)); Counts has each neuron's
// spikes of the run added to it (Out values; Rows×Out with batch).
type Record struct {
	Spikes []uint64
	Counts []uint32
}

func (q Sequence) input() seq.Input {
	return seq.Input{Dense: q.Dense, Spikes: q.Spikes, Constant: q.Constant}
}

// Run advances the layer by q.Steps time steps and leaves the state, the
// last step's spikes and (with learning on) W exactly as q.Steps calls of
// Step (or StepSpikes) would. Without learning the input part of every
// step is computed for many steps at once, as one matrix product, which is
// several times faster than stepping (package snn's SPEC §7); with a
// Constant input it is computed once. A layer with a Model beyond the
// original runs step by step. Scratch stays under 8 MiB whatever
// q.Steps is, and is reused by later runs. On a wrong length, a non-finite
// input or a spike bit beyond In it returns an error and changes nothing.
func (l *Layer) Run(q Sequence, rec Record) error {
	in := q.input()
	out := seq.Output{Spikes: rec.Spikes, Counts: rec.Counts, Last: l.spikes}
	if err := seq.Check("layer.Run", q.Steps, in, out, 1, l.in, l.out); err != nil {
		return err
	}
	if !l.learning && model.Original(l.model) {
		s := snn.Shape{Rows: 1, In: l.in, Out: l.out}
		l.runner.Run(l.neuron, s, q.Steps, in, l.w.Weights(), l.v, out, seq.Inline)
		return nil
	}
	if l.out == 0 {
		return nil // seq.Check allowed only empty records
	}
	words := snn.Words(l.out)
	for t := range q.Steps {
		if dense, spikes := in.At(t, 1, l.in); dense != nil {
			l.step(dense)
		} else {
			l.stepSpikes(spikes)
		}
		seq.Record(out, t, 1, words, l.out, l.spikes)
	}
	return nil
}
