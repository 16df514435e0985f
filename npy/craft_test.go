package npy

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// rawNPY returns a .npy file of format version with the given header text
// (its length field computed) and data.
func rawNPY(version byte, text string, data []byte) []byte {
	b := append([]byte{}, magic...)
	b = append(b, version, 0)
	if version == 1 {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(text)))
	} else {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(text)))
	}
	return append(append(b, text...), data...)
}

func f32NPY(data []float32, shape ...int) []byte {
	var b bytes.Buffer
	if err := writeFloat32(&b, data, shape); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func i64NPY(v ...int64) []byte {
	var b bytes.Buffer
	if err := writeInt64(&b, v); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// entry is an array of a crafted .npz file.
type entry struct {
	name string
	data []byte
}

// npz returns a stored .npz file of the entries, in order.
func npz(entries ...entry) []byte { return zipped(zip.Store, entries...) }

// zipped returns a .npz file of the entries, in order, compressed with
// method.
func zipped(method uint16, entries ...entry) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := z.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			panic(err)
		}
		w.Write(e.data)
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// replaced returns the .npz file of fixture with some arrays replaced
// (by name without ".npy"; nil data removes the array).
func replaced(t testing.TB, fixture string, with map[string][]byte) []byte {
	raw, err := os.ReadFile(fixture)
	require.NoError(t, err)
	z, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	require.NoError(t, err)
	var out []entry
	for _, f := range z.File {
		name := f.Name
		key := name
		if len(key) > 4 && key[len(key)-4:] == ".npy" {
			key = key[:len(key)-4]
		}
		if data, ok := with[key]; ok {
			if data != nil {
				out = append(out, entry{name, data})
			}
			continue
		}
		rc, err := f.Open()
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		require.NoError(t, err)
		out = append(out, entry{name, b.Bytes()})
	}
	return npz(out...)
}
