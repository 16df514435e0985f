package main

var xRegs = []string{"X0", "X1", "X2", "X3"}

const denseDoc = `
for j0 := 0; j0 < out; j0 += 16 { // panels of 16 neurons
	if out-j0 < 16 { denseTail(j0); return }
	r := 0
	for ; r+4 <= rows; r += 4 { // 4-row tile, 16 accumulators
		acc := [4][16]float32{}
		for k := range in { for q := range 4 { acc[q] = fma(x[r+q][k], W[k][j0:j0+16], acc[q]) } }
		for q := range 4 { spikes[r+q][j0/16] = fire(acc[q], v[r+q][j0:j0+16]) }
	}
	for ; r < rows; r++ { … one row at a time, the same … }
}
denseTail: per row, per neuron j: acc = fma(x[r][k], W[k][j], acc) over k with
scalar FMADDS into scratch[j-j0], then the epilogue on padded copies.`

// stepDense writes neonStepDense: Step for ASIMD.
func stepDense(a *asm) {
	a.text("neonStepDense", "stepArgs", denseDoc)
	loadStepConsts(a)
	a.ins("MOVD stepArgs_in(ARGS), NIN", "MOVD stepArgs_wRow(ARGS), WROW", "MOVD $0, J0")
	panelHead(a, "dpanel", "ddone")
	a.ins("CMP $16, REM", "BLT dtail", "MOVD $0, ROW")
	denseTile4(a)
	denseRow1(a)
	nextPanel(a, "dnextpanel", "dpanel")
	denseTail(a)
	a.label("ddone")
	a.ins("RET")
}

// denseTile4 does rows r..r+3 of a full panel while 4 rows are left.
func denseTile4(a *asm) {
	a.label("drows4")
	a.ins("MOVD stepArgs_rows(ARGS), TMP", "SUB ROW, TMP, TMP", "CMP $4, TMP", "BLT drows1")
	for q, x := range xRegs {
		xRow(a, x, q)
	}
	panelW(a, "stepArgs")
	zero(a, 0, 16)
	a.ins("MOVD NIN, COUNT", "CBZ COUNT, dfire4")
	a.label("dloop4")
	a.ins("VLD1 (WPTR), "+vlist(16, "S4")+" // W[k, j0:j0+16]", "ADD WROW, WPTR, WPTR")
	for q, x := range xRegs {
		a.f("VLD1R.P 4(%s), [V%d.S4] // x[r+%d, k]", x, 20+q, q)
	}
	for r := range 4 {
		for q := range 4 {
			a.f("VFMLA V%d.S4, V%d.S4, V%d.S4", 16+q, 20+r, 4*r+q)
		}
	}
	a.ins("SUBS $1, COUNT, COUNT", "BNE dloop4")
	a.label("dfire4")
	rowPtrs(a)
	for r := range 4 {
		if r > 0 {
			nextRowPtrs(a)
		}
		fire(a, 4*r)
		a.ins("MOVH TMP, (SPTR)")
	}
	a.ins("ADD $4, ROW, ROW", "B drows4")
}

// denseRow1 does the rows a 4-row tile leaves, one at a time.
func denseRow1(a *asm) {
	rowHead(a, "drows1", "dnextpanel")
	xRow(a, "X0", 0)
	panelW(a, "stepArgs")
	zero(a, 0, 4)
	a.ins("MOVD NIN, COUNT", "CBZ COUNT, dfire1")
	a.label("dloop1")
	a.ins("VLD1 (WPTR), "+vlist(16, "S4"), "ADD WROW, WPTR, WPTR", "VLD1R.P 4(X0), [V20.S4]")
	a.each4("VFMLA V%d.S4, V20.S4, V%d.S4", 16, 0)
	a.ins("SUBS $1, COUNT, COUNT", "BNE dloop1")
	fireRow(a, "dfire1", "drows1")
}

// denseTail does the partial last panel: REM < 16 neurons, one row and one
// neuron at a time with scalar FMADDS (F0 = F0 + x·w) into scratch[0:REM].
func denseTail(a *asm) {
	a.label("dtail")
	a.ins("MOVD $0, ROW")
	rowHead(a, "dtailrow", "ddone")
	panelW(a, "stepArgs")
	a.ins("MOVD $0, IDX // j - j0")
	a.label("dtailneuron")
	xRow(a, "X0", 0)
	a.ins("ADD IDX<<2, WPTR, WCOL // &W[0, j]", "FMOVS ZR, F0", "MOVD NIN, COUNT", "CBZ COUNT, dtailstore")
	a.label("dtailloop")
	a.ins("FMOVS (X0), F1", "FMOVS (WCOL), F2", "ADD $4, X0, X0", "ADD WROW, WCOL, WCOL",
		"FMADDS F2, F0, F1, F0 // acc = fma(x[k], W[k, j], acc)", "SUBS $1, COUNT, COUNT", "BNE dtailloop")
	tailStore(a, "dtail", "dtailneuron", "dtailrow")
}
