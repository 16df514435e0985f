package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn/npy"
)

// testImages is the number of test images the test runs: 500, or 40 in
// the -short runs (CI runs those under emulators, on the generic backend).
func testImages() int {
	if testing.Short() {
		return 40
	}
	return 500
}

func testConfig() config {
	return config{model: "model.npz", torchCounts: "torch_counts.npy", images: testImages(), threads: []int{1, 2}}
}

// TestMNISTMatchesTorch runs the first 500 test images: at least 99.9% of
// them (so all 500) have the counts torch recorded, on 1 and 2 threads.
func TestMNISTMatchesTorch(t *testing.T) {
	var b strings.Builder
	r, err := run(&b, testConfig())
	require.NoError(t, err, b.String())
	t.Log("\n" + b.String())
	require.Equal(t, testImages(), r.images)
	require.True(t, r.countsByThread)
	require.GreaterOrEqual(t, r.matchFraction, 0.999)
	require.Greater(t, r.accuracy, 0.85)
	require.Contains(t, b.String(), "images/s")
}

// TestSnnCommandReproducesExample: `go run ./cmd/snn run` on the committed
// model and a .npy of test images writes the example's counts.
func TestSnnCommandReproducesExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs cmd/snn")
	}
	const n = 300
	x, _, err := testSet("", n)
	require.NoError(t, err)
	m, err := npy.LoadModel("model.npz")
	require.NoError(t, err)
	want, _, err := classify(m, x, n, 2)
	require.NoError(t, err)

	dir := t.TempDir()
	input, counts := filepath.Join(dir, "images.npy"), filepath.Join(dir, "counts.npy")
	require.NoError(t, npy.SaveFloat32(input, x, n, 784))
	model, err := filepath.Abs("model.npz")
	require.NoError(t, err)
	cmd := exec.Command("go", "run", "./cmd/snn", "run", "-model", model, "-input", input, "-steps", "25", "-counts", counts, "-chunk", "128")
	cmd.Dir = "../.."
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	require.NoError(t, err, string(out))
	got, shape, err := npy.LoadInt32(counts)
	require.NoError(t, err)
	require.Equal(t, []int{n, 10}, shape)
	require.Equal(t, want, got)
}
