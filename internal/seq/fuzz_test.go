package seq

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/spikekernel/snn"
)

// sameBits reports whether a and b hold the same float32 bits, counting
// any two NaNs as equal (SPEC leaves NaN payloads open).
func sameBits(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) && !(a[i] != a[i] && b[i] != b[i]) {
			return i
		}
	}
	return -1
}

// FuzzRun: a run equals stepping on fuzzed sizes, steps, parameters and
// values (NaN, ±Inf, ±0 and subnormals reachable), on every usable
// backend, dense, spike and constant input, with small scratch too.
func FuzzRun(f *testing.F) {
	f.Add([]byte{}, uint8(3), uint8(2), uint8(17), uint8(70), uint8(0), uint8(0))
	f.Add([]byte{0x9a, 0x99, 0x19, 0x3f, 0, 0, 0, 0x80, 0, 0, 0x80, 0x7f, 0, 0, 0xc0, 0x7f}, uint8(7), uint8(1), uint8(2), uint8(2), uint8(1), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, steps, rows, in, out, reset, kind uint8) {
		s := snn.Shape{Rows: int(rows % 6), In: int(in % 90), Out: int(out % 140)}
		T := int(steps % 40)
		k := 0
		next := func() float32 {
			if k+4 <= len(data) {
				x := math.Float32frombits(binary.LittleEndian.Uint32(data[k:]))
				k += 4
				return x
			}
			k++
			return float32(k%13-6) / 5
		}
		n := snn.Neuron{Decay: next(), Threshold: next(), Reset: snn.Reset(reset % 3)}
		spikes, constant := kind&1 == 1, kind&2 == 2
		given := T
		if constant {
			given = 1
		}
		in0 := Input{Constant: constant}
		if spikes {
			in0.Spikes = make([]uint64, given*s.Rows*snn.Words(s.In))
			for r := range given * s.Rows {
				for i := range s.In {
					snn.Bits(in0.Spikes[r*snn.Words(s.In):]).Set(i, math.Float32bits(next())&1 == 1)
				}
			}
		} else {
			in0.Dense = make([]float32, given*s.Rows*s.In)
			for i := range in0.Dense {
				in0.Dense[i] = next()
			}
		}
		w := make([]float32, s.In*s.Out)
		for i := range w {
			w[i] = next()
		}
		v0 := make([]float32, s.Rows*s.Out)
		for i := range v0 {
			v0[i] = next()
		}
		if spikes {
			for i := range w { // spike input is exact for finite W only
				if w[i]-w[i] != 0 {
					w[i] = 1
				}
			}
		}
		wantV, wantS, wantC := reference(n, s, T, in0, snn.RowMajor(w), v0)
		prev := snn.ActiveBackend()
		defer func() { _ = snn.SetBackend(prev) }()
		for _, name := range snn.Backends() {
			if err := snn.SetBackend(name); err != nil {
				t.Fatal(err)
			}
			for _, scratch := range []int{MaxScratchBytes, 700} {
				maxScratchBytes = scratch
				var r Runner
				v := append([]float32(nil), v0...)
				o := Output{Spikes: make([]uint64, len(wantS)), Counts: make([]uint32, len(wantC)), Last: make([]uint64, s.Rows*snn.Words(s.Out))}
				r.Run(n, s, T, in0, snn.RowMajor(w), v, o, Inline)
				maxScratchBytes = MaxScratchBytes
				if i := sameBits(wantV, v); i >= 0 {
					t.Fatalf("%s scratch %d: v[%d] = %v, want %v", name, scratch, i, v[i], wantV[i])
				}
				for i := range wantS {
					if wantS[i] != o.Spikes[i] {
						t.Fatalf("%s scratch %d: spike word %d = %x, want %x", name, scratch, i, o.Spikes[i], wantS[i])
					}
				}
				for i := range wantC {
					if wantC[i] != o.Counts[i] {
						t.Fatalf("%s: counts[%d]", name, i)
					}
				}
			}
		}
	})
}
