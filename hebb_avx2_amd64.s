//go:build gc && !purego

#include "go_asm.h"
#include "textflag.h"
#include "amd64.h"

// Register roles of the Hebbian kernel besides ARGS (a *hebbArgs):
#define JV R15    // first neuron of the block
#define N_PTR R14 // &n[jv]

// The kernel's frame: broadcast bounds and whether to clamp.
#define F_WMIN 0(SP)     // wMin × 8
#define F_WMAX 32(SP)    // wMax × 8
#define F_BOUNDED 64(SP) // 1 if the bounds are not −Inf and +Inf
// From F_SPLIT(SP) rounded down to 32 bytes (SP+80 at the least, past
// F_BOUNDED; SP+104+31·128 = SP+4072 at the most, the frame's end): the
// spike masks of a block in nibbles (NIBBLES), 128 bytes a chunk, for up
// to SPLIT_CHUNKS chunks.
#define F_SPLIT 104
#define SPLIT_CHUNKS 31 // also the most chunks counted in bytes (8·31 < 256)

// SPLIT_BASE sets R = the 32-byte aligned start of the split masks.
#define SPLIT_BASE(R) \
	LEAQ F_SPLIT(SP), R \
	ANDQ $~31, R

// Popcount of 4-bit values, for the AVX2 popcount (VPSHUFB).
DATA nibbleCount<>+0(SB)/8, $0x0302020102010100
DATA nibbleCount<>+8(SB)/8, $0x0403030203020201
DATA nibbleCount<>+16(SB)/8, $0x0302020102010100
DATA nibbleCount<>+24(SB)/8, $0x0403030203020201
GLOBL nibbleCount<>(SB), RODATA|NOPTR, $32

// BYTES32 defines a 32-byte constant of the byte B (as 8 times Q, 4 bytes).
#define BYTES32(NAME, Q) \
	DATA NAME+0(SB)/4, Q  \
	DATA NAME+4(SB)/4, Q  \
	DATA NAME+8(SB)/4, Q  \
	DATA NAME+12(SB)/4, Q \
	DATA NAME+16(SB)/4, Q \
	DATA NAME+20(SB)/4, Q \
	DATA NAME+24(SB)/4, Q \
	DATA NAME+28(SB)/4, Q \
	GLOBL NAME(SB), RODATA|NOPTR, $32

BYTES32(lowNibbles<>, $0x0f0f0f0f)
BYTES32(highNibbles<>, $0xf0f0f0f0)
BYTES32(twoBytes<>, $0x02020202)
BYTES32(oneWords<>, $0x00010001)

// NIBBLES sets LO = S & 0x0f and HI = (S >> 4) & 0x0f bytewise for the
// 32 bytes at S: the spike masks split for a nibble-table popcount.
#define NIBBLES(S, LO, HI) \
	VMOVDQU S, LO                       \
	VPSRLD  $4, LO, HI                  \
	VPAND   lowNibbles<>(SB), LO, LO    \
	VPAND   lowNibbles<>(SB), HI, HI

// COUNT_ADD adds to the byte counts ACC the popcounts of the nibbles of
// P & MASK (MASK: 0x0f-masked nibbles of S). Temp T. The nibble table is Y15.
#define COUNT_ADD(P, MASK, ACC, T) \
	VPAND   MASK, P, T   \
	VPSHUFB T, Y15, T    \
	VPADDB  T, ACC, ACC

// WIDEN turns byte counts into 2·(the sum of the 4 bytes of each dword).
#define WIDEN(ACC) \
	VPMADDUBSW twoBytes<>(SB), ACC, ACC \
	VPMADDWD   oneWords<>(SB), ACC, ACC

// C_OF turns 2·positives ACC (dwords) into c = 2·positives − n as floats,
// with M = the lanes where c == 0; n at OFF(N_PTR).
#define C_OF(ACC, M, OFF) \
	VPCMPEQD  OFF(N_PTR), ACC, M   \
	VPSUBD    OFF(N_PTR), ACC, ACC \
	VCVTDQ2PS ACC, ACC

// CLAMP clamps A to [wMin, wMax] by comparisons (LT_OS, GT_OS: a NaN and
// a −0 at a +0 bound stay). Temp T.
#define CLAMP(A, T) \
	VCMPPS    CMP_LT_OS, F_WMIN, A, T \
	VBLENDVPS T, F_WMIN, A, A         \
	VCMPPS    CMP_GT_OS, F_WMAX, A, T \
	VBLENDVPS T, F_WMAX, A, A

