package model

import (
	"fmt"
	"math/bits"

	"github.com/spikekernel/snn"
)

// Epilogue applies phase 3 of a step (SPEC §6 after v') to rows [r0, r1)
// and neurons [j0, j1) of st, where the kernel has left v' in st.V,
// st.Spikes still holds s⁻ and st.Active its count per row (CountActive):
// per neuron, in this order,
//
//	if Inhibition ≠ 0 and m > 0: v' = v' - Inhibition·m   (m = spikes of s⁻ but its own; two roundings)
//	if DelayedReset and s⁻:   v' = reset(v')
//	θ' = θ·ThetaDecay, thrEff = Threshold + θ'   (Adaptive; one rounding each)
//	s = !(v' < thrEff), or v' > thrEff with FireAbove
//	if r > 0:                 s = false, v' = ResetValue, r = r - 1
//	if s and !DelayedReset:   v' = reset(v')
//	if s:                     θ' = θ' + ThetaPlus (one rounding), r = Refractory
//
// with reset(v) = +0, v - Threshold (one rounding), v, or ResetValue by
// p.Reset. It writes v', θ', r and the spike words of the range (each word
// read as s⁻ before it is written). j0 must be a multiple of 64, j1 a
// multiple of 64 or s.Out; disjoint ranges may run concurrently. It panics
// on wrong lengths or ranges; p is not validated (see Validate).
func Epilogue(p Params, s snn.Shape, st State, r0, r1, j0, j1 int) {
	checkShape("Epilogue", s)
	st.check("Epilogue", p, s)
	if r0 < 0 || r0 > r1 || r1 > s.Rows || j0 < 0 || j0 > j1 || j1 > s.Out || j0%64 != 0 || (j1%64 != 0 && j1 != s.Out) {
		panic(fmt.Sprintf("model.Epilogue: rows [%d, %d) of %d, neurons [%d, %d) of %d: want j0, j1 multiples of 64 (or the end)",
			r0, r1, s.Rows, j0, j1, s.Out))
	}
	e := newEpilogue(p)
	words := snn.Words(s.Out)
	for r := r0; r < r1; r++ {
		if p.Inhibition != 0 {
			e.inhibitRow(st.Active[r])
		}
		for j := j0; j < j1; j += 64 {
			lo, hi := r*s.Out+j, r*s.Out+min(j+64, j1)
			var theta []float32
			var refr []int32
			if p.Adaptive {
				theta = st.Theta[lo:hi]
			}
			if p.Refractory > 0 {
				refr = st.Refr[lo:hi]
			}
			sp := &st.Spikes[r*words+j>>6]
			*sp = e.word(st.V[lo:hi], theta, refr, *sp)
		}
	}
}

// epilogue is Params turned into what the loops over a spike word need.
type epilogue struct {
	p Params
	// target is the state reset writes for ResetZero (+0) and ResetToValue.
	target float32
	// The lateral inhibition of the current row: n neurons spiked in s⁻,
	// and a neuron loses inhibit[0] = Inhibition·n if it did not spike,
	// inhibit[1] = Inhibition·(n-1) if it did (each rounded once).
	n       int64
	inhibit [2]float32
}

// inhibitRow readies the lateral inhibition of a row whose s⁻ holds n
// spikes.
func (e *epilogue) inhibitRow(n int64) {
	e.n = n
	e.inhibit[0] = float32(e.p.Inhibition * float32(n))
	e.inhibit[1] = float32(e.p.Inhibition * float32(n-1))
}

// inhibitWord subtracts the lateral inhibition of the current row from
// the states v of a spike word whose s⁻ word is prev (the row has spikes
// in s⁻). A neuron with no other spike in s⁻ (m = 0) is left alone.
func (e *epilogue) inhibitWord(v []float32, prev uint64) {
	q0, q1 := e.inhibit[0], e.inhibit[1]
	for j := range v {
		if prev>>uint(j)&1 == 0 {
			v[j] = float32(v[j] - q0)
		} else if e.n > 1 {
			v[j] = float32(v[j] - q1)
		}
	}
}

