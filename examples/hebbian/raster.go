package main

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Size of raster.png: 8 × 4 inches at vgimg's 96 dots per inch.
const rasterWidth, rasterHeight = 8 * vg.Inch, 4 * vg.Inch

// spikePoints returns one point per spike: x = first + the index of the
// step in steps, y = the index of the neuron that spiked.
func spikePoints(first int, steps []uint64) plotter.XYs {
	var pts plotter.XYs
	for t, word := range steps {
		for j := 0; j < neurons; j++ {
			if word>>j&1 != 0 {
				pts = append(pts, plotter.XY{X: float64(first + t), Y: float64(j)})
			}
		}
	}
	return pts
}

// writeRaster plots steps, which were steps first, first+1, … of the run,
// as a spike raster: a dot per spike, time step across, neuron up.
func writeRaster(path string, first int, steps []uint64) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Spike raster of the last %d steps (3 steps per bar, state reset between bars)", len(steps))
	p.X.Label.Text = "time step"
	p.Y.Label.Text = "neuron"
	p.X.Min, p.X.Max = float64(first), float64(first+len(steps)-1)
	p.Y.Min, p.Y.Max = -0.5, neurons-0.5
	ticks := make([]plot.Tick, neurons)
	for j := range ticks {
		ticks[j] = plot.Tick{Value: float64(j), Label: fmt.Sprint(j)}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Marker = integerTicks{}
	p.Add(plotter.NewGrid())
	if pts := spikePoints(first, steps); len(pts) > 0 {
		dots, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		dots.GlyphStyle.Shape = draw.CircleGlyph{}
		dots.GlyphStyle.Radius = vg.Points(1.6)
		p.Add(dots)
	}
	return p.Save(rasterWidth, rasterHeight, path)
}

// integerTicks are plot.DefaultTicks labelled without decimals, for axes
// that count steps.
type integerTicks struct{}

// Ticks returns the default ticks for [min, max], labels as integers.
func (integerTicks) Ticks(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = fmt.Sprintf("%.0f", ticks[i].Value)
		}
	}
	return ticks
}
