package main

import (
	"flag"
	"math"
	"strconv"

	"github.com/spikekernel/snn/layer"
)

// params are the network's parameters, named as Diehl & Cook (2015) and
// their Brian code (Diehl_and_Cook_spiking_MNIST.py) name them, with the
// paper's values as defaults. Times are in ms, potentials in mV.
type params struct {
	nE        int     // n_e: excitatory neurons
	dt        float64 // the time step
	example   float64 // single_example_time: how long an image is shown
	rest      float64 // resting_time: between images (replaced by a reset, see network)
	maxRate   float64 // input rate of a full-ink pixel in Hz (pixel/4 Hz: 63.75 Hz)
	minSpikes int     // an image is shown again, brighter, while the layer answers with fewer spikes
	vRest     float64 // v_rest_e
	vReset    float64 // v_reset_e
	vThresh   float64 // v_thresh_e
	tauM      float64 // membrane time constant of the excitatory neurons
	refrac    float64 // refrac_e
	thetaPlus float64 // theta_plus_e
	tcTheta   float64 // tc_theta
	tcPre     float64 // tc_pre_ee
	tcPost    float64 // tc_post1_ee
	tcPost2   float64 // tc_post2_ee: the second post-synaptic trace of the triplet potentiation
	triplet   bool    // potentiate by nu_ee_post·pre·post2before, as the paper's code (else nu_ee_post·pre)
	nuPre     float32 // nu_ee_pre
	nuPost    float32 // nu_ee_post
	wMax      float32 // wmax_ee
	weightSum float32 // weight['ee_input']: the sum of each neuron's input weights, kept by normalisation
	// gain is the depolarisation in mV of one input spike through a weight
	// of 1. The paper's conductance synapse (ge += w, τ_e = 1 ms, reversal
	// 0 mV, τ_m = 100 ms) gives w·τ_e/τ_m·(0 − v) ≈ 0.6·w mV near the
	// threshold; here it is a current.
	gain float64
	// inhibition is the drop in mV of every other neuron's potential when a
	// neuron spikes, in place of the paper's inhibitory population (ge +=
	// 10.4 on the partner, gi += 17 on the others, reversal −100 mV, τ_i =
	// 2 ms: about −12 mV per inhibitory spike at rest, a floor at −100 mV).
	// Measured (100 neurons, 20 000 training and 2 000 test images): 6 mV
	// 62.7%, 12 mV 68.4%, 24 mV 73.0%, 48 mV 78.5%, 96 mV 80.7%, 200 mV
	// 79.5%: a near winner-take-all, as the paper's network behaves.
	inhibition float64
}

func defaultParams() params {
	return params{
		nE: 100, dt: 0.5, example: 350, rest: 150, maxRate: 63.75, minSpikes: 5,
		vRest: -65, vReset: -65, vThresh: -52, tauM: 100, refrac: 5,
		thetaPlus: 0.05, tcTheta: 1e7, tcPre: 20, tcPost: 20, tcPost2: 40, triplet: true,
		nuPre: 0.0001, nuPost: 0.01, wMax: 1, weightSum: 78,
		gain: 0.6, inhibition: 96,
	}
}

