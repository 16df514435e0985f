// Package backendtest runs a test once for every backend compiled into the
// snn package, so that every test of every package exercises every kernel
// this CPU can run.
package backendtest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/kernels"
)

// RequireEnv names the environment variable that lists backends a test run
// must be able to run (for example "avx512,avx2" on a CI machine known to
// have them): a listed backend that is not usable fails the test instead of
// skipping it.
const RequireEnv = "SNN_REQUIRE_BACKENDS"

// WantEnv names the environment variable that, when set, must equal the
// backend chosen at start-up (used by CI under emulators to prove dispatch).
const WantEnv = "SNN_WANT_BACKEND"

// Required returns the backends named in SNN_REQUIRE_BACKENDS.
func Required() []string {
	var names []string
	for _, n := range strings.Split(os.Getenv(RequireEnv), ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	return names
}

// Report describes which backends a run will test and which it cannot, and
// checks SNN_WANT_BACKEND and SNN_REQUIRE_BACKENDS; it returns an error if
// either is not met.
func Report() (string, error) {
	usable := snn.Backends()
	var skipped []string
	for _, n := range kernels.CompiledBackends() {
		if !slices.Contains(usable, n) {
			skipped = append(skipped, n)
		}
	}
	line := fmt.Sprintf("snn backends: active=%s tested=%s skipped=%s",
		snn.ActiveBackend(), strings.Join(usable, ","), strings.Join(skipped, ","))
	if want := os.Getenv(WantEnv); want != "" && want != snn.ActiveBackend() {
		return line, fmt.Errorf("%s=%s but the active backend is %s", WantEnv, want, snn.ActiveBackend())
	}
	for _, n := range Required() {
		if !slices.Contains(usable, n) {
			return line, fmt.Errorf("%s names %s, which this run cannot use", RequireEnv, n)
		}
	}
	return line, nil
}

// Main is a TestMain body: it prints Report's line, fails on its error, and
// runs the tests.
func Main(m *testing.M) {
	line, err := Report()
	fmt.Println(line)
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// Run calls f once for every compiled backend as sub-test "backend=<name>",
// with that backend active, and restores the previous backend afterwards.
// A backend this CPU cannot run is skipped, unless SNN_REQUIRE_BACKENDS
// names it, in which case the sub-test fails. Tests using Run must not be
// parallel: the active backend is global.
func Run(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	prev := snn.ActiveBackend()
	t.Cleanup(func() {
		if err := snn.SetBackend(prev); err != nil {
			t.Errorf("restoring backend %s: %v", prev, err)
		}
	})
	usable := snn.Backends()
	for _, name := range kernels.CompiledBackends() {
		t.Run("backend="+name, func(t *testing.T) {
			if !slices.Contains(usable, name) {
				if slices.Contains(Required(), name) {
					t.Fatalf("backend %s is required by %s but not usable here", name, RequireEnv)
				}
				t.Skipf("backend %s is not usable on this CPU", name)
			}
			if err := snn.SetBackend(name); err != nil {
				t.Fatal(err)
			}
			f(t)
		})
	}
}
