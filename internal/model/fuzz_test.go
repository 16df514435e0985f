package model

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// FuzzModelStep is the differential fuzz target of the models: from the
// fuzzer's seed and feature mask it draws a model (any set of the features
// of SPEC §6), a shape, weights, a state and 20 steps of dense or spike
// input, runs the naive reference (reference_test.go, scalar SPEC §6 with
// math/big fma), and requires every backend this CPU runs to give the
// same v, spikes, θ and refractory counters, bit for bit, after every
// step.
func FuzzModelStep(f *testing.F) {
	for _, s := range []struct {
		seed    uint64
		mask    uint16
		spikeIn bool
	}{{1, 0, false}, {2, 0xffff, false}, {3, 0xffff, true}, {4, 1<<4 | 1<<5 | 1<<7, true}, {5, 1 << 7, false}} {
		f.Add(s.seed, s.mask, s.spikeIn)
	}
	backends := snn.Backends()
	f.Fuzz(func(t *testing.T, seed uint64, mask uint16, spikeIn bool) {
		rng := rand.New(rand.NewPCG(seed, uint64(mask)))
		var on []string
		for k, name := range features {
			if mask>>k&1 == 1 {
				on = append(on, name)
			}
		}
		var c tally
		tr := newTrace(rng, &c, spikeIn, on...)
		defer func(b string) { require.NoError(t, snn.SetBackend(b)) }(snn.ActiveBackend())
		for _, b := range backends {
			require.NoError(t, snn.SetBackend(b))
			t.Run(fmt.Sprintf("backend=%s", b), tr.replay)
		}
	})
}
