//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"
#include "avx2.h"

// PREFETCH_LOG2: the W row 2^PREFETCH_LOG2 inputs ahead is prefetched
// (its four lines) at each input: 16 ahead measured +10% at
// 64×4096×1024 at 5% on Zen 3 (best of interleaved runs; 8 and 32 alike).
#define PREFETCH_LOG2 4

// func avx2StepSpikesReuse(a *stepArgs, masks *uint64, acc *float32)
// Requires: AVX, AVX2, FMA3, BMI1, BMI2
//
//	for j0 := 0; j0 < out; j0 += 64 {               // rows ≤ 64, out % 64 == 0
//		acc[0:rows, 0:64] = 0
//		for i := range in {                          // ascending
//			for r := range setBits(masks[i]) {       // the rows whose input i is set
//				acc[r, 0:64] += W[i, j0:j0+64]
//			}
//		}
//		for r := range rows {
//			v[r, j0:j0+64], spikes[r] = fire(decay*v + acc[r]) // FIRE64
//		}
//	}
//
// The spike-input step with each W panel read once for all rows, instead
// of once per event: masks[i] holds the rows (bits 0…rows−1) whose input
// i is set, so walking i in ascending order adds each row's inputs in
// ascending order, as avx2StepSpikes does, while the 64 weights of W[i,
// panel] stay in registers. acc holds rows×64 sums (at most 16 KiB: L1).
// Registers: DI args, R8 masks, R12 acc, R13 rows·256 (bytes), BX the W
// row stride, CX in, SI i, DX &W[i, J0], R9 the row mask, R10 &acc[r],
// R11 the prefetch distance;
// Y8–Y15 W[i, J0:J0+64], Y0–Y7 sums; the epilogue as FIRE64.
TEXT ·avx2StepSpikesReuse(SB), NOSPLIT, $0-24
	MOVQ a+0(FP), ARGS
	MOVQ masks+8(FP), R8
	MOVQ acc+16(FP), R12
	MOVQ stepArgs_wRow(ARGS), W_ROW
	MOVQ stepArgs_in(ARGS), CX
	MOVQ stepArgs_rows(ARGS), R13
	SHLQ $8, R13
	XORQ J0, J0

upanel:
	CMPQ   J0, stepArgs_out(ARGS)
	JGE    udone
	VXORPS Y0, Y0, Y0
	XORQ   AX, AX

uzero:
	VMOVUPS Y0, (R12)(AX*1)
	VMOVUPS Y0, 32(R12)(AX*1)
	ADDQ    $64, AX
	CMPQ    AX, R13
	JLT     uzero
	SUB_W
	XORQ    SI, SI
	MOVQ    W_ROW, R11
	SHLQ    $PREFETCH_LOG2, R11

uinput:
	CMPQ  SI, CX
	JGE   ufire
	MOVQ  (R8)(SI*8), R9
	PREFETCHT0 (DX)(R11*1)
	PREFETCHT0 64(DX)(R11*1)
	PREFETCHT0 128(DX)(R11*1)
	PREFETCHT0 192(DX)(R11*1)
	TESTQ R9, R9
	JZ    unext
	LOAD8_HI((DX))

urow:
	TZCNTQ R9, R10
	BLSRQ  R9, R9
	SHLQ   $8, R10
	ADDQ   R12, R10
	ADD8_HI((R10))
	STORE8((R10))
	TESTQ  R9, R9
	JNZ    urow

unext:
	ADDQ W_ROW, DX
	INCQ SI
	JMP  uinput

ufire:
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	XORQ         ROW, ROW

ufirerow:
	CMPQ ROW, stepArgs_rows(ARGS)
	JGE  unextpanel
	MOVQ ROW, AX
	SHLQ $8, AX
	LOAD8((R12)(AX*1))
	ROW_POINTERS
	FIRE64
	INCQ ROW
	JMP  ufirerow

unextpanel:
	ADDQ $64, J0
	JMP  upanel

udone:
	VZEROUPPER
	RET
