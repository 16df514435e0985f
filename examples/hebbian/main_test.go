package main

import (
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// decodePNG reads the PNG at path and checks its size in pixels: the
// figure's size in inches at vgimg's default resolution.
func decodePNG(t *testing.T, path string, w, h vg.Length) image.Image {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err, path)
	dots := func(l vg.Length) int { return int(l.Dots(vgimg.DefaultDPI) + 0.5) }
	require.Equal(t, image.Pt(dots(w), dots(h)), img.Bounds().Size(), path)
	return img
}

// countPixels counts the pixels of img left of x = right that satisfy is
// (r, g, b in 0…0xffff).
func countPixels(img image.Image, right int, is func(r, g, b uint32) bool) int {
	n := 0
	for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
		for x := img.Bounds().Min.X; x < right; x++ {
			r, g, b, _ := img.At(x, y).RGBA()
			if is(r, g, b) {
				n++
			}
		}
	}
	return n
}

func dark(r, g, b uint32) bool { return max(r, g, b) < 0x4000 }

func colourful(r, g, b uint32) bool { return max(r, g, b)-min(r, g, b) > 0x3000 }

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	require.NoError(t, run(&b, 300, dir, 1))
	require.Contains(t, b.String(), "bars have a neuron that prefers them")

	fields := decodePNG(t, filepath.Join(dir, "receptive_fields.png"), fieldsWidth, fieldsHeight)
	// Left of the colour bar only the heat maps have colour (about 26000
	// pixels in this run; none without them).
	grid := int((fieldsWidth - colourBarStrip).Dots(vgimg.DefaultDPI))
	require.Greater(t, countPixels(fields, grid, colourful), 5000)
	// The spike dots make most of the raster's black (about 12000 pixels
	// in its left three quarters; text and axes alone make under 1000).
	raster := decodePNG(t, filepath.Join(dir, "raster.png"), rasterWidth, rasterHeight)
	require.Greater(t, countPixels(raster, raster.Bounds().Dx()*3/4, dark), 5000)
}

func TestSpikePoints(t *testing.T) {
	pts := spikePoints(100, []uint64{0, 1<<0 | 1<<15, 1 << 3})
	require.Equal(t, plotter.XYs{{X: 101, Y: 0}, {X: 101, Y: 15}, {X: 102, Y: 3}}, pts)
}

func TestFieldGrid(t *testing.T) {
	w := make([]float32, inputs*neurons)
	for i := range w {
		w[i] = float32(i)
	}
	g := fieldGrid{w: w, neuron: 5}
	c, r := g.Dims()
	require.Equal(t, [2]int{side, side}, [2]int{c, r})
	// Grid row 0 is the bottom image row; column c is image column c.
	require.Equal(t, float64(((side-1)*side+2)*neurons+5), g.Z(2, 0))
	require.Equal(t, float64((0*side+7)*neurons+5), g.Z(7, side-1))
}

func TestBarName(t *testing.T) {
	require.Equal(t, "no bar", barName(-1))
	require.Equal(t, "row 7", barName(7))
	require.Equal(t, "column 0", barName(8))
}
