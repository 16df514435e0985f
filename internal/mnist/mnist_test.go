package mnist

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeIDX writes a gzipped IDX file of magic, dims and data into dir and
// returns its path.
func writeIDX(t *testing.T, dir, name string, magic uint32, dims []uint32, data []byte) string {
	t.Helper()
	var b bytes.Buffer
	z := gzip.NewWriter(&b)
	require.NoError(t, binary.Write(z, binary.BigEndian, append([]uint32{magic}, dims...)))
	_, err := z.Write(data)
	require.NoError(t, err)
	require.NoError(t, z.Close())
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	return path
}

// TestLoadSmallFiles: three 2×3 images and their labels come back as
// written, and Image and Head slice them.
func TestLoadSmallFiles(t *testing.T) {
	dir := t.TempDir()
	pixels := []byte{0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25}
	images := writeIDX(t, dir, "i.gz", 0x803, []uint32{3, 2, 3}, pixels)
	labels := writeIDX(t, dir, "l.gz", 0x801, []uint32{3}, []byte{7, 0, 9})
	s, err := Load(images, labels)
	require.NoError(t, err)
	require.Equal(t, Set{Pixels: pixels, Labels: []uint8{7, 0, 9}, Rows: 2, Cols: 3}, s)
	require.Equal(t, 3, s.Len())
	require.Equal(t, []uint8{10, 11, 12, 13, 14, 15}, s.Image(1))
	require.Equal(t, 2, s.Head(2).Len())
	require.Equal(t, pixels[:12], s.Head(2).Pixels)
	require.Equal(t, s, s.Head(0))
	require.Equal(t, s, s.Head(4))
}

// TestLoadRejectsBadFiles: each defect gives an error that wraps ErrFormat
// (or the open error) and names the file.
func TestLoadRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	goodImages := writeIDX(t, dir, "images.gz", 0x803, []uint32{2, 1, 2}, []byte{1, 2, 3, 4})
	goodLabels := writeIDX(t, dir, "labels.gz", 0x801, []uint32{2}, []byte{1, 2})
	notGzip := filepath.Join(dir, "plain")
	require.NoError(t, os.WriteFile(notGzip, []byte("not gzip"), 0o644))
	for _, c := range []struct {
		name, images, labels, file string
	}{
		{"missing", filepath.Join(dir, "none.gz"), goodLabels, "none.gz"},
		{"not gzip", notGzip, goodLabels, "plain"},
		{"short header", writeIDX(t, dir, "hdr.gz", 0x803, []uint32{2}, nil), goodLabels, "hdr.gz"},
		{"magic", writeIDX(t, dir, "magic.gz", 0x801, []uint32{2, 1, 2}, []byte{1, 2, 3, 4}), goodLabels, "magic.gz"},
		{"zero columns", writeIDX(t, dir, "cols.gz", 0x803, []uint32{2, 1, 0}, nil), goodLabels, "cols.gz"},
		{"huge", writeIDX(t, dir, "huge.gz", 0x803, []uint32{1 << 20, 1 << 10, 1 << 10}, nil), goodLabels, "huge.gz"},
		{"truncated", writeIDX(t, dir, "trunc.gz", 0x803, []uint32{2, 1, 2}, []byte{1, 2, 3}), goodLabels, "trunc.gz"},
		{"count", goodImages, writeIDX(t, dir, "three.gz", 0x801, []uint32{3}, []byte{1, 2, 3}), "three.gz"},
		{"label 10", goodImages, writeIDX(t, dir, "ten.gz", 0x801, []uint32{2}, []byte{1, 10}), "ten.gz"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := Load(c.images, c.labels)
			require.Error(t, err)
			require.Zero(t, s)
			require.Contains(t, err.Error(), c.file)
			if c.name != "missing" {
				require.ErrorIs(t, err, ErrFormat)
			} else {
				require.True(t, errors.Is(err, os.ErrNotExist))
			}
		})
	}
}

// TestDirOverride: a non-empty override is the folder, unchanged.
func TestDirOverride(t *testing.T) {
	dir, err := Dir("/some/where")
	require.NoError(t, err)
	require.Equal(t, "/some/where", dir)
}

// TestLoadGoMNIST loads the module's files, where `go list -m` finds them:
// 60000 and 10000 images of 28×28 whose first labels are MNIST's.
func TestLoadGoMNIST(t *testing.T) {
	dir, err := Dir("")
	if err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat(filepath.Join(dir, TestImages)); err != nil {
		t.Skip(err)
	}
	test, err := LoadTest(dir)
	require.NoError(t, err)
	require.Equal(t, 10000, test.Len())
	require.Equal(t, []int{Side, Side}, []int{test.Rows, test.Cols})
	require.Len(t, test.Pixels, 10000*Side*Side)
	require.Equal(t, []uint8{7, 2, 1, 0, 4}, test.Labels[:5])
	if testing.Short() {
		return
	}
	train, err := LoadTrain(dir)
	require.NoError(t, err)
	require.Equal(t, 60000, train.Len())
	require.Equal(t, []uint8{5, 0, 4, 1, 9}, train.Labels[:5])
}
