package main

import (
	"fmt"
	"image/color"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Layout of receptive_fields.png: 7 × 6.6 inches at vgimg's 96 dots per
// inch, a 4 × 4 grid of heat maps with a colour bar on its right.
const (
	fieldsWidth, fieldsHeight = 7 * vg.Inch, 6.6 * vg.Inch
	fieldCols                 = 4
	titleStrip                = 0.45 * vg.Inch
	colourBarStrip            = 1.1 * vg.Inch
)

// weightMin and weightMax are the weight bounds of the layer: the one
// colour scale shared by every heat map and the colour bar.
const weightMin, weightMax = 0, 1

// weightColours run from black (weight 0) through blue and red to gold
// (weight 1), brightening all the way; unlike the usual maps they stop
// short of white, so a full-weight bar stands out from the background.
var weightColours = []color.Color{
	color.Black,
	color.RGBA{R: 40, G: 40, B: 160, A: 255},
	color.RGBA{R: 200, G: 40, B: 60, A: 255},
	color.RGBA{R: 255, G: 200, B: 0, A: 255},
}

// fieldGrid is the receptive field of one neuron as a plotter.GridXYZ:
// column c, row r is the weight from input pixel (c, r) of the image,
// with row 0 at the top as the bars are drawn.
type fieldGrid struct {
	w      []float32 // inputs × neurons, as layer.Weights returns them
	neuron int
}

func (g fieldGrid) Dims() (c, r int) { return side, side }

// Z returns the weight of pixel (c, side-1-r): grid rows grow upwards,
// image rows downwards.
func (g fieldGrid) Z(c, r int) float64 {
	return float64(g.w[((side-1-r)*side+c)*neurons+g.neuron])
}

func (g fieldGrid) X(c int) float64 { return float64(c) }
func (g fieldGrid) Y(r int) float64 { return float64(r) }

// barName names bar p as main prints it: rows 0–7, columns 8–15.
func barName(p int) string {
	switch {
	case p < 0:
		return "no bar"
	case p < side:
		return fmt.Sprintf("row %d", p)
	default:
		return fmt.Sprintf("column %d", p-side)
	}
}

// writeFields draws the weights w (inputs × neurons) of every neuron as an
// 8 × 8 heat map on one colour scale, titled with the bar the neuron
// prefers (pref, as run computes it), and a colour bar for that scale.
func writeFields(path string, w []float32, pref []int) error {
	cmap, err := moreland.NewLuminance(weightColours)
	if err != nil {
		return err
	}
	cmap.SetMin(weightMin)
	cmap.SetMax(weightMax)
	pal := cmap.Palette(256)

	// A black square under each heat map, so the anti-aliased edges
	// between its cells do not let the white page through.
	backdrop, err := plotter.NewPolygon(plotter.XYs{{X: -0.5, Y: -0.5}, {X: side - 0.5, Y: -0.5}, {X: side - 0.5, Y: side - 0.5}, {X: -0.5, Y: side - 0.5}})
	if err != nil {
		return err
	}
	backdrop.Color = color.Black
	backdrop.LineStyle.Width = 0

	rows := (neurons + fieldCols - 1) / fieldCols
	tiles := make([][]*plot.Plot, rows)
	for r := range tiles {
		tiles[r] = make([]*plot.Plot, fieldCols)
	}
	for j := 0; j < neurons; j++ {
		p := plot.New()
		p.HideAxes()
		p.Title.Text = fmt.Sprintf("neuron %d: %s", j, barName(pref[j]))
		p.Title.TextStyle.Font.Size = 9
		h := plotter.NewHeatMap(fieldGrid{w: w, neuron: j}, pal)
		h.Min, h.Max = weightMin, weightMax
		p.Add(backdrop, h)
		tiles[j/fieldCols][j%fieldCols] = p
	}

	img := vgimg.New(fieldsWidth, fieldsHeight)
	dc := draw.New(img)
	title := plot.New().Title.TextStyle
	title.Font.Size = 13
	dc.FillText(title, vg.Point{X: fieldsWidth / 2, Y: fieldsHeight - vg.Points(8)},
		"Receptive fields: each neuron's weights over the 8 × 8 input")

	grid := draw.Crop(dc, 0, -colourBarStrip, 0, -titleStrip)
	canvases := plot.Align(tiles, draw.Tiles{Rows: rows, Cols: fieldCols,
		PadX: vg.Points(6), PadY: vg.Points(6), PadTop: vg.Points(4), PadBottom: vg.Points(6), PadLeft: vg.Points(6), PadRight: vg.Points(14)}, grid)
	for r := range tiles {
		for c, p := range tiles[r] {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}

	bar := plot.New()
	bar.HideX()
	bar.Y.Padding = 0
	bar.Y.Label.Text = "weight"
	bar.Add(&plotter.ColorBar{ColorMap: cmap, Vertical: true})
	bar.Draw(draw.Crop(dc, fieldsWidth-colourBarStrip, -0.4*vg.Inch, vg.Points(30), -titleStrip-vg.Points(20)))

	return savePNG(path, img)
}

// savePNG encodes img as PNG into a new file at path.
func savePNG(path string, img *vgimg.Canvas) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
