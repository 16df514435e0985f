package batch

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Pool is a set of persistent worker goroutines that run the tiles of a
// step. Batches and networks share one; a step costs no goroutine spawn
// and no allocation. A Pool runs one step at a time (steps from several
// goroutines queue up); it is safe for concurrent use. The zero Pool has
// no workers: it runs every step on the calling goroutine.
type Pool struct {
	threads int
	mu      sync.Mutex // one run at a time
	wake    chan struct{}
	done    chan struct{} // a token when the last helper of a run finishes
	pending atomic.Int64  // helpers of the current run still working
	next    atomic.Int64
	tasks   int64
	job     tiler
	closed  bool
}

// tiler runs tile i of the current step.
type tiler interface{ runTile(i int) }

// NewPool starts a pool of threads workers (the calling goroutine counts
// as one); threads ≤ 0 means runtime.GOMAXPROCS(0).
func NewPool(threads int) *Pool {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	p := &Pool{threads: threads, wake: make(chan struct{}, threads), done: make(chan struct{}, 1)}
	for range threads - 1 {
		go p.worker()
	}
	return p
}

var defaultPool = sync.OnceValue(func() *Pool { return NewPool(0) })

// DefaultPool returns the pool used when no other is given: GOMAXPROCS
// threads at its first use. It is never closed.
func DefaultPool() *Pool { return defaultPool() }

// Threads returns the number of threads the pool runs a step on (1 for
// the zero Pool).
func (p *Pool) Threads() int { return max(1, p.threads) }

// Close stops the workers; later steps run on the calling goroutine only.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		if p.wake != nil { // the zero Pool has no workers to stop
			close(p.wake)
		}
	}
}

// spinFor is how long an idle worker polls for the next tile before it
// blocks. Waking a blocked thread costs tens of microseconds (more in a
// virtual machine, whose idle vCPU the host may put to sleep), and a step
// of a network hands work to the workers several times (each layer's step
// and learning); measured here, without spinning, a learning phase of
// 250 µs took 2× longer on two threads than on one.
const spinFor = 200 * time.Microsecond

func (p *Pool) worker() {
	for {
		if !p.await() {
			return
		}
		p.work()
		if p.pending.Add(-1) == 0 {
			select {
			case p.done <- struct{}{}:
			default: // a token is already there
			}
		}
	}
}

// await waits for a wake-up: it polls the channel for spinFor, then
// blocks. It returns false once the pool is closed.
func (p *Pool) await() bool {
	deadline := time.Now().Add(spinFor)
	for i := 0; ; i++ {
		select {
		case _, ok := <-p.wake:
			return ok
		default:
		}
		if i%64 == 63 && time.Now().After(deadline) {
			break
		}
	}
	_, ok := <-p.wake
	return ok
}

func (p *Pool) work() {
	for {
		i := p.next.Add(1) - 1
		if i >= p.tasks {
			return
		}
		p.job.runTile(int(i))
	}
}

// run runs tiles 0 … tiles−1 of job, on as many threads as there are
// tiles, and returns when all are done. Tiles are taken in order by
// whichever thread is free, so the results must not depend on which runs
// where (they never do here: tiles touch disjoint rows or neurons).
func (p *Pool) run(tiles int, job tiler) {
	if tiles <= 1 || p.Threads() == 1 {
		for i := range tiles {
			job.runTile(i)
		}
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for i := range tiles {
			job.runTile(i)
		}
		return
	}
	p.job, p.tasks = job, int64(tiles)
	p.next.Store(0)
	helpers := min(p.threads-1, tiles-1)
	p.pending.Store(int64(helpers))
	for range helpers {
		p.wake <- struct{}{}
	}
	p.work()
	p.wait()
	p.job = nil
}

// wait returns when every helper of the run has finished: it polls for
// spinFor, as the workers do (blocking costs a wait record that the
// runtime allocates when a goroutine blocks on one thread and wakes on
// another), then blocks on done. A token left by an earlier run, when the
// caller saw the count reach zero first, only costs one more look at it.
func (p *Pool) wait() {
	deadline := time.Now().Add(spinFor)
	for i := 0; p.pending.Load() != 0; i++ {
		if i%64 == 63 {
			if time.Now().After(deadline) {
				for p.pending.Load() != 0 {
					<-p.done
				}
				return
			}
			runtime.Gosched()
		}
	}
}
