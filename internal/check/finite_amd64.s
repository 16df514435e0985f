//go:build gc && !purego

#include "textflag.h"

// func avx2AnyNonFinite(x []float32) bool
// Requires: AVX, AVX2
//
// Reports whether some x[i] with i < len(x)&^31 has an exponent of all
// ones (NaN or ±Inf); the caller checks the rest. Four 8-lane compares per
// iteration, OR-ed into Y4.
TEXT ·avx2AnyNonFinite(SB), NOSPLIT, $0-25
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	SHRQ         $5, CX
	MOVL         $0x7f800000, AX
	MOVQ         AX, X5
	VPBROADCASTD X5, Y5 // exponent mask
	VPXOR        Y4, Y4, Y4
	TESTQ        CX, CX
	JZ           done

loop:
	VPAND    (SI), Y5, Y0
	VPAND    32(SI), Y5, Y1
	VPAND    64(SI), Y5, Y2
	VPAND    96(SI), Y5, Y3
	VPCMPEQD Y5, Y0, Y0
	VPCMPEQD Y5, Y1, Y1
	VPCMPEQD Y5, Y2, Y2
	VPCMPEQD Y5, Y3, Y3
	VPOR     Y0, Y1, Y1
	VPOR     Y2, Y3, Y3
	VPOR     Y1, Y4, Y4
	VPOR     Y3, Y4, Y4
	ADDQ     $128, SI
	DECQ     CX
	JNZ      loop

done:
	VPTEST Y4, Y4
	SETNE  ret+24(FP)
	VZEROUPPER
	RET
