package snn

// Packed holds a weight matrix W (In×Out) in panels of 64 neurons: the 64
// weights of one spike word are contiguous for every input, so the
// assembly kernels stream a panel with unit stride and no cache-set
// conflicts, whatever Out is. Layers and batches keep their weights packed
// and learn in place; the slice API (Step, Learn, …) takes row-major W.
//
// Element (i, j) is at (j/64)·In·64 + i·64 + j%64 of the data; the last
// panel is padded with zeros to 64 neurons, which kernels never read into a
// result nor write.
type Packed struct {
	in, out int
	data    []float32
}

// NewPacked returns zero weights of in inputs and out neurons, packed.
func NewPacked(in, out int) *Packed {
	if in < 0 || out < 0 {
		panic("snn.NewPacked: negative size")
	}
	return &Packed{in: in, out: out, data: make([]float32, in*64*Words(out))}
}

// In returns the number of inputs.
func (p *Packed) In() int { return p.in }

// Out returns the number of neurons.
func (p *Packed) Out() int { return p.out }

func (p *Packed) view() weights {
	return weights{data: p.data, rowStride: 64, panelStride: 64 * p.in, packed: true, packedIn: p.in, packedOut: p.out}
}

// At returns W[i, j].
func (p *Packed) At(i, j int) float32 {
	if uint(i) >= uint(p.in) || uint(j) >= uint(p.out) {
		panic("snn.Packed.At: index out of range")
	}
	return p.data[p.view().index(i, j)]
}

// Set copies the row-major w (In×Out, w[i*Out+j]) into p. It panics if
// len(w) != In*Out.
func (p *Packed) Set(w []float32) {
	checkLen("Packed.Set", "w", len(w), p.in*p.out, "in*out")
	v := p.view()
	for i := 0; i < p.in; i++ {
		for j0 := 0; j0 < p.out; j0 += 64 {
			copy(v.row(i, j0, min(64, p.out-j0)), w[i*p.out+j0:])
		}
	}
}

// Get copies W into dst in row-major order (grown if it is too short) and
// returns it.
func (p *Packed) Get(dst []float32) []float32 {
	if n := p.in * p.out; cap(dst) >= n {
		dst = dst[:n]
	} else {
		dst = make([]float32, n)
	}
	v := p.view()
	for i := 0; i < p.in; i++ {
		for j0 := 0; j0 < p.out; j0 += 64 {
			copy(dst[i*p.out+j0:], v.row(i, j0, min(64, p.out-j0)))
		}
	}
	return dst
}

// StepPacked is Step with packed weights (w.In() == s.In, w.Out() == s.Out).
func StepPacked(n Neuron, s Shape, x []float32, w *Packed, v []float32, spikes []uint64) {
	stepWith(active.Load(), n, s, x, w.view(), v, spikes, allColumns(s))
}

// StepSpikesPacked is StepSpikes with packed weights.
func StepSpikesPacked(n Neuron, s Shape, x []uint64, w *Packed, v []float32, spikes []uint64) {
	stepSpikesWith(active.Load(), n, s, x, w.view(), v, spikes, allColumns(s))
}

// LearnPacked is Learn on packed weights, updated in place.
func LearnPacked(h Hebbian, s Shape, x []float32, spikes []uint64, w *Packed) {
	learnWith(active.Load(), h, s, x, spikes, w.view(), allColumns(s))
}

// LearnSpikesPacked is LearnSpikes on packed weights, updated in place.
func LearnSpikesPacked(h Hebbian, s Shape, x []uint64, spikes []uint64, w *Packed) {
	learnSpikesWith(active.Load(), h, s, x, spikes, w.view(), allColumns(s))
}

// LearnPackedColumns is LearnPacked restricted to the neurons [j0, j1):
// j0 a multiple of 64, and j1 a multiple of 64 or s.Out. Calls on disjoint
// ranges touch disjoint weights and may run concurrently; together they
// give exactly the bits of one LearnPacked. (Package batch splits learning
// across cores this way: never by rows, whose counts are summed.)
func LearnPackedColumns(h Hebbian, s Shape, x []float32, spikes []uint64, w *Packed, j0, j1 int) {
	learnWith(active.Load(), h, s, x, spikes, w.view(), colRange{j0, j1})
}

// LearnSpikesPackedColumns is LearnSpikesPacked restricted to the neurons
// [j0, j1), as LearnPackedColumns.
func LearnSpikesPackedColumns(h Hebbian, s Shape, x []uint64, spikes []uint64, w *Packed, j0, j1 int) {
	learnSpikesWith(active.Load(), h, s, x, spikes, w.view(), colRange{j0, j1})
}

// StepPackedColumns is StepPacked restricted to the neurons [j0, j1): j0 a
// multiple of 64, j1 a multiple of 64 or s.Out; v and spikes hold all
// neurons (Rows×Out and Rows×Words(Out)) and only the range's states and
// spike words change. Calls on disjoint ranges may run concurrently;
// together they give exactly the bits of one StepPacked. (Package batch
// splits a step across cores this way and by rows.)
func StepPackedColumns(n Neuron, s Shape, x []float32, w *Packed, v []float32, spikes []uint64, j0, j1 int) {
	stepWith(active.Load(), n, s, x, w.view(), v, spikes, colRange{j0, j1})
}

// StepSpikesPackedColumns is StepSpikesPacked restricted to the neurons
// [j0, j1), as StepPackedColumns.
func StepSpikesPackedColumns(n Neuron, s Shape, x []uint64, w *Packed, v []float32, spikes []uint64, j0, j1 int) {
	stepSpikesWith(active.Load(), n, s, x, w.view(), v, spikes, colRange{j0, j1})
}
