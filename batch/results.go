package batch

import (
	"fmt"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/check"
)

// Spikes returns the last step's spikes: Rows×Words(Out) words of packed
// bits (row r starts at word r*Words(Out); see snn.Words). The slice is the
// batch's own, valid until the next Step: read it, do not keep or change
// it. It can be passed as is to the next layer's StepSpikes.
func (b *Batch) Spikes() []uint64 { return b.spikes }

// SpikesRow returns the spike words of state r, as Spikes.
func (b *Batch) SpikesRow(r int) []uint64 { return b.spikes[r*b.words : (r+1)*b.words] }

// Spiked reports whether neuron j of state r spiked in the last step.
func (b *Batch) Spiked(r, j int) bool { return snn.Bits(b.SpikesRow(r)).Has(j) }

// SpikeCount returns the number of spikes of the last step, all states.
func (b *Batch) SpikeCount() int { return snn.Bits(b.spikes).Count() }

// State copies the membrane states (Rows×Out, row-major) into dst, grown if
// needed, and returns it.
func (b *Batch) State(dst []float32) []float32 { return append(dst[:0], b.v...) }

// SetState replaces the states with a copy of v (Rows×Out values). On a
// wrong length or a NaN or infinite value it returns an error and changes
// nothing.
func (b *Batch) SetState(v []float32) error {
	if err := check.Len("batch.SetState", "v", len(v), len(b.v)); err != nil {
		return err
	}
	if err := check.Finite("batch.SetState", "v", v, b.out); err != nil {
		return err
	}
	copy(b.v, v)
	return nil
}

// RestoreState replaces the states with a copy of v (Rows×Out values) as
// State returned it, for checkpoints: unlike SetState it accepts every
// float32 value, since states reach ±Inf and NaN through finite weights
// and inputs when their sums overflow (see layer.Layer.RestoreState). Only
// the length is checked: on a wrong one it returns an error wrapping
// snn.ErrShape and changes nothing.
func (b *Batch) RestoreState(v []float32) error {
	if err := check.Len("batch.RestoreState", "v", len(v), len(b.v)); err != nil {
		return err
	}
	copy(b.v, v)
	return nil
}

// SetStateRow replaces the state of row r with a copy of v (Out values),
// with the checks of SetState.
func (b *Batch) SetStateRow(r int, v []float32) error {
	if r < 0 || r >= b.rows {
		return fmt.Errorf("batch.SetStateRow: row %d of %d: %w", r, b.rows, snn.ErrShape)
	}
	if err := check.Len("batch.SetStateRow", "v", len(v), b.out); err != nil {
		return err
	}
	if err := check.Finite("batch.SetStateRow", "v", v, 0); err != nil {
		return err
	}
	copy(b.v[r*b.out:], v)
	return nil
}

// Counts returns the spike count of every state and neuron since the
// counts were last reset (Rows×Out, row-major), or nil without
// WithCounts. The slice is the batch's own, as Spikes.
func (b *Batch) Counts() []uint32 { return b.counts }

// Steps returns the number of steps since the counts were last reset.
func (b *Batch) Steps() int { return b.steps }

// ResetCounts zeroes the counts and the step counter.
func (b *Batch) ResetCounts() {
	clear(b.counts)
	b.steps = 0
}

// Rates writes each state's and neuron's spike rate (spikes per step since
// the counts were reset) into dst, grown if needed, and returns it; all
// zero without WithCounts or before any step.
func (b *Batch) Rates(dst []float32) []float32 {
	dst = growTo(dst[:0], b.rows*b.out)
	if b.counts == nil || b.steps == 0 {
		clear(dst)
		return dst
	}
	for i, c := range b.counts {
		dst[i] = float32(c) / float32(b.steps)
	}
	return dst
}
