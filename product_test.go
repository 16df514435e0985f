package snn

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// productShapes cover every row tile (6, 4, 2, 1 and their sums), full and
// partial panels, neuron ranges and inputs across block boundaries.
func productShapes() []Shape {
	var shapes []Shape
	for rows := 1; rows <= 13; rows++ {
		shapes = append(shapes, Shape{rows, 37 + rows*11, 64 + rows%3*61}, Shape{rows, rows - 1, 128})
	}
	shapes = append(shapes, Shape{65, 40, 130}, Shape{131, 33, 64}) // groups of rows
	for _, out := range []int{1, 15, 16, 63, 64, 65, 130, 200} {
		shapes = append(shapes, Shape{7, 90, out}, Shape{5, 0, out})
	}
	return shapes
}

// productWant is the reference, the product's definition: each neuron's
// chain of fma32 from +0 over the inputs in ascending order.
func productWant(c *kernelCase) []float32 {
	acc := make([]float32, c.s.Rows*c.s.Out)
	for r := range c.s.Rows {
		for j := range c.s.Out {
			a := float32(0)
			for i := range c.s.In {
				a = fma32(c.x[r*c.s.In+i], c.w[i*c.s.Out+j], a)
			}
			acc[r*c.s.Out+j] = a
		}
	}
	return acc
}

// TestProductMatchesStep compares the product of every backend with the
// step it stands for, on both weight layouts, for normal and edge values,
// with inputs split into blocks of 1, 16 and the default number, and on a
// neuron range (whose outside must stay as it was).
func TestProductMatchesStep(t *testing.T) {
	defer func(n, m int) { productBlockIn, productMaxStepX = n, m }(productBlockIn, productMaxStepX)
	productMaxStepX = 0
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := newRand(31)
		for _, block := range []int{1, 16, productBlockIn} {
			productBlockIn = block
			for _, s := range productShapes() {
				for _, kind := range []valueKind{valuesNormal, valuesEdge} {
					c := newCase(r, s, kind)
					want := productWant(c)
					p := NewPacked(s.In, s.Out)
					p.CopyFrom(c.w)
					for _, w := range []Weights{RowMajor(c.w), p.Weights()} {
						label := fmt.Sprintf("%s %+v block %d packed=%v", im.name, s, block, w.packed != nil)
						acc := clone(c.v) // not zero: the product overwrites it
						spikes := make([]uint64, s.Rows*Words(s.Out))
						productWith(im, s, c.x, w, acc, spikes, allColumns(s))
						require.NoError(t, equalFloats(acc, want), label)
						if s.Out > 64 {
							acc = clone(c.v)
							productWith(im, s, c.x, w, acc, spikes, colRange{64, s.Out})
							for r := range s.Rows {
								row := r * s.Out
								require.NoError(t, equalFloats(acc[row:row+64], c.v[row:row+64]), label+" outside the range")
								require.NoError(t, equalFloats(acc[row+64:row+s.Out], want[row+64:row+s.Out]), label+" range")
							}
						}
					}
				}
			}
		}
	})
}

// TestProductGuardPages runs the product of every backend with every slice
// against a PROT_NONE page on either side, in blocks of 16 inputs, for
// every row tile and tail.
func TestProductGuardPages(t *testing.T) {
	defer func(n, m int) { productBlockIn, productMaxStepX = n, m }(productBlockIn, productMaxStepX)
	productBlockIn, productMaxStepX = 16, 0
	var shapes []Shape
	for rows := 1; rows <= 19; rows++ {
		shapes = append(shapes, Shape{rows, 16*(rows%4) + rows%3, 64*(1+rows%3) + rows%17})
	}
	shapes = append(shapes, Shape{70, 20, 65}) // groups of rows
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := newRand(32)
		for _, s := range shapes {
			c := newCase(r, s, valuesNormal)
			want := productWant(c)
			for _, after := range []bool{true, false} {
				x := guardedCopy(t, c.x, after)
				p := NewPacked(s.In, s.Out)
				p.CopyFrom(c.w)
				p.data = guardedCopy(t, p.data, after)
				for _, w := range []Weights{RowMajor(guardedCopy(t, c.w, after)), p.Weights()} {
					acc := guardedSlice[float32](t, s.Rows*s.Out, after)
					spikes := guardedSlice[uint64](t, s.Rows*Words(s.Out), after)
					productWith(im, s, x, w, acc, spikes, allColumns(s))
					require.NoError(t, equalFloats(acc, want), "%s %+v guarded after=%v", im.name, s, after)
				}
			}
		}
	})
}

func TestProductAllocations(t *testing.T) {
	defer func(m int) { productMaxStepX = m }(productMaxStepX)
	productMaxStepX = 0 // the blocked product too
	forEachImpl(t, func(t *testing.T, im *impl) {
		c := newCase(newRand(33), Shape{12, 300, 130}, valuesNormal)
		acc := make([]float32, c.s.Rows*c.s.Out)
		spikes := make([]uint64, c.s.Rows*Words(c.s.Out))
		allocs := testing.AllocsPerRun(20, func() {
			productWith(im, c.s, c.x, RowMajor(c.w), acc, spikes, allColumns(c.s))
		})
		require.Zero(t, allocs, "allocations per product")
	})
}

// FuzzProduct runs every usable backend's product, blocked in 16 inputs
// whatever the size of x, on fuzzed input (NaN, Inf, ±0 and subnormals
// reachable) against the chain of fma32 that defines it.
func FuzzProduct(f *testing.F) {
	f.Add([]byte{}, uint8(7), uint8(40), uint8(130))
	f.Add([]byte{0, 0, 0, 0x80, 1, 0, 0, 0x80, 1, 0, 0, 0}, uint8(6), uint8(3), uint8(64))
	f.Fuzz(func(t *testing.T, data []byte, rows, in, out uint8) {
		defer func(n, m int) { productBlockIn, productMaxStepX = n, m }(productBlockIn, productMaxStepX)
		productBlockIn, productMaxStepX = 16, 0
		c := fuzzCase(data, rows, in, out, 0, false)
		want := productWant(c)
		for _, im := range registry {
			if !im.usable {
				continue
			}
			acc := make([]float32, c.s.Rows*c.s.Out)
			spikes := make([]uint64, c.s.Rows*Words(c.s.Out))
			productWith(im, c.s, c.x, RowMajor(c.w), acc, spikes, allColumns(c.s))
			require.NoError(t, equalFloats(acc, want), "%s %+v", im.name, c.s)
		}
	})
}
