//go:build gc && !purego

package snn

import (
	"math"
	"math/bits"
	"sync"
	"unsafe"
)

// The batched Hebbian update on AVX-512 counts with bit masks: for chunks
// of 32 rows, P[i] has bit r set where input i of row r potentiates and
// S[j] has bit r set where neuron j spiked, so that
//
//	c[i,j] = Σ_chunks 2·popcount(P[i] & S[j]) − n[j],   n[j] = Σ_rows s[r,j],
//
// an exact integer computed 16 neurons at a time with VPOPCNTD. Only blocks
// of 16 neurons that spiked in some row are visited. The masks are built in
// Go (hebbScratch); the update is one masked FMA per changed weight.

// hebbArgs is the argument block of hebbAVX512 (read through go_asm.h).
type hebbArgs struct {
	w      *float32 // W[0, 0]
	p      *uint32  // chunks × in: potentiation masks
	s      *uint32  // chunks × outPad: spike masks
	n      *int32   // outPad: spikes per neuron over all rows
	u      *uint64  // Words(out): neurons that spiked in some row
	in     int
	out    int
	chunks int
	outPad int // Words(out)*64
	wRow   int // bytes
	wPanel int // bytes
	rate   float32
	wMin   float32 // -Inf without bounds
	wMax   float32 // +Inf without bounds
	// scratch holds a partial last block of 8 weights (AVX2).
	scratch [8]float32
}

// hebbAVX512 applies the update described by a; see learnGeneric for the
// contract. Requires AVX512F and AVX512_VPOPCNTDQ.
//
//go:noescape
func hebbAVX512(a *hebbArgs)

// potentiateAVX512 sets p[i] |= bit where x[i] > pre; len(p) == len(x).
// Requires AVX512F and BMI2.
//
//go:noescape
func potentiateAVX512(x []float32, p []uint32, pre float32, bit uint32)

// hebbScratch holds the masks of one update; pooled so that steady-state
// learning allocates nothing.
type hebbScratch struct {
	p, s []uint32
	n    []int32
	u    []uint64
}

var hebbPool = sync.Pool{New: func() any { return new(hebbScratch) }}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// prepare sizes the scratch and builds S, n and the union from the spikes.
func (sc *hebbScratch) prepare(s Shape, spikes []uint64) (chunks, outPad int) {
	words := Words(s.Out)
	chunks, outPad = (s.Rows+31)/32, words*64
	sc.p = grow(sc.p, chunks*s.In)
	sc.s = grow(sc.s, chunks*outPad)
	sc.n = grow(sc.n, outPad)
	sc.u = grow(sc.u, words)
	for r := 0; r < s.Rows; r++ {
		srow := sc.s[(r/32)*outPad:]
		bit := uint32(1) << (r % 32)
		for k, word := range spikes[r*words : (r+1)*words] {
			sc.u[k] |= word
			for word != 0 {
				j := k<<6 + bits.TrailingZeros64(word)
				word &= word - 1
				srow[j] |= bit
				sc.n[j]++
			}
		}
	}
	return chunks, outPad
}

func (sc *hebbScratch) run(h Hebbian, s Shape, w weights, chunks, outPad int, useAVX512 bool) {
	a := hebbArgs{
		w: unsafe.SliceData(w.data), p: unsafe.SliceData(sc.p), s: unsafe.SliceData(sc.s),
		n: unsafe.SliceData(sc.n), u: unsafe.SliceData(sc.u),
		in: s.In, out: s.Out, chunks: chunks, outPad: outPad,
		wRow: 4 * w.rowStride, wPanel: 4 * w.panelStride,
		rate: h.Rate, wMin: float32(math.Inf(-1)), wMax: float32(math.Inf(1)),
	}
	if h.Bounded {
		a.wMin, a.wMax = h.WMin, h.WMax
	}
	// Direct calls: through a function value a would escape to the heap.
	if useAVX512 {
		hebbAVX512(&a)
	} else {
		hebbAVX2(&a)
	}
}

// hebbAVX2 is hebbAVX512 for AVX2 and FMA3.
//
//go:noescape
func hebbAVX2(a *hebbArgs)

// potentiateAVX2 sets p[i] |= bit where x[i] > pre for i < len(x)&^7;
// len(p) == len(x). Requires AVX2.
//
//go:noescape
func potentiateAVX2(x []float32, p []uint32, pre float32, bit uint32)

func potentiateAVX2Go(x []float32, p []uint32, pre float32, bit uint32) {
	potentiateAVX2(x, p, pre, bit)
	for i := len(x) &^ 7; i < len(x); i++ {
		if x[i] > pre {
			p[i] |= bit
		}
	}
}

func learnAVX512(h Hebbian, s Shape, x []float32, spikes []uint64, w weights) {
	learnMasks(h, s, x, spikes, w, potentiateAVX512, true)
}

func learnSpikesAVX512(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights) {
	learnSpikeMasks(h, s, x, spikes, w, true)
}

func learnAVX2(h Hebbian, s Shape, x []float32, spikes []uint64, w weights) {
	learnMasks(h, s, x, spikes, w, potentiateAVX2Go, false)
}

func learnSpikesAVX2(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights) {
	learnSpikeMasks(h, s, x, spikes, w, false)
}

// learnMasks builds the masks of a dense-input update with potentiate and
// applies them with the AVX-512 or the AVX2 kernel.
func learnMasks(h Hebbian, s Shape, x []float32, spikes []uint64, w weights,
	potentiate func(x []float32, p []uint32, pre float32, bit uint32), useAVX512 bool) {
	sc := hebbPool.Get().(*hebbScratch)
	defer hebbPool.Put(sc)
	chunks, outPad := sc.prepare(s, spikes)
	for r := 0; r < s.Rows; r++ {
		potentiate(x[r*s.In:(r+1)*s.In], sc.p[(r/32)*s.In:(r/32+1)*s.In], h.PreThreshold, 1<<(r%32))
	}
	sc.run(h, s, w, chunks, outPad, useAVX512)
}

// learnSpikeMasks builds the masks of a spike-input update and applies
// them with the AVX-512 or the AVX2 kernel.
func learnSpikeMasks(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, useAVX512 bool) {
	sc := hebbPool.Get().(*hebbScratch)
	defer hebbPool.Put(sc)
	chunks, outPad := sc.prepare(s, spikes)
	onPot, offPot := 1 > h.PreThreshold, 0 > h.PreThreshold
	inWords := Words(s.In)
	for r := 0; r < s.Rows; r++ {
		prow := sc.p[(r/32)*s.In : (r/32+1)*s.In]
		bit := uint32(1) << (r % 32)
		if offPot {
			for i := range prow {
				prow[i] |= bit
			}
		}
		if onPot == offPot {
			continue
		}
		for k, word := range x[r*inWords : (r+1)*inWords] {
			for word != 0 {
				i := k<<6 + bits.TrailingZeros64(word)
				word &= word - 1
				prow[i] ^= bit // set where on potentiates, cleared where only off does
			}
		}
	}
	sc.run(h, s, w, chunks, outPad, useAVX512)
}
