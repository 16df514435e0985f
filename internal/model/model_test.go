package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
)

func TestMain(m *testing.M) { backendtest.Main(m) }

// features lists the switches of Params beyond the original, by name.
var features = []string{"FireAbove", "DelayedReset", "ResetToValue", "Adaptive", "Refractory", "Bias", "Recurrent", "Inhibition"}

// value draws a float32 of about scale: on a grid of quarters of the power
// of two nearest scale with grid (so that states land exactly on thresholds
// and ties are tested), else continuous.
func value(rng *rand.Rand, grid bool, scale float64) float32 {
	if grid {
		return float32(rng.IntN(9)-4) / 4 * float32(math.Exp2(math.Round(math.Log2(scale))))
	}
	return float32(rng.NormFloat64() * scale)
}

// randomParams turns on the features named in on and draws the rest.
func randomParams(rng *rand.Rand, grid bool, on ...string) Params {
	p := Params{Decay: 0.5, Threshold: 1, Reset: snn.Reset(rng.IntN(3))}
	if !grid {
		p.Decay, p.Threshold = rng.Float32(), 0.3+rng.Float32()
		if rng.IntN(4) == 0 {
			p.Decay = float32(rng.IntN(2)) // 0 and 1 too
		}
	}
	for _, f := range on {
		switch f {
		case "FireAbove":
			p.FireAbove = true
		case "DelayedReset":
			p.DelayedReset = true
		case "ResetToValue":
			p.Reset, p.ResetValue = ResetToValue, value(rng, grid, 0.25)
		case "Adaptive":
			p.Adaptive, p.ThetaDecay, p.ThetaPlus = true, 0.5, 0.25
			if !grid {
				p.ThetaDecay, p.ThetaPlus = rng.Float32(), rng.Float32()*0.3
			}
		case "Refractory":
			p.Refractory, p.ResetValue = 1+rng.Int32N(3), value(rng, grid, 0.25)
		case "Bias":
			p.Bias = true
		case "Recurrent":
			p.Recurrent = true
		case "Inhibition":
			p.Inhibition = value(rng, grid, 0.2)
			if p.Inhibition == 0 {
				p.Inhibition = 0.125
			}
		}
	}
	return p
}

// randomLayer draws a layer of p with its weights, state and a first input.
func randomLayer(rng *rand.Rand, p Params, grid, spikeIn bool, s snn.Shape) *refLayer {
	l := &refLayer{p: p, rows: s.Rows, in: s.In, out: s.Out, spikeIn: spikeIn}
	scale := 2 / math.Sqrt(float64(l.in))
	draw := func(n int, scale float64) []float32 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = value(rng, grid, scale)
		}
		return xs
	}
	l.w = draw(l.in*l.out, scale)
	l.bias = draw(l.out, 0.3)
	l.bias[0] = float32(math.Copysign(0, -1)) // a -0 bias
	l.rec = draw(l.out*l.out, 0.3)
	l.v = draw(l.rows*l.out, 0.5)
	if !grid && rng.IntN(3) == 0 {
		l.v[rng.IntN(len(l.v))] = float32(math.NaN()) // NaN fires with ≥ only
	}
	l.theta = make([]float32, l.rows*l.out)
	l.refr = make([]int32, l.rows*l.out)
	for i := range l.theta {
		l.theta[i] = float32(rng.IntN(3)) / 8
		if p.Refractory > 0 {
			l.refr[i] = rng.Int32N(p.Refractory + 1)
		}
	}
	l.s = randomBits(rng, l.rows, l.out, 0.3) // some s⁻ already
	return l
}

func randomBits(rng *rand.Rand, rows, n int, density float32) []uint64 {
	words := snn.Words(n)
	b := make([]uint64, rows*words)
	for r := range rows {
		for i := range n {
			snn.Bits(b[r*words:]).Set(i, rng.Float32() < density)
		}
	}
	return b
}

// randomShape draws 1..7 rows, 1..150 inputs and 1..150 neurons.
func randomShape(rng *rand.Rand) snn.Shape {
	return snn.Shape{Rows: 1 + rng.IntN(7), In: 1 + rng.IntN(150), Out: 1 + rng.IntN(150)}
}

