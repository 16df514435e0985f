package snn

import "fmt"

// weights is a view of W (in×out) in either layout the kernels read:
// element (i, j) is data[(j/64)*panelStride + i*rowStride + j%64].
//
//   - row-major (the layout of the slice API): rowStride = out, panelStride = 64;
//   - packed panels (Packed): rowStride = 64, panelStride = in*64, so that the 64
//     neurons of a spike word are contiguous over all inputs.
type weights struct {
	data        []float32
	rowStride   int
	panelStride int
	packed      bool // data is a Packed's, of packedIn×packedOut
	packedIn    int
	packedOut   int
}

func rowMajor(w []float32, s Shape) weights {
	return weights{data: w, rowStride: s.Out, panelStride: 64}
}

// index returns the position of element (i, j) in data.
func (w weights) index(i, j int) int { return (j>>6)*w.panelStride + i*w.rowStride + j&63 }

// row returns W[i, j0:j0+n] for j0 a multiple of 64 and n ≤ 64.
func (w weights) row(i, j0, n int) []float32 {
	at := w.index(i, j0)
	return w.data[at : at+n]
}

func (w weights) check(fn string, s Shape) {
	if w.packed {
		if w.packedIn != s.In || w.packedOut != s.Out {
			panic(fmt.Sprintf("snn.%s: packed weights are %d×%d, shape wants in×out = %d×%d",
				fn, w.packedIn, w.packedOut, s.In, s.Out))
		}
		return
	}
	checkLen(fn, "w", len(w.data), s.In*s.Out, "in*out")
}
