package npy

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spikekernel/snn"
)

// checkShape returns the number of elements of shape (a vector of n
// when shape is empty), or an error wrapping snn.ErrShape if a dimension
// is negative, the product overflows or it is not n.
func checkShape(fn string, n int, shape []int) ([]int, error) {
	if len(shape) == 0 {
		shape = []int{n}
	}
	count := 1
	for _, d := range shape {
		if d < 0 || (d > 0 && count > math.MaxInt/d) {
			return nil, fmt.Errorf("%s: shape %v: %w", fn, shape, snn.ErrShape)
		}
		count *= d
	}
	if count != n {
		return nil, fmt.Errorf("%s: %d values do not make shape %v: %w", fn, n, shape, snn.ErrShape)
	}
	return shape, nil
}

// header returns the .npy header (version 1.0, or 2.0 if longer than
// version 1 allows) of a C-order array, padded as numpy pads it so that the
// data start at a multiple of 64 bytes.
func header(dtype string, shape []int) []byte {
	var b strings.Builder
	b.WriteString("{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (")
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteString("), }")
	text := b.String()
	prefix, version := 10, byte(1)
	if len(text)+1+63+prefix > math.MaxUint16 {
		prefix, version = 12, 2
	}
	pad := 63 - (prefix+len(text))%64 // spaces, then '\n' ends a multiple of 64
	out := make([]byte, prefix, prefix+len(text)+pad+1)
	copy(out, magic)
	out[6] = version
	hlen := len(text) + pad + 1
	if version == 1 {
		binary.LittleEndian.PutUint16(out[8:], uint16(hlen))
	} else {
		binary.LittleEndian.PutUint32(out[8:], uint32(hlen))
	}
	out = append(out, text...)
	out = append(out, strings.Repeat(" ", pad)...)
	return append(out, '\n')
}

// writeFloat32 writes a .npy array of float32 whose shape was checked.
func writeFloat32(w io.Writer, data []float32, shape []int) error {
	if _, err := w.Write(header(dtypeFloat32, shape)); err != nil {
		return err
	}
	var buf [4096]byte
	for len(data) > 0 {
		n := min(len(data), len(buf)/4)
		for i, x := range data[:n] {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
		}
		if _, err := w.Write(buf[:4*n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// writeInt64 writes a .npy vector of int64.
func writeInt64(w io.Writer, data []int64) error {
	return writeWords(w, dtypeInt64, []int{len(data)}, len(data), func(i int) uint64 { return uint64(data[i]) })
}

// writeWords writes a .npy array of n elements of 8 bytes of the given
// dtype and (checked) shape, element i being word(i).
func writeWords(w io.Writer, dtype string, shape []int, n int, word func(i int) uint64) error {
	if _, err := w.Write(header(dtype, shape)); err != nil {
		return err
	}
	buf := make([]byte, 8*n)
	for i := range n {
		binary.LittleEndian.PutUint64(buf[8*i:], word(i))
	}
	_, err := w.Write(buf)
	return err
}
