package calib

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPeakAndBandwidthArePositive(t *testing.T) {
	for _, w := range Widths() {
		g := PeakGFLOPS(w, 1, 20*time.Millisecond)
		require.Positive(t, g, w.Name)
		t.Logf("%s: %.1f GFLOP/s", w.Name, g)
	}
	bw := Bandwidth(1<<20, 10*time.Millisecond)
	require.Positive(t, bw)
	t.Logf("1 MiB: %.1f GB/s", bw)
}

// TestReadersReadEveryByte checks that every reader adds up exactly the
// words of its streams: none skipped (a reader that skips bytes would
// overstate the bandwidth) and none past them.
func TestReadersReadEveryByte(t *testing.T) {
	const chunk, streams = 3 * 256, 4
	buf := make([]byte, chunk*streams+1024)
	x := uint64(88172645463325252)
	for i := range buf { // xorshift: no pattern a skipped load could cancel
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		buf[i] = byte(x)
	}
	for _, r := range append(readers(), reader{name: "go", streams: 1, read: readGeneric}) {
		n := chunk * r.streams
		want := uint32(0)
		for i := 0; i < n; i += 4 {
			want += binary.LittleEndian.Uint32(buf[i:])
		}
		var sums [16]uint32
		r.read(&buf[0], chunk, r.streams, r.ahead, &sums)
		got := uint32(0)
		for _, s := range sums {
			got += s
		}
		require.Equal(t, want, got, r.name)
	}
}

func TestMedian(t *testing.T) {
	require.Equal(t, 2.5, Median([]float64{3, 1, 2, 10}))
	require.Equal(t, 2.0, Median([]float64{3, 1, 2}))
	require.Zero(t, Median(nil))
}
