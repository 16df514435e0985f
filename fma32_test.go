package snn

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// fmaExact returns a·b+c rounded once to float32, computed with math/big.
func fmaExact(a, b, c float32) float32 {
	if isNonFinite(a) || isNonFinite(b) || isNonFinite(c) {
		// IEEE special cases are the same in float64 (no rounding happens).
		return float32(float64(a)*float64(b) + float64(c))
	}
	x := new(big.Float).SetPrec(200).SetFloat64(float64(a))
	y := new(big.Float).SetPrec(200).SetFloat64(float64(b))
	z := new(big.Float).SetPrec(200).SetFloat64(float64(c))
	x.Mul(x, y) // exact at 200 bits
	x.Add(x, z) // exact: exponents of float32 values differ by < 200
	if x.Sign() == 0 {
		// Exact zero: IEEE gives +0 unless both terms are -0 (or the
		// product is -0 and c is -0). float64 gets this right exactly.
		return float32(float64(a)*float64(b) + float64(c))
	}
	f, _ := x.Float32() // round to nearest even, with subnormals and overflow
	return f
}

func isNonFinite(f float32) bool { return math.IsInf(float64(f), 0) || math.IsNaN(float64(f)) }

func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

func TestFMA32Special(t *testing.T) {
	inf := float32(math.Inf(1))
	negZero := float32(math.Copysign(0, -1))
	cases := []struct{ a, b, c, want float32 }{
		// Double rounding: a·b+c = 2^24+3-2^-40, which float64 rounds to the
		// float32 tie 2^24+3 and then to even 2^24+4. Correct: 2^24+2.
		{1 + 1.0/(1<<20), 1 - 1.0/(1<<20), 1<<24 + 2, 1<<24 + 2},
		{0, 0, 0, 0},
		{negZero, 1, negZero, negZero},
		{negZero, 1, 0, 0},
		{1, 1, -1, 0},
		{inf, 0, 1, float32(math.NaN())},
		{inf, 1, -inf, float32(math.NaN())},
		{inf, 2, 1, inf},
		{math.MaxFloat32, 2, 0, inf},
		{math.MaxFloat32, 2, -math.MaxFloat32, math.MaxFloat32},
		{math.SmallestNonzeroFloat32, 0.5, 0, 0},                               // tie to even: 0
		{math.SmallestNonzeroFloat32, 1.5, 0, 2 * math.SmallestNonzeroFloat32}, // tie to even: 2
		{math.SmallestNonzeroFloat32, -0.5, 0, 0},                              // -0.5·tiny + 0 rounds to -0? no: exact sum -2^-150 rounds to -0
		{0.5, 1.2, 0.6, 1.2},
	}
	cases[12].want = negZero
	for _, c := range cases {
		got := fma32(c.a, c.b, c.c)
		if !sameBits(got, c.want) {
			t.Errorf("fma32(%g, %g, %g) = %g (%#x), want %g (%#x)", c.a, c.b, c.c, got, math.Float32bits(got), c.want, math.Float32bits(c.want))
		}
		if ex := fmaExact(c.a, c.b, c.c); !sameBits(ex, c.want) {
			t.Errorf("fmaExact(%g, %g, %g) = %g, want %g", c.a, c.b, c.c, ex, c.want)
		}
	}
	// The naive formulation is wrong on the first case: this test can fail.
	naive := float32(math.FMA(float64(cases[0].a), float64(cases[0].b), float64(cases[0].c)))
	if naive == cases[0].want {
		t.Errorf("double rounding case does not double-round: the test is too weak")
	}
}

// randomFloat32 draws a float32 from a mix that covers every exponent,
// subnormals, signed zeros, infinities and values near 1.
func randomFloat32(r *rand.Rand) float32 {
	switch r.IntN(10) {
	case 0:
		return math.Float32frombits(r.Uint32()) // any bits, NaN and Inf included
	case 1:
		return math.Float32frombits(r.Uint32() & 0x807fffff) // subnormal or zero
	case 2:
		return float32(r.NormFloat64())
	default:
		// finite, random sign, mantissa and exponent
		return math.Float32frombits(r.Uint32()&0x807fffff | uint32(r.IntN(254)+1)<<23)
	}
}

func TestFMA32Random(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 50_000
	}
	r := rand.New(rand.NewPCG(1, 2))
	bad := 0
	for k := 0; k < n; k++ {
		a, b := randomFloat32(r), randomFloat32(r)
		var c float32
		switch k % 5 {
		case 0:
			c = randomFloat32(r)
		case 1:
			// cancellation: c near -a·b, where ties and double rounding live
			c = -float32(float64(a) * float64(b))
			c = math.Float32frombits(math.Float32bits(c) + uint32(r.IntN(5)) - 2)
		case 2:
			// c much larger than a·b: a·b decides the rounding of c
			p := float64(a) * float64(b)
			c = float32(p * math.Ldexp(1, 20+r.IntN(10)))
		case 3:
			// double rounding: a·b = 1 ∓ tiny lands next to the midpoint
			// between two float32 around c, closer than a float64 ulp.
			if r.IntN(2) == 0 {
				e := float32(math.Ldexp(1, -(12 + r.IntN(12))))
				a, b = 1+e, 1-e // a·b = 1 - e²
			} else {
				e := float32(math.Ldexp(1, -(9 + r.IntN(3))))
				a, b = 1+e, 1-e+e*e // a·b = 1 + e³
			}
			c = float32(2 * (1<<23 + r.IntN(1<<23)))
			if r.IntN(2) == 0 {
				c = -c
			}
			scale := math.Ldexp(1, r.IntN(160)-80)
			a, c = float32(float64(a)*scale), float32(float64(c)*scale)
		default:
			// small integers and halves: exact ties
			a = float32(r.IntN(1<<13)) / 2
			b = float32(r.IntN(1<<13)) / 2
			c = float32(r.IntN(1<<25)) * float32(1-2*r.IntN(2))
		}
		got, want := fma32(a, b, c), fmaExact(a, b, c)
		if !sameBits(got, want) {
			if bad++; bad < 10 {
				t.Errorf("fma32(%g, %g, %g) = %g, want %g", a, b, c, got, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d triples wrong", bad, n)
	}
}
