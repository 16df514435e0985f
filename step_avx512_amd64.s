//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"

// AVX-512 kernels. Conventions: stepArgs (kernel_amd64.go) carries the
// arguments; every lane owns one neuron and walks the inputs in ascending
// order (SPEC §2), so the bits equal stepGeneric's. Neurons are processed in
// panels of 64 (four ZMM, one spike word); lanes past Out are masked off in
// every load and store (opmask loads do not fault), so nothing outside the
// slices is touched.
//
// Register roles (ARGS, J0, ROW, W_ROW, X_PTR, V_PTR, S_PTR: amd64.h):
//   CX in   DX &W[k, J0]   SI k   R8–R13 &x[ROW+r, 0] (R8 = X_PTR);
//   R10 = V_PTR and R11 = S_PTR in the epilogue
//   K1–K4 lane masks of the panel, K5 spikes, K6 lanes a spike zeroes, K7 temp
//   Z0–Z23 accumulators (6 rows × 4 vectors), Z24–Z27 W[k, j0:j0+64],
//   Z28–Z29 broadcast x, and in the epilogue Z28 decay, Z29 threshold,
//   Z30 value a spike subtracts (threshold or +0), Z31 +0.

// LANE_MASKS sets K1–K4 to the lanes of neurons j0 .. min(j0+64, out)-1.
// Clobbers AX, DX, CX (CX is reloaded with in).
#define LANE_MASKS \
	MOVQ  stepArgs_out(ARGS), CX \
	SUBQ  J0, CX              \ // CX = out - j0
	MOVQ  $-1, AX              \
	CMPQ  CX, $64              \
	JGE   4(PC)                \
	MOVQ  $1, AX               \
	SHLQ  CX, AX               \
	DECQ  AX                   \ // AX = 1<<(out-j0) - 1
	KMOVW AX, K1               \
	SHRQ  $16, AX              \
	KMOVW AX, K2               \
	SHRQ  $16, AX              \
	KMOVW AX, K3               \
	SHRQ  $16, AX              \
	KMOVW AX, K4               \
	MOVQ  stepArgs_in(ARGS), CX

// X_ROW sets R8 = &x[r, 0] for the row r = R14 (dense floats or spike
// PANEL_W sets DX = &W[0, j0] = w + (j0/64)*wPanel.
#define PANEL_W \
	MOVQ  J0, DX                \
	SHRQ  $6, DX                 \
	IMULQ stepArgs_wPanel(ARGS), DX \
	ADDQ  stepArgs_w(ARGS), DX

// LOAD_W loads W[k, j0:j0+64] into Z24–Z27, zero past out.
#define LOAD_W \
	VMOVUPS.Z (DX), K1, Z24    \
	VMOVUPS.Z 64(DX), K2, Z25  \
	VMOVUPS.Z 128(DX), K3, Z26 \
	VMOVUPS.Z 192(DX), K4, Z27

// ROW_FMA: acc[0:4] = fma(x[r, k], W[k, j0:j0+64], acc[0:4]).
#define ROW_FMA(XP, B, A0, A1, A2, A3) \
	VBROADCASTSS (XP)(SI*4), B \
	VFMADD231PS  Z24, B, A0    \
	VFMADD231PS  Z25, B, A1    \
	VFMADD231PS  Z26, B, A2    \
	VFMADD231PS  Z27, B, A3

// EPILOGUE_CONSTS loads the constants of FIRE.
#define EPILOGUE_CONSTS \
	VBROADCASTSS stepArgs_decay(ARGS), Z28  \
	VBROADCASTSS stepArgs_thr(ARGS), Z29    \
	VBROADCASTSS stepArgs_subVal(ARGS), Z30 \
	VPXORD       Z31, Z31, Z31


