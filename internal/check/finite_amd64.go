//go:build gc && !purego

package check

import "github.com/klauspost/cpuid/v2"

// anyNonFiniteAVX2 reports whether one of x[:len(x)&^31] is NaN or ±Inf.
//
//go:noescape
func anyNonFiniteAVX2(x []float32) bool

var haveAVX2 = cpuid.CPU.Supports(cpuid.AVX, cpuid.AVX2)

// allFinite reports whether no element of xs is NaN or ±Inf.
func allFinite(xs []float32) bool {
	if !haveAVX2 {
		return allFiniteGo(xs)
	}
	n := len(xs) &^ 31
	return !anyNonFiniteAVX2(xs[:n]) && allFiniteGo(xs[n:])
}
