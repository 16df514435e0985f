package main

import (
	"image"
	"image/color"
	"image/png"
	"os"
)

// writeFields draws each neuron's 8×8 weights (0 black … 1 white) as a
// tile of a 4×4 grid, each pixel 10×10, on a grey background.
func writeFields(path string, w []float32) error {
	const scale, gap, cols = 10, 6, 4
	tile := side*scale + gap
	rows := (neurons + cols - 1) / cols
	img := image.NewGray(image.Rect(0, 0, cols*tile+gap, rows*tile+gap))
	for i := range img.Pix {
		img.Pix[i] = 110
	}
	for j := 0; j < neurons; j++ {
		x0, y0 := gap+(j%cols)*tile, gap+(j/cols)*tile
		for p := 0; p < inputs; p++ {
			v := w[p*neurons+j]
			g := uint8(255 * min(1, max(0, v)))
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray(x0+(p%side)*scale+dx, y0+(p/side)*scale+dy, color.Gray{Y: g})
				}
			}
		}
	}
	return save(path, img)
}

// writeRaster draws spikes: one row per neuron (4 pixels high), one
// column per step (2 pixels wide), black where the neuron spiked.
func writeRaster(path string, steps []uint64) error {
	const h, w = 4, 2
	img := image.NewGray(image.Rect(0, 0, len(steps)*w, neurons*h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for t, word := range steps {
		for j := 0; j < neurons; j++ {
			if word>>j&1 == 0 {
				continue
			}
			for dy := 0; dy < h-1; dy++ {
				for dx := 0; dx < w; dx++ {
					img.SetGray(t*w+dx, j*h+dy, color.Gray{})
				}
			}
		}
	}
	return save(path, img)
}

func save(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
