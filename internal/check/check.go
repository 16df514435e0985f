// Package check validates the inputs of the checked APIs (layer, batch) and
// builds their errors, which wrap the sentinels of package snn.
package check

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/spikebits"
)

// Len returns an error wrapping snn.ErrShape unless got == want.
func Len(fn, arg string, got, want int) error {
	if got != want {
		return fmt.Errorf("%s: len(%s) = %d, want %d: %w", fn, arg, got, want, snn.ErrShape)
	}
	return nil
}

// Finite returns an error wrapping snn.ErrNonFinite that names the first
// NaN or infinite element of xs, or nil. Indices are reported as
// arg[i], or arg[row, col] when cols > 0.
func Finite(fn, arg string, xs []float32, cols int) error {
	if allFinite(xs) {
		return nil
	}
	for i, x := range xs {
		// x-x is NaN exactly when x is NaN or ±Inf.
		if x-x != 0 {
			if cols > 0 {
				return fmt.Errorf("%s: %s[%d, %d] = %v: %w", fn, arg, i/cols, i%cols, x, snn.ErrNonFinite)
			}
			return fmt.Errorf("%s: %s[%d] = %v: %w", fn, arg, i, x, snn.ErrNonFinite)
		}
	}
	return nil
}

// Bits returns an error wrapping snn.ErrShape if any of rows rows of packed
// bits, Words(n) words each, has a bit set at or beyond n.
func Bits(fn, arg string, bits []uint64, rows, n int) error {
	if r := spikebits.FirstRowBeyond(bits, rows, n); r >= 0 {
		return fmt.Errorf("%s: row %d of %s has a bit set at or beyond %d: %w", fn, r, arg, n, snn.ErrShape)
	}
	return nil
}

// Parameters returns an error if the neuron or learning parameters are not
// finite or out of range.
func Parameters(fn string, n snn.Neuron, h snn.Hebbian) error {
	for _, p := range []struct {
		name string
		v    float32
	}{{"Decay", n.Decay}, {"Threshold", n.Threshold}, {"Rate", h.Rate}, {"PreThreshold", h.PreThreshold}, {"WMin", h.WMin}, {"WMax", h.WMax}} {
		if float64(p.v) != float64(p.v) || math.IsInf(float64(p.v), 0) {
			return fmt.Errorf("%s: %s = %v: %w", fn, p.name, p.v, snn.ErrNonFinite)
		}
	}
	if n.Reset > snn.ResetNone {
		return fmt.Errorf("%s: reset mode %v: %w", fn, n.Reset, snn.ErrParameter)
	}
	if h.Bounded && h.WMin > h.WMax {
		return fmt.Errorf("%s: weight bounds [%v, %v] are empty: %w", fn, h.WMin, h.WMax, snn.ErrParameter)
	}
	return nil
}

// allFiniteGo reports whether no element of xs is NaN or ±Inf, without
// branches: an exponent of all ones plus one exponent unit carries into
// the sign bit, any other exponent does not.
func allFiniteGo(xs []float32) bool {
	u := unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(xs))), len(xs))
	const exp, one = 0x7f800000, 0x00800000
	var a0, a1, a2, a3 uint32
	i := 0
	for ; i+4 <= len(u); i += 4 {
		a0 |= u[i]&exp + one
		a1 |= u[i+1]&exp + one
		a2 |= u[i+2]&exp + one
		a3 |= u[i+3]&exp + one
	}
	for ; i < len(u); i++ {
		a0 |= u[i]&exp + one
	}
	return (a0|a1|a2|a3)&0x80000000 == 0
}

// ModelState returns an error unless theta and refr have the lengths
// nTheta and nRefr of a model's state and every refractory counter lies
// in 0..refractory; counters are named refr[row, col] when cols > 0.
func ModelState(fn string, refractory int32, nTheta, nRefr int, theta []float32, refr []int32, cols int) error {
	if err := Len(fn, "theta", len(theta), nTheta); err != nil {
		return err
	}
	if err := Len(fn, "refr", len(refr), nRefr); err != nil {
		return err
	}
	for i, r := range refr {
		if r >= 0 && r <= refractory {
			continue
		}
		at := fmt.Sprint(i)
		if cols > 0 {
			at = fmt.Sprintf("%d, %d", i/cols, i%cols)
		}
		return fmt.Errorf("%s: refr[%s] = %d, want 0..%d: %w", fn, at, r, refractory, snn.ErrParameter)
	}
	return nil
}