// FMA2 turns the 2·positives A and B of a full block into
// fma(rate, c, W) (W at (DX) and 32(DX)), with MA and MB the lanes where
// c == 0, and sets the flags for JEQ to skip the clamp when unbounded.
#define FMA2(A, MA, B, MB) \
	C_OF(A, MA, 0)               \
	C_OF(B, MB, 32)              \
	VFMADD213PS (DX), Y14, A     \
	VFMADD213PS 32(DX), Y14, B   \
	CMPQ        F_BOUNDED, $0

// CLAMP2 clamps A and B. Temp T.
#define CLAMP2(A, B, T) \
	CLAMP(A, T) \
	CLAMP(B, T)

// STORE2 stores A and B at (DX) and 32(DX), except the lanes of MA and MB
// (c == 0), which keep W.
#define STORE2(A, MA, B, MB) \
	VBLENDVPS MA, (DX), A, A     \
	VMOVUPS   A, (DX)            \
	VBLENDVPS MB, 32(DX), B, B   \
	VMOVUPS   B, 32(DX)

// COPY_LANE copies float CX from FROM to TO, increments CX and compares it
// with AX (the lanes of a partial block). Clobbers BX.
#define COPY_LANE(FROM, TO) \
	MOVL (FROM)(CX*4), BX \
	MOVL BX, (TO)(CX*4)   \
	INCQ CX               \
	CMPQ CX, AX

// func avx2Hebb(a *hebbArgs)
// Requires: AVX, AVX2, FMA3
//
//	for jv := jStart; jv < out; jv += 16 {
//		if u[jv:jv+16] == 0 { continue }
//		for i := range in {
//			c := 2*Σ_chunk popcount(p[chunk, i] & s[chunk, jv:jv+16]) - n[jv:jv+16]
//			W[i, jv:jv+16] = clamp(fma(rate, c, W), wMin, wMax) where c != 0
//		}
//	}
//
// avx512Hebb for AVX2, 16 neurons (two halves of 8) at a time. The popcount
// is a nibble table (VPSHUFB): byte counts of all chunks are summed
// (VPADDB; ≤ 31 chunks, 8·31 < 256) and widened to dwords once
// (VPMADDUBSW by 2, VPMADDWD by 1: 2·positives). Weights with c == 0 are
// blended back from memory; the clamp is skipped when the bounds are
// ±Inf. Three loops over the inputs:
//   - up to 2 chunks (≤ 64 rows), a full block: the spike masks of both
//     chunks, split in nibbles, stay in Y6–Y13;
//   - up to 31 chunks or a partial block: a loop over the chunks, the
//     spike masks split in nibbles once per block, into the frame;
//   - more chunks: split per input, counted in groups of 31.
// A partial block (out − jv < 16) updates a copy of its weights in
// hebbArgs.scratch (no access past out), whose other lanes are 0 and
// stay so (S and n are padded with 0: c == 0).
// Registers: DX &W[i, jv], SI inputs left, R8 &S[0, jv], R9 &P[0, i],
// R10/R11 chunk strides of S/P, N_PTR &n[jv], JV; Y14 rate, Y15 nibble
// table; the rest per loop.
TEXT ·avx2Hebb(SB), $4072-8 // F_SPLIT + 128·SPLIT_CHUNKS
	MOVQ         a+0(FP), ARGS
	VBROADCASTSS hebbArgs_rate(ARGS), Y14
	VBROADCASTSS hebbArgs_wMin(ARGS), Y0
	VMOVUPS      Y0, F_WMIN
	VBROADCASTSS hebbArgs_wMax(ARGS), Y1
	VMOVUPS      Y1, F_WMAX
	MOVQ         $0, F_BOUNDED
	MOVL         hebbArgs_wMin(ARGS), AX
	CMPL         AX, $0xff800000 // −Inf
	JNE          h2bounded
	MOVL         hebbArgs_wMax(ARGS), AX
	CMPL         AX, $0x7f800000 // +Inf
	JEQ          h2start

h2bounded:
	MOVQ $1, F_BOUNDED

h2start:
	VMOVDQU nibbleCount<>(SB), Y15
	MOVQ    hebbArgs_outPad(ARGS), R10
	SHLQ    $2, R10
	MOVQ    hebbArgs_in(ARGS), R11
	SHLQ    $2, R11
	MOVQ    hebbArgs_jStart(ARGS), JV

