// Package stdp is the event-driven spike-timing-dependent plasticity of
// SPEC §9: exponential pre- and post-synaptic traces that a spike sets to
// 1, depression of W[i,j] by NuPre·y[j] when input i spikes, potentiation
// by NuPost·x[i] when neuron j spikes. The work of a step is proportional
// to its spikes times the inputs or neurons whose trace is alive, never to
// In×Out: traces are kept as the step of their last spike and read from a
// table, and only inputs and neurons that spiked within the rule's window
// are visited.
//
// Every value is float32 with one rounding per operation and no fused
// multiply-add (each written with an explicit conversion), in pure Go: the
// same bits on every GOARCH and backend by construction.
package stdp

import (
	"fmt"
	"math"
	"math/bits"
)

// MaxWindow bounds Rule.Window: the trace tables hold Window values each.
const MaxWindow = 1 << 20

// Rule holds the parameters of the rule.
type Rule struct {
	PreDecay  float32 // per-step factor of an input's trace x, in [0, 1]
	PostDecay float32 // per-step factor of a neuron's trace y, in [0, 1]
	NuPre     float32 // depression: W[i,j] -= NuPre·y[j] when input i spikes
	NuPost    float32 // potentiation: W[i,j] += NuPost·x[i] (·y2[j] with Triplet) when neuron j spikes
	// Triplet scales the potentiation of neuron j by its second trace y2[j]
	// before the spike (Diehl & Cook's post2before: a neuron's first spike
	// after a silence potentiates nothing); y2 decays by Post2Decay.
	Triplet    bool
	Post2Decay float32
	// Window is how many steps a spike's trace lasts: k steps after it the
	// trace is Decay applied k times to 1 (one rounding each) for k <
	// Window, and 0 from then on.
	Window int
	// Bounded clamps every weight the rule changes to [WMin, WMax].
	Bounded    bool
	WMin, WMax float32
}

// Validate returns a description of the first invalid parameter, or ""
// for a valid rule: decays in [0, 1], rates and bounds finite, WMin ≤ WMax,
// Window from 1 to MaxWindow. nonFinite tells that the parameter is NaN or
// infinite.
func (r Rule) Validate() (msg string, nonFinite bool) {
	for _, f := range []struct {
		name string
		x    float32
	}{{"PreDecay", r.PreDecay}, {"PostDecay", r.PostDecay}, {"Post2Decay", r.Post2Decay}, {"NuPre", r.NuPre}, {"NuPost", r.NuPost}, {"WMin", r.WMin}, {"WMax", r.WMax}} {
		if math.IsNaN(float64(f.x)) || math.IsInf(float64(f.x), 0) {
			return fmt.Sprintf("%s = %v", f.name, f.x), true
		}
	}
	switch {
	case !(r.PreDecay >= 0 && r.PreDecay <= 1):
		return fmt.Sprintf("PreDecay = %v, want within [0, 1]", r.PreDecay), false
	case !(r.PostDecay >= 0 && r.PostDecay <= 1):
		return fmt.Sprintf("PostDecay = %v, want within [0, 1]", r.PostDecay), false
	case !(r.Post2Decay >= 0 && r.Post2Decay <= 1):
		return fmt.Sprintf("Post2Decay = %v, want within [0, 1]", r.Post2Decay), false
	case r.Window < 1 || r.Window > MaxWindow:
		return fmt.Sprintf("Window = %d, want 1 to %d", r.Window, MaxWindow), false
	case r.Bounded && !(r.WMin <= r.WMax):
		return fmt.Sprintf("bounds [%v, %v] are empty", r.WMin, r.WMax), false
	}
	return "", false
}

// Weights is the part of packed weights the rule changes: rows [Row0,
// Row0+In) of a packed matrix (element (i, j) at (j/64)·Rows·64 + i·64 +
// j%64 of Data) with Rows rows and Out columns.
type Weights struct {
	Data       []float32
	Row0, Rows int
	In, Out    int
}

func (w *Weights) at(i, j int) *float32 {
	return &w.Data[(j>>6)*w.Rows*64+(w.Row0+i)*64+(j&63)]
}

// trace is the traces of one side (the inputs or the neurons).
type trace struct {
	last   []int64   // step of the last spike of each index; valid where listed
	listed []bool    // index is in alive
	alive  []int32   // indices with a trace not 0 (and some whose trace is, pruned lazily)
	idx    []int32   // scratch: the indices of alive whose first trace is not 0
	val    []float32 // scratch: nu·trace of each index of idx
	pow    []float32 // pow[k]: the trace k steps after a spike
	pow2   []float32 // the second trace (Triplet, neurons only), else nil
}

// table returns tab grown to n values of decay applied k times to 1.
func table(tab []float32, n int, decay float32) []float32 {
	if cap(tab) < n {
		tab = make([]float32, n)
	}
	tab = tab[:n]
	x := float32(1)
	for k := range tab {
		tab[k] = x
		x = float32(x * decay)
	}
	return tab
}

func (tr *trace) reset(n int, decay float32, window int) {
	if cap(tr.last) < n {
		tr.last, tr.listed = make([]int64, n), make([]bool, n)
	}
	tr.last, tr.listed = tr.last[:n], tr.listed[:n]
	clear(tr.listed)
	tr.alive = tr.alive[:0]
	tr.pow = table(tr.pow, window, decay)
}

