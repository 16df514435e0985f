package snn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/spikekernel/snn/internal/race"
)

// kernelCase is one set of kernel inputs; run leaves its inputs untouched.
type kernelCase struct {
	n     Neuron
	h     Hebbian
	s     Shape
	x     []float32 // dense input
	xbits []uint64  // spike input
	w, v  []float32
}

func newCase(r *rand.Rand, s Shape, kind valueKind) *kernelCase {
	c := &kernelCase{n: DefaultNeuron(), h: DefaultHebbian(), s: s}
	c.n.Reset = Reset(r.IntN(3))
	if r.IntN(4) == 0 {
		c.n.Decay = float32(r.NormFloat64()) // negative decays too
	}
	if r.IntN(4) == 0 {
		c.n.Threshold = float32(r.NormFloat64())
		c.h.PreThreshold = c.n.Threshold
	}
	if r.IntN(3) == 0 {
		c.h.Bounded, c.h.WMin, c.h.WMax = true, -0.5, 0.75
	}
	c.x = make([]float32, s.Rows*s.In)
	c.w = make([]float32, s.In*s.Out)
	c.v = make([]float32, s.Rows*s.Out)
	randomValues(r, c.x, kind, c.n.Threshold)
	randomValues(r, c.w, kind, c.n.Threshold)
	randomValues(r, c.v, kind, c.n.Threshold)
	c.xbits = randomBits(r, s.Rows, s.In, r.Float64())
	return c
}

// kernelResult is what one backend made of a kernelCase.
type kernelResult struct {
	v, vs         []float32 // states after Step and StepSpikes
	spikes, spks  []uint64  // spikes of Step and StepSpikes
	wLearn, wLSpk []float32 // W after Learn and LearnSpikes
}

// run runs every kernel of im on the case, with row-major W.
func (c *kernelCase) run(im *impl) kernelResult { return c.runLayout(im, false) }

// runLayout runs every kernel of im on the case, with W row-major or packed.
func (c *kernelCase) runLayout(im *impl, packed bool) kernelResult {
	var res kernelResult
	words := Words(c.s.Out)
	layout := func(w []float32) (Weights, func() []float32) {
		if !packed {
			return RowMajor(w), func() []float32 { return w }
		}
		p := NewPacked(c.s.In, c.s.Out)
		p.CopyFrom(w)
		return p.Weights(), func() []float32 { return p.AppendTo(nil) }
	}
	w, _ := layout(clone(c.w))
	res.v = clone(c.v)
	res.spikes = make([]uint64, c.s.Rows*words)
	stepWith(im, c.n, c.s, c.x, w, res.v, res.spikes, allColumns(c.s))
	res.vs = clone(c.v)
	res.spks = make([]uint64, c.s.Rows*words)
	stepSpikesWith(im, c.n, c.s, c.xbits, w, res.vs, res.spks, allColumns(c.s))
	wl, get := layout(clone(c.w))
	learnWith(im, c.h, c.s, c.x, res.spikes, wl, allColumns(c.s))
	res.wLearn = get()
	wl, get = layout(clone(c.w))
	learnSpikesWith(im, c.h, c.s, c.xbits, res.spks, wl, allColumns(c.s))
	res.wLSpk = get()
	return res
}

func (res kernelResult) compare(t *testing.T, want kernelResult, label string) {
	t.Helper()
	for _, e := range []struct {
		what string
		err  error
	}{
		{"Step v", equalFloats(res.v, want.v)},
		{"Step spikes", equalWords(res.spikes, want.spikes)},
		{"StepSpikes v", equalFloats(res.vs, want.vs)},
		{"StepSpikes spikes", equalWords(res.spks, want.spks)},
		{"Learn W", equalFloats(res.wLearn, want.wLearn)},
		{"LearnSpikes W", equalFloats(res.wLSpk, want.wLSpk)},
	} {
		if e.err != nil {
			t.Fatalf("%s: %s: %v", label, e.what, e.err)
		}
	}
}

