package batch_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/backendtest"
	"github.com/spikekernel/snn/layer"
)

// batchSnapshot is everything a failed call must leave as it was.
type batchSnapshot struct {
	rows, steps int
	state       []uint32
	spikes      []uint64
	weights     []uint32
}

func snapshotBatch(b *batch.Batch) batchSnapshot {
	return batchSnapshot{b.Rows(), b.Steps(), bitsOf(b.State(nil)), append([]uint64(nil), b.Spikes()...), bitsOf(b.Layer().Weights(nil))}
}

// TestOversizeAndNilRejected runs the reproducers of issue 15 (sizes that
// wrapped around into the kernels, nil layers, a network stepped after one
// of its batches was resized alone) on every backend: each must return an
// error wrapping its sentinel and change nothing. Run it under
// `ulimit -v 8000000` too: an allocation of a wrapped size fails there.
func TestOversizeAndNilRejected(t *testing.T) {
	backendtest.Run(t, func(t *testing.T) {
		l, err := layer.New(16, 1024, layer.WithSeed(1), layer.WithLearning(true))
		require.NoError(t, err)
		b, err := batch.New(l, 1, batch.WithLearning(true))
		require.NoError(t, err)
		require.NoError(t, b.Step(make([]float32, 16)))
		l1, l2 := newLayer(t, 8, 70, 2), newLayer(t, 70, 5, 3)
		n, err := batch.NewNetwork(2, []*layer.Layer{l1, l2}, batch.WithLearning(true))
		require.NoError(t, err)
		require.NoError(t, n.Step(randomInput(newRand(), 2*8)))
		require.NoError(t, n.Batch(0).Resize(3)) // alone: the network must now refuse to step
		wide := make([]float32, 1<<22)
		cases := []struct {
			name string
			err  error
			msg  string
			f    func() error
		}{
			{"Resize 2^60", snn.ErrShape, "over 2^40 bytes", func() error { return b.Resize(1 << 60) }},
			{"Step empty x after failed Resize", snn.ErrShape, "len(x) = 0, want 16", func() error { return b.Step(wide[:0]) }},
			{"StepSpikes empty x after failed Resize", snn.ErrShape, "len(x) = 0, want 1", func() error { return b.StepSpikes(nil) }},
			{"Resize negative", snn.ErrShape, "rows = -1", func() error { return b.Resize(-1) }},
			{"Resize MaxInt", snn.ErrShape, "overflows", func() error { return b.Resize(int(^uint(0) >> 1)) }},
			{"New 2^60 rows", snn.ErrShape, "x of 1152921504606846976×16", func() error { return newErr(batch.New(l, 1<<60)) }},
			{"New nil layer", snn.ErrParameter, "nil layer", func() error { return newErr(batch.New(nil, 1)) }},
			{"NewNetwork nil layer", snn.ErrParameter, "layer 0 is nil", func() error {
				return netErr(batch.NewNetwork(1, []*layer.Layer{nil}))
			}},
			{"NewNetwork nil second layer", snn.ErrParameter, "layer 1 is nil", func() error {
				return netErr(batch.NewNetwork(1, []*layer.Layer{l, nil}))
			}},
			{"NewNetwork 2^60 rows", snn.ErrShape, "over 2^40 bytes", func() error {
				return netErr(batch.NewNetwork(1<<60, []*layer.Layer{l1, l2}))
			}},
			{"Network.Step after a member Resize", snn.ErrShape, "layer 1 has 2 rows but layer 0 has 3", func() error {
				return n.Step(randomInput(newRand(), 3*8))
			}},
			{"Network.StepSpikes after a member Resize", snn.ErrShape, "layer 1 has 2 rows but layer 0 has 3", func() error {
				return n.StepSpikes(make([]uint64, 3))
			}},
			{"Network.Resize 2^60", snn.ErrShape, "over 2^40 bytes", func() error { return n.Resize(1 << 60) }},
			{"zero Network", snn.ErrShape, "no layers", func() error { return new(batch.Network).Step(nil) }},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := []batchSnapshot{snapshotBatch(b), snapshotBatch(n.Batch(0)), snapshotBatch(n.Batch(1))}
				err := c.f()
				require.ErrorIs(t, err, c.err)
				require.ErrorContains(t, err, c.msg)
				require.Equal(t, before, []batchSnapshot{snapshotBatch(b), snapshotBatch(n.Batch(0)), snapshotBatch(n.Batch(1))})
			})
		}
		// Network.Resize puts the network back in step.
		require.NoError(t, n.Resize(3))
		require.NoError(t, n.Step(randomInput(newRand(), 3*8)))
	})
}

func newErr(b *batch.Batch, err error) error {
	if b != nil {
		panic("a batch with an error")
	}
	return err
}

func netErr(n *batch.Network, err error) error {
	if n != nil {
		panic("a network with an error")
	}
	return err
}

// TestZeroValues: the zero Pool runs inline, the zero Batch steps on empty
// input, a nil Option sets nothing; none panics.
func TestZeroValues(t *testing.T) {
	var pool batch.Pool
	require.Equal(t, 1, pool.Threads())
	l := newLayer(t, 300, 200, 4)
	ref, err := batch.New(l, 50)
	require.NoError(t, err)
	b, err := batch.New(l, 50, batch.WithPool(&pool), nil)
	require.NoError(t, err)
	x := randomInput(newRand(), 50*300)
	require.NoError(t, ref.Step(x))
	require.NoError(t, b.Step(x))
	require.Equal(t, ref.Spikes(), b.Spikes())
	pool.Close()
	require.NoError(t, b.Step(x))

	var zero batch.Batch
	zero.SetLearning(true)
	require.NoError(t, zero.Step(nil))
	require.NoError(t, zero.StepSpikes(nil))
	require.NoError(t, zero.Resize(4))
	require.NoError(t, zero.Step(nil))
	require.Equal(t, 4, zero.Rows())
	require.Nil(t, zero.Layer())
	require.Nil(t, new(batch.Network).Output())

	// A layer without neurons, learning, on many threads: nothing to do.
	empty, err := batch.New(newLayer(t, 3, 0, 5), 2, batch.WithLearning(true), batch.WithPool(batch.NewPool(2)))
	require.NoError(t, err)
	require.NoError(t, empty.Step(make([]float32, 6)))
}

// TestRestoreStateAcceptsOverflow: a state that overflowed to ±Inf through
// finite inputs is rejected by SetState but round-trips through
// RestoreState, bit for bit.
func TestRestoreStateAcceptsOverflow(t *testing.T) {
	l, err := layer.FromWeights(2, 2, []float32{1e30, -1e30, 1e30, -1e30}, make([]float32, 2), layer.WithReset(snn.ResetNone))
	require.NoError(t, err)
	b, err := batch.New(l, 1)
	require.NoError(t, err)
	require.NoError(t, b.Step([]float32{1e30, 1e30}))
	v := b.State(nil)
	require.Equal(t, []float32{float32(math.Inf(1)), float32(math.Inf(-1))}, v)
	require.ErrorIs(t, b.SetState(v), snn.ErrNonFinite)
	c, err := batch.New(l, 1)
	require.NoError(t, err)
	require.NoError(t, c.RestoreState(v))
	require.Equal(t, bitsOf(v), bitsOf(c.State(nil)))
	require.ErrorIs(t, c.RestoreState(v[:1]), snn.ErrShape)
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(13, 14)) }
