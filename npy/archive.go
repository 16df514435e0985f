package npy

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"

	"codeberg.org/sbinet/npyio/npz"
)

// archive is an .npz file read whole, its arrays decoded on demand.
type archive struct {
	path string
	r    *npz.Reader
}

func openArchive(path string) (*archive, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r, err := npz.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrFormat, err)
	}
	return &archive{path: path, r: r}, nil
}

// array returns the float32 array name, checking its shape.
func (a *archive) array(name string, shape ...int) ([]float32, error) {
	key := name
	if !slices.Contains(a.r.Keys(), key) {
		key = name + ".npy" // as numpy names them
		if !slices.Contains(a.r.Keys(), key) {
			return nil, fmt.Errorf("%s: no array %q: %w", a.path, name, ErrFormat)
		}
	}
	rc, err := a.r.Open(key)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w: %v", a.path, name, ErrFormat, err)
	}
	defer rc.Close()
	raw, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w: %v", a.path, name, ErrFormat, err)
	}
	data, got, err := decodeFloat32(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", a.path, name, err)
	}
	if !slices.Equal(got, shape) {
		return nil, fmt.Errorf("%s: %s has shape %v, want %v: %w", a.path, name, got, shape, ErrFormat)
	}
	return data, nil
}

// archiveWriter collects arrays and writes them as one .npz file.
type archiveWriter struct {
	buf bytes.Buffer
	w   *npz.Writer
	err error
}

func newArchiveWriter() *archiveWriter {
	a := &archiveWriter{}
	a.w = npz.NewWriter(&a.buf)
	return a
}

func (a *archiveWriter) put(name string, data []float32, shape ...int) {
	if a.err != nil {
		return
	}
	v, err := nest(data, shape)
	if err == nil {
		err = a.w.Write(name, v)
	}
	a.err = err
}

func (a *archiveWriter) save(path string) error {
	if a.err != nil {
		return a.err
	}
	if err := a.w.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, a.buf.Bytes(), 0o644)
}
