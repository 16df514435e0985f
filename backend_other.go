//go:build !gc || purego || !(amd64 || arm64)

package snn

// archImpls returns no assembly backends: this build is pure Go.
func archImpls() []*impl { return nil }
