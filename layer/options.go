package layer

import (
	"math/rand/v2"

	"github.com/spikekernel/snn"
)

// config collects what the options set.
type config struct {
	neuron   snn.Neuron
	model    modelConfig // the options of model.go
	hebb     snn.Hebbian
	preSet   bool // WithPreThreshold was given
	learning bool
	stdp     *STDP // WithSTDP, nil for the Hebbian rule
	seed     uint64
	seedSet  bool
}

func newConfig(opts []Option) config {
	c := config{neuron: snn.DefaultNeuron(), hebb: snn.DefaultHebbian()}
	for _, o := range opts {
		if o != nil { // a nil Option sets nothing
			o(&c)
		}
	}
	if !c.preSet {
		c.hebb.PreThreshold = c.neuron.Threshold
	}
	return c
}

func (c *config) rng() *rand.Rand {
	seed := c.seed
	if !c.seedSet {
		seed = rand.Uint64()
	}
	return rand.New(rand.NewPCG(seed, 0x736e6e))
}

// Option sets a parameter of a new layer. The defaults are the original's;
// a nil Option sets nothing.
type Option func(*config)

// WithDecay sets the factor applied to the state before integrating
// (default 0.5). Any finite value, negative ones included, is allowed.
func WithDecay(d float32) Option { return func(c *config) { c.neuron.Decay = d } }

// WithThreshold sets the spike threshold (default float32(0.6)). Unless
// WithPreThreshold is given too, the learning rule's pre-synaptic threshold
// follows it, as in the original.
func WithThreshold(t float32) Option { return func(c *config) { c.neuron.Threshold = t } }

// WithReset sets what a spike does to the state (default snn.ResetZero).
func WithReset(r snn.Reset) Option { return func(c *config) { c.neuron.Reset = r } }

// WithLearningRate sets the Hebbian weight change (default 0.05).
func WithLearningRate(r float32) Option { return func(c *config) { c.hebb.Rate = r } }

// WithPreThreshold sets the input level above which the Hebbian rule
// potentiates (default: the spike threshold).
func WithPreThreshold(p float32) Option {
	return func(c *config) { c.hebb.PreThreshold, c.preSet = p, true }
}

// WithWeightBounds clamps every weight that learning changes to [lo, hi]
// (default: no bounds).
func WithWeightBounds(lo, hi float32) Option {
	return func(c *config) { c.hebb.Bounded, c.hebb.WMin, c.hebb.WMax = true, lo, hi }
}

// WithLearning turns the Hebbian rule on or off (default off).
func WithLearning(on bool) Option { return func(c *config) { c.learning = on } }

// WithSeed makes New draw W and the state from a generator seeded with
// seed, so that two layers built with the same seed are identical. Without
// it the seed is random, as torch.randn is without torch.manual_seed.
func WithSeed(seed uint64) Option { return func(c *config) { c.seed, c.seedSet = seed, true } }
