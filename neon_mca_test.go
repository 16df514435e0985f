//go:build amd64 || arm64

package snn

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The NEON hot loops have no arm64 machine to be timed on, so this test
// times them statically: it builds the arm64 test binary, disassembles the
// step kernels with aarch64-linux-gnu-objdump, takes each innermost loop (a
// backward branch) and asks llvm-mca-16 how many cycles one iteration needs
// per CPU model. The FP peak of a loop is the model's own: the block
// reciprocal throughput llvm-mca gives for the loop's FP instructions
// alone (LLVM 16 times neoverse-n1 with the Cortex-A57 model, one 128-bit
// FMLA per cycle, and apple-m1 with the Cyclone model, so the real cores'
// 2 and 4 FP pipes would make any loop look at most 0.5 and 0.75 of peak).
// The fraction is peak/cycles: 1 is a loop the FP units bound.
// SNN_REQUIRE_MCA=1 (set by .ci/run) turns the skip for missing tools into
// a failure.

// mcaCPUs are the CPU models the hot loops are timed on.
var mcaCPUs = []string{"neoverse-n1", "neoverse-n2", "apple-m1"}

// hotLoop is a loop the test expects and the fraction of the FP peak it
// must reach on every CPU model.
type hotLoop struct {
	name string
	min  float64
}

// hotLoops lists, per kernel, its innermost loops with at least minFP FP
// instructions, in address order (the emitter's order).
var hotLoops = map[string]struct {
	minFP int
	loops []hotLoop
}{
	"neonStepDense": {32, []hotLoop{{"dense 4x16 tile", 0.85}, {"one row x 64 neurons", 0.6}}},
	// Spike input is bound by dispatch on neoverse-n1 (A57 model: 3
	// micro-ops a cycle, a FADD two, an LDP three) and by the two load ports
	// on apple-m1 (Cyclone model): the LDP/LDR mix (ldpPerIter in
	// _asm/spikes.go) puts them at 0.82 and 0.85.
	"neonStepSpikes": {32, []hotLoop{{"spike input, 64 neurons, 2 bits", 0.80}}},
	// Row-major W at one row reloads and stores its 16 sums once per 8
	// inputs: 72 LDP for 128 FMLA, so it is bound by loads (0.84, 0.89 and
	// 0.79 of the peak), a little below the packed one-row loop.
	"neonStepRowMajor": {32, []hotLoop{{"row-major, 8 inputs x 64 neurons", 0.75}}},
	// Spike input with W panels reused across rows loads and stores a row's
	// 16 sum vectors per event (W stays in registers), so the sums' memory
	// traffic bounds it at half the FP peak: on neoverse-n1 (A57 model) an
	// STP of Q registers holds the store unit 4 cycles (32 an event for 16
	// FADD cycles); on neoverse-n2 the FADD and the store data share the V0
	// and V1 pipes (16 cycles: 0.50, reached); on apple-m1 (Cyclone) an STP
	// takes two load/store slots of two ((8 LDP + 8·2)/2 = 12 cycles at
	// best: 0.44). reuseLdp in _asm/reuse.go balances n1 and m1: 0.40, 0.50
	// and 0.40.
	"neonStepSpikesReuse": {16, []hotLoop{{"reuse, one row's 64 sums per event", 0.38}}},
}

// asmInsn is one disassembled instruction.
type asmInsn struct {
	addr     uint64
	op, args string
}

var (
	funcLine = regexp.MustCompile(`^[0-9a-f]+ <(.+)>:$`)
	insnLine = regexp.MustCompile(`^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$`)
	hexAddr  = regexp.MustCompile(`\b([0-9a-f]{4,})\b`)
	cycles   = regexp.MustCompile(`Total Cycles:\s+(\d+)`)
	rthru    = regexp.MustCompile(`Block RThroughput:\s+([0-9.]+)`)
)

func TestNEONHotLoopThroughput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the arm64 test binary and runs llvm-mca: not in -short")
	}
	for _, tool := range []string{"llvm-mca-16", "aarch64-linux-gnu-objdump"} {
		if _, err := exec.LookPath(tool); err != nil {
			msg := tool + " is absent (apt-get install llvm-16 binutils-aarch64-linux-gnu): NEON throughput not checked"
			if os.Getenv("SNN_REQUIRE_MCA") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "snn.test")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "test", "-c", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "arm64 build: %s", out)
	dis, err := exec.Command("aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn", bin).Output()
	require.NoError(t, err)
	funcs := kernelFuncs(string(dis))
	for fn, want := range hotLoops {
		ins, ok := funcs[fn]
		require.True(t, ok, "%s not in the disassembly", fn)
		var bodies [][]asmInsn
		for _, body := range innermostLoops(ins) {
			if countFP(body) >= want.minFP {
				bodies = append(bodies, body)
			}
		}
		require.Len(t, bodies, len(want.loops), "%s: innermost loops with ≥ %d FP instructions", fn, want.minFP)
		for i, body := range bodies {
			for _, cpu := range mcaCPUs {
				cyc, peak := mcaLoop(t, dir, cpu, body)
				t.Logf("%s %s (%d FP) %s: %.2f cycles/iteration, FP peak %.2f -> %.2f",
					fn, want.loops[i].name, countFP(body), cpu, cyc, peak, peak/cyc)
				require.GreaterOrEqual(t, peak/cyc, want.loops[i].min, "%s %s on %s", fn, want.loops[i].name, cpu)
			}
		}
	}
}

