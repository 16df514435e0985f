package layer_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/internal/model"
	"github.com/spikekernel/snn/layer"
)

// feature is one model feature: the layer's option and what it sets in
// internal/model's parameters, written independently of the layer.
type feature struct {
	name string
	opt  func(bias, rec []float32) layer.Option
	set  func(p *model.Params)
}

var features = []feature{
	{"bias", func(b, _ []float32) layer.Option { return layer.WithBias(b) }, func(p *model.Params) { p.Bias = true }},
	{"above", func(_, _ []float32) layer.Option { return layer.WithFire(layer.FireAbove) }, func(p *model.Params) { p.FireAbove = true }},
	{"delayed", func(_, _ []float32) layer.Option { return layer.WithDelayedReset(true) }, func(p *model.Params) { p.DelayedReset = true }},
	{"tovalue", func(_, _ []float32) layer.Option { return layer.WithResetToValue(-0.25) }, func(p *model.Params) {
		p.Reset, p.ResetValue = model.ResetToValue, -0.25
	}},
	{"recurrent", func(_, v []float32) layer.Option { return layer.WithRecurrent(v) }, func(p *model.Params) { p.Recurrent = true }},
	{"adaptive", func(_, _ []float32) layer.Option { return layer.WithAdaptiveThreshold(0.875, 0.125) }, func(p *model.Params) {
		p.Adaptive, p.ThetaDecay, p.ThetaPlus = true, 0.875, 0.125
	}},
	{"refractory", func(_, _ []float32) layer.Option { return layer.WithRefractory(2) }, func(p *model.Params) { p.Refractory = 2 }},
	{"inhibition", func(_, _ []float32) layer.Option { return layer.WithLateralInhibition(0.375) }, func(p *model.Params) { p.Inhibition = 0.375 }},
}

// combos are the feature sets tested: each alone, the frameworks' sets and
// all of them.
var combos = [][]string{
	{"bias"}, {"above"}, {"delayed"}, {"tovalue"}, {"recurrent"}, {"adaptive"}, {"refractory"}, {"inhibition"},
	{"bias", "above", "delayed"},                        // snnTorch Leaky
	{"bias", "above", "delayed", "recurrent"},           // snnTorch RLeaky
	{"bias", "tovalue"},                                 // SpikingJelly LIFNode
	{"adaptive", "refractory", "tovalue", "inhibition"}, // Diehl & Cook
	{"bias", "above", "delayed", "tovalue", "recurrent", "adaptive", "refractory", "inhibition"},
}

// modelCase is a layer of a feature set and the same model for internal/model.
type modelCase struct {
	name       string
	in, out    int
	w, v       []float32
	bias, rec  []float32
	opts       []layer.Option
	p          model.Params
	spikeInput bool
}

func newModelCase(rng *rand.Rand, names []string, in, out int, reset snn.Reset) modelCase {
	c := modelCase{name: fmt.Sprint(names, reset), in: in, out: out}
	draw := func(n int, scale float32) []float32 {
		xs := make([]float32, n)
		for i := range xs {
			xs[i] = float32(rng.NormFloat64()) * scale
		}
		return xs
	}
	c.w = draw(in*out, 2/float32(math.Sqrt(float64(in))))
	c.v = draw(out, 0.5)
	c.bias = draw(out, 0.3)
	c.bias[0] = float32(math.Copysign(0, -1))
	c.rec = draw(out*out, 0.3)
	c.p = model.Default()
	c.p.Reset = reset
	c.opts = []layer.Option{layer.WithReset(reset)}
	for _, n := range names {
		i := slices.IndexFunc(features, func(f feature) bool { return f.name == n })
		c.opts = append(c.opts, features[i].opt(c.bias, c.rec))
		features[i].set(&c.p)
	}
	return c
}

// reference steps c's model through internal/model alone.
type reference struct {
	c  modelCase
	w  *snn.Packed
	st model.State
	sc model.Scratch
}

