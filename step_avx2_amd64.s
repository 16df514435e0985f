//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"
#include "avx2.h"
#include "avx2tile.h"

// AVX2 + FMA3 kernels. The contract and the arguments are those of the
// AVX-512 kernels (kernel_avx512_amd64.s, stepArgs in kernel_amd64.go):
// lanes own neurons and walk the inputs in ascending order. With 16 YMM
// registers the neuron panels here are 16 wide (two YMM); the full ones
// use a 6-row register tile. A last partial panel (rem < 16 neurons) is
// done with one YMM of 8 and scalar FMAs for the rest (TAIL_CHAIN), and
// the epilogue runs on a copy in stepArgs.scratch: no load ever
// extends past a slice. (VMASKMOVPS would be enough on hardware, whose
// masked-off lanes never fault, but qemu's emulation of it loads all
// lanes and faults at the end of a mapping.) Spike bits are stored 16 at a
// time (MOVW); the Go wrapper clears the spike rows first so that bits
// past out stay zero. (Scalar ops never take a memory operand in tails:
// qemu loads 16 bytes for those.)
//
// Register roles (ARGS, J0, ROW, W_ROW, X_PTR, V_PTR, S_PTR: amd64.h):
//   CX in   DX &W[k, J0]   SI k   R8–R13 &x[ROW+r, 0] (R8 = X_PTR);
//   R10 = V_PTR and R11 = S_PTR in the epilogue
//   Y0–Y11 accumulators (6 rows × 2), Y12–Y13 W[k, j0:j0+16], Y14–Y15 x[r, k]
//   epilogue: Y12 decay, Y13 spike mask, Y14 temp; tail: Y14–Y15 lane masks.

// A partial panel has rem = R13 < 16 neurons: lanes 0–7 in a YMM (Y8) if
// rem ≥ 8, and the rem & 7 others (R11) in scalars X0–X6, at byte offset
// R10 = (rem & 8)·4 from the panel start. Every load is of exactly the
// elements it needs: 32 bytes, or 4 (VMOVSS).

// TAIL_SETUP sets R10 and R11 from R13.
#define TAIL_SETUP \
	MOVQ R13, R10 \
	ANDQ $8, R10  \
	SHLQ $2, R10  \
	MOVQ R13, R11 \
	ANDQ $7, R11

// TAIL_CHAIN applies OP (a scalar FMA or add from OFF(SRC)(R10) into Xj)
// to the R11 scalar neurons X0 … X(R11−1), then goes to DONE.
#define TAIL_CHAIN(OP, SRC, DONE) \
	CMPQ R11, $0    \
	JEQ  DONE       \
	OP(0, SRC, X0)  \
	CMPQ R11, $1    \
	JEQ  DONE       \
	OP(4, SRC, X1)  \
	CMPQ R11, $2    \
	JEQ  DONE       \
	OP(8, SRC, X2)  \
	CMPQ R11, $3    \
	JEQ  DONE       \
	OP(12, SRC, X3) \
	CMPQ R11, $4    \
	JEQ  DONE       \
	OP(16, SRC, X4) \
	CMPQ R11, $5    \
	JEQ  DONE       \
	OP(20, SRC, X5) \
	CMPQ R11, $6    \
	JEQ  DONE       \
	OP(24, SRC, X6)

// acc = fma(x[k] (X15), W[k, j], acc); the 8-lane part: Y8 += Y15·W.
#define OP_FMA(OFF, SRC, A) VMOVSS OFF(SRC)(R10*1), X14; VFMADD231SS X14, X15, A
#define CHUNK8_FMA(SRC) TESTQ $8, R13; JZ 2(PC); VFMADD231PS (SRC), Y15, Y8

// acc = acc + W[i, j]; the 8-lane part: Y8 += W.
#define OP_ADD(OFF, SRC, A) VMOVSS OFF(SRC)(R10*1), X14; VADDSS X14, A, A
#define CHUNK8_ADD(SRC) TESTQ $8, R13; JZ 2(PC); VADDPS (SRC), Y8, Y8

