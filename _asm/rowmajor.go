package main

import "fmt"

// rowMajorRoles are the registers of neonStepRowMajor besides ARGS, NIN,
// WROW, WPTR (&W[i, j0] of the block's first input i), COUNT (64-neuron
// groups left, then 16-neuron ones), X0 (&x[i]), VPTR, SPTR, TMP and TMP2.
var rowMajorRoles = []role{
	{"ACCP", "R1", "&acc[g], the sums being walked"},
	{"ACCBASE", "R2", "&acc[0]"},
	{"NBYTES", "R8", "4·n: bytes of sums"},
	{"INLEFT", "R15", "inputs left"},
	{"WI0", "R9", "&W[i, j0+g] (input i of the block, the group's neurons)"},
	{"WI1", "R10", "&W[i+1, j0+g]"},
	{"WI2", "R19", "&W[i+2, j0+g]"},
	{"WI3", "R20", "&W[i+3, j0+g]"},
	{"WI4", "R21", "&W[i+4, j0+g]"},
	{"WI5", "R22", "&W[i+5, j0+g]"},
	{"WI6", "R23", "&W[i+6, j0+g]"},
	{"WI7", "R24", "&W[i+7, j0+g]"},
}

const rowMajorDoc = `
acc[0:n] = 0                                   // rows == 1, row-major W, n % 64 == 0
for i := 0; i < in; i++ {                      // in blocks of 8, then 1
	acc[0:n] = fma(x[i], W[i, j0:j0+n], acc[0:n])
}
v[j0:j0+n], spikes[j0/64:…] = fire(decay*v + acc) // 16 neurons at a time
The dense step of a single row (B = 1) on a row-major W, whose panels are
strided (W[i, j0:j0+64] is 256 bytes every 4·out): it walks the inputs in
order and reads each W row contiguously, 64 neurons at a time, keeping the
n sums in acc (in L1). A block of 8 inputs loads x[i:i+8] into V20–V21
once; per 64 neurons it loads the 16 sums V0–V15, adds the 8 inputs in
ascending order (FMLA by element, W in V16–V19 and V22–V31), and stores
the sums. The neuron constants are loaded for the
epilogue only, since the loop uses their registers.`

// rowMajorW is the pool of vectors W rows are loaded into, two at a time
// in turn (the sums hold V0–V15, x V20–V21).
var rowMajorW = []int{16, 17, 18, 19, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}

// stepRowMajor writes neonStepRowMajor: the one-row step on a row-major W.
func stepRowMajor(a *asm) {
	a.textArgs("neonStepRowMajor", "a *stepArgs, acc *float32, j0, n int", 32, rowMajorDoc)
	a.ins("MOVD acc+8(FP), ACCBASE", "MOVD j0+16(FP), TMP", "MOVD n+24(FP), NBYTES", "LSL $2, NBYTES, NBYTES",
		"MOVD stepArgs_in(ARGS), NIN", "MOVD stepArgs_wRow(ARGS), WROW", "MOVD stepArgs_x(ARGS), X0",
		"MOVD stepArgs_w(ARGS), WPTR", "ADD TMP<<2, WPTR, WPTR // &W[0, j0]")
	zero(a, 0, 4)
	a.ins("MOVD ACCBASE, ACCP", "LSR $6, NBYTES, COUNT")
	a.label("rmzero")
	a.ins("VST1.P "+vlist(0, "S4")+", 64(ACCP)", "SUBS $1, COUNT, COUNT", "BNE rmzero", "MOVD NIN, INLEFT")
	a.label("rmblock8")
	a.ins("CMP $8, INLEFT", "BLT rmblock1", "FMOVQ.P 16(X0), F20 // x[i:i+4]", "FMOVQ.P 16(X0), F21 // x[i+4:i+8]",
		"MOVD WPTR, WI0")
	for k := 1; k < 8; k++ {
		a.f("ADD WROW, WI%d, WI%d", k-1, k)
	}
	rowMajorGroups(a, "rmloop8", 8)
	a.ins("ADD WROW<<3, WPTR, WPTR", "SUB $8, INLEFT, INLEFT", "B rmblock8")
	a.label("rmblock1")
	a.ins("CBZ INLEFT, rmfire", "FMOVS.P 4(X0), F20 // x[i]", "MOVD WPTR, WI0")
	rowMajorGroups(a, "rmloop1", 1)
	a.ins("ADD WROW, WPTR, WPTR", "SUB $1, INLEFT, INLEFT", "B rmblock1")
	rowMajorFire(a)
	a.ins("RET")
}

// rowMajorGroups writes the loop (label p) adding inputs i..i+k−1 (lanes
// of V20–V21, W rows at WI0…) to the sums in acc, 64 neurons (16 sums, as
// many independent FMLA chains) an iteration. The first load of a row and
// the first store of the sums move their pointer on (post-index), the
// others reach back.
func rowMajorGroups(a *asm, p string, k int) {
	a.ins("MOVD ACCBASE, ACCP", "LSR $8, NBYTES, COUNT // groups of 64")
	a.label(p)
	for q := 0; q < 16; q += 2 {
		a.f("FLDPQ %d(ACCP), (F%d, F%d) // sums", 16*q, q, q+1)
	}
	pair := 0
	for r := range k {
		for q := 0; q < 16; q += 2 {
			w0, w1 := rowMajorW[pair%len(rowMajorW)], rowMajorW[(pair+1)%len(rowMajorW)]
			pair += 2
			if q == 0 {
				a.f("FLDPQ.P 256(WI%d), (F%d, F%d) // W[i+%d, j0+g:…]", r, w0, w1, r)
			} else {
				a.f("FLDPQ %d(WI%d), (F%d, F%d)", 16*q-256, r, w0, w1)
			}
			a.ins(fmlaElem(q, w0, 20+r/4, r%4), fmlaElem(q+1, w1, 20+r/4, r%4))
		}
	}
	a.ins("FSTPQ.P (F0, F1), 256(ACCP)")
	for q := 2; q < 16; q += 2 {
		a.f("FSTPQ (F%d, F%d), %d(ACCP)", q, q+1, 16*q-256)
	}
	a.ins("SUBS $1, COUNT, COUNT", "BNE "+p)
}

// rowMajorFire fires the n sums in acc, 16 neurons at a time.
func rowMajorFire(a *asm) {
	a.label("rmfire")
	loadStepConsts(a)
	a.ins("MOVD j0+16(FP), TMP2", "MOVD stepArgs_v(ARGS), VPTR", "ADD TMP2<<2, VPTR, VPTR // &v[j0]",
		"MOVD stepArgs_spikes(ARGS), SPTR", "ADD TMP2>>3, SPTR, SPTR // &spikes[0] + j0/8",
		"MOVD ACCBASE, ACCP", "LSR $6, NBYTES, COUNT // groups of 16")
	a.label("rmfire16")
	a.ins(fmt.Sprintf("VLD1.P 64(ACCP), %s", vlist(0, "S4")))
	fire(a, 0)
	a.ins("MOVH TMP, (SPTR)", "ADD $64, VPTR, VPTR", "ADD $2, SPTR, SPTR", "SUBS $1, COUNT, COUNT", "BNE rmfire16")
}
