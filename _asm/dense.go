package main

var xRegs = []string{"X0", "X1", "X2", "X3"}

const denseDoc = `
rows4 := rows &^ 3
for j0 := 0; j0+16 <= out; j0 += 16 { // full panels of 16 neurons
	for r := 0; r < rows4; r += 4 { // 4-row tile, 16 accumulators
		acc := [4][16]float32{}
		for k := range in { for q := range 4 { acc[q] = fma(x[r+q][k], W[k][j0:j0+16], acc[q]) } }
		for q := range 4 { spikes[r+q][j0/16] = fire(acc[q], v[r+q][j0:j0+16]) }
	}
}
for r := rows4; r < rows; r++ { // the rows a tile leaves (all of them at B < 4)
	j0 := 0
	for ; j0+64 <= out; j0 += 64 { … the same for 1 row × 64 neurons, 16 accumulators }
	for ; j0+16 <= out; j0 += 16 { … 1 row × 16 neurons }
}
if out%16 != 0 { denseTail(out &^ 15) }
Both tiles take the inputs 4 at a time (FMLA by element), then 2 and 1.
denseTail: per row, per neuron j: acc = fma(x[r][k], W[k][j], acc) over k with
scalar FMADDS into scratch[j-j0], then the epilogue on padded copies.`

// stepDense writes neonStepDense: Step for ASIMD.
func stepDense(a *asm) {
	a.text("neonStepDense", "stepArgs", denseDoc)
	loadStepConsts(a)
	a.ins("MOVD stepArgs_in(ARGS), NIN", "MOVD stepArgs_wRow(ARGS), WROW", "MOVD $0, J0")
	a.label("dpanel")
	a.ins("MOVD stepArgs_out(ARGS), REM", "SUB J0, REM, REM // rem", "CMP $16, REM", "BLT drest", "MOVD $0, ROW")
	denseTile4(a)
	nextPanel(a, "dnextpanel", "dpanel")
	denseRest(a)
	denseTail(a)
	a.label("ddone")
	a.ins("RET")
}

// denseTile4 does rows r..r+3 of a full panel while 4 rows are left.
func denseTile4(a *asm) {
	a.label("drows4")
	a.ins("MOVD stepArgs_rows(ARGS), TMP", "SUB ROW, TMP, TMP", "CMP $4, TMP", "BLT dnextpanel")
	for q, x := range xRegs {
		xRow(a, x, q)
	}
	panelW(a, "stepArgs")
	tile{p: "dt", rows: 4, groups: 1, xs: xRegs}.sums(a)
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

// denseRest does the rows the 4-row tiles leave, one at a time: 64 neurons
// (16 accumulators) while 64 are left, then 16.
func denseRest(a *asm) {
	a.label("drest")
	a.ins("MOVD stepArgs_rows(ARGS), ROW", "LSR $2, ROW, ROW", "LSL $2, ROW, ROW // rows &^ 3")
	rowHead(a, "drow", "dtail")
	a.ins("MOVD $0, J0")
	a.label("drow64")
	a.ins("MOVD stepArgs_out(ARGS), REM", "SUB J0, REM, REM", "CMP $64, REM", "BLT drow16")
	xRow(a, "X0", 0)
	panelW(a, "stepArgs")
	tile{p: "dw", rows: 1, groups: 4, xs: xRegs[:1]}.sums(a)
	fireGroups(a, 4)
	a.ins("ADD $64, J0, J0", "B drow64")
	a.label("drow16")
	a.ins("CMP $16, REM", "BLT drownext")
	xRow(a, "X0", 0)
	panelW(a, "stepArgs")
	tile{p: "dn", rows: 1, groups: 1, xs: xRegs[:1]}.sums(a)
	fireGroups(a, 1)
	a.ins("ADD $16, J0, J0", "SUB $16, REM, REM", "B drow16")
	a.label("drownext")
	a.ins("ADD $1, ROW, ROW", "B drow")
}

// denseTail does the partial last panel: REM = out%16 neurons, one row and
// one neuron at a time with scalar FMADDS (F0 = F0 + x·w) into
// scratch[0:REM].
func denseTail(a *asm) {
	a.label("dtail")
	a.ins("MOVD stepArgs_out(ARGS), REM", "AND $15, REM, REM", "CBZ REM, ddone",
		"MOVD stepArgs_out(ARGS), J0", "SUB REM, J0, J0 // out &^ 15", "MOVD $0, ROW")
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
