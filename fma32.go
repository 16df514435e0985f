package snn

import "math"

// fma32 returns a·b+c rounded once to float32 (round to nearest even), the
// fused multiply-add of IEEE 754 binary32, in portable Go.
//
// float32(math.FMA(a, b, c)) is not correct: it rounds twice, once to float64
// and once to float32. Instead the product of two float32 is formed exactly in
// float64, c is added with rounding to odd, and the result is rounded to
// float32. Rounding to odd in a format of at least 2p+2 bits (53 ≥ 2·24+2)
// followed by rounding to nearest gives the correctly rounded result (Boldo and
// Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms
// using rounding to odd", IEEE Trans. Computers 57(4), 2008).
func fma32(a, b, c float32) float32 {
	p := float64(float64(a) * float64(b)) // exact: 24+24 bits, exponent in range
	cd := float64(c)
	s := p + cd
	if s == 0 || math.IsInf(s, 0) || math.IsNaN(s) {
		// A zero sum of non-zero terms is exact; an infinite or NaN sum
		// comes from infinite or NaN operands (finite float32 products and
		// sums cannot overflow float64) and converts as it should.
		return float32(s)
	}
	// TwoSum: e is the exact rounding error of s = p + cd.
	bv := s - p
	av := s - bv
	e := (p - av) + (cd - bv)
	if e == 0 {
		return float32(s)
	}
	bits := math.Float64bits(s)
	if bits&1 == 0 {
		// s is even; round to odd picks the neighbour of s on the side of the
		// exact value: away from zero when e has the sign of s.
		if (e > 0) == (s > 0) {
			bits++
		} else {
			bits--
		}
	}
	return float32(math.Float64frombits(bits))
}
