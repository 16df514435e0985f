//go:build gc && !purego

package snn

// archImpls returns the arm64 assembly backends, best first.
func archImpls() []*impl { return nil }
