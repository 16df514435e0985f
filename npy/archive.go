package npy

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/atomicfile"
)

// maxDeflateRatio bounds the size a deflated zip entry may declare: deflate
// cannot expand data more than 1032 times, so a larger declared size is a
// lie, and the entry is refused before it is read.
const maxDeflateRatio = 1100

// archive is an .npz file, its arrays decoded on demand.
type archive struct {
	path    string
	entries map[string]*zip.File
}

// loadArchive opens the .npz file path and calls load with it.
func loadArchive[T any](path string, load func(a *archive) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return zero, err
	}
	a, err := newArchive(path, f, info.Size())
	if err != nil {
		return zero, err
	}
	return load(a)
}

// newArchive reads the directory of the .npz data r of size bytes, named
// path in errors.
func newArchive(path string, r io.ReaderAt, size int64) (*archive, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrFormat, err)
	}
	a := &archive{path: path, entries: make(map[string]*zip.File, len(z.File))}
	for _, e := range z.File {
		a.entries[e.Name] = e
	}
	return a, nil
}

// errorf returns an error wrapping ErrFormat that names the file and the
// array.
func (a *archive) errorf(name, format string, args ...any) error {
	return fmt.Errorf("%s: array %q: "+format+": %w", append([]any{a.path, name}, append(args, ErrFormat)...)...)
}

// read returns the shape and raw data of the array name (or name.npy, as
// numpy names them), of one of the dtypes wanted.
func (a *archive) read(name string, wanted ...string) (arrayHeader, []byte, error) {
	e := a.entries[name+".npy"]
	if e == nil {
		e = a.entries[name]
	}
	if e == nil {
		return arrayHeader{}, nil, fmt.Errorf("%s: no array %q: %w", a.path, name, ErrFormat)
	}
	size := e.UncompressedSize64
	if size > math.MaxInt64/2 || (e.Method == zip.Store && size != e.CompressedSize64) ||
		(size-min(size, 1024))/maxDeflateRatio > e.CompressedSize64 {
		return arrayHeader{}, nil, a.errorf(name, "entry declares %d bytes from %d compressed", size, e.CompressedSize64)
	}
	rc, err := e.Open()
	if err != nil {
		return arrayHeader{}, nil, a.errorf(name, "%v", err)
	}
	defer rc.Close()
	h, raw, err := readArray(io.LimitReader(rc, int64(size)+1), int64(size), wanted...)
	if err != nil {
		return arrayHeader{}, nil, fmt.Errorf("%s: array %q: %w", a.path, name, err)
	}
	return h, raw, nil
}

// float32s returns the float32 array name, checking its shape.
func (a *archive) float32s(name string, shape ...int) ([]float32, error) {
	raw, err := a.shaped(name, dtypeFloat32, shape)
	if err != nil {
		return nil, err
	}
	return float32s(raw), nil
}

// shaped returns the raw data of the array name of the dtype and shape
// given, an error for any other.
func (a *archive) shaped(name, dtype string, shape []int) ([]byte, error) {
	h, raw, err := a.read(name, dtype)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(h.shape, shape) {
		return nil, a.errorf(name, "shape %v, want %v", h.shape, shape)
	}
	return raw, nil
}

// zipEpoch is the time stamp of the entries written, the earliest a zip
// file can hold, so that an archive depends on its arrays alone.
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// archiveWriter writes arrays into an .npz file (stored, uncompressed, as
// np.savez does).
type archiveWriter struct {
	z *zip.Writer
}

func (a archiveWriter) entry(name string) (io.Writer, error) {
	return a.z.CreateHeader(&zip.FileHeader{Name: name + ".npy", Method: zip.Store, Modified: zipEpoch})
}

// putFloat32 writes the float32 array name, refusing with an error
// wrapping snn.ErrShape one that would not load: one whose shape, a zero
// dimension counted as one, needs more bytes than the entry holds.
func (a archiveWriter) putFloat32(name string, data []float32, shape ...int) error {
	if _, err := elements(shape, 4, int64(len(header(dtypeFloat32, shape))+4*len(data))); err != nil {
		return fmt.Errorf("array %q of shape %v would not load (%v): %w", name, shape, err, snn.ErrShape)
	}
	w, err := a.entry(name)
	if err != nil {
		return err
	}
	return writeFloat32(w, data, shape)
}

func (a archiveWriter) putInt64(name string, data ...int64) error {
	w, err := a.entry(name)
	if err != nil {
		return err
	}
	return writeInt64(w, data)
}

// saveArchive writes an .npz file atomically with what fill puts in it.
func saveArchive(path string, fill func(a archiveWriter) error) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error {
		z := zip.NewWriter(w)
		if err := fill(archiveWriter{z}); err != nil {
			return err
		}
		return z.Close()
	})
}
