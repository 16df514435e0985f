package main

import "fmt"

const hebbDoc = `
The Hebbian update of hebbArgs (learn_asm.go), 16 neurons (four vectors) at a time:
for j0 := jStart; j0 < out; j0 += 16 {
	if u[j0/16] == 0 { continue } // no spike in the block
	for i := range in {
		pos := [16]int32{}
		for chunk := range chunks { pos += popcount(S[chunk][j0:j0+16] & P[chunk][i]) }
		c := 2*pos - n[j0:j0+16]
		W[i][j0:j0+16] = where(c == 0, W, clamp(fma(float32(c), rate, W), wMin, wMax))
	}
}
popcount of a 32-bit lane = (cnt.16b · 0x01010101) >> 24; a partial last
block goes through scratch.`

// hebb writes neonHebb: the Hebbian update described by hebbArgs.
func hebb(a *asm) {
	a.text("neonHebb", "hebbArgs", hebbDoc)
	for _, c := range []struct{ field, reg string }{{"rate", "RATE"}, {"wMin", "WMIN"}, {"wMax", "WMAX"}} {
		a.f("ADD $hebbArgs_%s, ARGS, TMP", c.field)
		a.f("VLD1R (TMP), [%s.S4]", c.reg)
	}
	a.ins("MOVW $0x01010101, TMP", "VDUP TMP, BYTEONES.S4", "VEOR VZERO.B16, VZERO.B16, VZERO.B16",
		"MOVD hebbArgs_outPad(ARGS), SSTRIDE", "LSL $2, SSTRIDE, SSTRIDE", "MOVD hebbArgs_in(ARGS), NIN",
		"LSL $2, NIN, PSTRIDE", "MOVD hebbArgs_wRow(ARGS), WROW", "MOVD hebbArgs_jStart(ARGS), J0")
	a.label("hblock")
	a.ins("MOVD hebbArgs_out(ARGS), REM", "SUB J0, REM, REM // rem", "CMP $0, REM", "BLE hdone",
		"MOVD hebbArgs_u(ARGS), TMP", "LSR $3, J0, TMP2", "MOVHU (TMP)(TMP2), TMP2 // the block's union bits",
		"CBZ TMP2, hnextblock")
	panelW(a, "hebbArgs")
	a.ins("MOVD hebbArgs_n(ARGS), TMP", "ADD J0<<2, TMP, TMP", "VLD1 (TMP), "+vlist(16, "S4")+" // n",
		"MOVD hebbArgs_s(ARGS), SCOL", "ADD J0<<2, SCOL, SCOL", "MOVD hebbArgs_p(ARGS), PBASE", "MOVD $0, INPUT")
	a.label("hinput")
	a.ins("CMP NIN, INPUT", "BGE hnextblock")
	hebbCounts(a)
	hebbLoadW(a)
	hebbUpdate(a)
	hebbStoreW(a)
	a.label("hnextinput")
	a.ins("ADD WROW, WPTR, WPTR", "ADD $1, INPUT, INPUT", "B hinput")
	a.label("hnextblock")
	a.ins("ADD $16, J0, J0", "B hblock")
	a.label("hdone")
	a.ins("RET")
}

// hebbCounts sets V0–V3 = float32(c), c = 2·positives − n, and V25–V28 =
// the lanes with c == 0.
func hebbCounts(a *asm) {
	zero(a, 0, 4)
	a.ins("MOVD hebbArgs_chunks(ARGS), CHUNKS", "MOVD SCOL, SWALK", "ADD INPUT<<2, PBASE, PWALK")
	a.label("hchunk")
	a.ins("VLD1R (PWALK), [PBCAST.S4] // P[chunk, i]", "VLD1 (SWALK), "+vlist(4, "S4")+" // S[chunk, j0:j0+16]")
	a.each4("VAND PBCAST.B16, V%d.B16, V%d.B16", 4, 4)
	a.each4("VCNT V%d.B16, V%d.B16", 4, 4)
	for q := range 4 {
		a.ins(mul4s(4+q, 4+q, 23) + " (· 0x01010101)")
	}
	a.each4("VUSHR $24, V%d.S4, V%d.S4 // popcount of each lane", 4, 4)
	a.each4("VADD V%d.S4, V%d.S4, V%d.S4", 4, 0, 0)
	a.ins("ADD SSTRIDE, SWALK, SWALK", "ADD PSTRIDE, PWALK, PWALK", "SUBS $1, CHUNKS, CHUNKS", "BNE hchunk")
	a.each4("VADD V%d.S4, V%d.S4, V%d.S4 // 2·positives", 0, 0, 0)
	a.each4("VSUB V%d.S4, V%d.S4, V%d.S4 // c = 2·positives − n", 16, 0, 0)
	a.each4("VCMEQ VZERO.S4, V%d.S4, V%d.S4 // c == 0", 0, 25)
	for q := range 4 {
		a.ins(scvtf(q, q))
	}
}

// hebbLoadW loads W[i, j0:j0+16] into V8–V11; a partial block (REM < 16)
// through a zero-padded copy at SCR.
func hebbLoadW(a *asm) {
	a.ins("CMP $16, REM", "BLT hloadtail", "VLD1 (WPTR), "+vlist(8, "S4"), "B hupdate")
	a.label("hloadtail")
	a.ins("ADD $hebbArgs_scratch, ARGS, SCR")
	zero64(a, "SCR", 8)
	copyLanes(a, "htailin", "WPTR", "SCR")
	a.ins("VLD1 (SCR), " + vlist(8, "S4"))
}

// hebbUpdate sets V12–V15 = clamp(fma(c, rate, W), wMin, wMax), W where c == 0.
func hebbUpdate(a *asm) {
	a.label("hupdate")
	a.each4("VORR V%d.B16, V%d.B16, V%d.B16", 8, 8, 12)
	a.each4("VFMLA RATE.S4, V%d.S4, V%d.S4 // W + c·rate, one rounding", 0, 12)
	for q := range 4 {
		a.ins(fcmgt(29, 21, 12+q)+" = W < wMin",
			fmt.Sprintf("VBIT V29.B16, WMIN.B16, V%d.B16", 12+q),
			fcmgt(30, 12+q, 22)+" = W > wMax",
			fmt.Sprintf("VBIT V30.B16, WMAX.B16, V%d.B16", 12+q),
			fmt.Sprintf("VBIT V%d.B16, V%d.B16, V%d.B16 // unchanged where c == 0", 25+q, 8+q, 12+q))
	}
}

// hebbStoreW stores V12–V15 to W[i, j0:j0+16], only REM lanes of a partial block.
func hebbStoreW(a *asm) {
	a.ins("CMP $16, REM", "BLT hstoretail", "VST1 "+vlist(12, "S4")+", (WPTR)", "B hnextinput")
	a.label("hstoretail")
	a.ins("VST1 " + vlist(12, "S4") + ", (SCR)")
	copyLanes(a, "htailout", "SCR", "WPTR")
}
