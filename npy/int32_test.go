package npy

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

func TestInt32RoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.npy")
	data := []int32{0, 1, -1, 1 << 30, -(1 << 31), 7}
	require.NoError(t, SaveInt32(path, data, 2, 3))
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(raw[:80]), "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }")
	got, shape, err := LoadInt32(path)
	require.NoError(t, err)
	require.Equal(t, data, got)
	require.Equal(t, []int{2, 3}, shape)
	require.ErrorIs(t, SaveInt32(path, data, 4, 2), snn.ErrShape)
	_, _, err = LoadFloat32(path)
	require.ErrorIs(t, err, ErrFormat)
	require.ErrorContains(t, err, path)
}
