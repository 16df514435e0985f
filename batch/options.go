package batch

import "github.com/spikekernel/snn"

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
// SpikeInputAuto takes the dense path with the active backend. The values
// are crossovers measured with `go test ./batch -bench SpikeInput` (64
// states, 1024→1024) on AMD Zen 5: 0.4 with AVX-512, 0.3 with AVX2; NEON,
// unmeasured, is given AVX2's; the generic backend never takes the dense
// path (its fused multiply-add is emulated, its adds are not).
func DenseAbove() float64 {
	switch snn.ActiveBackend() {
	case "avx512":
		return 0.4
	case "avx2", "neon":
		return 0.3
	}
	return 2 // never
}

type config struct {
	pool     *Pool
	learning bool
	mode     SpikeInput
	counts   bool
}

// Option configures a Batch or a Network.
type Option func(*config)

// WithPool runs steps on p instead of DefaultPool.
func WithPool(p *Pool) Option { return func(c *config) { c.pool = p } }

// WithLearning turns the batched Hebbian rule on or off (default off).
func WithLearning(on bool) Option { return func(c *config) { c.learning = on } }

// WithSpikeInput sets how spike input is stepped (default SpikeInputAuto).
func WithSpikeInput(m SpikeInput) Option { return func(c *config) { c.mode = m } }

// WithCounts keeps a spike count per state row and neuron (see Counts and
// Rates).
func WithCounts(on bool) Option { return func(c *config) { c.counts = on } }

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.pool == nil {
		c.pool = DefaultPool()
	}
	return c
}
