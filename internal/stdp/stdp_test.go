package stdp

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refRule is SPEC §9 written literally: every trace stored and decayed at
// every step, every weight visited.
type refRule struct {
	r           Rule
	x, y, y2    []float32 // traces
	ax, ay, ay2 []int     // steps since the last spike, -1 for never
	w           [][]float32
	in, out     int
}

func newRef(r Rule, w [][]float32) *refRule {
	in, out := len(w), len(w[0])
	f := &refRule{r: r, w: w, in: in, out: out, x: make([]float32, in), y: make([]float32, out),
		ax: make([]int, in), ay: make([]int, out), y2: make([]float32, out), ay2: make([]int, out)}
	for i := range f.ax {
		f.ax[i] = -1
	}
	for j := range f.ay {
		f.ay[j], f.ay2[j] = -1, -1
	}
	return f
}

func (f *refRule) clamp(x float32) float32 {
	if !f.r.Bounded {
		return x
	}
	return float32(math.Min(math.Max(float64(x), float64(f.r.WMin)), float64(f.r.WMax)))
}

// age advances a trace by one step: decay, and 0 once Window steps old.
func age(v []float32, a []int, decay float32, window int) {
	for i := range v {
		if a[i] < 0 {
			continue
		}
		a[i]++
		v[i] = float32(v[i] * decay)
		if a[i] >= window {
			v[i], a[i] = 0, -1
		}
	}
}

func (f *refRule) step(pre, post []bool) {
	for i := range f.in {
		for j := range f.out {
			if pre[i] && f.y[j] != 0 {
				f.w[i][j] = f.clamp(float32(f.w[i][j] - float32(f.r.NuPre*f.y[j])))
			}
		}
	}
	for i := range f.in {
		if pre[i] {
			f.x[i], f.ax[i] = 1, 0
		}
	}
	for j := range f.out {
		for i := range f.in {
			switch {
			case !post[j] || f.x[i] == 0:
			case !f.r.Triplet:
				f.w[i][j] = f.clamp(float32(f.w[i][j] + float32(f.r.NuPost*f.x[i])))
			case f.y2[j] != 0:
				f.w[i][j] = f.clamp(float32(f.w[i][j] + float32(float32(f.r.NuPost*f.x[i])*f.y2[j])))
			}
		}
	}
	for j := range f.out {
		if post[j] {
			f.y[j], f.ay[j], f.y2[j], f.ay2[j] = 1, 0, 1, 0
		}
	}
	age(f.x, f.ax, f.r.PreDecay, f.r.Window)
	age(f.y, f.ay, f.r.PostDecay, f.r.Window)
	age(f.y2, f.ay2, f.r.Post2Decay, f.r.Window)
}

func bitsOf(b []bool) []uint64 {
	w := make([]uint64, (len(b)+63)/64)
	for i, on := range b {
		if on {
			w[i/64] |= 1 << (i % 64)
		}
	}
	return w
}

func randomRule(rng *rand.Rand) Rule {
	decays := []float32{0, 0.5, 0.9, 0.975, 1}
	r := Rule{
		PreDecay: decays[rng.IntN(len(decays))], PostDecay: decays[rng.IntN(len(decays))],
		NuPre: rng.Float32() * 0.1, NuPost: rng.Float32() * 0.1, Window: 1 + rng.IntN(40),
	}
	if rng.IntN(2) == 0 {
		r.Bounded, r.WMin, r.WMax = true, 0, 1
	}
	if rng.IntN(2) == 0 {
		r.Triplet, r.Post2Decay = true, decays[rng.IntN(len(decays))]
	}
	return r
}

