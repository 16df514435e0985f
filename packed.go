package snn

import (
	"fmt"
	"math/bits"
)

// Packed holds a weight matrix W (In×Out) in panels of 64 neurons: the 64
// weights of one spike word are contiguous for every input, so the
// assembly kernels stream a panel with unit stride and no cache-set
// conflicts, whatever Out is. Layers and batches keep their weights packed
// and learn in place. Pass it to a kernel as p.Weights().
//
// Element (i, j) is at (j/64)·In·64 + i·64 + j%64 of the data; the last
// panel is padded with zeros to 64 neurons, which kernels never read into a
// result nor write. Obtain one with NewPacked.
type Packed struct {
	in, out int
	data    []float32
}

// maxPackedBytes caps the size of a Packed: NewPacked panics above it (the
// checked APIs of layer and batch return errors first).
const maxPackedBytes = 1 << 40

// NewPacked returns zero weights of in inputs and out neurons, packed. It
// panics on a negative size or one whose packed data would exceed
// maxPackedBytes.
func NewPacked(in, out int) *Packed {
	if in < 0 || out < 0 {
		panic(fmt.Sprintf("snn.NewPacked: negative size %d×%d", in, out))
	}
	hi, n := bits.Mul64(uint64(in), uint64(64*Words(out)))
	if hi != 0 || n > maxPackedBytes/4 {
		panic(fmt.Sprintf("snn.NewPacked: %d×%d weights exceed maxPackedBytes", in, out))
	}
	return &Packed{in: in, out: out, data: make([]float32, n)}
}

// In returns the number of inputs (0 for a nil *Packed, an empty matrix).
func (p *Packed) In() int {
	if p == nil {
		return 0
	}
	return p.in
}

// Out returns the number of neurons (0 for a nil *Packed).
func (p *Packed) Out() int {
	if p == nil {
		return 0
	}
	return p.out
}

// Weights returns p for a kernel call; Learn and LearnSpikes update p in
// place through it.
func (p *Packed) Weights() Weights { return Weights{packed: p} }

func (p *Packed) view() weights {
	return weights{data: p.data, rowStride: 64, panelStride: 64 * p.in}
}

func (p *Packed) checkIndex(fn string, i, j int) {
	if uint(i) >= uint(p.in) || uint(j) >= uint(p.out) {
		panic(fmt.Sprintf("snn.Packed.%s: index (%d, %d) out of range %d×%d", fn, i, j, p.in, p.out))
	}
}

// At returns W[i, j].
func (p *Packed) At(i, j int) float32 {
	p.checkIndex("At", i, j)
	return p.data[p.view().index(i, j)]
}

// Set sets W[i, j] to x.
func (p *Packed) Set(i, j int, x float32) {
	p.checkIndex("Set", i, j)
	p.data[p.view().index(i, j)] = x
}

// CopyFrom copies the row-major w (In×Out, w[i*Out+j]) into p. It panics if
// len(w) != In*Out.
func (p *Packed) CopyFrom(w []float32) {
	checkLen("Packed.CopyFrom", "w", len(w), p.In()*p.Out(), "in*out")
	if len(w) == 0 {
		return // no loop over the inputs of a layer without neurons
	}
	v := p.view()
	for i := 0; i < p.in; i++ {
		for j0 := 0; j0 < p.out; j0 += 64 {
			copy(v.row(i, j0, min(64, p.out-j0)), w[i*p.out+j0:])
		}
	}
}

// AppendTo appends W to dst in row-major order (In×Out values) and returns
// the extended slice. A nil *Packed is an empty matrix.
func (p *Packed) AppendTo(dst []float32) []float32 {
	if p == nil || p.out == 0 {
		return dst
	}
	v := p.view()
	for i := 0; i < p.in; i++ {
		for j0 := 0; j0 < p.out; j0 += 64 {
			dst = append(dst, v.row(i, j0, min(64, p.out-j0))...)
		}
	}
	return dst
}
