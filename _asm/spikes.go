package main

import "fmt"

const spikesDoc = `
for j0 := 0; j0 < out; j0 += 16 { // panels of 16 neurons (64 side by side while 64 are left: 16 accumulators)
	for r := range rows {
		acc := [16]float32{} // one lane per neuron; a partial panel: scalar, one neuron at a time
		for w, word := range x[r] { // Words(in) words of input spikes
			for ; word != 0; word &= word - 1 { // ascending: RBIT+CLZ
				i := 64*w + bits.TrailingZeros64(word)
				acc = acc + W[i][j0:j0+16] // fadd (FADDS)
			}
		}
		spikes[r][j0/16] = fire(acc, v[r][j0:j0+16])
	}
}`

// stepSpikes writes neonStepSpikes: StepSpikes for ASIMD.
func stepSpikes(a *asm) {
	a.text("neonStepSpikes", "stepArgs", spikesDoc)
	loadStepConsts(a)
	a.ins("MOVD stepArgs_in(ARGS), NIN", "ADD $63, NIN, NIN", "LSR $6, NIN, NIN // Words(in)",
		"MOVD stepArgs_wRow(ARGS), WROW", "MOVD $0, J0")
	panelHead(a, "spanel", "sdone")
	a.ins("MOVD $0, ROW", "CMP $64, REM", "BLT srow")
	spikesWide(a)
	rowHead(a, "srow", "snextpanel")
	xRow(a, "X0", 0)
	panelW(a, "stepArgs")
	a.ins("CMP $16, REM", "BLT stail")
	spikesPanel(a)
	spikesTail(a)
	nextPanel(a, "snextpanel", "spanel")
	a.label("sdone")
	a.ins("RET")
}

// wordHead loads input word COUNT into BITS (label p) and BASE =
// w + 64·COUNT·WROW, the W row of its bit 0; it goes to exit after the last
// word, to next if the word is zero.
func wordHead(a *asm, p, exit, next, w string) {
	a.label(p)
	a.ins("CMP NIN, COUNT", "BGE "+exit, "MOVD (X0)(COUNT<<3), BITS", "CBZ BITS, "+next,
		"LSL $6, COUNT, BASE", "MUL WROW, BASE, BASE", "ADD "+w+", BASE, BASE // &W[64·word, j]")
}

// lowestInput sets win = &W[i, j] for i the lowest set bit of BITS.
func lowestInput(a *asm, win string) {
	a.ins("RBIT BITS, "+win, fmt.Sprintf("CLZ %s, %s // lowest set bit", win, win),
		fmt.Sprintf("MADD WROW, BASE, %s, %s // &W[i, j]", win, win))
}

// nextBit clears the lowest set bit of BITS and loops to p while any is left.
func nextBit(a *asm, p string) {
	a.ins("SUB $1, BITS, WIN", "AND WIN, BITS, BITS // clear the lowest set bit", "CBNZ BITS, "+p)
}

// nextWord moves COUNT to the next word (label p) and loops to head.
func nextWord(a *asm, p, head string) {
	a.label(p)
	a.ins("ADD $1, COUNT, COUNT", "B "+head)
}

// spikesPanel does row r of a full panel with four vectors of sums.
func spikesPanel(a *asm) {
	spikeSums(a, "s", 1)
	fireGroups(a, 1)
	a.ins("ADD $1, ROW, ROW", "B srow")
}

// spikesWide does 64 neurons (four panels) of every row, then moves j0 on
// by 64 and goes back to the panel head.
func spikesWide(a *asm) {
	rowHead(a, "swrow", "swnext")
	xRow(a, "X0", 0)
	panelW(a, "stepArgs")
	spikeSums(a, "sw", 4)
	fireGroups(a, 4)
	a.ins("ADD $1, ROW, ROW", "B swrow")
	a.label("swnext")
	a.ins("ADD $64, J0, J0", "B spanel")
}

// spikeSums adds W[i, j0:j0+16·groups] to V0–V(4·groups−1) for every set
// input bit i of row r in ascending order (labels prefixed p), two bits per
// iteration. The loop is software-pipelined: an iteration enters with the
// addresses of its two inputs in WIN and WIN2 and works out the next pair's
// while its adds run, so the address work pairs with the adds instead of
// delaying them. After the adds, LOW = 64 (BITS was empty) ends the word,
// LOW2 = 64 (BITS held one bit) leaves one input, in WIN, for the end.
// Each sum still takes its inputs in ascending order (SPEC §2): the adds
// of a pair's second input follow those of its first, lane by lane.
func spikeSums(a *asm, p string, groups int) {
	zero(a, 0, 4*groups)
	a.ins("MOVD $0, COUNT")
	wordHead(a, p+"word", p+"sumsdone", p+"nextword", "WPTR")
	for _, op := range nextPair {
		a.ins(op.text)
	}
	a.ins("TBNZ $6, LOW2, " + p + "last // one input in the word")
	a.label(p + "pair")
	addWRows(a, groups, []string{"WIN", "WIN2"}, nextPair)
	a.ins("TBNZ $6, LOW, "+p+"nextword // no input was left", "TBZ $6, LOW2, "+p+"pair")
	a.label(p + "last")
	addWRows(a, groups, []string{"WIN"}, nil)
	nextWord(a, p+"nextword", p+"word")
	a.label(p + "sumsdone")
}

// pairOp is an instruction of the address work of the next pair; it may
// come only after every load of the W row at input after (−1: anywhere).
type pairOp struct {
	text  string
	after int
}

