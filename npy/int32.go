package npy

import (
	"encoding/binary"
	"io"

	"github.com/spikekernel/snn/internal/atomicfile"
)

// SaveInt32 writes data to a .npy file of little-endian int32 with the
// given shape (a vector without one), atomically, as spike counts are
// handed to NumPy (np.load gives an int32 array). A negative or
// mismatched shape is an error wrapping snn.ErrShape, and the file is not
// touched.
func SaveInt32(path string, data []int32, shape ...int) error {
	shape, err := checkShape("npy.SaveInt32", len(data), shape)
	if err != nil {
		return err
	}
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		if _, err := w.Write(header(dtypeInt32, shape)); err != nil {
			return err
		}
		var buf [4096]byte
		for len(data) > 0 {
			n := min(len(data), len(buf)/4)
			for i, x := range data[:n] {
				binary.LittleEndian.PutUint32(buf[4*i:], uint32(x))
			}
			if _, err := w.Write(buf[:4*n]); err != nil {
				return err
			}
			data = data[n:]
		}
		return nil
	})
}

// LoadInt32 reads a .npy file of little-endian int32 and returns its
// elements and shape, as LoadFloat32 does for float32.
func LoadInt32(path string) ([]int32, []int, error) {
	h, raw, err := loadFile(path, dtypeInt32)
	if err != nil {
		return nil, nil, err
	}
	data := make([]int32, len(raw)/4)
	for i := range data {
		data[i] = int32(binary.LittleEndian.Uint32(raw[4*i:]))
	}
	return data, h.shape, nil
}
