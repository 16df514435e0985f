package batch_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/layer"
)

func float32Bits(xs []float32) []uint32 {
	b := make([]uint32, len(xs))
	for i, x := range xs {
		b[i] = math.Float32bits(x)
	}
	return b
}

// sequence draws steps steps of rows×in input (one step if constant).
func sequence(rng *rand.Rand, steps, rows, in int, spikes, constant bool) layer.Sequence {
	q := layer.Sequence{Steps: steps, Constant: constant}
	given := steps
	if constant {
		given = 1
	}
	if spikes {
		words := snn.Words(in)
		q.Spikes = make([]uint64, given*rows*words)
		for k := range given * rows {
			for i := range in {
				snn.Bits(q.Spikes[k*words:]).Set(i, rng.IntN(3) == 0)
			}
		}
		return q
	}
	q.Dense = make([]float32, given*rows*in)
	for i := range q.Dense {
		q.Dense[i] = rng.Float32()
	}
	return q
}

// stepAll steps net (a network of twins) through q one step at a time,
// recording the output's spikes.
func stepAll(t *testing.T, net *batch.Network, q layer.Sequence, rows, in int) ([]uint64, []uint32) {
	out := net.Output()
	words := snn.Words(out.Layer().Out())
	rec := make([]uint64, q.Steps*rows*words)
	counts := make([]uint32, rows*out.Layer().Out())
	for k := range q.Steps {
		tk := k
		if q.Constant {
			tk = 0
		}
		if q.Spikes != nil {
			w := snn.Words(in)
			require.NoError(t, net.StepSpikes(q.Spikes[tk*rows*w:(tk+1)*rows*w]))
		} else {
			require.NoError(t, net.Step(q.Dense[tk*rows*in:(tk+1)*rows*in]))
		}
		copy(rec[k*rows*words:], out.Spikes())
		for r := range rows {
			for j := range snn.Bits(out.SpikesRow(r)).All() {
				counts[r*out.Layer().Out()+j]++
			}
		}
	}
	return rec, counts
}

// TestRunEqualsSteps: a network's (and so a batch's) Run equals stepping,
// bit for bit, for 1–3 layers, every thread count, dense, spike and
// constant input, with and without learning.
func TestRunEqualsSteps(t *testing.T) {
	stepsList := []int{1, 2, 3, 5, 6, 7, 13, 64, 100}
	rowsList := []int{1, 2, 5, 17}
	if testing.Short() || os.Getenv("SNN_WANT_BACKEND") != "" {
		stepsList, rowsList = []int{1, 7, 64}, []int{1, 5}
	}
	threadsList := []int{1, 2, 3}
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, threads := range threadsList {
			pool := batch.NewPool(threads)
			defer pool.Close()
			for _, steps := range stepsList {
				for _, rows := range rowsList {
					for kind := range 8 {
						spikes, constant, learning := kind&1 == 1, kind&2 == 2, kind&4 == 4
						depth := 1 + rng.IntN(3)
						sizes := []int{3 + rng.IntN(90)}
						for range depth {
							sizes = append(sizes, 1+rng.IntN(140))
						}
						build := func() *batch.Network {
							var ls []*layer.Layer
							for d := range depth {
								l, err := layer.New(sizes[d], sizes[d+1], layer.WithSeed(uint64(d+kind)),
									layer.WithReset(snn.Reset(d%3)), layer.WithThreshold(0.3), layer.WithLearning(learning && d == depth-1))
								require.NoError(t, err)
								ls = append(ls, l)
							}
							net, err := batch.NewNetwork(rows, ls, batch.WithPool(pool), batch.WithCounts(true))
							require.NoError(t, err)
							return net
						}
						a, b := build(), build()
						q := sequence(rng, steps, rows, sizes[0], spikes, constant)
						name := fmt.Sprintf("threads=%d T=%d rows=%d kind=%d sizes=%v", threads, steps, rows, kind, sizes)
						outWords := snn.Words(sizes[depth])
						rec := layer.Record{Spikes: make([]uint64, steps*rows*outWords), Counts: make([]uint32, rows*sizes[depth])}
						require.NoError(t, a.Run(q, rec), name)
						wantRec, wantCounts := stepAll(t, b, q, rows, sizes[0])
						require.Equal(t, wantRec, rec.Spikes, name)
						require.Equal(t, wantCounts, rec.Counts, name)
						for d := range depth {
							ba, bb := a.Batch(d), b.Batch(d)
							require.Equal(t, float32Bits(bb.State(nil)), float32Bits(ba.State(nil)), "%s: layer %d state", name, d)
							require.Equal(t, bb.Spikes(), ba.Spikes(), "%s: layer %d spikes", name, d)
							require.Equal(t, bb.Counts(), ba.Counts(), "%s: layer %d counts", name, d)
							require.Equal(t, float32Bits(bb.Layer().Weights(nil)), float32Bits(ba.Layer().Weights(nil)), "%s: layer %d W", name, d)
						}
					}
				}
			}
		}
	})
}

