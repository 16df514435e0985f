package batch

import "github.com/spikekernel/snn/internal/check"

// ResetState starts every state over: at zero (at the reset value of a
// layer with layer.WithResetToValue), θ and refractory counters at zero,
// no previous spikes; and clears the counts (as ResetCounts).
func (b *Batch) ResetState() {
	for i := range b.v {
		b.v[i] = b.model.ResetValue // 0 unless reset to a value
	}
	clear(b.spikes)
	clear(b.theta)
	clear(b.refr)
	b.ResetCounts()
}

// Theta copies the adaptive thresholds θ (Rows×Out, row-major; none
// without an adaptive threshold) into dst, grown if needed, and returns it.
func (b *Batch) Theta(dst []float32) []float32 { return append(dst[:0], b.theta...) }

// Refractory copies the refractory counters (Rows×Out, row-major; none
// without a refractory period) into dst, grown if needed, and returns it.
func (b *Batch) Refractory(dst []int32) []int32 { return append(dst[:0], b.refr...) }

// RestoreModelState replaces the adaptive thresholds and refractory
// counters of every state with copies of theta and refr, as Theta and
// Refractory returned them (see layer.Layer.RestoreModelState): Rows×Out
// values each where the layer's model has them, none where it does not;
// counters from 0 to the refractory period. On an error (wrapping
// snn.ErrShape or snn.ErrParameter) nothing changes.
func (b *Batch) RestoreModelState(theta []float32, refr []int32) error {
	err := check.ModelState("batch.RestoreModelState", b.model.Refractory, len(b.theta), len(b.refr), theta, refr, b.out)
	if err != nil {
		return err
	}
	copy(b.theta, theta)
	copy(b.refr, refr)
	return nil
}

// RestoreSpikes replaces the last step's spikes of every state (the
// previous spikes of the next step, which a delayed reset and recurrent
// weights read) with a copy of s, Rows×Words(Out) words as Spikes returned
// them, for checkpoints. On a wrong length or a bit set at or beyond Out it
// returns an error wrapping snn.ErrShape and changes nothing.
func (b *Batch) RestoreSpikes(s []uint64) error {
	if err := check.Len("batch.RestoreSpikes", "s", len(s), len(b.spikes)); err != nil {
		return err
	}
	if err := check.Bits("batch.RestoreSpikes", "s", s, b.rows, b.out); err != nil {
		return err
	}
	copy(b.spikes, s)
	return nil
}

// ResetState starts every layer's states over, as Batch.ResetState.
func (n *Network) ResetState() {
	for _, b := range n.batches {
		b.ResetState()
	}
}
