//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"

// Register roles of the Hebbian kernel besides ARGS (a *hebbArgs):
#define JV R15 // first neuron of the block

// func avx512Hebb(a *hebbArgs)
// Requires: AVX512F, AVX512_VPOPCNTDQ
//
//	for jv := jStart; jv < out; jv += 16 {
//		if u[jv:jv+16] == 0 { continue }
//		for i := range in {
//			c := 2*Σ_chunk popcount(p[chunk, i] & s[chunk, jv:jv+16]) - n[jv:jv+16]
//			W[i, jv:jv+16] = clamp(fma(rate, c, W), wMin, wMax) where c != 0
//		}
//	}
//
// For every block of 16 neurons jv with a spike in some row, and every
// input i:
//   c  = 2·Σ_chunks popcount(P[chunk, i] & S[chunk, jv:jv+16]) − n[jv:jv+16]
//   W[i, jv:jv+16] = fma(rate, c, W) where c ≠ 0, then clamped to [wMin, wMax].
// Registers: DX &W[i, jv], SI i, R8 &S[0, jv],
// R9 &P[0, 0], R10/R11 chunk strides of S/P in bytes, R12/R13 walk the
// chunks, CX chunks left; Z27 n, Z28 rate, Z29 wMin, Z30 wMax, Z0 count,
// Z1 temp, Z2 W, K1 lanes with c ≠ 0, K2 lanes to clamp.
TEXT ·avx512Hebb(SB), NOSPLIT, $0-8
	MOVQ         a+0(FP), ARGS
	VBROADCASTSS hebbArgs_rate(ARGS), Z28
	VBROADCASTSS hebbArgs_wMin(ARGS), Z29
	VBROADCASTSS hebbArgs_wMax(ARGS), Z30
	MOVQ         hebbArgs_outPad(ARGS), R10
	SHLQ         $2, R10
	MOVQ         hebbArgs_in(ARGS), R11
	SHLQ         $2, R11
	MOVQ         hebbArgs_jStart(ARGS), JV

hblock:
	CMPQ    JV, hebbArgs_out(ARGS)
	JGE     hdone
	MOVQ    hebbArgs_u(ARGS), AX
	MOVQ    JV, CX
	SHRQ    $3, CX
	MOVWQZX (AX)(CX*1), AX      // the 16 union bits of this block
	TESTQ   AX, AX
	JZ      hnextblock
	W_AT(JV, hebbArgs_wPanel(ARGS), hebbArgs_w(ARGS)) // DX = &W[0, jv]
	MOVQ    hebbArgs_n(ARGS), AX
	VMOVDQU32 (AX)(JV*4), Z27  // n[jv:jv+16]
	MOVQ    hebbArgs_s(ARGS), R8
	LEAQ    (R8)(JV*4), R8     // &S[0, jv]
	MOVQ    hebbArgs_p(ARGS), R9
	XORQ    SI, SI

hinput:
	CMPQ   SI, hebbArgs_in(ARGS)
	JGE    hnextblock
	VPXORD Z0, Z0, Z0
	MOVQ   hebbArgs_chunks(ARGS), CX
	MOVQ   R8, R12
	LEAQ   (R9)(SI*4), R13

hchunk:
	VPBROADCASTD (R13), Z1      // P[chunk, i]
	VPANDD       (R12), Z1, Z1  // & S[chunk, jv:jv+16]
	VPOPCNTD     Z1, Z1
	VPADDD       Z1, Z0, Z0
	ADDQ         R10, R12
	ADDQ         R11, R13
	DECQ         CX
	JNZ          hchunk
	VPADDD       Z0, Z0, Z0     // 2·positives
	VPSUBD       Z27, Z0, Z0    // c = 2·positives − n
	VPTESTMD     Z0, Z0, K1     // K1 = c ≠ 0
	KORTESTW     K1, K1
	JZ           hnextinput
	VCVTDQ2PS    Z0, Z0
	VMOVUPS.Z    (DX), K1, Z2
	VFMADD231PS  Z0, Z28, K1, Z2 // W = fma(rate, c, W)
	VCMPPS       CMP_LT_OS, Z29, Z2, K1, K2 // W < wMin (LT_OS)
	VMOVAPS      Z29, K2, Z2
	VCMPPS       CMP_GT_OS, Z30, Z2, K1, K2 // W > wMax (GT_OS)
	VMOVAPS      Z30, K2, Z2
	VMOVUPS      Z2, K1, (DX)

hnextinput:
	ADDQ hebbArgs_wRow(ARGS), DX
	INCQ SI
	JMP  hinput

hnextblock:
	ADDQ $16, JV
	JMP  hblock

hdone:
	VZEROUPPER
	RET

// func avx512Potentiate(x []float32, p []uint32, pre float32, bit uint32)
// Requires: AVX512F
//
//	for i := range x { if x[i] > pre { p[i] |= bit } }
//
// p[i] |= bit where x[i] > pre (GT_OQ: false for NaN), for i < len(x);
// len(p) == len(x). The tail is done with an opmask, without over-reads.
TEXT ·avx512Potentiate(SB), NOSPLIT, $0-56
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         p_base+24(FP), DI
	VBROADCASTSS pre+48(FP), Z1
	MOVL         bit+52(FP), BX
	VPBROADCASTD BX, Z2
	XORQ         AX, AX          // i

ploop:
	MOVQ  CX, DX
	SUBQ  AX, DX                 // DX = n - i
	JLE   pdone
	MOVQ  $0xFFFF, BX
	CMPQ  DX, $16
	JGE   2(PC)
	BZHIQ DX, BX, BX             // BX = 1<<(n-i) - 1
	KMOVW BX, K1
	VMOVUPS.Z (SI)(AX*4), K1, Z0
	VCMPPS    CMP_GT_OQ, Z1, Z0, K1, K2  // K2 = K1 & (x > pre)
	VMOVDQU32.Z (DI)(AX*4), K1, Z3
	VPORD     Z2, Z3, K2, Z3
	VMOVDQU32 Z3, K1, (DI)(AX*4)
	ADDQ  $16, AX
	JMP   ploop

pdone:
	VZEROUPPER
	RET
