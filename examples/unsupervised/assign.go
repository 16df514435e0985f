package main

import (
	"fmt"
	"math/bits"
)

// classes is the number of MNIST digits.
const classes = 10

// assignLabels gives each of the neurons the class whose images it answers
// most on average, as Diehl & Cook label their excitatory neurons: counts
// holds the spike counts of every neuron for every image (images×neurons,
// row-major) and labels the class of each image. The mean response of
// neuron j to class c is the sum of its counts over the images of class c
// divided by the number of such images, compared exactly; classes without
// images are skipped and ties go to the lowest class. A neuron that never
// spiked gets -1. It panics if the lengths disagree or a label is above 9
// (a bug of the caller: the loader checks labels).
func assignLabels(counts []uint32, labels []uint8, neurons int) []int8 {
	if neurons < 0 || len(counts) != len(labels)*neurons {
		panic(fmt.Sprintf("assignLabels: %d counts for %d images of %d neurons", len(counts), len(labels), neurons))
	}
	var images [classes]uint64
	sums := make([][classes]uint64, neurons)
	for i, l := range labels {
		if l >= classes {
			panic(fmt.Sprintf("assignLabels: label %d of image %d", l, i))
		}
		images[l]++
		for j, c := range counts[i*neurons : (i+1)*neurons] {
			sums[j][l] += uint64(c)
		}
	}
	assign := make([]int8, neurons)
	for j := range sums {
		assign[j] = int8(argmaxMean(&sums[j], &images))
	}
	return assign
}

// predict returns the class whose assigned neurons have the highest mean
// spike count for one image (counts, one per neuron; assign as
// assignLabels returns it), ties to the lowest class. Classes with no
// neuron are skipped; if no class has a mean above 0 it returns -1. It
// panics if the lengths disagree or an assignment is above 9.
func predict(counts []uint32, assign []int8) int {
	if len(counts) != len(assign) {
		panic(fmt.Sprintf("predict: %d counts for %d neurons", len(counts), len(assign)))
	}
	var sums, neurons [classes]uint64
	for j, a := range assign {
		if a >= 0 {
			sums[a] += uint64(counts[j])
			neurons[a]++
		}
	}
	return argmaxMean(&sums, &neurons)
}

// argmaxMean returns the class c with the largest mean sums[c]/n[c] over
// the classes with n[c] > 0, the lowest on a tie, or -1 if every such mean
// is 0. The means are compared exactly, as 128-bit cross products.
func argmaxMean(sums, n *[classes]uint64) int {
	best := -1
	for c := range classes {
		if n[c] == 0 || sums[c] == 0 {
			continue
		}
		if best < 0 || meanAbove(sums[c], n[c], sums[best], n[best]) {
			best = c
		}
	}
	return best
}

// meanAbove reports whether sumA/nA > sumB/nB, that is sumA·nB > sumB·nA.
func meanAbove(sumA, nA, sumB, nB uint64) bool {
	hiA, loA := bits.Mul64(sumA, nB)
	hiB, loB := bits.Mul64(sumB, nA)
	return hiA > hiB || hiA == hiB && loA > loB
}

// confusion counts the predictions pred (as predict returns them) against
// the true labels: m[true][predicted], and apart from it the number of
// images with no prediction (-1). It panics if the lengths disagree or a
// label or prediction is above 9.
func confusion(pred []int, labels []uint8) (m [classes][classes]int, none int) {
	if len(pred) != len(labels) {
		panic(fmt.Sprintf("confusion: %d predictions for %d labels", len(pred), len(labels)))
	}
	for i, p := range pred {
		if p < 0 {
			none++
			continue
		}
		m[labels[i]][p]++
	}
	return m, none
}

// accuracy returns the fraction of images predicted right: the diagonal
// of m over all images, those without a prediction (none) included. It
// returns 0 for no images.
func accuracy(m [classes][classes]int, none int) float64 {
	right, all := 0, none
	for t, row := range m {
		right += row[t]
		for _, n := range row {
			all += n
		}
	}
	if all == 0 {
		return 0
	}
	return float64(right) / float64(all)
}