#define ZERO_TAIL_ACC \
	VXORPS Y0, Y0, Y0 \
	VXORPS Y1, Y1, Y1 \
	VXORPS Y2, Y2, Y2 \
	VXORPS Y3, Y3, Y3 \
	VXORPS Y4, Y4, Y4 \
	VXORPS Y5, Y5, Y5 \
	VXORPS Y6, Y6, Y6 \
	VXORPS Y8, Y8, Y8

// TAIL_FIRE runs the epilogue of a partial panel: the rem = R13 sums (Y8,
// X0…) and v[r, j0:j0+rem] (at R10, from ROW_POINTERS) are copied into
// stepArgs.scratch, FIRE8 runs there on 16 lanes, and rem states and
// spike bits are copied back. Clobbers AX, CX, DX, R9, R12, Y0–Y2 and
// Y12–Y14. L1, L2: labels for its loops.
#define TAIL_FIRE(L1, L2) \
	VXORPS    Y12, Y12, Y12                \
	VMOVUPS   Y12, stepArgs_scratch+0(ARGS)  \
	VMOVUPS   Y12, stepArgs_scratch+32(ARGS) \
	VMOVUPS   Y12, stepArgs_scratch+64(ARGS) \
	VMOVUPS   Y12, stepArgs_scratch+96(ARGS) \
	TESTQ     $8, R13                      \
	JZ        2(PC)                        \
	VMOVUPS   Y8, stepArgs_scratch+0(ARGS)   \
	MOVQ      R13, R9                      \
	ANDQ      $8, R9                       \
	SHLQ      $2, R9                       \
	VMOVSS    X0, stepArgs_scratch+0(ARGS)(R9*1)  \
	VMOVSS    X1, stepArgs_scratch+4(ARGS)(R9*1)  \
	VMOVSS    X2, stepArgs_scratch+8(ARGS)(R9*1)  \
	VMOVSS    X3, stepArgs_scratch+12(ARGS)(R9*1) \
	VMOVSS    X4, stepArgs_scratch+16(ARGS)(R9*1) \
	VMOVSS    X5, stepArgs_scratch+20(ARGS)(R9*1) \
	VMOVSS    X6, stepArgs_scratch+24(ARGS)(R9*1) \
	XORQ      CX, CX                       \
L1:                                        \
	MOVL      (R10)(CX*4), AX              \
	MOVL      AX, stepArgs_scratch+64(ARGS)(CX*4) \
	INCQ      CX                           \
	CMPQ      CX, R13                      \
	JLT       L1                           \
	VMOVUPS   stepArgs_scratch+0(ARGS), Y0   \
	VMOVUPS   stepArgs_scratch+32(ARGS), Y1  \
	MOVQ      R10, R12                     \
	LEAQ      stepArgs_scratch+64(ARGS), R10 \
	VBROADCASTSS stepArgs_decay(ARGS), Y12   \
	XORQ      AX, AX                       \
	FIRE8(Y0, 0, 0)                        \
	FIRE8(Y1, 32, 8)                       \
	BZHIQ     R13, AX, AX                  \ // spike bits of the rem lanes only
	MOVW      AX, (R11)                    \
	XORQ      CX, CX                       \
L2:                                        \
	MOVL      stepArgs_scratch+64(ARGS)(CX*4), AX \
	MOVL      AX, (R12)(CX*4)              \
	INCQ      CX                           \
	CMPQ      CX, R13                      \
	JLT       L2

#define FIRE16(A0, A1) \
	XORQ AX, AX         \
	FIRE8(A0, 0, 0)     \
	FIRE8(A1, 32, 8)    \
	MOVW AX, (R11)

