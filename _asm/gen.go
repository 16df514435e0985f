package main

import "fmt"

func enc(base uint32, d, n, m int) uint32 {
	return base | uint32(m)<<16 | uint32(n)<<5 | uint32(d)
}

func word3(base uint32, mn string, d, n, m int) string {
	return fmt.Sprintf("WORD $0x%08x // %s v%d.4s, v%d.4s, v%d.4s", enc(base, d, n, m), mn, d, n, m)
}

func fcmgt(d, n, m int) string { return word3(0x6EA0E400, "fcmgt", d, n, m) }
func fadd(d, n, m int) string  { return word3(0x4E20D400, "fadd", d, n, m) }
func fsub(d, n, m int) string  { return word3(0x4EA0D400, "fsub", d, n, m) }
func mul(d, n, m int) string   { return word3(0x4EA09C00, "mul", d, n, m) }
func scvtf(d, n int) string {
	return fmt.Sprintf("WORD $0x%08x // scvtf v%d.4s, v%d.4s", enc(0x4E21D800, d, n, 0), d, n)
}
func cnt(d, n int) string {
	return fmt.Sprintf("WORD $0x%08x // cnt v%d.16b, v%d.16b", enc(0x4E205800, d, n, 0), d, n)
}

func consts() []string {
	return []string{"ADD $stepArgs_decay, R0, R13", "VLD1R (R13), [V24.S4]",
		"ADD $stepArgs_thr, R0, R13", "VLD1R (R13), [V25.S4]",
		"ADD $stepArgs_subVal, R0, R13", "VLD1R (R13), [V26.S4]",
		"ADD $stepArgs_keep, R0, R13", "VLD1R (R13), [V27.S4]",
		"MOVD $laneBits<>(SB), R13", "VLD1 (R13), [V28.S4, V29.S4, V30.S4, V31.S4]"}
}

func panelW(s string) []string {
	return []string{"LSR $6, R1, R5", "MOVD " + s + "_wPanel(R0), R13", "MUL R13, R5, R5",
		"AND $63, R1, R13", "ADD R13<<2, R5, R5", "MOVD " + s + "_w(R0), R13", "ADD R13, R5, R5"}
}

func rowPtrs() []string {
	return []string{"MOVD stepArgs_vRow(R0), R13", "MUL R2, R13, R11", "MOVD stepArgs_v(R0), R13", "ADD R13, R11, R11",
		"ADD R1<<2, R11, R11", "MOVD stepArgs_sRow(R0), R13", "MUL R2, R13, R12",
		"MOVD stepArgs_spikes(R0), R13", "ADD R13, R12, R12", "ADD R1>>3, R12, R12"}
}

func nextRow() []string {
	return []string{"MOVD stepArgs_vRow(R0), R13", "ADD R13, R11, R11", "MOVD stepArgs_sRow(R0), R13", "ADD R13, R12, R12"}
}

func xRow(r string, q int) []string {
	return []string{fmt.Sprintf("ADD $%d, R2, R13", q), "MOVD stepArgs_xRow(R0), R14", "MUL R14, R13, " + r,
		"MOVD stepArgs_x(R0), R14", "ADD R14, " + r + ", " + r}
}

func fire16(a int) []string {
	l := []string{"VLD1 (R11), [V16.S4, V17.S4, V18.S4, V19.S4] // v"}
	for q := range 4 {
		l = append(l, fmt.Sprintf("VFMLA V24.S4, V%d.S4, V%d.S4 // acc += v*decay, one rounding", 16+q, a+q))
	}
	for q := range 4 {
		l = append(l, fcmgt(16+q, 25, a+q)+" = v < thr (false for NaN: NaN fires)")
	}
	for q := range 4 {
		l = append(l, fsub(20, a+q, 26)+" = v - subVal",
			fmt.Sprintf("VBIT V%d.B16, V%d.B16, V20.B16 // v where no spike", 16+q, a+q),
			fmt.Sprintf("VORR V27.B16, V%d.B16, V21.B16 // bits to keep", 16+q),
			fmt.Sprintf("VAND V21.B16, V20.B16, V%d.B16", a+q))
	}
	l = append(l, fmt.Sprintf("VST1 [V%d.S4, V%d.S4, V%d.S4, V%d.S4], (R11)", a, a+1, a+2, a+3))
	for q := range 4 {
		l = append(l, fmt.Sprintf("VAND V%d.B16, V%d.B16, V%d.B16 // lane bit weights", 28+q, 16+q, 16+q))
	}
	return append(l, "VADD V17.S4, V16.S4, V16.S4", "VADD V18.S4, V16.S4, V16.S4", "VADD V19.S4, V16.S4, V16.S4",
		"VADDV V16.S4, V16", "VMOV V16.S[0], R13 // bits of v < thr", "EOR $0xFFFF, R13, R13 // spike bits")
}

func zero(from, to int) []string {
	var l []string
	for i := from; i < to; i++ {
		l = append(l, fmt.Sprintf("VEOR V%d.B16, V%d.B16, V%d.B16", i, i, i))
	}
	return l
}

func tailFire(p string) []string {
	l := []string{"ADD $stepArgs_scratch, R0, R21 // R21 = &scratch[0]",
		"ADD $64, R21, R22 // R22 = &scratch[16]",
		"VEOR V16.B16, V16.B16, V16.B16",
		"VST1 [V16.S4], (R22)", "ADD $16, R22, R13", "VST1 [V16.S4], (R13)",
		"ADD $32, R22, R13", "VST1 [V16.S4], (R13)", "ADD $48, R22, R13", "VST1 [V16.S4], (R13)",
		"MOVD R15, R19",
		p + "zero:",
		"CMP $16, R19", "BGE " + p + "copyin", "MOVW ZR, (R21)(R19<<2)", "ADD $1, R19, R19", "B " + p + "zero",
		p + "copyin:",
		"MOVD $0, R19",
		p + "in:",
		"MOVWU (R11)(R19<<2), R13", "MOVW R13, (R22)(R19<<2)", "ADD $1, R19, R19", "CMP R15, R19", "BLT " + p + "in",
		"VLD1 (R21), [V0.S4, V1.S4, V2.S4, V3.S4]",
		"MOVD R11, R20", "MOVD R22, R11"}
	l = append(l, fire16(0)...)
	return append(l, "MOVD $1, R14", "LSL R15, R14, R14", "SUB $1, R14, R14", "AND R14, R13, R13 // the rem lanes only",
		"MOVH R13, (R12)", "MOVD R20, R11", "MOVD $0, R19",
		p+"out:",
		"MOVWU (R22)(R19<<2), R13", "MOVW R13, (R11)(R19<<2)", "ADD $1, R19, R19", "CMP R15, R19", "BLT "+p+"out")
}
