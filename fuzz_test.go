package snn

import (
	"encoding/binary"
	"math"
	"testing"
)

// fuzzCase decodes a kernel case from fuzz bytes: the sizes from the first
// bytes, then float bits for every value (NaN, Inf, ±0, subnormals and the
// threshold all reachable), falling back to a pattern when data runs out.
func fuzzCase(data []byte, rows, in, out uint8, reset uint8, bounded bool) *kernelCase {
	s := Shape{int(rows % 12), int(in % 150), int(out % 200)}
	c := &kernelCase{n: DefaultNeuron(), h: DefaultHebbian(), s: s}
	c.n.Reset = Reset(reset % 3)
	if bounded {
		c.h.Bounded, c.h.WMin, c.h.WMax = true, -1, 1
	}
	k := 0
	next := func() float32 {
		if k+4 <= len(data) {
			f := math.Float32frombits(binary.LittleEndian.Uint32(data[k:]))
			k += 4
			return f
		}
		k++
		return float32(k%17-8) / 8
	}
	c.x = make([]float32, s.Rows*s.In)
	c.w = make([]float32, s.In*s.Out)
	c.v = make([]float32, s.Rows*s.Out)
	for _, sl := range [][]float32{c.w, c.x, c.v} {
		for i := range sl {
			sl[i] = next()
		}
	}
	c.xbits = make([]uint64, s.Rows*Words(s.In))
	for i := 0; i < s.Rows*s.In; i++ {
		if math.Float32bits(c.x[i])&1 != 0 {
			Bits(c.xbits[(i/s.In)*Words(s.In):]).Set(i%s.In, true)
		}
	}
	return c
}

// FuzzKernels runs every usable backend on the fuzzed input and requires
// the generic result, bit for bit.
func FuzzKernels(f *testing.F) {
	f.Add([]byte{}, uint8(3), uint8(17), uint8(70), uint8(0), false)
	f.Add([]byte{0x9a, 0x99, 0x19, 0x3f, 0, 0, 0, 0x80, 1, 0, 0, 0, 0, 0, 0x80, 0x7f}, uint8(1), uint8(2), uint8(2), uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, rows, in, out, reset uint8, bounded bool) {
		c := fuzzCase(data, rows, in, out, reset, bounded)
		want := c.run(genericImpl)
		for _, im := range registry {
			if im.usable {
				c.run(im).compare(t, want, im.name+" vs generic")
				c.runLayout(im, true).compare(t, want, im.name+" packed vs generic")
			}
		}
	})
}

// FuzzReference checks the generic step and learning rule against the
// naive formulation on fuzzed input.
func FuzzReference(f *testing.F) {
	f.Add([]byte{}, uint8(2), uint8(5), uint8(3), uint8(0), false)
	f.Fuzz(func(t *testing.T, data []byte, rows, in, out, reset uint8, bounded bool) {
		c := fuzzCase(data, rows, in, out, reset, bounded)
		got := c.run(genericImpl)
		v := clone(c.v)
		spikes := naiveStep(c.n, c.s, c.x, c.w, v)
		if err := equalFloats(got.v, v); err != nil {
			t.Fatalf("v: %v", err)
		}
		if err := equalWords(got.spikes, spikes); err != nil {
			t.Fatalf("spikes: %v", err)
		}
		w := clone(c.w)
		naiveLearn(c.h, c.s, c.x, spikes, w)
		if err := equalFloats(got.wLearn, w); err != nil {
			t.Fatalf("W: %v", err)
		}
	})
}
