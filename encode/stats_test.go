package encode

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// Every statistical test below uses 200,000 draws or more and a 5σ bound:
// a correct stream fails one of them with probability below 1e-5, and the
// draws are fixed by their seeds, so the tests are deterministic.

func TestSpikeFrequencyMatchesP(t *testing.T) {
	const n, steps = 1000, 200 // 200,000 draws per p
	for _, p := range []float32{0.001, 0.03, 0.5, 0.97} {
		r := mustRates(t, filled(n, p))
		dst := make([]uint64, snn.Words(n))
		count := 0
		for step := range uint64(steps) {
			Poisson{Seed: 1}.Encode(dst, r, 0, step)
			count += snn.Bits(dst).Count()
		}
		draws, q := float64(n*steps), float64(threshold(p))*0x1p-32
		sigma := math.Sqrt(draws * q * (1 - q))
		require.InDelta(t, draws*q, float64(count), 5*sigma, "p = %v", p)
	}
}

// pairCorrelation accumulates the Pearson correlation of pairs of bits.
type pairCorrelation struct{ n, x, y, xy float64 }

func (c *pairCorrelation) add(x, y bool) {
	c.n++
	if x {
		c.x++
	}
	if y {
		c.y++
	}
	if x && y {
		c.xy++
	}
}

func (c *pairCorrelation) value() float64 {
	return (c.n*c.xy - c.x*c.y) / math.Sqrt(c.x*(c.n-c.x)*c.y*(c.n-c.y))
}

// requireUncorrelated checks |corr| < 5/√N, five standard deviations of
// the correlation of N independent pairs (about 0.011 for N = 200,000).
func requireUncorrelated(t *testing.T, c pairCorrelation, what string, p float32) {
	t.Helper()
	t.Logf("%s, p = %v: corr = %+.5f over %.0f pairs (bound %.4f)", what, p, c.value(), c.n, 5/math.Sqrt(c.n))
	require.Less(t, math.Abs(c.value()), 5/math.Sqrt(c.n), "%s, p = %v: corr = %.4f over %.0f pairs", what, p, c.value(), c.n)
}

// spikeGrid encodes inputs × steps × streams draws of probability p.
func spikeGrid(t *testing.T, p float32, inputs, steps, streams int) func(i, step, stream int) bool {
	r := mustRates(t, filled(inputs, p))
	words := snn.Words(inputs)
	grid := make([]uint64, streams*steps*words)
	for s := range streams {
		for st := range steps {
			at := (s*steps + st) * words
			Poisson{Seed: 77}.Encode(grid[at:at+words], r, uint64(s), uint64(st))
		}
	}
	return func(i, step, stream int) bool {
		return snn.Bits(grid[(stream*steps+step)*words:]).Has(i)
	}
}

func TestNoCorrelationBetweenNeighbours(t *testing.T) {
	for _, p := range []float32{0.5, 0.03} {
		const inputs, steps, streams = 2000, 200, 2
		spike := spikeGrid(t, p, inputs, steps, streams)
		// Inputs 2m, 2m+1 share one 64-bit word; 2m+1, 2m+2 do not.
		var samePair, nextPair, nextStep, nextStream pairCorrelation
		for st := range steps {
			for i := 0; i+1 < inputs; i++ {
				if i%2 == 0 {
					samePair.add(spike(i, st, 0), spike(i+1, st, 0))
				} else {
					nextPair.add(spike(i, st, 0), spike(i+1, st, 0))
				}
				if st+1 < steps {
					nextStep.add(spike(i, st, 0), spike(i, st+1, 0))
				}
				nextStream.add(spike(i, st, 0), spike(i, st, 1))
			}
		}
		requireUncorrelated(t, samePair, "inputs 2m, 2m+1", p)
		requireUncorrelated(t, nextPair, "inputs 2m+1, 2m+2", p)
		requireUncorrelated(t, nextStep, "steps t, t+1", p)
		requireUncorrelated(t, nextStream, "streams s, s+1", p)
	}
}
