package model

import (
	"math"
	"math/big"

	"github.com/spikekernel/snn"
)

// The naive reference: SPEC §6 written literally, scalar loops, with its own
// correctly rounded fma. It shares no code with the package.

// fmaBig returns a·b+c rounded once to float32: the exact value in a
// math/big.Float, then one rounding to nearest even. The product of two
// float32 has 48 bits; the sum with c is exact in |exp(a·b) - exp(c)| + 128
// bits. Non-finite operands go through float64, where the result is a
// special value that one rounding cannot change.
func fmaBig(a, b, c float32) float32 {
	for _, x := range []float32{a, b, c} {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return float32(math.FMA(float64(a), float64(b), float64(c)))
		}
	}
	_, ea := math.Frexp(float64(a))
	_, eb := math.Frexp(float64(b))
	_, ec := math.Frexp(float64(c))
	prec := uint(max(ea+eb-ec, ec-ea-eb) + 128)
	p := fmaBuf[0].SetPrec(prec).SetFloat64(float64(a))
	p.Mul(p, fmaBuf[1].SetFloat64(float64(b)))
	p.Add(p, fmaBuf[2].SetFloat64(float64(c)))
	f, _ := p.Float32()
	return f
}

// fmaBuf is fmaBig's scratch (tests using it are not parallel).
var fmaBuf [3]big.Float

// refLayer is a model layer in plain row-major slices.
type refLayer struct {
	p        Params
	in, out  int
	bias     []float32 // out, with Bias
	w        []float32 // in×out
	rec      []float32 // out×out, with Recurrent
	spikeIn  bool      // x is packed bits
	dense    []float32 // rows×in, this step's dense input
	spikes   []uint64  // rows×Words(in), this step's spike input
	rows     int
	v, theta []float32
	refr     []int32
	s        []uint64 // rows×Words(out): s⁻ in, s out
}

func bit(words []uint64, i int) bool { return words[i/64]>>(uint(i)%64)&1 == 1 }

func (l *refLayer) reset(v float32) float32 {
	switch l.p.Reset {
	case snn.ResetZero:
		return 0
	case snn.ResetSubtract:
		return float32(v - l.p.Threshold)
	case snn.ResetNone:
		return v
	}
	return l.p.ResetValue
}

// step is one step of every row, exactly as SPEC §6 lists it.
func (l *refLayer) step() {
	p := l.p
	words := snn.Words(l.out)
	next := make([]uint64, len(l.s))
	for b := 0; b < l.rows; b++ {
		prev := l.s[b*words : (b+1)*words]
		for j := 0; j < l.out; j++ {
			acc := float32(0)
			if p.Bias {
				acc = l.bias[j]
				if acc == 0 {
					acc = 0 // a bias of -0 is +0
				}
			}
			for i := 0; i < l.in; i++ {
				if l.spikeIn {
					if bit(l.spikes[b*snn.Words(l.in):], i) {
						acc = float32(acc + l.w[i*l.out+j])
					}
				} else {
					acc = fmaBig(l.dense[b*l.in+i], l.w[i*l.out+j], acc)
				}
			}
			if p.Recurrent {
				for k := 0; k < l.out; k++ {
					if bit(prev, k) {
						acc = float32(acc + l.rec[k*l.out+j])
					}
				}
			}
			at := b*l.out + j
			v := fmaBig(p.Decay, l.v[at], acc)
			if p.Inhibition != 0 {
				m := 0 // the other neurons of the row that spiked in s⁻
				for k := 0; k < l.out; k++ {
					if k != j && bit(prev, k) {
						m++
					}
				}
				if m > 0 {
					v = float32(v - float32(p.Inhibition*float32(m)))
				}
			}
			if p.DelayedReset && bit(prev, j) {
				v = l.reset(v)
			}
			thr, theta := p.Threshold, float32(0)
			if p.Adaptive {
				theta = float32(l.theta[at] * p.ThetaDecay)
				thr = float32(p.Threshold + theta)
			}
			var s bool
			if p.FireAbove {
				s = v > thr
			} else {
				s = !(v < thr)
			}
			if p.Refractory > 0 && l.refr[at] > 0 {
				s, v = false, p.ResetValue
				l.refr[at]--
			}
			if s && !p.DelayedReset {
				v = l.reset(v)
			}
			if s {
				theta = float32(theta + p.ThetaPlus)
				if p.Refractory > 0 {
					l.refr[at] = p.Refractory
				}
				next[b*words+j/64] |= 1 << (uint(j) % 64)
			}
			l.v[at] = v
			if p.Adaptive {
				l.theta[at] = theta
			}
		}
	}
	copy(l.s, next)
}
