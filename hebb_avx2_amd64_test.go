//go:build gc && !purego

package snn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLearnManyChunks checks the Hebbian update of every backend against
// the generic one on batches of more than 2 chunks of 32 rows (the AVX2
// kernel's chunk loop) and of more than 31 (its groups of byte counts),
// with and without bounds, both layouts, full and partial blocks of 16.
func TestLearnManyChunks(t *testing.T) {
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := newRand(14)
		for _, rows := range []int{33, 64, 65, 97, 256, 31 * 32, 31*32 + 1, 62*32 + 3} {
			for _, out := range []int{16, 23, 64 + 37} {
				for _, bounded := range []bool{false, true} {
					s := Shape{rows, 1 + r.IntN(5), out}
					c := newCase(r, s, valuesNormal)
					c.h.Bounded, c.h.WMin, c.h.WMax = bounded, -0.5, 0.75
					for _, packed := range []bool{false, true} {
						want := c.runLayout(genericImpl, packed)
						got := c.runLayout(im, packed)
						got.compare(t, want, fmt.Sprintf("%v bounded=%v packed=%v", s, bounded, packed))
					}
				}
			}
		}
	})
}

// TestLearnSaturatedCounts has every neuron spike in every row of a batch
// of 31 chunks (the most the AVX2 kernel counts in bytes at once) and of
// more, with inputs that potentiate in every row, in none and in half of
// them (c == 0): byte counts at their largest.
func TestLearnSaturatedCounts(t *testing.T) {
	for _, rows := range []int{31 * 32, 62*32 + 4} {
		s := Shape{rows, 3, 40}
		h := Hebbian{Rate: 1.0 / 1024, PreThreshold: 0.5}
		x := make([]float32, s.Rows*s.In)
		for r := 0; r < s.Rows; r++ {
			x[r*s.In] = 1                // input 0 potentiates in every row
			x[r*s.In+2] = float32(r % 2) // input 2 in half of the rows
		}
		spikes := make([]uint64, s.Rows*Words(s.Out))
		for r := range s.Rows {
			spikes[r] = 1<<s.Out - 1
		}
		w0 := make([]float32, s.In*s.Out)
		for i := 1; i < len(w0); i += 2 {
			w0[i] = float32(math.Copysign(0, -1)) // +0 and −0: kept only where c == 0
		}
		want := clone(w0)
		learnWith(genericImpl, h, s, x, spikes, RowMajor(want), allColumns(s))
		t.Run(fmt.Sprintf("rows=%d", rows), func(t *testing.T) {
			forEachImpl(t, func(t *testing.T, im *impl) {
				got := clone(w0)
				learnWith(im, h, s, x, spikes, RowMajor(got), allColumns(s))
				require.NoError(t, equalFloats(got, want))
			})
		})
	}
}

// BenchmarkLearnRows is the Hebbian update of BenchmarkLearn for batches
// of 64 rows (2 chunks of 32) and 256 (8 chunks, as in the stack case).
func BenchmarkLearnRows(b *testing.B) {
	for _, rows := range []int{64, 256} {
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			forEachUsable(b, func(b *testing.B, im *impl) {
				s := Shape{rows, 784, 1024}
				n, x, w, v, spikes := benchCase(s)
				p := NewPacked(s.In, s.Out)
				p.CopyFrom(w)
				stepWith(im, n, s, x, p.Weights(), v, spikes, allColumns(s))
				h := DefaultHebbian()
				h.PreThreshold = 0.5
				for b.Loop() {
					learnWith(im, h, s, x, spikes, p.Weights(), allColumns(s))
				}
			})
		})
	}
}
