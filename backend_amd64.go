//go:build gc && !purego

package snn

// archImpls returns the amd64 assembly backends, best first.
func archImpls() []*impl { return nil }
