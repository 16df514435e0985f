//go:build gc && !purego

package check

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// TestFiniteFollowsBackend: the generic backend runs no assembly, here
// included; the assembly backends let allFinite use AVX2.
func TestFiniteFollowsBackend(t *testing.T) {
	defer func(name string) { require.NoError(t, snn.SetBackend(name)) }(snn.ActiveBackend())
	for _, b := range snn.Backends() {
		require.NoError(t, snn.SetBackend(b))
		require.Equal(t, b != "generic", useAVX2(), "backend %s", b)
	}
}