h2block:
	CMPQ    JV, hebbArgs_out(ARGS)
	JGE     h2done
	MOVQ    hebbArgs_u(ARGS), AX
	MOVQ    JV, CX
	SHRQ    $3, CX
	MOVWQZX (AX)(CX*1), AX      // the 16 union bits of this block
	TESTQ   AX, AX
	JZ      h2nextblock
	MOVQ    hebbArgs_in(ARGS), SI
	TESTQ   SI, SI
	JZ      h2done
	W_AT(JV, hebbArgs_wPanel(ARGS), hebbArgs_w(ARGS)) // DX = &W[0, jv]
	MOVQ    hebbArgs_n(ARGS), N_PTR
	LEAQ    (N_PTR)(JV*4), N_PTR
	MOVQ    hebbArgs_s(ARGS), R8
	LEAQ    (R8)(JV*4), R8
	MOVQ    hebbArgs_p(ARGS), R9
	MOVQ    hebbArgs_out(ARGS), AX
	SUBQ    JV, AX             // rem = out − jv, kept in AX by the chunk loop
	CMPQ    AX, $16
	JLT     h2partial
	CMPQ    hebbArgs_chunks(ARGS), $2
	JGT     h2general

	// Up to 2 chunks, a full block. Y6/Y7, Y8/Y9: low/high nibbles of
	// the spike masks of chunks 0 and 1, first half; Y10–Y13 the second
	// half; BX the P offset of chunk 1 (0 with 1 chunk, whose masks are 0).
	NIBBLES((R8), Y6, Y7)
	NIBBLES(32(R8), Y10, Y11)
	XORQ    BX, BX
	VPXOR   Y8, Y8, Y8
	VPXOR   Y9, Y9, Y9
	VPXOR   Y12, Y12, Y12
	VPXOR   Y13, Y13, Y13
	CMPQ    hebbArgs_chunks(ARGS), $2
	JLT     h2two
	MOVQ    R11, BX
	NIBBLES((R8)(R10*1), Y8, Y9)
	NIBBLES(32(R8)(R10*1), Y12, Y13)

h2two:
	// Y0/Y1, Y2/Y3: P of chunks 0 and 1 and their high nibbles (>> 4;
	// the masks clear what comes from the next byte); Y4 first half's
	// counts, Y0 the second's (in place); Y5 temp.
	VPBROADCASTD (R9), Y0
	VPBROADCASTD (R9)(BX*1), Y2
	VPSRLD       $4, Y0, Y1
	VPSRLD       $4, Y2, Y3
	VPAND        Y6, Y0, Y4
	VPSHUFB      Y4, Y15, Y4
	COUNT_ADD(Y1, Y7, Y4, Y5)
	COUNT_ADD(Y2, Y8, Y4, Y5)
	COUNT_ADD(Y3, Y9, Y4, Y5)
	VPAND        Y10, Y0, Y0
	VPSHUFB      Y0, Y15, Y0
	VPAND        Y11, Y1, Y1
	VPSHUFB      Y1, Y15, Y1
	VPADDB       Y1, Y0, Y0
	VPAND        Y12, Y2, Y2
	VPSHUFB      Y2, Y15, Y2
	VPADDB       Y2, Y0, Y0
	VPAND        Y13, Y3, Y3
	VPSHUFB      Y3, Y15, Y3
	VPADDB       Y3, Y0, Y0
	WIDEN(Y4)
	WIDEN(Y0)
	FMA2(Y4, Y1, Y0, Y2)
	JEQ          h2twokeep
	CLAMP2(Y4, Y0, Y3)

h2twokeep:
	STORE2(Y4, Y1, Y0, Y2)
	ADDQ         $4, R9
	ADDQ         hebbArgs_wRow(ARGS), DX
	DECQ         SI
	JNZ          h2two
	JMP          h2nextblock

h2partial:
	VPXOR   Y0, Y0, Y0
	VMOVDQU Y0, hebbArgs_scratch(ARGS)
	VMOVDQU Y0, hebbArgs_scratch+32(ARGS)

h2general:
	CMPQ hebbArgs_chunks(ARGS), $SPLIT_CHUNKS
	JGT  h2groups

	// Up to 31 chunks: the spike masks of the block split in nibbles
	// once, into the frame (R12 walks S, R13 the split masks).
	MOVQ R8, R12
	SPLIT_BASE(R13)
	MOVQ hebbArgs_chunks(ARGS), CX