// TestRunAllocatesNothing: runs after the first with the same sizes
// allocate nothing.
func TestRunAllocatesNothing(t *testing.T) {
	l0, err := layer.New(50, 70, layer.WithSeed(1))
	require.NoError(t, err)
	l1, err := layer.New(70, 10, layer.WithSeed(2))
	require.NoError(t, err)
	net, err := batch.NewNetwork(3, []*layer.Layer{l0, l1})
	require.NoError(t, err)
	q := sequence(rand.New(rand.NewPCG(1, 1)), 20, 3, 50, false, false)
	rec := layer.Record{Counts: make([]uint32, 3*10)}
	require.NoError(t, net.Run(q, rec))
	require.Zero(t, testing.AllocsPerRun(50, func() { _ = net.Run(q, rec) }))
	require.Zero(t, testing.AllocsPerRun(50, func() { _ = l0.Run(layer.Sequence{Steps: 20, Dense: q.Dense[:20*50]}, layer.Record{}) }))
}

// TestRunSignedZeros: a batch's run equals its steps bit for bit where
// only the sign of a zero differs: products that underflow to -0
// (fma(-1e-30, 1e-30, +0) = -0) meeting states of -0, on 1 and 2 threads,
// with an x small enough for the step kernel's product and (without
// -short) one large enough for avx2's blocked product.
func TestRunSignedZeros(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	tiny := []float32{1e-30, -1e-30, 0, negZero}
	ins := []int{3}
	if !testing.Short() {
		ins = append(ins, 2100) // 64 product rows × 2100 × 4 bytes: over half of a 1 MiB L2
	}
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, threads := range []int{1, 2} {
			pool := batch.NewPool(threads)
			defer pool.Close()
			for _, in := range ins {
				for _, reset := range []snn.Reset{snn.ResetSubtract, snn.ResetNone} {
					const rows, out, steps = 32, 131, 2 // few steps: a -0 state lasts only while every sum is -0
					w := make([]float32, in*out)
					for i := range w {
						w[i] = tiny[rng.IntN(len(tiny))]
					}
					q := layer.Sequence{Steps: steps, Dense: make([]float32, steps*rows*in)}
					for i := range q.Dense {
						q.Dense[i] = tiny[rng.IntN(len(tiny))]
					}
					v0 := make([]float32, rows*out)
					for i := range v0 {
						v0[i] = negZero
					}
					var states [2][]float32
					for k := range states {
						l, err := layer.FromWeights(in, out, w, make([]float32, out), layer.WithThreshold(0), layer.WithReset(reset))
						require.NoError(t, err)
						b, err := batch.New(l, rows, batch.WithPool(pool))
						require.NoError(t, err)
						require.NoError(t, b.SetState(v0))
						if k == 0 {
							for s := range steps {
								require.NoError(t, b.Step(q.Dense[s*rows*in:(s+1)*rows*in]))
							}
						} else {
							require.NoError(t, b.Run(q, layer.Record{}))
						}
						states[k] = b.State(nil)
					}
					require.Equal(t, float32Bits(states[0]), float32Bits(states[1]), "threads %d in %d %v", threads, in, reset)
				}
			}
		}
	})
}
