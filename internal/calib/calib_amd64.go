//go:build gc && !purego

package calib

import (
	"unsafe"

	"github.com/klauspost/cpuid/v2"
)

// fmaZMM runs n iterations of 12 independent VFMADD231PS on ZMM registers.
//
//go:noescape
func fmaZMM(n int)

// fmaYMM runs n iterations of 12 independent VFMADD231PS on YMM registers.
//
//go:noescape
func fmaYMM(n int)

// readAVX2 reads every byte of p (len a multiple of 256) with 32-byte loads.
//
//go:noescape
func readAVX2(p []byte)

func archWidths() []Width {
	var ws []Width
	if cpuid.CPU.Supports(cpuid.AVX512F) {
		ws = append(ws, Width{"zmm", 16, func(n int) float64 { fmaZMM(n); return float64(n) * 12 * 16 * 2 }})
	}
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		ws = append(ws, Width{"ymm", 8, func(n int) float64 { fmaYMM(n); return float64(n) * 12 * 8 * 2 }})
	}
	return ws
}

// readAVX512 reads every byte of p (len a multiple of 256) with 64-byte
// loads.
//
//go:noescape
func readAVX512(p []byte)

func read(p []byte) {
	if cpuid.CPU.Supports(cpuid.AVX512F) {
		readAVX512(p[:len(p)&^255])
		return
	}
	if cpuid.CPU.Supports(cpuid.AVX2) {
		readAVX2(p[:len(p)&^255])
		return
	}
	readGeneric(p)
}

func uintptrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
