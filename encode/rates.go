package encode

import (
	"fmt"
	"math"

	"github.com/spikekernel/snn"
)

// Rates holds per-input spike probabilities as the integer thresholds the
// encoder compares against: T_i = floor(p_i·2^32) in [0, 2^32], so input i
// spikes with probability exactly T_i/2^32 (p = 1 always spikes, p = 0
// never). Inputs are stored sparsely, by pair (2m, 2m+1) as the random
// stream draws them: only pairs with a nonzero threshold are kept, so
// encoding costs O(nonzero inputs) whatever the number of inputs.
// The zero value holds no inputs; fill it with Set.
type Rates struct {
	n     int
	pairs []pairRate
}

// pairRate is one stored pair m of inputs 2m and 2m+1: the pair's counter
// offset (m+1)·γ, the thresholds of its two inputs (0 for an odd input
// beyond n), and where its two bits go: word m/32, bits 2(m%32) and up.
// A uint32 word index holds any n below 2^38, far beyond any []float32
// that fits in memory.
type pairRate struct {
	counter   uint64
	even, odd uint64
	word      uint32
	shift     uint32
}

// newPairRate is pair m with thresholds even and odd.
func newPairRate(m int, even, odd uint64) pairRate {
	return pairRate{counter: uint64(m+1) * golden, even: even, odd: odd, word: uint32(m >> 5), shift: uint32(m&31) * 2}
}

// Set replaces the probabilities: n = len(p) inputs, input i spiking with
// probability p[i] at every step. Every p[i] must lie in [0, 1]; a NaN or
// infinity is an error wrapping snn.ErrNonFinite, a value below 0 or above
// 1 one wrapping snn.ErrParameter, and names the index and the value. On an
// error r is unchanged. Set reuses r's storage: it allocates only when r
// holds fewer pairs of nonzero inputs than ever before.
func (r *Rates) Set(p []float32) error {
	for i, x := range p {
		if err := checkProbability(i, x); err != nil {
			return err
		}
	}
	r.n = len(p)
	r.pairs = r.pairs[:0]
	for i := 0; i < len(p); i += 2 {
		even := threshold(p[i])
		odd := uint64(0)
		if i+1 < len(p) {
			odd = threshold(p[i+1])
		}
		if even|odd != 0 {
			r.pairs = append(r.pairs, newPairRate(i>>1, even, odd))
		}
	}
	return nil
}

// Len returns the number of inputs n, the length of the last successful Set.
func (r *Rates) Len() int { return r.n }

// threshold is T = floor(p·2^32) for p in [0, 1]: the product is exact in
// float64 (a power-of-two scaling of a float32), so T is exact too.
func threshold(p float32) uint64 { return uint64(float64(p) * 0x1p32) }

// checkProbability reports p[i] if it is not a number in [0, 1].
func checkProbability(i int, x float32) error {
	v := float64(x)
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return fmt.Errorf("encode: Rates.Set: p[%d] = %v: %w", i, x, snn.ErrNonFinite)
	case v < 0 || v > 1:
		return fmt.Errorf("encode: Rates.Set: p[%d] = %v, want a probability in [0, 1]: %w", i, x, snn.ErrParameter)
	}
	return nil
}
