package snn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// forEachImpl calls f for every compiled backend this CPU can run, as
// sub-test "backend=<name>"; others are skipped (TestMain fails the run if
// SNN_REQUIRE_BACKENDS names one of them).
func forEachImpl(t *testing.T, f func(t *testing.T, im *impl)) {
	t.Helper()
	for _, im := range registry {
		t.Run("backend="+im.name, func(t *testing.T) {
			if !im.usable {
				t.Skipf("%s is not usable on this CPU (needs %s)", im.name, im.requires)
			}
			f(t, im)
		})
	}
}

// valueKind selects what random data looks like.
type valueKind int

const (
	valuesNormal valueKind = iota // standard normal
	valuesEdge                    // a mix of edge values: ±0, subnormals, thresholds, huge
	valuesDyadic                  // small multiples of 1/8: every operation is exact
)

func randomValues(r *rand.Rand, dst []float32, kind valueKind, thr float32) {
	for i := range dst {
		switch kind {
		case valuesNormal:
			dst[i] = float32(r.NormFloat64())
		case valuesDyadic:
			dst[i] = float32(r.IntN(33)-16) / 8
		case valuesEdge:
			dst[i] = edgeValue(r, thr)
		}
	}
}

// edgeValue returns one of the values kernels get wrong first.
func edgeValue(r *rand.Rand, thr float32) float32 {
	switch r.IntN(12) {
	case 0:
		return 0
	case 1:
		return float32(math.Copysign(0, -1))
	case 2:
		return math.Float32frombits(r.Uint32() & 0x807fffff) // subnormal
	case 3:
		return thr
	case 4:
		return math.Nextafter32(thr, float32(math.Inf(1)))
	case 5:
		return math.Nextafter32(thr, float32(math.Inf(-1)))
	case 6:
		return float32(r.NormFloat64() * 1e18) // products up to ~1e36
	case 7:
		return 1
	default:
		return float32(r.NormFloat64())
	}
}

func randomBits(r *rand.Rand, rows, n int, density float64) []uint64 {
	words := Words(n)
	b := make([]uint64, rows*words)
	for row := 0; row < rows; row++ {
		for j := 0; j < n; j++ {
			if r.Float64() < density {
				Bits(b[row*words:]).Set(j, true)
			}
		}
	}
	return b
}

func expand(bits []uint64, rows, n int) []float32 {
	x := make([]float32, rows*n)
	words := Words(n)
	for row := 0; row < rows; row++ {
		Bits(bits[row*words:]).Expand(x[row*n : (row+1)*n])
	}
	return x
}

// naiveStep is an independent formulation of the step: neuron-major loops,
// one neuron at a time, no tiles.
func naiveStep(n Neuron, s Shape, x, w, v []float32) []uint64 {
	words := Words(s.Out)
	spikes := make([]uint64, s.Rows*words)
	for r := 0; r < s.Rows; r++ {
		for j := 0; j < s.Out; j++ {
			var acc float32
			for i := 0; i < s.In; i++ {
				acc = fma32(x[r*s.In+i], w[i*s.Out+j], acc)
			}
			vj := fma32(n.Decay, v[r*s.Out+j], acc)
			if vj >= n.Threshold || vj != vj {
				spikes[r*words+j/64] |= 1 << (j % 64)
				switch n.Reset {
				case ResetZero:
					vj = 0
				case ResetSubtract:
					vj = vj - n.Threshold
				}
			}
			v[r*s.Out+j] = vj
		}
	}
	return spikes
}

// naiveLearn is an independent formulation of the batched rule: it forms
// the whole count matrix first.
func naiveLearn(h Hebbian, s Shape, x []float32, spikes []uint64, w []float32) {
	words := Words(s.Out)
	c := make([]int, s.In*s.Out)
	for r := 0; r < s.Rows; r++ {
		for j := 0; j < s.Out; j++ {
			if spikes[r*words+j/64]>>(j%64)&1 == 0 {
				continue
			}
			for i := 0; i < s.In; i++ {
				if x[r*s.In+i] > h.PreThreshold {
					c[i*s.Out+j]++
				} else {
					c[i*s.Out+j]--
				}
			}
		}
	}
	for k, ck := range c {
		if ck == 0 {
			continue
		}
		wk := fma32(h.Rate, float32(ck), w[k])
		if h.Bounded && wk < h.WMin {
			wk = h.WMin
		}
		if h.Bounded && wk > h.WMax {
			wk = h.WMax
		}
		w[k] = wk
	}
}

// equalFloats reports the first index where got and want differ in bits
// (two NaNs of any payload count as equal: SPEC leaves NaN payloads open).
func equalFloats(got, want []float32) error {
	if len(got) != len(want) {
		return fmt.Errorf("length %d, want %d", len(got), len(want))
	}
	for i := range got {
		if !sameBits(got[i], want[i]) {
			return fmt.Errorf("[%d] = %g (%#08x), want %g (%#08x)", i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
	return nil
}

func equalWords(got, want []uint64) error {
	if len(got) != len(want) {
		return fmt.Errorf("length %d, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			return fmt.Errorf("word %d = %#016x, want %#016x", i, got[i], want[i])
		}
	}
	return nil
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed+1)) }

func clone[T any](s []T) []T { return append([]T(nil), s...) }
