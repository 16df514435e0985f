//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"

// Register roles of the Hebbian kernel besides ARGS (a *hebbArgs):
#define JV R15 // first neuron of the block

// Popcount of 4-bit values, for the AVX2 popcount (VPSHUFB).
DATA nibbleCount<>+0(SB)/8, $0x0302020102010100
DATA nibbleCount<>+8(SB)/8, $0x0403030203020201
DATA nibbleCount<>+16(SB)/8, $0x0302020102010100
DATA nibbleCount<>+24(SB)/8, $0x0403030203020201
GLOBL nibbleCount<>(SB), RODATA|NOPTR, $32

// POPCNT32 replaces each 32-bit lane of R by its population count:
// nibble counts by table (VPSHUFB), then bytes summed to words and words
// to dwords by multiply-adds with ones. Temps T.
#define POPCNT32(R, T) \
	VPAND      Y8, R, T   \ // low nibbles
	VPSRLW     $4, R, R   \
	VPAND      Y8, R, R   \ // high nibbles
	VPSHUFB    T, Y9, T   \
	VPSHUFB    R, Y9, R   \
	VPADDB     T, R, R    \ // bytes
	VPMADDUBSW Y10, R, R  \ // words
	VPMADDWD   Y11, R, R    // dwords

// HEBB_UPDATE: Y2 = the W block, updated where Y5 (c ≠ 0):
// fma(rate, c, W) clamped to [wMin, wMax]; other lanes unchanged.
#define HEBB_UPDATE \
	VMOVAPS     Y2, Y4            \
	VFMADD231PS Y0, Y12, Y4       \ // fma(rate, c, W)
	VCMPPS      CMP_LT_OS, Y13, Y4, Y3   \ // < wMin (LT_OS)
	VBLENDVPS   Y3, Y13, Y4, Y4   \
	VCMPPS      CMP_GT_OS, Y14, Y4, Y3  \ // > wMax (GT_OS)
	VBLENDVPS   Y3, Y14, Y4, Y4   \
	VBLENDVPS   Y5, Y4, Y2, Y2

// func avx2Hebb(a *hebbArgs)
// Requires: AVX, AVX2, FMA3
//
//	for jv := jStart; jv < out; jv += 8 {
//		if u[jv:jv+8] == 0 { continue }
//		for i := range in {
//			c := 2*Σ_chunk popcount(p[chunk, i] & s[chunk, jv:jv+8]) - n[jv:jv+8]
//			W[i, jv:jv+8] = clamp(fma(rate, c, W), wMin, wMax) where c != 0
//		}
//	}
//
// avx512Hebb for AVX2, 8 neurons at a time. Registers: DX &W[i, jv],
// SI i, R8 &S[0, jv], R9 &P[0, 0], R10/R11 chunk strides, R12/R13 chunk walkers, CX chunks left, R14 out − jv; Y0 count,
// Y1–Y4 temps,
// Y5 lanes with c ≠ 0, Y7 n, Y8 0x0f bytes, Y9 nibble counts, Y10 one
// bytes, Y11 one words, Y12 rate, Y13 wMin, Y14 wMax, Y15 all ones.
TEXT ·avx2Hebb(SB), NOSPLIT, $0-8
	MOVQ         a+0(FP), ARGS
	VBROADCASTSS hebbArgs_rate(ARGS), Y12
	VBROADCASTSS hebbArgs_wMin(ARGS), Y13
	VBROADCASTSS hebbArgs_wMax(ARGS), Y14
	VPCMPEQD     Y15, Y15, Y15
	MOVQ         $0x0f0f0f0f, AX
	MOVQ         AX, X8
	VPBROADCASTD X8, Y8
	VMOVDQU      nibbleCount<>(SB), Y9
	MOVQ         $0x01010101, AX
	MOVQ         AX, X10
	VPBROADCASTD X10, Y10
	MOVQ         $0x00010001, AX
	MOVQ         AX, X11
	VPBROADCASTD X11, Y11
	MOVQ         hebbArgs_outPad(ARGS), R10
	SHLQ         $2, R10
	MOVQ         hebbArgs_in(ARGS), R11
	SHLQ         $2, R11
	MOVQ         hebbArgs_jStart(ARGS), JV