// FIRE is the fused epilogue of one vector of 16 neurons:
//   v' = fma(decay, v, acc); spike = !(v' < thr); v' -= subVal where spike;
//   v' = +0 where spike and reset is to zero; store v'; spike bits into AX.
#define FIRE(A, OFF, KL, SHIFT) \
	VFMADD231PS OFF(R10), Z28, KL, A \ // A = decay*v + A, lanes KL
	VCMPPS      CMP_NLT_US, Z29, A, KL, K5   \ // K5 = KL & !(A < thr)  (NLT_US: NaN fires)
	VSUBPS      Z30, A, K5, A        \
	KANDW       K5, K6, K7           \
	VMOVAPS     Z31, K7, A           \
	VMOVUPS     A, KL, OFF(R10)      \
	KMOVW       K5, DX               \
	SHLQ        $SHIFT, DX           \
	ORQ         DX, AX

// FIRE_ROW runs FIRE on the four vectors of one row and stores its spike word.
#define FIRE_ROW(A0, A1, A2, A3) \
	XORQ AX, AX              \
	FIRE(A0, 0, K1, 0)       \
	FIRE(A1, 64, K2, 16)     \
	FIRE(A2, 128, K3, 32)    \
	FIRE(A3, 192, K4, 48)    \
	MOVQ AX, (R11)

// PREFETCH_V prefetches the 64 states of the next row's panel at AX and
// moves AX to the row after it: the epilogue then finds v in cache
// instead of waiting on memory after the input loop. Clobbers AX.
#define PREFETCH_V \
	PREFETCHT0 (AX)              \
	PREFETCHT0 64(AX)            \
	PREFETCHT0 128(AX)           \
	PREFETCHT0 192(AX)           \
	ADDQ       stepArgs_vRow(ARGS), AX

// V_ADDR sets AX = &v[r0, j0].
#define V_ADDR \
	MOVQ  ROW, AX                \
	IMULQ stepArgs_vRow(ARGS), AX  \
	ADDQ  stepArgs_v(ARGS), AX     \
	LEAQ  (AX)(J0*4), AX
#define ZERO4(A0, A1, A2, A3) \
	VPXORD A0, A0, A0 \
	VPXORD A1, A1, A1 \
	VPXORD A2, A2, A2 \
	VPXORD A3, A3, A3

// func avx512StepDense(a *stepArgs)
// Requires: AVX512F
//
//	for j0 := 0; j0 < out; j0 += 64 {          // lanes past out masked (K1–K4)
//		for r := range rows {                     // tiles of 6, 4, then 1 rows
//			acc := fma(x[r, in-1], W[in-1, j0:j0+64], … fma(x[r, 0], W[0, j0:j0+64], 0))
//			v[r, j0:j0+64], spikes[r, j0/64] = fire(decay*v + acc) // FIRE_ROW
//		}
//	}
TEXT ·avx512StepDense(SB), NOSPLIT, $0-8
	MOVQ  a+0(FP), ARGS
	KMOVW stepArgs_zero(ARGS), K6
	MOVQ  stepArgs_wRow(ARGS), W_ROW
	XORQ  J0, J0              // j0 = 0

panel:
	LANE_MASKS
	XORQ ROW, ROW // r0 = 0

rows6:
	ROWS_LEFT(6, rows4)
	X_ROWS6
	PANEL_W
	ZERO4(Z0, Z1, Z2, Z3)
	ZERO4(Z4, Z5, Z6, Z7)
	ZERO4(Z8, Z9, Z10, Z11)
	ZERO4(Z12, Z13, Z14, Z15)
	ZERO4(Z16, Z17, Z18, Z19)
	ZERO4(Z20, Z21, Z22, Z23)
	V_ADDR
	PREFETCH_V
	PREFETCH_V
	PREFETCH_V
	PREFETCH_V
	PREFETCH_V
	PREFETCH_V
	XORQ SI, SI // k = 0
	TESTQ CX, CX
	JZ   fire6

loop6:
	LOAD_W
	ROW_FMA(R8, Z28, Z0, Z1, Z2, Z3)
	ROW_FMA(R9, Z29, Z4, Z5, Z6, Z7)
	ROW_FMA(R10, Z28, Z8, Z9, Z10, Z11)
	ROW_FMA(R11, Z29, Z12, Z13, Z14, Z15)
	ROW_FMA(R12, Z28, Z16, Z17, Z18, Z19)
	ROW_FMA(R13, Z29, Z20, Z21, Z22, Z23)
	ADDQ W_ROW, DX // next W row
	INCQ SI
	CMPQ SI, CX
	JLT  loop6

