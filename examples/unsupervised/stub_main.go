// Command unsupervised trains Diehl & Cook (2015)'s network of LIF neurons
// with STDP, lateral inhibition and adaptive thresholds on MNIST without
// labels, labels each neuron with the digit it answers most, and tests it.
//
// This file is a placeholder so that the package builds and tests before
// its main.go exists: delete it when adding main.go.
package main

func main() {}