// TestReferenceAgainstNaive checks the generic kernels against independent
// loops, over every size from 0 to 130 inputs and neurons and rows 0 to 9.
func TestReferenceAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var shapes []Shape
	for n := 0; n <= 130; n++ {
		shapes = append(shapes, Shape{n % 10, 1 + n%5, n}, Shape{(n + 3) % 10, n, 1 + n%67})
	}
	for _, s := range shapes {
		for _, kind := range []valueKind{valuesNormal, valuesEdge} {
			c := newCase(r, s, kind)
			got := c.run(genericImpl)
			var want kernelResult
			want.v = clone(c.v)
			want.spikes = naiveStep(c.n, s, c.x, c.w, want.v)
			want.vs = clone(c.v)
			want.spks = naiveStep(c.n, s, expand(c.xbits, s.Rows, s.In), c.w, want.vs)
			want.wLearn = clone(c.w)
			naiveLearn(c.h, s, c.x, got.spikes, want.wLearn)
			want.wLSpk = clone(c.w)
			naiveLearn(c.h, s, expand(c.xbits, s.Rows, s.In), got.spks, want.wLSpk)
			if kind == valuesEdge {
				// Spike input equals dense 0/1 input only for finite W.
				want.vs, want.spks = got.vs, got.spks
			}
			got.compare(t, want, "generic vs naive")
		}
	}
}

// TestReferenceExactArithmetic checks the step against float64 arithmetic
// on small dyadic values, where every operation is exact.
func TestReferenceExactArithmetic(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 200; trial++ {
		s := Shape{1 + r.IntN(4), r.IntN(40), 1 + r.IntN(100)}
		c := newCase(r, s, valuesDyadic)
		c.n = Neuron{Decay: 0.5, Threshold: float32(r.IntN(9)-4) / 4, Reset: Reset(r.IntN(3))}
		v := clone(c.v)
		spikes := make([]uint64, s.Rows*Words(s.Out))
		Step(c.n, s, c.x, RowMajor(c.w), v, spikes)
		for b := 0; b < s.Rows; b++ {
			for j := 0; j < s.Out; j++ {
				sum := 0.5 * float64(c.v[b*s.Out+j])
				for i := 0; i < s.In; i++ {
					sum += float64(c.x[b*s.In+i]) * float64(c.w[i*s.Out+j])
				}
				fired := sum >= float64(c.n.Threshold)
				if fired {
					switch c.n.Reset {
					case ResetZero:
						sum = 0
					case ResetSubtract:
						sum -= float64(c.n.Threshold)
					}
				}
				if Bits(spikes[b*Words(s.Out):]).Has(j) != fired || v[b*s.Out+j] != float32(sum) {
					t.Fatalf("trial %d row %d neuron %d: v=%g spiked=%v, float64 says %g %v",
						trial, b, j, v[b*s.Out+j], !fired, sum, fired)
				}
			}
		}
	}
}

// TestSpikeInputMatchesDense checks that the spike-input step equals the
// dense step on the same input as 0/1 floats, bit for bit, on every backend.
func TestSpikeInputMatchesDense(t *testing.T) {
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := rand.New(rand.NewPCG(7, 8))
		for trial := 0; trial < 300; trial++ {
			s := Shape{r.IntN(10), r.IntN(200), r.IntN(200)}
			c := newCase(r, s, valuesNormal)
			dense := expand(c.xbits, s.Rows, s.In)
			v1, v2 := clone(c.v), clone(c.v)
			s1 := make([]uint64, s.Rows*Words(s.Out))
			s2 := clone(s1)
			stepWith(im, c.n, s, dense, RowMajor(c.w), v1, s1, allColumns(s))
			stepSpikesWith(im, c.n, s, c.xbits, RowMajor(c.w), v2, s2, allColumns(s))
			if err := equalFloats(v2, v1); err != nil {
				t.Fatalf("%+v: v: %v", s, err)
			}
			if err := equalWords(s2, s1); err != nil {
				t.Fatalf("%+v: spikes: %v", s, err)
			}
			w1, w2 := clone(c.w), clone(c.w)
			learnWith(im, c.h, s, dense, s1, RowMajor(w1), allColumns(s))
			learnSpikesWith(im, c.h, s, c.xbits, s1, RowMajor(w2), allColumns(s))
			if err := equalFloats(w2, w1); err != nil {
				t.Fatalf("%+v: W: %v", s, err)
			}
		}
	})
}

