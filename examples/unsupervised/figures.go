package main

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// side is the width and height of an MNIST image, pixels is their number.
const (
	side   = 28
	pixels = side * side
)

// Layout of the receptive-field grid: each 28×28 field drawn fieldScale
// times larger, fields separated (and framed) by 1-pixel lines.
const fieldScale = 2

// Layout of the confusion matrix: cells of cellSize pixels, with margins
// for the axis labels.
const (
	cellSize                = 44
	leftMargin, rightMargin = 34, 8
	topMargin, bottomMargin = 8, 34
)

var (
	// separator is the colour of the lines between fields and cells.
	separator = color.RGBA{R: 0x90, G: 0x90, B: 0x90, A: 0xff}
	// noField fills the grid cells after the last neuron.
	noField = color.RGBA{R: 0xd8, G: 0xd8, B: 0xd8, A: 0xff}
)

// hotReversed is matplotlib's "hot_r" colour map, the one Diehl & Cook's
// figures use: v = 0 is white, rising through yellow and red to black at
// v = 1 (v is clamped to [0, 1]).
func hotReversed(v float64) color.RGBA {
	x := 1 - min(max(v, 0), 1)
	channel := func(y float64) uint8 { return uint8(math.Round(255 * min(max(y, 0), 1))) }
	return color.RGBA{R: channel(x * 8 / 3), G: channel(x*8/3 - 1), B: channel(4*x - 3), A: 0xff}
}

// writeReceptiveFields writes to path a PNG of the incoming weights of
// each of the neurons (w holds pixels×neurons weights, row-major: w[i*neurons+j]
// is the weight from pixel i to neuron j) as a 28×28 image, neuron j in row
// j / columns and column j % columns of a grid of ceil(√neurons) columns.
// All fields share one colour scale, from min(0, smallest weight) (white)
// to the largest weight (black) in hotReversed, as the paper's figures
// show them: a field that is still diffuse looks faint next to a learnt
// prototype.
func writeReceptiveFields(path string, w []float32, neurons int) error {
	if neurons <= 0 || len(w) != pixels*neurons {
		return fmt.Errorf("receptive fields: %d weights for %d neurons of %d pixels", len(w), neurons, pixels)
	}
	lo, hi := float32(0), float32(math.Inf(-1))
	for i, x := range w {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("receptive fields: weight %d (pixel %d, neuron %d) is %v", i, i/neurons, i%neurons, x)
		}
		lo, hi = min(lo, x), max(hi, x)
	}
	scale := 0.0
	if hi > lo {
		scale = 1 / (float64(hi) - float64(lo))
	}
	cols := int(math.Ceil(math.Sqrt(float64(neurons))))
	rows := (neurons + cols - 1) / cols
	cell := side*fieldScale + 1
	img := image.NewRGBA(image.Rect(0, 0, cols*cell+1, rows*cell+1))
	draw.Draw(img, img.Bounds(), image.NewUniform(separator), image.Point{}, draw.Src)
	for k := range rows * cols {
		x0, y0 := k%cols*cell+1, k/cols*cell+1
		field := image.Rect(x0, y0, x0+side*fieldScale, y0+side*fieldScale)
		if k >= neurons {
			draw.Draw(img, field, image.NewUniform(noField), image.Point{}, draw.Src)
			continue
		}
		for p := range pixels {
			c := hotReversed((float64(w[p*neurons+k]) - float64(lo)) * scale)
			at := image.Pt(x0+p%side*fieldScale, y0+p/side*fieldScale)
			draw.Draw(img, image.Rectangle{Min: at, Max: at.Add(image.Pt(fieldScale, fieldScale))}, image.NewUniform(c), image.Point{}, draw.Src)
		}
	}
	return savePNG(path, img)
}

// writeConfusion writes to path a PNG of the confusion matrix m (rows the
// true class, columns the predicted one): 10×10 cells coloured by their
// count over the row's total (hotReversed: white 0, black 1), each with its
// count, the classes 0–9 along both axes, "true" on the left and
// "predicted" below.
func writeConfusion(path string, m [classes][classes]int) error {
	grid := classes * cellSize
	img := image.NewRGBA(image.Rect(0, 0, leftMargin+grid+rightMargin, topMargin+grid+bottomMargin))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for t, row := range m {
		total := 0
		for p, n := range row {
			if n < 0 {
				return fmt.Errorf("confusion matrix: count %d of true %d, predicted %d", n, t, p)
			}
			total += n
		}
		for p, n := range row {
			v := 0.0
			if total > 0 {
				v = float64(n) / float64(total)
			}
			r := image.Rect(0, 0, cellSize, cellSize).Add(image.Pt(leftMargin+p*cellSize, topMargin+t*cellSize))
			draw.Draw(img, r, image.NewUniform(separator), image.Point{}, draw.Src)
			draw.Draw(img, r.Inset(1), image.NewUniform(hotReversed(v)), image.Point{}, draw.Src)
			ink := color.Color(color.Black)
			if v > 0.5 {
				ink = color.White
			}
			drawCentred(img, r.Min.X+cellSize/2, r.Min.Y+cellSize/2, strconv.Itoa(n), ink)
		}
		drawCentred(img, leftMargin-7, topMargin+t*cellSize+cellSize/2, strconv.Itoa(t), color.Black)
		drawCentred(img, leftMargin+t*cellSize+cellSize/2, topMargin+grid+9, strconv.Itoa(t), color.Black)
	}
	drawCentred(img, leftMargin+grid/2, topMargin+grid+25, "predicted", color.Black)
	drawUpwards(img, 3, topMargin+grid/2, "true", color.Black)
	return savePNG(path, img)
}

// face is the font of the figures' text, glyphHeight and glyphAscent its
// line height and ascent in pixels.
var face = basicfont.Face7x13

const glyphHeight, glyphAscent = 13, 11

// drawCentred draws s on img in face and colour c, centred on (cx, cy).
func drawCentred(img draw.Image, cx, cy int, s string, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face}
	width := d.MeasureString(s).Round()
	d.Dot = fixed.P(cx-width/2, cy-glyphHeight/2+glyphAscent)
	d.DrawString(s)
}

// drawUpwards draws s on img in face and colour c, turned a quarter turn
// anticlockwise (read from bottom to top), its left edge at x and its
// middle at height cy.
func drawUpwards(img draw.Image, x, cy int, s string, c color.Color) {
	d := font.Drawer{Src: image.NewUniform(c), Face: face}
	width := d.MeasureString(s).Round()
	text := image.NewRGBA(image.Rect(0, 0, width, glyphHeight))
	d.Dst, d.Dot = text, fixed.P(0, glyphAscent)
	d.DrawString(s)
	for ty := range glyphHeight {
		for tx := range width {
			if _, _, _, a := text.At(tx, ty).RGBA(); a > 0 {
				img.Set(x+ty, cy+width/2-1-tx, text.At(tx, ty))
			}
		}
	}
}

// savePNG writes img to path as a PNG.
func savePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(png.Encode(f, img), f.Close())
}
