package main

const spikesDoc = `
for j0 := 0; j0 < out; j0 += 16 { // panels of 16 neurons
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
	a.ins("MOVD $0, ROW")
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

// wordHead loads input word COUNT into BITS (label p, BASE = 64·COUNT) and
// goes to exit after the last word, to next if the word is zero.
func wordHead(a *asm, p, exit, next string) {
	a.label(p)
	a.ins("CMP NIN, COUNT", "BGE "+exit, "MOVD (X0)(COUNT<<3), BITS", "LSL $6, COUNT, BASE", "CBZ BITS, "+next)
}

// lowestInput sets WIN = &W[i, 0] + w for i the lowest set bit of BITS.
func lowestInput(a *asm, p, w string) {
	a.label(p)
	a.ins("RBIT BITS, WIN", "CLZ WIN, WIN // lowest set bit", "ADD BASE, WIN, WIN // i", "MUL WROW, WIN, WIN",
		"ADD "+w+", WIN, WIN // &W[i, j]")
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
	zero(a, 0, 4)
	a.ins("MOVD $0, COUNT")
	wordHead(a, "sword", "sfire", "snextword")
	lowestInput(a, "sbit", "WPTR")
	a.ins("VLD1 (WIN), " + vlist(16, "S4"))
	for q := range 4 {
		a.ins(fadd(q, q, 16+q) + " (acc += W[i, j])")
	}
	nextBit(a, "sbit")
	nextWord(a, "snextword", "sword")
	fireRow(a, "sfire", "srow")
}

// spikesTail does row r of the partial last panel, a neuron at a time.
func spikesTail(a *asm) {
	a.label("stail")
	a.ins("MOVD $0, IDX // j - j0")
	a.label("stailneuron")
	a.ins("ADD IDX<<2, WPTR, WCOL // &W[0, j]", "FMOVS ZR, F0", "MOVD $0, COUNT")
	wordHead(a, "stailword", "stailstore", "stailnextword")
	lowestInput(a, "stailbit", "WCOL")
	a.ins("FMOVS (WIN), F1", "FADDS F1, F0, F0 // acc += W[i, j]")
	nextBit(a, "stailbit")
	nextWord(a, "stailnextword", "stailword")
	tailStore(a, "stail", "stailneuron", "srow")
}
