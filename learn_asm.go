//go:build gc && !purego && (amd64 || arm64)

package snn

import (
	"math"
	"sync"
	"unsafe"

	"github.com/spikekernel/snn/internal/spikebits"
)

// The batched Hebbian update of the assembly backends counts with bit masks: for chunks
// of 32 rows, P[i] has bit r set where input i of row r potentiates and
// S[j] has bit r set where neuron j spiked, so that
//
//	c[i,j] = Σ_chunks 2·popcount(P[i] & S[j]) − n[j],   n[j] = Σ_rows s[r,j],
//
// an exact integer computed on whole vectors of neurons (VPOPCNTD on
// AVX-512; a nibble table on AVX2; CNT and a multiply on NEON). Only blocks
// of 16 neurons that spiked in some row are visited. The masks are built in
// Go (hebbScratch); the update is one masked FMA per changed weight.

// hebbArgs is the argument block of the Hebbian kernels (avx512Hebb,
// avx2Hebb, neonHebb), read through go_asm.h.
type hebbArgs struct {
	w      *float32 // W[0, 0]
	p      *uint32  // chunks × in: potentiation masks
	s      *uint32  // chunks × outPad: spike masks
	n      *int32   // outPad: spikes per neuron over all rows
	u      *uint64  // Words(out): neurons that spiked in some row
	in     int
	out    int // the end of the neuron range updated
	jStart int // its start, a multiple of 64
	chunks int
	outPad int // Words(out)*64
	wRow   int // bytes
	wPanel int // bytes
	rate   float32
	wMin   float32 // -Inf without bounds
	wMax   float32 // +Inf without bounds
	// scratch holds a partial last block of weights (16: AVX2 and NEON).
	scratch [16]float32
}

// hebbKernel is the assembly kernel of one backend's update. Each
// backend's learn functions pass their own, so an update can only run on
// the ISA of the backend that was asked for.
type hebbKernel func(a *hebbArgs)

// hebbScratch holds the masks and the argument block of one update; pooled
// so that steady-state learning allocates nothing (the kernel is called
// through a function value, so its argument block has to live on the heap).
type hebbScratch struct {
	p, s []uint32
	n    []int32
	u    []uint64
	args hebbArgs
}

// hebbScratches keeps the scratch of finished updates for the next ones.
// Unlike a sync.Pool it is not emptied by a garbage collection and does
// not lose a scratch put back on another P, so a learning step allocates
// only while more updates run at once than ever before (or the shapes
// grow): zero allocations in steady state. It holds one scratch per
// concurrent update, sized for the largest seen.
var hebbScratches struct {
	sync.Mutex
	free []*hebbScratch
}

func getHebbScratch() *hebbScratch {
	hebbScratches.Lock()
	defer hebbScratches.Unlock()
	if n := len(hebbScratches.free); n > 0 {
		sc := hebbScratches.free[n-1]
		hebbScratches.free = hebbScratches.free[:n-1]
		return sc
	}
	return new(hebbScratch)
}

func putHebbScratch(sc *hebbScratch) {
	hebbScratches.Lock()
	hebbScratches.free = append(hebbScratches.free, sc)
	hebbScratches.Unlock()
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// prepare sizes the scratch and builds S, n and the union from the spikes.
func (sc *hebbScratch) prepare(s Shape, spikes []uint64, c colRange) (chunks, outPad int) {
	words := Words(s.Out)
	chunks, outPad = (s.Rows+31)/32, words*64
	sc.p = grow(sc.p, chunks*s.In)
	sc.s = grow(sc.s, chunks*outPad)
	sc.n = grow(sc.n, outPad)
	sc.u = grow(sc.u, words)
	for r := 0; r < s.Rows; r++ {
		srow := sc.s[(r/32)*outPad:]
		bit := uint32(1) << (r % 32)
		row := spikes[r*words : (r+1)*words]
		for k := c.j0 / 64; k < Words(c.j1); k++ {
			sc.u[k] |= row[k]
		}
		for j := range spikebits.Ones(row[c.j0/64 : Words(c.j1)]) {
			j += c.j0
			srow[j] |= bit
			sc.n[j]++
		}
	}
	return chunks, outPad
}

func (sc *hebbScratch) run(h Hebbian, s Shape, w weights, c colRange, chunks, outPad int, kernel hebbKernel) {
	sc.args = hebbArgs{
		w: unsafe.SliceData(w.data), p: unsafe.SliceData(sc.p), s: unsafe.SliceData(sc.s),
		n: unsafe.SliceData(sc.n), u: unsafe.SliceData(sc.u),
		in: s.In, out: c.j1, jStart: c.j0, chunks: chunks, outPad: outPad,
		wRow: 4 * w.rowStride, wPanel: 4 * w.panelStride,
		rate: h.Rate, wMin: float32(math.Inf(-1)), wMax: float32(math.Inf(1)),
	}
	if h.Bounded {
		sc.args.wMin, sc.args.wMax = h.WMin, h.WMax
	}
	kernel(&sc.args)
	sc.args = hebbArgs{} // the pool must not keep w alive
}

// learnMasks builds the masks of a dense-input update with potentiate and
// applies them with kernel.
func learnMasks(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange,
	potentiate func(x []float32, p []uint32, pre float32, bit uint32), kernel hebbKernel) {
	sc := getHebbScratch()
	defer putHebbScratch(sc)
	chunks, outPad := sc.prepare(s, spikes, c)
	for r := 0; r < s.Rows; r++ {
		potentiate(x[r*s.In:(r+1)*s.In], sc.p[(r/32)*s.In:(r/32+1)*s.In], h.PreThreshold, 1<<(r%32))
	}
	sc.run(h, s, w, c, chunks, outPad, kernel)
}

// learnSpikeMasks builds the masks of a spike-input update and applies
// them with kernel.
func learnSpikeMasks(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange, kernel hebbKernel) {
	sc := getHebbScratch()
	defer putHebbScratch(sc)
	chunks, outPad := sc.prepare(s, spikes, c)
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
		for i := range spikebits.Ones(x[r*inWords : (r+1)*inWords]) {
			prow[i] ^= bit // set where on potentiates, cleared where only off does
		}
	}
	sc.run(h, s, w, c, chunks, outPad, kernel)
}
