package npy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/internal/race"
	"github.com/spikekernel/snn/layer"
)

// filled returns n copies of v.
func filled(n int, v float32) []float32 {
	xs := make([]float32, n)
	for i := range xs {
		xs[i] = v
	}
	return xs
}

// checkpoint returns checkpoint number i of the crash tests: every weight
// and state holds float32(i), so that a mix of two checkpoints shows.
func checkpoint(t testing.TB, i int, size int) *batch.Network {
	v := float32(i)
	a, err := layer.FromWeights(size, size, filled(size*size, v), filled(size, v))
	require.NoError(t, err)
	b, err := layer.FromWeights(size, size, filled(size*size, -v), filled(size, -v))
	require.NoError(t, err)
	n, err := batch.NewNetwork(size, []*layer.Layer{a, b})
	require.NoError(t, err)
	require.NoError(t, stageAt(n, 0).SetState(filled(size*size, v)))
	require.NoError(t, stageAt(n, 1).SetState(filled(size*size, -v)))
	return n
}

// checkpointNumber returns i if the network is exactly checkpoint i, bit
// for bit, and fails otherwise.
func checkpointNumber(t *testing.T, n *batch.Network, size int) int {
	i := int(stageAt(n, 0).State(nil)[0])
	requireSameNetwork(t, checkpoint(t, i, size), n)
	return i
}

// runChild runs this test binary's test name with env set and returns its
// command, started.
func runChild(t *testing.T, name string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	startChild(t, cmd)
	return cmd
}

// startChild starts cmd, a re-execution of this test binary, or skips the
// test where that is impossible: under an emulator (qemu-aarch64 runs the
// test binary, but the kernel cannot execute it directly).
func startChild(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	err := cmd.Start()
	var execErr *exec.Error
	if errors.As(err, &execErr) || errors.Is(err, syscall.ENOEXEC) {
		t.Skipf("cannot re-execute the test binary here (emulated?): %v", err)
	}
	require.NoError(t, err)
}

// runSaver starts the child that saves checkpoints and returns once it is
// about to save its first one (it says so on its standard output), so that
// the kill lands among the saves however slowly the process starts (under
// the race detector or an emulator).
func runSaver(t *testing.T, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	startChild(t, cmd)
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err, "the saver did not start")
	require.Equal(t, "saving\n", line)
	return cmd
}

const crashSize = 256 // two 256×256 layers, 256 rows: about 1 MiB a checkpoint

// TestCrashChild saves checkpoints numbered from $SNN_CRASH_FROM into
// $SNN_CRASH_PATH in a loop, until killed. It runs only as the child of
// TestKilledWhileSaving.
func TestCrashChild(t *testing.T) {
	path := os.Getenv("SNN_CRASH_PATH")
	if path == "" {
		t.Skip("the child of TestKilledWhileSaving")
	}
	from, err := strconv.Atoi(os.Getenv("SNN_CRASH_FROM"))
	require.NoError(t, err)
	checkpoint(t, from, crashSize) // warm up before saying so
	fmt.Println("saving")
	for i := from; ; i++ {
		require.NoError(t, SaveNetwork(path, checkpoint(t, i, crashSize)))
	}
}

// A process killed at random points while it saves checkpoints leaves the
// previous or the next checkpoint, whole, every time.
func TestKilledWhileSaving(t *testing.T) {
	kills, budget := 200, 60*time.Second
	if testing.Short() {
		kills, budget = 30, 30*time.Second
	}
	if race.Enabled {
		t.Skip("slow under the race detector; the plain run kills 200 times")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "net.npz")
	require.NoError(t, SaveNetwork(path, checkpoint(t, 1, crashSize)))
	r := rand.New(rand.NewPCG(15, 15))
	last, start, done, interrupted := 1, time.Now(), 0, 0
	for ; done < kills && time.Since(start) < budget; done++ {
		cmd := runSaver(t, "SNN_CRASH_PATH="+path, fmt.Sprint("SNN_CRASH_FROM=", last+1))
		time.Sleep(time.Duration(r.IntN(60_000)) * time.Microsecond)
		require.NoError(t, cmd.Process.Kill())
		_ = cmd.Wait()
		n, err := LoadNetwork(path)
		require.NoError(t, err, "after kill %d", done)
		i := checkpointNumber(t, n, crashSize)
		require.GreaterOrEqual(t, i, last)
		last = i
		// A kill during a save leaves its temporary file: count and remove it.
		temps, err := filepath.Glob(filepath.Join(dir, ".net.npz.tmp*"))
		require.NoError(t, err)
		for _, tmp := range temps {
			interrupted++
			require.NoError(t, os.Remove(tmp))
		}
	}
	t.Logf("%d kills in %v, %d of them during a save; the last checkpoint is number %d",
		done, time.Since(start).Round(time.Millisecond), interrupted, last)
	require.Equal(t, kills, done, "time budget exceeded")
	require.Greater(t, last, 1+kills/4, "the kills should land after some saves")
	require.Greater(t, interrupted, kills/4, "the kills should land during saves")
}

// TestFullDiskChild saves a large network into $SNN_FULL_PATH under a
// file-size limit of 64 KiB, as a full disk would stop it, and prints the
// error. It runs only as the child of TestFullDisk.
func TestFullDiskChild(t *testing.T) {
	path := os.Getenv("SNN_FULL_PATH")
	if path == "" {
		t.Skip("the child of TestFullDisk")
	}
	signal.Ignore(syscall.SIGXFSZ)
	limit := syscall.Rlimit{Cur: 64 << 10, Max: 64 << 10}
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit))
	err := SaveNetwork(path, checkpoint(t, 2, crashSize))
	require.ErrorIs(t, err, syscall.EFBIG)
	fmt.Println("error:", err)
}

// A save that the disk cannot hold is an error, and the previous
// checkpoint stays, with no temporary file left.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "net.npz")
	require.NoError(t, SaveNetwork(path, checkpoint(t, 1, 16)))
	cmd := exec.Command(os.Args[0], "-test.run=^TestFullDiskChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "SNN_FULL_PATH="+path)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	startChild(t, cmd)
	err := cmd.Wait()
	out := buf.Bytes()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "error: writing "+path+": write ")
	require.Contains(t, string(out), "file too large")
	n, err := LoadNetwork(path)
	require.NoError(t, err)
	require.Equal(t, 1, checkpointNumber(t, n, 16))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1)
}
