package batch

import (
	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/model"
	"github.com/spikekernel/snn/layer"
)

// SpikeInput selects how StepSpikes treats its input.
type SpikeInput uint8

const (
	// SpikeInputAuto picks per step by the density of set input bits:
	// event-driven below DenseAbove(), dense from it. Both give the same
	// bits.
	SpikeInputAuto SpikeInput = iota
	// SpikeInputEvents always adds the W rows of the set inputs.
	SpikeInputEvents
	// SpikeInputDense always expands the bits to 0/1 floats and runs the
	// dense step.
	SpikeInputDense
)

// DenseAbove returns the input density (fraction of set bits) from which
// SpikeInputAuto takes the dense path with the active backend: 0.4 with
// AVX-512, 0.3 with AVX2 and NEON, and above 1 (never) with the generic
// backend, as measured with `go test ./batch -bench SpikeInput`.
func DenseAbove() float64 { return kern.DenseAbove() }

// config is what a batch is built with: its layer and sizes, fixed by
// New, and the options, of which only the learning switch changes later.
type config struct {
	l           *layer.Layer // nil in a zero Batch
	model       model.Params // l's model (fixed when l was built)
	in, out     int
	inWords     int // Words(in)
	words       int // Words(out)
	pool        *Pool
	learning    bool
	mode        SpikeInput
	countSpikes bool
}

// Option configures a Batch or a Network. A nil Option sets nothing.
type Option func(*config)

// WithPool runs steps on p instead of DefaultPool (also if p is nil).
func WithPool(p *Pool) Option { return func(c *config) { c.pool = p } }

// WithLearning turns the batched Hebbian rule on or off (default off). A
// layer with a bias, recurrent weights or an STDP rule does not learn in a
// batch: New refuses it.
func WithLearning(on bool) Option { return func(c *config) { c.learning = on } }

// WithSpikeInput sets how spike input is stepped (default SpikeInputAuto).
func WithSpikeInput(m SpikeInput) Option { return func(c *config) { c.mode = m } }

// WithCounts keeps a spike count per state row and neuron (see Counts and
// Rates).
func WithCounts(on bool) Option { return func(c *config) { c.countSpikes = on } }

func newConfig(l *layer.Layer, opts []Option) config {
	_, p := layerModel(l)
	c := config{l: l, model: p, in: l.In(), out: l.Out(), inWords: snn.Words(l.In()), words: snn.Words(l.Out())}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.pool == nil {
		c.pool = DefaultPool()
	}
	return c
}
