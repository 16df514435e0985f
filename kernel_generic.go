package snn

import "github.com/spikekernel/snn/internal/spikebits"

// The pure-Go reference kernels: the contract of SPEC.md §2, bit for bit.
// Every other backend is tested against these. They are written for clarity
// first and cache-friendliness second: neurons are processed in tiles of 64
// (one spike word) so that W is read row by row.

// tileN is the number of neurons whose accumulators the generic kernels
// keep at once: one spike word.
const tileN = 64

// stepGeneric is the reference for Step.
func stepGeneric(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange) {
	words := Words(s.Out)
	var acc [tileN]float32
	for r := 0; r < s.Rows; r++ {
		xr := x[r*s.In : (r+1)*s.In]
		vr := v[r*s.Out : (r+1)*s.Out]
		sr := spikes[r*words : (r+1)*words]
		for j0 := c.j0; j0 < c.j1; j0 += tileN {
			nj := min(tileN, c.j1-j0)
			a := acc[:nj]
			clear(a) // acc = +0
			for i, xi := range xr {
				wi := w.row(i, j0, nj)
				for j, wij := range wi {
					a[j] = fma32(xi, wij, a[j]) // acc = fma(x[i], W[i,j], acc), ascending i
				}
			}
			sr[j0/tileN] = fire(n, a, vr[j0:j0+nj])
		}
	}
}

// stepSpikesGeneric is the reference for StepSpikes.
func stepSpikesGeneric(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange) {
	words := Words(s.Out)
	inWords := Words(s.In)
	var acc [tileN]float32
	for r := 0; r < s.Rows; r++ {
		xr := x[r*inWords : (r+1)*inWords]
		vr := v[r*s.Out : (r+1)*s.Out]
		sr := spikes[r*words : (r+1)*words]
		for j0 := c.j0; j0 < c.j1; j0 += tileN {
			nj := min(tileN, c.j1-j0)
			a := acc[:nj]
			clear(a)
			for i := range spikebits.Ones(xr) {
				wi := w.row(i, j0, nj)
				for j, wij := range wi {
					a[j] += wij // acc = acc + W[i,j] for each set input, ascending
				}
			}
			sr[j0/tileN] = fire(n, a, vr[j0:j0+nj])
		}
	}
}

// fire is the fused epilogue for up to 64 neurons: v = fma(decay, v, acc),
// the spike test !(v < threshold), the reset; it returns the spike word.
func fire(n Neuron, acc, v []float32) uint64 {
	var word uint64
	for j, a := range acc {
		vj := fma32(n.Decay, v[j], a)
		if !(vj < n.Threshold) {
			word |= 1 << uint(j)
			switch n.Reset {
			case ResetZero:
				vj = 0
			case ResetSubtract:
				vj -= n.Threshold
			}
		}
		v[j] = vj
	}
	return word
}

// learnGeneric is the reference for Learn.
func learnGeneric(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange) {
	learnColumns(h, s, spikes, w, c, func(r, i int) bool { return x[r*s.In+i] > h.PreThreshold })
}

// learnSpikesGeneric is the reference for LearnSpikes.
func learnSpikesGeneric(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange) {
	inWords := Words(s.In)
	onPot, offPot := 1 > h.PreThreshold, 0 > h.PreThreshold
	learnColumns(h, s, spikes, w, c, func(r, i int) bool {
		if Bits(x[r*inWords:]).Has(i) {
			return onPot
		}
		return offPot
	})
}

// learnColumns applies the batched Hebbian rule with potentiates(r, i)
// telling whether input i of row r is above the pre-synaptic threshold.
// For every neuron j that spiked in some row and every input i it counts
// c = Σ_rows-where-j-spiked (±1) exactly and, where c ≠ 0, sets
// W[i,j] = fma(rate, c, W[i,j]), then clamps it if bounds are on.
func learnColumns(h Hebbian, s Shape, spikes []uint64, w weights, c colRange, potentiates func(r, i int) bool) {
	words := Words(s.Out)
	for k := c.j0 / 64; k < Words(c.j1); k++ {
		var union [1]uint64
		for r := 0; r < s.Rows; r++ {
			union[0] |= spikes[r*words+k]
		}
		for bit := range spikebits.Ones(union[:]) {
			j := k<<6 + bit
			for i := 0; i < s.In; i++ {
				c := 0
				for r := 0; r < s.Rows; r++ {
					if spikes[r*words+k]>>uint(bit)&1 == 0 {
						continue
					}
					if potentiates(r, i) {
						c++
					} else {
						c--
					}
				}
				if c != 0 {
					at := w.index(i, j)
					w.data[at] = updateWeight(h, float32(c), w.data[at])
				}
			}
		}
	}
}

// updateWeight returns fma(rate, c, w), clamped to the bounds if they are on.
func updateWeight(h Hebbian, c, w float32) float32 {
	w = fma32(h.Rate, c, w)
	if h.Bounded {
		// Comparisons, not min/max: a -0 weight with a +0 bound stays -0.
		if w < h.WMin {
			w = h.WMin
		} else if w > h.WMax {
			w = h.WMax
		}
	}
	return w
}
