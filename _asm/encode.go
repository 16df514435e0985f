package main

import "fmt"

// Vector instructions Go's arm64 assembler lacks, as WORDs carrying the
// Arm mnemonic in a comment. Encodings: Arm ARM (DDI 0487), "Advanced SIMD
// three same" and "two-register miscellaneous", size/Q for .4s; checked
// against aarch64-linux-gnu-objdump of the test binary.

// word encodes base | Rm<<16 | Rn<<5 | Rd.
func word(base uint32, mnemonic string, d, n, m int, three bool) string {
	ops := fmt.Sprintf("v%d.4s, v%d.4s", d, n)
	if three {
		ops += fmt.Sprintf(", v%d.4s", m)
	}
	return fmt.Sprintf("WORD $0x%08x // %s %s", base|uint32(m)<<16|uint32(n)<<5|uint32(d), mnemonic, ops)
}

// fcmgt: Vd = Vn > Vm, per lane all ones or zero (false for NaN).
func fcmgt(d, n, m int) string { return word(0x6EA0E400, "fcmgt", d, n, m, true) }

// fadd: Vd = Vn + Vm.
func fadd(d, n, m int) string { return word(0x4E20D400, "fadd", d, n, m, true) }

// fsub: Vd = Vn − Vm.
func fsub(d, n, m int) string { return word(0x4EA0D400, "fsub", d, n, m, true) }

// mul4s: Vd = Vn · Vm, 32-bit integer lanes.
func mul4s(d, n, m int) string { return word(0x4EA09C00, "mul", d, n, m, true) }

// scvtf: Vd = float32(int32 Vn).
func scvtf(d, n int) string { return word(0x4E21D800, "scvtf", d, n, 0, false) }

// fmlaElem: Vd += Vn · Vm.S[idx] (FMLA by element, single precision, Q=1):
// 0x4F801000 | L<<21 | Vm<<16 | H<<11 | Vn<<5 | Vd, with idx = H:L.
func fmlaElem(d, n, m, idx int) string {
	enc := 0x4F801000 | uint32(idx&1)<<21 | uint32(m)<<16 | uint32(idx>>1)<<11 | uint32(n)<<5 | uint32(d)
	return fmt.Sprintf("WORD $0x%08x // fmla v%d.4s, v%d.4s, v%d.s[%d]", enc, d, n, m, idx)
}
