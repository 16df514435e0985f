package main

import "fmt"

// reuseRoles are the registers of neonStepSpikesReuse besides ARGS, J0,
// ROW, NIN (in), WROW, WPTR (&W[i, j0]), COUNT (input i; 16-neuron groups
// left in the epilogue), BITS (the row mask being walked), VPTR, SPTR, TMP
// and TMP2.
var reuseRoles = []role{
	{"MASKS", "R7", "&masks[0]: masks[i] holds the rows whose input i is set"},
	{"SUMS", "R9", "&acc[0, 0]: rows×64 sums"},
	{"SUMROW", "R10", "&acc[r, 0]"},
	{"SUMEND", "R19", "&acc[rows, 0]"},
}

const reuseDoc = `
for j0 := 0; j0 < out; j0 += 64 {               // rows ≤ 64, out % 64 == 0
	acc[0:rows, 0:64] = 0
	for i := range in {                          // ascending
		for r := range setBits(masks[i]) {       // the rows whose input i is set: RBIT+CLZ
			acc[r, 0:64] += W[i, j0:j0+64]       // sum first (fadd)
		}
	}
	for r := range rows {
		v[r, j0:j0+64], spikes[r] = fire(decay*v + acc[r]) // 16 neurons at a time
	}
}
The spike-input step with each W panel read once for all rows, instead of
once per event (neonStepSpikes): walking i in ascending order adds each
row's inputs in ascending order, as neonStepSpikes does, while the 64
weights of W[i, panel] stay in V16–V31. An event loads a row's 64 sums
from acc (at most 16 KiB: L1), adds W and stores them back. The neuron
constants share V24–V31, so the epilogue loads them per panel.`

// stepSpikesReuse writes neonStepSpikesReuse: spike input reading each W
// panel once for all rows.
func stepSpikesReuse(a *asm) {
	a.textArgs("neonStepSpikesReuse", "a *stepArgs, masks *uint64, acc *float32", 24, reuseDoc)
	a.ins("MOVD masks+8(FP), MASKS", "MOVD acc+16(FP), SUMS", "MOVD stepArgs_in(ARGS), NIN",
		"MOVD stepArgs_wRow(ARGS), WROW", "MOVD stepArgs_rows(ARGS), TMP", "ADD TMP<<8, SUMS, SUMEND // &acc[rows, 0]",
		"MOVD $0, J0")
	a.label("upanel")
	a.ins("MOVD stepArgs_out(ARGS), TMP", "CMP TMP, J0", "BGE udone", "MOVD SUMS, SUMROW")
	zero(a, 0, 2)
	a.label("uzero")
	for q := 0; q < 16; q += 2 {
		a.f("FSTPQ (F0, F1), %d(SUMROW)", 16*q)
	}
	a.ins("ADD $256, SUMROW, SUMROW", "CMP SUMEND, SUMROW", "BLT uzero")
	panelW(a, "stepArgs")
	a.ins("MOVD $0, COUNT")
	a.label("uinput")
	a.ins("CMP NIN, COUNT", "BGE ufire", "MOVD (MASKS)(COUNT<<3), BITS", "CBZ BITS, unext")
	for q := 0; q < 16; q += 2 {
		a.f("FLDPQ %d(WPTR), (F%d, F%d) // W[i, j0+%d:j0+%d]", 16*q, 16+q, 17+q, 4*q, 4*q+8)
	}
	reuseEvent(a, "urow")
	a.label("unext")
	a.ins("ADD WROW, WPTR, WPTR", "ADD $1, COUNT, COUNT", "B uinput")
	reuseFire(a)
	a.label("udone")
	a.ins("RET")
}

// reuseLdp is how many pairs of a row's 16 sum vectors an event loads by
// LDP, the first ones; the others are LDR. Both the store and the loads of
// an event bind: LLVM's apple-m1 model (Cyclone) issues an LDP of Q
// registers as one load-port micro-op and an LDR as one too, an STP as two,
// so that each LDP saves a load slot ((32 − reuseLdp)/2 cycles an event);
// its neoverse-n1 model (Cortex-A57) dispatches 3 micro-ops a cycle, an LDP
// alone (three), an LDR with a FADD (two), so that each LDP costs a cycle.
// 6 puts both at 0.40 of the FP peak (8: 0.38 and 0.44; 4: 0.42 and 0.38).
const reuseLdp = 6

// reuseAhead is how many sum vectors the loads of an event run ahead of
// its adds.
const reuseAhead = 2

// reuseEvent writes the loop (label p) over the set bits of BITS, lowest
// first: row r's 64 sums += W[i, j0:j0+64] (V16–V31). The address work of
// the row comes first; then each FADD goes with the load of a sum vector
// reuseAhead further on, and each pair of added vectors is stored by STP.
func reuseEvent(a *asm, p string) {
	a.label(p)
	a.ins("RBIT BITS, TMP", "CLZ TMP, TMP // row r: the lowest set bit", "ADD TMP<<8, SUMS, SUMROW // &acc[r, 0]",
		"SUB $1, BITS, TMP", "AND TMP, BITS, BITS // clear it")
	loaded, pairs := 0, 0
	load := func() {
		q := loaded
		if pairs < reuseLdp {
			a.f("FLDPQ %d(SUMROW), (F%d, F%d) // acc[r, %d:%d]", 16*q, q, q+1, 4*q, 4*q+8)
			pairs++
			loaded += 2
			return
		}
		a.f("FMOVQ %d(SUMROW), F%d // acc[r, %d:%d]", 16*q, q, 4*q, 4*q+4)
		loaded++
	}
	for loaded < reuseAhead {
		load()
	}
	for q := range 16 {
		for loaded <= q {
			load()
		}
		a.ins(fadd(q, q, 16+q) + " (acc += W[i, j])")
		if loaded < 16 && loaded < q+1+reuseAhead {
			load()
		}
		if q%2 == 1 {
			a.f("FSTPQ (F%d, F%d), %d(SUMROW)", q-1, q, 16*(q-1))
		}
	}
	a.ins("CBNZ BITS, " + p)
}

// reuseFire fires the rows' sums of panel j0, 16 neurons at a time, then
// moves j0 on by 64 and goes back to the panel head.
func reuseFire(a *asm) {
	a.label("ufire")
	loadStepConsts(a)
	a.ins("MOVD SUMS, SUMROW", "MOVD $0, ROW")
	rowHead(a, "ufirerow", "unextpanel")
	rowPtrs(a)
	a.ins("MOVD $4, COUNT // 16-neuron groups")
	a.label("ufire16")
	a.ins(fmt.Sprintf("VLD1.P 64(SUMROW), %s", vlist(0, "S4")))
	fire(a, 0)
	a.ins("MOVH TMP, (SPTR)", "ADD $64, VPTR, VPTR", "ADD $2, SPTR, SPTR", "SUBS $1, COUNT, COUNT", "BNE ufire16",
		"ADD $1, ROW, ROW", "B ufirerow")
	a.label("unextpanel")
	a.ins("ADD $64, J0, J0", "B upanel")
}
