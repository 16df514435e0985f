package model

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFmaBig checks the reference's fma against a fixed 1024-bit exact sum
// (wide enough for any finite float32 operands) on random triples of every
// magnitude, ties, subnormals and signed zeros.
func TestFmaBig(t *testing.T) {
	exact := func(a, b, c float32) float32 {
		p := new(big.Float).SetPrec(1024).SetFloat64(float64(a))
		p.Mul(p, new(big.Float).SetFloat64(float64(b)))
		p.Add(p, new(big.Float).SetFloat64(float64(c)))
		f, _ := p.Float32()
		return f
	}
	rng := rand.New(rand.NewPCG(9, 10))
	any32 := func() float32 {
		for {
			if x := math.Float32frombits(rng.Uint32()); !math.IsNaN(float64(x)) && !math.IsInf(float64(x), 0) {
				return x
			}
		}
	}
	negZero := float32(math.Copysign(0, -1))
	cases := [][3]float32{
		{1, negZero, negZero}, {-1, 0, negZero}, {1, 0, negZero}, {1, 1, -1},
		{1 + 1.0/(1<<23), 1 + 1.0/(1<<23), -1}, // a tie after the product
		{math.SmallestNonzeroFloat32, 0.5, 0}, {math.MaxFloat32, 2, 0},
		{0x1p-75, 0x1p-75, math.SmallestNonzeroFloat32},
	}
	for range 20000 {
		cases = append(cases, [3]float32{any32(), any32(), any32()},
			[3]float32{rng.Float32(), float32(rng.NormFloat64()), float32(rng.NormFloat64())})
	}
	for _, c := range cases {
		require.Equal(t, math.Float32bits(exact(c[0], c[1], c[2])), math.Float32bits(fmaBig(c[0], c[1], c[2])), "%v", c)
	}
	require.Equal(t, float32(1.5), fmaBig(0.5, 1, 1))
}
