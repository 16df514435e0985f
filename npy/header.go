package npy

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
)

// The dtypes this package reads and writes.
const (
	dtypeFloat32 = "<f4"
	dtypeInt64   = "<i8"
	dtypeFloat64 = "<f8"
	dtypeInt32   = "<i4"
	dtypeUint8   = "|u1"
)

// maxHeaderLen is the longest header read, numpy's own default limit
// (np.load's max_header_size).
const maxHeaderLen = 10000

var magic = []byte("\x93NUMPY")

// arrayHeader is what a .npy header declares.
type arrayHeader struct {
	dtype   string
	fortran bool
	shape   []int
}

func itemSize(dtype string) int64 {
	switch dtype {
	case dtypeFloat32:
		return 4
	case dtypeInt64, dtypeFloat64:
		return 8
	case dtypeInt32:
		return 4
	case dtypeUint8:
		return 1
	}
	return 0
}

// formatErrorf returns an error wrapping ErrFormat.
func formatErrorf(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrFormat)...)
}

// readArray reads one .npy array of one of the dtypes wanted from r, of
// which size bytes remain (or -1 if unknown), and returns its header and
// raw little-endian data. Every length is checked against size before
// anything is allocated for it, and the data are read as they come, so a
// file cannot make it allocate more than about twice its own size.
func readArray(r io.Reader, size int64, wanted ...string) (arrayHeader, []byte, error) {
	if size < 0 {
		size = math.MaxInt64
	}
	var pre [12]byte
	if size < 10 {
		return arrayHeader{}, nil, formatErrorf("%d bytes, shorter than a .npy header", size)
	}
	if _, err := io.ReadFull(r, pre[:10]); err != nil {
		return arrayHeader{}, nil, formatErrorf("reading the .npy header: %v", err)
	}
	if !bytes.Equal(pre[:6], magic) {
		return arrayHeader{}, nil, formatErrorf("not a .npy array (magic %q)", pre[:6])
	}
	var hlen, prefix int64
	switch pre[6] {
	case 1:
		hlen, prefix = int64(binary.LittleEndian.Uint16(pre[8:])), 10
	case 2, 3:
		if _, err := io.ReadFull(r, pre[10:12]); err != nil {
			return arrayHeader{}, nil, formatErrorf("reading the .npy header: %v", err)
		}
		hlen, prefix = int64(binary.LittleEndian.Uint32(pre[8:])), 12
	default:
		return arrayHeader{}, nil, formatErrorf(".npy format version %d.%d", pre[6], pre[7])
	}
	if hlen > maxHeaderLen || hlen > size-prefix {
		return arrayHeader{}, nil, formatErrorf("header of %d bytes (at most %d, and %d remain)", hlen, maxHeaderLen, size-prefix)
	}
	text := make([]byte, hlen)
	if _, err := io.ReadFull(r, text); err != nil {
		return arrayHeader{}, nil, formatErrorf("reading the .npy header: %v", err)
	}
	h, err := parseHeader(string(text))
	if err != nil {
		return arrayHeader{}, nil, err
	}
	item := itemSize(h.dtype)
	if item == 0 || !contains(wanted, h.dtype) {
		return arrayHeader{}, nil, formatErrorf("dtype %q, want %s", h.dtype, strings.Join(wanted, " or "))
	}
	if h.fortran {
		return arrayHeader{}, nil, formatErrorf("Fortran order, want C order (np.ascontiguousarray)")
	}
	remain := size - prefix - hlen
	n, err := elements(h.shape, item, size)
	if err != nil {
		return arrayHeader{}, nil, err
	}
	if size != math.MaxInt64 && n*item != remain {
		return arrayHeader{}, nil, formatErrorf("shape %v needs %d bytes of data, the file has %d", h.shape, n*item, remain)
	}
	data, err := readExactly(r, n*item)
	if err != nil {
		return arrayHeader{}, nil, formatErrorf("shape %v: %v", h.shape, err)
	}
	return h, data, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// elements returns the number of elements of shape, checking without
// overflow that the shape, counting each zero dimension as one, fits in
// limit bytes (the size of the file): a file must hold what it declares,
// and cannot declare (2^62, 0) either.
func elements(shape []int, item, limit int64) (int64, error) {
	if len(shape) == 0 {
		return 0, formatErrorf("shape (): 0-d arrays are not read")
	}
	n, span := int64(1), item
	for _, d := range shape {
		d64 := max(int64(d), 1)
		if span > limit/d64 {
			return 0, formatErrorf("shape %v does not fit in a file of %d bytes", shape, limit)
		}
		span *= d64
		n *= int64(d)
	}
	return n, nil
}

// readExactly reads n bytes, then checks that r ends there; it grows its
// buffer as data arrive.
func readExactly(r io.Reader, n int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(n, 64<<10)))
	got, err := io.CopyN(&buf, r, n)
	if err != nil {
		return nil, fmt.Errorf("data end after %d of %d bytes (%v)", got, n, err)
	}
	var one [1]byte
	switch m, err := io.ReadFull(r, one[:]); {
	case m != 0:
		return nil, fmt.Errorf("data go on past the %d bytes of the shape", n)
	case err != io.EOF:
		return nil, fmt.Errorf("after the data: %v", err)
	}
	return buf.Bytes(), nil
}
