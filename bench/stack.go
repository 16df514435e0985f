package main

import (
	"math"
	"math/rand/v2"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
)

// prepareStack builds the 3-layer network 784→1024→1024→10 over c.rows
// states, learning in the first layer, thresholds set for about 5% spikes
// per layer, on a pool of threads.
func (c *benchCase) prepareStack(r *rand.Rand, x []float32, threads int) (*workload, error) {
	var layers []*layer.Layer
	var ws [][]float32
	for k := 0; k+1 < len(stackSizes); k++ {
		in, out := stackSizes[k], stackSizes[k+1]
		w := make([]float32, in*out)
		for i := range w {
			w[i] = float32(r.NormFloat64())
		}
		// z·σ of the input current, z tuned here for 3–8% spikes per
		// layer (the membrane integrates, so z is above the 95th percentile).
		sigma, z := math.Sqrt(float64(in)*0.05), 2.6 // spike input at ~5%
		if k == 0 {
			sigma, z = math.Sqrt(float64(in)/3), 2.2 // uniform input
		}
		// Learning in the first layer: inputs above 0.5 (half of them)
		// potentiate, and the rate is the original's spread over the rows,
		// so that the weights and the rates stay near where they start.
		l, err := layer.FromWeights(in, out, w, make([]float32, out), layer.WithThreshold(float32(z*sigma)),
			layer.WithPreThreshold(0.5), layer.WithLearningRate(0.05/float32(c.rows)))
		if err != nil {
			return nil, err
		}
		layers, ws = append(layers, l), append(ws, w)
	}
	net, err := batch.NewNetwork(c.rows, layers, batch.WithPool(batch.NewPool(threads)))
	if err != nil {
		return nil, err
	}
	net.Batch(0).SetLearning(true)
	direct := c.stackKernels(layers, ws, x)
	neurons := 0
	for _, size := range stackSizes[1:] {
		neurons += c.rows * size
	}
	return &workload{
		step: func() { _ = net.Step(x) },
		restore: func() {
			for k := 0; k < net.NumLayers(); k++ {
				net.Batch(k).ResetState()
			}
			must(layers[0].SetWeights(ws[0]))
			direct.restore()
		},
		counts: func() (spikes, events float64) {
			for k := 0; k < net.NumLayers(); k++ {
				spikes += float64(net.Batch(k).SpikeCount())
				if k+1 < net.NumLayers() { // layer k's spikes are layer k+1's events
					events += float64(net.Batch(k).SpikeCount()) * float64(stackSizes[k+2])
				}
			}
			return spikes, events
		},
		neurons: neurons, minBytes: 4 * float64(784*1024+1024*1024+1024*10),
		kernelsOnly: direct.step,
	}, nil
}

// stackDirect is the stack's kernels called directly on one thread, on
// copies of its weights and states.
type stackDirect struct {
	step, restore func()
}

func (c *benchCase) stackKernels(layers []*layer.Layer, ws [][]float32, x []float32) stackDirect {
	var shapes []snn.Shape
	var ps []*snn.Packed
	var sts []kernelState
	for k := range layers {
		in, out := stackSizes[k], stackSizes[k+1]
		shapes = append(shapes, snn.Shape{Rows: c.rows, In: in, Out: out})
		ps = append(ps, packed(in, out, ws[k]))
		sts = append(sts, newKernelState(c.rows, out))
	}
	n0, n1, n2 := layers[0].Neuron(), layers[1].Neuron(), layers[2].Neuron()
	h := layers[0].Hebbian()
	return stackDirect{
		step: func() {
			stepDense(n0, shapes[0], x, ps[0], sts[0].v, sts[0].spikes)
			learnDense(h, shapes[0], x, sts[0].spikes, ps[0])
			stepSpikes(n1, shapes[1], sts[0].spikes, ps[1], sts[1].v, sts[1].spikes)
			stepSpikes(n2, shapes[2], sts[1].spikes, ps[2], sts[2].v, sts[2].spikes)
		},
		restore: func() {
			for _, st := range sts {
				st.restore()
			}
			ps[0].CopyFrom(ws[0])
		},
	}
}
