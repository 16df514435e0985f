package main

import (
	"fmt"
	"strings"
)

// asm collects the lines of an assembly file.
type asm struct{ b strings.Builder }

// raw writes lines as they are (headers, comments at column 0, blank lines).
func (a *asm) raw(lines ...string) {
	for _, l := range lines {
		a.b.WriteString(l)
		a.b.WriteByte('\n')
	}
}

// ins writes instructions indented by a tab; a line ending in ':' is a
// label and stays at column 0.
func (a *asm) ins(lines ...string) {
	for _, l := range lines {
		if strings.HasSuffix(l, ":") {
			a.raw(l)
		} else {
			a.raw("\t" + l)
		}
	}
}

// f writes one formatted instruction.
func (a *asm) f(format string, args ...any) { a.ins(fmt.Sprintf(format, args...)) }
