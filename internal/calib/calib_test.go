package calib

import (
	"testing"
	"time"
)

func TestMeasures(t *testing.T) {
	for _, w := range Widths() {
		if g := PeakGFLOPS(w, 1, 20*time.Millisecond); g <= 0 {
			t.Errorf("%s: peak %v", w.Name, g)
		} else {
			t.Logf("%s: %.1f GFLOP/s", w.Name, g)
		}
	}
	if bw := Bandwidth(1<<20, 10*time.Millisecond); bw <= 0 {
		t.Errorf("bandwidth %v", bw)
	} else {
		t.Logf("1 MiB: %.1f GB/s", bw)
	}
	if Median([]float64{3, 1, 2, 10}) != 2.5 {
		t.Error("median")
	}
}
