package main

import "fmt"

// Parts shared by the two step kernels.

// loadStepConsts broadcasts the neuron parameters and loads the lane bits.
func loadStepConsts(a *asm) {
	for _, c := range []struct{ field, reg string }{
		{"decay", "DECAY"}, {"thr", "THR"}, {"subVal", "SUBVAL"}, {"keep", "KEEP"},
	} {
		a.f("ADD $stepArgs_%s, ARGS, TMP", c.field)
		a.f("VLD1R (TMP), [%s.S4]", c.reg)
	}
	a.ins("MOVD $laneBits<>(SB), TMP", "VLD1 (TMP), "+vlist(28, "S4"))
}

// panelHead starts panel j0 (label p): REM = out − j0, done when none is left.
func panelHead(a *asm, p, done string) {
	a.label(p)
	a.ins("MOVD stepArgs_out(ARGS), REM", "SUB J0, REM, REM // rem", "CMP $0, REM", "BLE "+done)
}

// nextPanel advances j0 by 16 and jumps back to the panel head.
func nextPanel(a *asm, label, head string) {
	a.label(label)
	a.ins("ADD $16, J0, J0", "B "+head)
}

// panelW sets WPTR = &W[0, j0] = w + (j0/64)·wPanel + (j0%64)·4 (args s).
func panelW(a *asm, s string) {
	a.ins("LSR $6, J0, WPTR", "MOVD "+s+"_wPanel(ARGS), TMP", "MUL TMP, WPTR, WPTR",
		"AND $63, J0, TMP", "ADD TMP<<2, WPTR, WPTR", "MOVD "+s+"_w(ARGS), TMP", "ADD TMP, WPTR, WPTR")
}

// xRow sets x = &x[r+q, 0].
func xRow(a *asm, x string, q int) {
	row := "ROW"
	if q > 0 {
		a.f("ADD $%d, ROW, TMP", q)
		row = "TMP"
	}
	a.ins("MOVD stepArgs_xRow(ARGS), TMP2", fmt.Sprintf("MUL TMP2, %s, %s", row, x),
		"MOVD stepArgs_x(ARGS), TMP2", fmt.Sprintf("ADD TMP2, %s, %s", x, x))
}

// rowPtrs sets VPTR = &v[r, j0] and SPTR = &spikes[r] + j0/8.
func rowPtrs(a *asm) {
	a.ins("MOVD stepArgs_vRow(ARGS), TMP", "MUL ROW, TMP, VPTR", "MOVD stepArgs_v(ARGS), TMP", "ADD TMP, VPTR, VPTR",
		"ADD J0<<2, VPTR, VPTR", "MOVD stepArgs_sRow(ARGS), TMP", "MUL ROW, TMP, SPTR",
		"MOVD stepArgs_spikes(ARGS), TMP", "ADD TMP, SPTR, SPTR", "ADD J0>>3, SPTR, SPTR")
}

// nextRowPtrs moves VPTR and SPTR one row on.
func nextRowPtrs(a *asm) {
	a.ins("MOVD stepArgs_vRow(ARGS), TMP", "ADD TMP, VPTR, VPTR", "MOVD stepArgs_sRow(ARGS), TMP", "ADD TMP, SPTR, SPTR")
}

// zero clears V[from, to).
func zero(a *asm, from, to int) {
	for i := from; i < to; i++ {
		a.f("VEOR V%d.B16, V%d.B16, V%d.B16", i, i, i)
	}
}

// fire is the LIF epilogue of the 16 sums in V[acc, acc+4) against v at
// (VPTR): v = fma(v, decay, sum); spike where !(v < thr); v = v − subVal,
// masked by KEEP, where it spikes. It stores v and leaves the 16 spike bits
// in TMP; V16–V21 are clobbered.
func fire(a *asm, acc int) {
	a.ins("VLD1 (VPTR), " + vlist(16, "S4") + " // v")
	a.each4("VFMLA DECAY.S4, V%d.S4, V%d.S4 // acc += v*decay, one rounding", 16, acc)
	for q := range 4 {
		a.ins(fcmgt(16+q, 25, acc+q) + " = v < thr (false for NaN: NaN fires)")
	}
	for q := range 4 {
		a.ins(fsub(20, acc+q, 26) + " = v - subVal")
		a.f("VBIT V%d.B16, V%d.B16, V20.B16 // v where no spike", 16+q, acc+q)
		a.f("VORR KEEP.B16, V%d.B16, V21.B16 // bits to keep", 16+q)
		a.f("VAND V21.B16, V20.B16, V%d.B16", acc+q)
	}
	a.ins("VST1 " + vlist(acc, "S4") + ", (VPTR)")
	a.each4("VAND V%d.B16, V%d.B16, V%d.B16 // lane bit weights", 28, 16, 16)
	a.ins("VADD V17.S4, V16.S4, V16.S4", "VADD V18.S4, V16.S4, V16.S4", "VADD V19.S4, V16.S4, V16.S4",
		"VADDV V16.S4, V16", "VMOV V16.S[0], TMP // bits of v < thr", "EOR $0xFFFF, TMP, TMP // spike bits")
}

