package batch

// SetInlineFLOPs sets the work below which steps run inline, for
// benchmarks that place it, and returns a function restoring it.
func SetInlineFLOPs(n int) (restore func()) {
	old := inlineFLOPs
	inlineFLOPs = n
	return func() { inlineFLOPs = old }
}