func newReference(c modelCase) *reference {
	r := &reference{c: c, w: model.PackWeights(c.p, c.in, c.out, c.bias, c.w, c.rec)}
	r.st = model.State{V: slices.Clone(c.v), Spikes: make([]uint64, snn.Words(c.out)),
		Theta: make([]float32, c.out), Refr: make([]int32, c.out), Active: make([]int64, 1)}
	return r
}

func (r *reference) step(x []float32, xs []uint64) {
	s := snn.Shape{Rows: 1, In: r.c.in, Out: r.c.out}
	if xs != nil {
		model.StepSpikes(r.c.p, s, xs, r.w.Weights(), r.st, &r.sc)
		return
	}
	model.Step(r.c.p, s, x, r.w.Weights(), r.st, &r.sc)
}

func bitsOf(xs []float32) []uint32 {
	b := make([]uint32, len(xs))
	for i, x := range xs {
		b[i] = math.Float32bits(x)
	}
	return b
}

// requireSame requires l's state, spikes, θ and counters to equal r's bit
// for bit.
func requireSame(t *testing.T, r *reference, l *layer.Layer, msg string) {
	t.Helper()
	require.Equal(t, bitsOf(r.st.V), bitsOf(l.State(nil)), "%s: state", msg)
	require.Equal(t, r.st.Spikes, l.Spikes(nil), "%s: spikes", msg)
	if r.c.p.Adaptive {
		require.Equal(t, bitsOf(r.st.Theta), bitsOf(l.Theta(nil)), "%s: theta", msg)
	}
	if r.c.p.Refractory > 0 {
		require.Equal(t, r.st.Refr, l.Refractory(nil), "%s: refractory", msg)
	}
}

func randomStepInput(rng *rand.Rand, in int) ([]float32, []uint64) {
	x := make([]float32, in)
	xs := make([]uint64, snn.Words(in))
	for i := range x {
		x[i] = rng.Float32() * 0.6
		if rng.IntN(3) == 0 {
			snn.Bits(xs).Set(i, true)
		}
	}
	return x, xs
}

func TestModelLayerMatchesModelStep(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 0))
		for _, names := range combos {
			for _, reset := range []snn.Reset{snn.ResetZero, snn.ResetSubtract, snn.ResetNone} {
				for _, sz := range [][2]int{{7, 5}, {70, 130}} {
					c := newModelCase(rng, names, sz[0], sz[1], reset)
					l, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
					require.NoError(t, err)
					ref := newReference(c)
					spikes := 0
					for step := range 12 {
						x, xs := randomStepInput(rng, c.in)
						if step%3 == 2 {
							require.NoError(t, l.StepSpikes(xs))
							ref.step(nil, xs)
						} else {
							require.NoError(t, l.Step(x))
							ref.step(x, nil)
						}
						requireSame(t, ref, l, fmt.Sprintf("%s %v step %d", c.name, sz, step))
						spikes += snn.Bits(l.Spikes(nil)).Count()
					}
					require.NotZero(t, spikes, "%s %v: some spikes", c.name, sz)
				}
			}
		}
	})
}

func TestModelAccessors(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 0))
	c := newModelCase(rng, combos[len(combos)-1], 5, 3, snn.ResetSubtract)
	l, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
	require.NoError(t, err)
	m := l.Model()
	bias := slices.Clone(c.bias)
	bias[0] = 0 // -0 stored as +0
	require.Equal(t, layer.Model{Fire: layer.FireAbove, DelayedReset: true, ResetToValue: true, ResetValue: -0.25,
		Adaptive: true, ThetaDecay: 0.875, ThetaPlus: 0.125, Refractory: 2, Inhibition: 0.375, Bias: bias, Recurrent: c.rec}, m)
	require.Equal(t, math.Float32bits(0), math.Float32bits(m.Bias[0]))
	require.Equal(t, c.w, l.Weights(nil), "Weights returns W alone")
	w2 := slices.Clone(c.w)
	w2[4] = 9
	require.NoError(t, l.SetWeights(w2))
	require.Equal(t, w2, l.Weights(nil))
	require.Equal(t, m, l.Model(), "SetWeights leaves bias and V")
	require.Equal(t, snn.DefaultNeuron().Decay, l.Neuron().Decay)

	o, err := layer.New(4, 3, layer.WithSeed(1))
	require.NoError(t, err)
	require.Equal(t, layer.Model{}, o.Model(), "the original's Model is zero")
	require.Empty(t, o.Theta(nil))
	require.Empty(t, o.Refractory(nil))
}

