package npy_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spikekernel/snn/layer"
	"github.com/spikekernel/snn/npy"
)

// Weights to and from NumPy, and a layer saved and restored whole.
func Example() {
	dir, _ := os.MkdirTemp("", "snn")
	defer os.RemoveAll(dir)

	// W as numpy sees it: np.load("w.npy").shape == (3, 5), dtype float32.
	l, _ := layer.New(3, 5, layer.WithSeed(1), layer.WithLearning(true))
	wPath := filepath.Join(dir, "w.npy")
	if err := npy.SaveFloat32(wPath, l.Weights(nil), 3, 5); err != nil {
		panic(err)
	}
	w, _ := npy.LoadMatrix(wPath, 3, 5)

	// The whole layer, parameters included: np.load("layer.npz")["w"] works too.
	lPath := filepath.Join(dir, "layer.npz")
	if err := npy.SaveLayer(lPath, l); err != nil {
		panic(err)
	}
	m, _ := npy.LoadLayer(lPath)
	fmt.Println(len(w), m.In(), m.Out(), m.Learning(), m.Neuron().Threshold)
	// Output: 15 3 5 true 0.6
}
