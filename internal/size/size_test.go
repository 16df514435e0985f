package size_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn/internal/size"
)

func TestMul(t *testing.T) {
	cases := []struct {
		dims []int
		want int
		ok   bool
	}{
		{nil, 1, true},
		{[]int{3, 4}, 12, true},
		{[]int{1 << 44, 1 << 20}, 0, false},
		{[]int{1 << 31, 1 << 31, 2}, 0, false},
		{[]int{1 << 62, 1 << 62, 0}, 0, true},
		{[]int{0, -1}, 0, false},
		{[]int{-1, 2}, 0, false},
		{[]int{math.MaxInt, 1}, math.MaxInt, true},
		{[]int{math.MaxInt/2 + 1, 2}, 0, false},
	}
	for _, c := range cases {
		got, ok := size.Mul(c.dims...)
		require.Equal(t, c.ok, ok, "%v", c.dims)
		require.Equal(t, c.want, got, "%v", c.dims)
	}
}

func TestElems(t *testing.T) {
	n, err := size.Elems("w", 4, 1<<19, 1<<19)
	require.NoError(t, err)
	require.Equal(t, 1<<38, n)
	_, err = size.Elems("w", 4, 1<<19, 1<<19, 2)
	require.ErrorIs(t, err, size.ErrTooLarge)
	require.ErrorContains(t, err, "w of 524288×524288×2 elements of 4 bytes")
	_, err = size.Elems("v", 8, -1)
	require.ErrorIs(t, err, size.ErrTooLarge)
}

func TestWords(t *testing.T) {
	for _, n := range []int{0, 1, 63, 64, 65, 1 << 40, math.MaxInt - 62, math.MaxInt} {
		require.Equal(t, int((uint64(n)+63)/64), size.Words(n), "n = %d", n)
	}
}
