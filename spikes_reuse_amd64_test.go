//go:build gc && !purego

package snn

import "testing"

// TestSpikeReuseEverywhere runs the spike-input tests again with the
// W-panel reuse of avx2StepSpikesReuse taken from one input on (its
// threshold is the L2 size, which the tests' shapes rarely reach), so that
// the differential, guard-page and spike-against-dense tests cover it.
func TestSpikeReuseEverywhere(t *testing.T) {
	defer func(n int) { reuseMinIn = n }(reuseMinIn)
	reuseMinIn = 0
	t.Run("backends", TestBackendsAgainstGeneric)
	t.Run("guard", TestGuardPages)
	t.Run("dense", TestSpikeInputMatchesDense)
	t.Run("unaligned", TestUnalignedSlices)
}
