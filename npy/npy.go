// Package npy moves weights, states and spike records between this
// library and NumPy/PyTorch: .npy and .npz files (float32, little-endian,
// C order), read and written with codeberg.org/sbinet/npyio, and whole
// layers and networks saved with every parameter, so that a restored run
// continues bit for bit.
//
// In Python: np.load("w.npy") gives W as an (in, out) float32 array, the
// layout of torch's x @ W; np.save("w.npy", w.astype(np.float32)) writes
// one to load. Anything else (another dtype, big-endian, Fortran order, a
// wrong shape, a truncated file) is an error wrapping ErrFormat, and
// nothing is loaded.
package npy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	npyfmt "codeberg.org/sbinet/npyio/npy"
)

// ErrFormat reports a file that is not what the call expects.
var ErrFormat = errors.New("unsupported or malformed .npy data")

// ReadFloat32 reads a whole .npy stream of little-endian float32 in C
// order and returns its elements and shape.
func ReadFloat32(r io.Reader) (data []float32, shape []int, err error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, nil, err
	}
	return decodeFloat32(raw)
}

func decodeFloat32(raw []byte) ([]float32, []int, error) {
	br := bytes.NewReader(raw)
	rd, err := npyfmt.NewReader(br)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	h := rd.Header.Descr
	// npyio keeps the quotes of the version 2 headers it writes.
	if dtype := strings.Trim(h.Type, `'"`); dtype != "<f4" {
		return nil, nil, fmt.Errorf("dtype %q, want '<f4' (little-endian float32): %w", dtype, ErrFormat)
	}
	if h.Fortran {
		return nil, nil, fmt.Errorf("Fortran order, want C order (np.ascontiguousarray): %w", ErrFormat)
	}
	n := 1
	for _, d := range h.Shape {
		if d < 0 {
			return nil, nil, fmt.Errorf("shape %v: %w", h.Shape, ErrFormat)
		}
		n *= d
	}
	if br.Len() != 4*n {
		return nil, nil, fmt.Errorf("shape %v needs %d bytes of data, the file has %d: %w", h.Shape, 4*n, br.Len(), ErrFormat)
	}
	data := make([]float32, n)
	if n > 0 {
		if err := rd.Read(&data); err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrFormat, err)
		}
	}
	return data, slices.Clone(h.Shape), nil
}

// WriteFloat32 writes data as a .npy array of the given shape (whose
// product must be len(data)); with no shape, a vector.
func WriteFloat32(w io.Writer, data []float32, shape ...int) error {
	v, err := nest(data, shape)
	if err != nil {
		return err
	}
	return npyfmt.Write(w, v)
}

// nest returns data as nested slices of the given shape (views, no copy),
// the form npyio writes with its shape.
func nest(data []float32, shape []int) (any, error) {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	n := 1
	for _, d := range shape {
		n *= d
	}
	if n != len(data) || len(shape) > 3 {
		return nil, fmt.Errorf("npy: %d values do not make shape %v (up to 3 dimensions)", len(data), shape)
	}
	switch len(shape) {
	case 1:
		return data, nil
	case 2:
		rows := make([][]float32, shape[0])
		for i := range rows {
			rows[i] = data[i*shape[1] : (i+1)*shape[1]]
		}
		return rows, nil
	}
	planes := make([][][]float32, shape[0])
	for i := range planes {
		plane, _ := nest(data[i*shape[1]*shape[2]:(i+1)*shape[1]*shape[2]], shape[1:])
		planes[i] = plane.([][]float32)
	}
	return planes, nil
}

// LoadFloat32 reads a .npy file of float32.
func LoadFloat32(path string) ([]float32, []int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, shape, err := ReadFloat32(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, shape, nil
}

// SaveFloat32 writes data to a .npy file with the given shape.
func SaveFloat32(path string, data []float32, shape ...int) error {
	var buf bytes.Buffer
	if err := WriteFloat32(&buf, data, shape...); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
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
