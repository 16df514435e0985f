package main

import (
	"fmt"
	"strings"
)

// asm collects the lines of an assembly file.
type asm struct{ b strings.Builder }

// raw writes lines as they are: headers, comments at column 0, blank lines.
func (a *asm) raw(lines ...string) {
	for _, l := range lines {
		a.b.WriteString(l)
		a.b.WriteByte('\n')
	}
}

// ins writes instructions, each indented by a tab.
func (a *asm) ins(lines ...string) {
	for _, l := range lines {
		a.raw("\t" + l)
	}
}

// f writes one formatted instruction.
func (a *asm) f(format string, args ...any) { a.ins(fmt.Sprintf(format, args...)) }

// label starts a block at name, after a blank line.
func (a *asm) label(name string) { a.raw("", name+":") }

// comment writes an indented comment line per line of text.
func (a *asm) comment(text string) {
	for l := range strings.SplitSeq(text, "\n") {
		a.raw("\t// " + l)
	}
}

// text starts an assembly function taking one pointer a, after the doc
// comment doc (pseudo-Go, one line per line of doc); R0 = ARGS holds a.
func (a *asm) text(name, argType, doc string) { a.textArgs(name, "a *"+argType, 8, doc) }

// textArgs is text for a function whose parameters (Go syntax, the first
// one a) take argBytes bytes.
func (a *asm) textArgs(name, params string, argBytes int, doc string) {
	a.raw("", fmt.Sprintf("// func %s(%s)", name, params), "// Requires: ASIMD", "//")
	for l := range strings.SplitSeq(strings.Trim(doc, "\n"), "\n") {
		a.raw("//\t" + l)
	}
	a.raw(fmt.Sprintf("TEXT ·%s(SB), NOSPLIT, $0-%d", name, argBytes))
	a.ins("MOVD a+0(FP), ARGS")
}

// v names vector register n with arrangement arr (S4, B16).
func v(n int, arr string) string { return fmt.Sprintf("V%d.%s", n, arr) }

// vlist is the register list {Vn, …, Vn+3} with arrangement arr.
func vlist(n int, arr string) string {
	return fmt.Sprintf("[%s, %s, %s, %s]", v(n, arr), v(n+1, arr), v(n+2, arr), v(n+3, arr))
}

// each4 writes format once per vector q = 0..3 of a 16-lane group; format
// receives the registers base[0]+q, base[1]+q, … (one per base).
func (a *asm) each4(format string, base ...int) {
	for q := range 4 {
		args := make([]any, len(base))
		for i, b := range base {
			args[i] = b + q
		}
		a.f(format, args...)
	}
}
