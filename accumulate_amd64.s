//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"
#include "avx2.h"
#include "avx2tile.h"

// ACC_PTR sets AX = &v[ROW, J0]: the sums of the tile.
#define ACC_PTR \
	MOVQ  ROW, AX                 \
	IMULQ stepArgs_vRow(ARGS), AX \
	ADDQ  stepArgs_v(ARGS), AX    \
	LEAQ  (AX)(J0*4), AX

// LOAD_ACC2 and STORE_ACC2 move the 16 sums of a row between AX and
// A0, A1, then step AX to the next row.
#define LOAD_ACC2(A0, A1) VMOVUPS (AX), A0; VMOVUPS 32(AX), A1; ADDQ stepArgs_vRow(ARGS), AX
#define STORE_ACC2(A0, A1) VMOVUPS A0, (AX); VMOVUPS A1, 32(AX); ADDQ stepArgs_vRow(ARGS), AX

#define LOAD_ACC1 LOAD_ACC2(Y0, Y1)
#define LOAD_ACC2R LOAD_ACC1; LOAD_ACC2(Y2, Y3)
#define LOAD_ACC4 LOAD_ACC2R; LOAD_ACC2(Y4, Y5); LOAD_ACC2(Y6, Y7)
#define LOAD_ACC6 LOAD_ACC4; LOAD_ACC2(Y8, Y9); LOAD_ACC2(Y10, Y11)
#define STORE_ACC1 STORE_ACC2(Y0, Y1)
#define STORE_ACC2R STORE_ACC1; STORE_ACC2(Y2, Y3)
#define STORE_ACC4 STORE_ACC2R; STORE_ACC2(Y4, Y5); STORE_ACC2(Y6, Y7)
#define STORE_ACC6 STORE_ACC4; STORE_ACC2(Y8, Y9); STORE_ACC2(Y10, Y11)

// PREFETCH_NEXT prefetches into L2 the W row the next call reads where
// this one reads W[SI, J0] (AX = stepArgs.next): while this call's tiles
// take W from L2, the next call's comes from memory.
#define PREFETCH_NEXT PREFETCHT1 (DX)(AX*1)

// ACC_TILE runs a tile of rows from ROW on (x rows at R8…) over every
// 16-neuron sub-panel J0 = 0, 16, … < out: load its sums (LOADS), add the
// inputs (FMAS, ascending), store them (STORES); then goes to NEXT. SUB,
// LOOP, DONE: its labels.
#define ACC_TILE(LOADS, FMAS, STORES, SUB, LOOP, DONE, NEXT) \
	XORQ J0, J0                 \
SUB:                            \
	CMPQ J0, stepArgs_out(ARGS) \
	JGE  NEXT                   \
	ACC_PTR                     \
	LOADS                       \
	SUB_W                       \
	MOVQ stepArgs_next(ARGS), AX \
	K_LOOP(PREFETCH_NEXT, FMAS, LOOP, DONE) \
DONE:                           \
	ACC_PTR                     \
	STORES                      \
	ADDQ $16, J0                \
	JMP  SUB

// func avx2Accumulate(a *stepArgs)
// Requires: AVX, AVX2, FMA3
//
//	for r := range rows {                 // tiles of 6 rows, then 4, 2, 1
//		for j0 := 0; j0 < out; j0 += 16 { // out % 16 == 0
//			v[r, j0:j0+16] = fma(x[r, in-1], W[in-1, j0:j0+16], … fma(x[r, 0], W[0, j0:j0+16], v[r, j0:j0+16]))
//		}
//	}
//
// The product kernel: it continues each neuron's chain of fused
// multiply-adds from the sum held in v, so that a product split into
// blocks of inputs (each block's x and W in cache) gives the bits of one
// pass. The sub-panel loop is inside the row tile: the tile's x rows are
// read from L1 once per sub-panel, and W's block from L2. No epilogue and
// no spike bits. Registers as in avx2StepDense (avx2tile.h), AX the sums'
// address.
TEXT ·avx2Accumulate(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), ARGS
	MOVQ stepArgs_wRow(ARGS), W_ROW
	MOVQ stepArgs_in(ARGS), CX
	XORQ ROW, ROW

arows6:
	ROWS_LEFT(6, arows4)
	X_ROWS6
	ACC_TILE(LOAD_ACC6, ROWS_FMA6, STORE_ACC6, asub6, aloop6, adone6, anext6)

anext6:
	ADDQ $6, ROW
	JMP  arows6

arows4:
	ROWS_LEFT(4, arows2)
	X_ROWS4
	ACC_TILE(LOAD_ACC4, ROWS_FMA4, STORE_ACC4, asub4, aloop4, adone4, anext4)

anext4:
	ADDQ $4, ROW
	JMP  arows4

arows2:
	ROWS_LEFT(2, arows1)
	X_ROWS2
	ACC_TILE(LOAD_ACC2R, ROWS_FMA2, STORE_ACC2R, asub2, aloop2, adone2, anext2)

anext2:
	ADDQ $2, ROW
	JMP  arows2

arows1:
	CMPQ ROW, stepArgs_rows(ARGS)
	JGE  adone
	X_ROW
	ACC_TILE(LOAD_ACC1, ROWS_FMA1, STORE_ACC1, asub1, aloop1, adone1, anext1)

anext1:
	INCQ ROW
	JMP  arows1

adone:
	VZEROUPPER
	RET
