//go:build gc && !purego && (amd64 || arm64)

package snn

import "unsafe"

// The W-panel reuse of a spike-input step, shared by the ISAs: the Go side
// builds, per group of at most 64 rows, the row masks of every input
// (masks[i]: the rows whose input i is set) and hands them to an assembly
// kernel (avx2StepSpikesReuse, neonStepSpikesReuse: runReuseKernel, one
// per ISA, called directly; through a func value the 80 KiB of masks and
// sums would escape to the heap at every step) that reads each W panel
// once for all the group's rows.

const (
	// reuseMinRows is the batch size from which a spike-input step reads
	// each W panel once for all rows rather than once per event: with
	// fewer rows, few inputs are set in more than one row, and walking
	// every input of every panel costs more than it saves.
	reuseMinRows = 8
	// reuseMaxIn bounds the inputs of such a step: its row masks live on
	// the stack (8 bytes an input).
	reuseMaxIn = 8192
)

// reuseMinIn is the number of inputs from which a W panel (In×64 floats)
// no longer fits this CPU's L2 cache (cpuid; 512 KiB if unknown), so that
// the per-event kernel reads W from L3 and reading each panel once pays.
// Measured on Zen 3 (512 KiB L2), 64 rows at 5%: 4096 inputs 1.58× faster
// with the reuse, 1024 inputs (256 rows) 1.63× slower. Tests lower it.
var reuseMinIn = l2Bytes() / (64 * 4)

// spikesFullPanels runs the full 64-neuron panels of a spike-input step of
// at least reuseMinRows rows and reuseMinIn to reuseMaxIn inputs through
// the ISA's reuse kernel and leaves a with the partial last panel; it reports whether a
// has neurons left. Other steps are left to the caller whole. x holds the
// step's rows×Words(in) input words. It is small enough to inline, so that
// the other steps do not set up spikesReuse's 80 KiB frame.
func spikesFullPanels(a *stepArgs, x []uint64) (rest bool) {
	if a.rows < reuseMinRows || a.in < reuseMinIn || a.out < 64 {
		return true
	}
	return spikesReuse(a, x)
}

// spikesReuse runs the full panels of a through the reuse kernel, in groups of at
// most 64 rows of near-equal size (so that no group is left with a few
// rows), and leaves a with the partial last panel; it reports whether a
// has neurons left.
func spikesReuse(a *stepArgs, x []uint64) (rest bool) {
	if a.in > reuseMaxIn {
		return true // more row masks than the frame holds: per event
	}
	full := a.out &^ 63
	var masks [reuseMaxIn]uint64
	var acc [64 * 64]float32
	words := Words(a.in)
	m := masks[:a.in]
	groups := (a.rows + 63) / 64
	for k := range groups {
		r0, r1 := k*a.rows/groups, (k+1)*a.rows/groups
		g := *a
		g.rows, g.out = r1-r0, full
		g.v = (*float32)(unsafe.Add(unsafe.Pointer(a.v), r0*a.vRow))
		g.spikes = (*uint64)(unsafe.Add(unsafe.Pointer(a.spikes), r0*a.sRow))
		clear(m)
		for r := range g.rows {
			for i := range Bits(x[(r0+r)*words : (r0+r+1)*words]).All() {
				m[i] |= 1 << uint(r)
			}
		}
		runReuseKernel(&g, &masks[0], &acc[0])
	}
	if full == a.out {
		return false
	}
	a.skipPanels(full / 64)
	return true
}