// rowHead (label p) goes to done once ROW has passed the last row.
func rowHead(a *asm, p, done string) {
	a.label(p)
	a.ins("MOVD stepArgs_rows(ARGS), TMP", "CMP TMP, ROW", "BGE "+done)
}

// fireGroups fires the sums of row r in V0–V(4·groups−1), 16 neurons per
// group from j0 on, and stores their spike bits.
func fireGroups(a *asm, groups int) {
	rowPtrs(a)
	for g := range groups {
		if g > 0 {
			a.ins("ADD $64, VPTR, VPTR", "ADD $2, SPTR, SPTR")
		}
		fire(a, 4*g)
		a.ins("MOVH TMP, (SPTR)")
	}
}

// copyLanes copies REM float32 lanes from (src) to (dst); label p loops.
func copyLanes(a *asm, p, src, dst string) {
	a.ins("MOVD $0, IDX")
	a.label(p)
	a.ins(fmt.Sprintf("MOVWU (%s)(IDX<<2), TMP", src), fmt.Sprintf("MOVW TMP, (%s)(IDX<<2)", dst),
		"ADD $1, IDX, IDX", "CMP REM, IDX", "BLT "+p)
}

// zero64 clears the 64 bytes at (ptr) through V[vec, vec+4).
func zero64(a *asm, ptr string, vec int) {
	zero(a, vec, vec+4)
	a.f("VST1 %s, (%s)", vlist(vec, "S4"), ptr)
}

// tailStore ends neuron IDX of a partial panel (sum in F0, label p): it
// goes to scratch[IDX]; after the last one the panel fires and the row
// ends (ROW++, jump to nextRow).
func tailStore(a *asm, p, nextNeuron, nextRow string) {
	a.label(p + "store")
	a.ins("ADD $stepArgs_scratch, ARGS, TMP", "FMOVS F0, (TMP)(IDX<<2)", "ADD $1, IDX, IDX", "CMP REM, IDX",
		"BLT "+nextNeuron)
	rowPtrs(a)
	tailFire(a, p+"f")
	a.ins("ADD $1, ROW, ROW", "B "+nextRow)
}

// tailFire fires a partial panel: the REM sums are in scratch[0:REM], v at
// VPTR, spikes at SPTR. The epilogue runs on zero-padded copies in scratch
// (sums at SCR, v at SCRV) and only REM lanes of v and spikes are written.
func tailFire(a *asm, p string) {
	a.ins("ADD $stepArgs_scratch, ARGS, SCR", "ADD $64, SCR, SCRV")
	zero64(a, "SCRV", 16)
	a.ins("MOVD REM, IDX")
	a.label(p + "zero")
	a.ins("CMP $16, IDX", "BGE "+p+"copyin", "MOVW ZR, (SCR)(IDX<<2)", "ADD $1, IDX, IDX", "B "+p+"zero")
	a.label(p + "copyin")
	copyLanes(a, p+"in", "VPTR", "SCRV")
	a.ins("VLD1 (SCR), "+vlist(0, "S4"), "MOVD VPTR, VSAVE", "MOVD SCRV, VPTR")
	fire(a, 0)
	a.ins("MOVD $1, TMP2", "LSL REM, TMP2, TMP2", "SUB $1, TMP2, TMP2", "AND TMP2, TMP, TMP // the rem lanes only",
		"MOVH TMP, (SPTR)", "MOVD VSAVE, VPTR")
	copyLanes(a, p+"out", "SCRV", "VPTR")
}
