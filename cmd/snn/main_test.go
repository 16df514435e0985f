package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn/npy"
)

const mnistModel = "../../examples/mnist/model.npz"

// runArgs runs the command in-process and returns its status and output.
func runArgs(args ...string) (int, string, string) {
	var stdout, stderr strings.Builder
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestInfo(t *testing.T) {
	code, out, errOut := runArgs("info", "-model", mnistModel)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "2 layers, 784 inputs, 10 outputs")
	require.Contains(t, out, "layer 0: snntorch.Leaky, 784→128, decay 0.9, threshold 1, fire >, reset subtract (delayed), bias")
	require.Contains(t, out, "layer 1: snntorch.Leaky, 128→10,")
}

// randomImages writes n random 784-pixel rows to a .npy file and returns
// its path and the rows.
func randomImages(t *testing.T, n int) (string, []float32) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float32, n*784)
	for i := range x {
		if r.IntN(4) == 0 {
			x[i] = float32(r.IntN(256)) / 255
		}
	}
	path := filepath.Join(t.TempDir(), "x.npy")
	require.NoError(t, npy.SaveFloat32(path, x, n, 784))
	return path, x
}

// TestRunConstantSequenceAndChunks: a constant input, the same input as a
// sequence, and either run in chunks give the same counts; the spikes add
// up to them.
func TestRunConstantSequenceAndChunks(t *testing.T) {
	const n, steps = 23, 25
	input, x := randomImages(t, n)
	dir := t.TempDir()
	counts := filepath.Join(dir, "c.npy")
	spikes := filepath.Join(dir, "s.npy")
	code, _, errOut := runArgs("run", "-model", mnistModel, "-input", input, "-steps", "25", "-counts", counts, "-spikes", spikes, "-threads", "2")
	require.Equal(t, 0, code, errOut)
	require.Empty(t, errOut, "no progress for a single chunk")
	want, shape, err := npy.LoadInt32(counts)
	require.NoError(t, err)
	require.Equal(t, []int{n, 10}, shape)
	total := int32(0)
	for _, c := range want {
		total += c
	}
	require.Positive(t, total)
	raw, err := os.ReadFile(spikes)
	require.NoError(t, err)
	fromSpikes := 0
	for _, b := range raw[len(raw)-steps*n*10:] {
		fromSpikes += int(b)
	}
	require.Equal(t, int(total), fromSpikes)
	require.Contains(t, string(raw[:128]), "'shape': (25, 23, 10)")

	code, _, errOut = runArgs("run", "-model", mnistModel, "-input", input, "-steps", "25", "-counts", counts, "-chunk", "5", "-threads", "1")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, errOut, "23/23 rows")
	got, _, err := npy.LoadInt32(counts)
	require.NoError(t, err)
	require.Equal(t, want, got, "chunks of 5 rows on 1 thread")

	seq := make([]float32, 0, steps*len(x))
	for range steps {
		seq = append(seq, x...)
	}
	seqPath := filepath.Join(dir, "seq.npy")
	require.NoError(t, npy.SaveFloat32(seqPath, seq, steps, n, 784))
	code, _, errOut = runArgs("run", "-model", mnistModel, "-input", seqPath, "-counts", counts, "-chunk", "10")
	require.Equal(t, 0, code, errOut)
	got, _, err = npy.LoadInt32(counts)
	require.NoError(t, err)
	require.Equal(t, want, got, "the input as a T×N×in sequence")
}

func TestRunErrors(t *testing.T) {
	input, _ := randomImages(t, 3)
	dir := t.TempDir()
	counts := filepath.Join(dir, "c.npy")
	bad := filepath.Join(dir, "bad.npz")
	require.NoError(t, os.WriteFile(bad, []byte("not a zip"), 0o644))
	wrongShape := filepath.Join(dir, "w.npy")
	require.NoError(t, npy.SaveFloat32(wrongShape, make([]float32, 6), 2, 3))
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "subcommand"},
		{[]string{"frob"}, 2, "unknown subcommand"},
		{[]string{"info"}, 2, "-model is required"},
		{[]string{"run", "-model", mnistModel}, 2, "required"},
		{[]string{"run", "-model", mnistModel, "-input", input, "-counts", counts}, 2, "-steps is required"},
		{[]string{"run", "-model", mnistModel, "-input", input, "-counts", counts, "-steps", "5", "-threads", "0"}, 2, "-threads"},
		{[]string{"run", "-nope"}, 2, "flag provided but not defined"},
		{[]string{"info", "-model", bad}, 1, "bad.npz"},
		{[]string{"info", "-model", filepath.Join(dir, "missing.npz")}, 1, "missing.npz"},
		{[]string{"run", "-model", mnistModel, "-input", wrongShape, "-counts", counts, "-steps", "5"}, 1, "w.npy: shape [2 3], want (N, 784)"},
		{[]string{"run", "-model", mnistModel, "-input", bad, "-counts", counts, "-steps", "5"}, 1, "bad.npz"},
	} {
		code, _, errOut := runArgs(c.args...)
		require.Equal(t, c.code, code, "%v: %s", c.args, errOut)
		require.Contains(t, errOut, c.msg, "%v", c.args)
	}
	require.NoFileExists(t, counts)
}
