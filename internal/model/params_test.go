package model

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

func TestValidate(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	require.NoError(t, Validate(Default()))
	for _, c := range []struct {
		want   error
		field  string
		change func(p *Params)
	}{
		{snn.ErrNonFinite, "Decay = NaN", func(p *Params) { p.Decay = nan }},
		{snn.ErrNonFinite, "Threshold = +Inf", func(p *Params) { p.Threshold = inf }},
		{snn.ErrNonFinite, "ResetValue = NaN", func(p *Params) { p.ResetValue = nan }},
		{snn.ErrNonFinite, "ThetaDecay = NaN", func(p *Params) { p.ThetaDecay = nan }},
		{snn.ErrNonFinite, "ThetaPlus = -Inf", func(p *Params) { p.ThetaPlus = -inf }},
		{snn.ErrParameter, "Reset = 4", func(p *Params) { p.Reset = 4 }},
		{snn.ErrParameter, "Refractory = -1", func(p *Params) { p.Refractory = -1 }},
		{snn.ErrParameter, "ThetaDecay = 1.5", func(p *Params) { p.ThetaDecay = 1.5 }},
		{snn.ErrParameter, "ThetaDecay = -0.5", func(p *Params) { p.ThetaDecay = -0.5 }},
	} {
		p := Default()
		c.change(&p)
		err := Validate(p)
		require.ErrorIs(t, err, c.want, c.field)
		require.ErrorContains(t, err, c.field)
	}
	p := Default()
	p.Reset, p.ThetaDecay, p.Refractory = ResetToValue, 1, 3
	require.NoError(t, Validate(p))
}

func TestOriginal(t *testing.T) {
	require.True(t, Original(Default()))
	for _, r := range []snn.Reset{snn.ResetSubtract, snn.ResetNone} {
		p := Default()
		p.Reset, p.ResetValue, p.ThetaDecay, p.ThetaPlus = r, 3, 0.5, 2 // unused values
		require.True(t, Original(p))
	}
	for _, f := range features {
		p := randomParams(rand.New(rand.NewPCG(1, 1)), true, f)
		require.False(t, Original(p), f)
	}
	p := Default()
	p.Bias, p.Recurrent = true, true
	require.Equal(t, 10+1+5, AugmentedIn(p, 10, 5))
	require.Equal(t, 10, AugmentedIn(Default(), 10, 5))
}

func TestPackWeightsStoresPositiveZeroBias(t *testing.T) {
	p := Default()
	p.Bias, p.Recurrent = true, true
	negZero := float32(math.Copysign(0, -1))
	pk := PackWeights(p, 2, 2, []float32{negZero, -1}, []float32{1, 2, 3, 4}, []float32{5, 6, 7, 8})
	require.Equal(t, uint32(0), math.Float32bits(pk.At(0, 0)))
	require.Equal(t, []float32{0, -1, 1, 2, 3, 4, 5, 6, 7, 8}, pk.AppendTo(nil))
}