// TestLearnIndependentOfRowOrder permutes the rows of a batch and expects
// the same weights, bit for bit.
func TestLearnIndependentOfRowOrder(t *testing.T) {
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := rand.New(rand.NewPCG(9, 10))
		for trial := 0; trial < 100; trial++ {
			s := Shape{2 + r.IntN(9), r.IntN(100), r.IntN(150)}
			c := newCase(r, s, valuesNormal)
			words := Words(s.Out)
			spikes := randomBits(r, s.Rows, s.Out, 0.3)
			w1 := clone(c.w)
			learnWith(im, c.h, s, c.x, spikes, RowMajor(w1), allColumns(s))
			perm := r.Perm(s.Rows)
			x2 := make([]float32, len(c.x))
			sp2 := make([]uint64, len(spikes))
			for to, from := range perm {
				copy(x2[to*s.In:(to+1)*s.In], c.x[from*s.In:])
				copy(sp2[to*words:(to+1)*words], spikes[from*words:])
			}
			w2 := clone(c.w)
			learnWith(im, c.h, s, x2, sp2, RowMajor(w2), allColumns(s))
			if err := equalFloats(w2, w1); err != nil {
				t.Fatalf("%+v permuted %v: %v", s, perm, err)
			}
		}
	})
}

// TestBackendsAgainstGeneric is the differential test: every kernel of
// every backend this CPU runs against the generic reference, exact bits, on
// every tail length up to well past the widest tile, all reset modes, bounds
// and edge values.
func TestBackendsAgainstGeneric(t *testing.T) {
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := rand.New(rand.NewPCG(11, 12))
		maxN := 3*128 + 1
		if testing.Short() {
			maxN = 130
		}
		for out := 0; out <= maxN; out++ {
			for _, kind := range []valueKind{valuesNormal, valuesEdge} {
				s := Shape{r.IntN(14), r.IntN(70), out}
				if out%7 == 0 {
					s.Rows = out % 20
				}
				c := newCase(r, s, kind)
				want := c.run(genericImpl)
				c.run(im).compare(t, want, im.name+" vs generic")
				c.runLayout(im, true).compare(t, want, im.name+" packed vs generic")
			}
		}
		for in := 0; in <= maxN; in += 1 + in/16 {
			c := newCase(r, Shape{1 + r.IntN(7), in, 1 + r.IntN(80)}, valuesNormal)
			want := c.run(genericImpl)
			c.run(im).compare(t, want, im.name+" vs generic")
			c.runLayout(im, true).compare(t, want, im.name+" packed vs generic")
		}
	})
}