// TestStepMatchesReference runs random rules, shapes and spike trains
// through State.Step on packed weights (with a leading bias row) and the
// literal reference, and compares every weight bit after every step.
func TestStepMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var changed int
	for c := range 60 {
		r := randomRule(rng)
		msg, _ := r.Validate()
		require.Empty(t, msg)
		in, out := 1+rng.IntN(150), 1+rng.IntN(150)
		row0 := rng.IntN(2)
		rows := row0 + in + rng.IntN(2)*3
		panels := (out + 63) / 64
		pk := Weights{Data: make([]float32, panels*rows*64), Row0: row0, Rows: rows, In: in, Out: out}
		ref, start := make([][]float32, in), make([][]float32, in)
		for i := range ref {
			ref[i] = make([]float32, out)
			for j := range ref[i] {
				v := rng.Float32()
				ref[i][j] = v
				*pk.at(i, j) = v
			}
			start[i] = append([]float32(nil), ref[i]...)
		}
		f := newRef(r, ref)
		var s State
		s.Reset(r, in, out)
		pd, qd := 0.02+0.2*rng.Float64(), 0.01+0.1*rng.Float64()
		for step := range 80 {
			pre, post := make([]bool, in), make([]bool, out)
			for i := range pre {
				pre[i] = rng.Float64() < pd
			}
			for j := range post {
				post[j] = rng.Float64() < qd
			}
			f.step(pre, post)
			s.Step(pk, bitsOf(pre), bitsOf(post))
			for i := range in {
				for j := range out {
					if got, want := math.Float32bits(*pk.at(i, j)), math.Float32bits(ref[i][j]); got != want {
						require.Equal(t, want, got, "case %d %+v %dx%d step %d: w[%d,%d]", c, r, in, out, step, i, j)
					}
				}
			}
		}
		for i := range in {
			for j := range out {
				if ref[i][j] != start[i][j] { // some weights moved: the test can fail
					changed++
				}
			}
		}
	}
	require.Positive(t, changed)
}

func TestValidate(t *testing.T) {
	ok := Rule{PreDecay: 0.5, PostDecay: 0.5, NuPre: 0.1, NuPost: 0.1, Window: 10}
	msg, _ := ok.Validate()
	require.Empty(t, msg)
	nan := float32(math.NaN())
	for _, c := range []struct {
		mut       func(r *Rule)
		want      string
		nonFinite bool
	}{
		{func(r *Rule) { r.PreDecay = 1.5 }, "PreDecay", false},
		{func(r *Rule) { r.PostDecay = -0.1 }, "PostDecay", false},
		{func(r *Rule) { r.PostDecay = nan }, "PostDecay", true},
		{func(r *Rule) { r.Post2Decay = 2 }, "Post2Decay", false},
		{func(r *Rule) { r.NuPre = nan }, "NuPre", true},
		{func(r *Rule) { r.NuPost = float32(math.Inf(1)) }, "NuPost", true},
		{func(r *Rule) { r.Window = 0 }, "Window", false},
		{func(r *Rule) { r.Window = MaxWindow + 1 }, "Window", false},
		{func(r *Rule) { r.Bounded, r.WMin, r.WMax = true, 1, 0 }, "bounds", false},
	} {
		r := ok
		c.mut(&r)
		msg, nonFinite := r.Validate()
		require.Contains(t, msg, c.want)
		require.Equal(t, c.nonFinite, nonFinite, msg)
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	r := Rule{PreDecay: 0.9, PostDecay: 0.9, NuPre: 0.01, NuPost: 0.01, Window: 50, Triplet: true, Post2Decay: 0.95}
	in, out := 100, 70
	pk := Weights{Data: make([]float32, 2*in*64), Rows: in, In: in, Out: out}
	var s State
	s.Reset(r, in, out)
	pre, post := make([]uint64, 2), make([]uint64, 2)
	for i := range 100 { // every index alive once: the lists at full size
		pre[i/64] |= 1 << (i % 64)
	}
	for j := range out {
		post[j/64] |= 1 << (j % 64)
	}
	s.Step(pk, pre, post)
	require.Zero(t, testing.AllocsPerRun(100, func() { s.Step(pk, pre, post) }))
}