// register adds a flag for each parameter to fs.
func (p *params) register(fs *flag.FlagSet) {
	fs.IntVar(&p.nE, "neurons", p.nE, "n_e: number of excitatory neurons")
	fs.Float64Var(&p.dt, "dt", p.dt, "time step (ms)")
	fs.Float64Var(&p.example, "single-example-time", p.example, "how long each image is shown (ms)")
	fs.Float64Var(&p.rest, "resting-time", p.rest, "rest between images (ms); replaced by a reset of the potentials and traces")
	fs.Float64Var(&p.maxRate, "max-rate", p.maxRate, "input rate of a full-ink pixel (Hz); the paper's pixel/4")
	fs.IntVar(&p.minSpikes, "min-spikes", p.minSpikes, "show an image again, brighter (rate + max-rate/2), while fewer spikes answer it")
	fs.Float64Var(&p.vRest, "v-rest-e", p.vRest, "resting potential (mV)")
	fs.Float64Var(&p.vReset, "v-reset-e", p.vReset, "reset potential (mV)")
	fs.Float64Var(&p.vThresh, "v-thresh-e", p.vThresh, "threshold (mV), before theta")
	fs.Float64Var(&p.tauM, "tau-e", p.tauM, "membrane time constant (ms)")
	fs.Float64Var(&p.refrac, "refrac-e", p.refrac, "refractory period (ms)")
	fs.Float64Var(&p.thetaPlus, "theta-plus-e", p.thetaPlus, "threshold increase per spike (mV)")
	fs.Float64Var(&p.tcTheta, "tc-theta", p.tcTheta, "time constant of theta's decay (ms)")
	fs.Float64Var(&p.tcPre, "tc-pre-ee", p.tcPre, "time constant of the pre-synaptic trace (ms)")
	fs.Float64Var(&p.tcPost, "tc-post1-ee", p.tcPost, "time constant of the post-synaptic trace of depression (ms)")
	fs.Float64Var(&p.tcPost2, "tc-post2-ee", p.tcPost2, "time constant of the post-synaptic trace of potentiation (ms; with -triplet)")
	fs.BoolVar(&p.triplet, "triplet", p.triplet, "potentiate by nu_ee_post·pre·post2before (the paper's code); false: nu_ee_post·pre")
	f32Var(fs, &p.nuPre, "nu-ee-pre", "learning rate of depression (on input spikes)")
	f32Var(fs, &p.nuPost, "nu-ee-post", "learning rate of potentiation (on neuron spikes)")
	f32Var(fs, &p.wMax, "wmax-ee", "largest weight")
	f32Var(fs, &p.weightSum, "weight-ee-input", "sum of each neuron's input weights (normalised before each image)")
	fs.Float64Var(&p.gain, "gain", p.gain, "depolarisation of one input spike through a weight of 1 (mV)")
	fs.Float64Var(&p.inhibition, "inhibition", p.inhibition, "lateral inhibition: drop of the other neurons' potential per spike (mV)")
}

// float32Value is a flag.Value for a float32.
type float32Value struct{ p *float32 }

func (v float32Value) String() string {
	if v.p == nil {
		return "0"
	}
	return strconv.FormatFloat(float64(*v.p), 'g', -1, 32)
}

func (v float32Value) Set(s string) error {
	f, err := strconv.ParseFloat(s, 32)
	if err != nil {
		return err
	}
	*v.p = float32(f)
	return nil
}

func f32Var(fs *flag.FlagSet, p *float32, name, usage string) {
	fs.Var(float32Value{p}, name, usage)
}

// steps returns the number of time steps of a presentation.
func (p *params) steps() int { return int(math.Round(p.example / p.dt)) }

// decay returns exp(-dt/tau) as a float32.
func (p *params) decay(tau float64) float32 { return float32(math.Exp(-p.dt / tau)) }

// spikeProbability returns the probability of an input spike in one step
// for a pixel of the given value at the given rate multiplier: the paper's
// rate pixel/8·intensity Hz (intensity 2 at first: pixel/4, 63.75 Hz at
// full ink) times dt.
func (p *params) spikeProbability(pixel uint8, intensity int) float32 {
	return float32(float64(pixel) / 255 * p.maxRate / 2 * float64(intensity) * p.dt / 1000)
}

// layerOptions returns the options of the excitatory layer: in units of
// weight (the potential divided by gain, relative to rest), a leaky
// neuron with threshold v_thresh − v_rest, reset to v_reset − v_rest,
// refractory period, adaptive threshold θ, lateral inhibition, and, when
// learning, STDP with weights in [0, wmax].
func (p *params) layerOptions(learning bool) []layer.Option {
	unit := func(mv float64) float32 { return float32(mv / p.gain) }
	opts := []layer.Option{
		layer.WithDecay(p.decay(p.tauM)),
		layer.WithThreshold(unit(p.vThresh - p.vRest)),
		layer.WithResetToValue(unit(p.vReset - p.vRest)),
		layer.WithRefractory(int(math.Round(p.refrac / p.dt))),
		layer.WithLateralInhibition(unit(p.inhibition)),
		layer.WithWeightBounds(0, p.wMax),
	}
	if !learning {
		// Testing: θ fixed at what training left (no decay, no increase).
		return append(opts, layer.WithAdaptiveThreshold(1, 0))
	}
	return append(opts,
		layer.WithAdaptiveThreshold(p.decay(p.tcTheta), unit(p.thetaPlus)),
		layer.WithSTDP(layer.STDP{
			PreDecay: p.decay(p.tcPre), PostDecay: p.decay(p.tcPost),
			NuPre: p.nuPre, NuPost: p.nuPost, Window: p.steps(),
			Triplet: p.triplet, Post2Decay: p.decay(p.tcPost2),
		}),
		layer.WithLearning(true))
}
