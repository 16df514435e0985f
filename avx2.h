// Macros of the YMM step kernels (step_avx2_amd64.s, stream_amd64.s).

// SUB_W sets DX = &W[0, j0] = w + (j0/64)*wPanel + (j0%64)*4.
#define SUB_W \
	MOVQ  R15, DX                 \
	SHRQ  $6, DX                  \
	IMULQ stepArgs_wPanel(DI), DX \
	MOVQ  R15, AX                 \
	ANDQ  $63, AX                 \
	LEAQ  (DX)(AX*4), DX          \
	ADDQ  stepArgs_w(DI), DX

// FIRE8 is the epilogue of 8 neurons at OFF(R10): v' = fma(decay, v, acc),
// spike = !(v' < thr) (NLT_US), v' -= sub where spike, v' = +0 where spike
// and zsel, store; the 8 spike bits go to AX << SHIFT.
#define FIRE8(A, OFF, SHIFT) \
	VFMADD231PS OFF(R10), Y12, A        \
	VCMPPS      CMP_NLT_US, stepArgs_thr8(DI), A, Y13 \
	VANDPS      stepArgs_sub8(DI), Y13, Y14   \
	VSUBPS      Y14, A, A               \
	VANDPS      stepArgs_zsel8(DI), Y13, Y14  \
	VANDNPS     A, Y14, A               \
	VMOVUPS     A, OFF(R10)             \
	VMOVMSKPS   Y13, DX                 \
	SHLQ        $SHIFT, DX              \
	ORQ         DX, AX


#define ZERO2(A0, A1) \
	VXORPS A0, A0, A0 \
	VXORPS A1, A1, A1
