package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"runtime"
	"time"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/batch"
	"github.com/spikekernel/snn/layer"
	"github.com/spikekernel/snn/npy"
)

// runFlags are the settings of snn run.
type runFlags struct {
	model, input, counts, spikes string
	steps, threads, chunk        int
}

// runCommand runs every row of the input through the model and writes the
// counts (and the spikes).
func runCommand(args []string, stderr io.Writer) error {
	var f runFlags
	fs := flag.NewFlagSet("snn run", flag.ContinueOnError)
	fs.StringVar(&f.model, "model", "", "model archive (.npz, docs/MODEL-FORMAT.md)")
	fs.StringVar(&f.input, "input", "", "input .npy, float32 N×in (constant current) or T×N×in (sequence)")
	fs.IntVar(&f.steps, "steps", 0, "time steps (required for N×in input)")
	fs.IntVar(&f.threads, "threads", runtime.GOMAXPROCS(0), "threads")
	fs.StringVar(&f.counts, "counts", "", "output .npy of spike counts, int32 N×out")
	fs.StringVar(&f.spikes, "spikes", "", "optional output .npy of spikes, uint8 T×N×out")
	fs.IntVar(&f.chunk, "chunk", 1000, "rows run at once")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	switch {
	case f.model == "" || f.input == "" || f.counts == "":
		return fmt.Errorf("%w: -model, -input and -counts are required", errUsage)
	case f.steps < 0 || f.steps > math.MaxInt32 || f.threads < 1 || f.chunk < 1:
		return fmt.Errorf("%w: -steps must be in [0, 2^31), -threads and -chunk at least 1", errUsage)
	}
	m, err := npy.LoadModel(f.model)
	if err != nil {
		return err
	}
	x, shape, err := npy.LoadFloat32(f.input)
	if err != nil {
		return err
	}
	in, out := m.Layers[0].In(), m.Layers[len(m.Layers)-1].Out()
	job, err := newRunJob(f, shape, in)
	if err != nil {
		return err
	}
	pool := batch.NewPool(f.threads)
	defer pool.Close()
	job.x, job.out = x, out
	job.counts = make([]int32, job.rows*out)
	if f.spikes != "" {
		job.record = make([]uint64, job.steps*job.rows*snn.Words(out))
	}
	start := time.Now()
	for r0 := 0; r0 < job.rows; r0 += f.chunk {
		n := min(f.chunk, job.rows-r0)
		if err := job.runChunk(m, pool, r0, n); err != nil {
			return fmt.Errorf("%s: %w", f.input, err)
		}
		if job.rows > f.chunk {
			done := r0 + n
			fmt.Fprintf(stderr, "snn: %d/%d rows (%.0f%%), %.0f rows/s\n", done, job.rows,
				100*float64(done)/float64(job.rows), float64(done)/time.Since(start).Seconds())
		}
	}
	if err := npy.SaveInt32(f.counts, job.counts, job.rows, out); err != nil {
		return err
	}
	if f.spikes != "" {
		return npy.SaveSpikes(f.spikes, job.record, job.steps, job.rows, out)
	}
	return nil
}

// runJob is a run's input, sizes and results.
type runJob struct {
	x                []float32
	steps, rows      int
	in, out          int
	constant         bool
	counts           []int32   // rows×out
	record           []uint64  // steps×rows×Words(out), nil without -spikes
	chunkIn          []float32 // scratch: a chunk of a sequence
	chunkCounts      []uint32
	chunkSpikeRecord []uint64
}

// newRunJob checks the input's shape against the model and -steps.
func newRunJob(f runFlags, shape []int, in int) (*runJob, error) {
	j := &runJob{in: in}
	switch {
	case len(shape) == 2 && shape[1] == in:
		if f.steps == 0 {
			return nil, fmt.Errorf("%w: -steps is required with N×in input", errUsage)
		}
		j.steps, j.rows, j.constant = f.steps, shape[0], true
	case len(shape) == 3 && shape[2] == in:
		if f.steps != 0 && f.steps != shape[0] {
			return nil, fmt.Errorf("%s: shape %v holds %d steps, but -steps is %d", f.input, shape, shape[0], f.steps)
		}
		if shape[0] == 0 || shape[0] > math.MaxInt32 {
			return nil, fmt.Errorf("%s: shape %v: a sequence of 1 to 2^31−1 steps is needed", f.input, shape)
		}
		j.steps, j.rows = shape[0], shape[1]
	default:
		return nil, fmt.Errorf("%s: shape %v, want (N, %d) or (T, N, %d) for the model's %d inputs", f.input, shape, in, in, in)
	}
	return j, nil
}

// runChunk runs rows r0 … r0+n−1 from the model's starting state and
// stores their counts and spikes.
func (j *runJob) runChunk(m *npy.Model, pool *batch.Pool, r0, n int) error {
	net, err := batch.NewNetwork(n, m.Layers, batch.WithPool(pool))
	if err != nil {
		return err
	}
	q := layer.Sequence{Steps: j.steps, Constant: j.constant}
	if j.constant {
		q.Dense = j.x[r0*j.in : (r0+n)*j.in]
	} else {
		j.chunkIn = j.chunkIn[:0]
		for t := range j.steps {
			base := (t*j.rows + r0) * j.in
			j.chunkIn = append(j.chunkIn, j.x[base:base+n*j.in]...)
		}
		q.Dense = j.chunkIn
	}
	j.chunkCounts = append(j.chunkCounts[:0], make([]uint32, n*j.out)...)
	rec := layer.Record{Counts: j.chunkCounts}
	words := snn.Words(j.out)
	if j.record != nil {
		j.chunkSpikeRecord = append(j.chunkSpikeRecord[:0], make([]uint64, j.steps*n*words)...)
		rec.Spikes = j.chunkSpikeRecord
	}
	if err := net.Run(q, rec); err != nil {
		return err
	}
	for i, c := range j.chunkCounts {
		j.counts[r0*j.out+i] = int32(c)
	}
	if j.record != nil {
		for t := range j.steps {
			copy(j.record[(t*j.rows+r0)*words:(t*j.rows+r0+n)*words], rec.Spikes[t*n*words:(t+1)*n*words])
		}
	}
	return nil
}
