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
// Register roles in the step kernels:
//   DI  *stepArgs            R15 j0: first neuron of the panel
//   R14 r0: first row of the tile   CX in     BX wRow (bytes)
//   DX  &W[k, j0]            SI  k
//   R8–R13 &x[r0+r, 0]       R10 &v[r, j0] and R11 &spikes[r, j0/64] in the epilogue
//   K1–K4 lane masks of the panel, K5 spikes, K6 lanes a spike zeroes, K7 temp
//   Z0–Z23 accumulators (6 rows × 4 vectors), Z24–Z27 W[k, j0:j0+64],
//   Z28–Z29 broadcast x, and in the epilogue Z28 decay, Z29 threshold,
//   Z30 value a spike subtracts (threshold or +0), Z31 +0.

// LANE_MASKS sets K1–K4 to the lanes of neurons j0 .. min(j0+64, out)-1.
// Clobbers AX, DX, CX (CX is reloaded with in).
#define LANE_MASKS \
	MOVQ  stepArgs_out(DI), CX \
	SUBQ  R15, CX              \ // CX = out - j0
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
	MOVQ  stepArgs_in(DI), CX

// X_ROW sets R8 = &x[r, 0] for the row r = R14 (dense floats or spike
// PANEL_W sets DX = &W[0, j0] = w + (j0/64)*wPanel.
#define PANEL_W \
	MOVQ  R15, DX                \
	SHRQ  $6, DX                 \
	IMULQ stepArgs_wPanel(DI), DX \
	ADDQ  stepArgs_w(DI), DX

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
	VBROADCASTSS stepArgs_decay(DI), Z28  \
	VBROADCASTSS stepArgs_thr(DI), Z29    \
	VBROADCASTSS stepArgs_subVal(DI), Z30 \
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
	ADDQ       stepArgs_vRow(DI), AX

// V_ADDR sets AX = &v[r0, j0].
#define V_ADDR \
	MOVQ  R14, AX                \
	IMULQ stepArgs_vRow(DI), AX  \
	ADDQ  stepArgs_v(DI), AX     \
	LEAQ  (AX)(R15*4), AX
#define ZERO4(A0, A1, A2, A3) \
	VPXORD A0, A0, A0 \
	VPXORD A1, A1, A1 \
	VPXORD A2, A2, A2 \
	VPXORD A3, A3, A3

// func avx512StepDense(a *stepArgs)
// Requires: AVX512F
TEXT ·avx512StepDense(SB), NOSPLIT, $0-8
	MOVQ  a+0(FP), DI
	KMOVW stepArgs_zero(DI), K6
	MOVQ  stepArgs_wRow(DI), BX
	XORQ  R15, R15              // j0 = 0

panel:
	LANE_MASKS
	XORQ R14, R14 // r0 = 0

rows6:
	MOVQ stepArgs_rows(DI), AX
	SUBQ R14, AX
	CMPQ AX, $6
	JLT  rows4
	X_ROW // R8 = &x[r, 0]
	MOVQ stepArgs_xRow(DI), AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
	LEAQ (R11)(AX*1), R12
	LEAQ (R12)(AX*1), R13
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
	ADDQ BX, DX // next W row
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
	ADDQ $6, R14
	JMP  rows6

rows4:
	MOVQ stepArgs_rows(DI), AX
	SUBQ R14, AX
	CMPQ AX, $4
	JLT  rows1
	X_ROW // R8 = &x[r, 0]
	MOVQ stepArgs_xRow(DI), AX
	LEAQ (R8)(AX*1), R9
	LEAQ (R9)(AX*1), R10
	LEAQ (R10)(AX*1), R11
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
	ADDQ BX, DX
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
	ADDQ $4, R14

rows1:
	CMPQ R14, stepArgs_rows(DI)
	JGE  nextpanel
	X_ROW // R8 = &x[r, 0]
	PANEL_W
	ZERO4(Z0, Z1, Z2, Z3)
	XORQ SI, SI
	TESTQ CX, CX
	JZ   fire1

	MOVQ BX, R9
	SHLQ $PREFETCH_ROWS_LOG2, R9
	ADDQ DX, R9 // R9 = &W[k+2^PREFETCH_ROWS_LOG2, j0]

loop1:
	PREFETCHT0 (R9)
	PREFETCHT0 64(R9)
	PREFETCHT0 128(R9)
	PREFETCHT0 192(R9)
	ADDQ BX, R9
	LOAD_W
	ROW_FMA(R8, Z28, Z0, Z1, Z2, Z3)
	ADDQ BX, DX
	INCQ SI
	CMPQ SI, CX
	JLT  loop1

fire1:
	EPILOGUE_CONSTS
	ROW_POINTERS
	FIRE_ROW(Z0, Z1, Z2, Z3)
	INCQ R14
	JMP  rows1

nextpanel:
	ADDQ $64, R15
	CMPQ R15, stepArgs_out(DI)
	JLT  panel
	VZEROUPPER
	RET

// func avx512StepSpikes(a *stepArgs)
// Requires: AVX512F, BMI1
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
	MOVQ  a+0(FP), DI
	KMOVW stepArgs_zero(DI), K6
	MOVQ  stepArgs_wRow(DI), BX
	XORQ  R15, R15

spanel:
	MOVQ stepArgs_out(DI), AX
	SUBQ R15, AX
	CMPQ AX, $128
	JGE  swide // two full panels
	LANE_MASKS
	XORQ R14, R14

srow:
	CMPQ  R14, stepArgs_rows(DI)
	JGE   snextpanel
	X_ROW // R8 = &x[r, 0]
	PANEL_W
	ZERO4(Z0, Z1, Z2, Z3)
	MOVQ  stepArgs_in(DI), CX
	ADDQ  $63, CX
	SHRQ  $6, CX             // CX = Words(in)
	XORQ  SI, SI

sword:
	CMPQ  SI, CX
	JGE   sfire
	MOVQ  (R8)(SI*8), AX
	MOVQ  SI, R12
	SHLQ  $6, R12            // R12 = 64*word
	TESTQ AX, AX
	JZ    snextword

sbit:
	TZCNTQ AX, R9
	BLSRQ  AX, AX            // clear the lowest set bit
	ADDQ   R12, R9           // i
	IMULQ  BX, R9
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
	INCQ R14
	JMP  srow

snextpanel:
	ADDQ $64, R15
	CMPQ R15, stepArgs_out(DI)
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
	XORQ   R14, R14

swrow:
	CMPQ  R14, stepArgs_rows(DI)
	JGE   snextwide
	X_ROW // R8 = &x[r, 0]
	PANEL_W
	MOVQ  stepArgs_wPanel(DI), R13
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
	MOVQ  stepArgs_in(DI), CX
	ADDQ  $63, CX
	SHRQ  $6, CX
	XORQ  SI, SI

swword:
	CMPQ  SI, CX
	JGE   swfire
	MOVQ  (R8)(SI*8), AX
	MOVQ  SI, R12
	SHLQ  $6, R12
	TESTQ AX, AX
	JZ    swnextword

swbit:
	TZCNTQ AX, R9
	BLSRQ  AX, AX
	ADDQ   R12, R9
	IMULQ  BX, R9            // byte offset of input i's W row
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
	INCQ R14
	JMP  swrow

snextwide:
	ADDQ $128, R15
	CMPQ R15, stepArgs_out(DI)
	JLT  spanel
	VZEROUPPER
	RET
