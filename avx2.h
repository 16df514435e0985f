// Macros of the YMM step kernels (step_avx2_amd64.s, stream_amd64.s).

// SUB_W sets DX = &W[0, J0]. Clobbers AX.
#define SUB_W W_AT(J0, stepArgs_wPanel(ARGS), stepArgs_w(ARGS))

// FIRE8 is the epilogue of 8 neurons at OFF(R10): v' = fma(decay, v, acc),
// spike = !(v' < thr) (NLT_US), v' -= sub where spike, v' = +0 where spike
// and zsel, store; the 8 spike bits go to AX << SHIFT.
#define FIRE8(A, OFF, SHIFT) \
	VFMADD231PS OFF(R10), Y12, A        \
	VCMPPS      CMP_NLT_US, stepArgs_thr8(ARGS), A, Y13 \
	VANDPS      stepArgs_sub8(ARGS), Y13, Y14   \
	VSUBPS      Y14, A, A               \
	VANDPS      stepArgs_zsel8(ARGS), Y13, Y14  \
	VANDNPS     A, Y14, A               \
	VMOVUPS     A, OFF(R10)             \
	VMOVMSKPS   Y13, DX                 \
	SHLQ        $SHIFT, DX              \
	ORQ         DX, AX


#define ZERO2(A0, A1) \
	VXORPS A0, A0, A0 \
	VXORPS A1, A1, A1

// FIRE64 runs FIRE8 on Y0–Y7, the 64 neurons of a full panel (decay in
// Y12, V_PTR and S_PTR from ROW_POINTERS), and stores their spike word.
#define FIRE64 \
	XORQ AX, AX         \
	FIRE8(Y0, 0, 0)     \
	FIRE8(Y1, 32, 8)    \
	FIRE8(Y2, 64, 16)   \
	FIRE8(Y3, 96, 24)   \
	FIRE8(Y4, 128, 32)  \
	FIRE8(Y5, 160, 40)  \
	FIRE8(Y6, 192, 48)  \
	FIRE8(Y7, 224, 56)  \
	MOVQ AX, (S_PTR)
