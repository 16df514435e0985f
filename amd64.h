// Shared by every amd64 kernel (step_*_amd64.s, stream_amd64.s,
// hebb_*_amd64.s): comparison predicates, the register roles of the step
// kernels and the macros that use them. Include after go_asm.h.

// Predicates of VCMPPS, named as in Intel's table (SDM Vol. 2, CMPPS):
// O/U = false/true when an operand is NaN; S/Q = signalling/quiet.
#define CMP_LT_OS $0x01  // a < b
#define CMP_NLT_US $0x05 // !(a < b): true for NaN, so a NaN state fires
#define CMP_GT_OS $0x0e  // a > b
#define CMP_GT_OQ $0x1e  // a > b, false for NaN

// Register roles every step kernel shares (the others are listed at the
// top of each kernel):
#define ARGS DI   // *stepArgs (a *hebbArgs in the Hebbian kernels)
#define J0 R15    // first neuron of the panel
#define ROW R14   // first row of the tile
#define W_ROW BX  // stepArgs.wRow: bytes from W[k, j] to W[k+1, j]
#define X_PTR R8  // &x[ROW, 0]
#define V_PTR R10 // &v[r, J0], in the epilogue
#define S_PTR R11 // &spikes[r] + J0/8 bytes, in the epilogue

// PREFETCH_ROWS_LOG2: the one-row loops, which stream W from L3 or DRAM,
// prefetch the W row 2^PREFETCH_ROWS_LOG2 inputs ahead.
#define PREFETCH_ROWS_LOG2 4

// X_ROW sets X_PTR = &x[ROW, 0] (dense floats or spike words:
// stepArgs.xRow is the byte stride either way).
#define X_ROW \
	MOVQ  ROW, X_PTR               \
	IMULQ stepArgs_xRow(ARGS), X_PTR \
	ADDQ  stepArgs_x(ARGS), X_PTR

// ROW_POINTERS sets V_PTR = &v[ROW, J0] and S_PTR = &spikes[ROW] + J0/8
// bytes. Clobbers AX.
#define ROW_POINTERS \
	MOVQ  ROW, V_PTR                   \
	IMULQ stepArgs_vRow(ARGS), V_PTR   \
	ADDQ  stepArgs_v(ARGS), V_PTR      \
	LEAQ  (V_PTR)(J0*4), V_PTR         \
	MOVQ  ROW, S_PTR                   \
	IMULQ stepArgs_sRow(ARGS), S_PTR   \
	ADDQ  stepArgs_spikes(ARGS), S_PTR \
	MOVQ  J0, AX                       \
	SHRQ  $3, AX                       \
	ADDQ  AX, S_PTR

// NEXT_ROW moves V_PTR and S_PTR to the next row.
#define NEXT_ROW \
	ADDQ stepArgs_vRow(ARGS), V_PTR \
	ADDQ stepArgs_sRow(ARGS), S_PTR
