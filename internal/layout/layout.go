// Package layout converts between the matrix layouts of torch and of this
// library: nn.Linear's weight is out×in (row j = neuron j), the kernels'
// W is in×out.
package layout

// Transpose returns the cols×rows transpose of the rows×cols row-major m.
func Transpose(m []float32, rows, cols int) []float32 {
	t := make([]float32, len(m))
	for r := range rows {
		for c := range cols {
			t[c*rows+r] = m[r*cols+c]
		}
	}
	return t
}