fire6:
	EPILOGUE_CONSTS
	ROW_POINTERS
	FIRE_ROW(Z0, Z1, Z2, Z3)
	NEXT_ROW
	FIRE_ROW(Z4, Z5, Z6, Z7)
	NEXT_ROW
	FIRE_ROW(Z8, Z9, Z10, Z11)
	NEXT_ROW
	FIRE_ROW(Z12, Z13, Z14, Z15)
	NEXT_ROW
	FIRE_ROW(Z16, Z17, Z18, Z19)
	NEXT_ROW
	FIRE_ROW(Z20, Z21, Z22, Z23)
	ADDQ $6, ROW
	JMP  rows6

rows4:
	ROWS_LEFT(4, rows1)
	X_ROWS4
	PANEL_W
	ZERO4(Z0, Z1, Z2, Z3)
	ZERO4(Z4, Z5, Z6, Z7)
	ZERO4(Z8, Z9, Z10, Z11)
	ZERO4(Z12, Z13, Z14, Z15)
	XORQ SI, SI
	TESTQ CX, CX
	JZ   fire4

loop4:
	LOAD_W
	ROW_FMA(R8, Z28, Z0, Z1, Z2, Z3)
	ROW_FMA(R9, Z29, Z4, Z5, Z6, Z7)
	ROW_FMA(R10, Z28, Z8, Z9, Z10, Z11)
	ROW_FMA(R11, Z29, Z12, Z13, Z14, Z15)
	ADDQ W_ROW, DX
	INCQ SI
	CMPQ SI, CX
	JLT  loop4

fire4:
	EPILOGUE_CONSTS
	ROW_POINTERS
	FIRE_ROW(Z0, Z1, Z2, Z3)
	NEXT_ROW
	FIRE_ROW(Z4, Z5, Z6, Z7)
	NEXT_ROW
	FIRE_ROW(Z8, Z9, Z10, Z11)
	NEXT_ROW
	FIRE_ROW(Z12, Z13, Z14, Z15)
	ADDQ $4, ROW

rows1:
	CMPQ ROW, stepArgs_rows(ARGS)
	JGE  nextpanel
	X_ROW // R8 = &x[r, 0]
	PANEL_W
	ZERO4(Z0, Z1, Z2, Z3)
	XORQ SI, SI
	TESTQ CX, CX
	JZ   fire1

	MOVQ W_ROW, R9
	SHLQ $PREFETCH_ROWS_LOG2, R9
	ADDQ DX, R9 // R9 = &W[k+2^PREFETCH_ROWS_LOG2, j0]

loop1:
	PREFETCHT0 (R9)
	PREFETCHT0 64(R9)
	PREFETCHT0 128(R9)
	PREFETCHT0 192(R9)
	ADDQ W_ROW, R9
	LOAD_W
	ROW_FMA(R8, Z28, Z0, Z1, Z2, Z3)
	ADDQ W_ROW, DX
	INCQ SI
	CMPQ SI, CX
	JLT  loop1

fire1:
	EPILOGUE_CONSTS
	ROW_POINTERS
	FIRE_ROW(Z0, Z1, Z2, Z3)
	INCQ ROW
	JMP  rows1

nextpanel:
	ADDQ $64, J0
	CMPQ J0, stepArgs_out(ARGS)
	JLT  panel
	VZEROUPPER
	RET

// func avx512StepSpikes(a *stepArgs)
// Requires: AVX512F, BMI1
//
//	for j0 := 0; j0 < out; j0 += 128 (two full panels) or 64 {
//		for r := range rows {
//			acc := 0
//			for i := range setBits(x[r]) { acc += W[i, j0:j0+128 or 64] } // ascending i
//			v[r, j0:…], spikes[r, j0/64:…] = fire(decay*v + acc)
//		}
//	}
//
// For each panel of 64 neurons and each row, the set bits of the row's
// input words are walked in ascending order (TZCNT, BLSR) and the panel's
// W row of each is added to four accumulators; then FIRE as in the dense
// step. Panels are the outer loop so that a panel of W (In×256 bytes when
// packed) is reused from cache by every row.
// Registers as in avx512StepDense, plus: R8 &x[r, 0] (words), CX Words(in),
// SI word index, AX the word being walked, R9 input index, then &W[i, j0],
// R12 SI*64.
TEXT ·avx512StepSpikes(SB), NOSPLIT, $0-8
	MOVQ  a+0(FP), ARGS
	KMOVW stepArgs_zero(ARGS), K6
	MOVQ  stepArgs_wRow(ARGS), W_ROW
	XORQ  J0, J0