// func avx2StepDense(a *stepArgs)
// Requires: AVX, AVX2, FMA3, BMI2
//
//	for j0 := 0; j0 < out; j0 += 16 {          // panels; a last one of rem < 16 by TAIL_*
//		for r := range rows {                     // tiles of 6 rows, then 4, 2, 1
//			acc := fma(x[r, in-1], W[in-1, j0:j0+16], … fma(x[r, 0], W[0, j0:j0+16], 0))
//			v[r, j0:j0+16], spikes[r] = fire(decay*v + acc) // FIRE8
//		}
//	}
TEXT ·avx2StepDense(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), ARGS
	MOVQ stepArgs_wRow(ARGS), W_ROW
	MOVQ stepArgs_in(ARGS), CX
	XORQ J0, J0

dsub:
	MOVQ stepArgs_out(ARGS), AX
	SUBQ J0, AX
	JLE  ddone
	CMPQ AX, $16
	JLT  dtail
	XORQ ROW, ROW

drows6:
	ROWS_LEFT(6, drows4)
	X_ROWS6
	SUB_W
	ZERO8
	ZERO2(Y8, Y9)
	ZERO2(Y10, Y11)
	K_LOOP(NO_PREFETCH, ROWS_FMA6, dloop6, dfire6)

dfire6:
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	ROW_POINTERS
	FIRE16(Y0, Y1)
	NEXT_ROW
	FIRE16(Y2, Y3)
	NEXT_ROW
	FIRE16(Y4, Y5)
	NEXT_ROW
	FIRE16(Y6, Y7)
	NEXT_ROW
	FIRE16(Y8, Y9)
	NEXT_ROW
	FIRE16(Y10, Y11)
	ADDQ $6, ROW
	JMP  drows6

	// Tiles of 4 and 2 rows for what the 6-row tiles leave: 8 and 4
	// accumulator chains, where one row has only 2 (an FMA's latency
	// times its throughput is 8 on Zen and Intel cores alike).
drows4:
	ROWS_LEFT(4, drows2)
	X_ROWS4
	SUB_W
	ZERO8
	K_LOOP(NO_PREFETCH, ROWS_FMA4, dloop4, dfire4)

dfire4:
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	ROW_POINTERS
	FIRE16(Y0, Y1)
	NEXT_ROW
	FIRE16(Y2, Y3)
	NEXT_ROW
	FIRE16(Y4, Y5)
	NEXT_ROW
	FIRE16(Y6, Y7)
	ADDQ $4, ROW
	JMP  drows4

drows2:
	ROWS_LEFT(2, drows1)
	X_ROWS2
	SUB_W
	ZERO2(Y0, Y1)
	ZERO2(Y2, Y3)
	K_LOOP(NO_PREFETCH, ROWS_FMA2, dloop2, dfire2)

dfire2:
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	ROW_POINTERS
	FIRE16(Y0, Y1)
	NEXT_ROW
	FIRE16(Y2, Y3)
	ADDQ $2, ROW
	JMP  drows2

drows1:
	CMPQ  ROW, stepArgs_rows(ARGS)
	JGE   dnextsub
	X_ROW // R8 = &x[r, 0]
	SUB_W
	ZERO2(Y0, Y1)
	K_LOOP(NO_PREFETCH, ROWS_FMA1, dloop1, dfire1)

dfire1:
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	ROW_POINTERS
	FIRE16(Y0, Y1)
	INCQ ROW
	JMP  drows1

dnextsub:
	ADDQ $16, J0
	JMP  dsub

	// The last, partial panel: rem = out − j0 < 16 neurons, one row at
	// a time, scalar FMAs (TAIL_CHAIN) and TAIL_FIRE.
dtail:
	MOVQ AX, R13 // rem
	XORQ ROW, ROW

dtailrow:
	CMPQ  ROW, stepArgs_rows(ARGS)
	JGE   ddone
	X_ROW // R8 = &x[r, 0]
	SUB_W
	ZERO_TAIL_ACC
	TAIL_SETUP
	MOVQ  stepArgs_in(ARGS), CX
	XORQ  SI, SI
	TESTQ CX, CX
	JZ    dtailfire

dtailloop:
	VBROADCASTSS (R8)(SI*4), Y15
	CHUNK8_FMA(DX)
	TAIL_CHAIN(OP_FMA, DX, dtailnext)

