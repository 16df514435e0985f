//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"
#include "avx2.h"

// func avx2StepStream(a *stepArgs)
// Requires: AVX, AVX2, FMA3
//
//	for j0 := 0; j0 < out; j0 += 64 {         // rows == 1, out % 64 == 0
//		acc := fma(x[in-1], W[in-1, j0:j0+64], … fma(x[0], W[0, j0:j0+64], 0))
//		v[j0:j0+64], spikes[j0/64] = fire(decay*v + acc) // FIRE64
//	}
//
// The dense step for a single row (B = 1) over full 64-neuron panels only
// (a.out is a multiple of 64): W streamed once, 256 contiguous bytes per
// input in the packed layout, eight accumulator chains, the W row
// 2^PREFETCH_ROWS_LOG2 inputs ahead prefetched. Registers as in
// avx2StepDense; Y0–Y7 accumulators, Y15 x[k], R9 prefetch pointer.
TEXT ·avx2StepStream(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), DI
	MOVQ stepArgs_wRow(DI), BX
	MOVQ stepArgs_in(DI), CX
	MOVQ stepArgs_x(DI), R8
	XORQ R14, R14
	XORQ R15, R15

opanel:
	CMPQ R15, stepArgs_out(DI)
	JGE  odone
	SUB_W
	MOVQ BX, R9
	SHLQ $PREFETCH_ROWS_LOG2, R9
	ADDQ DX, R9
	ZERO8
	XORQ  SI, SI
	TESTQ CX, CX
	JZ    ofire

oloop:
	PREFETCHT0   (R9)
	PREFETCHT0   64(R9)
	PREFETCHT0   128(R9)
	PREFETCHT0   192(R9)
	VBROADCASTSS (R8)(SI*4), Y15
	FMA8(Y15, (DX))
	ADDQ BX, DX
	ADDQ BX, R9
	INCQ SI
	CMPQ SI, CX
	JLT  oloop

ofire:
	VBROADCASTSS stepArgs_decay(DI), Y12
	ROW_POINTERS
	FIRE64
	ADDQ $64, R15
	JMP  opanel

odone:
	VZEROUPPER
	RET

// func avx2StepRowMajor(a *stepArgs, acc *float32, j0, n int)
// Requires: AVX, AVX2, FMA3
//
//	acc[0:n] = 0                                   // rows == 1, row-major W, n % 64 == 0
//	for i := 0; i < in; i++ {                      // in blocks of 8, then 1
//		acc[0:n] = fma(x[i], W[i, j0:j0+n], acc[0:n])
//	}
//	v[j0:j0+n], spikes[j0/64:…] = fire(decay*v + acc) // FIRE64 per panel
//
// The dense step of a single row (B = 1) on a row-major W, whose panels
// are strided (W[i, j0:j0+64] is 256 bytes every 4·out): instead of
// walking a panel down the inputs, it walks the inputs in order and reads
// each W row contiguously, n neurons at a time, keeping the n sums in acc
// (in L1). Each lane still adds its inputs in ascending order, eight at a
// time between a load and a store of its sum. Registers: DI args, R8 x,
// CX in, SI i, BX the W row stride, R11 3·BX, R15 j0, R13 n·4 (bytes);
// in a block: R10 &W[i, j0], DX and R9 &W[i, j0+g] and &W[i+4, j0+g]
// (rows i+1…i+3 and i+5…i+7 at +BX, +2·BX, +3·BX), R12 &acc[g], AX
// bytes left; Y0–Y3 sums, Y8–Y15 x[i…i+7].
TEXT ·avx2StepRowMajor(SB), NOSPLIT, $0-32
	MOVQ a+0(FP), DI
	MOVQ j0+16(FP), R15
	MOVQ n+24(FP), R13
	SHLQ $2, R13
	MOVQ stepArgs_wRow(DI), BX
	LEAQ (BX)(BX*2), R11
	MOVQ stepArgs_in(DI), CX
	MOVQ stepArgs_x(DI), R8
	MOVQ stepArgs_w(DI), R10
	LEAQ (R10)(R15*4), R10
	MOVQ acc+8(FP), R12
	VXORPS Y0, Y0, Y0
	XORQ   AX, AX

rzero:
	VMOVUPS Y0, (R12)(AX*1)
	ADDQ    $32, AX
	CMPQ    AX, R13
	JLT     rzero
	XORQ    SI, SI

rblock8:
	MOVQ CX, AX
	SUBQ SI, AX
	CMPQ AX, $8
	JLT  rblock1
	VBROADCASTSS (R8)(SI*4), Y8
	VBROADCASTSS 4(R8)(SI*4), Y9
	VBROADCASTSS 8(R8)(SI*4), Y10
	VBROADCASTSS 12(R8)(SI*4), Y11
	VBROADCASTSS 16(R8)(SI*4), Y12
	VBROADCASTSS 20(R8)(SI*4), Y13
	VBROADCASTSS 24(R8)(SI*4), Y14
	VBROADCASTSS 28(R8)(SI*4), Y15
	MOVQ R10, DX
	LEAQ (R10)(BX*4), R9
	MOVQ acc+8(FP), R12
	MOVQ R13, AX

rloop8:
	LOAD4((R12))
	FMA4(Y8, (DX))
	FMA4(Y9, (DX)(BX*1))
	FMA4(Y10, (DX)(BX*2))
	FMA4(Y11, (DX)(R11*1))
	FMA4(Y12, (R9))
	FMA4(Y13, (R9)(BX*1))
	FMA4(Y14, (R9)(BX*2))
	FMA4(Y15, (R9)(R11*1))
	STORE4((R12))
	ADDQ $128, DX
	ADDQ $128, R9
	ADDQ $128, R12
	SUBQ $128, AX
	JNZ  rloop8
	LEAQ (R10)(BX*8), R10
	ADDQ $8, SI
	JMP  rblock8

rblock1:
	CMPQ SI, CX
	JGE  rfire
	VBROADCASTSS (R8)(SI*4), Y8
	MOVQ R10, DX
	MOVQ acc+8(FP), R12
	MOVQ R13, AX

rloop1:
	LOAD4((R12))
	FMA4(Y8, (DX))
	STORE4((R12))
	ADDQ $128, DX
	ADDQ $128, R12
	SUBQ $128, AX
	JNZ  rloop1
	ADDQ BX, R10
	INCQ SI
	JMP  rblock1

	// The epilogue, one panel of 64 at a time: the sums at byte offset R9
	// of acc, v at &v[j0] + R9, spike word j0/64 + R9/256.
rfire:
	MOVQ         acc+8(FP), R12
	VBROADCASTSS stepArgs_decay(DI), Y12
	XORQ         R9, R9

rpanel:
	CMPQ R9, R13
	JGE  rdone
	LOAD8((R12)(R9*1))
	MOVQ stepArgs_v(DI), V_PTR
	LEAQ (V_PTR)(R15*4), V_PTR
	ADDQ R9, V_PTR
	MOVQ R15, S_PTR
	SHRQ $3, S_PTR
	ADDQ stepArgs_spikes(DI), S_PTR
	MOVQ R9, AX
	SHRQ $5, AX
	ADDQ AX, S_PTR
	FIRE64
	ADDQ $256, R9
	JMP  rpanel

rdone:
	VZEROUPPER
	RET
