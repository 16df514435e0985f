package snn_test

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn"
)

func TestSetBackend(t *testing.T) {
	prev := snn.ActiveBackend()
	t.Cleanup(func() { require.NoError(t, snn.SetBackend(prev)) })
	require.ErrorContains(t, snn.SetBackend("sse9"), `unknown backend "sse9"`)
	require.Equal(t, prev, snn.ActiveBackend(), "a failed SetBackend changed the backend")
	for _, name := range snn.Backends() {
		err := snn.SetBackend(name)
		if slices.Contains(snn.Backends(), name) {
			require.NoError(t, err)
			require.Equal(t, name, snn.ActiveBackend())
		} else {
			require.ErrorContains(t, err, "not usable on this CPU")
		}
	}
	require.Equal(t, "generic", snn.Backends()[len(snn.Backends())-1])
}

// TestBackendEnv re-runs the test binary with SNN_BACKEND set: an unknown
// name stops it at start-up with a clear message; a usable one is chosen.
func TestBackendEnv(t *testing.T) {
	if os.Getenv("SNN_TEST_CHILD") != "" {
		return
	}
	run := func(backend string) (string, error) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestBackendEnv$")
		cmd.Env = append(os.Environ(), "SNN_TEST_CHILD=1", snn.BackendEnv+"="+backend, "SNN_WANT_BACKEND="+backend)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("bogus")
	var execErr *exec.Error
	if errors.As(err, &execErr) || errors.Is(err, syscall.ENOEXEC) {
		t.Skipf("cannot re-execute the test binary here (emulated?): %v", err)
	}
	require.Error(t, err)
	require.Contains(t, out, `snn: unknown backend "bogus"`)
	require.Contains(t, out, "SNN_BACKEND=bogus")
	out, err = run("generic")
	require.NoError(t, err, out)
	require.Contains(t, out, "active=generic")
}
