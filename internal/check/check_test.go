package check

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// TestFinite runs under every usable backend: allFinite takes the
// assembly path only under the assembly ones.
func TestFinite(t *testing.T) {
	defer func(name string) { require.NoError(t, snn.SetBackend(name)) }(snn.ActiveBackend())
	for _, b := range snn.Backends() {
		require.NoError(t, snn.SetBackend(b))
		t.Run(b, testFinite)
	}
}

func testFinite(t *testing.T) {
	specials := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), math.Float32frombits(0x7fc00001), math.Float32frombits(0xff800001)}
	for n := 1; n < 140; n += 1 + n/16 {
		for at := 0; at < n; at++ {
			for _, bad := range specials {
				xs := make([]float32, n)
				for i := range xs {
					xs[i] = float32(i%30) * 1e37 // large but finite
				}
				xs[n-1] = math.MaxFloat32
				require.NoError(t, Finite("f", "x", xs, 0))
				xs[at] = bad
				err := Finite("f", "x", xs, 5)
				require.ErrorIs(t, err, snn.ErrNonFinite)
				require.Contains(t, err.Error(), "x[")
			}
		}
	}
	require.ErrorContains(t, Finite("f", "x", []float32{0, 0, 0, 0, 0, 0, float32(math.NaN())}, 3), "x[2, 0] = NaN")
}

func BenchmarkFinite(b *testing.B) {
	xs := make([]float32, 1<<20)
	b.SetBytes(4 << 20)
	for b.Loop() {
		_ = Finite("f", "x", xs, 1024)
	}
}
