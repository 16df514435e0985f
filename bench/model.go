package main

import "github.com/spikekernel/snn/layer"

// Model cases (kind "model"): 64 states of a 784→1024 layer stepped
// through package batch with one model feature of SPEC §6 on (c.feature),
// against "model/64x784x1024/original", the same path with none; each
// feature's cost is its time over the original's.

// modelFeatures are the features with a case each.
var modelFeatures = []string{"original", "bias", "fire-above", "delayed-reset", "reset-to-value", "adaptive", "refractory", "recurrent"}

func modelCases() []benchCase {
	var cs []benchCase
	for _, f := range modelFeatures {
		cs = append(cs, benchCase{name: "model/64x784x1024/" + f, kind: "model", rows: 64, in: 784, out: 1024, feature: f})
	}
	return cs
}

// modelOption returns the layer option of a feature (nil for "original").
func (c *benchCase) modelOption(in inputs) layer.Option {
	switch c.feature {
	case "bias":
		b := make([]float32, c.out)
		for j := range b {
			b[j] = float32(in.r.NormFloat64()) * 0.1
		}
		return layer.WithBias(b)
	case "fire-above":
		return layer.WithFire(layer.FireAbove)
	case "delayed-reset":
		return layer.WithDelayedReset(true)
	case "reset-to-value":
		return layer.WithResetToValue(-0.5)
	case "adaptive":
		return layer.WithAdaptiveThreshold(0.99, 0.05)
	case "refractory":
		return layer.WithRefractory(2)
	case "recurrent":
		v := make([]float32, c.out*c.out)
		for i := range v {
			v[i] = float32(in.r.NormFloat64()) * 0.01
		}
		return layer.WithRecurrent(v)
	}
	return nil
}

// prepareModel steps c.rows states of a layer with c.feature on, through
// package batch on a pool of threads.
func (c *benchCase) prepareModel(in inputs, threads int) (*workload, error) {
	var opts []layer.Option
	if o := c.modelOption(in); o != nil {
		opts = append(opts, o)
	}
	return c.prepareBatch(in, threads, opts...)
}
