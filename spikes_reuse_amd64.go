//go:build gc && !purego

package snn

// avx2StepSpikesReuse is avx2StepSpikes for 1 to 64 rows over full
// 64-neuron panels (out a multiple of 64), reading each W panel once for
// all rows: masks[i] (In words) holds the rows whose input i is set, acc
// is scratch of rows×64 floats. Needs the AVX2 constants (forAVX2).
//
//go:noescape
func avx2StepSpikesReuse(a *stepArgs, masks *uint64, acc *float32)

// runReuseKernel is amd64's reuse kernel for spikesReuse (spikes_reuse.go).
func runReuseKernel(a *stepArgs, masks *uint64, acc *float32) { avx2StepSpikesReuse(a, masks, acc) }