// kernelFuncs splits objdump output into the instructions of the neon*
// functions, keyed by the name without package and ABI suffix.
func kernelFuncs(dis string) map[string][]asmInsn {
	funcs := map[string][]asmInsn{}
	cur := ""
	for line := range strings.Lines(dis) {
		line = strings.TrimRight(line, "\n")
		if m := funcLine.FindStringSubmatch(line); m != nil {
			cur = ""
			if parts := strings.Split(m[1], "."); len(parts) >= 2 && strings.HasPrefix(parts[len(parts)-2], "neon") {
				cur = parts[len(parts)-2]
			}
			continue
		}
		if m := insnLine.FindStringSubmatch(line); cur != "" && m != nil {
			addr, _ := strconv.ParseUint(m[1], 16, 64)
			args, _, _ := strings.Cut(m[3], "//")
			args, _, _ = strings.Cut(args, "<")
			funcs[cur] = append(funcs[cur], asmInsn{addr, m[2], strings.TrimSpace(args)})
		}
	}
	return funcs
}

// isBranch reports whether op is a conditional or unconditional branch.
func isBranch(op string) bool {
	switch op {
	case "b", "cbz", "cbnz", "tbz", "tbnz":
		return true
	}
	return strings.HasPrefix(op, "b.")
}

// innermostLoops returns the bodies (target to backward branch) of the
// loops that contain no other loop.
func innermostLoops(ins []asmInsn) [][]asmInsn {
	at := map[uint64]int{}
	for k, in := range ins {
		at[in.addr] = k
	}
	var loops [][2]int
	for k, in := range ins {
		if !isBranch(in.op) || in.op == "b" {
			continue
		}
		args := strings.Split(in.args, ",")
		m := hexAddr.FindStringSubmatch(args[len(args)-1])
		if m == nil {
			continue
		}
		tgt, _ := strconv.ParseUint(m[1], 16, 64)
		if s, ok := at[tgt]; ok && tgt < in.addr {
			loops = append(loops, [2]int{s, k})
		}
	}
	var bodies [][]asmInsn
	for _, l := range loops {
		inner := true
		for _, o := range loops {
			if o != l && l[0] <= o[0] && o[1] <= l[1] {
				inner = false
			}
		}
		if inner {
			bodies = append(bodies, ins[l[0]:l[1]+1])
		}
	}
	return bodies
}

// fpOps are the floating-point arithmetic instructions a loop is timed by.
var fpOps = map[string]bool{"fmla": true, "fadd": true, "fsub": true, "fmul": true, "fmax": true, "fmin": true}

func countFP(body []asmInsn) int {
	n := 0
	for _, in := range body {
		if fpOps[in.op] {
			n++
		}
	}
	return n
}

// mcaLoop returns llvm-mca's cycles per iteration of body on cpu and the
// model's FP peak for it: the block throughput of its FP instructions alone.
func mcaLoop(t *testing.T, dir, cpu string, body []asmInsn) (cyc, peak float64) {
	var all, fp strings.Builder
	for _, in := range body {
		if isBranch(in.op) {
			continue
		}
		line := in.op + " " + in.args + "\n"
		all.WriteString(line)
		if fpOps[in.op] {
			fp.WriteString(line)
		}
	}
	const iterations = 200
	m := cycles.FindStringSubmatch(runMCA(t, dir, cpu, all.String(), iterations))
	require.NotNil(t, m, "llvm-mca gave no cycle count")
	total, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	m = rthru.FindStringSubmatch(runMCA(t, dir, cpu, fp.String(), 1))
	require.NotNil(t, m, "llvm-mca gave no block throughput")
	peak, err = strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	return total / iterations, peak
}

// runMCA runs llvm-mca-16 on the assembly src for cpu.
func runMCA(t *testing.T, dir, cpu, src string, iterations int) string {
	f := filepath.Join(dir, "loop.s")
	require.NoError(t, os.WriteFile(f, []byte(src), 0o644))
	out, err := exec.Command("llvm-mca-16", "-mtriple=aarch64", "-mcpu="+cpu,
		"-iterations="+strconv.Itoa(iterations), f).CombinedOutput()
	require.NoError(t, err, "llvm-mca: %s", out)
	return string(out)
}
