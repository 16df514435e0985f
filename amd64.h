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

// ROWS_LEFT goes to SHORT if fewer than N rows are left from ROW on.
// Clobbers AX.
#define ROWS_LEFT(N, SHORT) \
	MOVQ stepArgs_rows(ARGS), AX \
	SUBQ ROW, AX                 \
	CMPQ AX, $N                  \
	JLT  SHORT

// X_ROWS4 sets R8–R11 = &x[ROW+r, 0] for r = 0…3 (a row tile). Leaves
// AX = stepArgs.xRow.
#define X_ROWS4 \
	X_ROW                        \
	MOVQ stepArgs_xRow(ARGS), AX \
	LEAQ (R8)(AX*1), R9          \
	LEAQ (R9)(AX*1), R10         \
	LEAQ (R10)(AX*1), R11

// X_ROWS6 sets R8–R13 = &x[ROW+r, 0] for r = 0…5.
#define X_ROWS6 \
	X_ROWS4              \
	LEAQ (R11)(AX*1), R12 \
	LEAQ (R12)(AX*1), R13

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

// W_AT sets DX = &W[0, J] = W + (J/64)*PANEL + (J%64)*4 for a packed W at
// address W with PANEL bytes from one 64-neuron panel to the next.
// Clobbers AX.
#define W_AT(J, PANEL, W) \
	MOVQ  J, DX        \
	SHRQ  $6, DX       \
	IMULQ PANEL, DX    \
	MOVQ  J, AX        \
	ANDQ  $63, AX      \
	LEAQ  (DX)(AX*4), DX \
	ADDQ  W, DX

// IN_WORDS sets CX = Words(in), the spike words of an input row.
#define IN_WORDS \
	MOVQ stepArgs_in(ARGS), CX \
	ADDQ $63, CX               \
	SHRQ $6, CX

// LOAD_WORD starts the walk of input word SI of the row at X_PTR: to DONE
// past the last word, else AX = the word, R12 = 64*SI, and to EMPTY if
// no bit is set.
#define LOAD_WORD(DONE, EMPTY) \
	CMPQ  SI, CX            \
	JGE   DONE              \
	MOVQ  (X_PTR)(SI*8), AX \
	MOVQ  SI, R12           \
	SHLQ  $6, R12           \
	TESTQ AX, AX            \
	JZ    EMPTY

// POP_INPUT clears the lowest set bit of AX (TZCNT, BLSR: ascending
// inputs i) and sets R9 = i*wRow, the byte offset of W's row i.
#define POP_INPUT \
	TZCNTQ AX, R9    \
	BLSRQ  AX, AX    \
	ADDQ   R12, R9   \
	IMULQ  W_ROW, R9

// NEXT_ROW moves V_PTR and S_PTR to the next row.
#define NEXT_ROW \
	ADDQ stepArgs_vRow(ARGS), V_PTR \
	ADDQ stepArgs_sRow(ARGS), S_PTR
