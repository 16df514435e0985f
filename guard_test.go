//go:build linux

package snn

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// guardedSlice returns a slice of n elements placed against a PROT_NONE
// page: ending right before it (after = true) or starting right after it.
// Any access outside the slice on that side faults.
func guardedSlice[T any](t *testing.T, n int, after bool) []T {
	t.Helper()
	var zero T
	size := int(unsafe.Sizeof(zero)) * n
	pg := unix.Getpagesize()
	total := (size+pg-1)/pg*pg + 2*pg
	mem, err := unix.Mmap(-1, 0, total, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = unix.Munmap(mem) })
	if err := unix.Mprotect(mem[:pg], unix.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mprotect(mem[total-pg:], unix.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	start := pg // right after the leading guard page
	if after {
		start = total - pg - size // right before the trailing guard page
	}
	if n == 0 {
		return []T{}
	}
	return unsafe.Slice((*T)(unsafe.Pointer(&mem[start])), n)
}

// guardedCopy copies src into a guarded slice.
func guardedCopy[T any](t *testing.T, src []T, after bool) []T {
	dst := guardedSlice[T](t, len(src), after)
	copy(dst, src)
	return dst
}

// TestGuardPages runs every kernel of every backend with every slice
// against a PROT_NONE page on either side, for every tail length of the
// widest tile (64 neurons, 6 rows) up to three tiles and one, in both
// weight layouts. An over-read or over-write faults; results must still
// equal the generic ones.
func TestGuardPages(t *testing.T) {
	var shapes []Shape
	for out := 1; out <= 3*64+1; out++ {
		// and the one-input step of a sequence's recurrence (internal/seq)
		shapes = append(shapes, Shape{1 + out%7, out % 70, out}, Shape{1, 1, out})
	}
	for rows := 1; rows <= 3*6+1; rows++ {
		shapes = append(shapes, Shape{rows, 65, 1 + rows%5}, Shape{rows, rows, 64 + rows})
	}
	// one row on row-major W: full panels only, 8 inputs and a tail of 7,
	// and two chunks of sums (neonStepRowMajor, avx2StepRowMajor)
	shapes = append(shapes, Shape{1, 8, 128}, Shape{1, 15, 3*64 + 7}, Shape{1, 17, 1024 + 64 + 5})
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := newRand(21)
		for _, s := range shapes {
			c := newCase(r, s, valuesNormal)
			want := c.run(genericImpl)
			for _, after := range []bool{true, false} {
				g := *c
				g.x = guardedCopy(t, c.x, after)
				g.xbits = guardedCopy(t, c.xbits, after)
				g.w = guardedCopy(t, c.w, after)
				g.v = guardedCopy(t, c.v, after)
				got := g.runGuarded(t, im, after)
				got.compare(t, want, im.name+" guarded")
			}
		}
	})
}

// runGuarded is run with every output slice and the packed weights guarded
// too.
func (c *kernelCase) runGuarded(t *testing.T, im *impl, after bool) kernelResult {
	var res kernelResult
	words := Words(c.s.Out)
	res.v = guardedCopy(t, c.v, after)
	res.spikes = guardedSlice[uint64](t, c.s.Rows*words, after)
	stepWith(im, c.n, c.s, c.x, RowMajor(c.w), res.v, res.spikes, allColumns(c.s))
	res.vs = guardedCopy(t, c.v, after)
	res.spks = guardedSlice[uint64](t, c.s.Rows*words, after)
	stepSpikesWith(im, c.n, c.s, c.xbits, RowMajor(c.w), res.vs, res.spks, allColumns(c.s))
	spikes := guardedCopy(t, res.spikes, after)
	res.wLearn = guardedCopy(t, c.w, after)
	learnWith(im, c.h, c.s, c.x, spikes, RowMajor(res.wLearn), allColumns(c.s))
	spks := guardedCopy(t, res.spks, after)
	res.wLSpk = guardedCopy(t, c.w, after)
	learnSpikesWith(im, c.h, c.s, c.xbits, spks, RowMajor(res.wLSpk), allColumns(c.s))

	// Packed weights, guarded: the same results.
	p := NewPacked(c.s.In, c.s.Out)
	p.CopyFrom(c.w)
	p.data = guardedCopy(t, p.data, after)
	v := guardedCopy(t, c.v, after)
	sp := guardedSlice[uint64](t, c.s.Rows*words, after)
	stepWith(im, c.n, c.s, c.x, p.Weights(), v, sp, allColumns(c.s))
	if err := equalFloats(v, res.v); err != nil {
		t.Fatalf("%+v packed Step: %v", c.s, err)
	}
	stepSpikesWith(im, c.n, c.s, c.xbits, p.Weights(), v, sp, allColumns(c.s))
	learnWith(im, c.h, c.s, c.x, spikes, p.Weights(), allColumns(c.s))
	return res
}
