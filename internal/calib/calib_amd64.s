//go:build gc && !purego

#include "textflag.h"

// READ_STREAMS(zero, load, store) reads chunk+8(FP) bytes from each of
// streams+16(FP) consecutive chunks starting at p+0(FP), 256 bytes of each
// chunk per iteration of the outer loop, each stream prefetched
// ahead+24(FP) bytes in front of its loads: zero clears the accumulators,
// load adds the 256 bytes at R9 to them as 32-bit lanes, and store adds
// them up and writes the lane sums at AX (= sums+32(FP)).
// SI: p. CX: chunk. BX: streams. DX: ahead. R8: offset in the chunks.
// R9: the current stream's pointer. R10: streams left.
#define READ_STREAMS(zero, load, store) \
	zero                         \
	MOVQ p+0(FP), SI             \
	MOVQ chunk+8(FP), CX         \
	MOVQ streams+16(FP), BX      \
	MOVQ ahead+24(FP), DX        \
	XORQ R8, R8                  \
outer:                           \
	CMPQ R8, CX                  \
	JGE  done                    \
	LEAQ (SI)(R8*1), R9          \
	MOVQ BX, R10                 \
inner:                           \
	PREFETCHT0 (R9)(DX*1)        \
	PREFETCHT0 64(R9)(DX*1)      \
	PREFETCHT0 128(R9)(DX*1)     \
	PREFETCHT0 192(R9)(DX*1)     \
	load                         \
	ADDQ CX, R9                  \
	DECQ R10                     \
	JNZ  inner                   \
	ADDQ $256, R8                \
	JMP  outer                   \
done:                            \
	MOVQ sums+32(FP), AX         \
	store                        \
	VZEROUPPER                   \
	RET

#define ZERO_ZMM \
	VPXORD Z0, Z0, Z0 \
	VPXORD Z1, Z1, Z1 \
	VPXORD Z2, Z2, Z2 \
	VPXORD Z3, Z3, Z3

#define STORE_ZMM \
	VPADDD    Z1, Z0, Z0 \
	VPADDD    Z3, Z2, Z2 \
	VPADDD    Z2, Z0, Z0 \
	VMOVDQU32 Z0, (AX)

#define ZERO_YMM \
	VPXOR Y0, Y0, Y0 \
	VPXOR Y1, Y1, Y1 \
	VPXOR Y2, Y2, Y2 \
	VPXOR Y3, Y3, Y3

#define STORE_YMM \
	VPADDD  Y1, Y0, Y0 \
	VPADDD  Y3, Y2, Y2 \
	VPADDD  Y2, Y0, Y0 \
	VMOVDQU Y0, (AX)

#define LOAD_ZMM \
	VPADDD (R9), Z0, Z0     \
	VPADDD 64(R9), Z1, Z1   \
	VPADDD 128(R9), Z2, Z2  \
	VPADDD 192(R9), Z3, Z3

#define LOAD_YMM \
	VPADDD (R9), Y0, Y0     \
	VPADDD 32(R9), Y1, Y1   \
	VPADDD 64(R9), Y2, Y2   \
	VPADDD 96(R9), Y3, Y3   \
	VPADDD 128(R9), Y0, Y0  \
	VPADDD 160(R9), Y1, Y1  \
	VPADDD 192(R9), Y2, Y2  \
	VPADDD 224(R9), Y3, Y3


// func fmaZMM(n int)
// Requires: AVX512F
TEXT ·fmaZMM(SB), NOSPLIT, $0-8
	MOVQ   n+0(FP), CX
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	VPXORD Z12, Z12, Z12
	VPXORD Z13, Z13, Z13
	TESTQ  CX, CX
	JLE    zdone

zloop:
	VFMADD231PS Z12, Z13, Z0
	VFMADD231PS Z12, Z13, Z1
	VFMADD231PS Z12, Z13, Z2
	VFMADD231PS Z12, Z13, Z3
	VFMADD231PS Z12, Z13, Z4
	VFMADD231PS Z12, Z13, Z5
	VFMADD231PS Z12, Z13, Z6
	VFMADD231PS Z12, Z13, Z7
	VFMADD231PS Z12, Z13, Z8
	VFMADD231PS Z12, Z13, Z9
	VFMADD231PS Z12, Z13, Z10
	VFMADD231PS Z12, Z13, Z11
	DECQ        CX
	JNZ         zloop

zdone:
	VZEROUPPER
	RET

// func fmaYMM(n int)
// Requires: AVX, FMA3
TEXT ·fmaYMM(SB), NOSPLIT, $0-8
	MOVQ   n+0(FP), CX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	TESTQ  CX, CX
	JLE    ydone

yloop:
	VFMADD231PS Y12, Y13, Y0
	VFMADD231PS Y12, Y13, Y1
	VFMADD231PS Y12, Y13, Y2
	VFMADD231PS Y12, Y13, Y3
	VFMADD231PS Y12, Y13, Y4
	VFMADD231PS Y12, Y13, Y5
	VFMADD231PS Y12, Y13, Y6
	VFMADD231PS Y12, Y13, Y7
	VFMADD231PS Y12, Y13, Y8
	VFMADD231PS Y12, Y13, Y9
	VFMADD231PS Y12, Y13, Y10
	VFMADD231PS Y12, Y13, Y11
	DECQ        CX
	JNZ         yloop

ydone:
	VZEROUPPER
	RET

// func readZMM(p *byte, chunk, streams, ahead int, sums *[16]uint32)
// Requires: AVX512F
TEXT ·readZMM(SB), NOSPLIT, $0-40
	READ_STREAMS(ZERO_ZMM, LOAD_ZMM, STORE_ZMM)

// func readYMM(p *byte, chunk, streams, ahead int, sums *[16]uint32)
// Requires: AVX2
TEXT ·readYMM(SB), NOSPLIT, $0-40
	READ_STREAMS(ZERO_YMM, LOAD_YMM, STORE_YMM)
