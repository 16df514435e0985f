// Package spikebits holds the check of packed spike rows shared by the
// kernels (which panic) and the checked APIs (which return errors).
package spikebits

// FirstRowBeyond returns the first of rows rows of packed bits,
// (n+63)/64 words each, with a bit set at or beyond n, or -1 if none has.
func FirstRowBeyond(bits []uint64, rows, n int) int {
	if n&63 == 0 {
		return -1
	}
	words := (n + 63) >> 6
	mask := ^uint64(0) << (uint(n) & 63)
	for r := 0; r < rows; r++ {
		if bits[r*words+words-1]&mask != 0 {
			return r
		}
	}
	return -1
}