h2block:
	CMPQ    JV, hebbArgs_out(ARGS)
	JGE     h2done
	MOVQ    hebbArgs_u(ARGS), AX
	MOVQ    JV, CX
	SHRQ    $3, CX
	MOVBQZX (AX)(CX*1), AX      // the 8 union bits of this block
	TESTQ   AX, AX
	JZ      h2nextblock
	W_AT(JV, hebbArgs_wPanel(ARGS), hebbArgs_w(ARGS)) // DX = &W[0, jv]
	MOVQ    hebbArgs_n(ARGS), AX
	VMOVDQU (AX)(JV*4), Y7     // n[jv:jv+8]
	MOVQ    hebbArgs_s(ARGS), R8
	LEAQ    (R8)(JV*4), R8
	MOVQ    hebbArgs_p(ARGS), R9
	MOVQ    hebbArgs_out(ARGS), R14
	SUBQ    JV, R14            // rem = out − jv
	XORQ    SI, SI

h2input:
	CMPQ  SI, hebbArgs_in(ARGS)
	JGE   h2nextblock
	VPXOR Y0, Y0, Y0
	MOVQ  hebbArgs_chunks(ARGS), CX
	MOVQ  R8, R12
	LEAQ  (R9)(SI*4), R13

h2chunk:
	VPBROADCASTD (R13), Y1
	VPAND        (R12), Y1, Y1
	POPCNT32(Y1, Y2)
	VPADDD       Y1, Y0, Y0
	ADDQ         R10, R12
	ADDQ         R11, R13
	DECQ         CX
	JNZ          h2chunk
	VPADDD       Y0, Y0, Y0    // 2·positives
	VPSUBD       Y7, Y0, Y0    // c = 2·positives − n
	VPXOR        Y5, Y5, Y5
	VPCMPEQD     Y5, Y0, Y5    // c == 0
	VPXOR        Y15, Y5, Y5   // c != 0
	VPTEST       Y5, Y5
	JZ           h2nextinput
	VCVTDQ2PS    Y0, Y0
	CMPQ         R14, $8
	JLT          h2tail
	VMOVUPS      (DX), Y2
	HEBB_UPDATE
	VMOVUPS      Y2, (DX)
	JMP          h2nextinput

h2tail:
	// A partial last block (rem = R14 < 8 neurons): through scratch.
	VXORPS  Y2, Y2, Y2
	VMOVUPS Y2, hebbArgs_scratch(ARGS)
	XORQ    CX, CX

h2tailin:
	MOVL    (DX)(CX*4), AX
	MOVL    AX, hebbArgs_scratch(ARGS)(CX*4)
	INCQ    CX
	CMPQ    CX, R14
	JLT     h2tailin
	VMOVUPS hebbArgs_scratch(ARGS), Y2
	HEBB_UPDATE
	VMOVUPS Y2, hebbArgs_scratch(ARGS)
	XORQ    CX, CX

h2tailout:
	MOVL    hebbArgs_scratch(ARGS)(CX*4), AX
	MOVL    AX, (DX)(CX*4)
	INCQ    CX
	CMPQ    CX, R14
	JLT     h2tailout

h2nextinput:
	ADDQ hebbArgs_wRow(ARGS), DX
	INCQ SI
	JMP  h2input

h2nextblock:
	ADDQ $8, JV
	JMP  h2block

h2done:
	VZEROUPPER
	RET

// func avx2Potentiate(x []float32, p []uint32, pre float32, bit uint32)
// Requires: AVX, AVX2
//
//	for i := range len(x) &^ 7 { if x[i] > pre { p[i] |= bit } }
//
// p[i] |= bit where x[i] > pre (GT_OQ), for i < len(x) &^ 7; the caller
// does the rest.
TEXT ·avx2Potentiate(SB), NOSPLIT, $0-56
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	SHRQ         $3, CX
	MOVQ         p_base+24(FP), DI
	VBROADCASTSS pre+48(FP), Y1
	MOVL         bit+52(FP), AX
	MOVQ         AX, X2
	VPBROADCASTD X2, Y2
	TESTQ        CX, CX
	JZ           p2done

p2loop:
	VMOVUPS (SI), Y0
	VCMPPS  CMP_GT_OQ, Y1, Y0, Y3 // x > pre
	VANDPS  Y2, Y3, Y3
	VPOR    (DI), Y3, Y3
	VMOVDQU Y3, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     p2loop

p2done:
	VZEROUPPER
	RET
