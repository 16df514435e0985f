package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	if err := run(&b, 300, dir, 1); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"receptive_fields.png", "raster.png"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if !strings.Contains(b.String(), "bars have a neuron that prefers them") {
		t.Fatalf("output:\n%s", b.String())
	}
}
