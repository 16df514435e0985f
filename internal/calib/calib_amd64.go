//go:build gc && !purego

package calib

import (
	"fmt"

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

// readZMM reads streams chunks of chunk bytes (a multiple of 256) at p
// with 64-byte loads, prefetching ahead bytes in front, and writes the
// 32-bit lane sums of what it read to sums (see reader).
//
//go:noescape
func readZMM(p *byte, chunk, streams, ahead int, sums *[16]uint32)

// readYMM is readZMM with 32-byte loads; it writes sums[:8].
//
//go:noescape
func readYMM(p *byte, chunk, streams, ahead int, sums *[16]uint32)

func archWidths() []Width {
	var ws []Width
	if !assembly() {
		return nil
	}
	if cpuid.CPU.Supports(cpuid.AVX512F) {
		ws = append(ws, Width{"zmm", func(n int) float64 { fmaZMM(n); return float64(n) * 12 * 16 * 2 }})
	}
	if cpuid.CPU.Supports(cpuid.AVX2, cpuid.FMA3) {
		ws = append(ws, Width{"ymm", func(n int) float64 { fmaYMM(n); return float64(n) * 12 * 8 * 2 }})
	}
	return ws
}

// readAheads are the prefetch distances tried: none, and those of the
// kernels (the one-row kernels prefetch 16 W rows of 256 bytes ahead).
var readAheads = []int{0, 1024, 4096}

// readStreams are the stream counts tried: one (a packed W read in
// order) and four (row tiles reading four panels or rows at once).
var readStreams = []int{1, 4}

func archReaders() []reader {
	var rs []reader
	if !assembly() {
		return nil
	}
	add := func(width string, read readFunc) {
		for _, s := range readStreams {
			for _, a := range readAheads {
				rs = append(rs, reader{name: fmt.Sprintf("%s/%d streams/+%d", width, s, a), streams: s, ahead: a, read: read})
			}
		}
	}
	if cpuid.CPU.Supports(cpuid.AVX512F) {
		add("zmm", readZMM)
	}
	if cpuid.CPU.Supports(cpuid.AVX2) {
		add("ymm", readYMM)
	}
	return rs
}