// nextPair takes the two lowest set bits of BITS out into LOW, LOW2 and
// sets WIN, WIN2 to their W rows.
var nextPair = []pairOp{
	{"RBIT BITS, LOW", -1}, {"CLZ LOW, LOW // lowest set bit", -1},
	{"SUB $1, BITS, TMP", -1}, {"AND TMP, BITS, BITS // clear it", -1},
	{"RBIT BITS, LOW2", -1}, {"CLZ LOW2, LOW2", -1},
	{"SUB $1, BITS, TMP", -1}, {"AND TMP, BITS, BITS", -1},
	{"MADD WROW, BASE, LOW, WIN // &W[i, j]", 0}, {"MADD WROW, BASE, LOW2, WIN2", 1},
}

// ldpPerIter is how many pairs of W registers an iteration loads by LDP,
// the first ones in load order; the other loads are LDR. LDP halves the
// load micro-ops where two load ports bind (LLVM's apple-m1 model, the
// Cyclone one: (32 − ldpPerIter)/2 cycles for two inputs' 32 loads) but is
// three micro-ops, one more dispatch slot than two LDRs, where dispatch
// binds (LLVM's neoverse-n1 model, the Cortex-A57 one: 32 + ldpPerIter
// cycles, each FADD with one single-micro-op companion). 7 puts both at
// 0.82–0.85 of the FP peak (6: 0.84 and 0.82; 8: 0.80 and 0.86).
const ldpPerIter = 7

// dispatchWidth is the micro-ops per cycle of the narrowest model the loop
// is scheduled for (LLVM's neoverse-n1: the Cortex-A57 model, where a
// 128-bit FADD is two micro-ops and an LDP of Q registers three).
const dispatchWidth = 3

// addWRows adds the W rows at wins (ascending inputs) to the sums of
// groups 16-neuron groups, W[wins[s], 16g+4q : +4] through V16+4s+q, and
// interleaves ops with them. It orders the instructions so that they fill
// the dispatch groups of dispatchWidth micro-ops: each FADD (two) goes with
// one single load or address instruction, an LDP (three) alone; every load
// comes after the add that last read its register, every add after its load.
func addWRows(a *asm, groups int, wins []string, ops []pairOp) {
	type load struct{ g, s, q, n int }
	var loads []load
	var adds [][3]int
	left := make([]int, len(wins)) // loads not yet emitted, per input
	pairs := 0
	for g := range groups {
		for s := range wins {
			for q := 0; q < 4; q++ {
				n := 1
				if q%2 == 0 && pairs < ldpPerIter {
					n = 2
					pairs++
				}
				loads = append(loads, load{g, s, q, n})
				left[s]++
				q += n - 1
			}
			for q := range 4 {
				adds = append(adds, [3]int{g, s, q})
			}
		}
	}
	loaded, added := map[[3]int]bool{}, map[[3]int]bool{}
	li, ai, oi := 0, 0, 0
	loadReady := func(n int) bool {
		if li == len(loads) || loads[li].n != n {
			return false
		}
		l := loads[li]
		for q := l.q; q < l.q+l.n; q++ {
			if l.g > 0 && !added[[3]int{l.g - 1, l.s, q}] {
				return false
			}
		}
		return true
	}
	emitLoad := func() {
		l := loads[li]
		li++
		left[l.s]--
		r, off := 16+4*l.s+l.q, 64*l.g+16*l.q
		w := fmt.Sprintf(" // W[i, j0+%d:j0+%d]", 16*l.g+4*l.q, 16*l.g+4*(l.q+l.n))
		if l.n == 2 {
			a.ins(fmt.Sprintf("FLDPQ %d(%s), (F%d, F%d)", off, wins[l.s], r, r+1) + w)
		} else {
			a.ins(fmt.Sprintf("FMOVQ %d(%s), F%d", off, wins[l.s], r) + w)
		}
		for q := l.q; q < l.q+l.n; q++ {
			loaded[[3]int{l.g, l.s, q}] = true
		}
	}
	opReady := func() bool { return oi < len(ops) && (ops[oi].after < 0 || left[ops[oi].after] == 0) }
	for ai < len(adds) || li < len(loads) || oi < len(ops) {
		slots := dispatchWidth
		if ai < len(adds) && loaded[adds[ai]] {
			g, s, q := adds[ai][0], adds[ai][1], adds[ai][2]
			a.ins(fadd(4*g+q, 4*g+q, 16+4*s+q) + " (acc += W[i, j])")
			added[adds[ai]] = true
			ai++
			slots -= 2
		}
		for slots > 0 {
			switch {
			case slots == dispatchWidth && loadReady(2):
				emitLoad()
				slots = 0
			case loadReady(1):
				emitLoad()
				slots--
			case opReady():
				a.ins(ops[oi].text)
				oi++
				slots--
			default:
				if slots == dispatchWidth {
					panic("addWRows: nothing to dispatch")
				}
				slots = 0
			}
		}
	}
}

// spikesTail does row r of the partial last panel, a neuron at a time.
func spikesTail(a *asm) {
	a.label("stail")
	a.ins("MOVD $0, IDX // j - j0")
	a.label("stailneuron")
	a.ins("ADD IDX<<2, WPTR, WCOL // &W[0, j]", "FMOVS ZR, F0", "MOVD $0, COUNT")
	wordHead(a, "stailword", "stailstore", "stailnextword", "WCOL")
	a.label("stailbit")
	lowestInput(a, "WIN")
	a.ins("FMOVS (WIN), F1", "FADDS F1, F0, F0 // acc += W[i, j]")
	nextBit(a, "stailbit")
	nextWord(a, "stailnextword", "stailword")
	tailStore(a, "stail", "stailneuron", "srow")
}
