package encode

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

// FuzzEncode checks Encode against the scalar reference for random
// probabilities, sizes and seeds: every bit equal, bits beyond n zero.
func FuzzEncode(f *testing.F) {
	f.Add(uint64(0), uint64(0), uint64(0), uint16(1), []byte{255})
	f.Add(uint64(2015), uint64(7), uint64(3), uint16(130), []byte{0, 1, 128, 254, 255, 3})
	f.Add(uint64(1)<<63, ^uint64(0), uint64(1e9), uint16(784), []byte{8, 0, 0, 200})
	f.Fuzz(func(t *testing.T, seed, stream, step uint64, size uint16, raw []byte) {
		n := int(size % 1025)
		p := make([]float32, n)
		for i := range p {
			if len(raw) > 0 {
				// Byte b gives (b/255)^3: many small, some 0 and 1.
				b := float32(raw[i%len(raw)]) / 255
				p[i] = b * b * b
			}
		}
		r := mustRates(t, p)
		dst := make([]uint64, snn.Words(n))
		for i := range dst {
			dst[i] = ^uint64(0)
		}
		Poisson{Seed: seed}.Encode(dst, r, stream, step)
		if tail := n % 64; tail != 0 {
			require.Zero(t, dst[len(dst)-1]>>tail, "bits beyond n = %d", n)
		}
		require.Equal(t, refEncode(seed, p, stream, step), dst)
	})
}
