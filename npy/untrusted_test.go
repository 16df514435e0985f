package npy

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// load runs the loader of kind on path.
func load(kind, path string) error {
	var err error
	switch kind {
	case "npy":
		_, _, err = LoadFloat32(path)
	case "layer":
		_, err = LoadLayer(path)
	case "network":
		_, err = LoadNetwork(path)
	default:
		panic(kind)
	}
	return err
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Every crafted file of the issue is an error wrapping ErrFormat that
// names the file and the array, allocating little.
func TestReproducers(t *testing.T) {
	dir := t.TempDir()
	for i, r := range reproducers(t) {
		path := filepath.Join(dir, fmt.Sprintf("r%d.%s", i, map[bool]string{true: "npy", false: "npz"}[r.kind == "npy"]))
		require.NoError(t, os.WriteFile(path, r.data, 0o644))
		var err error
		bytes := allocated(func() { err = load(r.kind, path) })
		require.Less(t, bytes, uint64(8<<20), r.name)
		if r.want == "" {
			require.NoError(t, err, r.name)
			continue
		}
		require.ErrorIs(t, err, ErrFormat, r.name)
		require.ErrorContains(t, err, path, r.name)
		require.ErrorContains(t, err, r.want, r.name)
		if r.array != "" {
			require.ErrorContains(t, err, fmt.Sprintf("%q", r.array), r.name)
		}
	}
}

// A 3×4 w.npy followed by 1 GiB of zeros (deflated to about 1 MiB) is
// refused from its declared size before its data are read (a declared
// size that lies is caught by the limit on the reader and the zip CRC).
func TestGigabyteOfZerosInAnArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 1 GiB through deflate")
	}
	path := filepath.Join(t.TempDir(), "zeros.npz")
	f, err := os.Create(path)
	require.NoError(t, err)
	bw := bufio.NewWriter(f)
	z := zip.NewWriter(bw)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	w, err := z.CreateHeader(&zip.FileHeader{Name: "w.npy", Method: zip.Deflate})
	require.NoError(t, err)
	_, err = w.Write(f32NPY(make([]float32, 12), 3, 4))
	require.NoError(t, err)
	zeros := make([]byte, 1<<20)
	for range 1 << 10 {
		_, err = w.Write(zeros)
		require.NoError(t, err)
	}
	require.NoError(t, z.Close())
	require.NoError(t, bw.Flush())
	require.NoError(t, f.Close())
	bytes := allocated(func() {
		_, err = LoadLayer(path)
		require.ErrorIs(t, err, ErrFormat)
		require.ErrorContains(t, err, `no array "meta"`)
		a, err := loadArchive(path, func(a *archive) (*archive, error) { return a, nil })
		require.NoError(t, err)
		_ = a
	})
	require.Less(t, bytes, uint64(8<<20))
	// Read the array directly: its declared size does not match its shape.
	f, err = os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	info, err := f.Stat()
	require.NoError(t, err)
	a, err := newArchive(path, f, info.Size())
	require.NoError(t, err)
	bytes = allocated(func() {
		_, err = a.float32s("w", 3, 4)
	})
	require.ErrorIs(t, err, ErrFormat)
	require.ErrorContains(t, err, `array "w": shape [3 4] needs 48 bytes of data, the file has 1073741872`)
	require.Less(t, bytes, uint64(8<<20))
}
