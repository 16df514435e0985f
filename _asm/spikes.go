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
// iteration so the address work of one overlaps the loads of the other.
func spikeSums(a *asm, p string, groups int) {
	zero(a, 0, 4*groups)
	a.ins("MOVD $0, COUNT")
	wordHead(a, p+"word", p+"sumsdone", p+"nextword", "WPTR")
	a.label(p + "pair")
	lowestInput(a, "WIN")
	a.ins("SUB $1, BITS, TMP", "AND TMP, BITS, BITS // clear the lowest set bit", "CBZ BITS, "+p+"last")
	lowestInput(a, "WIN2")
	a.ins("SUB $1, BITS, TMP", "AND TMP, BITS, BITS")
	addWRows(a, groups, "WIN", "WIN2")
	a.ins("CBNZ BITS, "+p+"pair", "B "+p+"nextword")
	a.label(p + "last")
	addWRows(a, groups, "WIN")
	nextWord(a, p+"nextword", p+"word")
	a.label(p + "sumsdone")
}

var ldpPerIter = 4

// addWRows adds the W rows at wins (ascending inputs) to the sums of
// groups 16-neuron groups, through V16+4s…V19+4s for the row at wins[s]
// (the first ldpPerIter pairs of registers by LDP, the others by LDR: the
// mix suits both cores that split LDP into more micro-ops and cores with
// few load ports). The loads of group g+1 are interleaved with the adds of
// group g, each right after the last add that reads its registers, so a
// core that dispatches a few micro-ops per cycle can pair them.
func addWRows(a *asm, groups int, wins ...string) {
	type load struct {
		ins   string
		after int // index of the add of the group before that last reads its registers
	}
	loads := make([][]load, groups)
	pairs := 0
	for g := range groups {
		for s, win := range wins {
			for q := 0; q < 4; q++ {
				w := fmt.Sprintf(" // W[i, j0+%d:j0+%d]", 16*g+4*q, 16*g+4*q+4)
				r := 16 + 4*s + q
				if q%2 == 0 && pairs < ldpPerIter {
					pairs++
					loads[g] = append(loads[g], load{fmt.Sprintf("FLDPQ %d(%s), (F%d, F%d)", 64*g+16*q, win, r, r+1) + w, 4*s + q + 1})
					q++
				} else {
					loads[g] = append(loads[g], load{fmt.Sprintf("FMOVQ %d(%s), F%d", 64*g+16*q, win, r) + w, 4*s + q})
				}
			}
		}
	}
	for _, l := range loads[0] {
		a.ins(l.ins)
	}
	for g := range groups {
		for s := range wins {
			for q := range 4 {
				a.ins(fadd(4*g+q, 4*g+q, 16+4*s+q) + " (acc += W[i, j])")
				for _, l := range loads[min(g+1, groups-1)] {
					if g+1 < groups && l.after == 4*s+q {
						a.ins(l.ins)
					}
				}
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
