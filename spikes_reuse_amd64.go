//go:build gc && !purego

package snn

// avx2StepSpikesReuse is avx2StepSpikes for 1 to 64 rows over full
// 64-neuron panels (out a multiple of 64), reading each W panel once for
// all rows: masks[i] (In words) holds the rows whose input i is set, acc
// is scratch of rows×64 floats. Needs the AVX2 constants (forAVX2).
//
//go:noescape
func avx2StepSpikesReuse(a *stepArgs, masks *uint64, acc *float32)

// reuseAVX2 names avx2StepSpikesReuse, the reuse kernel of amd64
// (spikes_reuse.go).
const reuseAVX2 reuseKernel = 0

// run calls avx2StepSpikesReuse, the only reuse kernel of amd64: directly,
// so that masks and acc stay on the caller's stack.
func (reuseKernel) run(a *stepArgs, masks *uint64, acc *float32) { avx2StepSpikesReuse(a, masks, acc) }