func TestLengthPanics(t *testing.T) {
	s := Shape{2, 3, 5}
	n, h := DefaultNeuron(), DefaultHebbian()
	x := make([]float32, 6)
	xb := make([]uint64, 2)
	w := make([]float32, 15)
	v := make([]float32, 10)
	sp := make([]uint64, 2)
	cases := []struct {
		name, want string
		f          func()
	}{
		{"x", "snn.Step: len(x) = 5, want rows*in = 6", func() { Step(n, s, x[:5], RowMajor(w), v, sp) }},
		{"w", "snn.Step: len(w) = 14, want in*out = 15", func() { Step(n, s, x, RowMajor(w[:14]), v, sp) }},
		{"v", "snn.Step: len(v) = 9", func() { Step(n, s, x, RowMajor(w), v[:9], sp) }},
		{"spikes", "snn.Step: len(spikes) = 1", func() { Step(n, s, x, RowMajor(w), v, sp[:1]) }},
		{"reset", "unknown reset", func() { Step(Neuron{Reset: 7}, s, x, RowMajor(w), v, sp) }},
		{"negative", "negative size", func() { Step(n, Shape{-1, 3, 5}, x, RowMajor(w), v, sp) }},
		{"xbits", "snn.StepSpikes: len(x) = 1", func() { StepSpikes(n, s, xb[:1], RowMajor(w), v, sp) }},
		{"highbits", "row 1 of x has a bit set at or beyond 3", func() { StepSpikes(n, s, []uint64{1, 8}, RowMajor(w), v, sp) }},
		{"learn x", "snn.Learn: len(x) = 7", func() { Learn(h, s, make([]float32, 7), sp, RowMajor(w)) }},
		{"learn spikes", "row 0 of spikes has a bit set at or beyond 5", func() { Learn(h, s, x, []uint64{32, 0}, RowMajor(w)) }},
		{"bounds", "weight bounds", func() { Learn(Hebbian{Bounded: true, WMin: 1}, s, x, sp, RowMajor(w)) }},
		{"learnspikes w", "snn.LearnSpikes: len(w) = 16", func() { LearnSpikes(h, s, xb, sp, RowMajor(make([]float32, 16))) }},
		{"packed shape", "snn.Step: packed weights are 3×6, shape wants in×out = 3×5", func() { Step(n, s, x, NewPacked(3, 6).Weights(), v, sp) }},
		{"column range", "neuron range [0, 3) of 5", func() { stepWith(active.Load(), n, s, x, NewPacked(3, 5).Weights(), v, sp, colRange{0, 3}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, c.want) {
					t.Fatalf("panic %q, want it to contain %q", msg, c.want)
				}
			}()
			c.f()
		})
	}
}

func TestNoAllocations(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector makes sync.Pool drop items: allocation counts mean nothing")
	}
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := rand.New(rand.NewPCG(13, 14))
		c := newCase(r, Shape{4, 100, 70}, valuesNormal)
		sp := make([]uint64, 4*Words(70))
		p := NewPacked(c.s.In, c.s.Out)
		p.CopyFrom(c.w)
		allocs := testing.AllocsPerRun(20, func() {
			for _, w := range []Weights{RowMajor(c.w), p.Weights()} {
				stepWith(im, c.n, c.s, c.x, w, c.v, sp, allColumns(c.s))
				stepSpikesWith(im, c.n, c.s, c.xbits, w, c.v, sp, allColumns(c.s))
				learnWith(im, c.h, c.s, c.x, sp, w, allColumns(c.s))
				learnSpikesWith(im, c.h, c.s, c.xbits, sp, w, allColumns(c.s))
			}
		})
		if allocs != 0 {
			t.Fatalf("%v allocations per run, want 0", allocs)
		}
	})
}

func TestSpikeHelpers(t *testing.T) {
	row := make([]uint64, Words(130))
	for _, j := range []int{0, 63, 64, 129} {
		Bits(row).Set(j, true)
	}
	if got := slices.Collect(Bits(row).All()); !slices.Equal(got, []int{0, 63, 64, 129}) {
		t.Fatalf("indices %v", got)
	}
	var seen []int
	for j := range Bits(row).All() {
		if j == 64 {
			break // an early break stops the walk
		}
		seen = append(seen, j)
	}
	if !slices.Equal(seen, []int{0, 63}) || Bits(row).Count() != 4 || !Bits(row).Has(129) || Bits(row).Has(1) {
		t.Fatalf("All then break: %v, count %d", seen, Bits(row).Count())
	}
	f := make([]float32, 130)
	Bits(row).Expand(f)
	back := make([]uint64, Words(130))
	PackSpikes(back, f)
	if !slices.Equal(back, row) || f[63] != 1 || f[62] != 0 {
		t.Fatalf("pack(expand) = %x, want %x", back, row)
	}
	Bits(row).Set(63, false)
	if Bits(row).Has(63) || Words(0) != 0 || Words(64) != 1 || Words(65) != 2 {
		t.Fatal("SetSpike false or Words wrong")
	}
	PackSpikes(back[:1], []float32{float32(math.NaN())})
	if back[0] != 1 {
		t.Fatal("NaN should pack as a spike")
	}
}