// newInput draws this step's input.
func (l *refLayer) newInput(rng *rand.Rand, grid bool) {
	if l.spikeIn {
		l.spikes = randomBits(rng, l.rows, l.in, 0.3)
		return
	}
	l.dense = make([]float32, l.rows*l.in)
	for i := range l.dense {
		if rng.IntN(4) != 0 {
			l.dense[i] = rng.Float32()
			if grid {
				l.dense[i] = float32(rng.IntN(3)) / 2
			}
		}
	}
}

// modelState copies l's state for the package's step.
func (l *refLayer) modelState() State {
	return State{V: slices.Clone(l.v), Spikes: slices.Clone(l.s), Theta: slices.Clone(l.theta), Refr: slices.Clone(l.refr),
		Active: make([]int64, l.rows)}
}

func f32bits(xs []float32) []uint32 {
	b := make([]uint32, len(xs))
	for i, x := range xs {
		b[i] = math.Float32bits(x)
	}
	return b
}

func (l *refLayer) shape() snn.Shape { return snn.Shape{Rows: l.rows, In: l.in, Out: l.out} }

// requireSame asserts that st holds l's state, bit for bit.
func requireSame(t *testing.T, l *refLayer, st State, msg string) {
	t.Helper()
	require.Equal(t, f32bits(l.v), f32bits(st.V), "%s: V", msg)
	require.Equal(t, l.s, st.Spikes, "%s: spikes", msg)
	if l.p.Adaptive {
		require.Equal(t, f32bits(l.theta), f32bits(st.Theta), "%s: Theta", msg)
	}
	if l.p.Refractory > 0 {
		require.Equal(t, l.refr, st.Refr, "%s: Refr", msg)
	}
}

// tally counts what the random cases exercised, so that a test that
// exercises nothing fails.
type tally struct{ spikes, silent, ties int }

func (c *tally) add(l *refLayer) {
	for r := range l.rows {
		n := snn.Bits(l.s[r*snn.Words(l.out) : (r+1)*snn.Words(l.out)]).Count()
		c.spikes += n
		c.silent += l.out - n
	}
	for _, v := range l.v {
		if v == l.p.Threshold {
			c.ties++
		}
	}
}

// trace is a random case: a layer, its start state, and the reference's
// input and state after each of 20 steps.
type trace struct {
	msg    string
	l      *refLayer // the start
	inputs []*refLayer
	after  []*refLayer
}

// newTrace draws a layer with the features on and runs the reference for
// 20 steps.
func newTrace(rng *rand.Rand, c *tally, spikeIn bool, on ...string) trace {
	grid := rng.IntN(2) == 0
	p := randomParams(rng, grid, on...)
	l := randomLayer(rng, p, grid, spikeIn, randomShape(rng))
	tr := trace{msg: fmt.Sprintf("%+v %v spikeIn=%v grid=%v", p, l.shape(), spikeIn, grid), l: l.clone()}
	for range 20 {
		l.newInput(rng, grid)
		tr.inputs = append(tr.inputs, l.clone())
		l.step()
		tr.after = append(tr.after, l.clone())
		c.add(l)
	}
	return tr
}

func (l *refLayer) clone() *refLayer {
	c := *l
	c.v, c.theta, c.refr, c.s = slices.Clone(l.v), slices.Clone(l.theta), slices.Clone(l.refr), slices.Clone(l.s)
	return &c
}

// replay steps the trace's layer with Step (or StepSpikes), comparing
// every bit after every step.
func (tr trace) replay(t *testing.T) {
	l := tr.l
	require.NoError(t, Validate(l.p))
	w := PackWeights(l.p, l.in, l.out, l.bias, l.w, l.rec).Weights()
	st := l.modelState()
	var sc Scratch
	for step, in := range tr.inputs {
		if l.spikeIn {
			StepSpikes(l.p, l.shape(), in.spikes, w, st, &sc)
		} else {
			Step(l.p, l.shape(), in.dense, w, st, &sc)
		}
		requireSame(t, tr.after[step], st, fmt.Sprintf("%s step %d", tr.msg, step))
	}
}

func TestStepMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var c tally
	var traces []trace
	for _, spikeIn := range []bool{false, true} {
		traces = append(traces, newTrace(rng, &c, spikeIn)) // the original
		for _, f := range features {
			for range 3 {
				traces = append(traces, newTrace(rng, &c, spikeIn, f))
			}
		}
		for range 12 {
			var on []string
			for _, f := range features {
				if rng.IntN(2) == 0 {
					on = append(on, f)
				}
			}
			traces = append(traces, newTrace(rng, &c, spikeIn, on...))
		}
		traces = append(traces, newTrace(rng, &c, spikeIn, features...))
	}
	t.Logf("spikes %d, silent %d, states at the threshold %d", c.spikes, c.silent, c.ties)
	require.Greater(t, c.spikes, c.silent/50)
	require.Greater(t, c.silent, c.spikes/50)
	backendtest.Run(t, func(t *testing.T) {
		for _, tr := range traces {
			tr.replay(t)
		}
	})
}

// TestEpilogueTiles runs the three phases by hand with the epilogue split
// into tiles of rows and 64-aligned neuron ranges, in a scrambled order,
// and requires the bits of one Step.
func TestEpilogueTiles(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for range 10 {
			p := randomParams(rng, false, features...)
			whole := randomLayer(rng, p, false, false, snn.Shape{Rows: 2 + rng.IntN(5), In: 1 + rng.IntN(150), Out: 130 + rng.IntN(60)})
			whole.newInput(rng, false)

			s := whole.shape()
			w := PackWeights(p, s.In, s.Out, whole.bias, whole.w, whole.rec).Weights()
			want := whole.modelState()
			Step(p, s, whole.dense, w, want, new(Scratch))

			got := whole.modelState()
			xa := make([]float32, s.Rows*AugmentedIn(p, s.In, s.Out))
			Augment(p, s, whole.dense, got.Spikes, xa)
			CountActive(p, s, got) // before any tile overwrites s⁻
			snn.Step(KernelNeuron(p), augmented(p, s), xa, w, got.V, make([]uint64, len(got.Spikes)))
			rs := []int{0, 1 + rng.IntN(s.Rows-1), s.Rows}
			js := []int{0, 64, 128, s.Out}
			for _, k := range rng.Perm(len(rs) - 1) {
				for _, m := range rng.Perm(len(js) - 1) {
					Epilogue(p, s, got, rs[k], rs[k+1], js[m], js[m+1])
				}
			}
			require.Equal(t, f32bits(want.V), f32bits(got.V))
			require.Equal(t, want.Spikes, got.Spikes)
			require.Equal(t, f32bits(want.Theta), f32bits(got.Theta))
			require.Equal(t, want.Refr, got.Refr)
		}
	})
}

// TestAugmentSpikes checks the shifted bits against the dense x'.
func TestAugmentSpikes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		p := randomParams(rng, false)
		p.Bias, p.Recurrent = rng.IntN(2) == 0, rng.IntN(2) == 0
		s := snn.Shape{Rows: 1 + rng.IntN(4), In: rng.IntN(200), Out: 1 + rng.IntN(200)}
		x := randomBits(rng, s.Rows, s.In, 0.5)
		prev := randomBits(rng, s.Rows, s.Out, 0.5)
		in2 := AugmentedIn(p, s.In, s.Out)
		got := make([]uint64, s.Rows*snn.Words(in2))
		AugmentSpikes(p, s, x, prev, got)

		xf := make([]float32, s.Rows*s.In)
		for r := range s.Rows {
			snn.Bits(x[r*snn.Words(s.In):]).Expand(xf[r*s.In : (r+1)*s.In])
		}
		dense := make([]float32, s.Rows*in2)
		Augment(p, s, xf, prev, dense)
		want := make([]uint64, len(got))
		for r := range s.Rows {
			snn.PackSpikes(want[r*snn.Words(in2):(r+1)*snn.Words(in2)], dense[r*in2:(r+1)*in2])
		}
		require.Equal(t, want, got, "%+v %v", p, s)
	}
}

func TestSteadyStateAllocatesNothing(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	p := randomParams(rng, false, features...)
	l := randomLayer(rng, p, false, false, randomShape(rng))
	l.newInput(rng, false)
	w := PackWeights(p, l.in, l.out, l.bias, l.w, l.rec).Weights()
	st := l.modelState()
	var sc Scratch
	Step(p, l.shape(), l.dense, w, st, &sc)
	require.Zero(t, testing.AllocsPerRun(10, func() { Step(p, l.shape(), l.dense, w, st, &sc) }))
}
