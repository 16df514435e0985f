//go:build gc && !purego && (amd64 || arm64)

package snn

import (
	"math/rand/v2"
	"testing"

	"github.com/spikekernel/snn/internal/race"
	"github.com/stretchr/testify/require"
)

// TestSpikeReuseEverywhere runs the spike-input tests again with the
// W-panel reuse (avx2StepSpikesReuse, neonStepSpikesReuse) taken from one
// input on (its threshold is the L2 size, which the tests' shapes rarely
// reach), so that the differential, guard-page and spike-against-dense
// tests cover it, and checks that it allocates nothing.
func TestSpikeReuseEverywhere(t *testing.T) {
	defer func(n int) { reuseMinIn = n }(reuseMinIn)
	reuseMinIn = 0
	t.Run("backends", TestBackendsAgainstGeneric)
	t.Run("guard", TestGuardPages)
	t.Run("dense", TestSpikeInputMatchesDense)
	t.Run("unaligned", TestUnalignedSlices)
	t.Run("noalloc", testSpikeReuseNoAllocations)
}

// testSpikeReuseNoAllocations steps a shape the reuse takes (8 rows, a
// full panel and a partial one) on every backend: its masks and sums stay
// on the stack.
func testSpikeReuseNoAllocations(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing")
	}
	forEachImpl(t, func(t *testing.T, im *impl) {
		c := newCase(rand.New(rand.NewPCG(15, 16)), Shape{reuseMinRows, 100, 70}, valuesNormal)
		sp := make([]uint64, c.s.Rows*Words(c.s.Out))
		w := RowMajor(c.w)
		require.Zero(t, testing.AllocsPerRun(20, func() {
			stepSpikesWith(im, c.n, c.s, c.xbits, w, c.v, sp, allColumns(c.s))
		}))
	})
}
