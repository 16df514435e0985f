package calib

import (
	"encoding/binary"
	"time"
	"unsafe"
)

// readFunc reads every byte of streams consecutive chunks of chunk bytes
// (a multiple of 256) at p, the chunks advancing together, 256 bytes each
// per iteration, each stream prefetched ahead bytes in front of its loads
// (0: no prefetch). It adds what it read up as little-endian uint32 words
// into lanes and writes the lane sums to sums (the lanes it has, from 0):
// their total is that of the words read, which tests check.
type readFunc func(p *byte, chunk, streams, ahead int, sums *[16]uint32)

// reader is one way of reading memory.
type reader struct {
	name           string
	streams, ahead int
	read           readFunc
}

// readers returns the ways of reading this CPU and build can run: the
// access patterns of the kernels (one stream or a few, prefetched or
// not, at each vector width), so that the fastest is a bound on theirs.
func readers() []reader {
	rs := archReaders()
	if len(rs) == 0 {
		rs = []reader{{name: "go", streams: 1, read: readGeneric}}
	}
	return rs
}

// Bandwidth measures the read bandwidth over a working set of size bytes
// read repeatedly by one thread, with each reader in turn until d has
// passed (and each at least twice), and returns the best rate seen, in
// GB/s: noise only slows a read down, so the best is the closest to the
// machine's limit.
func Bandwidth(bytes int, d time.Duration) float64 {
	buf := make([]byte, bytes+4096)
	// Align to 4 KiB and touch every page.
	off := (4096 - int(uintptr(unsafe.Pointer(unsafe.SliceData(buf)))%4096)) % 4096
	buf = buf[off : off+bytes]
	for i := range buf {
		buf[i] = byte(i)
	}
	rs := readers()
	passes := max(1, (64<<20)/bytes)
	best := 0.0
	var sums [16]uint32
	deadline := time.Now().Add(d)
	for round := 0; round < 2 || time.Now().Before(deadline); round++ {
		for _, r := range rs {
			chunk := (bytes / r.streams) &^ 255
			if chunk == 0 {
				continue
			}
			start := time.Now()
			for range passes {
				r.read(&buf[0], chunk, r.streams, r.ahead, &sums)
			}
			sec := time.Since(start).Seconds()
			best = max(best, float64(chunk*r.streams*passes)/sec/1e9)
		}
	}
	return best
}

// readGeneric reads the streams four words at a time in plain Go, into
// four lanes (ahead is ignored: Go has no prefetch).
func readGeneric(p *byte, chunk, streams, _ int, sums *[16]uint32) {
	b := unsafe.Slice(p, chunk*streams)
	var a, c, d, e uint32
	for s := range streams {
		for q := b[s*chunk : (s+1)*chunk]; len(q) >= 16; q = q[16:] {
			a += binary.LittleEndian.Uint32(q)
			c += binary.LittleEndian.Uint32(q[4:])
			d += binary.LittleEndian.Uint32(q[8:])
			e += binary.LittleEndian.Uint32(q[12:])
		}
	}
	sums[0], sums[1], sums[2], sums[3] = a, c, d, e
}
