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
	ZERO2(Y0, Y1)
	ZERO2(Y2, Y3)
	ZERO2(Y4, Y5)
	ZERO2(Y6, Y7)
	XORQ  SI, SI
	TESTQ CX, CX
	JZ    ofire

oloop:
	PREFETCHT0   (R9)
	PREFETCHT0   64(R9)
	PREFETCHT0   128(R9)
	PREFETCHT0   192(R9)
	VBROADCASTSS (R8)(SI*4), Y15
	VFMADD231PS  (DX), Y15, Y0
	VFMADD231PS  32(DX), Y15, Y1
	VFMADD231PS  64(DX), Y15, Y2
	VFMADD231PS  96(DX), Y15, Y3
	VFMADD231PS  128(DX), Y15, Y4
	VFMADD231PS  160(DX), Y15, Y5
	VFMADD231PS  192(DX), Y15, Y6
	VFMADD231PS  224(DX), Y15, Y7
	ADDQ         BX, DX
	ADDQ         BX, R9
	INCQ         SI
	CMPQ         SI, CX
	JLT          oloop

ofire:
	VBROADCASTSS stepArgs_decay(DI), Y12
	ROW_POINTERS
	FIRE64
	ADDQ $64, R15
	JMP  opanel

odone:
	VZEROUPPER
	RET