func TestModelValidation(t *testing.T) {
	nan := float32(math.NaN())
	cases := []struct {
		name string
		err  error
		msg  string
		opt  layer.Option
	}{
		{"bias length", snn.ErrShape, "len(bias) = 2, want 3", layer.WithBias(make([]float32, 2))},
		{"bias NaN", snn.ErrNonFinite, "bias[1] = NaN", layer.WithBias([]float32{0, nan, 0})},
		{"recurrent length", snn.ErrShape, "len(recurrent) = 3, want 9", layer.WithRecurrent(make([]float32, 3))},
		{"recurrent Inf", snn.ErrNonFinite, "recurrent[2, 1] = +Inf", layer.WithRecurrent(append(make([]float32, 7), float32(math.Inf(1)), 0))},
		{"refractory", snn.ErrParameter, "Refractory = -1", layer.WithRefractory(-1)},
		{"theta decay", snn.ErrParameter, "ThetaDecay = 1.5", layer.WithAdaptiveThreshold(1.5, 0.1)},
		{"theta decay negative", snn.ErrParameter, "ThetaDecay = -0.5", layer.WithAdaptiveThreshold(-0.5, 0.1)},
		{"theta decay NaN", snn.ErrNonFinite, "ThetaDecay = NaN", layer.WithAdaptiveThreshold(nan, 0.1)},
		{"theta plus NaN", snn.ErrNonFinite, "ThetaPlus = NaN", layer.WithAdaptiveThreshold(0.5, nan)},
		{"inhibition NaN", snn.ErrNonFinite, "Inhibition = NaN", layer.WithLateralInhibition(nan)},
		{"reset value", snn.ErrNonFinite, "ResetValue = NaN", layer.WithResetToValue(nan)},
		{"fire", snn.ErrParameter, "Fire = 2", layer.WithFire(2)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := layer.New(2, 3, c.opt)
			require.ErrorIs(t, err, c.err)
			require.ErrorContains(t, err, c.msg)
			require.Nil(t, l)
			l, err = layer.FromWeights(2, 3, make([]float32, 6), make([]float32, 3), c.opt)
			require.ErrorIs(t, err, c.err)
			require.Nil(t, l)
		})
	}
	for _, opt := range []layer.Option{layer.WithBias(make([]float32, 3)), layer.WithRecurrent(make([]float32, 9))} {
		_, err := layer.New(2, 3, opt, layer.WithLearning(true))
		require.ErrorIs(t, err, snn.ErrParameter)
		require.ErrorContains(t, err, "learning with a bias or recurrent weights is not supported")
		l, err := layer.New(2, 3, opt)
		require.NoError(t, err)
		l.SetLearning(true)
		require.False(t, l.Learning())
	}
}

