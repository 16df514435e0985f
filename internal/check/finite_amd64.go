//go:build gc && !purego

package check

import (
	"github.com/klauspost/cpuid/v2"

	"github.com/spikekernel/snn/internal/kernels"
)

// avx2AnyNonFinite reports whether one of x[:len(x)&^31] is NaN or ±Inf.
//
//go:noescape
func avx2AnyNonFinite(x []float32) bool

var haveAVX2 = cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2)

// useAVX2 reports whether allFinite may run assembly: only while package
// snn's active backend does (never under SNN_BACKEND=generic).
func useAVX2() bool { return haveAVX2 && kern.Assembly() }

// kern is package snn's kernel set, fetched once (snn's init runs before
// this package's variables are set): Finite runs on every checked step.
var kern = kernels.Get()

// allFinite reports whether no element of xs is NaN or ±Inf.
func allFinite(xs []float32) bool {
	if !useAVX2() {
		return allFiniteGo(xs)
	}
	n := len(xs) &^ 31
	return !avx2AnyNonFinite(xs[:n]) && allFiniteGo(xs[n:])
}
