// Package encode turns intensities into spikes: a Poisson (rate) encoder
// that draws, for every input and time step, one spike with a given
// probability from a stateless, counter-based random stream.
//
// The spikes of a step depend only on (Seed, stream, step, input index,
// probability), never on the order of the calls or on the thread that makes
// them, so independent sequences (one per image, or per batch row) can be
// drawn in any order, in parallel, and reproduced exactly. The arithmetic
// is integer only and is written out in docs/SPEC.md §8: the bits are the
// same on every GOARCH.
package encode

import (
	"fmt"

	"github.com/spikekernel/snn"
)

// The odd constants of the counter-based stream (docs/SPEC.md §8).
const (
	// golden is SplitMix64's increment, 2^64/φ rounded to odd: it walks
	// the pairs of inputs of one step.
	golden = 0x9e3779b97f4a7c15
	// streamStride separates the streams of one seed.
	streamStride = 0xd1b54a32d192ed03
	// stepStride separates the steps of one stream.
	stepStride = 0xaef17502108ef2d9
)

// mix is SplitMix64's finaliser (Stafford's "mix13"): a bijection of the
// 64-bit words whose outputs, on a counter, pass BigCrush.
func mix(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	return z ^ z>>31
}

// stepKey is k = mix(mix(Seed + stream·γ1) + step·γ2): the starting point
// of the counter that gives the pairs of inputs of one (stream, step).
func stepKey(seed, stream, step uint64) uint64 {
	return mix(mix(seed+stream*streamStride) + step*stepStride)
}

// Poisson is a seeded Poisson (rate) encoder. Its zero value (Seed 0) is
// ready to use; it holds no state, so one value may be shared by any
// number of goroutines.
type Poisson struct {
	// Seed selects the random stream; the same Seed gives the same spikes.
	Seed uint64
}

// Encode writes the spikes of one time step into dst (snn.Words(r.Len())
// words, all words overwritten, bits beyond r.Len() zero): input i spikes
// iff u(Seed, stream, step, i) < T_i, with T_i the threshold of r (see
// Rates) and u the 32-bit uniform of docs/SPEC.md §8. Different streams
// are independent sequences (one per image, or per batch row); step counts
// the time steps of a stream. The cost is one 64-bit mix per pair of
// inputs (2m, 2m+1) of which at least one has a nonzero probability, and
// nothing is allocated. Encode panics if len(dst) != snn.Words(r.Len()).
func (e Poisson) Encode(dst []uint64, r *Rates, stream, step uint64) {
	if len(dst) != snn.Words(r.n) {
		panicLength(len(dst), r.n)
	}
	clear(dst)
	k := stepKey(e.Seed, stream, step)
	// Pairs come in ascending order: the bits of one word are gathered in
	// a register and stored once, not read back from memory per pair.
	word, bits := uint32(0), uint64(0)
	pairs := r.pairs
	for j := range pairs {
		p := &pairs[j]
		w := mix(k + p.counter)
		// u < T as the sign of u − T: u < 2^32 and T <= 2^32, so
		// the difference wraps (top bit set) exactly when u < T.
		even := (uint64(uint32(w)) - p.even) >> 63
		odd := (w>>32 - p.odd) >> 63
		if p.word != word {
			dst[word] = bits
			word, bits = p.word, 0
		}
		bits |= (even | odd<<1) << (p.shift & 63)
	}
	if bits != 0 {
		dst[word] = bits
	}
}

// panicLength reports a dst of the wrong length; kept out of Encode so that
// its formatting never touches the hot path.
//
//go:noinline
func panicLength(got, n int) {
	panic(fmt.Sprintf("encode: Poisson.Encode: len(dst) = %d, want snn.Words(%d) = %d", got, n, snn.Words(n)))
}
