//go:build !gc || purego || !amd64

package check

// allFinite reports whether no element of xs is NaN or ±Inf.
func allFinite(xs []float32) bool { return allFiniteGo(xs) }