h2split:
	NIBBLES((R12), Y0, Y1)
	VMOVDQU Y0, (R13)
	VMOVDQU Y1, 32(R13)
	NIBBLES(32(R12), Y0, Y1)
	VMOVDQU Y0, 64(R13)
	VMOVDQU Y1, 96(R13)
	ADDQ    R10, R12
	SUBQ    $-128, R13
	DECQ    CX
	JNZ     h2split

h2splitinput:
	// Y0/Y1 the byte counts of the two halves, Y4/Y5 P and P >> 4 (the
	// masks clear what comes from the next byte), Y6/Y7 temps; R12 walks
	// the split masks, R13 P, CX counts the chunks.
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	SPLIT_BASE(R12)
	MOVQ  R9, R13
	MOVQ  hebbArgs_chunks(ARGS), CX

h2splitchunk:
	VPBROADCASTD (R13), Y4
	VPSRLD       $4, Y4, Y5
	COUNT_ADD(Y4, (R12), Y0, Y6)
	COUNT_ADD(Y5, 32(R12), Y0, Y7)
	COUNT_ADD(Y4, 64(R12), Y1, Y6)
	COUNT_ADD(Y5, 96(R12), Y1, Y7)
	SUBQ         $-128, R12
	ADDQ         R11, R13
	DECQ         CX
	JNZ          h2splitchunk
	WIDEN(Y0)
	WIDEN(Y1)
	JMP          h2update

h2groups:
	// More chunks. Y0/Y1 the dword counts of the two halves,
	// Y2/Y3 their byte counts in a group of ≤ 31 chunks, Y4/Y5 P's low
	// nibbles and high nibbles (in place), Y6/Y7 temps, Y12 0x0f, Y13 0xf0;
	// BX chunks left after the group, CX in the group; R12/R13 walk S/P.
	VMOVDQU lowNibbles<>(SB), Y12
	VMOVDQU highNibbles<>(SB), Y13

h2input:
	VPXOR Y0, Y0, Y0
	VPXOR Y1, Y1, Y1
	MOVQ  R8, R12
	MOVQ  R9, R13
	MOVQ  hebbArgs_chunks(ARGS), BX

h2group:
	MOVQ  BX, CX
	CMPQ  CX, $31
	JLE   2(PC)
	MOVQ  $31, CX
	SUBQ  CX, BX
	VPXOR Y2, Y2, Y2
	VPXOR Y3, Y3, Y3

h2chunk:
	VPBROADCASTD (R13), Y4
	VPAND        Y13, Y4, Y5
	VPAND        Y12, Y4, Y4
	COUNT_ADD(Y4, (R12), Y2, Y6)
	COUNT_ADD(Y4, 32(R12), Y3, Y6)
	VPAND        (R12), Y5, Y7
	VPSRLW       $4, Y7, Y7 // whole nibbles: no bits cross bytes
	VPSHUFB      Y7, Y15, Y7
	VPADDB       Y7, Y2, Y2
	VPAND        32(R12), Y5, Y7
	VPSRLW       $4, Y7, Y7
	VPSHUFB      Y7, Y15, Y7
	VPADDB       Y7, Y3, Y3
	ADDQ         R10, R12
	ADDQ         R11, R13
	DECQ         CX
	JNZ          h2chunk
	WIDEN(Y2)
	WIDEN(Y3)
	VPADDD       Y2, Y0, Y0
	VPADDD       Y3, Y1, Y1
	TESTQ        BX, BX
	JNZ          h2group

h2update:
	// Y0/Y1: 2·positives of the two halves.
	CMPQ         AX, $16
	JGE          h2full
	MOVQ         DX, R12 // a partial block: DX = the scratch copy of its weights
	LEAQ         hebbArgs_scratch(ARGS), DX
	XORQ         CX, CX

h2copyin:
	COPY_LANE(R12, DX)
	JLT  h2copyin

h2full:
	FMA2(Y0, Y2, Y1, Y3)
	JEQ          h2keep
	CLAMP2(Y0, Y1, Y4)

h2keep:
	STORE2(Y0, Y2, Y1, Y3)
	CMPQ         AX, $16
	JGE          h2nextinput
	XORQ         CX, CX

h2copyout:
	COPY_LANE(DX, R12)
	JLT  h2copyout
	MOVQ R12, DX

h2nextinput:
	ADDQ $4, R9
	ADDQ hebbArgs_wRow(ARGS), DX
	DECQ SI
	JZ   h2nextblock
	CMPQ hebbArgs_chunks(ARGS), $SPLIT_CHUNKS
	JLE  h2splitinput
	JMP  h2input

h2nextblock:
	ADDQ $16, JV
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
