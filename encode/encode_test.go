package encode

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// mustRates returns Rates set to p, failing the test on an error.
func mustRates(t testing.TB, p []float32) *Rates {
	var r Rates
	require.NoError(t, r.Set(p))
	return &r
}

// filled returns n probabilities equal to p.
func filled(n int, p float32) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = p
	}
	return out
}

func TestMixIsSplitMix64(t *testing.T) {
	// SplitMix64 from state 0: its first three outputs (Vigna's reference
	// splitmix64.c) are mix(γ), mix(2γ), mix(3γ).
	want := []uint64{0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f}
	state := uint64(0)
	for _, w := range want {
		state += golden
		require.Equal(t, w, mix(state))
	}
}

func TestNeverAndAlways(t *testing.T) {
	for _, n := range []int{1, 2, 63, 64, 65, 784} {
		never, always := mustRates(t, filled(n, 0)), mustRates(t, filled(n, 1))
		dst := make([]uint64, snn.Words(n))
		for step := range uint64(200) {
			Poisson{Seed: step}.Encode(dst, never, step%3, step)
			require.Zero(t, snn.Bits(dst).Count(), "p = 0 spiked, n = %d", n)
			Poisson{Seed: step}.Encode(dst, always, step%3, step)
			require.Equal(t, n, snn.Bits(dst).Count(), "p = 1 missed, n = %d", n)
		}
	}
}

func TestBitsBeyondNAreZeroAndEveryWordIsWritten(t *testing.T) {
	for _, n := range []int{1, 63, 64, 65, 784} {
		r := mustRates(t, filled(n, 1))
		dst := make([]uint64, snn.Words(n))
		for i := range dst {
			dst[i] = ^uint64(0) // stale bits everywhere
		}
		Poisson{Seed: 9}.Encode(dst, r, 0, 0)
		if tail := n % 64; tail != 0 {
			require.Zero(t, dst[len(dst)-1]>>tail, "bits beyond n = %d", n)
		}
		require.Equal(t, n, snn.Bits(dst).Count())
		require.NoError(t, r.Set(filled(n, 0)))
		Poisson{Seed: 9}.Encode(dst, r, 0, 0)
		require.Equal(t, make([]uint64, len(dst)), dst, "n = %d", n)
	}
}

func TestEncodePanicsOnWrongLength(t *testing.T) {
	r := mustRates(t, filled(65, 0.5))
	require.PanicsWithValue(t, "encode: Poisson.Encode: len(dst) = 1, want snn.Words(65) = 2", func() {
		Poisson{}.Encode(make([]uint64, 1), r, 0, 0)
	})
	require.Panics(t, func() { Poisson{}.Encode(make([]uint64, 3), r, 0, 0) })
	Poisson{}.Encode(nil, &Rates{}, 0, 0) // zero Rates: zero words
}

// Every spike depends on (Seed, stream, step, i, p_i) only: drawing a grid
// of streams and steps in a shuffled order, on several goroutines, gives
// the same bits as in order, and changing other inputs' p changes nothing.
func TestOrderIndependence(t *testing.T) {
	const n, streams, steps = 200, 4, 50
	p := make([]float32, n)
	for i := range p {
		p[i] = float32(i%7) / 10
	}
	r, e := mustRates(t, p), Poisson{Seed: 42}
	words := snn.Words(n)
	inOrder := make([]uint64, streams*steps*words)
	for s := range streams {
		for st := range steps {
			at := (s*steps + st) * words
			e.Encode(inOrder[at:at+words], r, uint64(s), uint64(st))
		}
	}
	shuffled := make([]uint64, len(inOrder))
	order := rand.New(rand.NewPCG(1, 2)).Perm(streams * steps)
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for _, c := range order[g*len(order)/3 : (g+1)*len(order)/3] {
				at := c * words
				e.Encode(shuffled[at:at+words], r, uint64(c/steps), uint64(c%steps))
			}
		})
	}
	wg.Wait()
	require.Equal(t, inOrder, shuffled)

	// Input 10's spikes alone, with every other input at 0.
	alone := make([]float32, n)
	alone[10] = p[10]
	r2 := mustRates(t, alone)
	dst := make([]uint64, words)
	for c := range streams * steps {
		e.Encode(dst, r2, uint64(c/steps), uint64(c%steps))
		require.Equal(t, snn.Bits(inOrder[c*words:]).Has(10), snn.Bits(dst).Has(10))
	}
}

// The stream is pinned: these words may never change.
func TestGoldenVector(t *testing.T) {
	p := make([]float32, 130)
	for i := range p {
		p[i] = float32(i%10) / 10
	}
	dst := make([]uint64, snn.Words(len(p)))
	Poisson{Seed: 2015}.Encode(dst, mustRates(t, p), 7, 3)
	require.Equal(t, []uint64{0x4da3b0f0268e40da, 0x90fa320e03d4e931, 0x0000000000000003}, dst)
	require.Equal(t, refEncode(2015, p, 7, 3), dst)
}

// At the boundary u = T_i the input must not spike; at T_i = u + 256 it
// must. Inputs whose u has its low 8 bits zero give T_i = u exactly from a
// float32 p, for even and odd inputs.
func TestThresholdBoundary(t *testing.T) {
	const n, seed, stream = 64, 5, 11
	found := [2]int{}
	for step := uint64(0); found[0] < 3 || found[1] < 3; step++ {
		for i := range n {
			u := refUniform(seed, stream, step, i)
			if u&0xff != 0 || u == 0 || found[i%2] >= 3 {
				continue
			}
			found[i%2]++
			p := make([]float32, n)
			dst := make([]uint64, 1)
			p[i] = float32(u) * 0x1p-32
			Poisson{Seed: seed}.Encode(dst, mustRates(t, p), stream, step)
			require.False(t, snn.Bits(dst).Has(i), "u = T = %#x spiked (input %d)", u, i)
			p[i] = float32(uint64(u)+256) * 0x1p-32
			Poisson{Seed: seed}.Encode(dst, mustRates(t, p), stream, step)
			require.True(t, snn.Bits(dst).Has(i), "u = %#x < T = u+256 did not spike (input %d)", u, i)
		}
	}
}

func TestEncodeDoesNotAllocate(t *testing.T) {
	r := mustRates(t, filled(784, 0.03))
	dst := make([]uint64, snn.Words(784))
	e := Poisson{Seed: 3}
	step := uint64(0)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		e.Encode(dst, r, 1, step)
		step++
	}))
}
