package main

import "fmt"

// A register tile of rows × (16·groups) sums: accumulator 4·(r·groups+g)+q
// holds lanes 4q..4q+3 of group g of row r. The inputs are walked four at
// a time: one 16-byte load per row puts x[r, k..k+3] in V20+r, and each
// weight meets its input through FMLA by element, so the loop has no
// broadcast loads. Inputs stay in ascending order in every lane, each with
// one fused multiply-add, as in the one-input-at-a-time loop.
type tile struct {
	p      string   // label prefix
	rows   int      // rows of the tile (x pointers xs[0:rows])
	groups int      // 16-neuron groups side by side: W[k, j0:j0+16·groups] is contiguous
	xs     []string // x pointers, one per row
}

// xReg is the vector holding the inputs of row r.
func xReg(r int) int { return 20 + r }

// loadX loads n = 4, 2 or 1 inputs of every row (lanes 0..n-1), moving the
// x pointers on.
func (t tile) loadX(a *asm, n int) {
	op := map[int]string{4: "FMOVQ.P 16(%s), F%d", 2: "FMOVD.P 8(%s), F%d", 1: "FMOVS.P 4(%s), F%d"}[n]
	for r := range t.rows {
		a.f(op+" // x[r+%d, k:k+%d]", t.xs[r], xReg(r), r, n)
	}
}

// input adds input k (lane idx of the x vectors) to every sum: W[k, j0:…]
// is loaded 64 bytes per group into V16–V19 and WPTR moves one W row on.
func (t tile) input(a *asm, idx int) {
	for g := range t.groups {
		a.f("FLDPQ %d(WPTR), (F16, F17) // W[k, j0+%d:j0+%d]", 64*g, 16*g, 16*g+8)
		a.f("FLDPQ %d(WPTR), (F18, F19)", 64*g+32)
		for r := range t.rows {
			for q := range 4 {
				a.ins(fmlaElem(4*(r*t.groups+g)+q, 16+q, xReg(r), idx))
			}
		}
	}
	a.ins("ADD WROW, WPTR, WPTR")
}

// sums writes the loop over NIN inputs into the cleared accumulators: four
// inputs per iteration, then 2 and 1 more as the low bits of NIN say.
func (t tile) sums(a *asm) {
	zero(a, 0, 4*t.rows*t.groups)
	a.ins("LSR $2, NIN, COUNT // blocks of 4 inputs", "CBZ COUNT, "+t.p+"k4done")
	a.label(t.p + "k4")
	t.loadX(a, 4)
	for idx := range 4 {
		t.input(a, idx)
	}
	a.ins("SUBS $1, COUNT, COUNT", "BNE "+t.p+"k4")
	a.label(t.p + "k4done")
	a.ins(fmt.Sprintf("TBZ $1, NIN, %sk2done", t.p))
	t.loadX(a, 2)
	t.input(a, 0)
	t.input(a, 1)
	a.label(t.p + "k2done")
	a.ins(fmt.Sprintf("TBZ $0, NIN, %sk1done", t.p))
	t.loadX(a, 1)
	t.input(a, 0)
	a.label(t.p + "k1done")
}