func newEpilogue(p Params) epilogue {
	e := epilogue{p: p}
	if p.Reset == ResetToValue {
		e.target = p.ResetValue
	}
	return e
}

// word runs the epilogue on up to 64 neurons of one spike word: v their
// states v', theta and refr their θ and counters (nil when unused), prev
// their s⁻ word. It returns their new spike word.
func (e *epilogue) word(v, theta []float32, refr []int32, prev uint64) uint64 {
	p := &e.p
	if p.Inhibition != 0 && e.n > 0 {
		e.inhibitWord(v, prev)
	}
	if p.DelayedReset {
		e.reset(v, prev&lowBits(len(v)))
	}
	var s uint64
	switch {
	case p.Adaptive:
		s = fireAdaptive(v, theta, p.Threshold, p.ThetaDecay, p.FireAbove)
	case p.FireAbove:
		s = fireAbove(v, p.Threshold)
	default:
		s = fireAtLeast(v, p.Threshold)
	}
	if refr != nil {
		s = refractory(v, refr, s, p.ResetValue)
	}
	if !p.DelayedReset {
		e.reset(v, s)
	}
	if s != 0 && (p.Adaptive || refr != nil) {
		for b := s; b != 0; b &= b - 1 {
			j := bits.TrailingZeros64(b)
			if p.Adaptive {
				theta[j] = float32(theta[j] + p.ThetaPlus)
			}
			if refr != nil {
				refr[j] = p.Refractory
			}
		}
	}
	return s
}

// reset applies the reset to the neurons of v whose bit is set in b.
func (e *epilogue) reset(v []float32, b uint64) {
	switch e.p.Reset {
	case snn.ResetNone:
	case snn.ResetSubtract:
		for ; b != 0; b &= b - 1 {
			j := bits.TrailingZeros64(b)
			v[j] = float32(v[j] - e.p.Threshold)
		}
	default: // ResetZero, ResetToValue
		for ; b != 0; b &= b - 1 {
			v[bits.TrailingZeros64(b)] = e.target
		}
	}
}

// fireAtLeast returns the spike word of !(v < thr): NaN fires.
func fireAtLeast(v []float32, thr float32) uint64 {
	var s uint64
	for j, x := range v {
		s |= oneIf(!(x < thr)) << uint(j)
	}
	return s
}

// fireAbove returns the spike word of v > thr: NaN does not fire.
func fireAbove(v []float32, thr float32) uint64 {
	var s uint64
	for j, x := range v {
		s |= oneIf(x > thr) << uint(j)
	}
	return s
}

// fireAdaptive decays theta in place (θ' = θ·decay) and returns the spike
// word of the test against thr + θ' (≥, or > with above).
func fireAdaptive(v, theta []float32, thr, decay float32, above bool) uint64 {
	theta = theta[:len(v)]
	var s uint64
	if above {
		for j, x := range v {
			th := float32(theta[j] * decay)
			theta[j] = th
			s |= oneIf(x > float32(thr+th)) << uint(j)
		}
		return s
	}
	for j, x := range v {
		th := float32(theta[j] * decay)
		theta[j] = th
		s |= oneIf(!(x < float32(thr+th))) << uint(j)
	}
	return s
}

// oneIf returns 1 for true and 0 for false, without a branch (spikes are
// not predictable).
func oneIf(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// refractory holds the neurons with a counter above zero: no spike, state
// ResetValue, counter minus one. It returns s without their bits.
func refractory(v []float32, refr []int32, s uint64, value float32) uint64 {
	refr = refr[:len(v)]
	var held uint64
	for j, r := range refr {
		held |= oneIf(r > 0) << uint(j)
	}
	for b := held; b != 0; b &= b - 1 {
		j := bits.TrailingZeros64(b)
		v[j] = value
		refr[j]--
	}
	return s &^ held
}