func TestModelRestoreAndReset(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 0))
	c := newModelCase(rng, []string{"adaptive", "refractory", "tovalue", "delayed"}, 6, 4, snn.ResetZero)
	l, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
	require.NoError(t, err)
	for range 5 {
		x, _ := randomStepInput(rng, c.in)
		require.NoError(t, l.Step(x))
	}
	theta, refr := l.Theta(nil), l.Refractory(nil)
	for _, bad := range []struct {
		theta []float32
		refr  []int32
		err   error
	}{
		{make([]float32, 3), make([]int32, 4), snn.ErrShape},
		{make([]float32, 4), make([]int32, 5), snn.ErrShape},
		{make([]float32, 4), []int32{0, 3, 0, 0}, snn.ErrParameter},
		{make([]float32, 4), []int32{0, -1, 0, 0}, snn.ErrParameter},
	} {
		require.ErrorIs(t, l.RestoreModelState(bad.theta, bad.refr), bad.err)
		require.Equal(t, theta, l.Theta(nil), "nothing changed")
		require.Equal(t, refr, l.Refractory(nil), "nothing changed")
	}
	require.ErrorIs(t, l.RestoreSpikes([]uint64{1 << 4}), snn.ErrShape)
	require.ErrorIs(t, l.RestoreSpikes(nil), snn.ErrShape)

	l.ResetState()
	require.Equal(t, []float32{-0.25, -0.25, -0.25, -0.25}, l.State(nil))
	require.Equal(t, make([]float32, 4), l.Theta(nil))
	require.Equal(t, make([]int32, 4), l.Refractory(nil))
	require.Equal(t, []uint64{0}, l.Spikes(nil))

	// A fresh layer restored to a checkpoint continues bit for bit.
	l2, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
	require.NoError(t, err)
	for range 4 {
		x, _ := randomStepInput(rng, c.in)
		require.NoError(t, l.Step(x))
		require.NoError(t, l2.Step(x))
	}
	l3, err := layer.FromWeights(c.in, c.out, c.w, l.State(nil), c.opts...)
	require.NoError(t, err)
	require.NoError(t, l3.RestoreModelState(l.Theta(nil), l.Refractory(nil)))
	require.NoError(t, l3.RestoreSpikes(l.Spikes(nil)))
	for range 6 {
		x, _ := randomStepInput(rng, c.in)
		require.NoError(t, l.Step(x))
		require.NoError(t, l3.Step(x))
		require.Equal(t, bitsOf(l.State(nil)), bitsOf(l3.State(nil)))
		require.Equal(t, l.Spikes(nil), l3.Spikes(nil))
		require.Equal(t, bitsOf(l.Theta(nil)), bitsOf(l3.Theta(nil)))
		require.Equal(t, l.Refractory(nil), l3.Refractory(nil))
	}
}

func TestModelRunEqualsSteps(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(14, 0))
		for _, names := range combos {
			c := newModelCase(rng, names, 30, 70, snn.ResetSubtract)
			ran, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
			require.NoError(t, err)
			stepped, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
			require.NoError(t, err)
			const steps = 9
			dense := make([]float32, 0, steps*c.in)
			for range steps {
				x, _ := randomStepInput(rng, c.in)
				dense = append(dense, x...)
			}
			rec := layer.Record{Spikes: make([]uint64, steps*snn.Words(c.out)), Counts: make([]uint32, c.out)}
			require.NoError(t, ran.Run(layer.Sequence{Steps: steps, Dense: dense}, rec))
			counts := make([]uint32, c.out)
			for s := range steps {
				require.NoError(t, stepped.Step(dense[s*c.in:(s+1)*c.in]))
				require.Equal(t, stepped.Spikes(nil), rec.Spikes[s*snn.Words(c.out):(s+1)*snn.Words(c.out)], "step %d", s)
				for j := range c.out {
					if stepped.Spiked(j) {
						counts[j]++
					}
				}
			}
			require.Equal(t, counts, rec.Counts)
			require.Equal(t, bitsOf(stepped.State(nil)), bitsOf(ran.State(nil)), "%v", names)
			require.Equal(t, bitsOf(stepped.Theta(nil)), bitsOf(ran.Theta(nil)))
			require.Equal(t, stepped.Refractory(nil), ran.Refractory(nil))
		}
	})
}

func TestModelStepAllocations(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 0))
	c := newModelCase(rng, combos[len(combos)-1], 100, 70, snn.ResetSubtract)
	l, err := layer.FromWeights(c.in, c.out, c.w, c.v, c.opts...)
	require.NoError(t, err)
	x, xs := randomStepInput(rng, c.in)
	require.NoError(t, l.Step(x))
	require.NoError(t, l.StepSpikes(xs))
	require.Zero(t, testing.AllocsPerRun(20, func() { _ = l.Step(x) }))
	require.Zero(t, testing.AllocsPerRun(20, func() { _ = l.StepSpikes(xs) }))
}
