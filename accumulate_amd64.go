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

// productMinRows is the number of rows from which the blocked product
// beats the step kernel: a tile of fewer rows has too few accumulator
// chains, and one row streams W with avx2StepStream.
const productMinRows = 4

// productAVX2 is the product of both amd64 backends (see productWith):
// the full 64-neuron panels of c from +0 in blocks of productBlockIn
// inputs through avx2Accumulate, the partial last panel by the step.
// Against the step kernel (best of interleaved runs, Zen 3, 64 rows):
// 4096×4096 84 GFLOP/s (was 70), 4096×1024 84 (62), 784×1024 the same.
func productAVX2(s Shape, x []float32, w weights, acc []float32, spikes []uint64, c colRange) {
	full := c.j0 + (c.j1-c.j0)&^63
	if s.Rows < productMinRows || full == c.j0 {
		productByStep(stepDenseAVX2, s, x, w, acc, spikes, c)
		return
	}
	fillColumns(acc, s, colRange{c.j0, full}, 0)
	a := newStepArgs(productNeuron, s, unsafe.Pointer(unsafe.SliceData(x)), 4*s.In, w, acc, spikes, colRange{c.j0, full})
	// Blocks of inputs outside, panels inside: the block's x rows stay in
	// L2 for every panel, each panel's block of W is read once, and the
	// next call's is prefetched (stepArgs.next).
	panels := (full - c.j0) / 64
	for k0 := 0; k0 < s.In; k0 += productBlockIn {
		block := a
		block.x = unsafe.Add(a.x, 4*k0)
		block.w = (*float32)(unsafe.Add(unsafe.Pointer(a.w), k0*a.wRow))
		block.in = min(productBlockIn, s.In-k0)
		block.out = 64
		for p := range panels {
			panel := block
			panel.v = (*float32)(unsafe.Add(unsafe.Pointer(block.v), 4*64*p))
			panel.w = (*float32)(unsafe.Add(unsafe.Pointer(block.w), p*a.wPanel))
			switch {
			case p+1 < panels:
				panel.next = a.wPanel
			case block.in <= s.In-k0-productBlockIn: // the next block's first panel, as long (a prefetch never leaves W)
				panel.next = productBlockIn*a.wRow - p*a.wPanel
			}
			avx2Accumulate(&panel)
		}
	}
	if full < c.j1 {
		productByStep(stepDenseAVX2, s, x, w, acc, spikes, colRange{full, c.j1})
	}
}
