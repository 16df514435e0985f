package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// readPNG decodes the PNG at path.
func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	return img
}

// rgba returns the colour of img at (x, y) as color.RGBA.
func rgba(img image.Image, x, y int) color.RGBA {
	return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
}

var white, black = color.RGBA{255, 255, 255, 255}, color.RGBA{0, 0, 0, 255}

// TestHotReversed: white at 0, black at 1, matplotlib's hot(0.5) in the
// middle, clamped outside [0, 1].
func TestHotReversed(t *testing.T) {
	require.Equal(t, white, hotReversed(0))
	require.Equal(t, black, hotReversed(1))
	require.Equal(t, color.RGBA{255, 85, 0, 255}, hotReversed(0.5))
	require.Equal(t, white, hotReversed(-3))
	require.Equal(t, black, hotReversed(7))
}

// TestReceptiveFieldsShowWeights: 5 neurons in a 3×2 grid. Neuron 1 has
// its only weight at pixel (3, 5): that 2×2 block is black and the rest of
// its field white; neuron 4 is 0.5 everywhere; the sixth place is empty;
// separators frame the fields.
func TestReceptiveFieldsShowWeights(t *testing.T) {
	const neurons = 5
	w := make([]float32, pixels*neurons)
	w[(5*side+3)*neurons+1] = 1
	for p := range pixels {
		w[p*neurons+4] = 0.5
	}
	path := filepath.Join(t.TempDir(), "fields.png")
	require.NoError(t, writeReceptiveFields(path, w, neurons))
	img := readPNG(t, path)
	cell := side*fieldScale + 1
	require.Equal(t, image.Rect(0, 0, 3*cell+1, 2*cell+1), img.Bounds())

	x0, y0 := cell+1, 1 // neuron 1: row 0, column 1
	for y := range side * fieldScale {
		for x := range side * fieldScale {
			want := white
			if x/fieldScale == 3 && y/fieldScale == 5 {
				want = black
			}
			require.Equal(t, want, rgba(img, x0+x, y0+y), "neuron 1 at (%d, %d)", x, y)
		}
	}
	require.Equal(t, hotReversed(0.5), rgba(img, cell+1+30, cell+1+30), "neuron 4")
	require.Equal(t, white, rgba(img, 1+30, 1+30), "neuron 0")
	require.Equal(t, noField, rgba(img, 2*cell+1+30, cell+1+30), "no neuron")
	for _, p := range []image.Point{{0, 10}, {cell, 10}, {3 * cell, 10}, {10, 0}, {10, cell}, {10, 2 * cell}} {
		require.Equal(t, separator, rgba(img, p.X, p.Y), "separator at %v", p)
	}
}

// TestReceptiveFieldsRejectBadWeights: wrong lengths and non-finite
// weights give errors and write nothing.
func TestReceptiveFieldsRejectBadWeights(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fields.png")
	require.ErrorContains(t, writeReceptiveFields(path, make([]float32, pixels), 2), "784 weights for 2 neurons")
	require.ErrorContains(t, writeReceptiveFields(path, nil, 0), "for 0 neurons")
	w := make([]float32, pixels*2)
	w[7*2+1] = float32(math.NaN())
	require.ErrorContains(t, writeReceptiveFields(path, w, 2), "weight 15 (pixel 7, neuron 1) is NaN")
	require.NoFileExists(t, path)
	require.Error(t, writeReceptiveFields(filepath.Join(path, "no", "dir.png"), make([]float32, pixels), 1))
}

// cellCorner returns a point inside the cell of true class tr and
// predicted class pr, away from its text and border.
func cellCorner(tr, pr int) (x, y int) {
	return leftMargin + pr*cellSize + 3, topMargin + tr*cellSize + 3
}

// hasInk reports whether img has a pixel of colour c in r.
func hasInk(img image.Image, r image.Rectangle, c color.RGBA) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if rgba(img, x, y) == c {
				return true
			}
		}
	}
	return false
}

// TestConfusionShowsRowFractions: cells are coloured by their fraction of
// the row (all of row 3 predicted 7: black at (3, 7), white at (3, 3)),
// an empty row is white, counts are written in the cells (white on black,
// black on white) and the axis labels are there.
func TestConfusionShowsRowFractions(t *testing.T) {
	var m [classes][classes]int
	m[3][7] = 50
	m[0][0], m[0][1] = 3, 1
	path := filepath.Join(t.TempDir(), "confusion.png")
	require.NoError(t, writeConfusion(path, m))
	img := readPNG(t, path)
	grid := classes * cellSize
	require.Equal(t, image.Rect(0, 0, leftMargin+grid+rightMargin, topMargin+grid+bottomMargin), img.Bounds())

	for _, c := range []struct {
		tr, pr int
		want   color.RGBA
	}{
		{3, 7, black}, {3, 3, white}, {5, 5, white}, {0, 0, hotReversed(0.75)}, {0, 1, hotReversed(0.25)}, {0, 2, white},
	} {
		x, y := cellCorner(c.tr, c.pr)
		require.Equal(t, c.want, rgba(img, x, y), "cell (%d, %d)", c.tr, c.pr)
	}
	x, y := cellCorner(3, 7)
	centre := image.Rect(x, y, x+cellSize-6, y+cellSize-6)
	require.True(t, hasInk(img, centre, white), "count 50 in white")
	x, y = cellCorner(3, 3)
	require.True(t, hasInk(img, image.Rect(x, y, x+cellSize-6, y+cellSize-6), black), "count 0 in black")
	require.True(t, hasInk(img, image.Rect(0, topMargin, 16, topMargin+grid), black), "true")
	require.True(t, hasInk(img, image.Rect(leftMargin, topMargin+grid+18, leftMargin+grid, topMargin+grid+bottomMargin), black), "predicted")
	require.True(t, hasInk(img, image.Rect(16, topMargin, leftMargin, topMargin+cellSize), black), "label 0 on the left")
	require.True(t, hasInk(img, image.Rect(leftMargin+9*cellSize, topMargin+grid, leftMargin+grid, topMargin+grid+16), black), "label 9 below")

	m[2][4] = -1
	require.ErrorContains(t, writeConfusion(path, m), "count -1 of true 2, predicted 4")
}
