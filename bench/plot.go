package main

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// plotRoofline draws every measured case at its arithmetic intensity
// (FLOPs per byte of W) against the GFLOP/s it reached, under the roofs of
// the measured peaks and bandwidths (log-log axes).
func plotRoofline(file string, cal *calibration, results []result) error {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("snn roofline on %s (1 thread)", cal.CPU)
	p.X.Label.Text = "arithmetic intensity (FLOP per byte of W)"
	p.Y.Label.Text = "GFLOP/s"
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	p.Legend.Top, p.Legend.Left = true, true

	lo, hi := 0.05, 2000.0
	roofColors := []color.Color{color.RGBA{200, 0, 0, 255}, color.RGBA{0, 120, 0, 255}, color.RGBA{0, 0, 200, 255}}
	for k, level := range []string{"L2", "L3", "DRAM"} {
		bw := cal.Bandwidth[level]
		for _, width := range []string{"zmm", "ymm", "scalar"} {
			peak, ok := cal.Peak1[width]
			if !ok {
				continue
			}
			var pts plotter.XYs
			for x := lo; x <= hi; x *= 1.2 {
				pts = append(pts, plotter.XY{X: x, Y: math.Min(peak, bw*x)})
			}
			line, err := plotter.NewLine(pts)
			if err != nil {
				return err
			}
			line.Color = roofColors[k]
			line.Dashes = []vg.Length{vg.Points(float64(2 + 3*len(width)%7)), vg.Points(2)}
			p.Add(line)
			if width == "zmm" || len(cal.Peak1) == 1 {
				p.Legend.Add(fmt.Sprintf("%s %.0f GB/s, peak %.0f GF/s", level, bw, peak), line)
			}
		}
	}
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}}
	for bi, backend := range backendsIn(results) {
		var pts plotter.XYs
		var labels []string
		for _, r := range results {
			if r.Backend != backend || r.Skipped != "" || r.NsPerStep == 0 || r.Threads != 1 {
				continue
			}
			bytes := 4 * float64(r.In) * float64(r.Out)
			flops := r.GFLOPS * r.NsPerStep
			pts = append(pts, plotter.XY{X: flops / bytes, Y: r.GFLOPS})
			labels = append(labels, r.Case)
		}
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle.Shape = shapes[bi%len(shapes)]
		sc.GlyphStyle.Radius = vg.Points(3.5)
		p.Add(sc)
		p.Legend.Add(backend, sc)
		if bi == 0 {
			lb, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
			if err != nil {
				return err
			}
			for i := range lb.TextStyle {
				lb.TextStyle[i].Font.Size = vg.Points(7)
			}
			p.Add(lb)
		}
	}
	return p.Save(10*vg.Inch, 7*vg.Inch, file)
}

func backendsIn(results []result) []string {
	var names []string
	seen := map[string]bool{}
	for _, r := range results {
		if !seen[r.Backend] {
			seen[r.Backend] = true
			names = append(names, r.Backend)
		}
	}
	return names
}
