// Package npy moves weights, states and spike records between this
// library and NumPy/PyTorch: .npy and .npz files (float32, little-endian,
// C order), and whole layers and networks saved with every parameter, so
// that a restored run continues bit for bit.
//
// In Python: np.load("w.npy") gives W as an (in, out) float32 array, the
// layout of torch's x @ W; np.save("w.npy", w.astype(np.float32)) writes
// one to load. Anything else (another dtype, big-endian, Fortran order, a
// 0-d array, a wrong shape, a truncated file) is an error wrapping
// ErrFormat, and nothing is loaded.
//
// Files are untrusted input. The loaders parse the .npy header themselves
// (strictly: magic, version 1 to 3, a header of at most 10000 bytes ending
// with a newline, the three keys in any order), check every declared
// length and shape against the size of the file or zip entry before
// allocating anything for it, read zip entries through a limit, and
// validate every field of an archive exactly (see docs/FORMAT.md). A
// malformed file gives an error wrapping ErrFormat that names the file
// and the array, and a loader never panics. Reading allocates at most
// about twice the size of the file (or of its uncompressed entries, each
// at most 1100 times its compressed size); a restored layer then holds
// its weights padded to a multiple of 64 neurons, at most 64 times the
// bytes of its w array.
//
// Saves are atomic (package internal/atomicfile): the file is written
// beside the target, synced and renamed over it, so a crash, a kill or a
// full disk leaves the previous file whole.
//
// Non-finite values: a checkpoint holds what is in memory. A state can
// reach ±Inf through finite weights and inputs (a sum that overflows; NaN
// as Inf − Inf), and the kernels define what happens next, so states are
// saved and restored exactly (RestoreState), ±Inf and NaN included. Weights
// cannot be non-finite in a layer, so a non-finite weight is an error on
// save (snn.ErrNonFinite, the file untouched) and on load (ErrFormat). Save
// and load are symmetric: what saves, loads, bit for bit.
package npy

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"

	"github.com/spikekernel/snn/internal/atomicfile"
)

// ErrFormat reports a file that is not what the call expects.
var ErrFormat = errors.New("unsupported or malformed .npy data")

// ReadFloat32 reads a whole .npy stream of little-endian float32 in C
// order and returns its elements and shape.
func ReadFloat32(r io.Reader) (data []float32, shape []int, err error) {
	return readFloat32(r, -1)
}

func readFloat32(r io.Reader, size int64) ([]float32, []int, error) {
	h, raw, err := readArray(r, size, dtypeFloat32)
	if err != nil {
		return nil, nil, err
	}
	return float32s(raw), h.shape, nil
}

// float32s decodes little-endian float32.
func float32s(raw []byte) []float32 {
	data := make([]float32, len(raw)/4)
	for i := range data {
		data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return data
}

// WriteFloat32 writes data as a .npy array of the given shape (whose
// product must be len(data)); with no shape, a vector. A negative or
// mismatched shape is an error wrapping snn.ErrShape.
func WriteFloat32(w io.Writer, data []float32, shape ...int) error {
	shape, err := checkShape("npy.WriteFloat32", len(data), shape)
	if err != nil {
		return err
	}
	return writeFloat32(w, data, shape)
}

// LoadFloat32 reads a .npy file of float32.
func LoadFloat32(path string) ([]float32, []int, error) {
	h, raw, err := loadFile(path, dtypeFloat32)
	if err != nil {
		return nil, nil, err
	}
	return float32s(raw), h.shape, nil
}

// loadFile reads the .npy file path of one of the dtypes wanted, its size
// known, and returns its header and raw data; errors name the file.
func loadFile(path string, wanted ...string) (arrayHeader, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return arrayHeader{}, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return arrayHeader{}, nil, err
	}
	h, raw, err := readArray(f, info.Size(), wanted...)
	if err != nil {
		return arrayHeader{}, nil, fmt.Errorf("%s: %w", path, err)
	}
	return h, raw, nil
}

// SaveFloat32 writes data to a .npy file with the given shape, atomically.
// A negative or mismatched shape is an error wrapping snn.ErrShape, and
// the file is not touched.
func SaveFloat32(path string, data []float32, shape ...int) error {
	shape, err := checkShape("npy.SaveFloat32", len(data), shape)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return writeFloat32(w, data, shape) })
}

// LoadMatrix reads a .npy file holding a rows×cols float32 matrix, such as
// W (in, out), and checks its shape.
func LoadMatrix(path string, rows, cols int) ([]float32, error) {
	data, shape, err := LoadFloat32(path)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(shape, []int{rows, cols}) {
		return nil, fmt.Errorf("%s: shape %v, want (%d, %d): %w", path, shape, rows, cols, ErrFormat)
	}
	return data, nil
}