// TestColumnsCompose checks that a step and a learning call split into
// neuron ranges (as package batch does across cores) give the bits of one
// call, for dense and spike input, one row and many.
func TestColumnsCompose(t *testing.T) {
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := newRand(31)
		for trial := 0; trial < 60; trial++ {
			s := Shape{1 + r.IntN(40), r.IntN(90), 1 + r.IntN(300)}
			if trial%3 == 0 {
				s.Rows = 1
			}
			c := newCase(r, s, valuesNormal)
			p := NewPacked(s.In, s.Out)
			p.CopyFrom(c.w)
			words := Words(s.Out)
			var ranges []colRange
			for j0 := 0; j0 < s.Out; {
				j1 := min(s.Out, j0+64*(1+r.IntN(3)))
				ranges = append(ranges, colRange{j0, j1})
				j0 = j1
			}
			for _, spikeInput := range []bool{false, true} {
				vWhole, vSplit := clone(c.v), clone(c.v)
				sWhole := make([]uint64, s.Rows*words)
				sSplit := make([]uint64, s.Rows*words)
				for i := range sSplit {
					sSplit[i] = ^uint64(0) // every word must be written
				}
				if spikeInput {
					stepSpikesWith(im, c.n, s, c.xbits, p.Weights(), vWhole, sWhole, allColumns(s))
				} else {
					stepWith(im, c.n, s, c.x, p.Weights(), vWhole, sWhole, allColumns(s))
				}
				for _, cr := range ranges {
					if spikeInput {
						stepSpikesWith(im, c.n, s, c.xbits, p.Weights(), vSplit, sSplit, cr)
					} else {
						stepWith(im, c.n, s, c.x, p.Weights(), vSplit, sSplit, cr)
					}
				}
				if err := equalFloats(vSplit, vWhole); err != nil {
					t.Fatalf("%+v spike input %v: v: %v", s, spikeInput, err)
				}
				if err := equalWords(sSplit, sWhole); err != nil {
					t.Fatalf("%+v spike input %v: spikes: %v", s, spikeInput, err)
				}
			}
			spikes := randomBits(r, s.Rows, s.Out, 0.2)
			whole := NewPacked(s.In, s.Out)
			whole.CopyFrom(c.w)
			learnWith(im, c.h, s, c.x, spikes, whole.Weights(), allColumns(s))
			split := NewPacked(s.In, s.Out)
			split.CopyFrom(c.w)
			for _, cr := range ranges {
				learnWith(im, c.h, s, c.x, spikes, split.Weights(), cr)
			}
			if err := equalFloats(split.AppendTo(nil), whole.AppendTo(nil)); err != nil {
				t.Fatalf("%+v: %v", s, err)
			}
		}
	})
}

// TestUnalignedSlices runs every kernel on slices that start 0 to 15
// floats into their buffers.
func TestUnalignedSlices(t *testing.T) {
	forEachImpl(t, func(t *testing.T, im *impl) {
		r := newRand(41)
		for off := 0; off < 16; off++ {
			c := newCase(r, Shape{1 + r.IntN(8), 1 + r.IntN(100), 1 + r.IntN(200)}, valuesNormal)
			want := c.run(genericImpl)
			shift := func(s []float32) []float32 { return append(make([]float32, off), s...)[off:] }
			c.x, c.w, c.v = shift(c.x), shift(c.w), shift(c.v)
			c.xbits = append(make([]uint64, off), c.xbits...)[off:]
			c.run(im).compare(t, want, fmt.Sprintf("%s offset %d", im.name, off))
		}
	})
}
