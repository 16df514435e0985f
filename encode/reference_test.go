package encode

// An independent, slow, scalar reference of docs/SPEC.md §8, written from
// the text of the spec rather than from the code: used by the fuzz target,
// the golden vector and the boundary tests.

// refMix is Stafford's mix13 written as a table of (shift, multiplier)
// rounds followed by the last xor-shift.
func refMix(z uint64) uint64 {
	rounds := [2]struct {
		shift uint
		mul   uint64
	}{{30, 0xbf58476d1ce4e5b9}, {27, 0x94d049bb133111eb}}
	for _, r := range rounds {
		z ^= z >> r.shift
		z *= r.mul
	}
	return z ^ z>>31
}

// refUniform is u(seed, stream, step, i): the low half of the pair's word
// for an even input, the high half for an odd one.
func refUniform(seed, stream, step uint64, i int) uint32 {
	const gamma, gamma1, gamma2 = 0x9e3779b97f4a7c15, 0xd1b54a32d192ed03, 0xaef17502108ef2d9
	k := refMix(refMix(seed+stream*gamma1) + step*gamma2)
	w := refMix(k + uint64(i/2+1)*gamma)
	if i%2 == 1 {
		return uint32(w >> 32)
	}
	return uint32(w)
}

// refSpike is u < floor(p·2^32) stated without the floor: for an integer
// u, u < floor(x) exactly when u + 1 <= x (both sides exact in float64).
func refSpike(p float32, u uint32) bool { return float64(u)+1 <= float64(p)*4294967296 }

// refEncode is the whole step, one input at a time.
func refEncode(seed uint64, p []float32, stream, step uint64) []uint64 {
	out := make([]uint64, (len(p)+63)/64)
	for i, pi := range p {
		if refSpike(pi, refUniform(seed, stream, step, i)) {
			out[i/64] |= 1 << (i % 64)
		}
	}
	return out
}
