package npy

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The fuzzers' corpora (testdata/fuzz/Fuzz*) hold the crafted files of
// reproducers, written by TestWriteFuzzCorpus; the seeds added here are
// the valid fixtures, for the fuzzers to mutate.

func addFiles(f *testing.F, names ...string) {
	for _, name := range names {
		raw, err := os.ReadFile(filepath.Join(fixtures, name))
		require.NoError(f, err)
		f.Add(raw)
	}
}

// checkError fails unless err is nil or wraps ErrFormat.
func checkError(t *testing.T, err error) {
	if err != nil {
		require.ErrorIs(t, err, ErrFormat)
	}
}

// FuzzReadFloat32: any bytes give float32 data of the shape read, the same
// with the size known or not, and written back they read the same; or an
// error wrapping ErrFormat.
func FuzzReadFloat32(f *testing.F) {
	addFiles(f, "w_3x4_f32.npy", "state_4_f32.npy", "w_3x4_f64.npy", "w_3x4_truncated.npy")
	f.Fuzz(func(t *testing.T, raw []byte) {
		data, shape, err := ReadFloat32(bytes.NewReader(raw))
		checkError(t, err)
		sized, sizedShape, sizedErr := readFloat32(bytes.NewReader(raw), int64(len(raw)))
		checkError(t, sizedErr)
		if err != nil || sizedErr != nil {
			return
		}
		require.Equal(t, bitsOf(data), bitsOf(sized))
		require.Equal(t, shape, sizedShape)
		var b bytes.Buffer
		require.NoError(t, WriteFloat32(&b, data, shape...))
		again, againShape, err := ReadFloat32(&b)
		require.NoError(t, err)
		require.Equal(t, bitsOf(data), bitsOf(again))
		require.Equal(t, shape, againShape)
	})
}

// openFuzz returns the archive of raw, or nil after checking the error.
func openFuzz(t *testing.T, raw []byte) *archive {
	a, err := newArchive("fuzz.npz", bytes.NewReader(raw), int64(len(raw)))
	checkError(t, err)
	return a
}

// FuzzNPZ: every array of any archive reads or is an error wrapping
// ErrFormat.
func FuzzNPZ(f *testing.F) {
	addFiles(f, "layer_3x4.npz", "layer_v1.npz", "layer_v2.npz", "network_v2.npz")
	f.Fuzz(func(t *testing.T, raw []byte) {
		a := openFuzz(t, raw)
		if a == nil {
			return
		}
		for name := range a.entries {
			h, data, err := a.read(strings.TrimSuffix(name, ".npy"), dtypeFloat32, dtypeInt64)
			checkError(t, err)
			if err == nil {
				n, err := elements(h.shape, itemSize(h.dtype), math.MaxInt64)
				require.NoError(t, err)
				require.Equal(t, int(n*itemSize(h.dtype)), len(data))
			}
		}
	})
}

// FuzzLayerArchive: any archive gives a layer or an error wrapping
// ErrFormat.
func FuzzLayerArchive(f *testing.F) {
	addFiles(f, "layer_v1.npz", "layer_v2.npz")
	f.Fuzz(func(t *testing.T, raw []byte) {
		if a := openFuzz(t, raw); a != nil {
			_, err := a.layer("", 0)
			checkError(t, err)
		}
	})
}

// FuzzNetworkArchive: any archive gives a network or an error wrapping
// ErrFormat.
func FuzzNetworkArchive(f *testing.F) {
	addFiles(f, "network_v1.npz", "network_v2.npz")
	f.Fuzz(func(t *testing.T, raw []byte) {
		if a := openFuzz(t, raw); a != nil {
			_, err := a.network()
			checkError(t, err)
		}
	})
}

// TestWriteFuzzCorpus writes the reproducers into the fuzzers' corpora
// when SNN_WRITE_FIXTURES=1.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("SNN_WRITE_FIXTURES") != "1" {
		t.Skip("set SNN_WRITE_FIXTURES=1 to write the fuzz corpora")
	}
	fuzzers := map[string][]string{
		"npy": {"FuzzReadFloat32"}, "layer": {"FuzzLayerArchive", "FuzzNPZ"}, "network": {"FuzzNetworkArchive", "FuzzNPZ"},
	}
	for i, r := range reproducers(t) {
		for _, fuzzer := range fuzzers[r.kind] {
			dir := filepath.Join("testdata", "fuzz", fuzzer)
			require.NoError(t, os.MkdirAll(dir, 0o755))
			name := fmt.Sprintf("issue15-%02d-%s", i, strings.Map(func(c rune) rune {
				if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
					return c
				}
				return '-'
			}, strings.ToLower(r.name)))
			content := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", r.data)
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644))
		}
	}
}