dtailnext:
	ADDQ W_ROW, DX
	INCQ SI
	CMPQ SI, CX
	JLT  dtailloop

dtailfire:
	ROW_POINTERS
	TAIL_FIRE(dtailin, dtailout)
	INCQ ROW
	JMP  dtailrow

ddone:
	VZEROUPPER
	RET

// func avx2StepSpikes(a *stepArgs)
// Requires: AVX, AVX2, FMA3, BMI1, BMI2
//
//	for j0 := 0; j0 < out; j0 += 64 (full panels) or 16 {
//		for r := range rows {
//			acc := 0
//			for i := range setBits(x[r]) { acc += W[i, j0:j0+64 or 16] } // ascending i
//			v[r, j0:…], spikes[r] = fire(decay*v + acc)
//		}
//	}
//
// The spike-input step: per 16-neuron panel and row, walk the set input
// bits (TZCNT, BLSR) in ascending order and add W rows (two YMM adds, or
// TAIL_CHAIN's scalar adds on a partial last panel).
// Registers as in avx2StepDense, plus R8 &x[r, 0] (words), CX Words(in),
// SI word index, AX the word, R9 input index then &W[i, j0], R12 64*SI,
// R13 rem = out − j0; accumulators Y0–Y1, or X0–X14 on a partial panel.
TEXT ·avx2StepSpikes(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), ARGS
	MOVQ stepArgs_wRow(ARGS), W_ROW
	XORQ J0, J0

ssub:
	MOVQ stepArgs_out(ARGS), R13
	SUBQ J0, R13 // rem
	JLE  sdone
	XORQ ROW, ROW
	CMPQ R13, $64
	JGE  swiderow

srow:
	CMPQ  ROW, stepArgs_rows(ARGS)
	JGE   snextsub
	X_ROW // R8 = &x[r, 0]
	SUB_W
	ZERO_TAIL_ACC
	TAIL_SETUP
	IN_WORDS
	XORQ  SI, SI

sword:
	LOAD_WORD(sfire, snextword)

sbit:
	POP_INPUT
	ADDQ   DX, R9
	CMPQ   R13, $16
	JLT    sbittail
	VADDPS (R9), Y0, Y0 // acc += W[i, j0:j0+16]
	VADDPS 32(R9), Y1, Y1
	JMP    sbitnext

sbittail:
	CHUNK8_ADD(R9)
	TAIL_CHAIN(OP_ADD, R9, sbitnext)

sbitnext:
	TESTQ AX, AX
	JNZ   sbit

snextword:
	INCQ SI
	JMP  sword

sfire:
	ROW_POINTERS
	CMPQ R13, $16
	JLT  sfiretail
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	FIRE16(Y0, Y1)
	INCQ ROW
	JMP  srow

sfiretail:
	TAIL_FIRE(sfirein, sfireout)
	INCQ ROW
	JMP  srow

snextsub:
	ADDQ $16, J0
	JMP  ssub

	// A full 64-neuron panel: eight accumulators (Y0–Y7), so the input
	// bits of a row are walked once per 64 neurons, not once per 16.
swiderow:
	CMPQ  ROW, stepArgs_rows(ARGS)
	JGE   snextwide
	X_ROW // R8 = &x[r, 0]
	SUB_W
	ZERO8
	IN_WORDS
	XORQ  SI, SI

swword:
	LOAD_WORD(swfire, swnextword)

swbit:
	POP_INPUT
	ADDQ   DX, R9   // &W[i, j0]
	ADD8((R9))
	TESTQ  AX, AX
	JNZ    swbit

swnextword:
	INCQ SI
	JMP  swword

swfire:
	VBROADCASTSS stepArgs_decay(ARGS), Y12
	ROW_POINTERS
	FIRE64
	INCQ ROW
	JMP  swiderow

snextwide:
	ADDQ $64, J0
	JMP  ssub

sdone:
	VZEROUPPER
	RET