// second returns the second trace of index j at step t (0 without one).
func (tr *trace) second(t int64, j int) float32 {
	if tr.pow2 == nil || !tr.listed[j] {
		return 0
	}
	if k := t - tr.last[j]; k < int64(len(tr.pow2)) {
		return tr.pow2[k]
	}
	return 0
}

// prune drops from alive the indices whose traces are all 0 at step t
// (their last spike Window or more steps before, or the traces decayed to
// 0: they stay 0 until the next spike), and fills idx and val with the
// indices whose first trace is not 0 and nu·trace.
func (tr *trace) prune(t int64, nu float32) {
	kept := tr.alive[:0]
	tr.idx, tr.val = tr.idx[:0], tr.val[:0]
	for _, i := range tr.alive {
		k := t - tr.last[i]
		if k >= int64(len(tr.pow)) || (tr.pow[k] == 0 && (tr.pow2 == nil || tr.pow2[k] == 0)) {
			tr.listed[i] = false
			continue
		}
		kept = append(kept, i)
		if tr.pow[k] != 0 {
			tr.idx = append(tr.idx, i)
			tr.val = append(tr.val, float32(nu*tr.pow[k]))
		}
	}
	tr.alive = kept
}

// spiked records spikes at step t of the indices set in b.
func (tr *trace) spiked(t int64, b []uint64) {
	for w, word := range b {
		for ; word != 0; word &= word - 1 {
			i := w<<6 | bits.TrailingZeros64(word)
			tr.last[i] = t
			if !tr.listed[i] {
				tr.listed[i] = true
				tr.alive = append(tr.alive, int32(i))
			}
		}
	}
}

// State is the traces of a layer of in inputs and out neurons under one
// rule. The zero State is empty: call Reset before the first Step.
type State struct {
	t         int64 // steps taken
	pre, post trace
	rule      Rule
}

// Reset clears every trace (no spike seen) for in inputs and out neurons
// under rule r (validated), keeping storage for reuse.
func (s *State) Reset(r Rule, in, out int) {
	s.t, s.rule = 0, r
	s.pre.reset(in, r.PreDecay, r.Window)
	s.post.reset(out, r.PostDecay, r.Window)
	s.post.pow2 = nil
	if r.Triplet {
		s.post.pow2 = table(s.post.pow2[:0:cap(s.post.pow2)], r.Window, r.Post2Decay)
	}
}

// Step applies the rule for one time step to w, whose input spikes were
// pre (Words(In) words) and whose neurons' spikes were post (Words(Out)
// words), bits beyond In and Out zero. In this order (SPEC §9):
//
//	for each input i in pre, each neuron j with y[j] ≠ 0:   W[i,j] = clamp(W[i,j] − NuPre·y[j])
//	x[i] = 1 for each input i in pre
//	for each neuron j in post, each input i with x[i] ≠ 0:  W[i,j] = clamp(W[i,j] + NuPost·x[i])
//	    (with Triplet, only where y2[j] ≠ 0, by (NuPost·x[i])·y2[j], y2 before this spike)
//	y[j] = y2[j] = 1 for each neuron j in post
//
// where the traces are those of this step (k steps after a spike: the
// table value for k < Window, else 0) and each product and sum is rounded
// once. It allocates only while the lists of live traces grow.
func (s *State) Step(w Weights, pre, post []uint64) {
	if len(s.pre.last) != w.In || len(s.post.last) != w.Out {
		panic(fmt.Sprintf("stdp.State.Step: traces of %d×%d, weights of %d×%d", len(s.pre.last), len(s.post.last), w.In, w.Out))
	}
	r := &s.rule
	s.post.prune(s.t, r.NuPre)
	if len(s.post.idx) > 0 {
		for wi, word := range pre {
			for ; word != 0; word &= word - 1 {
				i := wi<<6 | bits.TrailingZeros64(word)
				for k, j := range s.post.idx {
					p := w.at(i, int(j))
					*p = r.clamp(float32(*p - s.post.val[k]))
				}
			}
		}
	}
	s.pre.spiked(s.t, pre)
	if hasBits(post) {
		s.pre.prune(s.t, r.NuPost)
		for wj, word := range post {
			for ; word != 0; word &= word - 1 {
				j := wj<<6 | bits.TrailingZeros64(word)
				if !r.Triplet {
					for k, i := range s.pre.idx {
						p := w.at(int(i), j)
						*p = r.clamp(float32(*p + s.pre.val[k]))
					}
					continue
				}
				if y2 := s.post.second(s.t, j); y2 != 0 {
					for k, i := range s.pre.idx {
						p := w.at(int(i), j)
						*p = r.clamp(float32(*p + float32(s.pre.val[k]*y2)))
					}
				}
			}
		}
	}
	s.post.spiked(s.t, post)
	s.t++
}

func hasBits(b []uint64) bool {
	for _, w := range b {
		if w != 0 {
			return true
		}
	}
	return false
}

func (r *Rule) clamp(x float32) float32 {
	if !r.Bounded {
		return x
	}
	return min(max(x, r.WMin), r.WMax)
}
