package snn

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
)

// BackendEnv is the environment variable that forces a backend at start-up:
// SNN_BACKEND=generic|avx2|avx512|neon. Naming a backend that is unknown or
// that this CPU cannot run makes the program panic at start-up with a message
// that lists the usable ones; it never falls back silently.
const BackendEnv = "SNN_BACKEND"

// impl is one backend: a full set of kernels with the semantics of the
// generic ones. Wrappers in kernel.go have checked every length and
// returned early on empty work before any of these is called.
type impl struct {
	name   string
	usable bool // this CPU (and build) can run it
	// requires lists the CPU features the kernels use, for reports.
	requires string
	// denseAbove is the spike-input crossover of these kernels: the
	// fraction of set input bits above which expanding the spikes to
	// floats and taking the dense kernel is faster than the event-driven
	// one (measured with `go test ./batch -bench SpikeInput`).
	denseAbove float64
	// width names the vector registers the kernels compute in ("zmm",
	// "ymm", "neon" or "scalar"), for the bench's calibration.
	width       string
	step        func(n Neuron, s Shape, x []float32, w weights, v []float32, spikes []uint64, c colRange)
	stepSpikes  func(n Neuron, s Shape, x []uint64, w weights, v []float32, spikes []uint64, c colRange)
	learn       func(h Hebbian, s Shape, x []float32, spikes []uint64, w weights, c colRange)
	learnSpikes func(h Hebbian, s Shape, x []uint64, spikes []uint64, w weights, c colRange)
	// product, if not nil, computes the input part of a step into a zeroed
	// acc faster than step with productNeuron does (see productWith).
	product func(s Shape, x []float32, w weights, acc []float32, spikes []uint64, c colRange)
}

var genericImpl = &impl{
	name:        "generic",
	usable:      true,
	requires:    "none (pure Go)",
	denseAbove:  2, // never: the dense kernel's fma is emulated, the event-driven adds are not
	width:       "scalar",
	step:        stepGeneric,
	stepSpikes:  stepSpikesGeneric,
	learn:       learnGeneric,
	learnSpikes: learnSpikesGeneric,
}

// registry lists every backend compiled into this build, best first, with
// generic last.
var registry = append(archImpls(), genericImpl)

// active is the backend every kernel call uses.
var active atomic.Pointer[impl]

func init() {
	name := os.Getenv(BackendEnv)
	if name == "" {
		active.Store(best())
		return
	}
	if err := SetBackend(name); err != nil {
		panic(fmt.Sprintf("%v (from %s=%s)", err, BackendEnv, name))
	}
}

func best() *impl {
	for _, im := range registry {
		if im.usable {
			return im
		}
	}
	return genericImpl
}

func lookup(name string) (*impl, error) {
	for _, im := range registry {
		if im.name == name {
			if !im.usable {
				return nil, fmt.Errorf("snn: backend %q is not usable on this CPU (it needs %s); usable: %s",
					name, im.requires, strings.Join(Backends(), ", "))
			}
			return im, nil
		}
	}
	return nil, fmt.Errorf("snn: unknown backend %q; this build has: %s", name, strings.Join(compiledBackends(), ", "))
}

// ActiveBackend returns the name of the backend that kernel calls use now.
func ActiveBackend() string { return active.Load().name }

// Backends returns the names of the backends this CPU can run, best first.
// The last one is always "generic".
func Backends() []string {
	var names []string
	for _, im := range registry {
		if im.usable {
			names = append(names, im.name)
		}
	}
	return names
}

// compiledBackends returns the names of every backend in this build, usable
// on this CPU or not, best first. A build with the purego tag, or for an
// architecture without assembly, has only "generic".
func compiledBackends() []string {
	names := make([]string, len(registry))
	for i, im := range registry {
		names[i] = im.name
	}
	return names
}

// SetBackend makes every later kernel call use the named backend. It returns
// an error, and changes nothing, if the name is unknown or the CPU cannot
// run it. It is safe to call concurrently with kernels: a call in progress
// finishes on the backend it started with. All backends give identical bits,
// so this only changes speed.
func SetBackend(name string) error {
	im, err := lookup(name)
	if err != nil {
		return err
	}
	active.Store(im)
	return nil
}
