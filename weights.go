package snn

import "fmt"

// Weights is how a kernel call receives W (In×Out): either a row-major
// slice (RowMajor) or a Packed matrix (Packed.Weights). Learn and
// LearnSpikes update it in place. The zero value is an empty row-major W,
// valid for shapes with In·Out = 0.
type Weights struct {
	rowMajor []float32
	packed   *Packed // nil for row-major
}

// RowMajor returns w (In×Out, W[i,j] at w[i*Out+j]) as Weights, without
// copying. Its length is checked against the Shape of each call.
//
// When to keep a Packed instead: a single state (Rows = 1) on amd64 runs
// as fast on a row-major W as on a packed one (the one-row kernel reads
// each W row contiguously: 1.07× the packed time at 784×1024, 0.81× at
// 4096×4096 on Zen 3); a batch (Rows > 1) walks W down 64-neuron panels,
// which a row-major W strides through, so a W that many steps of a batch
// share is worth packing once (NewPacked, CopyFrom), as layer and batch do.
func RowMajor(w []float32) Weights { return Weights{rowMajor: w} }

// weights is the kernels' view of W (in×out) in either layout:
// element (i, j) is data[(j/64)*panelStride + i*rowStride + j%64].
//
//   - row-major: rowStride = out, panelStride = 64;
//   - packed panels (Packed): rowStride = 64, panelStride = in*64, so that the 64
//     neurons of a spike word are contiguous over all inputs.
type weights struct {
	data        []float32
	rowStride   int
	panelStride int
}

// view checks w against s and returns the kernels' view of it; it panics
// with a message naming fn on a mismatch.
func (w Weights) view(fn string, s Shape) weights {
	if p := w.packed; p != nil {
		if p.in != s.In || p.out != s.Out {
			panic(fmt.Sprintf("snn.%s: packed weights are %d×%d, shape wants in×out = %d×%d",
				fn, p.in, p.out, s.In, s.Out))
		}
		return p.view()
	}
	checkLen(fn, "w", len(w.rowMajor), s.In*s.Out, "in*out")
	return weights{data: w.rowMajor, rowStride: s.Out, panelStride: 64}
}

// index returns the position of element (i, j) in data.
func (w weights) index(i, j int) int { return (j>>6)*w.panelStride + i*w.rowStride + j&63 }

// row returns W[i, j0:j0+n] for j0 a multiple of 64 and n ≤ 64.
func (w weights) row(i, j0, n int) []float32 {
	at := w.index(i, j0)
	return w.data[at : at+n]
}
