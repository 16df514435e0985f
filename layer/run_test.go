package layer_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/layer"
)

// runInput draws a sequence of steps steps for a layer of in inputs.
func runInput(rng *rand.Rand, steps, in int, spikes, constant bool) layer.Sequence {
	q := layer.Sequence{Steps: steps, Constant: constant}
	given := steps
	if constant {
		given = 1
	}
	if spikes {
		q.Spikes = make([]uint64, given*snn.Words(in))
		for k := range given {
			for i := range in {
				snn.Bits(q.Spikes[k*snn.Words(in):]).Set(i, rng.IntN(4) == 0)
			}
		}
		return q
	}
	q.Dense = make([]float32, given*in)
	for i := range q.Dense {
		q.Dense[i] = rng.Float32()
	}
	return q
}

// TestRunEqualsSteps: Run leaves the state, the last spikes and W (with
// learning) as Steps calls of Step or StepSpikes, and records every step.
func TestRunEqualsSteps(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, steps := range []int{0, 1, 2, 5, 13, 64} {
			for kind := range 8 {
				spikes, constant, learning := kind&1 == 1, kind&2 == 2, kind&4 == 4
				in, out := 5+rng.IntN(80), 1+rng.IntN(150)
				opts := []layer.Option{layer.WithSeed(uint64(kind)), layer.WithLearning(learning), layer.WithReset(snn.Reset(kind % 3))}
				a, err := layer.New(in, out, opts...)
				require.NoError(t, err)
				b, err := layer.New(in, out, opts...)
				require.NoError(t, err)
				q := runInput(rng, steps, in, spikes, constant)
				name := fmt.Sprintf("T=%d spikes=%v constant=%v learning=%v %dx%d", steps, spikes, constant, learning, in, out)
				words := snn.Words(out)
				rec := layer.Record{Spikes: make([]uint64, steps*words), Counts: make([]uint32, out)}
				require.NoError(t, a.Run(q, rec), name)
				wantCounts := make([]uint32, out)
				for k := range steps {
					tk := k
					if constant {
						tk = 0
					}
					if spikes {
						require.NoError(t, b.StepSpikes(q.Spikes[tk*snn.Words(in):(tk+1)*snn.Words(in)]))
					} else {
						require.NoError(t, b.Step(q.Dense[tk*in:(tk+1)*in]))
					}
					require.Equal(t, b.Spikes(nil), rec.Spikes[k*words:(k+1)*words], "%s: step %d", name, k)
					for j := range snn.Bits(b.Spikes(nil)).All() {
						wantCounts[j]++
					}
				}
				require.Equal(t, floatBits(b.State(nil)), floatBits(a.State(nil)), name)
				require.Equal(t, floatBits(b.Weights(nil)), floatBits(a.Weights(nil)), name)
				require.Equal(t, b.Spikes(nil), a.Spikes(nil), name)
				require.Equal(t, wantCounts, rec.Counts, name)
			}
		}
	})
}

// TestRunErrors: bad runs return errors and change nothing.
func TestRunErrors(t *testing.T) {
	l, err := layer.New(3, 5, layer.WithSeed(1), layer.WithLearning(true))
	require.NoError(t, err)
	w0, v0 := l.Weights(nil), l.State(nil)
	for _, c := range []struct {
		name string
		q    layer.Sequence
		rec  layer.Record
		msg  string
	}{
		{"negative steps", layer.Sequence{Steps: -1}, layer.Record{}, "steps = -1"},
		{"no input", layer.Sequence{Steps: 2}, layer.Record{}, "exactly one"},
		{"both inputs", layer.Sequence{Steps: 1, Dense: make([]float32, 3), Spikes: make([]uint64, 1)}, layer.Record{}, "exactly one"},
		{"short dense", layer.Sequence{Steps: 2, Dense: make([]float32, 5)}, layer.Record{}, "len(dense input) = 5, want 6"},
		{"overflowing steps", layer.Sequence{Steps: 1 << 62, Dense: make([]float32, 3)}, layer.Record{}, "overflows"},
		{"NaN", layer.Sequence{Steps: 1, Dense: []float32{0, float32(math.NaN()), 0}}, layer.Record{}, "non-finite"},
		{"high bit", layer.Sequence{Steps: 1, Spikes: []uint64{8}}, layer.Record{}, "beyond 3"},
		{"short record", layer.Sequence{Steps: 2, Dense: make([]float32, 6)}, layer.Record{Spikes: make([]uint64, 1)}, "len(spike record) = 1"},
		{"short counts", layer.Sequence{Steps: 2, Dense: make([]float32, 6)}, layer.Record{Counts: make([]uint32, 4)}, "len(counts) = 4"},
	} {
		err := l.Run(c.q, c.rec)
		require.True(t, errors.Is(err, snn.ErrShape) || errors.Is(err, snn.ErrNonFinite), "%s: %v", c.name, err)
		require.ErrorContains(t, err, c.msg, c.name)
		require.Equal(t, w0, l.Weights(nil), c.name)
		require.Equal(t, v0, l.State(nil), c.name)
	}
}

func floatBits(xs []float32) []uint32 {
	b := make([]uint32, len(xs))
	for i, x := range xs {
		b[i] = math.Float32bits(x)
	}
	return b
}
