package encode

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

func TestSetRejectsBadProbabilitiesAndChangesNothing(t *testing.T) {
	cases := []struct {
		bad  float32
		want error
		text string
	}{
		{float32(math.NaN()), snn.ErrNonFinite, "p[2] = NaN"},
		{float32(math.Inf(1)), snn.ErrNonFinite, "p[2] = +Inf"},
		{float32(math.Inf(-1)), snn.ErrNonFinite, "p[2] = -Inf"},
		{-1e-30, snn.ErrParameter, "p[2] = -1e-30"},
		{math.Nextafter32(1, 2), snn.ErrParameter, "p[2] = 1.0000001"},
		{2, snn.ErrParameter, "p[2] = 2"},
	}
	for _, c := range cases {
		var r Rates
		require.NoError(t, r.Set([]float32{0.5, 1}))
		before := snapshot(&r)
		err := r.Set([]float32{0.1, 0.2, c.bad, 0.3})
		require.Error(t, err)
		require.True(t, errors.Is(err, c.want), "%v", err)
		require.Contains(t, err.Error(), c.text)
		require.Equal(t, before, snapshot(&r), "Rates changed by a failed Set")
	}
}

// snapshot copies what a Rates holds, to compare before and after.
func snapshot(r *Rates) Rates {
	return Rates{n: r.n, pairs: append([]pairRate(nil), r.pairs...)}
}

func TestSetStoresOnlyNonzeroPairs(t *testing.T) {
	var r Rates
	p := make([]float32, 101)
	p[3], p[4], p[5], p[100] = 0.5, 1, 1e-10, 0.25 // 1e-10·2^32 < 1: threshold 0
	require.NoError(t, r.Set(p))
	require.Equal(t, 101, r.Len())
	require.Equal(t, []pairRate{
		newPairRate(1, 0, 1<<31),
		newPairRate(2, 1<<32, 0),
		newPairRate(50, 1<<30, 0),
	}, r.pairs)
	require.NoError(t, r.Set(nil))
	require.Equal(t, 0, r.Len())
	require.Empty(t, r.pairs)
}

func TestThresholdIsFloorOfPTimes2To32(t *testing.T) {
	require.Equal(t, uint64(0), threshold(0))
	require.Equal(t, uint64(1)<<32, threshold(1))
	require.Equal(t, uint64(1), threshold(0x1p-32))
	require.Equal(t, uint64(0), threshold(0x1.fffffep-33)) // just below 2^-32
	require.Equal(t, uint64(1)<<32-1<<8, threshold(math.Nextafter32(1, 0)))
	require.Equal(t, uint64(128849016), threshold(0.03)) // float32(0.03) = 0x1.eb851ep-6
	require.Equal(t, uint64(429), threshold(1e-7))       // float32(1e-7)·2^32 = 429.4967…
}

func TestSetReusesStorage(t *testing.T) {
	var r Rates
	dense, sparse := make([]float32, 784), make([]float32, 784)
	for i := range dense {
		dense[i] = float32(i%100) / 100
	}
	sparse[300], sparse[301] = 0.2, 0.4
	require.NoError(t, r.Set(dense))
	allocs := testing.AllocsPerRun(20, func() {
		_ = r.Set(sparse)
		_ = r.Set(dense)
	})
	require.Zero(t, allocs)
}
