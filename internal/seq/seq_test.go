package seq

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
)

func TestMain(m *testing.M) { backendtest.Main(m) }

func bitsOf(xs []float32) []uint32 {
	b := make([]uint32, len(xs))
	for i, x := range xs {
		b[i] = math.Float32bits(x)
	}
	return b
}

// reference runs steps calls of snn.Step (or StepSpikes) and returns the
// final states, every step's spikes and the counts.
func reference(n snn.Neuron, s snn.Shape, steps int, in Input, w snn.Weights, v []float32) ([]float32, []uint64, []uint32) {
	v = append([]float32(nil), v...)
	words := snn.Words(s.Out)
	spikes := make([]uint64, steps*s.Rows*words)
	counts := make([]uint32, s.Rows*s.Out)
	for t := range steps {
		sp := spikes[t*s.Rows*words : (t+1)*s.Rows*words]
		tt := t
		if in.Constant {
			tt = 0
		}
		if in.Dense != nil {
			snn.Step(n, s, in.Dense[tt*s.Rows*s.In:(tt+1)*s.Rows*s.In], w, v, sp)
		} else {
			xw := snn.Words(s.In)
			snn.StepSpikes(n, s, in.Spikes[tt*s.Rows*xw:(tt+1)*s.Rows*xw], w, v, sp)
		}
		for r := range s.Rows {
			for j := range snn.Bits(sp[r*words : (r+1)*words]).All() {
				counts[r*s.Out+j]++
			}
		}
	}
	return v, spikes, counts
}

func randomInput(rng *rand.Rand, s snn.Shape, steps int, spikes, constant bool) Input {
	if constant {
		steps = 1
	}
	in := Input{Constant: constant}
	if spikes {
		xw := snn.Words(s.In)
		in.Spikes = make([]uint64, steps*s.Rows*xw)
		for k := range steps * s.Rows {
			for i := range s.In {
				if rng.Float32() < 0.2 {
					snn.Bits(in.Spikes[k*xw:]).Set(i, true)
				}
			}
		}
		return in
	}
	in.Dense = make([]float32, steps*s.Rows*s.In)
	for i := range in.Dense {
		in.Dense[i] = rng.Float32() * 0.6
		if rng.IntN(7) == 0 {
			in.Dense[i] = 0
		}
	}
	return in
}

// TestRunEqualsSteps: a run is bit for bit steps calls of Step, for every
// backend, length, row count, reset, input kind, and with small scratch
// (forcing many chunks).
func TestRunEqualsSteps(t *testing.T) {
	stepsList := []int{1, 2, 3, 5, 6, 7, 13, 64, 100}
	rowsList := []int{1, 2, 5, 17}
	if testing.Short() || os.Getenv("SNN_WANT_BACKEND") != "" {
		stepsList, rowsList = []int{1, 3, 7, 64}, []int{1, 5}
	}
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, scratch := range []int{MaxScratchBytes, 3000} {
			maxScratchBytes = scratch
			for _, steps := range stepsList {
				for _, rows := range rowsList {
					for _, reset := range []snn.Reset{snn.ResetZero, snn.ResetSubtract, snn.ResetNone} {
						for kind := range 4 {
							s := snn.Shape{Rows: rows, In: 13 + rng.IntN(60), Out: 1 + rng.IntN(140)}
							n := snn.Neuron{Decay: 0.5 + 0.4*rng.Float32(), Threshold: 0.6 + rng.Float32(), Reset: reset}
							w := make([]float32, s.In*s.Out)
							for i := range w {
								w[i] = float32(rng.NormFloat64()) * 0.3
							}
							in := randomInput(rng, s, steps, kind&1 == 1, kind&2 == 2)
							v0 := make([]float32, s.Rows*s.Out)
							for i := range v0 {
								v0[i] = float32(rng.NormFloat64())
							}
							name := fmt.Sprintf("scratch=%d/T=%d/rows=%d/%v/kind=%d/%dx%d", scratch, steps, rows, reset, kind, s.In, s.Out)
							wantV, wantS, wantC := reference(n, s, steps, in, snn.RowMajor(w), v0)
							for _, packed := range []bool{false, true} {
								ww := snn.RowMajor(w)
								if packed {
									p := snn.NewPacked(s.In, s.Out)
									p.CopyFrom(w)
									ww = p.Weights()
								}
								var r Runner
								v := append([]float32(nil), v0...)
								out := Output{
									Spikes: make([]uint64, steps*s.Rows*snn.Words(s.Out)),
									Counts: make([]uint32, s.Rows*s.Out),
									Last:   make([]uint64, s.Rows*snn.Words(s.Out)),
								}
								r.Run(n, s, steps, in, ww, v, out, Inline)
								require.Equal(t, bitsOf(wantV), bitsOf(v), "%s packed=%v: v", name, packed)
								require.Equal(t, wantS, out.Spikes, "%s packed=%v: spikes", name, packed)
								require.Equal(t, wantC, out.Counts, "%s packed=%v: counts", name, packed)
								require.Equal(t, wantS[(steps-1)*s.Rows*snn.Words(s.Out):], out.Last, "%s: last", name)
							}
						}
					}
				}
			}
		}
		maxScratchBytes = MaxScratchBytes
	})
}

// TestRunSignedZeros: products that underflow to -0 (fma(-1e-30, 1e-30,
// +0) = -0) meeting states of either zero, negative decays and zero
// thresholds, where only the sign of a zero tells the bits apart.
func TestRunSignedZeros(t *testing.T) {
	zeros := []float32{0, float32(math.Copysign(0, -1))}
	tiny := []float32{1e-30, -1e-30, 0, zeros[1]}
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, decay := range []float32{0.5, -0.5, 0} {
			for _, thr := range []float32{0, zeros[1], 1} {
				for _, reset := range []snn.Reset{snn.ResetZero, snn.ResetSubtract, snn.ResetNone} {
					n := snn.Neuron{Decay: decay, Threshold: thr, Reset: reset}
					s := snn.Shape{Rows: 7, In: 3, Out: 131} // odd: rows of acc start 4 bytes off 8 too
					steps := 4
					in := Input{Dense: make([]float32, steps*s.Rows*s.In)}
					for i := range in.Dense {
						in.Dense[i] = tiny[rng.IntN(len(tiny))]
					}
					w := make([]float32, s.In*s.Out)
					for i := range w {
						w[i] = tiny[rng.IntN(len(tiny))]
					}
					v0 := make([]float32, s.Rows*s.Out)
					for i := range v0 {
						v0[i] = zeros[rng.IntN(2)]
					}
					wantV, wantS, _ := reference(n, s, steps, in, snn.RowMajor(w), v0)
					var r Runner
					v := append([]float32(nil), v0...)
					out := Output{Spikes: make([]uint64, len(wantS)), Last: make([]uint64, s.Rows*snn.Words(s.Out))}
					r.Run(n, s, steps, in, snn.RowMajor(w), v, out, Inline)
					name := fmt.Sprintf("decay %v threshold %v %v", decay, thr, reset)
					require.Equal(t, bitsOf(wantV), bitsOf(v), "%s: v", name)
					require.Equal(t, wantS, out.Spikes, "%s: spikes", name)
				}
			}
		}
	})
}
