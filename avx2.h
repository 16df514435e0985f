// Macros of the YMM step kernels (step_avx2_amd64.s, stream_amd64.s,
// spikes_reuse_amd64.s).

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

// ZERO8 zeroes Y0–Y7.
#define ZERO8 \
	ZERO2(Y0, Y1) \
	ZERO2(Y2, Y3) \
	ZERO2(Y4, Y5) \
	ZERO2(Y6, Y7)

// The macros below take a memory operand ADDR, such as (DX) or
// (R12)(AX*1), and use the 32-byte vectors at ADDR, 32+ADDR, 64+ADDR, …

// LOAD4 loads Y0–Y3 from the 4 vectors at ADDR.
#define LOAD4(ADDR) \
	VMOVUPS ADDR, Y0    \
	VMOVUPS 32 ADDR, Y1 \
	VMOVUPS 64 ADDR, Y2 \
	VMOVUPS 96 ADDR, Y3

// LOAD8 loads Y0–Y7 from the 8 vectors at ADDR.
#define LOAD8(ADDR) \
	LOAD4(ADDR)          \
	VMOVUPS 128 ADDR, Y4 \
	VMOVUPS 160 ADDR, Y5 \
	VMOVUPS 192 ADDR, Y6 \
	VMOVUPS 224 ADDR, Y7

// LOAD8_HI loads Y8–Y15 from the 8 vectors at ADDR.
#define LOAD8_HI(ADDR) \
	VMOVUPS ADDR, Y8      \
	VMOVUPS 32 ADDR, Y9   \
	VMOVUPS 64 ADDR, Y10  \
	VMOVUPS 96 ADDR, Y11  \
	VMOVUPS 128 ADDR, Y12 \
	VMOVUPS 160 ADDR, Y13 \
	VMOVUPS 192 ADDR, Y14 \
	VMOVUPS 224 ADDR, Y15

// STORE4 stores Y0–Y3 to the 4 vectors at ADDR.
#define STORE4(ADDR) \
	VMOVUPS Y0, ADDR    \
	VMOVUPS Y1, 32 ADDR \
	VMOVUPS Y2, 64 ADDR \
	VMOVUPS Y3, 96 ADDR

// STORE8 stores Y0–Y7 to the 8 vectors at ADDR.
#define STORE8(ADDR) \
	STORE4(ADDR)         \
	VMOVUPS Y4, 128 ADDR \
	VMOVUPS Y5, 160 ADDR \
	VMOVUPS Y6, 192 ADDR \
	VMOVUPS Y7, 224 ADDR

// ADD8_FROM sets Y0–Y7 = S0–S7 + the 8 vectors at ADDR (S first: of two
// NaNs, an add keeps its first operand's).
#define ADD8_FROM(ADDR, S0, S1, S2, S3, S4, S5, S6, S7) \
	VADDPS ADDR, S0, Y0      \
	VADDPS 32 ADDR, S1, Y1   \
	VADDPS 64 ADDR, S2, Y2   \
	VADDPS 96 ADDR, S3, Y3   \
	VADDPS 128 ADDR, S4, Y4  \
	VADDPS 160 ADDR, S5, Y5  \
	VADDPS 192 ADDR, S6, Y6  \
	VADDPS 224 ADDR, S7, Y7

// ADD8 adds the 8 vectors at ADDR to the sums Y0–Y7 (acc + W, as the
// generic kernel adds).
#define ADD8(ADDR) ADD8_FROM(ADDR, Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7)

// ADD8_HI sets Y0–Y7 = Y8–Y15 + the 8 vectors at ADDR (Y8–Y15 kept).
#define ADD8_HI(ADDR) ADD8_FROM(ADDR, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15)

// FMA4 adds X times the 4 vectors at ADDR to Y0–Y3 (VFMADD231PS).
#define FMA4(X, ADDR) \
	VFMADD231PS ADDR, X, Y0    \
	VFMADD231PS 32 ADDR, X, Y1 \
	VFMADD231PS 64 ADDR, X, Y2 \
	VFMADD231PS 96 ADDR, X, Y3

// FMA8 adds X times the 8 vectors at ADDR to Y0–Y7 (VFMADD231PS).
#define FMA8(X, ADDR) \
	FMA4(X, ADDR)               \
	VFMADD231PS 128 ADDR, X, Y4 \
	VFMADD231PS 160 ADDR, X, Y5 \
	VFMADD231PS 192 ADDR, X, Y6 \
	VFMADD231PS 224 ADDR, X, Y7
