//go:build gc && !purego

package snn

import "unsafe"

// avx2Accumulate continues the sums in v (rows×out at a.v, row stride
// a.vRow, out a multiple of 16 within one 64-neuron panel of W) over the
// a.in inputs at a.x and W rows at a.w: v[r, j] = fma(x[r, in-1], W[in-1,
// j], … fma(x[r, 0], W[0, j], v[r, j])). No epilogue, no spike bits.
//
//go:noescape
func avx2Accumulate(a *stepArgs)

// productBlockRows bounds the rows of a group of a blocked product, whose
// x block (productBlockRows × productBlockIn floats: 128 KiB) stays in L2
// next to the W block.
const productBlockRows = 64

// productMinRows is the number of rows from which the blocked product
// beats the step kernel: a tile of fewer rows has too few accumulator
// chains, and one row streams W with avx2StepStream.
const productMinRows = 4

// productAVX2 is the avx2 backend's product (see productWith; the avx512
// backend has none of its own and takes the step's):
// the full 64-neuron panels of c from +0 in blocks of productBlockIn
// inputs through avx2Accumulate, the partial last panel by the step (and
// all of it while x is small: see productMaxStepX). Against the step
// kernel (best of interleaved runs, Zen 3, 64 rows): 4096×4096 84 GFLOP/s
// (was 70), 4096×1024 84 (62).
func productAVX2(s Shape, x []float32, w weights, acc []float32, spikes []uint64, c colRange) {
	full := c.j0 + (c.j1-c.j0)&^63
	if s.Rows < productMinRows || full == c.j0 || 4*s.Rows*s.In <= productMaxStepX {
		productByStep(stepDenseAVX2, s, x, w, acc, spikes, c)
		return
	}
	fillColumns(acc, s, colRange{c.j0, full}, 0)
	a := newStepArgs(productNeuron, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, acc, spikes, colRange{c.j0, full})
	// Groups of rows, then blocks of inputs, then panels: a block's x rows
	// (a group's) stay in L2 for every panel, each panel's block of W is
	// read once a group, and the next call's is prefetched (stepArgs.next).
	blocks, groups := (s.In+productBlockIn-1)/productBlockIn, (s.Rows+productBlockRows-1)/productBlockRows
	kb, panels := (s.In+blocks-1)/max(blocks, 1), (full-c.j0)/64  // blocks of near-equal length
	wAt := func(b, p int) int { return b*kb*a.wRow + p*a.wPanel } // W's offset in a call
	for g := range groups {
		r0, r1 := g*s.Rows/groups, (g+1)*s.Rows/groups
		for b := range blocks {
			for p := range panels {
				call := a
				call.rows, call.in, call.out = r1-r0, min(kb, s.In-b*kb), 64
				call.x = unsafe.Add(a.x, r0*a.xRow+4*b*kb)
				call.v = (*float32)(unsafe.Add(unsafe.Pointer(a.v), r0*a.vRow+4*64*p))
				call.w = (*float32)(unsafe.Add(unsafe.Pointer(a.w), wAt(b, p)))
				nb, np := b, p+1 // the next call's block and panel
				if np == panels {
					nb, np = (b+1)%blocks, 0
				}
				if (g+1 < groups || nb > b || np > p) && call.in <= min(kb, s.In-nb*kb) {
					call.next = wAt(nb, np) - wAt(b, p) // never past W's rows: as long a block
				}
				avx2Accumulate(&call)
			}
		}
	}
	if full < c.j1 {
		productByStep(stepDenseAVX2, s, x, w, acc, spikes, colRange{full, c.j1})
	}
}
