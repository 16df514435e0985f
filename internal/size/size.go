// Package size computes buffer lengths with overflow checks, for the
// constructors of layer and batch and for the loaders of npy: every
// product of sizes is checked before anything is allocated or any kernel
// runs, so that no length wraps around into a small buffer the assembly
// then overruns.
package size

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// MaxBytes is the largest buffer the project's packages agree to allocate
// or address: 2^40 bytes (1 TiB). Sizes whose buffers would be larger are
// rejected with an error wrapping ErrTooLarge.
const MaxBytes = 1 << 40

// ErrTooLarge reports sizes that are negative, whose product overflows,
// or whose buffer would exceed MaxBytes. Callers wrap it with their own
// sentinel (snn.ErrShape, npy.ErrFormat).
var ErrTooLarge = errors.New("size out of range")

// Mul returns the product of dims, and false if one is negative or the
// product overflows int.
func Mul(dims ...int) (int, bool) {
	if slices.ContainsFunc(dims, func(d int) bool { return d < 0 }) {
		return 0, false
	}
	if slices.Contains(dims, 0) {
		return 0, true // a zero factor makes the product 0, whatever the others
	}
	p := 1
	for _, d := range dims {
		if p > math.MaxInt/d {
			return 0, false
		}
		p *= d
	}
	return p, true
}

// Elems returns the number of elements of a buffer of dims (their
// product), each elemBytes bytes, or an error wrapping ErrTooLarge that
// names the buffer and its sizes if a size is negative, the product
// overflows, or the buffer would be over MaxBytes.
func Elems(name string, elemBytes int, dims ...int) (int, error) {
	n, ok := Mul(dims...)
	if ok && n <= MaxBytes/elemBytes {
		return n, nil
	}
	return 0, tooLarge(name, elemBytes, dims)
}

func tooLarge(name string, elemBytes int, dims []int) error {
	s := make([]string, len(dims))
	for i, d := range dims {
		s[i] = strconv.Itoa(d)
	}
	return fmt.Errorf("%s of %s elements of %d bytes is over 2^40 bytes or overflows: %w",
		name, strings.Join(s, "×"), elemBytes, ErrTooLarge)
}

// Words returns the number of 64-bit words that hold n bits, ⌈n/64⌉,
// without the overflow of (n+63)/64 near math.MaxInt. n must be ≥ 0.
func Words(n int) int { return n>>6 + (n&63+63)>>6 }

// Buffer names a buffer and its sizes, for Check.
type Buffer struct {
	Name      string // as the caller's users know it: "w", "v", "x", …
	ElemBytes int    // bytes per element, > 0
	Dims      []int  // sizes whose product is the number of elements
}

// Check returns nil if Elems accepts every buffer, or else an error for
// the first it rejects, prefixed with fn and wrapping both ErrTooLarge and
// sentinel (for example snn.ErrShape).
func Check(fn string, sentinel error, bufs ...Buffer) error {
	for _, b := range bufs {
		if _, err := Elems(b.Name, b.ElemBytes, b.Dims...); err != nil {
			return fmt.Errorf("%s: %w: %w", fn, err, sentinel)
		}
	}
	return nil
}