spanel:
	MOVQ stepArgs_out(ARGS), AX
	SUBQ J0, AX
	CMPQ AX, $128
	JGE  swide // two full panels
	LANE_MASKS
	XORQ ROW, ROW

srow:
	CMPQ  ROW, stepArgs_rows(ARGS)
	JGE   snextpanel
	X_ROW // R8 = &x[r, 0]
	PANEL_W
	ZERO4(Z0, Z1, Z2, Z3)
	IN_WORDS
	XORQ  SI, SI

sword:
	LOAD_WORD(sfire, snextword)

sbit:
	POP_INPUT
	ADDQ   DX, R9            // R9 = &W[i, j0]
	VADDPS (R9), Z0, K1, Z0  // acc += W[i, j0:j0+64]
	VADDPS 64(R9), Z1, K2, Z1
	VADDPS 128(R9), Z2, K3, Z2
	VADDPS 192(R9), Z3, K4, Z3
	TESTQ  AX, AX
	JNZ    sbit

snextword:
	INCQ SI
	JMP  sword

sfire:
	EPILOGUE_CONSTS
	ROW_POINTERS
	FIRE_ROW(Z0, Z1, Z2, Z3)
	INCQ ROW
	JMP  srow

snextpanel:
	ADDQ $64, J0
	CMPQ J0, stepArgs_out(ARGS)
	JLT  spanel
	VZEROUPPER
	RET

	// Two full panels (128 neurons, eight accumulators): the input bits of
	// a row are walked once per 128 neurons; no masks are needed.
swide:
	KXNORW K1, K1, K1
	KXNORW K2, K2, K2
	KXNORW K3, K3, K3
	KXNORW K4, K4, K4
	XORQ   ROW, ROW

swrow:
	CMPQ  ROW, stepArgs_rows(ARGS)
	JGE   snextwide
	X_ROW // R8 = &x[r, 0]
	PANEL_W
	MOVQ  stepArgs_wPanel(ARGS), R13
	ADDQ  DX, R13            // R13 = &W[0, j0+64]
	ZERO4(Z0, Z1, Z2, Z3)
	ZERO4(Z4, Z5, Z6, Z7)
	V_ADDR
	PREFETCHT0 (AX)
	PREFETCHT0 64(AX)
	PREFETCHT0 128(AX)
	PREFETCHT0 192(AX)
	PREFETCHT0 256(AX)
	PREFETCHT0 320(AX)
	PREFETCHT0 384(AX)
	PREFETCHT0 448(AX)
	IN_WORDS
	XORQ  SI, SI

swword:
	LOAD_WORD(swfire, swnextword)

swbit:
	POP_INPUT
	VADDPS (DX)(R9*1), Z0, Z0
	VADDPS 64(DX)(R9*1), Z1, Z1
	VADDPS 128(DX)(R9*1), Z2, Z2
	VADDPS 192(DX)(R9*1), Z3, Z3
	VADDPS (R13)(R9*1), Z4, Z4
	VADDPS 64(R13)(R9*1), Z5, Z5
	VADDPS 128(R13)(R9*1), Z6, Z6
	VADDPS 192(R13)(R9*1), Z7, Z7
	TESTQ  AX, AX
	JNZ    swbit

swnextword:
	INCQ SI
	JMP  swword

swfire:
	EPILOGUE_CONSTS
	ROW_POINTERS
	FIRE_ROW(Z0, Z1, Z2, Z3)
	ADDQ $256, R10
	ADDQ $8, R11
	FIRE_ROW(Z4, Z5, Z6, Z7)
	INCQ ROW
	JMP  swrow

snextwide:
	ADDQ $128, J0
	CMPQ J0, stepArgs_out(ARGS)
	JLT  spanel
	VZEROUPPER
	RET
