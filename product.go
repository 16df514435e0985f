package snn

import (
	"math"

	"github.com/klauspost/cpuid/v2"
)

// productNeuron makes a step store its input part: from v = -0, v' =
// fma(0, -0, acc) = -0 + acc = acc exactly, whatever acc is (-0 + -0 is
// -0; acc is -0 when a product underflows, as fma(-1e-30, 1e-30, +0)
// does). Its spike bits are scratch: with a +Inf threshold only an
// infinite or NaN sum fires.
var productNeuron = Neuron{Decay: 0, Threshold: float32(math.Inf(1)), Reset: ResetNone}

// productWith writes the input part of a step (SPEC §7) of the neurons in
// c to acc (Rows×Out): acc[r, j] = fma(x[r, In-1], W[In-1, j], …
// fma(x[r, 0], W[0, j], +0)), the sum Step adds to the decayed state, bit
// for bit. spikes (Rows×Words(Out)) is scratch: its bits in c may change.
// A backend's product may split the inputs into blocks that stay in cache;
// any other runs the step with productNeuron from v = -0.
func productWith(im *impl, s Shape, x []float32, w Weights, acc []float32, spikes []uint64, c colRange) {
	checkShape("Product", s)
	checkLen("Product", "x", len(x), s.Rows*s.In, "rows*in")
	wv := w.view("Product", s)
	checkLen("Product", "acc", len(acc), s.Rows*s.Out, "rows*out")
	checkLen("Product", "spikes", len(spikes), s.Rows*Words(s.Out), "rows*Words(out)")
	c.check("Product", s)
	if s.Rows == 0 || c.j0 == c.j1 {
		return
	}
	if im.product != nil {
		im.product(s, x, wv, acc, spikes, c)
		return
	}
	productByStep(im.step, s, x, wv, acc, spikes, c)
}

// negativeZero is -0: the state from which a step with productNeuron
// stores its input part exactly.
var negativeZero = float32(math.Copysign(0, -1))

// productByStep computes the product of the neurons in c with step (a
// backend's dense step kernel) and productNeuron, from v = -0.
func productByStep(step func(Neuron, Shape, []float32, weights, []float32, []uint64, colRange), s Shape, x []float32, w weights, acc []float32, spikes []uint64, c colRange) {
	fillColumns(acc, s, c, negativeZero)
	step(productNeuron, s, x, w, acc, spikes, c)
}

// fillColumns sets the neurons in c of every row of v (Rows×Out) to z:
// one row element by element, the others copied from it.
func fillColumns(v []float32, s Shape, c colRange, z float32) {
	if s.Rows == 0 || c.j0 == c.j1 {
		return
	}
	first := v[c.j0:c.j1]
	for j := range first {
		first[j] = z
	}
	for r := 1; r < s.Rows; r++ {
		copy(v[r*s.Out+c.j0:r*s.Out+c.j1], first)
	}
}

// productMaxStepX is the size in bytes of x up to which the avx2 product
// is the step kernel's (whose 16-neuron panels read all of x again, from
// L2 while it fits in half of it): at 64×784×1024 on Zen 3 3% faster than
// the blocked product, which is 4% faster at 1024×784×1024 and 21% at
// 64×4096×4096. Tests lower it.
var productMaxStepX = l2Bytes() / 2

// l2Bytes is the size of this CPU's L2 cache (cpuid; 512 KiB if unknown).
func l2Bytes() int {
	if l2 := cpuid.CPU.Cache.L2; l2 > 0 {
		return l2
	}
	return 512 << 10
}

// productBlockIn is the number of inputs of a block of a blocked product
// (the avx2 backend's): the block's W (productBlockIn × one 64-neuron
// panel) takes a quarter of L2 (cpuid; 512 inputs on a 512 KiB L2), where
// every row tile reads it again. Tests lower it.
var productBlockIn = max(64, l2Bytes()/4/(64*4))
