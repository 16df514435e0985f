//go:build gc && !purego

package snn

import "github.com/klauspost/cpuid/v2"

// Why assembly: the step is a GEMM with a fused epilogue, and Go's compiler
// neither vectorises nor keeps a register tile of accumulators; the AVX-512
// kernels run 30–60× faster than the generic Go (whose fma32 is emulated in
// software). The Go/assembly boundary is one call per kernel call: the
// assembly loops over panels, rows and inputs itself, and Go checks every
// length first (kernel.go).
//
// Files, one per ISA and concern, each .s wrapped by the .go of the same
// name: step_avx512_amd64, hebb_avx512_amd64, step_avx2_amd64,
// hebb_avx2_amd64, and stream_amd64 (the B = 1 YMM kernel both step
// backends use). amd64.h holds the predicates, register roles and macros
// they share; avx2.h the YMM epilogue of step_avx2 and stream.

func archImpls() []*impl {
	return []*impl{
		{
			name:        "avx512",
			denseAbove:  0.4,
			width:       "zmm",
			usable:      cpuid.CPU.Supports(cpuid.AVX512F, cpuid.AVX512VPOPCNTDQ, cpuid.AVX2, cpuid.FMA3, cpuid.BMI1, cpuid.BMI2),
			requires:    "AVX512F, AVX512_VPOPCNTDQ, AVX2, FMA3, BMI1, BMI2",
			step:        stepDenseAVX512,
			stepSpikes:  stepSpikesAVX512,
			learn:       learnAVX512,
			learnSpikes: learnSpikesAVX512,
		},
		{
			name:        "avx2",
			denseAbove:  0.4, // 64×1024×1024 on Zen 3: events 1.16 ms at 30%, both 1.55 at 40%, dense 1.55 against 1.9 at 50%
			width:       "ymm",
			usable:      cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.BMI1, cpuid.BMI2),
			requires:    "AVX, AVX2, FMA3, BMI1, BMI2",
			step:        stepDenseAVX2,
			stepSpikes:  stepSpikesAVX2,
			learn:       learnAVX2,
			learnSpikes: learnSpikesAVX2,
			product:     productAVX2,
		},
	}
}
